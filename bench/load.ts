/**
 * @module bench/load
 * The load generator: a fixed number of workers, each on its own keep-alive connection, sending signed
 * EC2 Query requests until the phase's call count or time budget is used up, whichever comes first. A
 * phase reports its calls, the errors (by code, with a few samples), wall time, and the server's CPU
 * ticks over the phase, read from /proc before and after.
 */
import { performance } from 'node:perf_hooks';
import { KeepAliveConnection } from './http.js';
import { cpuTicks, type ServerProcess } from './servers.js';
import { Signer, type Credentials } from './sigv4.js';

export interface BenchAccount extends Credentials {
  accountId: string;
  name: string;
}

/** One EC2 Query call: who signs it, where, and the form body (Action=...&Version=...&...). */
export interface Call {
  account: BenchAccount;
  region: string;
  body: string;
}

export interface PhaseSpec {
  name: string;
  maxCalls: number;
  maxMs: number;
  concurrency: number;
  /** the i-th call of the phase */
  call(i: number): Call;
  /** undefined when the 200 response body is what the call must return; otherwise what is wrong with it */
  check(i: number, body: string): string | undefined;
}

export interface PhaseResult {
  name: string;
  calls: number;
  ok: number;
  /** error kind (AWS error code, `unexpected-body`, `network`) -> count */
  errors: Map<string, number>;
  /** a few error messages, for the report */
  samples: string[];
  elapsedMs: number;
  /**
   * When the phase began and ended, in µs of the monotonic clock (CLOCK_MONOTONIC, the clock of the
   * timestamps in a V8 .cpuprofile): the window of a phase in a profile of the server (bench/profile.ts).
   */
  window: { startUs: number; endUs: number };
  cpuTicks: number;
  /** the server answered InvalidAction: the operation does not exist there (yet) */
  notImplemented: boolean;
  /** TCP connections opened during the phase (= concurrency when every connection was kept alive) */
  connects: number;
  /** CPU time of the load generator itself over the phase, in ms */
  loadCpuMs: number;
}

const EC2_VERSION = '2016-11-15';

const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

export function ec2Body(action: string, params: Record<string, string | number | boolean> = {}): string {
  let body = `Action=${action}&Version=${EC2_VERSION}`;
  for (const [k, v] of Object.entries(params)) body += `&${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`;
  return body;
}

export function errorCode(body: string): string | undefined {
  return /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
}

/** A server as the load generator sees it: where it listens and how a call names its account. */
export class Target {
  private readonly signer = new Signer();
  private readonly hostHeader: string;

  /**
   * @param accountHeader moto_server takes the account of a call from the `x-moto-account-id` header
   *   (moto/core/responses.py, get_current_account); Postern from the access key, as AWS does.
   */
  constructor(readonly server: ServerProcess, private readonly accountHeader: boolean) {
    this.hostHeader = `${server.host}:${server.port}`;
  }

  connection(): KeepAliveConnection {
    return new KeepAliveConnection(this.server.host, this.server.port);
  }

  head(call: Call): string {
    const headers = this.signer.sign(call.account, call.region, 'ec2', this.hostHeader, call.body);
    let head = 'POST / HTTP/1.1\r\n';
    for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
    if (this.accountHeader) head += `x-moto-account-id: ${call.account.accountId}\r\n`;
    return `${head}Content-Length: ${Buffer.byteLength(call.body)}\r\nConnection: keep-alive\r\n\r\n`;
  }

  /** One call on its own connection, for set-up steps. */
  async send(call: Call): Promise<{ status: number; body: string }> {
    const c = this.connection();
    try {
      return await c.request(this.head(call), call.body);
    } finally {
      c.close();
    }
  }

  async run(spec: PhaseSpec): Promise<PhaseResult> {
    const result = emptyResult(spec.name);
    const fail = (kind: string, message: string) => {
      result.errors.set(kind, (result.errors.get(kind) ?? 0) + 1);
      if (result.samples.length < 5) result.samples.push(`${kind}: ${message.slice(0, 300)}`);
    };
    let next = 0;
    let stopped = false;
    const connections = Array.from({ length: spec.concurrency }, () => this.connection());
    const cpuBefore = cpuTicks(this.server.pid);
    const loadBefore = process.cpuUsage();
    const start = performance.now();
    result.window.startUs = monotonicUs();
    const deadline = start + spec.maxMs;

    const worker = async (conn: KeepAliveConnection) => {
      while (!stopped && next < spec.maxCalls && performance.now() < deadline) {
        const i = next++;
        const call = spec.call(i);
        result.calls++;
        let status: number;
        let body: string;
        try {
          ({ status, body } = await conn.request(this.head(call), call.body));
        } catch (err) {
          fail('network', (err as Error).message);
          continue;
        }
        if (status !== 200) {
          const code = errorCode(body) ?? `http-${status}`;
          if (code === 'InvalidAction') { result.notImplemented = true; stopped = true; }
          fail(code, `${status} ${body}`);
          continue;
        }
        const wrong = spec.check(i, body);
        if (wrong) fail('unexpected-body', `${wrong}; body: ${body.slice(0, 200)}`);
        else result.ok++;
      }
    };
    await Promise.all(connections.map(worker));
    result.elapsedMs = performance.now() - start;
    result.window.endUs = monotonicUs();
    result.cpuTicks = cpuTicks(this.server.pid) - cpuBefore;
    const load = process.cpuUsage(loadBefore);
    result.loadCpuMs = (load.user + load.system) / 1000;
    result.connects = connections.reduce((n, c) => n + c.connects, 0);
    for (const c of connections) c.close();
    return result;
  }
}

function emptyResult(name: string): PhaseResult {
  return {
    name, calls: 0, ok: 0, errors: new Map(), samples: [], elapsedMs: 0, window: { startUs: 0, endUs: 0 }, cpuTicks: 0, notImplemented: false, connects: 0, loadCpuMs: 0,
  };
}

/** Adds a slice's result to the phase's so far. */
function addSlice(r: PhaseResult, slice: PhaseResult): void {
  if (r.calls === 0 && r.elapsedMs === 0) r.window.startUs = slice.window.startUs;
  r.window.endUs = slice.window.endUs;
  r.calls += slice.calls;
  r.ok += slice.ok;
  for (const [kind, n] of slice.errors) r.errors.set(kind, (r.errors.get(kind) ?? 0) + n);
  r.samples.push(...slice.samples.slice(0, 5 - r.samples.length));
  r.elapsedMs += slice.elapsedMs;
  r.notImplemented ||= slice.notImplemented;
  r.connects += slice.connects;
  r.loadCpuMs += slice.loadCpuMs;
}

/**
 * One phase per server, run in alternating slices of `sliceMs` (A B, then B A, ...), each slice carrying on
 * where that server's last one stopped (call i of a slice is call offset + i of the phase), until every
 * phase has used its call or time budget. On a shared VM whose speed drifts by a tenth or more within a
 * minute, phases run one after the other can meet different weather; slices put both servers through the
 * same drift, so that their ratio is measured under the same conditions. A server's CPU is read over the
 * whole interleaved run: work its calls leave behind (Postern's realizer, its checkpoints) counts for it
 * even when it falls in the other server's slice. Calls/s is over the server's own slices; the profile
 * window spans the other server's slices too.
 */
export async function runInterleaved(phases: readonly { target: Target; spec: PhaseSpec }[], sliceMs: number): Promise<PhaseResult[]> {
  const results = phases.map(({ spec }) => emptyResult(spec.name));
  const cpuBefore = phases.map(({ target }) => cpuTicks(target.server.pid));
  const finished = (k: number) => {
    const r = results[k]!;
    const { spec } = phases[k]!;
    return r.notImplemented || r.calls >= spec.maxCalls || r.elapsedMs >= spec.maxMs;
  };
  for (let round = 0; phases.some((_, k) => !finished(k)); round++) {
    const order = [...phases.keys()];
    for (const k of round % 2 === 0 ? order : order.reverse()) {
      if (finished(k)) continue;
      const { target, spec } = phases[k]!;
      const r = results[k]!;
      const offset = r.calls;
      addSlice(r, await target.run({
        ...spec,
        maxCalls: spec.maxCalls - offset,
        maxMs: Math.min(sliceMs, spec.maxMs - r.elapsedMs),
        call: (i) => spec.call(offset + i),
        check: (i, body) => spec.check(offset + i, body),
      }));
    }
  }
  for (const [k, { target }] of phases.entries()) results[k]!.cpuTicks = cpuTicks(target.server.pid) - cpuBefore[k]!;
  return results;
}
