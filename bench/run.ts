/**
 * @module bench/run
 * `npm run bench`: Postern against moto_server, measured in the same run with the same load generator.
 *
 * Both servers run as child processes (Postern with its durable store in a temporary data directory, as
 * users run it). For each server: every account-region is set up, the 1000-subnet listing is built, each
 * operation is warmed up on other accounts; then four phases are measured — CreateVpc, CreateSubnet,
 * DescribeVpcs by id, DescribeSubnets listing 1000 subnets — each at a fixed concurrency and bounded in
 * calls and in time, Postern's and moto's phase of an operation one after the other. Printed: calls/s,
 * server CPU per call (from /proc, so the load generator is not counted), and the Postern/moto ratios
 * against the targets (>= 10x the calls/s, <= 0.1x the CPU per call).
 *
 * Calls/s depend on what else the machine runs; the load average is printed before and after. To profile
 * Postern during the run: POSTERN_BENCH_NODE_FLAGS='--cpu-prof --cpu-prof-dir=/tmp/prof' npm run bench.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Target, type PhaseResult, type PhaseSpec } from './load.js';
import { CLOCK_TICKS, freePort, startMoto, startPostern, type ServerProcess } from './servers.js';
import { checkAgainstSmithy } from './sigv4.js';
import {
  accountRegions, benchAccount, createSubnets, createVpcs, describeSubnets, describeVpcsById, prepareRegions, REGIONS, setUpListing,
  SetupError, SUBNETS_PER_VPC, VPCS_PER_REGION, type CreatedVpc, type Limits, type Listing,
} from './workload.js';

const CONCURRENCY = 16;
const PHASE_MS = 10_000;
const WARMUP_MS = 1_500;
const SETUP_MS = 60_000;
/** accounts whose account-regions take the measured CreateVpc calls (4 each) */
const MEASURED_ACCOUNTS = 80;
const WARMUP_ACCOUNTS = 4;

const LIMITS = {
  createVpc: { maxCalls: MEASURED_ACCOUNTS * REGIONS.length * VPCS_PER_REGION, maxMs: PHASE_MS, concurrency: CONCURRENCY },
  createSubnet: { maxCalls: 20_000, maxMs: PHASE_MS, concurrency: CONCURRENCY },
  describeVpcs: { maxCalls: 50_000, maxMs: PHASE_MS, concurrency: CONCURRENCY },
  describeSubnets: { maxCalls: 5_000, maxMs: PHASE_MS, concurrency: CONCURRENCY },
} satisfies Record<string, Limits>;
const warmup = (l: Limits): Limits => ({ ...l, maxMs: WARMUP_MS });
const setup: Limits = { maxCalls: Infinity, maxMs: SETUP_MS, concurrency: CONCURRENCY };

const OPERATIONS = ['CreateVpc', 'CreateSubnet', 'DescribeVpcs by id', 'DescribeSubnets (1000 subnets)'] as const;
type Operation = (typeof OPERATIONS)[number];

const listingAccount = benchAccount(0);
const warmupAccounts = Array.from({ length: WARMUP_ACCOUNTS }, (_, i) => benchAccount(1 + i));
const measuredAccounts = Array.from({ length: MEASURED_ACCOUNTS }, (_, i) => benchAccount(1 + WARMUP_ACCOUNTS + i));
const allAccounts = [listingAccount, ...warmupAccounts, ...measuredAccounts];

type Outcome = { result: PhaseResult } | { skipped: string };

const log = (line: string) => process.stdout.write(`${line}\n`);

function summary(r: PhaseResult): string {
  const errors = [...r.errors].map(([k, n]) => `${k}×${n}`).join(', ');
  return `${r.ok}/${r.calls} ok in ${(r.elapsedMs / 1000).toFixed(2)} s, ${(r.ok / (r.elapsedMs / 1000)).toFixed(0)} calls/s, `
    + `server CPU ${(r.cpuTicks / CLOCK_TICKS).toFixed(2)} s (load generator ${(r.loadCpuMs / 1000).toFixed(2)} s), ${r.connects} connections${errors ? `, ERRORS ${errors}` : ''}`;
}

/** Runs a phase, logs it, and stops the suite when the phase must succeed in full and did not. */
async function phase(target: Target, spec: PhaseSpec, mustComplete: boolean): Promise<PhaseResult> {
  const r = await target.run(spec);
  log(`  ${target.server.name.padEnd(11)} ${spec.name}: ${summary(r)}`);
  for (const s of r.samples) log(`      ${s}`);
  if (r.notImplemented) throw new SetupError(`${spec.name}: not implemented (InvalidAction)`, true);
  if (mustComplete && (r.errors.size > 0 || r.ok < spec.maxCalls)) throw new SetupError(`${spec.name} did not complete: ${r.ok} of ${spec.maxCalls} calls succeeded`);
  return r;
}

const why = (err: unknown) => (err instanceof SetupError && err.notImplemented ? 'not implemented' : `failed: ${(err as Error).message.split('\n')[0]}`);

/**
 * One server's part of the run. The measured phases of the two servers alternate operation by operation,
 * so that a change in the machine's load during the run does not fall on one server only.
 */
class ServerRun {
  readonly outcomes = new Map<Operation, Outcome>();
  private listing: Listing | undefined;
  private subnetsExist = true;
  private broken: string | undefined;
  private readonly vpcs: CreatedVpc[] = [];
  private readonly listingScope = { account: listingAccount, region: 'us-east-1' };
  private readonly measuredScopes = accountRegions(measuredAccounts);

  constructor(readonly target: Target) {}

  /** Every account-region set up, the 1000-subnet listing built, every operation warmed up on other accounts. */
  async prepare(): Promise<void> {
    await this.guard(async () => {
      const warmScopes = accountRegions(warmupAccounts);
      await phase(this.target, prepareRegions('set up every account-region (default VPC)', [this.listingScope, ...warmScopes, ...this.measuredScopes], setup), true);
      try {
        this.listing = await setUpListing(this.target, this.listingScope, setup);
        this.log(`listing: ${this.listing.subnetIds.size} subnets in 5 VPCs of ${listingAccount.accountId}/us-east-1`);
      } catch (err) {
        this.log(`listing set-up: ${(err as Error).message}`);
        this.skip('DescribeSubnets (1000 subnets)', why(err));
      }
      const warmVpcs: CreatedVpc[] = [];
      await phase(this.target, createVpcs('warm-up CreateVpc', warmScopes, warmVpcs, { ...setup, maxMs: WARMUP_MS * 4 }), true);
      await phase(this.target, describeVpcsById('warm-up DescribeVpcs by id', warmVpcs, warmup(LIMITS.describeVpcs)), false);
      try {
        await phase(this.target, createSubnets('warm-up CreateSubnet', warmVpcs, warmup(LIMITS.createSubnet)), false);
      } catch (err) {
        this.subnetsExist = false;
        this.skip('CreateSubnet', why(err));
      }
      if (this.listing) {
        await phase(this.target, describeSubnets('warm-up DescribeSubnets', this.listing.scope, this.listing.subnetIds, warmup(LIMITS.describeSubnets)), false);
      }
    });
  }

  async measure(op: Operation): Promise<void> {
    if (this.outcomes.has(op)) return;
    await this.guard(async () => {
      const created = () => this.vpcs.filter((v) => v !== undefined);
      switch (op) {
        case 'CreateVpc':
          this.record(op, await phase(this.target, createVpcs(op, this.measuredScopes, this.vpcs, LIMITS.createVpc), false));
          break;
        case 'CreateSubnet':
          if (!this.subnetsExist) return;
          try {
            this.record(op, await phase(this.target, createSubnets(op, created(), LIMITS.createSubnet), false));
          } catch (err) {
            this.skip(op, why(err));
          }
          break;
        case 'DescribeVpcs by id':
          this.record(op, await phase(this.target, describeVpcsById(op, created(), LIMITS.describeVpcs), false));
          break;
        case 'DescribeSubnets (1000 subnets)':
          if (!this.listing) return;
          this.record(op, await phase(this.target, describeSubnets(op, this.listing.scope, this.listing.subnetIds, LIMITS.describeSubnets), false));
          break;
      }
    });
  }

  /** After a failure that leaves the server unusable, every operation not measured yet is reported as failed. */
  private async guard(step: () => Promise<void>): Promise<void> {
    if (this.broken) return;
    try {
      await step();
    } catch (err) {
      const exit = this.target.server.exit();
      this.broken = exit ? `${this.target.server.name} ended (${exit})` : why(err);
      this.log(`stopped: ${(err as Error).message}`);
      for (const op of OPERATIONS) this.skip(op, this.broken);
    }
  }

  private record(op: Operation, result: PhaseResult): void { this.outcomes.set(op, { result }); }
  private skip(op: Operation, reason: string): void { if (!this.outcomes.has(op)) this.outcomes.set(op, { skipped: reason }); }
  private log(line: string): void { log(`  ${this.target.server.name.padEnd(11)} ${line}`); }
}

interface Figures {
  callsPerSecond?: number;
  cpuMsPerCall?: number;
  status: string;
}

function figures(o: Outcome | undefined): Figures {
  if (!o) return { status: 'not run' };
  if ('skipped' in o) return { status: o.skipped };
  const r = o.result;
  const f = { callsPerSecond: r.ok / (r.elapsedMs / 1000), cpuMsPerCall: r.ok ? (r.cpuTicks / CLOCK_TICKS) * 1000 / r.ok : undefined };
  const errors = [...r.errors.values()].reduce((a, b) => a + b, 0);
  return { ...f, status: errors ? `${errors} errors` : 'ok' };
}

/** Servers that did not keep connections alive: each of their calls paid for a new connection. */
function connectionNote(name: string, outcomes: Map<Operation, Outcome>): string | undefined {
  const closed = [...outcomes.values()].some((o) => 'result' in o && o.result.connects > CONCURRENCY);
  return closed ? `${name} closed the connection after responses (werkzeug answers \`Connection: close\`), so its calls opened new TCP connections; that cost is the server's and is counted.` : undefined;
}

function report(postern: Map<Operation, Outcome>, moto: Map<Operation, Outcome>): void {
  const num = (n: number | undefined, digits: number) => (n === undefined ? '-' : n.toFixed(digits));
  const rows: string[][] = [[
    'operation', 'Postern calls/s', 'moto calls/s', 'ratio (target >= 10x)', 'Postern CPU ms/call', 'moto CPU ms/call', 'ratio (target <= 0.1x)', 'status',
  ]];
  const verdicts: string[] = [];
  let met = 0;
  let targets = 0;
  for (const op of OPERATIONS) {
    const p = figures(postern.get(op));
    const m = figures(moto.get(op));
    const usable = p.status === 'ok' && m.status === 'ok';
    const speed = usable && p.callsPerSecond && m.callsPerSecond ? p.callsPerSecond / m.callsPerSecond : undefined;
    const cpu = usable && p.cpuMsPerCall !== undefined && m.cpuMsPerCall ? p.cpuMsPerCall / m.cpuMsPerCall : undefined;
    const status = usable ? 'ok' : [p.status === 'ok' ? '' : `Postern: ${p.status}`, m.status === 'ok' ? '' : `moto: ${m.status}`].filter(Boolean).join('; ').slice(0, 100);
    rows.push([op, num(p.callsPerSecond, 0), num(m.callsPerSecond, 0), speed === undefined ? '-' : `${speed.toFixed(2)}x`,
      num(p.cpuMsPerCall, 3), num(m.cpuMsPerCall, 3), cpu === undefined ? '-' : `${cpu.toFixed(3)}x`, status]);
    targets += 2;
    if (speed === undefined || cpu === undefined) {
      verdicts.push(`${op} ${p.status === 'not implemented' ? 'NOT IMPLEMENTED' : /errors$/.test(p.status) || /errors$/.test(m.status) ? 'ERRORS' : 'NOT MEASURED'}`);
      continue;
    }
    const fast = speed >= 10;
    const lean = cpu <= 0.1;
    met += Number(fast) + Number(lean);
    verdicts.push(`${op} calls/s ${fast ? 'PASS' : 'FAIL'} CPU ${lean ? 'PASS' : 'FAIL'}`);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  log('');
  for (const [i, r] of rows.entries()) {
    log(r.map((cell, c) => (c === 0 || c === r.length - 1 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
    if (i === 0) log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  log('');
  for (const note of [connectionNote('Postern', postern), connectionNote('moto_server', moto)]) if (note) log(`note: ${note}`);
  log(`verdict: ${met} of ${targets} targets met — ${verdicts.join('; ')}`);
}

async function main(): Promise<void> {
  await checkAgainstSmithy();
  const dir = mkdtempSync(join(tmpdir(), 'postern-bench-'));
  const servers: ServerProcess[] = [];
  const cleanup = async () => {
    await Promise.allSettled(servers.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  const interrupted = () => { void cleanup().finally(() => process.exit(130)); };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const accountsFile = join(dir, 'accounts.json');
    writeFileSync(accountsFile, JSON.stringify(allAccounts));
    const [posternPort, motoPort] = [await freePort(), await freePort()];
    // Both start together; whichever did start is stopped by the cleanup even when the other failed.
    const starts = await Promise.allSettled([
      startPostern({ port: posternPort, dataDir: join(dir, 'data'), accountsFile, nodeFlags: process.env.POSTERN_BENCH_NODE_FLAGS?.split(' ').filter(Boolean) }),
      startMoto({ port: motoPort }),
    ]);
    for (const s of starts) if (s.status === 'fulfilled') servers.push(s.value);
    for (const s of starts) if (s.status === 'rejected') throw s.reason;
    const [postern, moto] = servers as [ServerProcess, ServerProcess];
    log(`Postern pid ${postern.pid} on :${postern.port} (durable store in ${join(dir, 'data')}, ${allAccounts.length} accounts from an accounts file); `
      + `moto_server pid ${moto.pid} on :${moto.port}`);
    log(`load: ${CONCURRENCY} keep-alive connections, SigV4-signed EC2 Query POSTs; each phase stops at its call limit or after ${PHASE_MS / 1000} s`);
    log(`CreateVpc: ${VPCS_PER_REGION} per account-region (AWS quota: 5 VPCs per Region, the default VPC included) over ${MEASURED_ACCOUNTS} accounts × ${REGIONS.length} regions, `
      + `each account-region set up beforehand; CreateSubnet: ${SUBNETS_PER_VPC} per VPC (AWS quota) over the VPCs CreateVpc made; `
      + 'DescribeSubnets: one account-region with its default VPC deleted and 5 VPCs × 200 subnets. Same calls on both servers.');
    log(`server CPU = utime + stime from /proc/<pid>/stat over each phase (CLK_TCK ${CLOCK_TICKS})`);
    const startLoad = loadavg()[0]!;
    log(`machine: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the start`);
    const runs = [new ServerRun(new Target(postern, false)), new ServerRun(new Target(moto, true))] as const;
    log('\nset-up and warm-up:');
    for (const run of runs) await run.prepare();
    for (const op of OPERATIONS) {
      log(`\n${op}:`);
      for (const run of runs) await run.measure(op);
    }
    report(runs[0].outcomes, runs[1].outcomes);
    log(`machine: load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the end (1, 5, 15 min)`);
    // The bench itself keeps about 2 runnable (server + load generator); more means other work competed.
    if (Math.max(startLoad, loadavg()[0]!) > cpus().length + 1) {
      log(`warning: the machine was busy (load average above ${cpus().length + 1} on ${cpus().length} CPUs): calls/s and their ratios are unreliable in this run `
        + '(a single-threaded server gets a smaller share of a contended CPU than a many-threaded one); CPU per call is much less affected.');
    }
  } finally {
    await cleanup();
  }
}

await main().catch((err: Error) => {
  process.stderr.write(`bench failed: ${err.message}\n`);
  process.exitCode = 1;
});
