/**
 * @module control/load-balancer/paging
 * ELBv2's pagination: PageSize (1-400, default 400 per the API reference) and an opaque Marker /
 * NextMarker, over describe.ts's offset tokens.
 */
import { InvalidNextToken, ValidationError } from '../errors.js';
import { paginate } from '../describe.js';

const DEFAULT_PAGE_SIZE = 400;

export function pageByMarker<T>(items: T[], pageSize: number | undefined, marker: string | undefined): { items: T[]; NextMarker?: string } {
  try {
    const page = paginate(items, pageSize ?? DEFAULT_PAGE_SIZE, marker);
    return { items: page.items, NextMarker: page.nextToken };
  } catch (err) {
    if (err instanceof InvalidNextToken) throw new ValidationError(`The marker '${marker}' is not valid`);
    throw err;
  }
}
