import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { WalIndex } from './wal-index.js';

test('the WAL-index tells the bytes of frames in the WAL, which is the WAL file until a checkpoint starts it over', () => {
  const dir = mkdtempSync(join(tmpdir(), 'postern-wal-index-'));
  const path = join(dir, 'db');
  const db = new Database(path);
  const index = new WalIndex(`${path}-shm`);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.exec('CREATE TABLE t (v TEXT)');
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    for (let i = 0; i < 50; i++) insert.run('x'.repeat(3000));
    const bytes = index.walBytes();
    assert.ok(bytes > 50 * 3000, `${bytes} bytes`);
    assert.equal(bytes, statSync(`${path}-wal`).size);
    db.pragma('wal_checkpoint(RESTART)');
    insert.run('y');
    // The next commit wrote from the start of the WAL, which kept its size.
    assert.equal(index.walBytes(), 32 + 4120);
    assert.equal(statSync(`${path}-wal`).size, bytes);
  } finally {
    index.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
