import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS } from '../context.js';
import { createManagedInterface } from '../network-interface/network-interfaces.js';
import { callerOf, controlFixture } from '../testing/control-fixture.js';

const A = callerOf('111111111111');
const B = callerOf('222222222222');
const tcp = (port: number, cidr: string, Description?: string) =>
  ({ IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{ CidrIp: cidr, ...(Description ? { Description } : {}) }] });

async function setUp() {
  const fixture = await controlFixture();
  await fixture.control.accounts.prepareRegion(A);
  const { vpc } = await fixture.control.vpcs.create(A, { CidrBlock: '10.0.0.0/16' });
  const { group } = await fixture.control.securityGroups.create(A, { GroupName: 'web', Description: 'web tier', VpcId: vpc.VpcId });
  return { ...fixture, vpcId: vpc.VpcId, groupId: group.GroupId };
}

test('a new group has no inbound rule and the default outbound rule (R167)', async () => {
  const { control, close, groupId, vpcId } = await setUp();
  const { groups } = await control.securityGroups.describe(A, { GroupIds: [groupId] });
  const view = groups[0]!;
  assert.equal(view.group.VpcId, vpcId);
  assert.equal(view.group.SecurityGroupArn, `arn:aws:ec2:us-east-1:111111111111:security-group/${groupId}`);
  assert.deepEqual(view.IpPermissions, []);
  assert.deepEqual(view.IpPermissionsEgress, [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }]);
  const { rules } = await control.securityGroups.describeRules(A, { Filters: [{ Name: 'group-id', Values: [groupId] }] });
  assert.equal(rules.length, 1);
  assert.match(rules[0]!.rule.SecurityGroupRuleId, /^sgr-[0-9a-f]{17}$/);
  assert.deepEqual([rules[0]!.rule.FromPort, rules[0]!.rule.ToPort, rules[0]!.rule.IsEgress], [-1, -1, true]);
  await close();
});

test('CreateSecurityGroup: default VPC, reserved names, duplicates, tags and the quota', async () => {
  const fixture = await controlFixture({ quotas: { ...DEFAULT_SETTINGS.quotas, securityGroupsPerVpc: 3 } });
  const { control, close } = fixture;
  await control.accounts.prepareRegion(A);
  const { group, tags } = await control.securityGroups.create(A, {
    GroupName: 'app', Description: 'app', TagSpecifications: [{ ResourceType: 'security-group', Tags: [{ Key: 'env', Value: 'dev' }] }],
  });
  const defaultVpc = (await control.vpcs.describe(A, {})).vpcs.find((v) => v.vpc.IsDefault)!.vpc;
  assert.equal(group.VpcId, defaultVpc.VpcId);
  assert.deepEqual(tags, [{ Key: 'env', Value: 'dev' }]);
  await assert.rejects(control.securityGroups.create(A, { GroupName: 'default', Description: 'x' }), {
    code: 'InvalidParameterValue', message: 'Cannot use reserved security group name: default',
  });
  await assert.rejects(control.securityGroups.create(A, { GroupName: 'sg-web', Description: 'x' }), {
    code: 'InvalidParameterValue', message: 'Value (sg-web) for parameter GroupName is invalid. Group names may not be in the format sg-*.',
  });
  await assert.rejects(control.securityGroups.create(A, { GroupName: 'APP', Description: 'x' }), {
    code: 'InvalidGroup.Duplicate', message: `The security group 'APP' already exists for VPC '${defaultVpc.VpcId}'`,
  });
  await control.securityGroups.create(A, { GroupName: 'third', Description: 'x' });
  await assert.rejects(control.securityGroups.create(A, { GroupName: 'fourth', Description: 'x' }), { code: 'SecurityGroupLimitExceeded' });
  await assert.rejects(control.securityGroups.create(A, { GroupName: 'x', Description: 'x', VpcId: 'vpc-0123456789abcdef0' }), { code: 'InvalidVpcID.NotFound' });
  await close();
});

test('AuthorizeSecurityGroupIngress stores one rule per source and describes them grouped by port range', async () => {
  const { control, close, groupId } = await setUp();
  const added = await control.securityGroups.authorize(A, {
    GroupId: groupId,
    IpPermissions: [
      { IpProtocol: '6', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.1.2.3/16', Description: 'office' }, { CidrIp: '192.168.0.0/24' }], Ipv6Ranges: [{ CidrIpv6: '2001:DB8:0:0::1/64' }], PrefixListIds: [{ PrefixListId: 'pl-63a5400a' }] },
      { IpProtocol: 'icmp', FromPort: -1, ToPort: -1, UserIdGroupPairs: [{ GroupId: groupId }] },
    ],
  }, false);
  assert.equal(added.length, 5);
  assert.ok(added.every((a) => /^sgr-/.test(a.rule.SecurityGroupRuleId) && a.rule.GroupOwnerId === A.accountId));
  assert.equal(added[0]!.rule.CidrIpv4, '10.1.0.0/16');
  assert.equal(added[0]!.rule.IpProtocol, 'tcp');
  const { groups } = await control.securityGroups.describe(A, { GroupIds: [groupId] });
  assert.deepEqual(groups[0]!.IpPermissions, [
    {
      IpProtocol: 'tcp', FromPort: 443, ToPort: 443,
      IpRanges: [{ CidrIp: '10.1.0.0/16', Description: 'office' }, { CidrIp: '192.168.0.0/24' }],
      Ipv6Ranges: [{ CidrIpv6: '2001:db8::/64' }],
      PrefixListIds: [{ PrefixListId: 'pl-63a5400a' }],
      UserIdGroupPairs: [],
    },
    { IpProtocol: 'icmp', FromPort: -1, ToPort: -1, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [{ UserId: A.accountId, GroupId: groupId }] },
  ]);
  await close();
});

test('duplicates, bad protocols, ports and sources are refused with AWS errors, and nothing is stored', async () => {
  const { control, close, groupId } = await setUp();
  await control.securityGroups.authorize(A, { GroupId: groupId, IpPermissions: [tcp(22, '0.0.0.0/0')] }, false);
  const authorize = (p: object, isEgress = false) => control.securityGroups.authorize(A, { GroupId: groupId, IpPermissions: [p] }, isEgress);
  await assert.rejects(authorize(tcp(22, '0.0.0.0/0', 'with a description')), {
    code: 'InvalidPermission.Duplicate', message: 'the specified rule "peer: 0.0.0.0/0, TCP, from port: 22, to port: 22, ALLOW" already exists',
  });
  await assert.rejects(authorize({ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }, true), {
    code: 'InvalidPermission.Duplicate', message: 'the specified rule "peer: 0.0.0.0/0, ALL, ALLOW" already exists',
  });
  await assert.rejects(authorize({ ...tcp(80, '10.0.0.0/8'), IpRanges: [{ CidrIp: '10.0.0.0/8' }, { CidrIp: '10.0.0.1/8' }] }), {
    code: 'InvalidParameterValue', message: 'The same permission must not appear multiple times',
  });
  await assert.rejects(authorize({ IpProtocol: 'all', IpRanges: [{ CidrIp: '10.0.0.0/8' }] }), {
    code: 'InvalidParameterValue', message: "Invalid value 'all' for IP protocol. Unknown protocol.",
  });
  await assert.rejects(authorize({ IpProtocol: 'tcp', IpRanges: [{ CidrIp: '10.0.0.0/8' }] }), {
    code: 'InvalidParameterValue', message: "Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange.",
  });
  await assert.rejects(authorize({ IpProtocol: 'udp', ToPort: 53, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }), {
    code: 'InvalidPermission.Malformed', message: 'TCP/UDP port (-1) out of range',
  });
  await assert.rejects(authorize(tcp(22, '::/0')), { code: 'InvalidParameterValue', message: 'CIDR block ::/0 is malformed' });
  await assert.rejects(authorize({ IpProtocol: 'tcp', FromPort: 1, ToPort: 2, PrefixListIds: [{ PrefixListId: 'pl-00000000' }] }), {
    code: 'InvalidPrefixListID.NotFound',
  });
  await assert.rejects(authorize({ IpProtocol: 'tcp', FromPort: 1, ToPort: 2 }), { code: 'MissingParameter' });
  await assert.rejects(control.securityGroups.authorize(A, { GroupId: groupId }, false), { code: 'MissingParameter' });
  await assert.rejects(control.securityGroups.authorize(A, { GroupId: 'sg-0123456789abcdef0', IpPermissions: [tcp(1, '10.0.0.0/8')] }, false), {
    code: 'InvalidGroup.NotFound', message: "The security group 'sg-0123456789abcdef0' does not exist",
  });
  const { rules } = await control.securityGroups.describeRules(A, { Filters: [{ Name: 'group-id', Values: [groupId] }] });
  assert.equal(rules.length, 2);
  await close();
});

test('group references: same VPC only within an account, other accounts by UserId', async () => {
  const { control, close, groupId } = await setUp();
  const defaultGroup = (await control.securityGroups.describe(A, { GroupNames: ['default'] })).groups[0]!.group;
  await assert.rejects(control.securityGroups.authorize(A, { GroupId: groupId, IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: defaultGroup.GroupId }] }] }, false), {
    code: 'InvalidGroup.NotFound', message: 'You have specified two resources that belong to different networks.',
  });
  await control.accounts.prepareRegion(B);
  const { group: other } = await control.securityGroups.create(B, { GroupName: 'clients', Description: 'x' });
  const [added] = await control.securityGroups.authorize(A, { GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ UserId: B.accountId, GroupId: other.GroupId }] }] }, false);
  assert.deepEqual(added!.rule.ReferencedGroupInfo, { GroupId: other.GroupId, UserId: B.accountId });
  await assert.rejects(control.securityGroups.authorize(A, { GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 1, ToPort: 1, UserIdGroupPairs: [{ UserId: B.accountId, GroupId: groupId }] }] }, false), {
    code: 'InvalidGroup.NotFound',
  });
  // B's group is referenced from A: B cannot delete it.
  await assert.rejects(control.securityGroups.delete(B, { GroupId: other.GroupId }), { code: 'DependencyViolation' });
  await close();
});

test('the legacy ingress members: a CIDR rule, and a source group granting TCP, UDP and ICMP', async () => {
  const { control, close } = await setUp();
  const { group } = await control.securityGroups.create(A, { GroupName: 'legacy', Description: 'x' });
  await control.securityGroups.authorize(A, { GroupName: 'legacy', IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '203.0.113.0/24' }, false);
  const added = await control.securityGroups.authorize(A, { GroupId: group.GroupId, SourceSecurityGroupName: 'default' }, false);
  assert.deepEqual(added.map((a) => [a.rule.IpProtocol, a.rule.FromPort, a.rule.ToPort]), [['tcp', 0, 65535], ['udp', 0, 65535], ['icmp', -1, -1]]);
  const { groups } = await control.securityGroups.describe(A, { GroupIds: [group.GroupId] });
  assert.equal(groups[0]!.IpPermissions.length, 4);
  await close();
});

test('the rule quota counts each direction on its own', async () => {
  const fixture = await controlFixture({ quotas: { ...DEFAULT_SETTINGS.quotas, rulesPerSecurityGroup: 2 } });
  await fixture.control.accounts.prepareRegion(A);
  const { group } = await fixture.control.securityGroups.create(A, { GroupName: 'q', Description: 'x' });
  await fixture.control.securityGroups.authorize(A, { GroupId: group.GroupId, IpPermissions: [tcp(1, '10.0.0.0/8'), tcp(2, '10.0.0.0/8')] }, false);
  await fixture.control.securityGroups.authorize(A, { GroupId: group.GroupId, IpPermissions: [tcp(3, '10.0.0.0/8')] }, true);
  await assert.rejects(fixture.control.securityGroups.authorize(A, { GroupId: group.GroupId, IpPermissions: [tcp(3, '10.0.0.0/8')] }, false), {
    code: 'RulesPerSecurityGroupLimitExceeded', message: 'The maximum number of rules per security group has been reached.',
  });
  await fixture.close();
});

test('Revoke by rule id or by properties; a missing rule depends on whether the VPC is the default one', async () => {
  const { control, close, groupId } = await setUp();
  const added = await control.securityGroups.authorize(A, { GroupId: groupId, IpPermissions: [tcp(22, '10.0.0.0/8'), tcp(80, '10.0.0.0/8')] }, false);
  const byId = await control.securityGroups.revoke(A, { GroupId: groupId, SecurityGroupRuleIds: [added[0]!.rule.SecurityGroupRuleId] }, false);
  assert.deepEqual(byId.revoked.map((r) => r.FromPort), [22]);
  await assert.rejects(control.securityGroups.revoke(A, { GroupId: groupId, SecurityGroupRuleIds: [added[0]!.rule.SecurityGroupRuleId] }, false), {
    code: 'InvalidSecurityGroupRuleId.NotFound',
  });
  await assert.rejects(control.securityGroups.revoke(A, { GroupId: groupId, IpPermissions: [tcp(80, '10.0.0.0/8'), tcp(81, '10.0.0.0/8')] }, false), {
    code: 'InvalidPermission.NotFound', message: 'The specified rule does not exist in this security group.',
  });
  const byProps = await control.securityGroups.revoke(A, { GroupId: groupId, IpPermissions: [tcp(80, '10.0.0.5/8')] }, false);
  assert.deepEqual(byProps.revoked.map((r) => r.SecurityGroupRuleId), [added[1]!.rule.SecurityGroupRuleId]);
  const egress = await control.securityGroups.revoke(A, { GroupId: groupId, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }, true);
  assert.equal(egress.revoked.length, 1);
  assert.deepEqual((await control.securityGroups.describe(A, { GroupIds: [groupId] })).groups[0]!.IpPermissionsEgress, []);

  // In the default VPC an unknown rule is reported back rather than refused.
  const { group } = await control.securityGroups.create(A, { GroupName: 'dflt', Description: 'x' });
  const result = await control.securityGroups.revoke(A, { GroupId: group.GroupId, IpPermissions: [tcp(25, '10.0.0.0/8')] }, false);
  assert.deepEqual(result.revoked, []);
  assert.deepEqual(result.unknown, [{ IpProtocol: 'tcp', FromPort: 25, ToPort: 25, IpRanges: [{ CidrIp: '10.0.0.0/8' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }]);
  await close();
});

test('DeleteSecurityGroup: the default group, referenced groups and groups in use stay', async () => {
  const { control, close, groupId, vpcId } = await setUp();
  const defaultGroup = (await control.securityGroups.describe(A, { Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'group-name', Values: ['default'] }] })).groups[0]!.group;
  await assert.rejects(control.securityGroups.delete(A, { GroupId: defaultGroup.GroupId }), {
    code: 'CannotDelete', message: `the specified group: "${defaultGroup.GroupId}" name: "default" cannot be deleted by a user`,
  });
  const { group: app } = await control.securityGroups.create(A, { GroupName: 'app', Description: 'x', VpcId: vpcId });
  await control.securityGroups.authorize(A, { GroupId: app.GroupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, UserIdGroupPairs: [{ GroupId: groupId }] }] }, false);
  await assert.rejects(control.securityGroups.delete(A, { GroupId: groupId }), {
    code: 'DependencyViolation', message: `resource ${groupId} has a dependent object`,
  });
  // A group referencing only itself, or referencing others, can go.
  const deleted = await control.securityGroups.delete(A, { GroupId: app.GroupId });
  assert.equal(deleted.GroupId, app.GroupId);
  await control.securityGroups.delete(A, { GroupId: groupId });
  await assert.rejects(control.securityGroups.delete(A, { GroupId: groupId }), { code: 'InvalidGroup.NotFound' });
  await assert.rejects(control.securityGroups.delete(A, { GroupName: 'nope' }), {
    code: 'InvalidGroup.NotFound', message: /^The security group 'nope' does not exist in default VPC 'vpc-[0-9a-f]{17}'$/,
  });
  const { rules } = await control.securityGroups.describeRules(A, {});
  assert.ok(rules.every((r) => r.rule.GroupId !== app.GroupId && r.rule.GroupId !== groupId));
  await close();
});

test('DescribeSecurityGroups filters on rules, names and tags, and pages', async () => {
  const { control, close, groupId } = await setUp();
  await control.securityGroups.authorize(A, { GroupId: groupId, IpPermissions: [tcp(443, '10.9.0.0/16')] }, false);
  await control.tags.create(A, { Resources: [groupId], Tags: [{ Key: 'tier', Value: 'web' }] });
  const ids = async (Filters: { Name: string; Values: string[] }[]) =>
    (await control.securityGroups.describe(A, { Filters })).groups.map((g) => g.group.GroupId);
  assert.deepEqual(await ids([{ Name: 'ip-permission.cidr', Values: ['10.9.0.0/16'] }]), [groupId]);
  assert.deepEqual(await ids([{ Name: 'ip-permission.from-port', Values: ['443'] }, { Name: 'ip-permission.protocol', Values: ['tcp'] }]), [groupId]);
  assert.deepEqual(await ids([{ Name: 'tag:tier', Values: ['web'] }]), [groupId]);
  assert.deepEqual(await ids([{ Name: 'description', Values: ['web*'] }]), [groupId]);
  assert.equal((await ids([{ Name: 'egress.ip-permission.protocol', Values: ['-1'] }])).length, 3);
  assert.equal((await ids([{ Name: 'ip-permission.group-name', Values: ['default'] }])).length, 2);
  await assert.rejects(ids([{ Name: 'bogus', Values: ['x'] }]), { code: 'InvalidFilter' });
  const first = await control.securityGroups.describe(A, { MaxResults: 2 });
  assert.equal(first.groups.length, 2);
  const second = await control.securityGroups.describe(A, { MaxResults: 2, NextToken: first.nextToken });
  assert.equal(second.groups.length, 1);
  assert.equal(second.nextToken, undefined);
  // Another account sees none of it.
  await control.accounts.prepareRegion(B);
  await assert.rejects(control.securityGroups.describe(B, { GroupIds: [groupId] }), { code: 'InvalidGroup.NotFound' });
  await close();
});

test('DescribeSecurityGroupRules: ids, filters and the tags given on Authorize', async () => {
  const { control, close, groupId } = await setUp();
  const [added] = await control.securityGroups.authorize(A, {
    GroupId: groupId, IpPermissions: [tcp(5432, '10.0.0.0/16')], TagSpecifications: [{ ResourceType: 'security-group-rule', Tags: [{ Key: 'Name', Value: 'db' }] }],
  }, false);
  assert.deepEqual(added!.tags, [{ Key: 'Name', Value: 'db' }]);
  const { rules } = await control.securityGroups.describeRules(A, { SecurityGroupRuleIds: [added!.rule.SecurityGroupRuleId] });
  assert.deepEqual(rules.map((r) => r.tags), [[{ Key: 'Name', Value: 'db' }]]);
  const tagged = await control.securityGroups.describeRules(A, { Filters: [{ Name: 'tag:Name', Values: ['db'] }] });
  assert.deepEqual(tagged.rules.map((r) => r.rule.SecurityGroupRuleId), [added!.rule.SecurityGroupRuleId]);
  await assert.rejects(control.securityGroups.describeRules(A, { SecurityGroupRuleIds: ['sgr-0123456789abcdef0'] }), {
    code: 'InvalidSecurityGroupRuleId.NotFound',
  });
  await close();
});

test('a group that a network interface uses cannot be deleted', async () => {
  const { control, close, groupId, vpcId } = await setUp();
  const { subnet } = await control.subnets.create(A, { VpcId: vpcId, CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-east-1a' });
  await control.deps.store.write((tx) => createManagedInterface(control.deps, tx, A, {
    subnet, description: 'test', interfaceType: 'interface', requesterId: 'test', groups: [{ GroupId: groupId, GroupName: 'web' }],
  }));
  await assert.rejects(control.securityGroups.delete(A, { GroupId: groupId }), { code: 'DependencyViolation' });
  await close();
});

test('R127 an outbound rule may name an AWS-managed prefix list (the S3 list of a gateway endpoint)', async () => {
  const { control, close, groupId } = await setUp();
  const added = await control.securityGroups.authorize(A, {
    GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: 'pl-63a5400a' }] }],
  }, true);
  assert.equal(added[0]!.rule.PrefixListId, 'pl-63a5400a');
  const { groups } = await control.securityGroups.describe(A, { GroupIds: [groupId] });
  assert.ok(groups[0]!.IpPermissionsEgress.some((p) => p.PrefixListIds?.some((l) => l.PrefixListId === 'pl-63a5400a')));
  await close();
});
