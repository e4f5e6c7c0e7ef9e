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

test('under steady writes the WAL is checkpointed and emptied once past 16 MiB, and nothing is lost', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'postern-wal-'));
  try {
    const store = await SqliteStore.open({ dataDir: dir });
    const wal = join(dir, 'postern.db-wal');
    const walSize = () => (existsSync(wal) ? statSync(wal).size : 0);
    const filler = 'x'.repeat(64 * 1024);
    let largest = 0;
    // 400 writes of 64 KiB: about 25 MiB through the WAL, each write awaited as a client would.
    for (let i = 0; i < 400; i++) {
      await store.write((tx) => tx.insertResource(A, { id: `vpc-${i}`, type: 'vpc', data: { filler } }));
      largest = Math.max(largest, walSize());
    }
    assert.ok(largest > 16 * 1024 * 1024, `the WAL reached ${largest} bytes`);
    assert.ok(walSize() < largest / 2, `the WAL was emptied (${walSize()} bytes now, ${largest} at most)`);
    assert.equal((await store.read((tx) => tx.listResources(A, 'vpc'))).length, 400);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
