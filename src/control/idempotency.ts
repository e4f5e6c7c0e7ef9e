/**
 * @module control/idempotency
 * ClientToken idempotency of Create* calls (EC2 API reference, "Ensuring idempotency"; rules R165): the same
 * token with the same request returns the original resource, unchanged; the same token with another
 * request is IdempotentParameterMismatch.
 */
import { createHash } from 'node:crypto';
import type { Scope, StoreWriter } from '../store/store.js';
import { IdempotentParameterMismatch } from './errors.js';

function requestHash(request: unknown): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('hex');
}

/**
 * Runs `create` once per client token: a replay of the same request answers `replay(resourceId)` instead.
 * `request` is what identifies the call (its parameters, without the token).
 */
export async function idempotent<T>(
  tx: StoreWriter, scope: Scope, clientToken: string | undefined, operation: string, request: unknown,
  replay: (resourceId: string) => Promise<T | undefined>,
  create: () => Promise<{ resourceId: string; result: T }>,
): Promise<T> {
  if (clientToken === undefined) return (await create()).result;
  const hash = requestHash(request);
  const prior = await tx.getIdempotencyRecord(scope, clientToken);
  if (prior) {
    if (prior.operation !== operation || prior.requestHash !== hash) throw new IdempotentParameterMismatch();
    const replayed = await replay(prior.resourceId);
    // The resource the token made is gone: AWS treats the token as spent.
    if (replayed === undefined) throw new IdempotentParameterMismatch();
    return replayed;
  }
  const { resourceId, result } = await create();
  await tx.putIdempotencyRecord(scope, clientToken, { operation, requestHash: hash, resourceId });
  return result;
}
