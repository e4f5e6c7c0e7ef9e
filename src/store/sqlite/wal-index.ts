/**
 * @module store/sqlite/wal-index
 * How many bytes of frames the WAL holds, read from the header of the WAL-index (the `-shm` file) as
 * https://www.sqlite.org/walformat.html documents it ("The WAL-Index Header"): the page size, a u16 at
 * byte 14 (1 meaning 65536), and mxFrame, the number of valid frames, a u32 at byte 16, both in the
 * machine's byte order; each frame is a 24-byte header and a page, after the WAL's 32-byte header.
 *
 * Why not the WAL file's size: after a checkpoint the WAL is rewritten in place from its start
 * (checkpointer.ts), so its size stays that of its fullest moment. SQLite reports the frame count to
 * sqlite3_wal_hook after each commit, which better-sqlite3 does not expose.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { endianness } from 'node:os';

const WAL_HEADER_BYTES = 32;
const FRAME_HEADER_BYTES = 24;
const LITTLE_ENDIAN = endianness() === 'LE';

export class WalIndex {
  private fd: number | undefined;
  private readonly header = Buffer.alloc(20);

  /** `shmPath`: the `-shm` file of a database in WAL mode, which SQLite creates at its first transaction. */
  constructor(private readonly shmPath: string) {}

  /**
   * Bytes of valid frames in the WAL, once a transaction has run. Read without SQLite's locks, so it may be a commit behind: it is a
   * measure of when to checkpoint, not of what is durable.
   */
  walBytes(): number {
    this.fd ??= openSync(this.shmPath, 'r');
    if (readSync(this.fd, this.header, 0, this.header.length, 0) < this.header.length) return 0;
    const h = this.header;
    const encodedPageSize = LITTLE_ENDIAN ? h.readUInt16LE(14) : h.readUInt16BE(14);
    const frames = LITTLE_ENDIAN ? h.readUInt32LE(16) : h.readUInt32BE(16);
    if (frames === 0) return 0;
    return WAL_HEADER_BYTES + frames * ((encodedPageSize === 1 ? 65536 : encodedPageSize) + FRAME_HEADER_BYTES);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
  }
}
