/**
 * @module store/sqlite/checkpointer
 * Copies the WAL back into the database file from a worker thread. SQLite's automatic checkpoint runs
 * inside a COMMIT, on the thread that commits: here that is the event loop, which would stop serving
 * requests while pages are copied and both files fsynced. The writer turns automatic checkpoints off
 * (wal_autocheckpoint=0) and this worker, on its own connection, checkpoints:
 *   - passively once a second, which backfills the WAL while writes are sparse (the next write after a
 *     full backfill starts the WAL over);
 *   - on the writer's demand (restart()), while the writer holds its next batch back: under a steady
 *     stream of writes a passive checkpoint never catches up with the end of the WAL, SQLite never
 *     starts it over, and it grows without bound (hundreds of MB in a minute of creates), making every
 *     read look through more of it. With the writer idle the checkpoint copies everything, and the next
 *     commit writes the WAL again from its start.
 * RESTART rather than TRUNCATE: the WAL file keeps its size and its blocks, so commits overwrite them in
 * place; a truncated WAL grows again commit by commit, and every fsync of a growing file is also a
 * filesystem journal commit (a third of the kernel time of a create, measured on ext4).
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
const timer = setInterval(() => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (err) { parentPort.postMessage({ error: String(err) }); } }, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m === 'restart') {
    try {
      const [{ busy }] = db.pragma('wal_checkpoint(RESTART)');
      parentPort.postMessage(busy ? { restarted: false, error: 'the WAL checkpoint could not finish: SQLITE_BUSY' } : { restarted: true });
    } catch (err) { parentPort.postMessage({ restarted: false, error: String(err) }); }
    return;
  }
  clearInterval(timer); db.close(); process.exit(0);
});
`;

type WorkerMessage = { error?: string; restarted?: boolean };

export class Checkpointer {
  private readonly worker: Worker;
  private waiting: ((restarted: boolean) => void) | undefined;

  constructor(path: string, onError: (message: string) => void = () => {}) {
    const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER, { eval: true, workerData: { path, sqlite, intervalMs: INTERVAL_MS } });
    this.worker.on('message', (m: WorkerMessage) => {
      if (m.error) onError(m.error);
      if (m.restarted !== undefined) {
        this.worker.unref();
        this.waiting?.(m.restarted);
        this.waiting = undefined;
      }
    });
    this.worker.unref();
  }

  /**
   * Checkpoints the whole WAL so that the next commit writes it from its start; the caller writes nothing
   * meanwhile. Settles with whether it did (a failure is also reported through onError): if not, the
   * WAL goes on growing.
   */
  restart(): Promise<boolean> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      // A write waits on the answer: the process must not end before it comes.
      this.worker.ref();
      this.worker.postMessage('restart');
    });
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    // Held while stopping, so that the process waits for the worker to close its connection.
    this.worker.ref();
    this.worker.postMessage('stop');
    await exited;
  }
}
