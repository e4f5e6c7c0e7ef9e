/**
 * @module control/describe
 * What every Describe* operation shares: filters (`Filter.N.Name` / `Value.M`, AND across filters, OR
 * across values, `*` and `?` wildcards, `tag:<key>` and `tag-key`) and MaxResults/NextToken pagination.
 */
import type { Scope, StoreReader, Tag } from '../store/store.js';
import { InvalidFilter, InvalidNextToken, notFound } from './errors.js';

export interface Filter {
  Name?: string;
  Values?: string[];
}

type FilterValue = string | number | boolean | undefined | null;
/** filter name -> the values an item has for it */
export type FilterDefs<T> = Record<string, (item: T) => FilterValue | readonly FilterValue[]>;

export interface Tagged<T> {
  item: T;
  tags: Tag[];
}

function wildcard(pattern: string): (v: string) => boolean {
  if (!/[*?]/.test(pattern)) return (v) => v === pattern;
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');
  return (v) => re.test(v);
}

/** Keeps the items that match every filter; unknown filter names are InvalidFilter, as AWS answers. */
export function applyFilters<T>(items: Tagged<T>[], filters: readonly Filter[] | undefined, defs: FilterDefs<T>): Tagged<T>[] {
  if (!filters || filters.length === 0) return items;
  const tests = filters.map((f) => {
    const name = f.Name ?? '';
    const matchers = (f.Values ?? []).map(wildcard);
    const any = (values: readonly FilterValue[]) =>
      values.some((v) => v !== undefined && v !== null && matchers.some((m) => m(String(v))));
    if (name.startsWith('tag:')) {
      const key = name.slice(4);
      return (t: Tagged<T>) => any(t.tags.filter((tag) => tag.Key === key).map((tag) => tag.Value));
    }
    if (name === 'tag-key') return (t: Tagged<T>) => any(t.tags.map((tag) => tag.Key));
    if (name === 'tag-value') return (t: Tagged<T>) => any(t.tags.map((tag) => tag.Value));
    const def = defs[name];
    if (!def) throw new InvalidFilter(name);
    return (t: Tagged<T>) => {
      const v = def(t.item);
      return any(Array.isArray(v) ? v : [v as FilterValue]);
    };
  });
  return items.filter((t) => tests.every((test) => test(t)));
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** Tokens are opaque to clients; inside, the offset of the next item. */
export function paginate<T>(items: T[], maxResults: number | undefined, nextToken: string | undefined): Page<T> {
  let start = 0;
  if (nextToken !== undefined) {
    const m = /^o(\d+)$/.exec(Buffer.from(nextToken, 'base64url').toString());
    if (!m) throw new InvalidNextToken(nextToken);
    start = Number(m[1]);
  }
  if (maxResults === undefined) return { items: items.slice(start) };
  const end = start + maxResults;
  const page: Page<T> = { items: items.slice(start, end) };
  if (end < items.length) page.nextToken = Buffer.from(`o${end}`).toString('base64url');
  return page;
}


/** The resources a Describe call names by id (each must exist in the caller's account), else all of the type. */
export async function selectResources<T>(tx: StoreReader, scope: Scope, type: string, ids: readonly string[] | undefined): Promise<T[]> {
  if (!ids?.length) return (await tx.listResources<T>(scope, type)).map((r) => r.data);
  const out: T[] = [];
  for (const id of ids) {
    const r = await tx.getResource<T>(scope, id);
    if (!r || r.type !== type) throw notFound(type, id);
    out.push(r.data);
  }
  return out;
}

export interface DescribeInput {
  Filters?: Filter[];
  MaxResults?: number;
  NextToken?: string;
}

/** The common tail of Describe* calls: join each item's tags, apply the filters, cut one page. */
export async function filterAndPage<T>(
  tx: StoreReader, scope: Scope, items: readonly T[], idOf: (item: T) => string, input: DescribeInput, defs: FilterDefs<T>,
): Promise<Page<Tagged<T>>> {
  const tags = await tx.getTags(scope, items.map(idOf));
  const tagged = items.map((item) => ({ item, tags: tags.get(idOf(item)) ?? [] }));
  return paginate(applyFilters(tagged, input.Filters, defs), input.MaxResults, input.NextToken);
}
