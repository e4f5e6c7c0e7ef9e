import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONSUMER, createService, defaultVpc, PROVIDER, rejectsWith, withEndpoints } from './fixture.js';
import type { ControlPlane } from '../plane.js';
import { DEFAULT_SETTINGS, type Caller } from '../context.js';
import type { CreateVpcEndpointInput } from './endpoints.js';

const EC2 = 'com.amazonaws.us-east-1.ec2';
const S3 = 'com.amazonaws.us-east-1.s3';

async function interfaceEndpoint(control: ControlPlane, caller: Caller, extra: Partial<CreateVpcEndpointInput> = {}) {
  const { vpcId, subnets } = await defaultVpc(control, caller);
  const view = await control.endpoints.create(caller, {
    VpcId: vpcId, ServiceName: EC2, VpcEndpointType: 'Interface', SubnetIds: [subnets[0]!.SubnetId, subnets[1]!.SubnetId], ...extra,
  });
  return { view, vpcId, subnets, e: view.endpoint };
}

/** A VPC of the caller's own, with DNS hostnames off as AWS makes them, and two subnets in different AZs. */
async function newVpc(control: ControlPlane, caller: Caller) {
  const { vpc } = await control.vpcs.create(caller, { CidrBlock: '10.0.0.0/16' });
  const a = await control.subnets.create(caller, { VpcId: vpc.VpcId, CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-east-1a' });
  const b = await control.subnets.create(caller, { VpcId: vpc.VpcId, CidrBlock: '10.0.2.0/24', AvailabilityZone: 'us-east-1b' });
  const c = await control.subnets.create(caller, { VpcId: vpc.VpcId, CidrBlock: '10.0.3.0/24', AvailabilityZone: 'us-east-1a' });
  return { vpcId: vpc.VpcId, a: a.subnet, b: b.subnet, sameZoneAsA: c.subnet };
}

// --- A. identifiers -----------------------------------------------------------------------------

test('R1 VPC endpoint ids are vpce- and 17 lowercase hex digits', () => withEndpoints(async ({ control }) => {
  const { e } = await interfaceEndpoint(control, CONSUMER);
  assert.match(e.VpcEndpointId, /^vpce-[0-9a-f]{17}$/);
}));

test('R8 R26 an interface endpoint owns one requester-managed vpc_endpoint interface per subnet, with an address of that subnet', () => withEndpoints(async ({ control }) => {
  const { e, subnets } = await interfaceEndpoint(control, CONSUMER);
  assert.equal(e.NetworkInterfaceIds.length, 2);
  const { networkInterfaces } = await control.networkInterfaces.describe(CONSUMER, { NetworkInterfaceIds: e.NetworkInterfaceIds });
  for (const [i, { networkInterface: n }] of networkInterfaces.entries()) {
    assert.equal(n.InterfaceType, 'vpc_endpoint');
    assert.equal(n.RequesterManaged, true);
    assert.equal(n.RequesterId, '727180483921');
    assert.equal(n.Description, `VPC Endpoint Interface ${e.VpcEndpointId}`);
    assert.equal(n.OwnerId, CONSUMER.accountId);
    assert.equal(n.SubnetId, subnets[i]!.SubnetId);
    assert.ok(n.PrivateIpAddress.startsWith(subnets[i]!.CidrBlock.split('.').slice(0, 2).join('.')));
    assert.deepEqual(n.Groups, e.Groups);
  }
}));

test('R13 an unknown VPC is InvalidVpcID.NotFound', () => withEndpoints(async ({ control }) => {
  await rejectsWith(control.endpoints.create(CONSUMER, { VpcId: 'vpc-0123456789abcdef0', ServiceName: EC2, VpcEndpointType: 'Interface' }),
    'InvalidVpcID.NotFound', "The vpc ID 'vpc-0123456789abcdef0' does not exist");
}));

// --- B. endpoint types ----------------------------------------------------------------------------

test('R14 R15 without VpcEndpointType the endpoint is a Gateway, which refuses subnets', () => withEndpoints(async ({ control }) => {
  const { vpcId, subnets } = await defaultVpc(control, CONSUMER);
  const gw = await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: S3 });
  assert.equal(gw.endpoint.VpcEndpointType, 'Gateway');
  await rejectsWith(control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: 'com.amazonaws.us-east-1.dynamodb', SubnetIds: [subnets[0]!.SubnetId] }),
    'InvalidParameter', 'Subnet IDs are only supported for Interface and GatewayLoadBalancer type VPC Endpoints.');
}));

test('R16 route tables only for Gateway endpoints', () => withEndpoints(async ({ control }) => {
  const { vpcId } = await defaultVpc(control, CONSUMER);
  const { routeTables } = await control.routeTables.describe(CONSUMER, { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] });
  await rejectsWith(control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: EC2, VpcEndpointType: 'Interface', RouteTableIds: [routeTables[0]!.routeTable.RouteTableId] }),
    'InvalidParameter', 'Route table IDs are only supported for Gateway type VPC Endpoint.');
}));

test('R17 R119 the type must be one the service offers', () => withEndpoints(async ({ control }) => {
  const { vpcId } = await defaultVpc(control, CONSUMER);
  await rejectsWith(control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: EC2, VpcEndpointType: 'Gateway' }),
    'InvalidParameter', 'Endpoint type (Gateway) does not match available service types ([Interface]).');
  // S3 offers both; DynamoDB only Gateway.
  await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: S3, VpcEndpointType: 'Interface', PrivateDnsEnabled: false });
  await rejectsWith(control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: 'com.amazonaws.us-east-1.dynamodb', VpcEndpointType: 'Interface' }),
    'InvalidParameter', 'Endpoint type (Interface) does not match available service types ([Gateway]).');
}));

test('R18 R112 R163 an interface endpoint takes subnets, groups, private DNS, policy, DNS options and IP address type', () => withEndpoints(async ({ control }) => {
  const { vpcId, subnets } = await defaultVpc(control, CONSUMER);
  const { group } = await control.securityGroups.create(CONSUMER, { GroupName: 'ep', Description: 'ep', VpcId: vpcId });
  const policy = '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"ec2:Describe*","Resource":"*"}]}';
  const { endpoint: e } = await control.endpoints.create(CONSUMER, {
    VpcId: vpcId, ServiceName: EC2, VpcEndpointType: 'Interface', SubnetIds: [subnets[0]!.SubnetId], SecurityGroupIds: [group.GroupId],
    PrivateDnsEnabled: true, PolicyDocument: policy, IpAddressType: 'ipv4', DnsOptions: { DnsRecordIpType: 'ipv4' },
  });
  assert.equal(e.State, 'pending');
  assert.equal(e.PolicyDocument, policy);
  assert.deepEqual(e.Groups, [{ GroupId: group.GroupId, GroupName: 'ep' }]);
  assert.equal(e.IpAddressType, 'ipv4');
  assert.deepEqual(e.DnsOptions, { DnsRecordIpType: 'ipv4' });
  assert.equal(e.RequesterManaged, false);
  assert.equal(e.OwnerId, CONSUMER.accountId);
  assert.deepEqual(e.RouteTableIds, []);
}));

test('R20 R31 R109 R114 a Gateway Load Balancer endpoint: one subnet, no groups, no policy, pending at first', () => withEndpoints(async ({ control }) => {
  const { serviceName } = await createService(control, { gateway: true, acceptanceRequired: false });
  const { vpcId, subnets } = await defaultVpc(control, CONSUMER);
  const base = { VpcId: vpcId, ServiceName: serviceName, VpcEndpointType: 'GatewayLoadBalancer' };
  await rejectsWith(control.endpoints.create(CONSUMER, { ...base, SubnetIds: [subnets[0]!.SubnetId, subnets[1]!.SubnetId] }), 'InvalidParameter');
  await rejectsWith(control.endpoints.create(CONSUMER, { ...base }), 'InvalidParameter');
  await rejectsWith(control.endpoints.create(CONSUMER, { ...base, SubnetIds: [subnets[0]!.SubnetId], SecurityGroupIds: ['sg-0123456789abcdef0'] }), 'InvalidParameter');
  await rejectsWith(control.endpoints.create(CONSUMER, { ...base, SubnetIds: [subnets[0]!.SubnetId], PolicyDocument: '{"Statement":[]}' }), 'InvalidParameter');
  const { endpoint: e } = await control.endpoints.create(CONSUMER, { ...base, SubnetIds: [subnets[0]!.SubnetId], PrivateDnsEnabled: false });
  assert.equal(e.State, 'pending');
  assert.equal(e.PolicyDocument, undefined);
  assert.deepEqual(e.Groups, []);
  const { networkInterfaces } = await control.networkInterfaces.describe(CONSUMER, { NetworkInterfaceIds: e.NetworkInterfaceIds });
  assert.equal(networkInterfaces[0]!.networkInterface.InterfaceType, 'gateway_load_balancer_endpoint');
  await rejectsWith(control.endpoints.modify(CONSUMER, { VpcEndpointId: e.VpcEndpointId, AddSubnetIds: [subnets[1]!.SubnetId] }), 'InvalidParameter');
}));

test('R21 an endpoint reaches services of its own Region only', () => withEndpoints(async ({ control }) => {
  const { vpcId } = await defaultVpc(control, CONSUMER);
  await rejectsWith(control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: EC2, VpcEndpointType: 'Interface', ServiceRegion: 'eu-west-1' }), 'InvalidParameter');
  await rejectsWith(control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: 'com.amazonaws.eu-west-1.ec2', VpcEndpointType: 'Interface' }), 'InvalidServiceName');
}));

test('R23 endpoints carry IPv4 only', () => withEndpoints(async ({ control }) => {
  await rejectsWith(interfaceEndpoint(control, CONSUMER, { IpAddressType: 'dualstack' }), 'InvalidParameter');
  await rejectsWith(interfaceEndpoint(control, CONSUMER, { DnsOptions: { DnsRecordIpType: 'ipv6' } }), 'InvalidParameter');
}));

test('R24 ModifyVpcEndpoint parameters per type', () => withEndpoints(async ({ control }) => {
  const { e, vpcId } = await interfaceEndpoint(control, CONSUMER);
  const { routeTables } = await control.routeTables.describe(CONSUMER, { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] });
  const rtb = routeTables[0]!.routeTable.RouteTableId;
  await rejectsWith(control.endpoints.modify(CONSUMER, { VpcEndpointId: e.VpcEndpointId, AddRouteTableIds: [rtb] }), 'InvalidParameter', 'Route table IDs are only supported for Gateway type VPC Endpoint.');
  const gw = (await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: S3 })).endpoint;
  await rejectsWith(control.endpoints.modify(CONSUMER, { VpcEndpointId: gw.VpcEndpointId, AddSubnetIds: [e.SubnetIds[0]!] }), 'InvalidParameter');
  await rejectsWith(control.endpoints.modify(CONSUMER, { VpcEndpointId: gw.VpcEndpointId, AddSecurityGroupIds: [e.Groups[0]!.GroupId] }), 'InvalidParameter');
  await rejectsWith(control.endpoints.modify(CONSUMER, { VpcEndpointId: gw.VpcEndpointId, PrivateDnsEnabled: true }), 'InvalidParameter');
  await control.endpoints.modify(CONSUMER, { VpcEndpointId: gw.VpcEndpointId, AddRouteTableIds: [rtb] });
}));

test('R25 removing a subnet deletes its interface; adding one creates one there', () => withEndpoints(async ({ control }) => {
  const { e, subnets } = await interfaceEndpoint(control, CONSUMER);
  await control.endpoints.modify(CONSUMER, { VpcEndpointId: e.VpcEndpointId, RemoveSubnetIds: [subnets[0]!.SubnetId], AddSubnetIds: [subnets[2]!.SubnetId] });
  const [after] = (await control.endpoints.describe(CONSUMER, { VpcEndpointIds: [e.VpcEndpointId] })).endpoints;
  assert.deepEqual(after!.endpoint.SubnetIds, [subnets[1]!.SubnetId, subnets[2]!.SubnetId]);
  assert.equal(after!.endpoint.NetworkInterfaceIds.length, 2);
  assert.equal(after!.endpoint.NetworkInterfaceIds[0], e.NetworkInterfaceIds[1]);
  await rejectsWith(control.networkInterfaces.describe(CONSUMER, { NetworkInterfaceIds: [e.NetworkInterfaceIds[0]!] }), 'InvalidNetworkInterfaceID.NotFound');
  // Removing a subnet the endpoint is not in: InvalidParameter, which Terraform reads as already removed.
  await rejectsWith(control.endpoints.modify(CONSUMER, { VpcEndpointId: e.VpcEndpointId, RemoveSubnetIds: [subnets[0]!.SubnetId] }), 'InvalidParameter');
}));

test('R27 only interface and GWLB endpoints raise connection events', () => withEndpoints(async ({ control, events }) => {
  const { vpcId } = await defaultVpc(control, CONSUMER);
  await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: S3 });
  assert.equal(events.filter((e) => e.type === 'connection-event').length, 0);
  const { e } = await interfaceEndpoint(control, CONSUMER);
  const connect = events.find((ev) => ev.type === 'connection-event');
  assert.ok(connect && connect.type === 'connection-event');
  assert.equal(connect.event, 'Connect');
  assert.equal(connect.vpcEndpointId, e.VpcEndpointId);
  assert.equal(connect.vpcEndpointOwner, CONSUMER.accountId);
  assert.equal(connect.serviceOwner, 'amazon');
}));

// --- C. states ------------------------------------------------------------------------------------

test('R28 R29 an interface endpoint to an AWS service is pending, then available once realized', () => withEndpoints(async ({ control, events }) => {
  const { e } = await interfaceEndpoint(control, CONSUMER);
  assert.equal(e.State, 'pending');
  assert.ok(events.some((ev) => ev.type === 'endpoint-changed' && ev.vpcEndpointId === e.VpcEndpointId));
  assert.equal(await control.endpoints.completeProvisioning(CONSUMER, e.VpcEndpointId), 'available');
  const [v] = (await control.endpoints.describe(CONSUMER, { VpcEndpointIds: [e.VpcEndpointId] })).endpoints;
  assert.equal(v!.endpoint.State, 'available');
}));

test('R30 a gateway endpoint is available in the create response', () => withEndpoints(async ({ control }) => {
  const { vpcId } = await defaultVpc(control, CONSUMER);
  assert.equal((await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: S3 })).endpoint.State, 'available');
}));

test('R36 R177 deleting: deleting, then deleted (interfaces gone, still listed), then NotFound', () => withEndpoints(async ({ control }) => {
  const { e, subnets } = await interfaceEndpoint(control, CONSUMER);
  assert.deepEqual(await control.endpoints.delete(CONSUMER, { VpcEndpointIds: [e.VpcEndpointId] }), []);
  let [v] = (await control.endpoints.describe(CONSUMER, { VpcEndpointIds: [e.VpcEndpointId] })).endpoints;
  assert.equal(v!.endpoint.State, 'deleting');
  // The subnet is held until the interface goes.
  await rejectsWith(control.subnets.delete(CONSUMER, { SubnetId: subnets[0]!.SubnetId }), 'DependencyViolation');
  assert.equal(await control.endpoints.completeProvisioning(CONSUMER, e.VpcEndpointId), 'deleted');
  [v] = (await control.endpoints.describe(CONSUMER, { VpcEndpointIds: [e.VpcEndpointId] })).endpoints;
  assert.equal(v!.endpoint.State, 'deleted');
  assert.deepEqual(v!.endpoint.NetworkInterfaceIds, []);
  assert.deepEqual(v!.DnsEntries, []);
  await rejectsWith(control.networkInterfaces.describe(CONSUMER, { NetworkInterfaceIds: [e.NetworkInterfaceIds[0]!] }), 'InvalidNetworkInterfaceID.NotFound');
  await control.subnets.delete(CONSUMER, { SubnetId: subnets[0]!.SubnetId });
  // Deleting it again: the item answer Terraform reads as already deleted.
  assert.deepEqual(await control.endpoints.delete(CONSUMER, { VpcEndpointIds: [e.VpcEndpointId] }),
    [{ ResourceId: e.VpcEndpointId, Error: { Code: 'InvalidVpcEndpoint.NotFound' } }]);
}));

test('R36 a deleted endpoint disappears after the retention time', () => withEndpoints(async ({ control }) => {
  const { e } = await interfaceEndpoint(control, CONSUMER);
  await control.endpoints.delete(CONSUMER, { VpcEndpointIds: [e.VpcEndpointId] });
  await control.endpoints.completeProvisioning(CONSUMER, e.VpcEndpointId);
  await new Promise((r) => setTimeout(r, 30));
  await rejectsWith(control.endpoints.describe(CONSUMER, { VpcEndpointIds: [e.VpcEndpointId] }), 'InvalidVpcEndpointId.NotFound',
    `The Vpc Endpoint Id '${e.VpcEndpointId}' does not exist`);
  assert.equal((await control.endpoints.describe(CONSUMER, {})).endpoints.length, 0);
  await control.endpoints.purgeDeleted(CONSUMER, e.VpcEndpointId);
  assert.deepEqual(await control.endpoints.unfinished(), []);
}, { deletedEndpointRetentionMs: 20 }));

test('R36 a deleted endpoint no longer holds its VPC', () => withEndpoints(async ({ control }) => {
  const { vpcId, a } = await newVpc(control, CONSUMER);
  const { endpoint: e } = await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: EC2, VpcEndpointType: 'Interface', SubnetIds: [a.SubnetId], PrivateDnsEnabled: false });
  await control.endpoints.delete(CONSUMER, { VpcEndpointIds: [e.VpcEndpointId] });
  await control.endpoints.completeProvisioning(CONSUMER, e.VpcEndpointId);
  for (const s of (await control.subnets.describe(CONSUMER, { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] })).subnets) {
    await control.subnets.delete(CONSUMER, { SubnetId: s.subnet.SubnetId });
  }
  await control.vpcs.delete(CONSUMER, { VpcId: vpcId });
}));

// --- H. DNS ---------------------------------------------------------------------------------------

test('R77 R78 R79 R80 R82 DnsEntries: regional, zonal per AZ, then the private names, with AWS hosted zones', () => withEndpoints(async ({ control }) => {
  const { view, e, subnets } = await interfaceEndpoint(control, CONSUMER);
  const label = `${e.VpcEndpointId}-${e.DnsLabelSuffix}`;
  assert.match(e.DnsLabelSuffix, /^[a-z0-9]{8}$/);
  assert.deepEqual(view.DnsEntries, [
    { DnsName: `${label}.ec2.us-east-1.vpce.amazonaws.com`, HostedZoneId: 'Z7HUB22UULQXV' },
    { DnsName: `${label}-${subnets[0]!.AvailabilityZone}.ec2.us-east-1.vpce.amazonaws.com`, HostedZoneId: 'Z7HUB22UULQXV' },
    { DnsName: `${label}-${subnets[1]!.AvailabilityZone}.ec2.us-east-1.vpce.amazonaws.com`, HostedZoneId: 'Z7HUB22UULQXV' },
    { DnsName: 'ec2.us-east-1.amazonaws.com', HostedZoneId: view.DnsEntries[3]!.HostedZoneId },
  ]);
  assert.match(view.DnsEntries[3]!.HostedZoneId, /^Z[A-Z0-9]+$/);
}));

test('R78 a customer service endpoint names hang under vpce-svc-<id>.<region>.vpce.amazonaws.com', () => withEndpoints(async ({ control }) => {
  const { serviceName, serviceId } = await createService(control, { acceptanceRequired: false });
  const { vpcId, subnets } = await defaultVpc(control, CONSUMER);
  const { DnsEntries, endpoint } = await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: serviceName, VpcEndpointType: 'Interface', SubnetIds: [subnets[0]!.SubnetId] });
  assert.equal(DnsEntries[0]!.DnsName, `${endpoint.VpcEndpointId}-${endpoint.DnsLabelSuffix}.${serviceId}.us-east-1.vpce.amazonaws.com`);
}));

test('R79 R183 an interface endpoint without subnets: no interfaces, no DNS entries, default group, ipv4', () => withEndpoints(async ({ control }) => {
  const { vpcId } = await defaultVpc(control, CONSUMER);
  const v = await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: EC2, VpcEndpointType: 'Interface' });
  assert.deepEqual(v.DnsEntries, []);
  assert.deepEqual(v.endpoint.NetworkInterfaceIds, []);
  assert.equal(v.endpoint.Groups[0]!.GroupName, 'default');
  assert.equal(v.endpoint.IpAddressType, 'ipv4');
  assert.deepEqual(v.endpoint.DnsOptions, { DnsRecordIpType: 'ipv4' });
}));

test('R83 private DNS is on by default for AWS services, off for a customer service without a private name', () => withEndpoints(async ({ control }) => {
  const { e } = await interfaceEndpoint(control, CONSUMER);
  assert.equal(e.PrivateDnsEnabled, true);
  const { serviceName } = await createService(control, { acceptanceRequired: false });
  const { vpcId, subnets } = await defaultVpc(control, CONSUMER);
  const custom = await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: serviceName, VpcEndpointType: 'Interface', SubnetIds: [subnets[0]!.SubnetId] });
  assert.equal(custom.endpoint.PrivateDnsEnabled, false);
  await rejectsWith(control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: serviceName, VpcEndpointType: 'Interface', PrivateDnsEnabled: true }),
    'InvalidParameter', /does not provide a private DNS name/);
}));

test('R84 private DNS needs enableDnsSupport and enableDnsHostnames', () => withEndpoints(async ({ control }) => {
  const { vpcId, a } = await newVpc(control, CONSUMER);
  const message = `Enabling private DNS requires both enableDnsSupport and enableDnsHostnames VPC attributes set to true for ${vpcId}`;
  // The default (true for AWS services) asks for it too.
  await rejectsWith(control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: EC2, VpcEndpointType: 'Interface', SubnetIds: [a.SubnetId] }), 'InvalidParameter', message);
  const { endpoint: e } = await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: EC2, VpcEndpointType: 'Interface', SubnetIds: [a.SubnetId], PrivateDnsEnabled: false });
  await rejectsWith(control.endpoints.modify(CONSUMER, { VpcEndpointId: e.VpcEndpointId, PrivateDnsEnabled: true }), 'InvalidParameter', message);
  await control.vpcs.modifyAttribute(CONSUMER, { VpcId: vpcId, EnableDnsHostnames: { Value: true } });
  await control.endpoints.modify(CONSUMER, { VpcEndpointId: e.VpcEndpointId, PrivateDnsEnabled: true });
  const [v] = (await control.endpoints.describe(CONSUMER, { VpcEndpointIds: [e.VpcEndpointId] })).endpoints;
  assert.equal(v!.endpoint.PrivateDnsEnabled, true);
  assert.equal(v!.DnsEntries.at(-1)!.DnsName, 'ec2.us-east-1.amazonaws.com');
}));

test('R85 one endpoint per VPC holds a private DNS name', () => withEndpoints(async ({ control }) => {
  const { vpcId } = await interfaceEndpoint(control, CONSUMER);
  await rejectsWith(control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: EC2, VpcEndpointType: 'Interface' }), 'InvalidParameter',
    `private-dns-enabled cannot be set because there is already a conflicting DNS domain for ec2.us-east-1.amazonaws.com in the VPC ${vpcId}`);
  const second = await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: EC2, VpcEndpointType: 'Interface', PrivateDnsEnabled: false });
  assert.equal(second.endpoint.PrivateDnsEnabled, false);
}));

test('R86 S3 interface endpoints: wildcard names, and inbound-resolver-only private DNS needs an S3 gateway endpoint', () => withEndpoints(async ({ control }) => {
  const { vpcId, subnets } = await defaultVpc(control, CONSUMER);
  const base = { VpcId: vpcId, ServiceName: S3, VpcEndpointType: 'Interface', SubnetIds: [subnets[0]!.SubnetId] };
  await rejectsWith(control.endpoints.create(CONSUMER, { ...base, DnsOptions: { PrivateDnsOnlyForInboundResolverEndpoint: true } }), 'InvalidParameter',
    `To set PrivateDnsOnlyForInboundResolverEndpoint to true, the VPC ${vpcId} must have a Gateway endpoint for the service.`);
  await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: S3 });
  const v = await control.endpoints.create(CONSUMER, { ...base, DnsOptions: { PrivateDnsOnlyForInboundResolverEndpoint: true } });
  assert.deepEqual(v.endpoint.DnsOptions, { DnsRecordIpType: 'ipv4', PrivateDnsOnlyForInboundResolverEndpoint: true });
  assert.match(v.DnsEntries[0]!.DnsName, /^\*\.vpce-[0-9a-f]{17}-[a-z0-9]{8}\.s3\.us-east-1\.vpce\.amazonaws\.com$/);
  assert.ok(v.DnsEntries.some((d) => d.DnsName === 's3.us-east-1.amazonaws.com'));
}));

// --- K. groups, subnets, zones --------------------------------------------------------------------

test('R111 with no group named, the VPC default group is attached', () => withEndpoints(async ({ control }) => {
  const { e, vpcId } = await interfaceEndpoint(control, CONSUMER);
  const { groups } = await control.securityGroups.describe(CONSUMER, { Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'group-name', Values: ['default'] }] });
  assert.deepEqual(e.Groups, [{ GroupId: groups[0]!.group.GroupId, GroupName: 'default' }]);
}));

test('R113 at most five security groups', () => withEndpoints(async ({ control }) => {
  const { vpcId } = await defaultVpc(control, CONSUMER);
  const ids: string[] = [];
  for (let i = 0; i < 6; i++) ids.push((await control.securityGroups.create(CONSUMER, { GroupName: `g${i}`, Description: 'g', VpcId: vpcId })).group.GroupId);
  await rejectsWith(interfaceEndpoint(control, CONSUMER, { SecurityGroupIds: ids, PrivateDnsEnabled: false }), 'SecurityGroupsPerInterfaceLimitExceeded',
    'The maximum number of security groups per interface has been reached.');
  const { e } = await interfaceEndpoint(control, CONSUMER, { SecurityGroupIds: ids.slice(0, 5), PrivateDnsEnabled: false });
  await rejectsWith(control.endpoints.modify(CONSUMER, { VpcEndpointId: e.VpcEndpointId, AddSecurityGroupIds: [ids[5]!] }), 'SecurityGroupsPerInterfaceLimitExceeded');
  await control.endpoints.modify(CONSUMER, { VpcEndpointId: e.VpcEndpointId, AddSecurityGroupIds: [ids[5]!], RemoveSecurityGroupIds: [ids[0]!] });
  const { networkInterfaces } = await control.networkInterfaces.describe(CONSUMER, { NetworkInterfaceIds: e.NetworkInterfaceIds });
  assert.deepEqual(networkInterfaces[0]!.networkInterface.Groups.map((g) => g.GroupId), [...ids.slice(1, 6)]);
}));

test('R115 one subnet per AZ, on create and on modify', () => withEndpoints(async ({ control }) => {
  const { vpcId, a, b, sameZoneAsA } = await newVpc(control, CONSUMER);
  const base = { VpcId: vpcId, ServiceName: EC2, VpcEndpointType: 'Interface', PrivateDnsEnabled: false };
  await rejectsWith(control.endpoints.create(CONSUMER, { ...base, SubnetIds: [a.SubnetId, sameZoneAsA.SubnetId] }), 'DuplicateSubnetsInSameZone',
    `Found another VPC endpoint subnet in the availability zone of ${sameZoneAsA.SubnetId}. VPC endpoint subnets should be in different availability zones supported by the VPC endpoint service.`);
  const { endpoint: e } = await control.endpoints.create(CONSUMER, { ...base, SubnetIds: [a.SubnetId, b.SubnetId] });
  await rejectsWith(control.endpoints.modify(CONSUMER, { VpcEndpointId: e.VpcEndpointId, AddSubnetIds: [sameZoneAsA.SubnetId] }), 'DuplicateSubnetsInSameZone');
  // Swapping subnets within one AZ in one call works: removals go first.
  await control.endpoints.modify(CONSUMER, { VpcEndpointId: e.VpcEndpointId, RemoveSubnetIds: [a.SubnetId], AddSubnetIds: [sameZoneAsA.SubnetId] });
}));

test('R116 R117 subnets only in AZs of the service, matched by zone id across accounts', () => withEndpoints(async ({ control }) => {
  const { serviceName, serviceId } = await createService(control, { acceptanceRequired: false, zones: 1 });
  const providerSubnet = (await defaultVpc(control, PROVIDER)).subnets[0]!;
  const { vpcId, subnets } = await defaultVpc(control, CONSUMER);
  const inZone = subnets.find((s) => s.AvailabilityZoneId === providerSubnet.AvailabilityZoneId)!;
  const outside = subnets.find((s) => s.AvailabilityZoneId !== providerSubnet.AvailabilityZoneId)!;
  await rejectsWith(control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: serviceName, VpcEndpointType: 'Interface', SubnetIds: [outside.SubnetId] }),
    'InvalidParameter', `The VPC endpoint service ${serviceName} does not support the availability zone of the subnet: ${outside.SubnetId}.`);
  const v = await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: serviceName, VpcEndpointType: 'Interface', SubnetIds: [inZone.SubnetId] });
  assert.equal(v.endpoint.ServiceId, serviceId);
  // The zonal name carries the consumer's name of that AZ.
  assert.ok(v.DnsEntries[1]!.DnsName.includes(`-${inZone.AvailabilityZone}.`));
}));

test('R118 subnets and groups must be in the endpoint VPC', () => withEndpoints(async ({ control }) => {
  const { vpcId, a } = await newVpc(control, CONSUMER);
  const other = await defaultVpc(control, CONSUMER);
  const { groups } = await control.securityGroups.describe(CONSUMER, { Filters: [{ Name: 'vpc-id', Values: [other.vpcId] }] });
  await rejectsWith(control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: EC2, VpcEndpointType: 'Interface', PrivateDnsEnabled: false, SubnetIds: [other.subnets[0]!.SubnetId] }), 'InvalidParameter');
  await rejectsWith(control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: EC2, VpcEndpointType: 'Interface', PrivateDnsEnabled: false, SubnetIds: [a.SubnetId], SecurityGroupIds: [groups[0]!.group.GroupId] }), 'InvalidParameter');
  await rejectsWith(control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: EC2, VpcEndpointType: 'Interface', PrivateDnsEnabled: false, SubnetIds: ['subnet-0123456789abcdef0'] }), 'InvalidSubnetID.NotFound');
}));

// --- M. quotas ------------------------------------------------------------------------------------

test('R134 R137 interface and GWLB endpoints per VPC, combined', () => withEndpoints(async ({ control }) => {
  const { vpcId } = await defaultVpc(control, CONSUMER);
  const { serviceName } = await createService(control, { gateway: true, acceptanceRequired: false });
  const subnet = (await defaultVpc(control, CONSUMER)).subnets[0]!;
  await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: EC2, VpcEndpointType: 'Interface', PrivateDnsEnabled: false });
  await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: serviceName, VpcEndpointType: 'GatewayLoadBalancer', SubnetIds: [subnet.SubnetId] });
  await rejectsWith(control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: EC2, VpcEndpointType: 'Interface', PrivateDnsEnabled: false }),
    'VpcEndpointLimitExceeded', 'The maximum number of VPC endpoints has been reached.');
  // Gateway endpoints count apart.
  await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: S3 });
}, { quotas: { ...DEFAULT_SETTINGS.quotas, interfaceEndpointsPerVpc: 2 } }));

test('R135 gateway endpoints per Region and per VPC', () => withEndpoints(async ({ control }) => {
  const { vpcId } = await defaultVpc(control, CONSUMER);
  await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: S3 });
  await rejectsWith(control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: 'com.amazonaws.us-east-1.dynamodb' }), 'VpcEndpointLimitExceeded');
  // The Region's quota counts the gateway endpoints of every VPC.
  const { vpc } = await control.vpcs.create(CONSUMER, { CidrBlock: '10.0.0.0/16' });
  await rejectsWith(control.endpoints.create(CONSUMER, { VpcId: vpc.VpcId, ServiceName: S3 }), 'VpcEndpointLimitExceeded');
  // Another account has its own quota.
  await control.endpoints.create(PROVIDER, { VpcId: (await defaultVpc(control, PROVIDER)).vpcId, ServiceName: S3 });
}, { quotas: { ...DEFAULT_SETTINGS.quotas, gatewayEndpointsPerRegion: 1 } }));

// --- P, Q, R. wire details, describe, tags -------------------------------------------------------

test('R162 creation timestamps carry milliseconds', () => withEndpoints(async ({ control }) => {
  const { e } = await interfaceEndpoint(control, CONSUMER);
  assert.match(e.CreationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
}));

test('R164 R178 tags at creation and with CreateTags', () => withEndpoints(async ({ control }) => {
  const { view, e } = await interfaceEndpoint(control, CONSUMER, { TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: [{ Key: 'Name', Value: 'ep' }] }] });
  assert.deepEqual(view.tags, [{ Key: 'Name', Value: 'ep' }]);
  await control.tags.create(CONSUMER, { Resources: [e.VpcEndpointId], Tags: [{ Key: 'team', Value: 'a' }] });
  const [v] = (await control.endpoints.describe(CONSUMER, { Filters: [{ Name: 'tag:team', Values: ['a'] }] })).endpoints;
  assert.equal(v!.endpoint.VpcEndpointId, e.VpcEndpointId);
  await rejectsWith(interfaceEndpoint(control, CONSUMER, { TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'a', Value: 'b' }] }] }), 'InvalidParameterValue');
}));

test('R165 ClientToken: a replay answers the original endpoint; other parameters are IdempotentParameterMismatch', () => withEndpoints(async ({ control }) => {
  const { vpcId } = await defaultVpc(control, CONSUMER);
  const input = { VpcId: vpcId, ServiceName: S3, ClientToken: 'token-1' };
  const first = await control.endpoints.create(CONSUMER, input);
  const again = await control.endpoints.create(CONSUMER, input);
  assert.equal(again.endpoint.VpcEndpointId, first.endpoint.VpcEndpointId);
  assert.equal(again.endpoint.CreationTimestamp, first.endpoint.CreationTimestamp);
  assert.equal(again.clientToken, 'token-1');
  await rejectsWith(control.endpoints.create(CONSUMER, { ...input, ServiceName: 'com.amazonaws.us-east-1.dynamodb' }), 'IdempotentParameterMismatch');
  assert.equal((await control.endpoints.describe(CONSUMER, {})).endpoints.length, 1);
}));

test('R175 DescribeVpcEndpoints: own endpoints only, every filter, MaxResults clamped to 1000', () => withEndpoints(async ({ control }) => {
  const { e, vpcId } = await interfaceEndpoint(control, CONSUMER);
  const gw = (await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: S3 })).endpoint;
  await interfaceEndpoint(control, PROVIDER);
  const ids = async (Filters: { Name: string; Values: string[] }[]) =>
    (await control.endpoints.describe(CONSUMER, { Filters })).endpoints.map((v) => v.endpoint.VpcEndpointId).sort();
  assert.deepEqual(await ids([]), [e.VpcEndpointId, gw.VpcEndpointId].sort());
  assert.deepEqual(await ids([{ Name: 'vpc-endpoint-type', Values: ['Gateway'] }]), [gw.VpcEndpointId]);
  assert.deepEqual(await ids([{ Name: 'service-name', Values: [EC2] }]), [e.VpcEndpointId]);
  assert.deepEqual(await ids([{ Name: 'vpc-endpoint-state', Values: ['pending'] }]), [e.VpcEndpointId]);
  assert.deepEqual(await ids([{ Name: 'vpc-endpoint-id', Values: [gw.VpcEndpointId] }]), [gw.VpcEndpointId]);
  assert.deepEqual(await ids([{ Name: 'ip-address-type', Values: ['ipv4'] }]), [e.VpcEndpointId]);
  assert.equal((await ids([{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'service-region', Values: ['us-east-1'] }])).length, 2);
  await rejectsWith(control.endpoints.describe(CONSUMER, { Filters: [{ Name: 'owner-id', Values: ['x'] }] }), 'InvalidFilter');
  const page = await control.endpoints.describe(CONSUMER, { MaxResults: 1 });
  assert.equal(page.endpoints.length, 1);
  const rest = await control.endpoints.describe(CONSUMER, { MaxResults: 5000, NextToken: page.nextToken });
  assert.equal(rest.endpoints.length, 1);
  assert.equal(rest.nextToken, undefined);
  // Another account's endpoint does not exist for the caller.
  const theirs = (await control.endpoints.describe(PROVIDER, {})).endpoints[0]!.endpoint.VpcEndpointId;
  await rejectsWith(control.endpoints.describe(CONSUMER, { VpcEndpointIds: [theirs] }), 'InvalidVpcEndpointId.NotFound');
}));

test('R175 DescribeVpcEndpoints without MaxResults lists every endpoint page by page, as one page would', () => withEndpoints(async ({ control }) => {
  // More endpoints than a page of the store's scan (64), a deleted one among them, tags on some.
  const { vpcId, subnets } = await defaultVpc(control, CONSUMER);
  const ids: string[] = [];
  for (let i = 0; i < 300; i++) {
    const { endpoint } = await control.endpoints.create(CONSUMER, {
      VpcId: vpcId, ServiceName: EC2, VpcEndpointType: 'Interface', SubnetIds: [subnets[i % subnets.length]!.SubnetId], PrivateDnsEnabled: false,
      ...(i % 3 === 0 ? { TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: [{ Key: 'third', Value: 'yes' }] }] } : {}),
    });
    ids.push(endpoint.VpcEndpointId);
  }
  await control.endpoints.delete(CONSUMER, { VpcEndpointIds: [ids[5]!] });
  await control.endpoints.completeProvisioning(CONSUMER, ids[5]!);
  await new Promise((r) => setTimeout(r, 30));
  const listed = async (input: { Filters?: { Name: string; Values: string[] }[]; NextToken?: string }) => {
    const out: string[] = [];
    for await (const page of control.endpoints.listAll(CONSUMER, input)) out.push(...page.map((v) => v.endpoint.VpcEndpointId));
    return out;
  };
  const paged = async (Filters?: { Name: string; Values: string[] }[]) =>
    (await control.endpoints.describe(CONSUMER, { Filters, MaxResults: 1000 })).endpoints.map((v) => v.endpoint.VpcEndpointId);
  assert.deepEqual(await listed({}), ids.filter((_, i) => i !== 5));
  assert.deepEqual(await listed({}), await paged());
  const third = [{ Name: 'tag:third', Values: ['yes'] }];
  assert.equal((await listed({ Filters: third })).length, 100);
  assert.deepEqual(await listed({ Filters: third }), await paged(third));
  const first = await control.endpoints.describe(CONSUMER, { MaxResults: 10 });
  assert.deepEqual(await listed({ NextToken: first.nextToken }), ids.filter((_, i) => i !== 5).slice(10));
  // Bad filters and tokens fail before anything is listed.
  assert.throws(() => control.endpoints.listAll(CONSUMER, { Filters: [{ Name: 'owner-id', Values: ['x'] }] }), { code: 'InvalidFilter' });
  assert.throws(() => control.endpoints.listAll(CONSUMER, { NextToken: 'nonsense' }), { code: 'InvalidNextToken' });
}, { deletedEndpointRetentionMs: 20, quotas: { ...DEFAULT_SETTINGS.quotas, interfaceEndpointsPerVpc: 1000 } }));

test('R185 a modification puts an available endpoint back to pending until realized', () => withEndpoints(async ({ control }) => {
  const { e, subnets } = await interfaceEndpoint(control, CONSUMER);
  await control.endpoints.completeProvisioning(CONSUMER, e.VpcEndpointId);
  await control.endpoints.modify(CONSUMER, { VpcEndpointId: e.VpcEndpointId, AddSubnetIds: [subnets[2]!.SubnetId] });
  const state = async () => (await control.endpoints.describe(CONSUMER, { VpcEndpointIds: [e.VpcEndpointId] })).endpoints[0]!.endpoint.State;
  assert.equal(await state(), 'pending');
  await control.endpoints.completeProvisioning(CONSUMER, e.VpcEndpointId);
  assert.equal(await state(), 'available');
}));

test('R186 a Gateway Load Balancer endpoint stays pending until realized', () => withEndpoints(async ({ control }) => {
  const { serviceName } = await createService(control, { gateway: true, acceptanceRequired: false });
  const { vpcId, subnets } = await defaultVpc(control, CONSUMER);
  const { endpoint: e } = await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: serviceName, VpcEndpointType: 'GatewayLoadBalancer', SubnetIds: [subnets[0]!.SubnetId] });
  assert.equal(e.State, 'pending');
  assert.equal(await control.endpoints.completeProvisioning(CONSUMER, e.VpcEndpointId), 'available');
}));

test('R189 a requester-managed endpoint cannot be deleted by the VPC owner', () => withEndpoints(async ({ control }) => {
  const { e } = await interfaceEndpoint(control, CONSUMER);
  // No Postern operation creates one: mark one by hand as another service would have made it.
  await control.deps.store.write((tx) => tx.updateResource(CONSUMER, { id: e.VpcEndpointId, type: 'vpc-endpoint', parentId: e.VpcId, data: { ...e, RequesterManaged: true } }));
  const [item] = await control.endpoints.delete(CONSUMER, { VpcEndpointIds: [e.VpcEndpointId] });
  assert.equal(item!.Error.Message, `${e.VpcEndpointId} - Operation is not allowed for requester-managed VPC endpoints for the service ${EC2}`);
}));

test('R190 read-after-write: the new endpoint is described at once', () => withEndpoints(async ({ control }) => {
  const { e } = await interfaceEndpoint(control, CONSUMER);
  assert.equal((await control.endpoints.describe(CONSUMER, { VpcEndpointIds: [e.VpcEndpointId] })).endpoints.length, 1);
}));
