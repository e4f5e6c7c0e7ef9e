import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callerOf, controlFixture } from '../testing/control-fixture.js';
import { availabilityZones } from '../regions/regions.js';
import { createManagedInterface, type ManagedInterfaceSpec } from './network-interfaces.js';

const A = callerOf('111111111111');
const B = callerOf('222222222222');

test('DescribeNetworkInterfaces lists the managed interfaces with every documented filter, by id, and paged', async () => {
  const { control, close } = await controlFixture();
  const { vpc } = await control.vpcs.create(A, { CidrBlock: '10.0.0.0/16' });
  const zones = availabilityZones(A.accountId, A.region);
  const { subnet: s1 } = await control.subnets.create(A, { VpcId: vpc.VpcId, CidrBlock: '10.0.1.0/24', AvailabilityZone: zones[0]!.ZoneName });
  const { subnet: s2 } = await control.subnets.create(A, { VpcId: vpc.VpcId, CidrBlock: '10.0.2.0/24', AvailabilityZone: zones[1]!.ZoneName });
  const group = { GroupId: 'sg-0123456789abcdef0', GroupName: 'endpoint' };
  const enis = await control.deps.store.write(async (tx) => {
    const nlb = { description: 'ELB net/nlb/50dc6c495c0c9188', interfaceType: 'network_load_balancer', requesterId: 'amazon-elb', groups: [] } satisfies Omit<ManagedInterfaceSpec, 'subnet'>;
    const created = [
      await createManagedInterface(control.deps, tx, A, { ...nlb, subnet: s1 }),
      await createManagedInterface(control.deps, tx, A, { ...nlb, subnet: s2 }),
    ];
    for (let i = 0; i < 4; i++) {
      created.push(await createManagedInterface(control.deps, tx, A, {
        subnet: s1, description: 'VPC Endpoint Interface vpce-0123456789abcdef0', interfaceType: 'vpc_endpoint', requesterId: '727180483921', groups: [group],
      }));
    }
    return created;
  });
  await control.tags.create(A, { Resources: [enis[0]!.NetworkInterfaceId], Tags: [{ Key: 'team', Value: 'net' }] });

  const all = await control.networkInterfaces.describe(A, {});
  assert.equal(all.networkInterfaces.length, 6);
  const first = all.networkInterfaces[0]!;
  assert.deepEqual(first.tags, [{ Key: 'team', Value: 'net' }]);
  assert.equal(first.networkInterface.PrivateIpAddress, '10.0.1.4');
  assert.equal(first.networkInterface.PrivateDnsName, 'ip-10-0-1-4.ec2.internal');
  assert.deepEqual(first.networkInterface.PrivateIpAddresses, [{ Primary: true, PrivateIpAddress: '10.0.1.4', PrivateDnsName: 'ip-10-0-1-4.ec2.internal' }]);
  assert.equal(first.networkInterface.RequesterManaged, true);
  assert.equal(first.networkInterface.Status, 'in-use');

  const ids = async (Name: string, Values: string[]) =>
    (await control.networkInterfaces.describe(A, { Filters: [{ Name, Values }] })).networkInterfaces.map((n) => n.networkInterface.NetworkInterfaceId);
  const [lb1, lb2, e1] = enis.map((n) => n.NetworkInterfaceId);
  assert.deepEqual(await ids('subnet-id', [s2.SubnetId]), [lb2]);
  assert.deepEqual(await ids('availability-zone', [zones[1]!.ZoneName]), [lb2]);
  assert.deepEqual(await ids('availability-zone-id', [zones[1]!.ZoneId]), [lb2]);
  assert.equal((await ids('vpc-id', [vpc.VpcId])).length, 6);
  assert.deepEqual(await ids('interface-type', ['network_load_balancer']), [lb1, lb2]);
  assert.deepEqual(await ids('description', ['ELB net/*']), [lb1, lb2]);
  assert.equal((await ids('group-id', [group.GroupId])).length, 4);
  assert.deepEqual(await ids('private-ip-address', ['10.0.1.5']), [e1]);
  assert.deepEqual(await ids('addresses.private-ip-address', ['10.0.1.5']), [e1]);
  assert.equal((await ids('addresses.primary', ['true'])).length, 6);
  assert.deepEqual(await ids('requester-id', ['amazon-elb']), [lb1, lb2]);
  assert.equal((await ids('requester-managed', ['true'])).length, 6);
  assert.equal((await ids('status', ['in-use'])).length, 6);
  assert.equal((await ids('owner-id', [A.accountId])).length, 6);
  assert.deepEqual(await ids('network-interface-id', [e1!]), [e1]);
  assert.deepEqual(await ids('mac-address', [enis[0]!.MacAddress]), [lb1]);
  assert.deepEqual(await ids('tag:team', ['net']), [lb1]);
  assert.deepEqual(await ids('tag-key', ['team']), [lb1]);
  assert.deepEqual(await ids('attachment.instance-id', ['i-0123456789abcdef0']), []);
  await assert.rejects(control.networkInterfaces.describe(A, { Filters: [{ Name: 'instance-id', Values: ['x'] }] }), { code: 'InvalidFilter' });

  const byId = await control.networkInterfaces.describe(A, { NetworkInterfaceIds: [lb2!] });
  assert.deepEqual(byId.networkInterfaces.map((n) => n.networkInterface.NetworkInterfaceId), [lb2]);
  const page1 = await control.networkInterfaces.describe(A, { MaxResults: 5 });
  const page2 = await control.networkInterfaces.describe(A, { MaxResults: 5, NextToken: page1.nextToken });
  assert.deepEqual([page1.networkInterfaces.length, page2.networkInterfaces.length, page2.nextToken], [5, 1, undefined]);

  const expected = { code: 'InvalidNetworkInterfaceID.NotFound', message: `The networkInterface ID '${lb1}' does not exist` };
  await assert.rejects(control.networkInterfaces.describe(B, { NetworkInterfaceIds: [lb1!] }), expected);
  assert.equal((await control.networkInterfaces.describe(B, {})).networkInterfaces.length, 0);
  await close();
});
