/**
 * @module bench/http
 * A raw HTTP/1.1 client over one keep-alive TCP connection, one request in flight at a time. The load
 * generator writes request bytes itself and reads Content-Length or chunked bodies, so that its own CPU
 * cost stays small next to the servers' (node:http's client would cost several times more per call).
 */
import { connect, type Socket } from 'node:net';

export interface HttpResponse {
  status: number;
  body: string;
}

const HEADER_END = Buffer.from('\r\n\r\n');
/** A response slower than this is a failure (and its connection is dropped): no phase waits forever on a call. */
const RESPONSE_TIMEOUT_MS = 60_000;

export class KeepAliveConnection {
  private socket: Socket | undefined;
  private buffer: Buffer = Buffer.alloc(0);
  /** chunks received since the buffer was last joined: a body of megabytes arrives in many chunks, joined once */
  private queued: Buffer[] = [];
  private queuedBytes = 0;
  /** bytes the buffer must hold before parsing can go on (0: unknown) */
  private need = 0;
  /** the pending response's status and headers, once read */
  private head: { status: number; headers: Map<string, string> } | undefined;
  /** the chunks of a chunked body read so far */
  private bodyChunks: Buffer[] = [];
  private pending: { resolve: (r: HttpResponse) => void; reject: (e: Error) => void; timer: NodeJS.Timeout } | undefined;
  /** TCP connections opened: 1 when the server kept the connection alive throughout */
  connects = 0;

  constructor(private readonly host: string, private readonly port: number) {}

  request(head: string, body: string): Promise<HttpResponse> {
    if (this.pending) return Promise.reject(new Error('a request is already in flight on this connection'));
    const socket = this.socket ?? this.open();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        this.close();
        reject(new Error(`no response within ${RESPONSE_TIMEOUT_MS / 1000} s`));
      }, RESPONSE_TIMEOUT_MS);
      this.pending = { resolve, reject, timer };
      socket.write(head + body);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }

  private open(): Socket {
    const socket = connect({ host: this.host, port: this.port, noDelay: true });
    this.connects++;
    this.buffer = Buffer.alloc(0);
    this.queued = [];
    this.queuedBytes = 0;
    this.need = 0;
    this.head = undefined;
    this.bodyChunks = [];
    socket.on('data', (chunk: Buffer) => {
      this.queued.push(chunk);
      this.queuedBytes += chunk.length;
      if (this.buffer.length + this.queuedBytes < this.need) return;
      this.buffer = this.buffer.length || this.queued.length > 1 ? Buffer.concat([this.buffer, ...this.queued]) : chunk;
      this.queued = [];
      this.queuedBytes = 0;
      this.parse();
    });
    const fail = (err: Error) => {
      // A socket this connection already gave up (Connection: close) has no request of its own any more.
      if (this.socket !== socket) return;
      this.socket = undefined;
      const p = this.pending;
      this.pending = undefined;
      if (p) clearTimeout(p.timer);
      p?.reject(err);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed by the server before the response was complete')));
    this.socket = socket;
    return socket;
  }

  /**
   * Reads what the buffer holds of the pending response. Headers, and each chunk of a chunked body, leave
   * the buffer once read, and `need` says how many bytes must be there before parsing again: a body of
   * megabytes costs its length, not its length times the number of packets it came in.
   */
  private parse(): void {
    if (!this.pending) return;
    if (!this.head) {
      const end = this.buffer.indexOf(HEADER_END);
      if (end < 0) return;
      const lines = this.buffer.subarray(0, end).toString('latin1').split('\r\n');
      const headers = new Map<string, string>();
      for (const line of lines.slice(1)) {
        const i = line.indexOf(':');
        if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
      }
      this.head = { status: Number(lines[0]?.split(' ')[1]), headers };
      this.buffer = this.buffer.subarray(end + HEADER_END.length);
    }
    const { status, headers } = this.head;
    let body: Buffer;
    const length = headers.get('content-length');
    if (length !== undefined) {
      if (this.buffer.length < Number(length)) {
        this.need = Number(length);
        return;
      }
      body = this.buffer.subarray(0, Number(length));
      this.buffer = this.buffer.subarray(Number(length));
    } else if (headers.get('transfer-encoding')?.toLowerCase() === 'chunked') {
      for (;;) {
        const eol = this.buffer.indexOf('\r\n');
        if (eol < 0) { this.need = 0; return; }
        const size = parseInt(this.buffer.subarray(0, eol).toString('latin1'), 16);
        if (this.buffer.length < eol + 2 + size + 2) { this.need = eol + 2 + size + 2; return; }
        if (size > 0) this.bodyChunks.push(this.buffer.subarray(eol + 2, eol + 2 + size));
        this.buffer = this.buffer.subarray(eol + 2 + size + 2);
        if (size === 0) break;
      }
      body = Buffer.concat(this.bodyChunks);
      this.bodyChunks = [];
    } else {
      // No length: the body runs to the end of the connection (HTTP/1.0 style); the bench servers never do this.
      clearTimeout(this.pending.timer);
      this.pending.reject(new Error(`response without Content-Length or chunked encoding (status ${status})`));
      this.pending = undefined;
      this.close();
      return;
    }
    const text = body.toString('utf8');
    this.head = undefined;
    this.need = 0;
    if (headers.get('connection')?.toLowerCase() === 'close') this.close();
    const p = this.pending;
    this.pending = undefined;
    clearTimeout(p.timer);
    p.resolve({ status, body: text });
  }
}
