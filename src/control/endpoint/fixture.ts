/**
 * @module control/endpoint/fixture
 * Test support for the endpoint tests: a control plane with two prepared accounts (a provider and a
 * consumer, as in every cross-account flow), their default VPCs, an NLB-backed endpoint service made
 * through the control plane, and the domain events the calls published.
 */
import assert from 'node:assert/strict';
import type { Caller, ControlSettings } from '../context.js';
import type { DomainEvent } from '../events.js';
import type { ControlPlane } from '../plane.js';
import type { Subnet } from '../subnet/records.js';
import { callerOf, controlFixture } from '../testing/control-fixture.js';

export const PROVIDER = callerOf('111111111111');
export const CONSUMER = callerOf('222222222222');

export interface EndpointFixture {
  control: ControlPlane;
  events: DomainEvent[];
  close: () => Promise<void>;
}

export async function endpointFixture(settings: Partial<ControlSettings> = {}): Promise<EndpointFixture> {
  const { control, close } = await controlFixture({ loadBalancerProvisioningMs: 0, ...settings });
  for (const caller of [PROVIDER, CONSUMER]) await control.accounts.prepareRegion(caller);
  const events: DomainEvent[] = [];
  control.deps.events.on('endpoint-changed', (e) => events.push(e));
  control.deps.events.on('connection-event', (e) => events.push(e));
  return { control, events, close };
}

/** Runs fn on a fresh fixture and closes it whatever happens. */
export async function withEndpoints(fn: (f: EndpointFixture) => Promise<void>, settings: Partial<ControlSettings> = {}): Promise<void> {
  const f = await endpointFixture(settings);
  try {
    await fn(f);
  } finally {
    await f.close();
  }
}

/** The caller's default VPC (DNS support and hostnames on) and its default subnets, one per AZ. */
export async function defaultVpc(control: ControlPlane, caller: Caller): Promise<{ vpcId: string; subnets: Subnet[] }> {
  const { vpcs } = await control.vpcs.describe(caller, { Filters: [{ Name: 'is-default', Values: ['true'] }] });
  const vpcId = vpcs[0]!.vpc.VpcId;
  const { subnets } = await control.subnets.describe(caller, { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] });
  return { vpcId, subnets: subnets.map((s) => s.subnet).sort((a, b) => a.AvailabilityZone.localeCompare(b.AvailabilityZone)) };
}

export interface ServiceOptions {
  acceptanceRequired?: boolean;
  /** principals allowed besides none; default: the consumer's account root */
  principals?: string[];
  /** how many of the provider's default subnets (hence AZs) the NLB spans; default 2 */
  zones?: number;
  gateway?: boolean;
}

/** A provider's NLB (or GWLB) and an endpoint service on it, with the consumer allowed. */
export async function createService(control: ControlPlane, opts: ServiceOptions = {}): Promise<{ serviceId: string; serviceName: string }> {
  const { subnets } = await defaultVpc(control, PROVIDER);
  const lb = await control.loadBalancers.create(PROVIDER, {
    Name: `lb-${control.deps.ids.hex(6)}`, Type: opts.gateway ? 'gateway' : 'network', ...(opts.gateway ? {} : { Scheme: 'internal' as const }),
    Subnets: subnets.slice(0, opts.zones ?? 2).map((s) => s.SubnetId),
  });
  const { configuration } = await control.serviceConfigurations.create(PROVIDER, {
    AcceptanceRequired: opts.acceptanceRequired ?? true,
    ...(opts.gateway ? { GatewayLoadBalancerArns: [lb.LoadBalancerArn] } : { NetworkLoadBalancerArns: [lb.LoadBalancerArn] }),
  });
  const principals = opts.principals ?? [`arn:aws:iam::${CONSUMER.accountId}:root`];
  if (principals.length > 0) await control.servicePermissions.modify(PROVIDER, { ServiceId: configuration.ServiceId, AddAllowedPrincipals: principals });
  return { serviceId: configuration.ServiceId, serviceName: configuration.ServiceName };
}

/** Asserts that p rejects with an AWS error of this code (and message, when given). */
export async function rejectsWith(p: Promise<unknown>, code: string, message?: string | RegExp): Promise<void> {
  await assert.rejects(p, (err: Error & { code?: string }) => {
    assert.equal(err.code, code, err.message);
    if (typeof message === 'string') assert.equal(err.message, message);
    else if (message) assert.match(err.message, message);
    return true;
  });
}
