import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callerOf, controlFixture } from '../testing/control-fixture.js';
import { createManagedInterface, deleteInterface } from '../network-interface/network-interfaces.js';
import { availabilityZones } from '../regions/regions.js';
import type { ControlPlane } from '../plane.js';
import { DEFAULT_SETTINGS, type Caller } from '../context.js';
import type { Subnet } from './records.js';

const A = callerOf('111111111111');
const B = callerOf('222222222222');

function addInterface(control: ControlPlane, caller: Caller, subnet: Subnet) {
  return control.deps.store.write((tx) => createManagedInterface(control.deps, tx, caller, {
    subnet, description: 'ELB net/lb/0123456789abcdef', interfaceType: 'network_load_balancer', requesterId: 'amazon-elb', groups: [],
  }));
}

test('CreateSubnet places the subnet in the zone named, by name or by the account\'s zone id', async () => {
  const { control, close } = await controlFixture();
  const { vpc } = await control.vpcs.create(A, { CidrBlock: '10.0.0.0/16' });
  const zones = availabilityZones(A.accountId, A.region);
  const byName = await control.subnets.create(A, { VpcId: vpc.VpcId, CidrBlock: '10.0.1.7/24', AvailabilityZone: zones[1]!.ZoneName });
  assert.equal(byName.subnet.CidrBlock, '10.0.1.0/24');
  assert.equal(byName.subnet.AvailabilityZoneId, zones[1]!.ZoneId);
  assert.equal(byName.subnet.DefaultForAz, false);
  assert.equal(byName.subnet.MapPublicIpOnLaunch, false);
  assert.equal(byName.subnet.SubnetArn, `arn:aws:ec2:us-east-1:111111111111:subnet/${byName.subnet.SubnetId}`);
  assert.equal(byName.availableIpAddressCount, 251);
  const byId = await control.subnets.create(A, { VpcId: vpc.VpcId, CidrBlock: '10.0.2.0/24', AvailabilityZoneId: zones[2]!.ZoneId });
  assert.equal(byId.subnet.AvailabilityZone, zones[2]!.ZoneName);
  await close();
});

test('CreateSubnet refuses unknown zones naming the zones it offers, and both zone members at once', async () => {
  const { control, close } = await controlFixture();
  const { vpc } = await control.vpcs.create(A, { CidrBlock: '10.0.0.0/16' });
  const names = availabilityZones(A.accountId, A.region).map((z) => z.ZoneName).join(', ');
  await assert.rejects(control.subnets.create(A, { VpcId: vpc.VpcId, CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-west-2a' }), {
    code: 'InvalidParameterValue',
    message: `Value (us-west-2a) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: ${names}.`,
  });
  await assert.rejects(control.subnets.create(A, { VpcId: vpc.VpcId, CidrBlock: '10.0.1.0/24', AvailabilityZoneId: 'use1-az9' }), {
    code: 'InvalidParameterValue',
    message: 'Value (use1-az9) for parameter availabilityZoneId is invalid. Subnets can currently only be created in the following availability zones: use1-az1, use1-az2, use1-az3, use1-az4, use1-az5, use1-az6.',
  });
  await assert.rejects(control.subnets.create(A, { VpcId: vpc.VpcId, CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-east-1a', AvailabilityZoneId: 'use1-az1' }), {
    code: 'InvalidParameterCombination',
  });
  await close();
});

test('with no zone given, new subnets spread over the zones', async () => {
  const { control, close } = await controlFixture();
  const { vpc } = await control.vpcs.create(A, { CidrBlock: '10.0.0.0/16' });
  const a = await control.subnets.create(A, { VpcId: vpc.VpcId, CidrBlock: '10.0.1.0/24' });
  const b = await control.subnets.create(A, { VpcId: vpc.VpcId, CidrBlock: '10.0.2.0/24' });
  assert.notEqual(a.subnet.AvailabilityZone, b.subnet.AvailabilityZone);
  await close();
});

test('a subnet lies inside its VPC with a /16-/28 netmask and overlaps no other subnet', async () => {
  const { control, close } = await controlFixture();
  const { vpc } = await control.vpcs.create(A, { CidrBlock: '10.0.0.0/16' });
  const create = (CidrBlock: string) => control.subnets.create(A, { VpcId: vpc.VpcId, CidrBlock });
  await assert.rejects(create('10.1.0.0/24'), { code: 'InvalidSubnet.Range', message: "The CIDR '10.1.0.0/24' is invalid." });
  await assert.rejects(create('10.0.0.0/29'), { code: 'InvalidSubnet.Range' });
  await assert.rejects(create('10.0.0.0/15'), { code: 'InvalidSubnet.Range' });
  await assert.rejects(create('10.0.0/24'), {
    code: 'InvalidParameterValue', message: 'Value (10.0.0/24) for parameter cidrBlock is invalid. This is not a valid CIDR block.',
  });
  await create('10.0.0.0/20');
  await assert.rejects(create('10.0.8.0/24'), { code: 'InvalidSubnet.Conflict', message: "The CIDR '10.0.8.0/24' conflicts with another subnet" });
  await assert.rejects(create('10.0.0.0/16'), { code: 'InvalidSubnet.Conflict' });
  await assert.rejects(control.subnets.create(A, { VpcId: 'vpc-0123456789abcdef0', CidrBlock: '10.0.0.0/24' }), { code: 'InvalidVpcID.NotFound' });
  await close();
});

test('the subnets-per-VPC quota gives SubnetLimitExceeded', async () => {
  const { control: limited, close } = await controlFixture({ quotas: { ...DEFAULT_SETTINGS.quotas, subnetsPerVpc: 2 } });
  const { vpc } = await limited.vpcs.create(A, { CidrBlock: '10.0.0.0/16' });
  await limited.subnets.create(A, { VpcId: vpc.VpcId, CidrBlock: '10.0.1.0/24' });
  await limited.subnets.create(A, { VpcId: vpc.VpcId, CidrBlock: '10.0.2.0/24' });
  await assert.rejects(limited.subnets.create(A, { VpcId: vpc.VpcId, CidrBlock: '10.0.3.0/24' }), { code: 'SubnetLimitExceeded' });
  await close();
});

test('AvailableIpAddressCount drops as interfaces take addresses and comes back when they go', async () => {
  const { control, close } = await controlFixture();
  const { vpc } = await control.vpcs.create(A, { CidrBlock: '10.0.0.0/16' });
  const { subnet } = await control.subnets.create(A, { VpcId: vpc.VpcId, CidrBlock: '10.0.0.0/28' });
  const count = async () => (await control.subnets.describe(A, { SubnetIds: [subnet.SubnetId] })).subnets[0]!.availableIpAddressCount;
  assert.equal(await count(), 11);
  const first = await addInterface(control, A, subnet);
  assert.equal(first.PrivateIpAddress, '10.0.0.4');
  await addInterface(control, A, subnet);
  assert.equal(await count(), 9);
  const filtered = await control.subnets.describe(A, { Filters: [{ Name: 'available-ip-address-count', Values: ['9'] }] });
  assert.deepEqual(filtered.subnets.map((s) => s.subnet.SubnetId), [subnet.SubnetId]);
  await control.deps.store.write((tx) => deleteInterface(tx, A, first.NetworkInterfaceId));
  assert.equal(await count(), 10);
  await close();
});

test('DeleteSubnet refuses while interfaces are in it, and ends its route table association', async () => {
  const { control, close } = await controlFixture();
  const { vpc } = await control.vpcs.create(A, { CidrBlock: '10.0.0.0/16' });
  const { subnet } = await control.subnets.create(A, { VpcId: vpc.VpcId, CidrBlock: '10.0.0.0/24' });
  const { routeTable } = await control.routeTables.create(A, { VpcId: vpc.VpcId });
  await control.routeTables.associate(A, { RouteTableId: routeTable.RouteTableId, SubnetId: subnet.SubnetId });
  const eni = await addInterface(control, A, subnet);
  await assert.rejects(control.subnets.delete(A, { SubnetId: subnet.SubnetId }), {
    code: 'DependencyViolation', message: `The subnet '${subnet.SubnetId}' has dependencies and cannot be deleted.`,
  });
  await control.deps.store.write((tx) => deleteInterface(tx, A, eni.NetworkInterfaceId));
  await control.subnets.delete(A, { SubnetId: subnet.SubnetId });
  const { routeTables } = await control.routeTables.describe(A, { RouteTableIds: [routeTable.RouteTableId] });
  assert.deepEqual(routeTables[0]!.routeTable.Associations, []);
  await control.routeTables.delete(A, { RouteTableId: routeTable.RouteTableId });
  await assert.rejects(control.subnets.describe(A, { SubnetIds: [subnet.SubnetId] }), {
    code: 'InvalidSubnetID.NotFound', message: `The subnet ID '${subnet.SubnetId}' does not exist`,
  });
  await close();
});

test('DescribeSubnets filters (zone, CIDR, default-for-az, tags) and pages', async () => {
  const { control, close } = await controlFixture();
  await control.accounts.prepareRegion(A);
  const { vpc } = await control.vpcs.create(A, { CidrBlock: '10.0.0.0/16' });
  const zone = availabilityZones(A.accountId, A.region)[0]!;
  const tagged = await control.subnets.create(A, {
    VpcId: vpc.VpcId, CidrBlock: '10.0.1.0/24', AvailabilityZoneId: zone.ZoneId,
    TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'Name', Value: 'app-a' }] }],
  });
  assert.deepEqual(tagged.tags, [{ Key: 'Name', Value: 'app-a' }]);
  await control.subnets.create(A, { VpcId: vpc.VpcId, CidrBlock: '10.0.2.0/24' });
  const ids = async (Filters: { Name: string; Values: string[] }[]) =>
    (await control.subnets.describe(A, { Filters })).subnets.map((s) => s.subnet.SubnetId).sort();
  assert.equal((await ids([{ Name: 'vpc-id', Values: [vpc.VpcId] }])).length, 2);
  assert.deepEqual(await ids([{ Name: 'tag:Name', Values: ['app-*'] }]), [tagged.subnet.SubnetId]);
  assert.deepEqual(await ids([{ Name: 'tag-key', Values: ['Name'] }]), [tagged.subnet.SubnetId]);
  assert.deepEqual(await ids([{ Name: 'cidr-block', Values: ['10.0.1.0/24'] }]), [tagged.subnet.SubnetId]);
  assert.deepEqual(await ids([{ Name: 'vpc-id', Values: [vpc.VpcId] }, { Name: 'availability-zone', Values: [zone.ZoneName] }]), [tagged.subnet.SubnetId]);
  const defaults = await ids([{ Name: 'default-for-az', Values: ['true'] }]);
  assert.equal(defaults.length, availabilityZones(A.accountId, A.region).length);
  assert.equal((await ids([{ Name: 'owner-id', Values: [A.accountId] }, { Name: 'state', Values: ['available'] }])).length, defaults.length + 2);
  await assert.rejects(control.subnets.describe(A, { Filters: [{ Name: 'nope', Values: ['x'] }] }), { code: 'InvalidFilter' });
  const first = await control.subnets.describe(A, { MaxResults: 5 });
  assert.equal(first.subnets.length, 5);
  const rest = await control.subnets.describe(A, { MaxResults: 5, NextToken: first.nextToken });
  assert.equal(rest.subnets.length, defaults.length + 2 - 5);
  assert.equal(rest.nextToken, undefined);
  await assert.rejects(control.subnets.create(A, { VpcId: vpc.VpcId, CidrBlock: '10.0.3.0/24', TagSpecifications: [{ ResourceType: 'vpc', Tags: [] }] }), {
    code: 'InvalidParameterValue',
  });
  await close();
});

test('another account cannot see or delete a subnet: it gets the error of a missing id', async () => {
  const { control, close } = await controlFixture();
  const { vpc } = await control.vpcs.create(A, { CidrBlock: '10.0.0.0/16' });
  const { subnet } = await control.subnets.create(A, { VpcId: vpc.VpcId, CidrBlock: '10.0.0.0/24' });
  const expected = { code: 'InvalidSubnetID.NotFound', message: `The subnet ID '${subnet.SubnetId}' does not exist` };
  await assert.rejects(control.subnets.describe(B, { SubnetIds: [subnet.SubnetId] }), expected);
  await assert.rejects(control.subnets.delete(B, { SubnetId: subnet.SubnetId }), expected);
  await assert.rejects(control.subnets.create(B, { VpcId: vpc.VpcId, CidrBlock: '10.0.1.0/24' }), { code: 'InvalidVpcID.NotFound' });
  await close();
});
