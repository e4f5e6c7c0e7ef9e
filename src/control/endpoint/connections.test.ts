import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONSUMER, createService, defaultVpc, PROVIDER, rejectsWith, withEndpoints, type EndpointFixture } from './fixture.js';
import { callerOf } from '../testing/control-fixture.js';

/** Provider's NLB service (acceptance as asked) and the consumer's interface endpoint to it, in two AZs. */
async function connect({ control }: EndpointFixture, acceptanceRequired = true) {
  const { serviceId, serviceName } = await createService(control, { acceptanceRequired });
  const { vpcId, subnets } = await defaultVpc(control, CONSUMER);
  const provider = await defaultVpc(control, PROVIDER);
  const zones = provider.subnets.slice(0, 2).map((s) => s.AvailabilityZoneId);
  const inService = subnets.filter((s) => zones.includes(s.AvailabilityZoneId)).map((s) => s.SubnetId);
  const view = await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: serviceName, VpcEndpointType: 'Interface', SubnetIds: inService });
  return { serviceId, serviceName, e: view.endpoint };
}

async function stateSeenBy(f: EndpointFixture, id: string) {
  const consumer = (await f.control.endpoints.describe(CONSUMER, { VpcEndpointIds: [id] })).endpoints[0]!.endpoint.State;
  const provider = (await f.control.endpointConnections.describe(PROVIDER, { Filters: [{ Name: 'vpc-endpoint-id', Values: [id] }] })).connections[0]?.VpcEndpointState;
  return { consumer, provider };
}

test('R32 R184 a service requiring acceptance leaves the endpoint pendingAcceptance, in the create response already', () => withEndpoints(async (f) => {
  const { e } = await connect(f);
  assert.equal(e.State, 'pendingAcceptance');
  // Realizing does not skip the provider's decision.
  assert.equal(await f.control.endpoints.completeProvisioning(CONSUMER, e.VpcEndpointId), 'pendingAcceptance');
}));

test('R32 without acceptance the connection is accepted automatically: pending, then available', () => withEndpoints(async (f) => {
  const { e } = await connect(f, false);
  assert.equal(e.State, 'pending');
  await f.control.endpoints.completeProvisioning(CONSUMER, e.VpcEndpointId);
  assert.deepEqual(await stateSeenBy(f, e.VpcEndpointId), { consumer: 'available', provider: 'available' });
}));

test('R33 accepting moves pendingAcceptance to pending, then available, raising Accept', () => withEndpoints(async (f) => {
  const { e, serviceId } = await connect(f);
  assert.deepEqual(await f.control.endpointConnections.accept(PROVIDER, { ServiceId: serviceId, VpcEndpointIds: [e.VpcEndpointId] }), []);
  assert.deepEqual(await stateSeenBy(f, e.VpcEndpointId), { consumer: 'pending', provider: 'pending' });
  await f.control.endpoints.completeProvisioning(CONSUMER, e.VpcEndpointId);
  assert.deepEqual(await stateSeenBy(f, e.VpcEndpointId), { consumer: 'available', provider: 'available' });
  const events = f.events.flatMap((ev) => (ev.type === 'connection-event' ? [[ev.event, ev.vpcEndpointState, ev.serviceId, ev.serviceOwner, ev.vpcEndpointOwner]] : []));
  assert.deepEqual(events, [
    ['Connect', 'pendingAcceptance', serviceId, PROVIDER.accountId, CONSUMER.accountId],
    ['Accept', 'pending', serviceId, PROVIDER.accountId, CONSUMER.accountId],
  ]);
}));

test('R34 rejecting works on pendingAcceptance and on available endpoints', () => withEndpoints(async (f) => {
  const a = await connect(f);
  const b = await connect(f, false);
  await f.control.endpoints.completeProvisioning(CONSUMER, b.e.VpcEndpointId);
  assert.deepEqual(await f.control.endpointConnections.reject(PROVIDER, { ServiceId: a.serviceId, VpcEndpointIds: [a.e.VpcEndpointId] }), []);
  assert.deepEqual(await f.control.endpointConnections.reject(PROVIDER, { ServiceId: b.serviceId, VpcEndpointIds: [b.e.VpcEndpointId] }), []);
  for (const { e } of [a, b]) assert.deepEqual(await stateSeenBy(f, e.VpcEndpointId), { consumer: 'rejected', provider: 'rejected' });
  assert.ok(f.events.some((ev) => ev.type === 'connection-event' && ev.event === 'Reject' && ev.vpcEndpointId === b.e.VpcEndpointId));
}));

test('R35 the provider cannot delete a consumer endpoint; the consumer can, raising Delete', () => withEndpoints(async (f) => {
  const { e } = await connect(f);
  assert.deepEqual(await f.control.endpoints.delete(PROVIDER, { VpcEndpointIds: [e.VpcEndpointId] }),
    [{ ResourceId: e.VpcEndpointId, Error: { Code: 'InvalidVpcEndpoint.NotFound' } }]);
  assert.equal((await stateSeenBy(f, e.VpcEndpointId)).consumer, 'pendingAcceptance');
  assert.deepEqual(await f.control.endpoints.delete(CONSUMER, { VpcEndpointIds: [e.VpcEndpointId] }), []);
  assert.deepEqual(await stateSeenBy(f, e.VpcEndpointId), { consumer: 'deleting', provider: 'deleting' });
  const last = f.events.filter((ev) => ev.type === 'connection-event').at(-1);
  assert.ok(last?.type === 'connection-event' && last.event === 'Delete' && last.vpcEndpointState === 'deleting');
}));

test('R39 DescribeVpcEndpointConnections: the provider sees endpoints of other accounts, with filters', () => withEndpoints(async (f) => {
  const { e, serviceId } = await connect(f);
  const [c] = (await f.control.endpointConnections.describe(PROVIDER, {})).connections;
  assert.equal(c!.ServiceId, serviceId);
  assert.equal(c!.VpcEndpointId, e.VpcEndpointId);
  assert.equal(c!.VpcEndpointOwner, CONSUMER.accountId);
  assert.equal(c!.VpcEndpointState, 'pendingAcceptance');
  assert.equal(c!.CreationTimestamp, e.CreationTimestamp);
  assert.equal(c!.NetworkLoadBalancerArns.length, 1);
  assert.deepEqual(c!.GatewayLoadBalancerArns, []);
  assert.equal(c!.VpcEndpointRegion, 'us-east-1');
  assert.equal(c!.IpAddressType, 'ipv4');
  assert.equal(c!.DnsEntries.length, 3);
  const count = async (Name: string, value: string) => (await f.control.endpointConnections.describe(PROVIDER, { Filters: [{ Name, Values: [value] }] })).connections.length;
  assert.equal(await count('service-id', serviceId), 1);
  assert.equal(await count('service-id', 'vpce-svc-0123456789abcdef0'), 0);
  assert.equal(await count('vpc-endpoint-owner', CONSUMER.accountId), 1);
  assert.equal(await count('vpc-endpoint-state', 'pendingAcceptance'), 1);
  assert.equal(await count('vpc-endpoint-state', 'available'), 0);
  assert.equal(await count('vpc-endpoint-id', e.VpcEndpointId), 1);
  assert.equal(await count('ip-address-type', 'ipv4'), 1);
  assert.equal(await count('vpc-endpoint-region', 'us-east-1'), 1);
  await rejectsWith(f.control.endpointConnections.describe(PROVIDER, { Filters: [{ Name: 'state', Values: ['x'] }] }), 'InvalidFilter');
  // Nobody else sees the connection: not the consumer, not a third account.
  assert.equal((await f.control.endpointConnections.describe(CONSUMER, {})).connections.length, 0);
  assert.equal((await f.control.endpointConnections.describe(callerOf('333333333333'), {})).connections.length, 0);
}));

test('R40 rejected connections stay listed on both sides, after the service is deleted too', () => withEndpoints(async (f) => {
  const { e, serviceId } = await connect(f);
  await f.control.endpointConnections.reject(PROVIDER, { ServiceId: serviceId, VpcEndpointIds: [e.VpcEndpointId] });
  const { Unsuccessful } = await f.control.serviceConfigurations.delete(PROVIDER, { ServiceIds: [serviceId] });
  assert.deepEqual(Unsuccessful, []);
  assert.deepEqual(await stateSeenBy(f, e.VpcEndpointId), { consumer: 'rejected', provider: 'rejected' });
  await rejectsWith(f.control.endpointConnections.reject(PROVIDER, { ServiceId: serviceId, VpcEndpointIds: [e.VpcEndpointId] }), 'InvalidVpcEndpointServiceId.NotFound');
}));

test('R65 R67 only the owner decides; an unknown service id fails the whole call', () => withEndpoints(async (f) => {
  const { e, serviceId } = await connect(f);
  await rejectsWith(f.control.endpointConnections.accept(CONSUMER, { ServiceId: serviceId, VpcEndpointIds: [e.VpcEndpointId] }), 'InvalidVpcEndpointServiceId.NotFound');
  await rejectsWith(f.control.endpointConnections.reject(PROVIDER, { ServiceId: 'vpce-svc-0123456789abcdef0', VpcEndpointIds: [e.VpcEndpointId] }), 'InvalidVpcEndpointServiceId.NotFound',
    "The VpcEndpointService Id 'vpce-svc-0123456789abcdef0' does not exist");
  await rejectsWith(f.control.endpointConnections.accept(PROVIDER, { ServiceId: 'vpce-svc-0123456789abcdef0', VpcEndpointIds: [e.VpcEndpointId] }), 'InvalidVpcEndpointServiceId.NotFound');
  assert.equal((await stateSeenBy(f, e.VpcEndpointId)).consumer, 'pendingAcceptance');
}));

test('R66 R67 R68 batch answers: per-item Unsuccessful for ids not of the service or not pending', () => withEndpoints(async (f) => {
  const a = await connect(f);
  const other = await connect(f);
  const unknown = 'vpce-0123456789abcdef0';
  const items = await f.control.endpointConnections.accept(PROVIDER, { ServiceId: a.serviceId, VpcEndpointIds: [a.e.VpcEndpointId, other.e.VpcEndpointId, unknown] });
  assert.deepEqual(items, [
    { ResourceId: other.e.VpcEndpointId, Error: { Code: 'InvalidVpcEndpointId.NotFound', Message: `The Vpc Endpoint Id '${other.e.VpcEndpointId}' does not exist` } },
    { ResourceId: unknown, Error: { Code: 'InvalidVpcEndpointId.NotFound', Message: `The Vpc Endpoint Id '${unknown}' does not exist` } },
  ]);
  assert.equal((await stateSeenBy(f, a.e.VpcEndpointId)).consumer, 'pending');
  await f.control.endpointConnections.reject(PROVIDER, { ServiceId: a.serviceId, VpcEndpointIds: [a.e.VpcEndpointId] });
  const [item] = await f.control.endpointConnections.accept(PROVIDER, { ServiceId: a.serviceId, VpcEndpointIds: [a.e.VpcEndpointId] });
  assert.equal(item!.Error.Code, 'IncorrectState');
}));

test('R69 a rejected endpoint is handed to the realizer (its data plane stops carrying traffic)', () => withEndpoints(async (f) => {
  const { e, serviceId } = await connect(f, false);
  await f.control.endpoints.completeProvisioning(CONSUMER, e.VpcEndpointId);
  const before = f.events.length;
  await f.control.endpointConnections.reject(PROVIDER, { ServiceId: serviceId, VpcEndpointIds: [e.VpcEndpointId] });
  assert.ok(f.events.slice(before).some((ev) => ev.type === 'endpoint-changed' && ev.vpcEndpointId === e.VpcEndpointId && ev.scope.accountId === CONSUMER.accountId));
}));

test('R57 R62 a consumer no longer allowed cannot connect again, but its endpoint keeps working and can be modified', () => withEndpoints(async (f) => {
  const { e, serviceId, serviceName } = await connect(f, false);
  await f.control.servicePermissions.modify(PROVIDER, { ServiceId: serviceId, RemoveAllowedPrincipals: [`arn:aws:iam::${CONSUMER.accountId}:root`] });
  const { vpcId } = await defaultVpc(f.control, CONSUMER);
  await rejectsWith(f.control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: serviceName, VpcEndpointType: 'Interface' }),
    'InvalidServiceName', `The Vpc Endpoint Service '${serviceName}' does not exist`);
  await f.control.endpoints.modify(CONSUMER, { VpcEndpointId: e.VpcEndpointId, RemoveSubnetIds: [e.SubnetIds[0]!] });
}));
