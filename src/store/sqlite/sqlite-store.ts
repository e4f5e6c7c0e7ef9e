/**
 * @module store/sqlite/sqlite-store
 * The embedded store: SQLite in WAL mode through better-sqlite3, queries written with Kysely.
 *
 * Writes use group commit: the write calls that arrive within one turn of the event loop run one after
 * another inside a single SQLite transaction, each inside its own SAVEPOINT (so a call that fails leaves
 * nothing behind), and the transaction commits once with synchronous=FULL. Every call is atomic and none
 * is acknowledged before the commit that holds it is on disk; the fsync is paid once per batch instead of
 * once per call. Reads use a second connection, which sees only committed data.
 *
 * Kysely compiles each query; better-sqlite3 runs it synchronously from a prepared-statement cache, so a
 * query costs microseconds and a write batch never interleaves with another.
 */
import Database from 'better-sqlite3';
import {
  type CompiledQuery, DummyDriver, Kysely, Migrator, SqliteAdapter, SqliteDialect, SqliteIntrospector, SqliteQueryCompiler,
} from 'kysely';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS } from '../migrations/index.js';
import type { Database as Schema } from '../schema.js';
import type {
  AccessKey, Account, IdempotencyRecord, ResourceTag, Scope, Store, StoredResource, StoreReader, StoreWriter, Tag,
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

class Connection {
  private readonly statements = new Map<string, Database.Statement>();
  constructor(readonly db: Database.Database) {}

  private statement(q: CompiledQuery): Database.Statement {
    let st = this.statements.get(q.sql);
    if (!st) { st = this.db.prepare(q.sql); this.statements.set(q.sql, st); }
    return st;
  }
  all(q: { compile(): CompiledQuery }): Row[] {
    const c = q.compile();
    return this.statement(c).all(...(c.parameters as unknown[])) as Row[];
  }
  get(q: { compile(): CompiledQuery }): Row | undefined {
    const c = q.compile();
    return this.statement(c).get(...(c.parameters as unknown[])) as Row | undefined;
  }
  run(q: { compile(): CompiledQuery }): void {
    const c = q.compile();
    this.statement(c).run(...(c.parameters as unknown[]));
  }
}

function toResource<T>(row: Row): StoredResource<T> {
  const r: StoredResource<T> = { id: row.id as string, type: row.type as string, data: JSON.parse(row.data as string) as T };
  if (row.parent_id !== null) r.parentId = row.parent_id as string;
  return r;
}

/** The statements of the interface, over one connection. */
class SqliteTx implements StoreWriter {
  constructor(private readonly c: Connection) {}

  async getResource<T>(s: Scope, id: string) {
    const row = this.c.get(qb.selectFrom('resources').select(['id', 'type', 'parent_id', 'data'])
      .where('account_id', '=', s.accountId).where('region', '=', s.region).where('id', '=', id));
    return row ? toResource<T>(row) : undefined;
  }
  async listResources<T>(s: Scope, type: string, parentId?: string) {
    let q = qb.selectFrom('resources').select(['id', 'type', 'parent_id', 'data'])
      .where('account_id', '=', s.accountId).where('region', '=', s.region).where('type', '=', type);
    if (parentId !== undefined) q = q.where('parent_id', '=', parentId);
    return this.c.all(q.orderBy('seq')).map((r) => toResource<T>(r));
  }
  async listResourcesOfAllAccounts<T>(region: string, type: string) {
    return this.c.all(qb.selectFrom('resources').select(['account_id', 'id', 'type', 'parent_id', 'data'])
      .where('region', '=', region).where('type', '=', type).orderBy('seq'))
      .map((r) => ({ ...toResource<T>(r), accountId: r.account_id as string }));
  }
  async findResourceInRegion<T>(region: string, id: string) {
    const r = this.c.get(qb.selectFrom('resources').select(['account_id', 'id', 'type', 'parent_id', 'data'])
      .where('region', '=', region).where('id', '=', id));
    return r ? { ...toResource<T>(r), accountId: r.account_id as string } : undefined;
  }
  async getTags(s: Scope, ids: readonly string[]) {
    const out = new Map<string, Tag[]>();
    if (ids.length === 0) return out;
    // Chunked: SQLite bounds the number of host parameters of one statement.
    for (let i = 0; i < ids.length; i += 500) {
      const rows = this.c.all(qb.selectFrom('tags').select(['resource_id', 'key', 'value'])
        .where('account_id', '=', s.accountId).where('region', '=', s.region)
        .where('resource_id', 'in', ids.slice(i, i + 500)).orderBy('seq'));
      for (const r of rows) {
        const list = out.get(r.resource_id as string) ?? [];
        list.push({ Key: r.key as string, Value: r.value as string });
        out.set(r.resource_id as string, list);
      }
    }
    return out;
  }
  async listTags(s: Scope): Promise<ResourceTag[]> {
    return this.c.all(qb.selectFrom('tags').select(['resource_id', 'key', 'value'])
      .where('account_id', '=', s.accountId).where('region', '=', s.region).orderBy('resource_id').orderBy('key'))
      .map((r) => ({ resourceId: r.resource_id as string, Key: r.key as string, Value: r.value as string }));
  }
  async getAccount(accountId: string) {
    const r = this.c.get(qb.selectFrom('accounts').selectAll().where('account_id', '=', accountId));
    return r ? { accountId: r.account_id as string, name: r.name as string } : undefined;
  }
  async listAccounts(): Promise<Account[]> {
    return this.c.all(qb.selectFrom('accounts').selectAll().orderBy('account_id'))
      .map((r) => ({ accountId: r.account_id as string, name: r.name as string }));
  }
  async findAccessKey(accessKeyId: string) {
    const r = this.c.get(qb.selectFrom('access_keys').selectAll().where('access_key_id', '=', accessKeyId));
    return r ? {
      accessKeyId: r.access_key_id as string, secretAccessKey: r.secret_access_key as string,
      accountId: r.account_id as string, principalArn: r.principal_arn as string,
    } : undefined;
  }
  async listAccessKeys(accountId: string): Promise<AccessKey[]> {
    return this.c.all(qb.selectFrom('access_keys').selectAll().where('account_id', '=', accountId).orderBy('access_key_id'))
      .map((r) => ({
        accessKeyId: r.access_key_id as string, secretAccessKey: r.secret_access_key as string,
        accountId: r.account_id as string, principalArn: r.principal_arn as string,
      }));
  }
  async getIdempotencyRecord(s: Scope, clientToken: string) {
    const r = this.c.get(qb.selectFrom('idempotency').select(['operation', 'request_hash', 'resource_id'])
      .where('account_id', '=', s.accountId).where('region', '=', s.region).where('client_token', '=', clientToken));
    return r ? { operation: r.operation as string, requestHash: r.request_hash as string, resourceId: r.resource_id as string } : undefined;
  }
  async isScopeInitialized(s: Scope) {
    return this.c.get(qb.selectFrom('initialized_scopes').select('region')
      .where('account_id', '=', s.accountId).where('region', '=', s.region)) !== undefined;
  }

  async insertResource<T>(s: Scope, r: StoredResource<T>) {
    this.c.run(qb.insertInto('resources').values({
      account_id: s.accountId, region: s.region, id: r.id, type: r.type, parent_id: r.parentId ?? null, data: JSON.stringify(r.data),
    }));
  }
  async updateResource<T>(s: Scope, r: StoredResource<T>) {
    this.c.run(qb.updateTable('resources').set({ data: JSON.stringify(r.data), parent_id: r.parentId ?? null })
      .where('account_id', '=', s.accountId).where('region', '=', s.region).where('id', '=', r.id));
  }
  async deleteResource(s: Scope, id: string) {
    this.c.run(qb.deleteFrom('resources').where('account_id', '=', s.accountId).where('region', '=', s.region).where('id', '=', id));
    this.c.run(qb.deleteFrom('tags').where('account_id', '=', s.accountId).where('region', '=', s.region).where('resource_id', '=', id));
  }
  async putTags(s: Scope, resourceId: string, tags: readonly Tag[]) {
    for (const t of tags) {
      this.c.run(qb.insertInto('tags').values({
        account_id: s.accountId, region: s.region, resource_id: resourceId, key: t.Key, value: t.Value,
        seq: Date.now(),
      }).onConflict((oc) => oc.columns(['account_id', 'region', 'resource_id', 'key']).doUpdateSet({ value: t.Value })));
    }
  }
  async deleteTags(s: Scope, resourceId: string, keys?: readonly { Key: string; Value?: string }[]) {
    const base = qb.deleteFrom('tags').where('account_id', '=', s.accountId).where('region', '=', s.region)
      .where('resource_id', '=', resourceId);
    if (!keys) { this.c.run(base); return; }
    for (const k of keys) {
      let q = base.where('key', '=', k.Key);
      if (k.Value !== undefined) q = q.where('value', '=', k.Value);
      this.c.run(q);
    }
  }
  async insertAccount(a: Account) {
    this.c.run(qb.insertInto('accounts').values({ account_id: a.accountId, name: a.name }));
  }
  async insertAccessKey(k: AccessKey) {
    this.c.run(qb.insertInto('access_keys').values({
      access_key_id: k.accessKeyId, secret_access_key: k.secretAccessKey, account_id: k.accountId, principal_arn: k.principalArn,
    }));
  }
  async putIdempotencyRecord(s: Scope, clientToken: string, r: IdempotencyRecord) {
    this.c.run(qb.insertInto('idempotency').values({
      account_id: s.accountId, region: s.region, client_token: clientToken,
      operation: r.operation, request_hash: r.requestHash, resource_id: r.resourceId,
    }));
  }
  async markScopeInitialized(s: Scope) {
    this.c.run(qb.insertInto('initialized_scopes').values({ account_id: s.accountId, region: s.region }).onConflict((oc) => oc.doNothing()));
  }
}

interface WriteJob {
  fn: (tx: StoreWriter) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export interface SqliteStoreOptions {
  /** directory holding postern.db; omitted: a temporary directory removed on close */
  dataDir?: string;
}

export class SqliteStore implements Store {
  private queue: WriteJob[] = [];
  private draining = false;
  private closed = false;
  private readonly writer: Connection;
  private readonly reader: Connection;
  private readonly writeTx: SqliteTx;
  private readonly readTx: SqliteTx;

  private constructor(readonly path: string, private readonly tempDir: string | undefined) {
    const w = new Database(path);
    w.pragma('journal_mode = WAL');
    w.pragma('synchronous = FULL');
    w.pragma('busy_timeout = 5000');
    this.writer = new Connection(w);
    const r = new Database(path, { readonly: true });
    r.pragma('busy_timeout = 5000');
    this.reader = new Connection(r);
    this.writeTx = new SqliteTx(this.writer);
    this.readTx = new SqliteTx(this.reader);
  }

  static async open(opts: SqliteStoreOptions): Promise<SqliteStore> {
    const tempDir = opts.dataDir ? undefined : mkdtempSync(join(tmpdir(), 'postern-'));
    const dir = opts.dataDir ?? tempDir!;
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'postern.db');
    await migrate(path);
    return new SqliteStore(path, tempDir);
  }

  read<T>(fn: (tx: StoreReader) => Promise<T>): Promise<T> {
    return fn(this.readTx);
  }

  write<T>(fn: (tx: StoreWriter) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.draining) { this.draining = true; setImmediate(() => void this.drain()); }
    });
  }

  private async drain(): Promise<void> {
    const db = this.writer.db;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0);
      const outcomes: (() => void)[] = [];
      db.exec('BEGIN IMMEDIATE');
      for (const job of batch) {
        db.exec('SAVEPOINT call');
        try {
          const value = await job.fn(this.writeTx);
          db.exec('RELEASE call');
          outcomes.push(() => job.resolve(value));
        } catch (err) {
          db.exec('ROLLBACK TO call');
          db.exec('RELEASE call');
          outcomes.push(() => job.reject(err));
        }
      }
      try {
        db.exec('COMMIT');
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
        for (const job of batch) job.reject(err);
        continue;
      }
      for (const settle of outcomes) settle();
    }
    this.draining = false;
  }

  async close(): Promise<void> {
    this.closed = true;
    while (this.draining) await new Promise((r) => setImmediate(r));
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
