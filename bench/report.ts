/**
 * @module bench/report
 * What every part of the bench shares to run and report its phases: the log line of a phase, the outcome
 * of a measured operation (a result, or why there is none), its figures (calls/s, server CPU per call), and
 * the plain-text tables the run ends with.
 */
import { runInterleaved, type PhaseResult, type PhaseSpec, type Target } from './load.js';
import { CLOCK_TICKS } from './servers.js';
import { SetupError } from './workload.js';

/** Postern runs with --cpu-prof: each of its phases logs its time window in the profile. */
const PROFILING = /--cpu-prof\b/.test(process.env.POSTERN_BENCH_NODE_FLAGS ?? '');

export type Outcome = { result: PhaseResult } | { skipped: string };

export const log = (line: string): void => { process.stdout.write(`${line}\n`); };

export function summary(r: PhaseResult): string {
  const errors = [...r.errors].map(([k, n]) => `${k}×${n}`).join(', ');
  return `${r.ok}/${r.calls} ok in ${(r.elapsedMs / 1000).toFixed(2)} s, ${(r.ok / (r.elapsedMs / 1000)).toFixed(0)} calls/s, `
    + `server CPU ${(r.cpuTicks / CLOCK_TICKS).toFixed(2)} s (load generator ${(r.loadCpuMs / 1000).toFixed(2)} s), ${r.connects} connections${errors ? `, ERRORS ${errors}` : ''}`;
}

function logPhase(target: Target, spec: PhaseSpec, r: PhaseResult): void {
  log(`  ${target.server.name.padEnd(11)} ${spec.name}: ${summary(r)}`);
  for (const s of r.samples) log(`      ${s}`);
  if (PROFILING && target.server.name === 'postern') log(`      profile window: ${r.window.startUs} ${r.window.endUs} (npx tsx bench/profile.ts <file>.cpuprofile ${r.window.startUs} ${r.window.endUs})`);
}

/** Runs a phase, logs it, and stops the suite when the phase must succeed in full and did not. */
export async function phase(target: Target, spec: PhaseSpec, mustComplete: boolean): Promise<PhaseResult> {
  const r = await target.run(spec);
  logPhase(target, spec, r);
  if (r.notImplemented) throw new SetupError(`${spec.name}: not implemented (InvalidAction)`, true);
  if (mustComplete && (r.errors.size > 0 || r.ok < spec.maxCalls)) throw new SetupError(`${spec.name} did not complete: ${r.ok} of ${spec.maxCalls} calls succeeded`);
  return r;
}

/** One server's part of a measured operation: its phase (undefined: not measured there) and where the outcome goes. */
export interface MeasuredRun {
  readonly target: Target;
  phaseOf(op: string): PhaseSpec | undefined;
  record(op: string, outcome: Outcome): void;
}

/** Slices of the interleaved measured phases (load.ts runInterleaved) */
const SLICE_MS = 1000;

/** An operation measured on both servers at once, in alternating slices (load.ts runInterleaved). */
export async function measureInterleaved(runs: readonly MeasuredRun[], op: string): Promise<void> {
  const phases = runs.flatMap((run) => {
    const spec = run.phaseOf(op);
    return spec ? [{ run, target: run.target, spec }] : [];
  });
  const results = await runInterleaved(phases, SLICE_MS);
  for (const [k, { run, target, spec }] of phases.entries()) {
    logPhase(target, spec, results[k]!);
    run.record(op, results[k]!.notImplemented ? { skipped: 'not implemented' } : { result: results[k]! });
  }
}

export const why = (err: unknown): string => (err instanceof SetupError && err.notImplemented ? 'not implemented' : `failed: ${(err as Error).message.split('\n')[0]}`);

export interface Figures {
  callsPerSecond?: number;
  /** wall time per call, in ms (meaningful as a latency when the phase ran one call at a time) */
  msPerCall?: number;
  cpuMsPerCall?: number;
  status: string;
}

export function figures(o: Outcome | undefined): Figures {
  if (!o) return { status: 'not run' };
  if ('skipped' in o) return { status: o.skipped };
  const r = o.result;
  const errors = [...r.errors.values()].reduce((a, b) => a + b, 0);
  return {
    callsPerSecond: r.ok / (r.elapsedMs / 1000),
    msPerCall: r.ok ? r.elapsedMs / r.ok : undefined,
    cpuMsPerCall: r.ok ? (r.cpuTicks / CLOCK_TICKS) * 1000 / r.ok : undefined,
    status: errors ? `${errors} errors` : 'ok',
  };
}

/** Why a figure is missing, for the verdict line. */
export function missing(p: Figures, m: Figures): string {
  if (p.status === 'not implemented') return 'NOT IMPLEMENTED';
  return /errors$/.test(p.status) || /errors$/.test(m.status) ? 'ERRORS' : 'NOT MEASURED';
}

/** The status cell of a row: ok, or what went wrong on each side. */
export function statusOf(p: Figures, m: Figures): string {
  if (p.status === 'ok' && m.status === 'ok') return 'ok';
  return [p.status === 'ok' ? '' : `Postern: ${p.status}`, m.status === 'ok' ? '' : `moto: ${m.status}`].filter(Boolean).join('; ').slice(0, 100);
}

export const num = (n: number | undefined, digits: number): string => (n === undefined ? '-' : n.toFixed(digits));
export const ratio = (p: number | undefined, m: number | undefined): number | undefined => (p !== undefined && m ? p / m : undefined);

/** Left-aligned first and last columns, right-aligned numbers between, a rule under the header. */
export function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const [i, r] of rows.entries()) {
    log(r.map((cell, c) => (c === 0 || c === r.length - 1 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
    if (i === 0) log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

/** Met and total targets of one part of the bench, with a verdict per operation. */
export interface Verdict {
  met: number;
  targets: number;
  verdicts: string[];
}

/**
 * The throughput table: calls/s and CPU per call of each operation on both servers, with the Postern/moto
 * ratios against the targets (>= 10x the calls/s, <= 0.1x the CPU per call).
 */
export function throughputTable(operations: readonly string[], postern: Map<string, Outcome>, moto: Map<string, Outcome>): Verdict {
  const rows: string[][] = [[
    'operation', 'Postern calls/s', 'moto calls/s', 'ratio (target >= 10x)', 'Postern CPU ms/call', 'moto CPU ms/call', 'ratio (target <= 0.1x)', 'status',
  ]];
  const v: Verdict = { met: 0, targets: 0, verdicts: [] };
  for (const op of operations) {
    const p = figures(postern.get(op));
    const m = figures(moto.get(op));
    const usable = p.status === 'ok' && m.status === 'ok';
    const speed = usable ? ratio(p.callsPerSecond, m.callsPerSecond) : undefined;
    const cpu = usable ? ratio(p.cpuMsPerCall, m.cpuMsPerCall) : undefined;
    rows.push([op, num(p.callsPerSecond, 0), num(m.callsPerSecond, 0), speed === undefined ? '-' : `${speed.toFixed(2)}x`,
      num(p.cpuMsPerCall, 3), num(m.cpuMsPerCall, 3), cpu === undefined ? '-' : `${cpu.toFixed(3)}x`, statusOf(p, m)]);
    v.targets += 2;
    if (speed === undefined || cpu === undefined) {
      v.verdicts.push(`${op} ${missing(p, m)}`);
      continue;
    }
    const fast = speed >= 10;
    const lean = cpu <= 0.1;
    v.met += Number(fast) + Number(lean);
    v.verdicts.push(`${op} calls/s ${fast ? 'PASS' : 'FAIL'} CPU ${lean ? 'PASS' : 'FAIL'}`);
  }
  printTable(rows);
  return v;
}

/** Servers that did not keep connections alive: each of their calls paid for a new connection. */
export function connectionNote(name: string, outcomes: Iterable<Outcome>, concurrency: number): string | undefined {
  // A connection per call, not one per worker and slice.
  const closed = [...outcomes].some((o) => 'result' in o && o.result.connects > Math.max(concurrency, o.result.calls / 2));
  return closed ? `${name} closed the connection after responses (werkzeug answers \`Connection: close\`), so its calls opened new TCP connections; that cost is the server's and is counted.` : undefined;
}
