/**
 * @module bench/privatelink
 * The PrivateLink part of the bench (issue 4): CreateVpcEndpoint, DescribeVpcEndpoints by id, and one
 * DescribeVpcEndpoints listing every endpoint of an account-region holding 100, 1000 and 5000 endpoints.
 *
 *   CreateVpcEndpoint        16 at a time, round 340 account-regions (20 accounts × 17 regions), at most
 *                            50 endpoints to a default VPC (AWS's default quota), 10 s at most
 *   DescribeVpcEndpoints id  16 at a time over the endpoints CreateVpcEndpoint made, 10 s at most
 *                            (both: the two servers in alternating 1-s slices, report.ts measureInterleaved)
 *   listing at N endpoints   one account-region grown to N (set-up, not measured) over its 5 VPCs (the
 *                            default one and 4 more: AWS's quota of VPCs per Region), every endpoint
 *                            available, warmed up, then one call at a time so that the time of a call
 *                            is its latency; per-endpoint cost = cost of a call / N, compared size to size
 *
 * The listing puts 1000 interface endpoints in each VPC, twenty times AWS's default quota of 50 per VPC
 * (rules R134): Postern runs with `--quota interfaceEndpointsPerVpc=1000` (see PRIVATELINK_POSTERN_ARGS).
 */
import { performance } from 'node:perf_hooks';
import { type PhaseSpec, type Target } from './load.js';
import {
  addVpcs, createEndpoints, describeEndpointsById, endpointService, findSites, listEndpoints, settle, type CreatedEndpoint, type EndpointSite,
} from './privatelink-workload.js';
import {
  connectionNote, figures, log, measureInterleaved, missing, num, phase, printTable, ratio, statusOf, throughputTable, why, type Outcome, type Verdict,
} from './report.js';
import { accountRegions, benchAccount, REGIONS, SetupError, type Limits } from './workload.js';

const CONCURRENCY = 16;
const PHASE_MS = 10_000;
const WARMUP_MS = 1_500;
const SETUP_MS = 120_000;
const SETTLE_MS = 30_000;
/** AWS's default quota of interface endpoints per VPC (rules R134): the measured creations stay within it */
const PER_VPC = 50;
const MEASURED_ACCOUNTS = 20;
const LISTING_SIZES = [100, 1000, 5000] as const;
const LARGEST = LISTING_SIZES[LISTING_SIZES.length - 1]!;
/** Postern's provisioning delay in the bench: endpoints pending for 50 ms, then available */
const PROVISIONING_DELAY_MS = 50;
/** the VPCs of the listing's account-region: AWS's quota of 5 per Region, the default VPC included */
const LISTING_VPCS = 5;
/** what Postern needs to hold the listing: 5000 interface endpoints over 5 VPCs */
export const PRIVATELINK_POSTERN_ARGS = ['--endpoint-provisioning-delay', String(PROVISIONING_DELAY_MS), '--quota', `interfaceEndpointsPerVpc=${LARGEST / LISTING_VPCS}`];
/** Growth no worse than linear: the per-endpoint cost of a size at most this much above the previous size's (noise) */
const GROWTH_TOLERANCE = 1.25;

const setup: Limits = { maxCalls: Infinity, maxMs: SETUP_MS, concurrency: CONCURRENCY };
const LIMITS = {
  create: { maxCalls: MEASURED_ACCOUNTS * REGIONS.length * PER_VPC, maxMs: PHASE_MS, concurrency: CONCURRENCY },
  describe: { maxCalls: 50_000, maxMs: PHASE_MS, concurrency: CONCURRENCY },
} satisfies Record<string, Limits>;
/**
 * One call at a time, 100,000 endpoints listed in all (at least 5 calls) unless time runs out first: a
 * mean over many collections of the young generation (one per listing of 1000 or so), not over whichever
 * few fell into 20 calls.
 */
const listingLimits = (size: number): Limits => ({ maxCalls: Math.max(5, Math.round(100_000 / size)), maxMs: size >= LARGEST ? 6_000 : 4_000, concurrency: 1 });

const CREATE = 'CreateVpcEndpoint';
const DESCRIBE = 'DescribeVpcEndpoints by id';
const PRIVATELINK_OPERATIONS = [CREATE, DESCRIBE] as const;
const listingOp = (size: number) => `DescribeVpcEndpoints listing ${size}`;
const ALL_OPERATIONS = [...PRIVATELINK_OPERATIONS, ...LISTING_SIZES.map(listingOp)];

const listingAccount = benchAccount(200);
const LISTING_SCOPE = { account: listingAccount, region: 'us-east-1' };
const warmupAccount = benchAccount(201);
const measuredAccounts = Array.from({ length: MEASURED_ACCOUNTS }, (_, i) => benchAccount(202 + i));
export const PRIVATELINK_ACCOUNTS = [listingAccount, warmupAccount, ...measuredAccounts];

export const PRIVATELINK_DESCRIPTION = `Interface endpoints to ${endpointService('<region>')} (private DNS off), one default subnet each; `
  + `CreateVpcEndpoint over ${MEASURED_ACCOUNTS} accounts × ${REGIONS.length} regions, at most ${PER_VPC} per default VPC; the listing in `
  + `${listingAccount.accountId}/${LISTING_SCOPE.region} grown to ${LISTING_SIZES.join(', ')} endpoints, spread evenly over its ${LISTING_VPCS} VPCs (the default one and ${LISTING_VPCS - 1} made for it). `
  + `Postern runs with ${PRIVATELINK_POSTERN_ARGS.join(' ')} (AWS's default quota is 50 interface endpoints per VPC; the listing needs ${LARGEST / LISTING_VPCS} in each). Same calls on both servers.`;

/** One server's part of the PrivateLink phases: set-up and listings one server after the other, the measured calls interleaved. */
class PrivateLinkRun {
  readonly outcomes = new Map<string, Outcome>();
  private broken: string | undefined;
  private listingFailed: string | undefined;
  private listingSites: EndpointSite[] = [];
  private readonly listed: CreatedEndpoint[] = [];
  private readonly created: CreatedEndpoint[] = [];
  private measuredSites: EndpointSite[] = [];

  constructor(readonly target: Target) {}

  /** Every account-region set up and its default subnets found; CreateVpcEndpoint and DescribeVpcEndpoints warmed up on another account. */
  async prepare(): Promise<void> {
    await this.guard(async () => {
      const scopes = [LISTING_SCOPE, ...accountRegions([warmupAccount]), ...accountRegions(measuredAccounts)];
      const sites: EndpointSite[] = [];
      await phase(this.target, findSites('set up every account-region and find its default subnets', scopes, sites, setup), true);
      this.listingSites = [sites[0]!, ...(await addVpcs(this.target, sites[0]!, LISTING_VPCS - 1))];
      const warmSites = sites.slice(1, 1 + REGIONS.length);
      this.measuredSites = sites.slice(1 + REGIONS.length);
      const warm: CreatedEndpoint[] = [];
      await phase(this.target, createEndpoints(`warm-up ${CREATE}`, warmSites, PER_VPC, warm, 0, { ...LIMITS.create, maxMs: WARMUP_MS }), false);
      await phase(this.target, describeEndpointsById(`warm-up ${DESCRIBE}`, warm.filter(Boolean), { ...LIMITS.describe, maxMs: WARMUP_MS }), false);
    }, ALL_OPERATIONS);
  }

  /** The measured phase of an operation (MeasuredRun), none when it was settled already (set-up failed). */
  phaseOf(op: string): PhaseSpec | undefined {
    if (this.outcomes.has(op)) return undefined;
    return op === CREATE
      ? createEndpoints(op, this.measuredSites, PER_VPC, this.created, 0, LIMITS.create)
      : describeEndpointsById(op, this.created.filter(Boolean), LIMITS.describe);
  }

  record(op: string, outcome: Outcome): void { this.outcomes.set(op, outcome); }

  /**
   * Grows the listing account-region to `size` endpoints, waits until all are available, warms the listing
   * up at this size (its first calls run code that the smaller sizes did not make hot: a listing of 100
   * is one page), then measures one listing call at a time.
   */
  async measureListing(size: number): Promise<void> {
    const op = listingOp(size);
    if (this.outcomes.has(op)) return;
    if (this.listingFailed) {
      this.skip(op, this.listingFailed);
      return;
    }
    await this.guard(async () => {
      if (this.listingSites.length !== LISTING_VPCS) throw new SetupError('the listing account-region was not set up');
      const start = performance.now();
      const have = this.listed.length;
      await phase(this.target, createEndpoints(`grow the listing from ${have} to ${size}`, this.listingSites, size / LISTING_VPCS, this.listed, have, setup), true);
      const ids = new Set(this.listed.map((e) => e.vpcEndpointId));
      if (ids.size !== size) throw new SetupError(`the listing holds ${ids.size} endpoints instead of ${size}`);
      const settled = await settle(this.target, LISTING_SCOPE, SETTLE_MS);
      this.log(`listing grown to ${size} endpoints in ${((performance.now() - start) / 1000).toFixed(1)} s (all available ${settled} ms after the last create)`);
      await phase(this.target, listEndpoints(`warm-up ${op}`, LISTING_SCOPE, ids, { ...listingLimits(size), maxMs: WARMUP_MS }), false);
      const seen: { bytes?: number } = {};
      this.record(op, { result: await phase(this.target, listEndpoints(op, LISTING_SCOPE, ids, listingLimits(size), seen), false) });
      if (seen.bytes) this.log(`one listing of ${size} endpoints: ${(seen.bytes / 1e6).toFixed(2)} MB of XML`);
    }, [op]);
    // A listing that could not be grown or settled cannot be grown further either.
    const o = this.outcomes.get(op);
    if (o && 'skipped' in o) this.listingFailed = `not grown past ${this.listed.length} endpoints`;
  }

  /** After a failure, the operations it concerns (all, when the server is unusable) are reported as failed. */
  private async guard(step: () => Promise<void>, ops: readonly string[]): Promise<void> {
    if (this.broken) return;
    try {
      await step();
    } catch (err) {
      const exit = this.target.server.exit();
      this.log(`stopped: ${(err as Error).message}`);
      if (exit) {
        this.broken = `${this.target.server.name} ended (${exit})`;
        for (const op of ALL_OPERATIONS) this.skip(op, this.broken);
      }
      for (const op of ops) this.skip(op, why(err));
    }
  }

  private skip(op: string, reason: string): void { if (!this.outcomes.has(op)) this.outcomes.set(op, { skipped: reason }); }
  private log(line: string): void { log(`  ${this.target.server.name.padEnd(11)} ${line}`); }
}

interface PerEndpoint {
  /** wall µs per listed endpoint */
  time?: number;
  /** server CPU µs per listed endpoint */
  cpu?: number;
}

const perEndpoint = (o: Outcome | undefined, size: number): PerEndpoint => {
  const f = figures(o);
  if (f.status !== 'ok') return {};
  return { time: f.msPerCall === undefined ? undefined : (f.msPerCall * 1000) / size, cpu: f.cpuMsPerCall === undefined ? undefined : (f.cpuMsPerCall * 1000) / size };
};

/**
 * Whether the cost per endpoint grows no worse than linearly from size to size: at each size at most
 * GROWTH_TOLERANCE times the previous size's (fixed costs make the smaller sizes dearer per endpoint).
 */
function growth(name: string, outcomes: Map<string, Outcome>): { line: string; linear?: boolean } {
  const costs = LISTING_SIZES.map((size) => perEndpoint(outcomes.get(listingOp(size)), size));
  const series = (key: keyof PerEndpoint) => costs.map((c, k) => {
    const prev = k > 0 ? costs[k - 1]![key] : undefined;
    const step = prev && c[key] !== undefined ? ` (${(c[key] / prev).toFixed(2)}x)` : '';
    return `${LISTING_SIZES[k]}: ${num(c[key], 2)}${step}`;
  }).join(' → ');
  const within = (key: keyof PerEndpoint) => costs.every((c, k) => k === 0 || (c[key] !== undefined && costs[k - 1]![key] !== undefined && c[key] <= costs[k - 1]![key]! * GROWTH_TOLERANCE));
  const complete = costs.every((c) => c.time !== undefined && c.cpu !== undefined);
  const linear = complete ? within('cpu') && within('time') : undefined;
  const verdict = linear === undefined ? 'NOT MEASURED' : linear ? 'no worse than linear' : 'WORSE than linear';
  return { line: `  ${name.padEnd(11)} server CPU µs/endpoint ${series('cpu')}; time µs/endpoint ${series('time')}: ${verdict}`, linear };
}

/** The listing table, the growth of its cost, and its targets. */
function listingReport(postern: Map<string, Outcome>, moto: Map<string, Outcome>): Verdict {
  const rows: string[][] = [[
    'endpoints listed', 'Postern ms/call', 'moto ms/call', `ratio (target <= 0.1x at ${LARGEST})`, 'Postern CPU ms/call', 'moto CPU ms/call', 'ratio (target <= 0.1x)',
    'Postern µs/endpoint (time, CPU)', 'moto µs/endpoint (time, CPU)', 'status',
  ]];
  const v: Verdict = { met: 0, targets: 0, verdicts: [] };
  for (const size of LISTING_SIZES) {
    const op = listingOp(size);
    const p = figures(postern.get(op));
    const m = figures(moto.get(op));
    const usable = p.status === 'ok' && m.status === 'ok';
    const time = usable ? ratio(p.msPerCall, m.msPerCall) : undefined;
    const cpu = usable ? ratio(p.cpuMsPerCall, m.cpuMsPerCall) : undefined;
    const pe = perEndpoint(postern.get(op), size);
    const me = perEndpoint(moto.get(op), size);
    rows.push([String(size), num(p.msPerCall, 1), num(m.msPerCall, 1), time === undefined ? '-' : `${time.toFixed(3)}x`, num(p.cpuMsPerCall, 1), num(m.cpuMsPerCall, 1),
      cpu === undefined ? '-' : `${cpu.toFixed(3)}x`, `${num(pe.time, 1)}, ${num(pe.cpu, 1)}`, `${num(me.time, 1)}, ${num(me.cpu, 1)}`, statusOf(p, m)]);
    const timed = size === LARGEST;
    v.targets += timed ? 2 : 1;
    if (time === undefined || cpu === undefined) {
      v.verdicts.push(`listing ${size} ${missing(p, m)}`);
      continue;
    }
    const lean = cpu <= 0.1;
    const fast = time <= 0.1;
    v.met += Number(lean) + (timed ? Number(fast) : 0);
    v.verdicts.push(`listing ${size}${timed ? ` time ${fast ? 'PASS' : 'FAIL'}` : ''} CPU ${lean ? 'PASS' : 'FAIL'}`);
  }
  printTable(rows);
  log(`\ncost per listed endpoint, ${LISTING_SIZES.join(' → ')} endpoints (no worse than linear: at each size at most ${GROWTH_TOLERANCE}x the previous size's, in CPU and in time):`);
  const p = growth('Postern', postern);
  log(p.line);
  log(growth('moto_server', moto).line);
  v.targets += 1;
  v.met += Number(p.linear === true);
  v.verdicts.push(`listing growth ${p.linear === undefined ? 'NOT MEASURED' : p.linear ? 'PASS' : 'FAIL'}`);
  return v;
}

/** Both servers' PrivateLink phases: the measured operations interleaved, then the listings; then their tables. */
export async function runPrivateLink(postern: Target, moto: Target): Promise<Verdict> {
  const runs = [new PrivateLinkRun(postern), new PrivateLinkRun(moto)] as const;
  log('\nPrivateLink — set-up and warm-up:');
  for (const run of runs) await run.prepare();
  for (const op of PRIVATELINK_OPERATIONS) {
    log(`\n${op} (the two servers in alternating slices):`);
    await measureInterleaved(runs, op);
  }
  for (const size of LISTING_SIZES) {
    log(`\n${listingOp(size)}:`);
    for (const run of runs) await run.measureListing(size);
  }
  log('\nPrivateLink (interface endpoints to an AWS service):');
  const calls = throughputTable(PRIVATELINK_OPERATIONS, runs[0].outcomes, runs[1].outcomes);
  log('\nDescribeVpcEndpoints listing every endpoint of the account-region (one call, no MaxResults, one call at a time):');
  const listing = listingReport(runs[0].outcomes, runs[1].outcomes);
  log('');
  const notes = [connectionNote('Postern', runs[0].outcomes.values(), CONCURRENCY), connectionNote('moto_server', runs[1].outcomes.values(), CONCURRENCY)];
  for (const note of notes) if (note) log(`note: ${note}`);
  return { met: calls.met + listing.met, targets: calls.targets + listing.targets, verdicts: [...calls.verdicts, ...listing.verdicts] };
}
