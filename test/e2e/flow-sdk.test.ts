/**
 * @module test/e2e/flow-sdk
 * Issue 3's end-to-end flow driven by SDK v3 (@aws-sdk/client-ec2 + @aws-sdk/client-elastic-load-balancing-v2)
 * against a real server of its own:
 *
 *   VPC (tags, DNS hostnames) -> subnets in two AZs (by name, by zone id) -> security groups and rules
 *     -> route table + association -> internal NLB across both subnets (waiter) -> route to a node interface
 *     -> TCP target group (proxy_protocol_v2) -> listener -> ip targets (initial) -> filters, paginators, tags
 *     -> teardown in dependency order, each resource then answering its NotFound error.
 *
 * The steps are sequential tests sharing the resources they create; ids, ARNs and DNS names are checked
 * against AWS's formats (rules R10, R11).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssociateRouteTableCommand, AuthorizeSecurityGroupEgressCommand, AuthorizeSecurityGroupIngressCommand, CreateRouteCommand,
  CreateRouteTableCommand, CreateSecurityGroupCommand, CreateSubnetCommand, CreateTagsCommand, CreateVpcCommand,
  DeleteRouteTableCommand, DeleteSecurityGroupCommand, DeleteSubnetCommand, DeleteVpcCommand, DescribeAvailabilityZonesCommand,
  DescribeNetworkInterfacesCommand, DescribeRouteTablesCommand, DescribeSecurityGroupRulesCommand, DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand, DescribeTagsCommand, DescribeVpcAttributeCommand, DescribeVpcsCommand, DisassociateRouteTableCommand,
  ModifyVpcAttributeCommand, paginateDescribeSubnets, type EC2Client, type Filter, type Subnet,
} from '@aws-sdk/client-ec2';
import {
  AddTagsCommand, CreateListenerCommand, CreateLoadBalancerCommand, CreateTargetGroupCommand, DeleteListenerCommand,
  DeleteLoadBalancerCommand, DeleteTargetGroupCommand, DescribeListenersCommand, DescribeLoadBalancersCommand,
  DescribeTagsCommand as DescribeElbTagsCommand, DescribeTargetGroupAttributesCommand, DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand, ModifyTargetGroupAttributesCommand, paginateDescribeTargetGroups, RegisterTargetsCommand,
  waitUntilLoadBalancerAvailable, waitUntilLoadBalancersDeleted, type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ACCOUNT_A, startPostern, type Postern } from './harness.js';
import { failsWith } from './sdk-errors.js';

const ACCOUNT = ACCOUNT_A.accountId;
const REGION = 'us-east-1';
const ID = (prefix: string) => new RegExp(`^${prefix}-[0-9a-f]{17}$`);
const ELB_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}`;

let postern: Postern;
let ec2: EC2Client;
let elb: ElasticLoadBalancingV2Client;
before(async () => {
  postern = await startPostern();
  ec2 = postern.ec2();
  elb = postern.elbv2();
});
after(async () => { await postern?.cleanup(); });

/** What the steps create, in the order they create it. */
const s = {} as {
  vpcId: string;
  zones: { ZoneName: string; ZoneId: string }[];
  subnetA: Subnet; subnetB: Subnet; fillers: string[];
  clientsSg: string; webSg: string;
  rtbId: string; mainRtbId: string; associationId: string;
  lbArn: string; lbId: string; eniIds: string[];
  tgArn: string; extraTgArns: string[];
  listenerArn: string;
};

const vpcFilter = (): Filter => ({ Name: 'vpc-id', Values: [s.vpcId] });
const sorted = (xs: (string | undefined)[]) => [...xs].sort();

test('a VPC created with tags, DNS hostnames enabled', async () => {
  const { Vpc } = await ec2.send(new CreateVpcCommand({
    CidrBlock: '10.0.0.0/16',
    TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'flow-sdk' }, { Key: 'flow', Value: 'sdk' }] }],
  }));
  assert.match(Vpc!.VpcId!, ID('vpc'));
  s.vpcId = Vpc!.VpcId!;
  assert.equal(Vpc!.CidrBlock, '10.0.0.0/16');
  assert.equal(Vpc!.OwnerId, ACCOUNT);
  assert.equal(Vpc!.IsDefault, false);
  assert.match(Vpc!.DhcpOptionsId!, /^dopt-[0-9a-f]{8,17}$/);
  assert.deepEqual(sorted(Vpc!.Tags!.map((t) => `${t.Key}=${t.Value}`)), ['Name=flow-sdk', 'flow=sdk']);

  const before = await ec2.send(new DescribeVpcAttributeCommand({ VpcId: s.vpcId, Attribute: 'enableDnsHostnames' }));
  assert.equal(before.EnableDnsHostnames?.Value, false, 'a non-default VPC starts without DNS hostnames');
  assert.equal(before.VpcId, s.vpcId);
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: s.vpcId, EnableDnsHostnames: { Value: true } }));
  const hostnames = await ec2.send(new DescribeVpcAttributeCommand({ VpcId: s.vpcId, Attribute: 'enableDnsHostnames' }));
  assert.equal(hostnames.EnableDnsHostnames?.Value, true);
  const support = await ec2.send(new DescribeVpcAttributeCommand({ VpcId: s.vpcId, Attribute: 'enableDnsSupport' }));
  assert.equal(support.EnableDnsSupport?.Value, true);

  const byName = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: ['flow-sdk'] }] }));
  assert.deepEqual(byName.Vpcs!.map((v) => v.VpcId), [s.vpcId]);
  assert.equal(byName.Vpcs![0]!.State, 'available');
  const byKey = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag-key', Values: ['flow'] }] }));
  assert.deepEqual(byKey.Vpcs!.map((v) => v.VpcId), [s.vpcId]);
  const all = await ec2.send(new DescribeVpcsCommand({}));
  assert.equal(all.Vpcs!.length, 2, 'the default VPC and ours');
});

test('subnets in two AZs: one by zone name, one by zone id', async () => {
  const { AvailabilityZones } = await ec2.send(new DescribeAvailabilityZonesCommand({}));
  s.zones = AvailabilityZones!.map((z) => ({ ZoneName: z.ZoneName!, ZoneId: z.ZoneId! }))
    .sort((a, b) => a.ZoneName.localeCompare(b.ZoneName));
  const [zoneA, zoneB] = s.zones as [typeof s.zones[0], typeof s.zones[0]];

  s.subnetA = (await ec2.send(new CreateSubnetCommand({
    VpcId: s.vpcId, CidrBlock: '10.0.1.0/24', AvailabilityZone: zoneA.ZoneName,
    TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'Name', Value: 'flow-sdk-a' }] }],
  }))).Subnet!;
  s.subnetB = (await ec2.send(new CreateSubnetCommand({
    VpcId: s.vpcId, CidrBlock: '10.0.2.0/24', AvailabilityZoneId: zoneB.ZoneId,
    TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'Name', Value: 'flow-sdk-b' }] }],
  }))).Subnet!;
  for (const [subnet, zone, cidr] of [[s.subnetA, zoneA, '10.0.1.0/24'], [s.subnetB, zoneB, '10.0.2.0/24']] as const) {
    assert.match(subnet.SubnetId!, ID('subnet'));
    assert.equal(subnet.VpcId, s.vpcId);
    assert.equal(subnet.CidrBlock, cidr);
    assert.equal(subnet.AvailabilityZone, zone.ZoneName);
    assert.equal(subnet.AvailabilityZoneId, zone.ZoneId);
    // a /24 has 256 addresses; AWS reserves the first four and the last one
    assert.equal(subnet.AvailableIpAddressCount, 251);
    assert.equal(subnet.SubnetArn, `arn:aws:ec2:${REGION}:${ACCOUNT}:subnet/${subnet.SubnetId}`);
    assert.equal(subnet.DefaultForAz, false);
  }

  // Five more small subnets, so that listing the VPC's subnets takes two pages of five.
  s.fillers = [];
  for (let i = 0; i < 5; i++) {
    const { Subnet } = await ec2.send(new CreateSubnetCommand({
      VpcId: s.vpcId, CidrBlock: `10.0.${100 + i}.0/28`, AvailabilityZone: zoneA.ZoneName,
      TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'role', Value: 'filler' }] }],
    }));
    assert.equal(Subnet!.AvailableIpAddressCount, 11);
    s.fillers.push(Subnet!.SubnetId!);
  }

  const inB = await ec2.send(new DescribeSubnetsCommand({ Filters: [vpcFilter(), { Name: 'availability-zone', Values: [zoneB.ZoneName] }] }));
  assert.deepEqual(inB.Subnets!.map((x) => x.SubnetId), [s.subnetB.SubnetId]);
  const byZoneId = await ec2.send(new DescribeSubnetsCommand({ Filters: [vpcFilter(), { Name: 'availability-zone-id', Values: [zoneA.ZoneId] }] }));
  assert.deepEqual(sorted(byZoneId.Subnets!.map((x) => x.SubnetId)), sorted([s.subnetA.SubnetId, ...s.fillers]));
  const named = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'tag:Name', Values: ['flow-sdk-*'] }] }));
  assert.deepEqual(sorted(named.Subnets!.map((x) => x.SubnetId)), sorted([s.subnetA.SubnetId, s.subnetB.SubnetId]));

  // MaxResults/NextToken through the SDK's paginator: two pages, disjoint, together all seven.
  const pages: string[][] = [];
  for await (const page of paginateDescribeSubnets({ client: ec2, pageSize: 5 }, { Filters: [vpcFilter()] })) {
    pages.push(page.Subnets!.map((x) => x.SubnetId!));
  }
  assert.deepEqual(pages.map((p) => p.length), [5, 2]);
  const seen = pages.flat();
  assert.equal(new Set(seen).size, seen.length, 'pages overlap');
  assert.deepEqual(sorted(seen), sorted([s.subnetA.SubnetId, s.subnetB.SubnetId, ...s.fillers]));
});

test('DeleteVpc while it has subnets is a DependencyViolation', async () => {
  await failsWith(ec2.send(new DeleteVpcCommand({ VpcId: s.vpcId })), 'DependencyViolation',
    `The vpc '${s.vpcId}' has dependencies and cannot be deleted.`);
});

test('security groups with ingress rules (CIDR, group reference) and an egress rule', async () => {
  s.clientsSg = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: s.vpcId, GroupName: 'flow-clients', Description: 'clients of the service' }))).GroupId!;
  const web = await ec2.send(new CreateSecurityGroupCommand({
    VpcId: s.vpcId, GroupName: 'flow-web', Description: 'the service behind the NLB',
    TagSpecifications: [{ ResourceType: 'security-group', Tags: [{ Key: 'Name', Value: 'flow-web' }] }],
  }));
  s.webSg = web.GroupId!;
  assert.match(s.clientsSg, ID('sg'));
  assert.match(s.webSg, ID('sg'));
  assert.equal(web.SecurityGroupArn, `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/${s.webSg}`);

  const ingress = await ec2.send(new AuthorizeSecurityGroupIngressCommand({
    GroupId: s.webSg,
    IpPermissions: [
      { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: '10.0.0.0/16', Description: 'the VPC' }] },
      { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, UserIdGroupPairs: [{ GroupId: s.clientsSg }] },
    ],
  }));
  assert.equal(ingress.Return, true);
  assert.equal(ingress.SecurityGroupRules!.length, 2);
  for (const rule of ingress.SecurityGroupRules!) {
    assert.match(rule.SecurityGroupRuleId!, ID('sgr'));
    assert.equal(rule.IsEgress, false);
    assert.equal(rule.GroupId, s.webSg);
  }
  assert.equal(ingress.SecurityGroupRules![0]!.CidrIpv4, '10.0.0.0/16');
  assert.deepEqual(ingress.SecurityGroupRules![1]!.ReferencedGroupInfo, { GroupId: s.clientsSg, UserId: ACCOUNT });

  const egress = await ec2.send(new AuthorizeSecurityGroupEgressCommand({
    GroupId: s.webSg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, IpRanges: [{ CidrIp: '10.0.2.0/24' }] }],
  }));
  assert.equal(egress.SecurityGroupRules![0]!.IsEgress, true);

  await failsWith(ec2.send(new AuthorizeSecurityGroupIngressCommand({
    GroupId: s.webSg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: '10.0.0.0/16' }] }],
  })), 'InvalidPermission.Duplicate');

  const { SecurityGroups } = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [vpcFilter(), { Name: 'group-name', Values: ['flow-web'] }] }));
  assert.equal(SecurityGroups!.length, 1);
  const sg = SecurityGroups![0]!;
  assert.equal(sg.GroupId, s.webSg);
  assert.equal(sg.Description, 'the service behind the NLB');
  assert.deepEqual(sg.Tags, [{ Key: 'Name', Value: 'flow-web' }]);
  // Rules with the same protocol and ports share one IpPermission, as EC2 lists them.
  assert.equal(sg.IpPermissions!.length, 1);
  const permission = sg.IpPermissions![0]!;
  assert.deepEqual([permission.IpProtocol, permission.FromPort, permission.ToPort], ['tcp', 8080, 8080]);
  assert.deepEqual(permission.IpRanges, [{ CidrIp: '10.0.0.0/16', Description: 'the VPC' }]);
  assert.deepEqual(permission.UserIdGroupPairs, [{ GroupId: s.clientsSg, UserId: ACCOUNT }]);
  // the default egress rule (R167) and ours
  assert.deepEqual(sg.IpPermissionsEgress!.map((p) => [p.IpProtocol, p.FromPort, p.IpRanges!.map((r) => r.CidrIp)]).sort(),
    [['-1', undefined, ['0.0.0.0/0']], ['tcp', 5432, ['10.0.2.0/24']]]);

  const rules = await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [s.webSg] }] }));
  assert.deepEqual(rules.SecurityGroupRules!.map((r) => r.IsEgress).sort(), [false, false, true, true]);

  const inVpc = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [vpcFilter()] }));
  assert.deepEqual(inVpc.SecurityGroups!.map((g) => g.GroupName).sort(), ['default', 'flow-clients', 'flow-web']);
});

test('a route table associated with subnet A', async () => {
  const { RouteTable } = await ec2.send(new CreateRouteTableCommand({
    VpcId: s.vpcId, TagSpecifications: [{ ResourceType: 'route-table', Tags: [{ Key: 'Name', Value: 'flow-private' }] }],
  }));
  s.rtbId = RouteTable!.RouteTableId!;
  assert.match(s.rtbId, ID('rtb'));
  assert.deepEqual(RouteTable!.Routes, [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' }]);
  assert.deepEqual(RouteTable!.Associations, []);

  const assoc = await ec2.send(new AssociateRouteTableCommand({ RouteTableId: s.rtbId, SubnetId: s.subnetA.SubnetId! }));
  s.associationId = assoc.AssociationId!;
  assert.match(s.associationId, ID('rtbassoc'));
  assert.equal(assoc.AssociationState?.State, 'associated');

  const bySubnet = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'association.subnet-id', Values: [s.subnetA.SubnetId!] }] }));
  assert.deepEqual(bySubnet.RouteTables!.map((r) => r.RouteTableId), [s.rtbId]);
  assert.deepEqual(bySubnet.RouteTables![0]!.Associations!.map((a) => [a.RouteTableAssociationId, a.SubnetId, a.Main]), [[s.associationId, s.subnetA.SubnetId, false]]);
  const main = await ec2.send(new DescribeRouteTablesCommand({ Filters: [vpcFilter(), { Name: 'association.main', Values: ['true'] }] }));
  assert.equal(main.RouteTables!.length, 1);
  s.mainRtbId = main.RouteTables![0]!.RouteTableId!;
  assert.notEqual(s.mainRtbId, s.rtbId);
  const inVpc = await ec2.send(new DescribeRouteTablesCommand({ Filters: [vpcFilter()] }));
  assert.deepEqual(sorted(inVpc.RouteTables!.map((r) => r.RouteTableId)), sorted([s.rtbId, s.mainRtbId]));
});

test('R10 R11 an internal NLB across both subnets becomes active, with ARN and DNS name in AWS\'s formats; its interfaces take addresses', async () => {
  const { LoadBalancers } = await elb.send(new CreateLoadBalancerCommand({
    Name: 'flow-sdk', Type: 'network', Scheme: 'internal', Subnets: [s.subnetA.SubnetId!, s.subnetB.SubnetId!],
    SecurityGroups: [s.webSg], Tags: [{ Key: 'flow', Value: 'sdk' }],
  }));
  const lb = LoadBalancers![0]!;
  const m = new RegExp(`^${ELB_ARN}:loadbalancer/net/flow-sdk/([0-9a-f]{16})$`).exec(lb.LoadBalancerArn!);
  assert.ok(m, lb.LoadBalancerArn);
  s.lbArn = lb.LoadBalancerArn!;
  s.lbId = m[1]!;
  assert.equal(lb.DNSName, `flow-sdk-${s.lbId}.elb.${REGION}.amazonaws.com`);
  assert.equal(lb.State?.Code, 'provisioning');
  assert.equal(lb.Type, 'network');
  assert.equal(lb.Scheme, 'internal');
  assert.equal(lb.VpcId, s.vpcId);
  assert.equal(lb.IpAddressType, 'ipv4');
  assert.deepEqual(lb.SecurityGroups, [s.webSg]);
  assert.deepEqual(lb.AvailabilityZones!.map((z) => [z.ZoneName, z.SubnetId]).sort(),
    [[s.subnetA.AvailabilityZone, s.subnetA.SubnetId], [s.subnetB.AvailabilityZone, s.subnetB.SubnetId]].sort());

  const waited = await waitUntilLoadBalancerAvailable({ client: elb, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { LoadBalancerArns: [s.lbArn] });
  assert.equal(waited.state, 'SUCCESS');
  const described = await elb.send(new DescribeLoadBalancersCommand({ Names: ['flow-sdk'] }));
  assert.equal(described.LoadBalancers![0]!.State?.Code, 'active');
  assert.equal(described.LoadBalancers![0]!.LoadBalancerArn, s.lbArn);

  const { NetworkInterfaces } = await ec2.send(new DescribeNetworkInterfacesCommand({
    Filters: [vpcFilter(), { Name: 'interface-type', Values: ['network_load_balancer'] }],
  }));
  assert.equal(NetworkInterfaces!.length, 2);
  s.eniIds = [];
  for (const subnet of [s.subnetA, s.subnetB]) {
    const eni = NetworkInterfaces!.find((n) => n.SubnetId === subnet.SubnetId);
    assert.ok(eni, `no NLB interface in ${subnet.SubnetId}`);
    assert.match(eni.NetworkInterfaceId!, ID('eni'));
    assert.equal(eni.Description, `ELB net/flow-sdk/${s.lbId}`);
    assert.equal(eni.InterfaceType, 'network_load_balancer');
    assert.equal(eni.RequesterManaged, true);
    assert.equal(eni.Status, 'in-use');
    assert.equal(eni.AvailabilityZone, subnet.AvailabilityZone);
    assert.deepEqual(eni.Groups!.map((g) => g.GroupId), [s.webSg]);
    // the first address after the four AWS reserves
    assert.equal(eni.PrivateIpAddress, subnet.CidrBlock!.replace('.0/24', '.4'));
    s.eniIds.push(eni.NetworkInterfaceId!);
  }
  const { Subnets } = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [s.subnetA.SubnetId!, s.subnetB.SubnetId!] }));
  assert.deepEqual(Subnets!.map((x) => x.AvailableIpAddressCount), [250, 250]);

  // A web group in use by the NLB's interfaces cannot go.
  await failsWith(ec2.send(new DeleteSecurityGroupCommand({ GroupId: s.webSg })), 'DependencyViolation', `resource ${s.webSg} has a dependent object`);
});

test('a route through the NLB node interface of subnet A', async () => {
  await ec2.send(new CreateRouteCommand({ RouteTableId: s.rtbId, DestinationCidrBlock: '192.168.0.0/16', NetworkInterfaceId: s.eniIds[0]! }));
  const { RouteTables } = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'route.destination-cidr-block', Values: ['192.168.0.0/16'] }] }));
  assert.deepEqual(RouteTables!.map((r) => r.RouteTableId), [s.rtbId]);
  const route = RouteTables![0]!.Routes!.find((r) => r.DestinationCidrBlock === '192.168.0.0/16')!;
  assert.deepEqual([route.NetworkInterfaceId, route.Origin, route.State], [s.eniIds[0], 'CreateRoute', 'active']);
  await failsWith(ec2.send(new CreateRouteCommand({ RouteTableId: s.rtbId, DestinationCidrBlock: '192.168.0.0/16', NetworkInterfaceId: s.eniIds[0]! })), 'RouteAlreadyExists');
});

test('a TCP target group with proxy protocol v2, two more for paging', async () => {
  const { TargetGroups } = await elb.send(new CreateTargetGroupCommand({ Name: 'flow-sdk-tcp', Protocol: 'TCP', Port: 8080, VpcId: s.vpcId, TargetType: 'ip' }));
  const tg = TargetGroups![0]!;
  assert.match(tg.TargetGroupArn!, new RegExp(`^${ELB_ARN}:targetgroup/flow-sdk-tcp/[0-9a-f]{16}$`));
  s.tgArn = tg.TargetGroupArn!;
  assert.deepEqual([tg.Protocol, tg.Port, tg.TargetType, tg.VpcId, tg.HealthCheckProtocol, tg.HealthCheckPort], ['TCP', 8080, 'ip', s.vpcId, 'TCP', 'traffic-port']);
  assert.deepEqual(tg.LoadBalancerArns, []);

  const attribute = async () => (await elb.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: s.tgArn })))
    .Attributes!.find((a) => a.Key === 'proxy_protocol_v2.enabled')?.Value;
  assert.equal(await attribute(), 'false');
  const modified = await elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: s.tgArn, Attributes: [{ Key: 'proxy_protocol_v2.enabled', Value: 'true' }] }));
  assert.equal(modified.Attributes!.find((a) => a.Key === 'proxy_protocol_v2.enabled')?.Value, 'true');
  assert.equal(await attribute(), 'true');

  s.extraTgArns = [];
  for (const name of ['flow-sdk-extra-1', 'flow-sdk-extra-2']) {
    s.extraTgArns.push((await elb.send(new CreateTargetGroupCommand({ Name: name, Protocol: 'TCP', Port: 9000, VpcId: s.vpcId, TargetType: 'ip' }))).TargetGroups![0]!.TargetGroupArn!);
  }
  // PageSize/Marker through the paginator (ELBv2's paginators have no limit key: PageSize goes in the
  // input): pages of two and one, disjoint, all three.
  const pages: string[][] = [];
  for await (const page of paginateDescribeTargetGroups({ client: elb }, { PageSize: 2 })) {
    pages.push(page.TargetGroups!.map((g) => g.TargetGroupArn!));
  }
  assert.deepEqual(pages.map((p) => p.length), [2, 1]);
  assert.deepEqual(sorted(pages.flat()), sorted([s.tgArn, ...s.extraTgArns]));

  // A target of a group that no listener uses is `unused`.
  await elb.send(new RegisterTargetsCommand({ TargetGroupArn: s.extraTgArns[0]!, Targets: [{ Id: '10.0.1.20' }] }));
  const unused = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: s.extraTgArns[0]! }));
  assert.deepEqual(unused.TargetHealthDescriptions!.map((d) => [d.Target?.Id, d.Target?.Port, d.TargetHealth?.State, d.TargetHealth?.Reason]),
    [['10.0.1.20', 9000, 'unused', 'Target.NotInUse']]);
});

test('a TCP listener forwarding to the target group; ip targets are `initial`', async () => {
  const { Listeners } = await elb.send(new CreateListenerCommand({
    LoadBalancerArn: s.lbArn, Protocol: 'TCP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: s.tgArn }],
  }));
  const listener = Listeners![0]!;
  assert.match(listener.ListenerArn!, new RegExp(`^${ELB_ARN}:listener/net/flow-sdk/${s.lbId}/[0-9a-f]{16}$`));
  s.listenerArn = listener.ListenerArn!;
  assert.deepEqual([listener.Protocol, listener.Port, listener.DefaultActions![0]!.Type, listener.DefaultActions![0]!.TargetGroupArn], ['TCP', 80, 'forward', s.tgArn]);
  const tgNow = await elb.send(new DescribeTargetGroupsCommand({ LoadBalancerArn: s.lbArn }));
  assert.deepEqual(tgNow.TargetGroups!.map((g) => [g.TargetGroupArn, g.LoadBalancerArns]), [[s.tgArn, [s.lbArn]]]);

  await elb.send(new RegisterTargetsCommand({ TargetGroupArn: s.tgArn, Targets: [{ Id: '10.0.1.10', Port: 8080 }, { Id: '10.0.2.10', Port: 8443 }] }));
  const { TargetHealthDescriptions } = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: s.tgArn }));
  const health = TargetHealthDescriptions!.map((d) => [d.Target?.Id, d.Target?.Port, d.Target?.AvailabilityZone, d.TargetHealth?.State, d.TargetHealth?.Reason]).sort();
  assert.deepEqual(health, [
    ['10.0.1.10', 8080, s.subnetA.AvailabilityZone, 'initial', 'Elb.RegistrationInProgress'],
    ['10.0.2.10', 8443, s.subnetB.AvailabilityZone, 'initial', 'Elb.RegistrationInProgress'],
  ]);
  const byListener = await elb.send(new DescribeListenersCommand({ LoadBalancerArn: s.lbArn }));
  assert.deepEqual(byListener.Listeners!.map((l) => l.ListenerArn), [s.listenerArn]);
});

test('tags: CreateTags then find by tag; DescribeTags on both APIs', async () => {
  await ec2.send(new CreateTagsCommand({ Resources: [s.subnetA.SubnetId!, s.subnetB.SubnetId!], Tags: [{ Key: 'tier', Value: 'private' }] }));
  const tiered = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'tag:tier', Values: ['private'] }] }));
  assert.deepEqual(sorted(tiered.Subnets!.map((x) => x.SubnetId)), sorted([s.subnetA.SubnetId, s.subnetB.SubnetId]));
  const keyed = await ec2.send(new DescribeSubnetsCommand({ Filters: [vpcFilter(), { Name: 'tag-key', Values: ['tier', 'role'] }] }));
  assert.equal(keyed.Subnets!.length, 7);

  const tags = await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'key', Values: ['tier'] }] }));
  assert.deepEqual(tags.Tags!.map((t) => [t.ResourceId, t.ResourceType, t.Key, t.Value]).sort(),
    [[s.subnetA.SubnetId, 'subnet', 'tier', 'private'], [s.subnetB.SubnetId, 'subnet', 'tier', 'private']].sort());
  const ofVpc = await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [s.vpcId] }] }));
  assert.deepEqual(ofVpc.Tags!.map((t) => [t.ResourceType, t.Key, t.Value]).sort(), [['vpc', 'Name', 'flow-sdk'], ['vpc', 'flow', 'sdk']]);

  await elb.send(new AddTagsCommand({ ResourceArns: [s.tgArn], Tags: [{ Key: 'flow', Value: 'sdk' }, { Key: 'proxy', Value: 'v2' }] }));
  const { TagDescriptions } = await elb.send(new DescribeElbTagsCommand({ ResourceArns: [s.lbArn, s.tgArn] }));
  assert.deepEqual(TagDescriptions!.map((d) => [d.ResourceArn, d.Tags!.map((t) => `${t.Key}=${t.Value}`).sort()]),
    [[s.lbArn, ['flow=sdk']], [s.tgArn, ['flow=sdk', 'proxy=v2']]]);
});

test('teardown in dependency order; each resource is then NotFound', async () => {
  await elb.send(new DeleteListenerCommand({ ListenerArn: s.listenerArn }));
  await failsWith(elb.send(new DescribeListenersCommand({ ListenerArns: [s.listenerArn] })), 'ListenerNotFound', 'One or more listeners not found');

  for (const arn of [s.tgArn, ...s.extraTgArns]) await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: arn }));
  await failsWith(elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [s.tgArn] })), 'TargetGroupNotFound', 'One or more target groups not found');

  await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: s.lbArn }));
  const gone = await waitUntilLoadBalancersDeleted({ client: elb, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { LoadBalancerArns: [s.lbArn] });
  assert.equal(gone.state, 'SUCCESS');
  await failsWith(elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [s.lbArn] })), 'LoadBalancerNotFound', 'One or more load balancers not found');
  // Its node interfaces went with it, and gave their addresses back.
  await failsWith(ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [s.eniIds[0]!] })), 'InvalidNetworkInterfaceID.NotFound',
    `The networkInterface ID '${s.eniIds[0]}' does not exist`);
  const { Subnets } = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [s.subnetA.SubnetId!, s.subnetB.SubnetId!] }));
  assert.deepEqual(Subnets!.map((x) => x.AvailableIpAddressCount), [251, 251]);

  await ec2.send(new DisassociateRouteTableCommand({ AssociationId: s.associationId }));
  await failsWith(ec2.send(new DisassociateRouteTableCommand({ AssociationId: s.associationId })), 'InvalidAssociationID.NotFound',
    `The association ID '${s.associationId}' does not exist`);
  await ec2.send(new DeleteRouteTableCommand({ RouteTableId: s.rtbId }));
  await failsWith(ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [s.rtbId] })), 'InvalidRouteTableID.NotFound',
    `The routeTable ID '${s.rtbId}' does not exist`);

  // The web group references the clients group, so the clients group goes second.
  await failsWith(ec2.send(new DeleteSecurityGroupCommand({ GroupId: s.clientsSg })), 'DependencyViolation', `resource ${s.clientsSg} has a dependent object`);
  await ec2.send(new DeleteSecurityGroupCommand({ GroupId: s.webSg }));
  await ec2.send(new DeleteSecurityGroupCommand({ GroupId: s.clientsSg }));
  await failsWith(ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [s.webSg] })), 'InvalidGroup.NotFound',
    `The security group '${s.webSg}' does not exist`);

  for (const id of [s.subnetA.SubnetId!, s.subnetB.SubnetId!, ...s.fillers]) await ec2.send(new DeleteSubnetCommand({ SubnetId: id }));
  await failsWith(ec2.send(new DescribeSubnetsCommand({ SubnetIds: [s.subnetB.SubnetId!] })), 'InvalidSubnetID.NotFound',
    `The subnet ID '${s.subnetB.SubnetId}' does not exist`);

  await ec2.send(new DeleteVpcCommand({ VpcId: s.vpcId }));
  await failsWith(ec2.send(new DescribeVpcsCommand({ VpcIds: [s.vpcId] })), 'InvalidVpcID.NotFound', `The vpc ID '${s.vpcId}' does not exist`);
  await failsWith(ec2.send(new DeleteVpcCommand({ VpcId: s.vpcId })), 'InvalidVpcID.NotFound', `The vpc ID '${s.vpcId}' does not exist`);
  const left = await ec2.send(new DescribeVpcsCommand({}));
  assert.deepEqual(left.Vpcs!.map((v) => v.IsDefault), [true], 'only the default VPC is left');
});
