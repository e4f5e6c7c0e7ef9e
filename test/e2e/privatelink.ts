/**
 * @module test/e2e/privatelink
 * What the PrivateLink end-to-end tests share, over SDK v3 against a real server: the start flags that
 * make endpoints move fast, polling for a state, AWS errors of the SDK, an account's AZ name <-> zone id
 * map, and the two halves every flow starts from:
 *
 *   provider (account A): VPC -> subnets in two AZs -> internal NLB (waited active) -> endpoint service
 *   consumer (account B): VPC (DNS support and hostnames) -> one subnet per zone id of the service
 */
import {
  CreateSubnetCommand, CreateVpcCommand, CreateVpcEndpointServiceConfigurationCommand, DescribeAvailabilityZonesCommand,
  ModifyVpcAttributeCommand, type EC2Client, type ServiceConfiguration,
} from '@aws-sdk/client-ec2';
import { CreateLoadBalancerCommand, waitUntilLoadBalancerAvailable } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Postern, TestAccount } from './harness.js';

/**
 * Flags for PrivateLink tests: endpoints realized in 100 ms (AWS: minutes) and `deleted` endpoints listed
 * for one second (AWS: a while, rules R36), so that a flow sees every state and still ends quickly.
 */
export const FAST_ENDPOINT_FLAGS = ['--endpoint-provisioning-delay', '100', '--deleted-endpoint-retention', '1000'];

export const ID = (prefix: string) => new RegExp(`^${prefix}-[0-9a-f]{17}$`);

/**
 * Reads until `done` holds; returns the last value and every distinct value of `state` seen on the way,
 * in order (so a test can say which intermediate states it accepts).
 */
export async function pollUntil<T>(read: () => Promise<T>, done: (v: T) => boolean, opts: { what: string; state?: (v: T) => string; timeoutMs?: number; intervalMs?: number }): Promise<{ value: T; seen: string[] }> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  const seen: string[] = [];
  for (;;) {
    const value = await read();
    const state = opts.state?.(value);
    if (state !== undefined && seen.at(-1) !== state) seen.push(state);
    if (done(value)) return { value, seen };
    if (Date.now() > deadline) throw new Error(`${opts.what}: not reached within ${opts.timeoutMs ?? 10_000} ms; seen ${JSON.stringify(seen)}, last ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 40));
  }
}

/** The caller's AZ names to zone ids (each account has its own names for the same zones, rules R117). */
export async function zoneIdsByName(ec2: EC2Client): Promise<Map<string, string>> {
  const { AvailabilityZones } = await ec2.send(new DescribeAvailabilityZonesCommand({}));
  return new Map(AvailabilityZones!.map((z) => [z.ZoneName!, z.ZoneId!]));
}

export interface Provider {
  vpcId: string;
  subnetIds: string[];
  lbArn: string;
  service: ServiceConfiguration;
}

/** Account A's side: a VPC with subnets in its first two AZs, an internal NLB over them, waited active, and a service on it. */
export async function createProvider(postern: Postern, opts: { account: TestAccount; cidr: string; name: string; acceptanceRequired: boolean; privateDnsName?: string }): Promise<Provider> {
  const ec2 = postern.ec2({ account: opts.account });
  const elb = postern.elbv2({ account: opts.account });
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: opts.cidr }))).Vpc!.VpcId!;
  const zones = [...(await zoneIdsByName(ec2)).keys()].sort().slice(0, 2);
  const octets = opts.cidr.split('.');
  const subnetIds: string[] = [];
  for (const [i, zone] of zones.entries()) {
    const cidr = `${octets[0]}.${octets[1]}.${i + 1}.0/24`;
    subnetIds.push((await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: zone }))).Subnet!.SubnetId!);
  }
  const lbArn = (await elb.send(new CreateLoadBalancerCommand({ Name: opts.name, Type: 'network', Scheme: 'internal', Subnets: subnetIds }))).LoadBalancers![0]!.LoadBalancerArn!;
  await waitUntilLoadBalancerAvailable({ client: elb, maxWaitTime: 20, minDelay: 1, maxDelay: 1 }, { LoadBalancerArns: [lbArn] });
  const { ServiceConfiguration: service } = await ec2.send(new CreateVpcEndpointServiceConfigurationCommand({
    NetworkLoadBalancerArns: [lbArn], AcceptanceRequired: opts.acceptanceRequired, PrivateDnsName: opts.privateDnsName,
  }));
  return { vpcId, subnetIds, lbArn, service: service! };
}

/** Account B's side: a VPC with DNS support and hostnames on, one subnet in each of the given zone ids. */
export async function createConsumerNetwork(postern: Postern, opts: { account: TestAccount; cidr: string; zoneIds: string[] }): Promise<{ vpcId: string; subnetIds: string[] }> {
  const ec2 = postern.ec2({ account: opts.account });
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: opts.cidr }))).Vpc!.VpcId!;
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
  const octets = opts.cidr.split('.');
  const subnetIds: string[] = [];
  for (const [i, zoneId] of opts.zoneIds.entries()) {
    const cidr = `${octets[0]}.${octets[1]}.${i + 1}.0/24`;
    subnetIds.push((await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZoneId: zoneId }))).Subnet!.SubnetId!);
  }
  return { vpcId, subnetIds };
}
