/**
 * @module bench/workload
 * What the VPC substrate part of the bench asks of each server, identical for Postern and moto_server:
 * the accounts and regions (shared with the PrivateLink part), the set-up of the 1000-subnet
 * account-region, and the four measured operations with the checks their response bodies must pass.
 *
 * AWS allows 5 VPCs per Region, the default VPC included, and 200 subnets per VPC (Amazon VPC quotas);
 * Postern enforces both, moto does not. So CreateVpc calls go 4 to an account-region over many accounts
 * and regions (every account-region is set up, its default VPC made, before the phase), and CreateSubnet
 * calls 200 to a VPC over the VPCs that CreateVpc made; both servers get exactly the same calls.
 */
import { createHash } from 'node:crypto';
import { ec2Body, type BenchAccount, type Call, type PhaseResult, type PhaseSpec, type Target } from './load.js';

/** Commercial regions that both Postern and moto_server know, each with an Availability Zone `<region>a`. */
export const REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1',
  'ap-northeast-2', 'ap-northeast-3', 'ca-central-1', 'eu-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-north-1', 'sa-east-1',
] as const;

export const VPCS_PER_REGION = 4; // 5 per Region, less the default VPC
export const SUBNETS_PER_VPC = 200;
export const LISTED_SUBNETS = 1000;
const LISTING_VPCS = LISTED_SUBNETS / SUBNETS_PER_VPC;

export function benchAccount(n: number): BenchAccount {
  return {
    accountId: String(210_000_000_000 + n),
    name: `bench-${n}`,
    accessKeyId: `AKIABENCH${String(n).padStart(11, '0')}`,
    secretAccessKey: createHash('sha256').update(`postern-bench-${n}`).digest('base64').slice(0, 40),
  };
}

export interface AccountRegion {
  account: BenchAccount;
  region: string;
}

/** Every region of each account, account by account. */
export function accountRegions(accounts: readonly BenchAccount[]): AccountRegion[] {
  return accounts.flatMap((account) => REGIONS.map((region) => ({ account, region })));
}

export interface CreatedVpc extends AccountRegion {
  vpcId: string;
}

export const values = (body: string, tag: string): string[] =>
  [...body.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => m[1]!);
export const count = (body: string, tag: string): number => body.split(`<${tag}>`).length - 1;

export interface Limits {
  maxCalls: number;
  maxMs: number;
  concurrency: number;
}

/** One call in each account-region: the server sets the account-region up (default VPC) before measuring. */
export function prepareRegions(name: string, scopes: readonly AccountRegion[], limits: Limits): PhaseSpec {
  return {
    name, ...limits, maxCalls: Math.min(limits.maxCalls, scopes.length),
    call: (i) => ({ ...scopes[i]!, body: ec2Body('DescribeVpcs') }),
    check: (_i, body) => (count(body, 'isDefault') === 1 && body.includes('<isDefault>true</isDefault>') ? undefined : 'not exactly the default VPC'),
  };
}

/** CreateVpc, 4 to an account-region; fills `created` in call order. */
export function createVpcs(name: string, scopes: readonly AccountRegion[], created: CreatedVpc[], limits: Limits): PhaseSpec {
  return {
    name, ...limits, maxCalls: Math.min(limits.maxCalls, scopes.length * VPCS_PER_REGION),
    call: (i) => ({ ...scopes[Math.floor(i / VPCS_PER_REGION)]!, body: ec2Body('CreateVpc', { CidrBlock: '10.0.0.0/16' }) }),
    check: (i, body) => {
      const vpcId = values(body, 'vpcId')[0];
      if (!vpcId?.startsWith('vpc-') || !body.includes('<cidrBlock>10.0.0.0/16</cidrBlock>')) return 'no VPC 10.0.0.0/16 in the response';
      created[i] = { ...scopes[Math.floor(i / VPCS_PER_REGION)]!, vpcId };
      return undefined;
    },
  };
}

/** CreateSubnet, 200 to a VPC (10.0.0.0/24 ... 10.0.199.0/24), over the given VPCs in order. */
export function createSubnets(name: string, vpcs: readonly CreatedVpc[], limits: Limits): PhaseSpec {
  const subnet = (i: number) => ({ vpc: vpcs[Math.floor(i / SUBNETS_PER_VPC)]!, cidr: `10.0.${i % SUBNETS_PER_VPC}.0/24` });
  return {
    name, ...limits, maxCalls: Math.min(limits.maxCalls, vpcs.length * SUBNETS_PER_VPC),
    call: (i) => {
      const { vpc, cidr } = subnet(i);
      return { account: vpc.account, region: vpc.region, body: ec2Body('CreateSubnet', { VpcId: vpc.vpcId, CidrBlock: cidr, AvailabilityZone: `${vpc.region}a` }) };
    },
    check: (i, body) => {
      const { vpc, cidr } = subnet(i);
      const ok = values(body, 'subnetId')[0]?.startsWith('subnet-') && values(body, 'vpcId')[0] === vpc.vpcId
        && values(body, 'cidrBlock')[0] === cidr && values(body, 'availabilityZone')[0] === `${vpc.region}a`;
      return ok ? undefined : `not subnet ${cidr} of ${vpc.vpcId} in ${vpc.region}a`;
    },
  };
}

/** DescribeVpcs with one VpcId, round the given VPCs. */
export function describeVpcsById(name: string, vpcs: readonly CreatedVpc[], limits: Limits): PhaseSpec {
  return {
    name, ...limits, maxCalls: vpcs.length ? limits.maxCalls : 0,
    call: (i) => {
      const vpc = vpcs[i % vpcs.length]!;
      return { account: vpc.account, region: vpc.region, body: ec2Body('DescribeVpcs', { 'VpcId.1': vpc.vpcId }) };
    },
    check: (i, body) => {
      const ids = values(body, 'vpcId');
      return ids.length === 1 && ids[0] === vpcs[i % vpcs.length]!.vpcId ? undefined : `not exactly ${vpcs[i % vpcs.length]!.vpcId}: ${ids.join(',')}`;
    },
  };
}

/** DescribeSubnets with no filter in the listing account-region, which holds exactly the 1000 given subnets. */
export function describeSubnets(name: string, scope: AccountRegion, subnetIds: ReadonlySet<string>, limits: Limits): PhaseSpec {
  return {
    name, ...limits,
    call: () => ({ ...scope, body: ec2Body('DescribeSubnets') }),
    check: (i, body) => {
      const n = count(body, 'subnetId');
      if (n !== subnetIds.size) return `${n} subnets instead of ${subnetIds.size}`;
      // The ids themselves on the first response of each worker; counting is enough after that.
      if (i < limits.concurrency && !values(body, 'subnetId').every((id) => subnetIds.has(id))) return 'subnets other than the ones created';
      return undefined;
    },
  };
}

export interface Listing {
  scope: AccountRegion;
  subnetIds: Set<string>;
}

export class SetupError extends Error {
  constructor(message: string, readonly notImplemented = false) { super(message); }
}

/** Throws unless the phase made all its calls without an error. */
function complete(r: PhaseResult, expected: number): void {
  if (r.notImplemented) throw new SetupError(`${r.name}: not implemented (InvalidAction)`, true);
  if (r.errors.size > 0 || r.ok !== expected) throw new SetupError(`${r.name}: ${r.ok} of ${expected} calls succeeded; ${r.samples.join(' | ')}`);
}

/**
 * The account-region of the DescribeSubnets phase: its default subnets and default VPC deleted (AWS allows
 * both), then 5 VPCs of 200 subnets each, so that an unfiltered DescribeSubnets lists exactly 1000.
 */
export async function setUpListing(target: Target, scope: AccountRegion, limits: Limits): Promise<Listing> {
  const call = (body: string): Call => ({ ...scope, body });
  const send = async (body: string): Promise<string> => {
    const r = await target.send(call(body));
    if (r.status !== 200) throw new SetupError(`${body.split('&')[0]}: ${r.status} ${r.body.slice(0, 300)}`, /<Code>InvalidAction</.test(r.body));
    return r.body;
  };
  const defaults = values(await send(ec2Body('DescribeSubnets')), 'subnetId');
  const deleteDefaults = await target.run({
    name: 'delete the default subnets', ...limits, maxCalls: defaults.length,
    call: (i) => call(ec2Body('DeleteSubnet', { SubnetId: defaults[i]! })), check: () => undefined,
  });
  complete(deleteDefaults, defaults.length);
  const defaultVpcs = values(await send(ec2Body('DescribeVpcs')), 'vpcId');
  for (const vpcId of defaultVpcs) await send(ec2Body('DeleteVpc', { VpcId: vpcId }));

  const vpcIds: string[] = [];
  for (let v = 0; v < LISTING_VPCS; v++) {
    const id = values(await send(ec2Body('CreateVpc', { CidrBlock: `10.${v}.0.0/16` })), 'vpcId')[0];
    if (!id) throw new SetupError('CreateVpc returned no vpcId');
    vpcIds.push(id);
  }
  const subnetIds = new Set<string>();
  const subnets = await target.run({
    name: 'create the 1000 listed subnets', ...limits, maxCalls: LISTED_SUBNETS,
    call: (i) => call(ec2Body('CreateSubnet', {
      VpcId: vpcIds[Math.floor(i / SUBNETS_PER_VPC)]!, CidrBlock: `10.${Math.floor(i / SUBNETS_PER_VPC)}.${i % SUBNETS_PER_VPC}.0/24`, AvailabilityZone: `${scope.region}a`,
    })),
    check: (_i, body) => {
      const id = values(body, 'subnetId')[0];
      if (!id) return 'no subnetId';
      subnetIds.add(id);
      return undefined;
    },
  });
  complete(subnets, LISTED_SUBNETS);
  return { scope, subnetIds };
}
