/**
 * @module store/sqlite/sqlite-store
 * The embedded store: SQLite in WAL mode through better-sqlite3, queries written with Kysely.
 *
 * Writes use group commit: the write calls that arrive within one turn of the event loop run one after
 * another inside a single SQLite transaction, each inside its own SAVEPOINT (so a call that fails leaves
 * nothing behind), and the transaction commits once. Every call is atomic and none is acknowledged before
 * the commit that holds it is on disk: after each commit the WAL file is fsynced on libuv's thread pool and
 * the batch's calls settle when that fsync returns (wal-sync.ts: one fsync at a time, covering every
 * commit made before it started). SQLite's own synchronous=FULL would fsync inside COMMIT and stop the
 * event loop for the duration; this way requests keep being parsed, verified and read while the disk
 * works, and the next batches run meanwhile. Reads go through the writer's connection, or a second one
 * while a batch is open on it (see readConnection).
 *
 *   batch N:   BEGIN, SAVEPOINT/fn/RELEASE per call, COMMIT ─── fsync(wal) ──────> settle N
 *   batch N+1:                                        BEGIN ... COMMIT ┐
 *   batch N+2:                                            BEGIN ... COMMIT ┴── fsync(wal) ──> settle N+1, N+2
 *
 * Kysely compiles each query; better-sqlite3 runs it synchronously from a prepared-statement cache, so a
 * query costs microseconds and a write batch never interleaves with another.
 */
import Database from 'better-sqlite3';
import {
  sql, DummyDriver, Kysely, Migrator, SqliteAdapter, SqliteDialect, SqliteIntrospector, SqliteQueryCompiler,
} from 'kysely';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS } from '../migrations/index.js';
import { Checkpointer } from './checkpointer.js';
import { WalIndex } from './wal-index.js';
import { WalSync } from './wal-sync.js';
import type { Database as Schema } from '../schema.js';
import type {
  AccessKey, Account, ChildCondition, IdempotencyRecord, ResourceTag, Scope, SharedTypes, SiblingFields, Store, StoreDeclarations, StoredResource,
  StoreReader, StoreWriter, Tag,
} from '../store.js';

type Row = Record<string, unknown>;

/** Builds queries only; execution goes through better-sqlite3 directly. */
const qb = new Kysely<Schema>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

/**
 * The WAL size at which writes pause for a full checkpoint (a few tens of ms, about once a second under
 * a steady stream of creates): large enough that pages written many times are copied once (64 MiB
 * rather than 16: 3% less CPU and 7% more creates a second, measured), small enough to keep reads
 * quick and a recovery after a crash short.
 */
const WAL_LIMIT_BYTES = 64 * 1024 * 1024;

/** Resources whose tags one statement reads: SQLite bounds the parameters of a statement. */
const TAG_CHUNK = 500;

/** A query parameter, given its value at run time in the order it appears in the statement. */
const $ = null as unknown as string;

/**
 * Every statement, written once with Kysely and compiled once: the hot path only binds parameters to a
 * prepared statement. (Building and compiling a Kysely query per call cost about a tenth of a write call.)
 */
const STATEMENTS = {
  getResource: qb.selectFrom('resources').select(['id', 'type', 'parent_id', 'data'])
    .where('account_id', '=', $).where('region', '=', $).where('id', '=', $),
  listResources: qb.selectFrom('resources').select(['id', 'type', 'parent_id', 'data'])
    .where('account_id', '=', $).where('region', '=', $).where('type', '=', $).orderBy('seq'),
  // From the parent index alone (seq is its rowid), sorted: one account's rows of a type in creation order.
  seqsOfType: qb.selectFrom('resources').select('seq')
    .where('account_id', '=', $).where('region', '=', $).where('type', '=', $).orderBy('seq'),
  listChildren: qb.selectFrom('resources').select(['id', 'type', 'parent_id', 'data'])
    .where('account_id', '=', $).where('region', '=', $).where('type', '=', $).where('parent_id', '=', $)
    .orderBy('seq'),
  // `shared_by = ?` implies the partial index's `shared_by IS NOT NULL` (0008), so SQLite uses it.
  listResourcesOfAllAccounts: qb.selectFrom('resources').select(['account_id', 'id', 'type', 'parent_id', 'data'])
    .where('region', '=', $).where('type', '=', $).where('shared_by', '=', $).orderBy('seq'),
  // No index serves this: the whole table is read.
  resourcesEverywhere: qb.selectFrom('resources').select(['account_id', 'region', 'id', 'type', 'parent_id', 'data'])
    .where('type', '=', $).orderBy('seq'),
  findResourceInRegion: qb.selectFrom('resources').select(['account_id', 'id', 'type', 'parent_id', 'data'])
    .where('region', '=', $).where('id', '=', $),
  listTags: qb.selectFrom('tags').select(['resource_id', 'key', 'value'])
    .where('account_id', '=', $).where('region', '=', $).orderBy('resource_id').orderBy('key'),
  getAccount: qb.selectFrom('accounts').selectAll().where('account_id', '=', $),
  listAccounts: qb.selectFrom('accounts').selectAll().orderBy('account_id'),
  findAccessKey: qb.selectFrom('access_keys').selectAll().where('access_key_id', '=', $),
  listAccessKeys: qb.selectFrom('access_keys').selectAll().where('account_id', '=', $).orderBy('access_key_id'),
  getIdempotencyRecord: qb.selectFrom('idempotency').select(['operation', 'request_hash', 'resource_id'])
    .where('account_id', '=', $).where('region', '=', $).where('client_token', '=', $),
  isScopeInitialized: qb.selectFrom('initialized_scopes').select('region').where('account_id', '=', $).where('region', '=', $),
  childSummaries: qb.selectFrom('resources').select('summary')
    .where('account_id', '=', $).where('region', '=', $).where('type', '=', $).where('parent_id', '=', $),
  insertResource: qb.insertInto('resources').values({ account_id: $, region: $, id: $, type: $, parent_id: $, data: $, summary: $, shared_by: $ }),
  updateData: qb.updateTable('resources').set({ data: $ })
    .where('account_id', '=', $).where('region', '=', $).where('id', '=', $)
    .where(sql<boolean>`parent_id IS ${$} AND summary IS ${$} AND shared_by IS ${$}`),
  updateResource: qb.updateTable('resources').set({ data: $, parent_id: $, summary: $, shared_by: $ })
    .where('account_id', '=', $).where('region', '=', $).where('id', '=', $),
  resourcesOfType: qb.selectFrom('resources').select(['seq', 'data']).where('type', '=', $),
  setDerived: qb.updateTable('resources').set({ summary: $, shared_by: $ }).where('seq', '=', $ as unknown as number),
  recordedDeclarations: qb.selectFrom('summarized_types').select(['type', 'fields']),
  forgetDeclaration: qb.deleteFrom('summarized_types').where('type', '=', $),
  recordDeclaration: qb.insertInto('summarized_types').values({ type: $, fields: $ })
    .onConflict((oc) => oc.column('type').doUpdateSet((eb) => ({ fields: eb.ref('excluded.fields') }))),
  deleteResource: qb.deleteFrom('resources').where('account_id', '=', $).where('region', '=', $).where('id', '=', $),
  deleteTagsOf: qb.deleteFrom('tags').where('account_id', '=', $).where('region', '=', $).where('resource_id', '=', $),
  deleteTagKey: qb.deleteFrom('tags').where('account_id', '=', $).where('region', '=', $).where('resource_id', '=', $)
    .where('key', '=', $),
  deleteTagKeyValue: qb.deleteFrom('tags').where('account_id', '=', $).where('region', '=', $).where('resource_id', '=', $)
    .where('key', '=', $).where('value', '=', $),
  putTag: qb.insertInto('tags').values({ account_id: $, region: $, resource_id: $, key: $, value: $, seq: $ as unknown as number })
    .onConflict((oc) => oc.columns(['account_id', 'region', 'resource_id', 'key']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value') }))),
  insertAccount: qb.insertInto('accounts').values({ account_id: $, name: $ }),
  insertAccessKey: qb.insertInto('access_keys').values({ access_key_id: $, secret_access_key: $, account_id: $, principal_arn: $ }),
  putIdempotencyRecord: qb.insertInto('idempotency')
    .values({ account_id: $, region: $, client_token: $, operation: $, request_hash: $, resource_id: $ }),
  markScopeInitialized: qb.insertInto('initialized_scopes').values({ account_id: $, region: $ }).onConflict((oc) => oc.doNothing()),
};
type StatementName = keyof typeof STATEMENTS;
const SQL = Object.fromEntries(Object.entries(STATEMENTS).map(([k, q]) => [k, q.compile().sql])) as Record<StatementName, string>;

class Connection {
  private readonly prepared = new Map<StatementName, Database.Statement>();
  private readonly projections = new Map<string, { statement: Database.Statement; paths: unknown[] }>();
  constructor(readonly db: Database.Database) {}

  private readonly tagLookups = new Map<number, Database.Statement>();
  private readonly seqLookups = new Map<number, Database.Statement>();

  /** Rows by seq, in seq order: one prepared statement per number of seqs. */
  rowsBySeq(seqs: readonly number[]): Row[] {
    let st = this.seqLookups.get(seqs.length);
    if (!st) {
      st = this.db.prepare(qb.selectFrom('resources').select(['id', 'type', 'parent_id', 'data'])
        .where('seq', 'in', seqs.map(() => $ as unknown as number)).orderBy('seq').compile().sql);
      this.seqLookups.set(seqs.length, st);
    }
    return st.all(...seqs) as Row[];
  }

  /** Tags of up to TAG_CHUNK resources in one statement: one prepared statement per list length. */
  tagsOf(s: Scope, ids: readonly string[]): Row[] {
    let st = this.tagLookups.get(ids.length);
    if (!st) {
      st = this.db.prepare(qb.selectFrom('tags').select(['resource_id', 'key', 'value'])
        .where('account_id', '=', $).where('region', '=', $).where('resource_id', 'in', ids.map(() => $))
        .orderBy('seq').compile().sql);
      this.tagLookups.set(ids.length, st);
    }
    return st.all(s.accountId, s.region, ...ids) as Row[];
  }

  /** The fields of the children of a parent, read with json_extract: one statement per field list. */
  childFields(fields: readonly string[], params: unknown[]): Row[] {
    const key = fields.join(',');
    let p = this.projections.get(key);
    if (!p) {
      const q = qb.selectFrom('resources')
        .select(fields.map((f) => sql<string>`json_extract(data, ${`$.${f}`})`.as(f)))
        .where('account_id', '=', $).where('region', '=', $).where('type', '=', $).where('parent_id', '=', $)
        .compile();
      // json_extract's paths are bound parameters too, ahead of the others.
      p = { statement: this.db.prepare(q.sql), paths: q.parameters.slice(0, fields.length) as unknown[] };
      this.projections.set(key, p);
    }
    return p.statement.all(...p.paths, ...params) as Row[];
  }

  private readonly counts = new Map<string, Database.Statement>();

  /**
   * Children of a parent counted by conditions on fields of `column` (the summary, or the document itself):
   * one statement per column, fields and number of values. Written as text rather than with Kysely: its
   * shape is made here from the conditions, and the json paths go in as literals (field names come from
   * code, never from requests, and are checked).
   */
  countChildren(column: 'summary' | 'data', conditions: [field: string, negate: boolean, values: readonly string[]][], params: unknown[]): number {
    const key = `${column}|${conditions.map(([f, negate, values]) => `${f}${negate ? '!' : '='}${values.length}`).join('|')}`;
    let st = this.counts.get(key);
    if (!st) {
      const where = conditions.map(([field, negate, values]) => {
        if (!/^\w+$/.test(field)) throw new Error(`not a field name: ${field}`);
        return ` AND json_extract(${column}, '$.${field}') ${negate ? 'NOT IN' : 'IN'} (${values.map(() => '?').join(', ')})`;
      }).join('');
      st = this.db.prepare(`SELECT count(*) AS n FROM resources WHERE account_id = ? AND region = ? AND type = ? AND parent_id = ?${where}`);
      this.counts.set(key, st);
    }
    return (st.get(...params, ...conditions.flatMap(([, , values]) => values)) as { n: number }).n;
  }

  private statement(name: StatementName): Database.Statement {
    let st = this.prepared.get(name);
    if (!st) { st = this.db.prepare(SQL[name]); this.prepared.set(name, st); }
    return st;
  }
  all(name: StatementName, params: unknown[]): Row[] {
    return this.statement(name).all(...params) as Row[];
  }
  get(name: StatementName, params: unknown[]): Row | undefined {
    return this.statement(name).get(...params) as Row | undefined;
  }
  /** Runs a statement; how many rows it changed. */
  run(name: StatementName, params: unknown[]): number {
    return this.statement(name).run(...params).changes;
  }
}

function toResource<T>(row: Row): StoredResource<T> {
  const r: StoredResource<T> = { id: row.id as string, type: row.type as string, data: JSON.parse(row.data as string) as T };
  if (row.parent_id !== null) r.parentId = row.parent_id as string;
  return r;
}

function toAccessKey(r: Row): AccessKey {
  return {
    accessKeyId: r.access_key_id as string, secretAccessKey: r.secret_access_key as string,
    accountId: r.account_id as string, principalArn: r.principal_arn as string,
  };
}

function summarize(fields: readonly string[], data: unknown): string {
  const d = data as Record<string, unknown>;
  const summary: Record<string, unknown> = {};
  for (const f of fields) summary[f] = d[f];
  return JSON.stringify(summary);
}

/**
 * What the store works out of each document from the control plane's declarations (StoreDeclarations):
 * its summary (the type's sibling fields) and what other accounts list it by (`shared_by`).
 */
class Declarations {
  constructor(readonly siblingFields: SiblingFields, readonly sharedTypes: SharedTypes) {}

  get types(): string[] {
    return [...new Set([...Object.keys(this.siblingFields), ...Object.keys(this.sharedTypes)])];
  }

  /** The declaration of a type as recorded with its rows: when it changes, they are worked out anew. */
  recorded(type: string): string {
    return JSON.stringify({ fields: this.siblingFields[type] ?? null, shared: this.sharedTypes[type] ?? null });
  }

  summaryOf(type: string, data: unknown): string | null {
    const fields = this.siblingFields[type];
    return fields ? summarize(fields, data) : null;
  }

  /** What other accounts list a row by: '' for a type shared whole, null for a row they do not list. */
  sharedByOf(type: string, data: unknown): string | null {
    const rule = this.sharedTypes[type];
    if (rule === undefined) return null;
    if (rule === true) return '';
    const d = data as Record<string, unknown>;
    if (rule.unless && d[rule.unless.field] === rule.unless.is) return null;
    const [field, inner] = rule.by.split('.') as [string, string | undefined];
    const value = inner === undefined ? d[field] : (d[field] as Record<string, unknown> | undefined)?.[inner];
    return typeof value === 'string' && value !== '' ? value : null;
  }
}

/** The statements of the interface, each over the connection `connection` gives when it runs. */
class SqliteTx implements StoreWriter {
  constructor(private readonly connection: () => Connection, private readonly declared: Declarations) {}

  private get c(): Connection {
    return this.connection();
  }

  async getResource<T>(s: Scope, id: string) {
    const row = this.c.get('getResource', [s.accountId, s.region, id]);
    return row ? toResource<T>(row) : undefined;
  }
  async listResources<T>(s: Scope, type: string, parentId?: string) {
    const rows = parentId === undefined
      ? this.c.all('listResources', [s.accountId, s.region, type])
      : this.c.all('listChildren', [s.accountId, s.region, type, parentId]);
    return rows.map((r) => toResource<T>(r));
  }
  async listChildFields<T, K extends keyof T & string>(s: Scope, type: string, parentId: string, fields: readonly K[]) {
    const declared = this.declared.siblingFields[type];
    if (declared && fields.every((f) => declared.includes(f))) {
      return this.c.all('childSummaries', [s.accountId, s.region, type, parentId]).map((r) => JSON.parse(r.summary as string) as Pick<T, K>);
    }
    return this.c.childFields(fields, [s.accountId, s.region, type, parentId]) as unknown as Pick<T, K>[];
  }
  async countChildren<T>(s: Scope, type: string, parentId: string, where: ChildCondition<T>) {
    const conditions = Object.entries(where).map(([field, c]): [string, boolean, readonly string[]] => {
      const condition = c as { in: readonly string[] } | { notIn: readonly string[] };
      return 'in' in condition ? [field, false, condition.in] : [field, true, condition.notIn];
    });
    const declared = this.declared.siblingFields[type];
    const column = declared && conditions.every(([f]) => declared.includes(f)) ? 'summary' : 'data';
    return this.c.countChildren(column, conditions, [s.accountId, s.region, type, parentId]);
  }
  async listResourcesOfAllAccounts<T>(region: string, type: string, by?: string) {
    const rule = this.declared.sharedTypes[type];
    if (rule === undefined) throw new Error(`${type} is not declared shared (StoreDeclarations.sharedTypes)`);
    if ((rule === true) !== (by === undefined)) {
      throw new Error(rule === true ? `${type} is shared whole, not by a value` : `${type} is shared by ${rule.by}: say which`);
    }
    return this.c.all('listResourcesOfAllAccounts', [region, type, by ?? '']).map((r) => ({ ...toResource<T>(r), accountId: r.account_id as string }));
  }
  async listResourcesEverywhere<T>(type: string) {
    return this.c.all('resourcesEverywhere', [type]).map((r) => ({ ...toResource<T>(r), accountId: r.account_id as string, region: r.region as string }));
  }
  async findResourceInRegion<T>(region: string, id: string) {
    const r = this.c.get('findResourceInRegion', [region, id]);
    return r ? { ...toResource<T>(r), accountId: r.account_id as string } : undefined;
  }
  async getTags(s: Scope, ids: readonly string[]) {
    const out = new Map<string, Tag[]>();
    for (let i = 0; i < ids.length; i += TAG_CHUNK) {
      for (const r of this.c.tagsOf(s, ids.slice(i, i + TAG_CHUNK))) {
        const id = r.resource_id as string;
        let list = out.get(id);
        if (!list) { list = []; out.set(id, list); }
        list.push({ Key: r.key as string, Value: r.value as string });
      }
    }
    return out;
  }
  async listTags(s: Scope): Promise<ResourceTag[]> {
    return this.c.all('listTags', [s.accountId, s.region])
      .map((r) => ({ resourceId: r.resource_id as string, Key: r.key as string, Value: r.value as string }));
  }
  async getAccount(accountId: string) {
    const r = this.c.get('getAccount', [accountId]);
    return r ? { accountId: r.account_id as string, name: r.name as string } : undefined;
  }
  async listAccounts(): Promise<Account[]> {
    return this.c.all('listAccounts', []).map((r) => ({ accountId: r.account_id as string, name: r.name as string }));
  }
  async findAccessKey(accessKeyId: string) {
    const r = this.c.get('findAccessKey', [accessKeyId]);
    return r ? toAccessKey(r) : undefined;
  }
  async listAccessKeys(accountId: string): Promise<AccessKey[]> {
    return this.c.all('listAccessKeys', [accountId]).map(toAccessKey);
  }
  async getIdempotencyRecord(s: Scope, clientToken: string) {
    const r = this.c.get('getIdempotencyRecord', [s.accountId, s.region, clientToken]);
    return r ? { operation: r.operation as string, requestHash: r.request_hash as string, resourceId: r.resource_id as string } : undefined;
  }
  async isScopeInitialized(s: Scope) {
    return this.c.get('isScopeInitialized', [s.accountId, s.region]) !== undefined;
  }

  async insertResource<T>(s: Scope, r: StoredResource<T>) {
    this.c.run('insertResource', [
      s.accountId, s.region, r.id, r.type, r.parentId ?? null, JSON.stringify(r.data), this.declared.summaryOf(r.type, r.data), this.declared.sharedByOf(r.type, r.data),
    ]);
  }
  async updateResource<T>(s: Scope, r: StoredResource<T>) {
    const data = JSON.stringify(r.data);
    const parent = r.parentId ?? null;
    const summary = this.declared.summaryOf(r.type, r.data);
    const sharedBy = this.declared.sharedByOf(r.type, r.data);
    // Most updates leave the parent, the summary and `shared_by` as they were: setting only the document then
    // leaves the indexes alone (SQLite rewrites an index entry whenever a column of it is SET, even to the
    // value it had: one more page to write per update).
    if (this.c.run('updateData', [data, s.accountId, s.region, r.id, parent, summary, sharedBy]) === 0) {
      this.c.run('updateResource', [data, parent, summary, sharedBy, s.accountId, s.region, r.id]);
    }
  }
  async deleteResource(s: Scope, id: string) {
    this.c.run('deleteResource', [s.accountId, s.region, id]);
    this.c.run('deleteTagsOf', [s.accountId, s.region, id]);
  }
  async putTags(s: Scope, resourceId: string, tags: readonly Tag[]) {
    // seq keeps tags in the order they were first given, as AWS lists them.
    let seq = Date.now() * 100;
    for (const t of tags) this.c.run('putTag', [s.accountId, s.region, resourceId, t.Key, t.Value, seq++]);
  }
  async deleteTags(s: Scope, resourceId: string, keys?: readonly { Key: string; Value?: string }[]) {
    if (!keys) { this.c.run('deleteTagsOf', [s.accountId, s.region, resourceId]); return; }
    for (const k of keys) {
      if (k.Value === undefined) this.c.run('deleteTagKey', [s.accountId, s.region, resourceId, k.Key]);
      else this.c.run('deleteTagKeyValue', [s.accountId, s.region, resourceId, k.Key, k.Value]);
    }
  }
  async insertAccount(a: Account) {
    this.c.run('insertAccount', [a.accountId, a.name]);
  }
  async insertAccessKey(k: AccessKey) {
    this.c.run('insertAccessKey', [k.accessKeyId, k.secretAccessKey, k.accountId, k.principalArn]);
  }
  async putIdempotencyRecord(s: Scope, clientToken: string, r: IdempotencyRecord) {
    this.c.run('putIdempotencyRecord', [s.accountId, s.region, clientToken, r.operation, r.requestHash, r.resourceId]);
  }
  async markScopeInitialized(s: Scope) {
    this.c.run('markScopeInitialized', [s.accountId, s.region]);
  }
}

interface WriteJob {
  fn: (tx: StoreWriter) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/** The declarations come from the control plane: control/store-declarations.ts. */
export interface SqliteStoreOptions extends StoreDeclarations {
  /** directory holding postern.db; omitted: a temporary directory removed on close */
  dataDir?: string;
  /** the WAL size at which writes pause for a full checkpoint; default WAL_LIMIT_BYTES */
  walLimitBytes?: number;
}

export class SqliteStore implements Store {
  private queue: WriteJob[] = [];
  private draining = false;
  private closed = false;
  private readonly writer: Connection;
  private readonly reader: Connection;
  private readonly writeTx: SqliteTx;
  private readonly readTx: SqliteTx;
  private readonly checkpointer: Checkpointer;
  private readonly transactionStatements: Record<'begin' | 'savepoint' | 'release' | 'rollbackTo' | 'commit', Database.Statement>;

  private readonly walLimitBytes: number;

  private constructor(readonly path: string, private readonly tempDir: string | undefined, opts: SqliteStoreOptions) {
    const declared = new Declarations(opts.siblingFields ?? {}, opts.sharedTypes ?? {});
    const walLimitBytes = opts.walLimitBytes ?? WAL_LIMIT_BYTES;
    this.walLimitBytes = walLimitBytes;
    const w = new Database(path);
    w.pragma('journal_mode = WAL');
    // Commits are made durable by the explicit fsync of the WAL in drain(); NORMAL keeps SQLite's
    // checkpoint syncs (WAL before a checkpoint, database after it).
    w.pragma('synchronous = NORMAL');
    w.pragma('wal_autocheckpoint = 0');
    // Each call's SAVEPOINT journals the pages it changes that the batch had already changed; in memory,
    // not in a temporary file (a third fewer write syscalls per call).
    w.pragma('temp_store = MEMORY');
    w.pragma('cache_size = -65536');
    // A WAL grown past twice its limit (checkpoints that could not finish) is cut back when it starts over.
    w.pragma(`journal_size_limit = ${2 * walLimitBytes}`);
    this.walLimit = walLimitBytes;
    this.checkpointer = new Checkpointer(path);
    this.walSync = new WalSync(`${path}-wal`);
    this.walIndex = new WalIndex(`${path}-shm`);
    w.pragma('busy_timeout = 5000');
    this.writer = new Connection(w);
    const r = new Database(path, { readonly: true });
    r.pragma('busy_timeout = 5000');
    this.reader = new Connection(r);
    this.writeTx = new SqliteTx(() => this.writer, declared);
    this.transactionStatements = {
      begin: w.prepare('BEGIN IMMEDIATE'), savepoint: w.prepare('SAVEPOINT call'), release: w.prepare('RELEASE call'),
      rollbackTo: w.prepare('ROLLBACK TO call'), commit: w.prepare('COMMIT'),
    };
    this.readTx = new SqliteTx(() => this.readConnection(), declared);
    this.deriveOlderRows(declared);
  }

  static async open(opts: SqliteStoreOptions): Promise<SqliteStore> {
    const tempDir = opts.dataDir ? undefined : mkdtempSync(join(tmpdir(), 'postern-'));
    const dir = opts.dataDir ?? tempDir!;
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'postern.db');
    await migrate(path);
    return new SqliteStore(path, tempDir, opts);
  }

  /**
   * Rows whose summary and `shared_by` were not worked out with their type's current declaration get them
   * anew: every row of a type whose declaration is new or changed (as after migrations 0004, 0007 and 0008). A
   * type opened without its declaration loses its record, since rows written meanwhile have neither: its
   * next declaration works them out anew. With the declarations unchanged, opening reads no rows.
   */
  private deriveOlderRows(declared: Declarations): void {
    const w = this.writer;
    w.db.transaction(() => {
      const recorded = new Map(w.all('recordedDeclarations', []).map((r) => [r.type as string, r.fields as string]));
      const types = declared.types;
      for (const type of recorded.keys()) if (!types.includes(type)) w.run('forgetDeclaration', [type]);
      for (const type of types) {
        const declaration = declared.recorded(type);
        if (recorded.get(type) === declaration) continue;
        for (const row of w.all('resourcesOfType', [type])) {
          const data: unknown = JSON.parse(row.data as string);
          w.run('setDerived', [declared.summaryOf(type, data), declared.sharedByOf(type, data), row.seq]);
        }
        w.run('recordDeclaration', [type, declaration]);
      }
    })();
  }

  /**
   * Reads go through the writer's connection whenever no write batch is open on it: its page cache stays
   * valid across its own commits, whereas the reader connection's is thrown away at every commit another
   * connection makes (each of its reads then fetches its pages again). While a batch is open, whose
   * writes are not committed yet, reads go through the reader connection. Either way a statement sees
   * what has been committed.
   */
  private readConnection(): Connection {
    return this.writer.db.inTransaction ? this.reader : this.writer;
  }

  read<T>(fn: (tx: StoreReader) => Promise<T>): Promise<T> {
    return fn(this.readTx);
  }

  async *scanResources<T>(s: Scope, type: string, pageSize: number): AsyncIterable<StoredResource<T>[]> {
    // The rows' order is read once (their seqs, from the index), then each page's rows by seq: one
    // statement each, none left open between pages. Paging on `seq > last` instead would sort the type's
    // every row again for each page (no index holds them in creation order: migration 0006).
    const seqs = this.readConnection().all('seqsOfType', [s.accountId, s.region, type]).map((r) => r.seq as number);
    for (let i = 0; i < seqs.length; i += pageSize) {
      // Rows deleted since the seqs were read are missing from their page.
      const rows = this.readConnection().rowsBySeq(seqs.slice(i, i + pageSize));
      if (rows.length > 0) yield rows.map((r) => toResource<T>(r));
    }
  }

  write<T>(fn: (tx: StoreWriter) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.draining) { this.draining = true; setImmediate(() => void this.drain()); }
    });
  }

  private readonly walSync: WalSync;
  private readonly walIndex: WalIndex;

  /** WAL size past which the next batch waits for a full checkpoint: the point up to which it may grow. */
  private walLimit: number;
  private walFull = false;

  /**
   * Once a commit has taken the WAL past its limit, the next batch waits while it is checkpointed whole
   * and started over (see checkpointer.ts). Should that fail, the WAL may grow by another limit's worth
   * before a retry.
   */
  private async keepWalSmall(): Promise<void> {
    if (!this.walFull) return;
    await this.walSync.idle();
    const bytes = this.walIndex.walBytes();
    this.walLimit = (await this.checkpointer.restart()) ? this.walLimitBytes : bytes + this.walLimitBytes;
    this.walFull = false;
  }

  private async drain(): Promise<void> {
    const db = this.writer.db;
    while (this.queue.length > 0) {
      await this.keepWalSmall();
      const batch = this.queue.splice(0);
      const outcomes: (() => void)[] = [];
      const tx = this.transactionStatements;
      tx.begin.run();
      for (const job of batch) {
        tx.savepoint.run();
        try {
          const value = await job.fn(this.writeTx);
          tx.release.run();
          outcomes.push(() => job.resolve(value));
        } catch (err) {
          tx.rollbackTo.run();
          tx.release.run();
          outcomes.push(() => job.reject(err));
        }
      }
      try {
        tx.commit.run();
        // Measured after a commit: a checkpoint's restart shows only once the next commit has written.
        this.walFull = this.walIndex.walBytes() > this.walLimit;
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
        for (const job of batch) job.reject(err);
        continue;
      }
      this.walSync.durable().then(
        () => { for (const settle of outcomes) settle(); },
        (err: unknown) => { for (const job of batch) job.reject(new Error(`the store could not make a commit durable: ${String(err)}`)); },
      );
    }
    this.draining = false;
  }

  async close(): Promise<void> {
    this.closed = true;
    while (this.draining) await new Promise((r) => setImmediate(r));
    await this.walSync.close();
    await this.checkpointer.stop();
    this.walIndex.close();
    this.reader.db.close();
    this.writer.db.close();
    if (this.tempDir) rmSync(this.tempDir, { recursive: true, force: true });
  }
}

async function migrate(path: string): Promise<void> {
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new Database(path) }) });
  try {
    const { error } = await new Migrator({ db, provider: MIGRATIONS }).migrateToLatest();
    if (error) throw error;
  } finally {
    await db.destroy();
  }
}
