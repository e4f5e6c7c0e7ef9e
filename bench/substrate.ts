/**
 * @module bench/substrate
 * The VPC substrate part of the bench (issue 3): CreateVpc, CreateSubnet, DescribeVpcs by id and
 * DescribeSubnets listing 1000 subnets, each at a fixed concurrency and bounded in calls and in time.
 */
import { type PhaseSpec, type Target } from './load.js';
import { connectionNote, log, measureInterleaved, phase, throughputTable, why, type Outcome, type Verdict } from './report.js';
import {
  accountRegions, benchAccount, createSubnets, createVpcs, describeSubnets, describeVpcsById, prepareRegions, REGIONS, setUpListing,
  SUBNETS_PER_VPC, VPCS_PER_REGION, type CreatedVpc, type Limits, type Listing,
} from './workload.js';

export const CONCURRENCY = 16;
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

const SUBSTRATE_OPERATIONS = ['CreateVpc', 'CreateSubnet', 'DescribeVpcs by id', 'DescribeSubnets (1000 subnets)'] as const;
type Operation = (typeof SUBSTRATE_OPERATIONS)[number];

const listingAccount = benchAccount(0);
const warmupAccounts = Array.from({ length: WARMUP_ACCOUNTS }, (_, i) => benchAccount(1 + i));
const measuredAccounts = Array.from({ length: MEASURED_ACCOUNTS }, (_, i) => benchAccount(1 + WARMUP_ACCOUNTS + i));
export const SUBSTRATE_ACCOUNTS = [listingAccount, ...warmupAccounts, ...measuredAccounts];

export const SUBSTRATE_DESCRIPTION = `CreateVpc: ${VPCS_PER_REGION} per account-region (AWS quota: 5 VPCs per Region, the default VPC included) over ${MEASURED_ACCOUNTS} accounts × ${REGIONS.length} regions, `
  + `each account-region set up beforehand; CreateSubnet: ${SUBNETS_PER_VPC} per VPC (AWS quota) over the VPCs CreateVpc made; `
  + 'DescribeSubnets: one account-region with its default VPC deleted and 5 VPCs × 200 subnets. Same calls on both servers.';

/**
 * One server's part of the substrate phases. The measured phases of the two servers run interleaved, in
 * alternating slices (report.ts measureInterleaved), so that a change in the machine's speed during the
 * run does not fall on one server only.
 */
class SubstrateRun {
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

  /** The measured phase of an operation (MeasuredRun), none when it cannot run here (set-up failed). */
  phaseOf(op: string): PhaseSpec | undefined {
    if (this.outcomes.has(op as Operation)) return undefined;
    const created = () => this.vpcs.filter((v) => v !== undefined);
    switch (op as Operation) {
      case 'CreateVpc':
        return createVpcs(op, this.measuredScopes, this.vpcs, LIMITS.createVpc);
      case 'CreateSubnet':
        return this.subnetsExist ? createSubnets(op, created(), LIMITS.createSubnet) : undefined;
      case 'DescribeVpcs by id':
        return describeVpcsById(op, created(), LIMITS.describeVpcs);
      case 'DescribeSubnets (1000 subnets)':
        return this.listing && describeSubnets(op, this.listing.scope, this.listing.subnetIds, LIMITS.describeSubnets);
    }
  }

  record(op: string, outcome: Outcome): void { this.outcomes.set(op as Operation, outcome); }

  /** After a failure that leaves the server unusable, every operation not measured yet is reported as failed. */
  private async guard(step: () => Promise<void>): Promise<void> {
    if (this.broken) return;
    try {
      await step();
    } catch (err) {
      const exit = this.target.server.exit();
      this.broken = exit ? `${this.target.server.name} ended (${exit})` : why(err);
      this.log(`stopped: ${(err as Error).message}`);
      for (const op of SUBSTRATE_OPERATIONS) this.skip(op, this.broken);
    }
  }

  private skip(op: Operation, reason: string): void { if (!this.outcomes.has(op)) this.outcomes.set(op, { skipped: reason }); }
  private log(line: string): void { log(`  ${this.target.server.name.padEnd(11)} ${line}`); }
}

/** Both servers' substrate phases, operation by operation, then their table. */
export async function runSubstrate(postern: Target, moto: Target): Promise<Verdict> {
  const runs = [new SubstrateRun(postern), new SubstrateRun(moto)] as const;
  log('\nVPC substrate — set-up and warm-up:');
  for (const run of runs) await run.prepare();
  for (const op of SUBSTRATE_OPERATIONS) {
    log(`\n${op} (the two servers in alternating slices):`);
    await measureInterleaved(runs, op);
  }
  log('\nVPC substrate:');
  const verdict = throughputTable(SUBSTRATE_OPERATIONS, runs[0].outcomes, runs[1].outcomes);
  log('');
  const notes = [connectionNote('Postern', runs[0].outcomes.values(), CONCURRENCY), connectionNote('moto_server', runs[1].outcomes.values(), CONCURRENCY)];
  for (const note of notes) if (note) log(`note: ${note}`);
  return verdict;
}
