import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callerOf, controlFixture } from '../testing/control-fixture.js';
import type { ControlPlane } from '../plane.js';
import type { Caller, ControlSettings } from '../context.js';
import type { DomainEvent } from '../events.js';
import type { Subnet } from '../subnet/records.js';
import { findZone } from '../regions/regions.js';
import { VPC_ENDPOINT, type VpcEndpoint, type VpcEndpointState } from '../endpoint/records.js';
import { findServiceForConsumer } from './lookup.js';

const provider = callerOf('111111111111');
const consumer = callerOf('222222222222');

async function subnetsOf(control: ControlPlane, who: Caller): Promise<Subnet[]> {
  await control.accounts.prepareRegion(who);
  const subnets = (await control.deps.store.read((tx) => tx.listResources<Subnet>(who, 'subnet'))).map((r) => r.data);
  return subnets.sort((a, b) => (a.AvailabilityZone < b.AvailabilityZone ? -1 : 1));
}

async function loadBalancer(control: ControlPlane, name: string, type: 'network' | 'gateway', zones: number[], who: Caller = provider): Promise<string> {
  const subnets = await subnetsOf(control, who);
  const lb = await control.loadBalancers.create(who, { Name: name, Type: type, Subnets: zones.map((i) => subnets[i]!.SubnetId) });
  return lb.LoadBalancerArn;
}

/** An endpoint of the consumer attached to a service, as control/endpoint stores it. */
async function attachEndpoint(control: ControlPlane, serviceId: string, state: VpcEndpointState, who: Caller = consumer): Promise<string> {
  const id = control.deps.ids.resourceId('vpce');
  const now = new Date().toISOString();
  const endpoint: VpcEndpoint = {
    VpcEndpointId: id, VpcEndpointType: 'Interface', VpcId: 'vpc-0123456789abcdef0', ServiceName: `com.amazonaws.vpce.us-east-1.${serviceId}`,
    ServiceId: serviceId, ServiceOwner: provider.accountId, State: state, RouteTableIds: [], SubnetIds: [], Groups: [], PrivateDnsEnabled: false,
    RequesterManaged: false, NetworkInterfaceIds: [], CreationTimestamp: now, OwnerId: who.accountId, DnsLabelSuffix: 'abcdefgh', StateChangedAt: now,
  };
  await control.deps.store.write((tx) => tx.insertResource(who, { id, type: VPC_ENDPOINT, parentId: endpoint.VpcId, data: endpoint }));
  return id;
}

async function setEndpointState(control: ControlPlane, id: string, state: VpcEndpointState): Promise<void> {
  await control.deps.store.write(async (tx) => {
    const r = (await tx.getResource<VpcEndpoint>(consumer, id))!;
    await tx.updateResource(consumer, { ...r, data: { ...r.data, State: state } });
  });
}

function events(control: ControlPlane): DomainEvent[] {
  const seen: DomainEvent[] = [];
  control.deps.events.on('private-dns-verification-requested', (e) => seen.push(e));
  return seen;
}

async function withControl(fn: (control: ControlPlane) => Promise<void>, settings: Partial<ControlSettings> = {}): Promise<void> {
  const { control, close } = await controlFixture(settings);
  try {
    await fn(control);
  } finally {
    await close();
  }
}

const rejects = (p: Promise<unknown>, code: string, message?: string | RegExp) =>
  assert.rejects(p, (e: Error & { code?: string }) => {
    assert.equal(e.code, code);
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
    return true;
  });

test('R2 R3 R42 R43 R44 an NLB service: vpce-svc id, service name, Interface, Available, zones, base DNS name, empty private DNS configuration', () => withControl(async (control) => {
  const arn = await loadBalancer(control, 'nlb', 'network', [0, 2]);
  const { configuration: c } = await control.serviceConfigurations.create(provider, { NetworkLoadBalancerArns: [arn] });
  assert.match(c.ServiceId, /^vpce-svc-[0-9a-f]{17}$/);
  assert.equal(c.ServiceName, `com.amazonaws.vpce.us-east-1.${c.ServiceId}`);
  assert.deepEqual(c.ServiceType, [{ ServiceType: 'Interface' }]);
  assert.equal(c.ServiceState, 'Available');
  assert.deepEqual(c.BaseEndpointDnsNames, [`${c.ServiceId}.us-east-1.vpce.amazonaws.com`]);
  assert.equal(c.ManagesVpcEndpoints, false);
  assert.deepEqual(c.PrivateDnsNameConfiguration, {});
  assert.deepEqual(c.NetworkLoadBalancerArns, [arn]);
  assert.equal(c.GatewayLoadBalancerArns, undefined);
  assert.deepEqual(c.SupportedIpAddressTypes, ['ipv4']);
  const subnets = await subnetsOf(control, provider);
  assert.deepEqual(c.AvailabilityZones, [subnets[0]!.AvailabilityZone, subnets[2]!.AvailabilityZone]);
  assert.deepEqual(c.AvailabilityZoneIds, [subnets[0]!.AvailabilityZoneId, subnets[2]!.AvailabilityZoneId].sort());
}));

test('R45 AcceptanceRequired defaults to true (the console default) and follows the request otherwise', () => withControl(async (control) => {
  const arn = await loadBalancer(control, 'nlb', 'network', [0]);
  assert.equal((await control.serviceConfigurations.create(provider, { NetworkLoadBalancerArns: [arn] })).configuration.AcceptanceRequired, true);
  assert.equal((await control.serviceConfigurations.create(provider, { NetworkLoadBalancerArns: [arn], AcceptanceRequired: false })).configuration.AcceptanceRequired, false);
}));

test('R42 R44 a GWLB service is GatewayLoadBalancer with no base DNS name; several GWLBs are fine', () => withControl(async (control) => {
  const a = await loadBalancer(control, 'gw1', 'gateway', [0]);
  const b = await loadBalancer(control, 'gw2', 'gateway', [1]);
  const { configuration: c } = await control.serviceConfigurations.create(provider, { GatewayLoadBalancerArns: [a, b], AcceptanceRequired: false });
  assert.deepEqual(c.ServiceType, [{ ServiceType: 'GatewayLoadBalancer' }]);
  assert.equal(c.BaseEndpointDnsNames, undefined);
  assert.deepEqual(c.GatewayLoadBalancerArns, [a, b]);
  assert.equal(c.AvailabilityZones.length, 2);
}));

test('R41 neither or both kinds of load balancer are refused with AWS\'s message', () => withControl(async (control) => {
  const nlb = await loadBalancer(control, 'nlb', 'network', [0]);
  const gwlb = await loadBalancer(control, 'gw', 'gateway', [0]);
  const message = 'exactly one of network_load_balancer_arn or gateway_load_balancer_arn is a required member';
  await rejects(control.serviceConfigurations.create(provider, {}), 'InvalidParameter', message);
  await rejects(control.serviceConfigurations.create(provider, { NetworkLoadBalancerArns: [nlb], GatewayLoadBalancerArns: [gwlb] }), 'InvalidParameter', message);
}));

test('R181 load balancers must exist in the caller\'s account and be of the kind named', () => withControl(async (control) => {
  const nlb = await loadBalancer(control, 'nlb', 'network', [0]);
  const othersNlb = await loadBalancer(control, 'theirs', 'network', [0], consumer);
  const missing = nlb.replace(/[0-9a-f]{16}$/, '0123456789abcdef');
  for (const arns of [[missing], [othersNlb]]) {
    await rejects(control.serviceConfigurations.create(provider, { NetworkLoadBalancerArns: arns }), 'InvalidNetworkLoadBalancerArn.NotFound', 'The specified Network Load Balancer ARN does not exist.');
  }
  await rejects(control.serviceConfigurations.create(provider, { GatewayLoadBalancerArns: [nlb] }), 'InvalidNetworkLoadBalancerArn.NotFound');
  await rejects(control.serviceConfigurations.create(provider, { NetworkLoadBalancerArns: ['not-an-arn'] }), 'InvalidNetworkLoadBalancerArn.Malformed');
}));

test('R165 ClientToken: the same request returns the same service, another request with the token is refused', () => withControl(async (control) => {
  const arn = await loadBalancer(control, 'nlb', 'network', [0]);
  const first = await control.serviceConfigurations.create(provider, { NetworkLoadBalancerArns: [arn], ClientToken: 'tok-1' });
  const again = await control.serviceConfigurations.create(provider, { NetworkLoadBalancerArns: [arn], ClientToken: 'tok-1' });
  assert.equal(again.configuration.ServiceId, first.configuration.ServiceId);
  assert.equal(again.clientToken, 'tok-1');
  await rejects(control.serviceConfigurations.create(provider, { NetworkLoadBalancerArns: [arn], AcceptanceRequired: false, ClientToken: 'tok-1' }), 'IdempotentParameterMismatch');
  assert.equal((await control.serviceConfigurations.describe(provider, {})).configurations.length, 1);
}));

test('R178 R164 TagSpecifications of type vpc-endpoint-service tag the service', () => withControl(async (control) => {
  const arn = await loadBalancer(control, 'nlb', 'network', [0]);
  const { configuration } = await control.serviceConfigurations.create(provider, {
    NetworkLoadBalancerArns: [arn], TagSpecifications: [{ ResourceType: 'vpc-endpoint-service', Tags: [{ Key: 'Name', Value: 'TeamA' }] }],
  });
  assert.deepEqual(configuration.Tags, [{ Key: 'Name', Value: 'TeamA' }]);
  await rejects(control.serviceConfigurations.create(provider, {
    NetworkLoadBalancerArns: [arn], TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: [{ Key: 'a', Value: 'b' }] }],
  }), 'InvalidParameterValue');
}));

test('R176 R67 DescribeVpcEndpointServiceConfigurations: own services only, filters, MaxResults clamped, unknown id', () => withControl(async (control) => {
  const arn = await loadBalancer(control, 'nlb', 'network', [0]);
  const ids: string[] = [];
  for (let i = 0; i < 6; i++) {
    ids.push((await control.serviceConfigurations.create(provider, {
      NetworkLoadBalancerArns: [arn], TagSpecifications: [{ ResourceType: 'vpc-endpoint-service', Tags: [{ Key: 'n', Value: String(i) }] }],
    })).configuration.ServiceId);
  }
  const theirs = await loadBalancer(control, 'theirs', 'network', [0], consumer);
  const other = (await control.serviceConfigurations.create(consumer, { NetworkLoadBalancerArns: [theirs] })).configuration.ServiceId;

  assert.deepEqual((await control.serviceConfigurations.describe(provider, {})).configurations.map((c) => c.ServiceId), ids);
  await rejects(control.serviceConfigurations.describe(provider, { ServiceIds: [other] }), 'InvalidVpcEndpointServiceId.NotFound', `The VpcEndpointService Id '${other}' does not exist`);
  const byTag = await control.serviceConfigurations.describe(provider, { Filters: [{ Name: 'tag:n', Values: ['3'] }] });
  assert.deepEqual(byTag.configurations.map((c) => c.ServiceId), [ids[3]]);
  for (const [name, value] of [['service-id', ids[1]!], ['service-name', `com.amazonaws.vpce.us-east-1.${ids[1]!}`]] as [string, string][]) {
    assert.deepEqual((await control.serviceConfigurations.describe(provider, { Filters: [{ Name: name, Values: [value] }] })).configurations.map((c) => c.ServiceId), [ids[1]]);
  }
  assert.equal((await control.serviceConfigurations.describe(provider, { Filters: [{ Name: 'service-state', Values: ['Available'] }, { Name: 'supported-ip-address-types', Values: ['ipv4'] }] })).configurations.length, 6);
  await rejects(control.serviceConfigurations.describe(provider, { Filters: [{ Name: 'owner', Values: ['x'] }] }), 'InvalidFilter', "The filter 'owner' is invalid");
  const page1 = await control.serviceConfigurations.describe(provider, { MaxResults: 1 });
  assert.equal(page1.configurations.length, 5);
  const page2 = await control.serviceConfigurations.describe(provider, { MaxResults: 1, NextToken: page1.nextToken });
  assert.deepEqual(page2.configurations.map((c) => c.ServiceId), [ids[5]]);
  assert.equal(page2.nextToken, undefined);
  assert.equal((await control.serviceConfigurations.describe(provider, { MaxResults: 5000 })).configurations.length, 6);
}));

test('R46 R49 ModifyVpcEndpointServiceConfiguration adds and removes load balancers (zones follow) and changes acceptance', () => withControl(async (control) => {
  const a = await loadBalancer(control, 'a', 'network', [0]);
  const b = await loadBalancer(control, 'b', 'network', [1]);
  const { configuration: c } = await control.serviceConfigurations.create(provider, { NetworkLoadBalancerArns: [a] });
  await control.serviceConfigurations.modify(provider, { ServiceId: c.ServiceId, AddNetworkLoadBalancerArns: [b], AcceptanceRequired: false });
  let [now] = (await control.serviceConfigurations.describe(provider, { ServiceIds: [c.ServiceId] })).configurations;
  assert.deepEqual(now!.NetworkLoadBalancerArns, [a, b]);
  assert.equal(now!.AvailabilityZones.length, 2);
  assert.equal(now!.AcceptanceRequired, false);
  await control.serviceConfigurations.modify(provider, { ServiceId: c.ServiceId, RemoveNetworkLoadBalancerArns: [a] });
  [now] = (await control.serviceConfigurations.describe(provider, { ServiceIds: [c.ServiceId] })).configurations;
  assert.deepEqual(now!.NetworkLoadBalancerArns, [b]);
  assert.equal(now!.AvailabilityZones.length, 1);
  const gw = await loadBalancer(control, 'gw', 'gateway', [0]);
  await rejects(control.serviceConfigurations.modify(provider, { ServiceId: c.ServiceId, AddGatewayLoadBalancerArns: [gw] }), 'InvalidParameter');
  await rejects(control.serviceConfigurations.modify(provider, { ServiceId: c.ServiceId, RemoveNetworkLoadBalancerArns: [b] }), 'InvalidParameter');
  await rejects(control.serviceConfigurations.modify(consumer, { ServiceId: c.ServiceId, AcceptanceRequired: true }), 'InvalidVpcEndpointServiceId.NotFound');
}));

test('R47 a load balancer cannot leave a service while endpoints are attached', () => withControl(async (control) => {
  const a = await loadBalancer(control, 'a', 'network', [0]);
  const b = await loadBalancer(control, 'b', 'network', [1]);
  const { configuration: c } = await control.serviceConfigurations.create(provider, { NetworkLoadBalancerArns: [a, b] });
  const endpoint = await attachEndpoint(control, c.ServiceId, 'pending');
  await rejects(control.serviceConfigurations.modify(provider, { ServiceId: c.ServiceId, RemoveNetworkLoadBalancerArns: [a] }), 'ExistingVpcEndpointConnections');
  await setEndpointState(control, endpoint, 'rejected');
  await control.serviceConfigurations.modify(provider, { ServiceId: c.ServiceId, RemoveNetworkLoadBalancerArns: [a] });
}));

test('R50 R66 R67 DeleteVpcEndpointServiceConfigurations answers per item and keeps services with active connections', () => withControl(async (control) => {
  const arn = await loadBalancer(control, 'nlb', 'network', [0]);
  const busy = (await control.serviceConfigurations.create(provider, { NetworkLoadBalancerArns: [arn] })).configuration.ServiceId;
  const free = (await control.serviceConfigurations.create(provider, { NetworkLoadBalancerArns: [arn] })).configuration.ServiceId;
  const endpoint = await attachEndpoint(control, busy, 'pendingAcceptance');
  await attachEndpoint(control, free, 'rejected');
  const unknown = 'vpce-svc-0123456789abcdef0';
  const { Unsuccessful } = await control.serviceConfigurations.delete(provider, { ServiceIds: [busy, free, unknown] });
  assert.deepEqual(Unsuccessful, [
    { ResourceId: busy, Error: { Code: 'ExistingVpcEndpointConnections', Message: 'Service has existing active VPC Endpoint connections!' } },
    { ResourceId: unknown, Error: { Code: 'InvalidVpcEndpointService.NotFound', Message: `The VpcEndpointService Id '${unknown}' does not exist` } },
  ]);
  await rejects(control.serviceConfigurations.describe(provider, { ServiceIds: [free] }), 'InvalidVpcEndpointServiceId.NotFound');
  await setEndpointState(control, endpoint, 'available');
  assert.equal((await control.serviceConfigurations.delete(provider, { ServiceIds: [busy] })).Unsuccessful.length, 1);
  await setEndpointState(control, endpoint, 'deleted');
  assert.deepEqual((await control.serviceConfigurations.delete(provider, { ServiceIds: [busy] })).Unsuccessful, []);
  // Another account's service is as unknown as a made-up id.
  const theirs = (await control.serviceConfigurations.create(consumer, { NetworkLoadBalancerArns: [await loadBalancer(control, 'x', 'network', [0], consumer)] })).configuration.ServiceId;
  assert.equal((await control.serviceConfigurations.delete(provider, { ServiceIds: [theirs] })).Unsuccessful[0]!.Error.Code, 'InvalidVpcEndpointService.NotFound');
}));

test('R187 DeleteLoadBalancer refuses a load balancer a service uses, and accepts it once the service is gone', () => withControl(async (control) => {
  const arn = await loadBalancer(control, 'nlb', 'network', [0]);
  const { configuration: c } = await control.serviceConfigurations.create(provider, { NetworkLoadBalancerArns: [arn] });
  await rejects(control.loadBalancers.delete(provider, { LoadBalancerArn: arn }), 'ResourceInUse',
    `Load balancer '${arn}' cannot be deleted because it is currently associated with another service`);
  await control.serviceConfigurations.delete(provider, { ServiceIds: [c.ServiceId] });
  await control.loadBalancers.delete(provider, { LoadBalancerArn: arn });
}));

test('R51 payer responsibility moves to the service owner and shows in both views', () => withControl(async (control) => {
  const arn = await loadBalancer(control, 'nlb', 'network', [0]);
  const { configuration: c } = await control.serviceConfigurations.create(provider, { NetworkLoadBalancerArns: [arn] });
  await rejects(control.serviceConfigurations.modifyPayerResponsibility(provider, { ServiceId: c.ServiceId, PayerResponsibility: 'EndpointOwner' }), 'InvalidParameterValue');
  await control.serviceConfigurations.modifyPayerResponsibility(provider, { ServiceId: c.ServiceId, PayerResponsibility: 'ServiceOwner' });
  assert.equal((await control.serviceConfigurations.describe(provider, {})).configurations[0]!.PayerResponsibility, 'ServiceOwner');
  const { ServiceDetails } = await control.serviceConfigurations.describeServices(provider, { ServiceNames: [c.ServiceName] });
  assert.equal(ServiceDetails[0]!.PayerResponsibility, 'ServiceOwner');
  await rejects(control.serviceConfigurations.modifyPayerResponsibility(consumer, { ServiceId: c.ServiceId, PayerResponsibility: 'ServiceOwner' }), 'InvalidVpcEndpointServiceId.NotFound');
}));

test('R60 R64 R61 the provider finds its own service with no allowed principal, by name, filter and tag', () => withControl(async (control) => {
  const arn = await loadBalancer(control, 'nlb', 'network', [0]);
  const { configuration: c } = await control.serviceConfigurations.create(provider, {
    NetworkLoadBalancerArns: [arn], TagSpecifications: [{ ResourceType: 'vpc-endpoint-service', Tags: [{ Key: 'team', Value: 'a' }] }],
  });
  const byName = await control.serviceConfigurations.describeServices(provider, { ServiceNames: [c.ServiceName] });
  assert.deepEqual(byName.ServiceNames, [c.ServiceName]);
  const d = byName.ServiceDetails[0]!;
  assert.equal(d.Owner, provider.accountId);
  assert.equal(d.ServiceId, c.ServiceId);
  assert.deepEqual(d.ServiceType, [{ ServiceType: 'Interface' }]);
  assert.equal(d.VpcEndpointPolicySupported, false);
  assert.equal(d.AcceptanceRequired, true);
  assert.equal(d.ManagesVpcEndpoints, false);
  assert.deepEqual(d.BaseEndpointDnsNames, c.BaseEndpointDnsNames);
  assert.deepEqual(d.AvailabilityZones, c.AvailabilityZones);
  assert.deepEqual(d.SupportedIpAddressTypes, ['ipv4']);
  assert.deepEqual(d.Tags, [{ Key: 'team', Value: 'a' }]);
  for (const filter of [{ Name: 'service-name', Values: [c.ServiceName] }, { Name: 'tag:team', Values: ['a'] }]) {
    assert.deepEqual((await control.serviceConfigurations.describeServices(provider, { Filters: [filter] })).ServiceDetails.map((s) => s.ServiceId), [c.ServiceId]);
  }
  const aws = await control.serviceConfigurations.describeServices(provider, { ServiceNames: ['com.amazonaws.us-east-1.ec2'] });
  assert.equal(aws.ServiceDetails[0]!.Owner, 'amazon');
  assert.equal(aws.ServiceDetails[0]!.PrivateDnsName, 'ec2.us-east-1.amazonaws.com');
  assert.deepEqual(aws.ServiceDetails[0]!.Tags, []);
}));

test('R49 R117 a consumer sees the service in its own AZ names, matched through zone ids', () => withControl(async (control) => {
  const arn = await loadBalancer(control, 'nlb', 'network', [0, 1]);
  const { configuration: c } = await control.serviceConfigurations.create(provider, { NetworkLoadBalancerArns: [arn] });
  await control.servicePermissions.modify(provider, { ServiceId: c.ServiceId, AddAllowedPrincipals: [`arn:aws:iam::${consumer.accountId}:root`] });
  const { ServiceDetails } = await control.serviceConfigurations.describeServices(consumer, { ServiceNames: [c.ServiceName] });
  const seen = ServiceDetails[0]!;
  assert.deepEqual(seen.AvailabilityZoneIds, c.AvailabilityZoneIds);
  assert.deepEqual(seen.AvailabilityZones, c.AvailabilityZoneIds.map((id) => findZone(consumer.accountId, 'us-east-1', { id })!.ZoneName).sort());
  assert.notDeepEqual(seen.AvailabilityZones, c.AvailabilityZones, 'the two accounts name these zones differently');
  // The provider's tags stay the provider's.
  assert.deepEqual(seen.Tags, []);
}));

test('R59 R62 R53 a service is invisible to a consumer until a permission allows it', () => withControl(async (control) => {
  const arn = await loadBalancer(control, 'nlb', 'network', [0]);
  const { configuration: c } = await control.serviceConfigurations.create(provider, { NetworkLoadBalancerArns: [arn] });
  await rejects(control.serviceConfigurations.describeServices(consumer, { ServiceNames: [c.ServiceName] }), 'InvalidServiceName', `The Vpc Endpoint Service '${c.ServiceName}' does not exist`);
  assert.ok(!(await control.serviceConfigurations.describeServices(consumer, {})).ServiceNames.includes(c.ServiceName));
  await control.servicePermissions.modify(provider, { ServiceId: c.ServiceId, AddAllowedPrincipals: ['*'] });
  assert.ok((await control.serviceConfigurations.describeServices(consumer, {})).ServiceNames.includes(c.ServiceName));
}));

test('R179 R63 serviceNameSet is sorted, service-type and owner filters work, unknown filters are refused, pages follow', () => withControl(async (control) => {
  const all = await control.serviceConfigurations.describeServices(consumer, {});
  assert.deepEqual(all.ServiceNames, [...all.ServiceNames].sort());
  assert.deepEqual(all.ServiceDetails.map((d) => d.ServiceName), [...all.ServiceDetails.map((d) => d.ServiceName)].sort());
  const s3Gateway = await control.serviceConfigurations.describeServices(consumer, {
    ServiceNames: ['com.amazonaws.us-east-1.s3'], Filters: [{ Name: 'service-type', Values: ['Gateway'] }],
  });
  assert.equal(s3Gateway.ServiceDetails.length, 1);
  assert.deepEqual(s3Gateway.ServiceDetails[0]!.ServiceType, [{ ServiceType: 'Gateway' }]);
  assert.equal((await control.serviceConfigurations.describeServices(consumer, { Filters: [{ Name: 'owner', Values: ['amazon'] }] })).ServiceDetails.length, all.ServiceDetails.length);
  await rejects(control.serviceConfigurations.describeServices(consumer, { Filters: [{ Name: 'vpc-id', Values: ['x'] }] }), 'InvalidFilter', "The filter 'vpc-id' is invalid");
  const first = await control.serviceConfigurations.describeServices(consumer, { MaxResults: 5 });
  assert.equal(first.ServiceDetails.length, 5);
  const rest = await control.serviceConfigurations.describeServices(consumer, { MaxResults: 1000, NextToken: first.NextToken });
  assert.equal(rest.NextToken, undefined);
  assert.equal(first.ServiceDetails.length + rest.ServiceDetails.length, all.ServiceDetails.length);
}));

test('R89 a Gateway Load Balancer service cannot have a private DNS name', () => withControl(async (control) => {
  const gw = await loadBalancer(control, 'gw', 'gateway', [0]);
  await rejects(control.serviceConfigurations.create(provider, { GatewayLoadBalancerArns: [gw], PrivateDnsName: 'svc.example.com' }), 'InvalidParameter');
  const { configuration: c } = await control.serviceConfigurations.create(provider, { GatewayLoadBalancerArns: [gw] });
  await rejects(control.serviceConfigurations.modify(provider, { ServiceId: c.ServiceId, PrivateDnsName: 'svc.example.com' }), 'InvalidParameter');
}));

test('R90 R93 setting a private DNS name starts a TXT challenge and asks for verification', () => withControl(async (control) => {
  const seen = events(control);
  const arn = await loadBalancer(control, 'nlb', 'network', [0]);
  const { configuration: c } = await control.serviceConfigurations.create(provider, { NetworkLoadBalancerArns: [arn], PrivateDnsName: 'svc.example.com' });
  assert.equal(c.PrivateDnsName, 'svc.example.com');
  const config = c.PrivateDnsNameConfiguration as { State: string; Type: string; Name: string; Value: string };
  assert.equal(config.State, 'pendingVerification');
  assert.equal(config.Type, 'TXT');
  assert.match(config.Name, /^_[a-z0-9]{20}$/);
  assert.match(config.Value, /^vpce:[A-Za-z0-9]{20}$/);
  assert.deepEqual(seen, [{ type: 'private-dns-verification-requested', scope: { accountId: provider.accountId, region: 'us-east-1' }, serviceId: c.ServiceId }]);
  await control.serviceConfigurations.startPrivateDnsVerification(provider, { ServiceId: c.ServiceId });
  assert.equal(seen.length, 2);
  const task = await control.serviceConfigurations.privateDnsVerificationTask(provider, c.ServiceId);
  assert.deepEqual(task!.recordNames, [`${config.Name}.svc.example.com`, 'svc.example.com', `${config.Name}.example.com`, 'example.com']);
  assert.equal(task!.value, config.Value);
}));

test('R96 private DNS names must be lower case, with short labels, and may be wildcards', () => withControl(async (control) => {
  const arn = await loadBalancer(control, 'nlb', 'network', [0]);
  for (const bad of ['Svc.Example.com', `${'a'.repeat(64)}.example.com`, `${'abcdefghi.'.repeat(26)}com`, 'nodots', 'bad_label.example.com']) {
    await rejects(control.serviceConfigurations.create(provider, { NetworkLoadBalancerArns: [arn], PrivateDnsName: bad }), 'InvalidParameter');
  }
  const { configuration } = await control.serviceConfigurations.create(provider, { NetworkLoadBalancerArns: [arn], PrivateDnsName: '*.example.com' });
  assert.equal(configuration.PrivateDnsName, '*.example.com');
}));

test('R93 R94 R95 verification outcomes: found -> verified (consumers get the name), a new name -> pendingVerification again', () => withControl(async (control) => {
  const arn = await loadBalancer(control, 'nlb', 'network', [0]);
  const { configuration: c } = await control.serviceConfigurations.create(provider, { NetworkLoadBalancerArns: [arn], PrivateDnsName: 'svc.example.com' });
  await control.servicePermissions.modify(provider, { ServiceId: c.ServiceId, AddAllowedPrincipals: ['*'] });
  const consumerView = () => control.deps.store.read((tx) => findServiceForConsumer(tx, consumer, c.ServiceName));
  assert.deepEqual((await consumerView())[0]!.PrivateDnsNames, []);
  const task = (await control.serviceConfigurations.privateDnsVerificationTask(provider, c.ServiceId))!;
  assert.equal(await control.serviceConfigurations.recordPrivateDnsVerification(provider, c.ServiceId, 'vpce:stale', true), 'pendingVerification');
  assert.equal(await control.serviceConfigurations.recordPrivateDnsVerification(provider, c.ServiceId, task.value, false), 'pendingVerification');
  assert.equal(await control.serviceConfigurations.recordPrivateDnsVerification(provider, c.ServiceId, task.value, true), 'verified');
  assert.deepEqual((await consumerView())[0]!.PrivateDnsNames, ['svc.example.com']);
  const detail = (await control.serviceConfigurations.describeServices(consumer, { ServiceNames: [c.ServiceName] })).ServiceDetails[0]!;
  assert.equal(detail.PrivateDnsName, 'svc.example.com');
  assert.deepEqual(detail.PrivateDnsNames, [{ PrivateDnsName: 'svc.example.com' }]);
  assert.equal(detail.PrivateDnsNameVerificationState, 'verified');
  // Nothing left to prove: a manual start keeps it verified.
  await control.serviceConfigurations.startPrivateDnsVerification(provider, { ServiceId: c.ServiceId });
  assert.equal(await control.serviceConfigurations.privateDnsVerificationTask(provider, c.ServiceId), undefined);
  await control.serviceConfigurations.modify(provider, { ServiceId: c.ServiceId, PrivateDnsName: 'other.example.com' });
  const [now] = (await control.serviceConfigurations.describe(provider, { ServiceIds: [c.ServiceId] })).configurations;
  assert.equal((now!.PrivateDnsNameConfiguration as { State: string }).State, 'pendingVerification');
  assert.deepEqual((await consumerView())[0]!.PrivateDnsNames, []);
}));

test('R93 with nothing found until the retry window has passed, verification fails; a manual start retries', () => withControl(async (control) => {
  const arn = await loadBalancer(control, 'nlb', 'network', [0]);
  const { configuration: c } = await control.serviceConfigurations.create(provider, { NetworkLoadBalancerArns: [arn], PrivateDnsName: 'svc.example.com' });
  const task = (await control.serviceConfigurations.privateDnsVerificationTask(provider, c.ServiceId))!;
  assert.equal(await control.serviceConfigurations.recordPrivateDnsVerification(provider, c.ServiceId, task.value, false), 'failed');
  await control.serviceConfigurations.startPrivateDnsVerification(provider, { ServiceId: c.ServiceId });
  assert.ok(await control.serviceConfigurations.privateDnsVerificationTask(provider, c.ServiceId));
  assert.deepEqual(await control.serviceConfigurations.pendingPrivateDnsVerifications(), [{ scope: { accountId: provider.accountId, region: 'us-east-1' }, serviceId: c.ServiceId }]);
}, { privateDnsVerificationWindowMs: 0 }));

test('R97 the private DNS name goes only while the service has no connections (RemovePrivateDnsName or an empty name)', () => withControl(async (control) => {
  const arn = await loadBalancer(control, 'nlb', 'network', [0]);
  const { configuration: c } = await control.serviceConfigurations.create(provider, { NetworkLoadBalancerArns: [arn], PrivateDnsName: 'svc.example.com' });
  const endpoint = await attachEndpoint(control, c.ServiceId, 'available');
  await rejects(control.serviceConfigurations.modify(provider, { ServiceId: c.ServiceId, RemovePrivateDnsName: true }), 'ExistingVpcEndpointConnections');
  await setEndpointState(control, endpoint, 'deleted');
  await control.serviceConfigurations.modify(provider, { ServiceId: c.ServiceId, RemovePrivateDnsName: true });
  let [now] = (await control.serviceConfigurations.describe(provider, { ServiceIds: [c.ServiceId] })).configurations;
  assert.equal(now!.PrivateDnsName, undefined);
  assert.deepEqual(now!.PrivateDnsNameConfiguration, {});
  await control.serviceConfigurations.modify(provider, { ServiceId: c.ServiceId, PrivateDnsName: 'svc.example.com' });
  await control.serviceConfigurations.modify(provider, { ServiceId: c.ServiceId, PrivateDnsName: '' });
  [now] = (await control.serviceConfigurations.describe(provider, { ServiceIds: [c.ServiceId] })).configurations;
  assert.equal(now!.PrivateDnsName, undefined);
}));

test('R67 StartVpcEndpointServicePrivateDnsVerification on another account\'s service is NotFound', () => withControl(async (control) => {
  const arn = await loadBalancer(control, 'nlb', 'network', [0]);
  const { configuration: c } = await control.serviceConfigurations.create(provider, { NetworkLoadBalancerArns: [arn], PrivateDnsName: 'svc.example.com' });
  await rejects(control.serviceConfigurations.startPrivateDnsVerification(consumer, { ServiceId: c.ServiceId }), 'InvalidVpcEndpointServiceId.NotFound', `The VpcEndpointService Id '${c.ServiceId}' does not exist`);
}));
