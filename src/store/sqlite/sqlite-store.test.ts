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

test('only the rows declared shared are indexed across accounts, by their value, and a changed declaration is worked out anew for older rows', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'postern-shared-'));
  const sharedRows = () => {
    const db = new Database(join(dir, 'postern.db'), { readonly: true });
    try {
      const rows = db.prepare('SELECT id, shared_by FROM resources INDEXED BY resources_shared_by WHERE shared_by IS NOT NULL ORDER BY seq').all() as { id: string; shared_by: string }[];
      return rows.map((r) => [r.id, r.shared_by]);
    } finally {
      db.close();
    }
  };
  try {
    const unlessAmazon = { 'vpc-endpoint-service': true, 'vpc-endpoint': { by: 'owner', unless: { field: 'owner', is: 'amazon' } } } as const;
    let store = await SqliteStore.open({ dataDir: dir, sharedTypes: unlessAmazon });
    await store.write(async (tx) => {
      await tx.insertResource(A, { id: 'vpce-svc-1', type: 'vpc-endpoint-service', data: {} });
      await tx.insertResource(A, { id: 'vpce-1', type: 'vpc-endpoint', data: { owner: '111111111111', service: 's1' } });
      await tx.insertResource(A, { id: 'vpce-2', type: 'vpc-endpoint', data: { owner: 'amazon', service: 's2' } });
      await tx.insertResource(A, { id: 'vpc-1', type: 'vpc', data: {} });
    });
    // An update that changes the field moves the row in or out.
    await store.write((tx) => tx.updateResource(A, { id: 'vpce-1', type: 'vpc-endpoint', data: { owner: 'amazon', service: 's1' } }));
    await store.write((tx) => tx.updateResource(A, { id: 'vpce-2', type: 'vpc-endpoint', data: { owner: '222222222222', service: 's2' } }));
    await store.close();
    assert.deepEqual(sharedRows(), [['vpce-svc-1', ''], ['vpce-2', '222222222222']]);
    store = await SqliteStore.open({ dataDir: dir, sharedTypes: { 'vpc-endpoint': { by: 'service' } } });
    await store.close();
    assert.deepEqual(sharedRows(), [['vpce-svc-1', ''], ['vpce-1', 's1'], ['vpce-2', 's2']]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
