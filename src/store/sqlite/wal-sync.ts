/**
 * @module store/sqlite/wal-sync
 * Makes commits durable: fsync of the WAL file on libuv's thread pool, so the event loop keeps serving.
 * At most one fsync runs at a time, and the next one covers every commit made while the previous ran:
 * under load a few commits share one fsync instead of queueing one each (each costs the disk a flush).
 *
 *   commit A ── fsync ──────────> A durable
 *   commit B ─┐   commit C ─┐
 *             └───────────┴── fsync ──> B, C durable
 */
import { open, type FileHandle } from 'node:fs/promises';

interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class WalSync {
  private handle: Promise<FileHandle> | undefined;
  private running: Promise<void> | undefined;
  private waiting: Waiter[] = [];

  constructor(private readonly walPath: string) {}

  /** Settles once every commit made before the call is on disk. */
  durable(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.running ??= this.run();
    });
  }

  /** The WAL's file descriptor, once a commit has opened it. */
  async fd(): Promise<number | undefined> {
    return this.handle && (await this.handle).fd;
  }

  /** Settles when no fsync is running or waiting. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    await this.idle();
    if (this.handle) await (await this.handle).close();
  }

  private async run(): Promise<void> {
    while (this.waiting.length > 0) {
      const covered = this.waiting.splice(0);
      try {
        this.handle ??= open(this.walPath, 'r');
        await (await this.handle).sync();
        for (const w of covered) w.resolve();
      } catch (err) {
        for (const w of covered) w.reject(err);
      }
    }
    this.running = undefined;
  }
}
