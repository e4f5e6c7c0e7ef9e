/**
 * @module store/sqlite/checkpointer
 * Copies the WAL back into the database file from a worker thread. SQLite's automatic checkpoint runs
 * inside a COMMIT, on the thread that commits: here that is the event loop, which would stop serving
 * requests while pages are copied and both files fsynced. The writer turns automatic checkpoints off
 * (wal_autocheckpoint=0) and this worker, on its own connection, checkpoints passively once a second.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';

const INTERVAL_MS = 1000;

// A CommonJS worker body: better-sqlite3 is loaded by the path the main thread resolved.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (err) { parentPort.postMessage(String(err)); } }, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); process.exit(0); });
`;

export class Checkpointer {
  private readonly worker: Worker;

  constructor(path: string, onError: (message: string) => void = () => {}) {
    const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER, { eval: true, workerData: { path, sqlite, intervalMs: INTERVAL_MS } });
    this.worker.on('message', onError);
    this.worker.unref();
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    // Held while stopping, so that the process waits for the worker to close its connection.
    this.worker.ref();
    this.worker.postMessage('stop');
    await exited;
  }
}
