/**
 * @module control/describe
 * What every Describe* operation shares: filters (`Filter.N.Name` / `Value.M`, AND across filters, OR
 * across values, `*` and `?` wildcards, `tag:<key>` and `tag-key`) and MaxResults/NextToken pagination.
 */
import type { Scope, Store, StoreReader, Tag } from '../store/store.js';
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

/** The test an item must pass: every filter matches. Unknown filter names are InvalidFilter, as AWS answers. */
function compileFilters<T>(filters: readonly Filter[] | undefined, defs: FilterDefs<T>): (t: Tagged<T>) => boolean {
  if (!filters || filters.length === 0) return () => true;
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
  return (t) => tests.every((test) => test(t));
}

/** Keeps the items that match every filter. */
export function applyFilters<T>(items: Tagged<T>[], filters: readonly Filter[] | undefined, defs: FilterDefs<T>): Tagged<T>[] {
  if (!filters || filters.length === 0) return items;
  return items.filter(compileFilters(filters, defs));
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** Tokens are opaque to clients; inside, the offset of the next item. */
function tokenOffset(nextToken: string | undefined): number {
  if (nextToken === undefined) return 0;
  const m = /^o(\d+)$/.exec(Buffer.from(nextToken, 'base64url').toString());
  if (!m) throw new InvalidNextToken(nextToken);
  return Number(m[1]);
}

export function paginate<T>(items: T[], maxResults: number | undefined, nextToken: string | undefined): Page<T> {
  const start = tokenOffset(nextToken);
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

/** Items a page at a time: an answer read, filtered and written in pieces, never held whole. */
export type Paged<T> = AsyncIterable<T[]>;

/**
 * How many resources a streamed listing reads per page: enough to amortize a read, few enough to die young.
 * A page's parsed rows are live until it is written, and every scavenge during a listing copies them: at
 * 256 a page, scavenges cost 2-3 ms each and a listing of 1000 endpoints 24-26 µs of CPU per endpoint; at
 * 64, 18-19 µs (32 is no better).
 */
const SCAN_PAGE = 64;

/**
 * A Describe call's whole answer when no MaxResults cuts it into pages (so it has no NextToken of its own):
 * the resources of the type read, tagged and filtered a page at a time, for listings of thousands. Bad
 * filters and tokens throw here, before anything is read; `view` turns a stored record into what is listed
 * (undefined: not listed).
 */
export function filterPages<R, T>(
  store: Store, scope: Scope, type: string, input: Omit<DescribeInput, 'MaxResults'>,
  view: (record: R) => T | undefined, idOf: (item: T) => string, defs: FilterDefs<T>,
): Paged<Tagged<T>> {
  const matches = compileFilters(input.Filters, defs);
  let skip = tokenOffset(input.NextToken);
  return (async function* pages() {
    for await (const page of store.scanResources<R>(scope, type, SCAN_PAGE)) {
      const items: T[] = [];
      for (const r of page) {
        const item = view(r.data);
        if (item !== undefined) items.push(item);
      }
      const tags = await store.read((tx) => tx.getTags(scope, items.map(idOf)));
      const out: Tagged<T>[] = [];
      for (const item of items) {
        const t = { item, tags: tags.get(idOf(item)) ?? [] };
        if (!matches(t)) continue;
        if (skip > 0) skip--;
        else out.push(t);
      }
      if (out.length > 0) yield out;
    }
  })();
}

/** The items of a paged answer, each turned into another. */
export async function* mapPaged<T, U>(pages: Paged<T>, fn: (item: T) => U): Paged<U> {
  for await (const page of pages) yield page.map(fn);
}
