/**
 * What only the SQLite backend promises, beyond the store contract (store.case.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from './sqlite-store.js';

const A = { accountId: '111111111111', region: 'us-east-1' };

test('under steady writes the WAL is checkpointed and started over once past 16 MiB, rewritten in place, and nothing is lost', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'postern-wal-'));
  try {
    let store = await SqliteStore.open({ dataDir: dir });
    const wal = join(dir, 'postern.db-wal');
    const walSize = () => (existsSync(wal) ? statSync(wal).size : 0);
    const filler = 'x'.repeat(64 * 1024);
    let largest = 0;
    let smallestOnceFull = Infinity;
    // 800 writes of 64 KiB, each awaited as a client would: about 52 MiB through a WAL that stays near 16.
    for (let i = 0; i < 800; i++) {
      await store.write((tx) => tx.insertResource(A, { id: `vpc-${i}`, type: 'vpc', data: { filler } }));
      largest = Math.max(largest, walSize());
      if (largest > 16 * 1024 * 1024) smallestOnceFull = Math.min(smallestOnceFull, walSize());
    }
    assert.ok(largest > 16 * 1024 * 1024 && largest < 17 * 1024 * 1024, `the WAL file reached ${largest} bytes`);
    // Started over, not truncated: commits overwrite the file's blocks instead of growing it again.
    assert.ok(smallestOnceFull > 16 * 1024 * 1024, `the WAL file went down to ${smallestOnceFull} bytes`);
    assert.ok(statSync(join(dir, 'postern.db')).size > 32 * 1024 * 1024, 'the checkpoints copied the writes into the database');
    assert.equal((await store.read((tx) => tx.listResources(A, 'vpc'))).length, 800);
    await store.close();
    store = await SqliteStore.open({ dataDir: dir });
    assert.equal((await store.read((tx) => tx.listResources(A, 'vpc'))).length, 800);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
