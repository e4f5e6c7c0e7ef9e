/**
 * What only the SQLite backend promises, beyond the store contract (store.case.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore } from './sqlite-store.js';

const A = { accountId: '111111111111', region: 'us-east-1' };

test('under steady writes the WAL is checkpointed and started over once past its limit, rewritten in place, and nothing is lost', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'postern-wal-'));
  try {
    const MiB = 1024 * 1024;
    let store = await SqliteStore.open({ dataDir: dir, walLimitBytes: 8 * MiB });
    const wal = join(dir, 'postern.db-wal');
    const walSize = () => (existsSync(wal) ? statSync(wal).size : 0);
    const filler = 'x'.repeat(64 * 1024);
    let largest = 0;
    let smallestOnceFull = Infinity;
    // 400 writes of 64 KiB, each awaited as a client would: about 26 MiB through a WAL that stays near 8.
    for (let i = 0; i < 400; i++) {
      await store.write((tx) => tx.insertResource(A, { id: `vpc-${i}`, type: 'vpc', data: { filler } }));
      largest = Math.max(largest, walSize());
      if (largest > 8 * MiB) smallestOnceFull = Math.min(smallestOnceFull, walSize());
    }
    assert.ok(largest > 8 * MiB && largest < 9 * MiB, `the WAL file reached ${largest} bytes`);
    // Started over, not truncated: commits overwrite the file's blocks instead of growing it again.
    assert.ok(smallestOnceFull > 8 * MiB, `the WAL file went down to ${smallestOnceFull} bytes`);
    assert.ok(statSync(join(dir, 'postern.db')).size > 16 * MiB, 'the checkpoints copied the writes into the database');
    assert.equal((await store.read((tx) => tx.listResources(A, 'vpc'))).length, 400);
    await store.close();
    store = await SqliteStore.open({ dataDir: dir });
    assert.equal((await store.read((tx) => tx.listResources(A, 'vpc'))).length, 400);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('only the types declared shared are indexed across accounts, and the index follows the declaration', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'postern-shared-'));
  const indexOf = () => {
    const db = new Database(join(dir, 'postern.db'), { readonly: true });
    try {
      return (db.prepare("SELECT sql FROM sqlite_master WHERE tbl_name = 'resources' AND sql LIKE '%(region, type, seq)%'").all() as { sql: string }[]).map((r) => r.sql);
    } finally {
      db.close();
    }
  };
  try {
    for (const [sharedTypes, condition] of [
      [['vpc-endpoint', 'vpc-endpoint-service'], `WHERE "type" in ('vpc-endpoint', 'vpc-endpoint-service')`],
      [['vpc-endpoint-service'], `WHERE "type" in ('vpc-endpoint-service')`],
      [[], undefined],
    ] as const) {
      const store = await SqliteStore.open({ dataDir: dir, sharedTypes });
      await store.close();
      const index = indexOf();
      assert.equal(index.length, condition ? 1 : 0, `${sharedTypes}: ${index}`);
      if (condition) assert.ok(index[0]!.endsWith(condition), index[0]);
    }
    await assert.rejects(SqliteStore.open({ dataDir: dir, sharedTypes: ["x') OR (1"] }), /not a resource type/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
