/**
 * @module test/e2e/restart
 * Durability (issue 3, "Restart survives"): a call is acknowledged only after its transaction has
 * committed durably, so whatever a client got a success for is still there after `kill -9` and a start
 * on the same data dir. The resources are created concurrently (so that several share a group commit)
 * and the server is killed as soon as the last response arrives, with no read in between.
 *
 * Subnets and security groups join in when their handlers exist.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, CreateSubnetCommand, CreateTagsCommand, CreateVpcCommand,
  DeleteTagsCommand, DeleteVpcCommand, DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeTagsCommand,
  DescribeVpcAttributeCommand, DescribeVpcsCommand, ModifyVpcAttributeCommand, type Tag,
} from '@aws-sdk/client-ec2';
import { EC2_HANDLERS } from '../../src/api/ec2/index.js';
import { ACCOUNT_A, ACCOUNT_B, startPostern, type Postern } from './harness.js';

let postern: Postern;
before(async () => { postern = await startPostern(); });
after(async () => { await postern?.cleanup(); });

const implemented = (op: string) => Object.hasOwn(EC2_HANDLERS, op);
const byKey = (tags: Tag[] | undefined) => [...(tags ?? [])].sort((a, b) => a.Key!.localeCompare(b.Key!));
/** AWS's default quota is 5 VPCs per region, the default VPC included. */
const VPCS_PER_REGION = 4;
const REGIONS = ['us-east-1', 'eu-west-1'] as const;

test('everything acknowledged before kill -9 is there after a restart on the same data dir', async (t) => {
  const ec2 = postern.ec2();
  const defaultBefore = (await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }))).Vpcs![0]!.VpcId!;
  const defaultOfB = (await postern.ec2({ account: ACCOUNT_B }).send(new DescribeVpcsCommand({}))).Vpcs!.map((v) => v.VpcId).sort();

  // Concurrent creates in two regions, each with its own tags.
  const created = await Promise.all(REGIONS.flatMap((region) => Array.from({ length: VPCS_PER_REGION }, (_, i) =>
    postern.ec2({ region }).send(new CreateVpcCommand({
      CidrBlock: `10.${i}.0.0/16`,
      TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: `restart-${region}-${i}` }, { Key: 'index', Value: String(i) }] }],
    })).then((r) => ({ ...r.Vpc!, region })))));
  const vpcs = created;
  const [first, second, third] = vpcs as [typeof vpcs[0], typeof vpcs[0], typeof vpcs[0]];

  // Then changes to them: tags added and removed, an attribute, a deletion.
  await Promise.all([
    ec2.send(new CreateTagsCommand({ Resources: [first.VpcId!, second.VpcId!], Tags: [{ Key: 'team', Value: 'blue' }] })),
    ec2.send(new DeleteTagsCommand({ Resources: [second.VpcId!], Tags: [{ Key: 'index' }] })),
    ec2.send(new ModifyVpcAttributeCommand({ VpcId: first.VpcId!, EnableDnsHostnames: { Value: true } })),
    ec2.send(new DeleteVpcCommand({ VpcId: third.VpcId! })),
  ]);

  const subnets = implemented('CreateSubnet')
    ? (await Promise.all(['10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24'].map((CidrBlock) =>
      ec2.send(new CreateSubnetCommand({ VpcId: first.VpcId!, CidrBlock, TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'cidr', Value: CidrBlock }] }] })))))
      .map((r) => r.Subnet!)
    : [];
  let group: { GroupId: string } | undefined;
  if (implemented('CreateSecurityGroup')) {
    const { GroupId } = await ec2.send(new CreateSecurityGroupCommand({ VpcId: first.VpcId!, GroupName: 'restart', Description: 'survives kill -9' }));
    group = { GroupId: GroupId! };
    if (implemented('AuthorizeSecurityGroupIngress')) {
      await ec2.send(new AuthorizeSecurityGroupIngressCommand({
        GroupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.1.0.0/16' }] }],
      }));
    }
  }

  await postern.kill();
  await postern.restart();
  const after = postern.ec2();

  const described = (await Promise.all(REGIONS.map((region) => postern.ec2({ region }).send(new DescribeVpcsCommand({})))))
    .flatMap((r) => r.Vpcs!);
  const ids = new Set(described.map((v) => v.VpcId));
  assert.ok(ids.has(defaultBefore), 'the default VPC changed across the restart');
  assert.ok(!ids.has(third.VpcId), 'a deleted VPC came back');
  // every created VPC but the deleted one, and each region's default VPC
  assert.equal(described.length, vpcs.length - 1 + REGIONS.length);
  for (const vpc of vpcs.filter((v) => v !== third)) {
    const found = described.find((v) => v.VpcId === vpc.VpcId);
    assert.ok(found, `${vpc.VpcId} was lost`);
    assert.equal(found.CidrBlock, vpc.CidrBlock);
    assert.equal(found.State, 'available');
    assert.equal(found.DhcpOptionsId, vpc.DhcpOptionsId);
    assert.equal(found.CidrBlockAssociationSet![0]!.AssociationId, vpc.CidrBlockAssociationSet![0]!.AssociationId);
    const i = vpcs.filter((v) => v.region === vpc.region).indexOf(vpc);
    const expected: Tag[] = [{ Key: 'Name', Value: `restart-${vpc.region}-${i}` }];
    if (vpc !== second) expected.push({ Key: 'index', Value: String(i) });
    if (vpc === first || vpc === second) expected.push({ Key: 'team', Value: 'blue' });
    assert.deepEqual(byKey(found.Tags), byKey(expected), `tags of ${vpc.VpcId}`);
  }
  const hostnames = await after.send(new DescribeVpcAttributeCommand({ VpcId: first.VpcId!, Attribute: 'enableDnsHostnames' }));
  assert.equal(hostnames.EnableDnsHostnames?.Value, true);

  const teamTags = await after.send(new DescribeTagsCommand({ Filters: [{ Name: 'key', Values: ['team'] }] }));
  assert.deepEqual(teamTags.Tags!.map((tag) => tag.ResourceId).sort(), [first.VpcId, second.VpcId].sort());

  // Account B was set up before the restart and keeps exactly what it had.
  assert.deepEqual((await postern.ec2({ account: ACCOUNT_B }).send(new DescribeVpcsCommand({}))).Vpcs!.map((v) => v.VpcId).sort(), defaultOfB);

  await t.test('subnets', { skip: subnets.length ? false : 'CreateSubnet not implemented yet' }, async () => {
    const { Subnets } = await after.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [first.VpcId!] }] }));
    assert.deepEqual(Subnets!.map((s) => s.SubnetId).sort(), subnets.map((s) => s.SubnetId).sort());
    for (const s of subnets) {
      const found = Subnets!.find((x) => x.SubnetId === s.SubnetId)!;
      assert.equal(found.CidrBlock, s.CidrBlock);
      assert.equal(found.AvailabilityZone, s.AvailabilityZone);
      assert.equal(found.AvailabilityZoneId, s.AvailabilityZoneId);
      assert.equal(found.AvailableIpAddressCount, s.AvailableIpAddressCount);
      assert.deepEqual(found.Tags, [{ Key: 'cidr', Value: s.CidrBlock }]);
    }
  });

  await t.test('security groups', { skip: group ? false : 'CreateSecurityGroup not implemented yet' }, async () => {
    const { SecurityGroups } = await after.send(new DescribeSecurityGroupsCommand({ GroupIds: [group!.GroupId] }));
    assert.equal(SecurityGroups!.length, 1);
    const sg = SecurityGroups![0]!;
    assert.equal(sg.GroupName, 'restart');
    assert.equal(sg.Description, 'survives kill -9');
    assert.equal(sg.VpcId, first.VpcId);
    if (implemented('AuthorizeSecurityGroupIngress')) {
      assert.deepEqual(sg.IpPermissions!.map((p) => [p.IpProtocol, p.FromPort, p.ToPort, p.IpRanges!.map((r) => r.CidrIp)]),
        [['tcp', 443, 443, ['10.1.0.0/16']]]);
    }
  });
});

test('a graceful stop (SIGTERM) exits 0 and keeps the data too', async () => {
  const { Vpc } = await postern.ec2({ region: 'us-west-2' }).send(new CreateVpcCommand({ CidrBlock: '192.168.0.0/24' }));
  assert.equal(await postern.stop(), 0, postern.output());
  await postern.restart();
  const { Vpcs } = await postern.ec2({ region: 'us-west-2' }).send(new DescribeVpcsCommand({ VpcIds: [Vpc!.VpcId!] }));
  assert.equal(Vpcs![0]!.CidrBlock, '192.168.0.0/24');
  assert.equal(Vpcs![0]!.OwnerId, ACCOUNT_A.accountId);
});
