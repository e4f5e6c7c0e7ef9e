/**
 * @module test/e2e/flow-cli
 * Issue 3's end-to-end flow driven by the `aws` CLI (v1) against a real server of its own: the same
 * VPC -> subnets -> security groups -> route table -> NLB -> target group -> listener -> targets flow as
 * flow-sdk, with the CLI's own ways: shorthand and JSON arguments, `aws elbv2 wait load-balancer-available`,
 * `--page-size`/`--max-items`/`--starting-token` for EC2 (the CLI wraps EC2's NextToken in its own) and
 * ELBv2's raw `--page-size`/`--marker`, errors read from the CLI's stderr
 * (`An error occurred (<Code>) when calling the <Operation> operation: <Message>`, exit status 255).
 *
 * Each CLI run costs a Python start (most of this file's time), so calls that do not depend on each other
 * run concurrently, and pagination pages over what exists anyway (the default VPC's subnets) rather than
 * over resources made only to be paged.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT_A, jsonOf, startPostern, type Postern } from './harness.js';

const ACCOUNT = ACCOUNT_A.accountId;
const REGION = 'us-east-1';
const ID = (prefix: string) => new RegExp(`^${prefix}-[0-9a-f]{17}$`);
const ELB_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}`;

let postern: Postern;
before(async () => { postern = await startPostern(); });
after(async () => { await postern?.cleanup(); });

// The CLI's JSON, loosely typed: the assertions below pin every value the test relies on.
type Json = any;

/** Runs `aws ARGS` and parses its JSON; calls with no output (Modify*, Delete*) give `{}`. */
async function aws(...args: string[]): Promise<Json> {
  const r = await postern.cli(args);
  if (r.code === 0 && r.stdout.trim() === '') return {};
  return jsonOf(r);
}

/** Runs `aws ARGS`, which must fail with AWS's error code (and message, when given) for `operation`. */
async function awsFails(args: string[], operation: string, code: string, message?: string): Promise<void> {
  const r = await postern.cli(args);
  assert.equal(r.code, 255, `aws ${args.join(' ')} exited ${r.code}: ${r.stderr}${r.stdout}`);
  const m = /An error occurred \(([^)]+)\) when calling the (\w+) operation(?: \(reached max retries: \d+\))?: (.*)/.exec(r.stderr);
  assert.ok(m, r.stderr);
  assert.deepEqual([m[1], m[2]], [code, operation], r.stderr);
  if (message !== undefined) assert.equal(m[3], message);
}

const sorted = (xs: (string | undefined)[]) => [...xs].sort();
const tagList = (tags: Json[] | undefined) => (tags ?? []).map((t) => `${t.Key}=${t.Value}`).sort();

const s = {} as {
  vpcId: string;
  zones: { ZoneName: string; ZoneId: string }[];
  subnetA: Json; subnetB: Json;
  clientsSg: string; webSg: string;
  rtbId: string; associationId: string;
  lbArn: string; lbId: string; eniIds: string[];
  tgArn: string; extraTgArn: string;
  listenerArn: string;
};
const vpcFilter = () => `Name=vpc-id,Values=${s.vpcId}`;

test('VPC with DNS hostnames, subnets in two AZs, security groups with rules, a route table', async () => {
  const [{ Vpc }, { AvailabilityZones }] = await Promise.all([
    aws('ec2', 'create-vpc', '--cidr-block', '10.1.0.0/16', '--tag-specifications', 'ResourceType=vpc,Tags=[{Key=Name,Value=flow-cli},{Key=flow,Value=cli}]'),
    aws('ec2', 'describe-availability-zones'),
  ]);
  assert.match(Vpc.VpcId, ID('vpc'));
  s.vpcId = Vpc.VpcId;
  assert.deepEqual([Vpc.CidrBlock, Vpc.OwnerId, Vpc.IsDefault, tagList(Vpc.Tags)], ['10.1.0.0/16', ACCOUNT, false, ['Name=flow-cli', 'flow=cli']]);
  s.zones = AvailabilityZones.map((z: Json) => ({ ZoneName: z.ZoneName, ZoneId: z.ZoneId }))
    .sort((a: Json, b: Json) => a.ZoneName.localeCompare(b.ZoneName));
  const [zoneA, zoneB] = s.zones as [typeof s.zones[0], typeof s.zones[0]];

  const [modified, subnetA, subnetB, clients, web, { RouteTable }] = await Promise.all([
    aws('ec2', 'modify-vpc-attribute', '--vpc-id', s.vpcId, '--enable-dns-hostnames', '{"Value":true}'),
    aws('ec2', 'create-subnet', '--vpc-id', s.vpcId, '--cidr-block', '10.1.1.0/24', '--availability-zone', zoneA.ZoneName,
      '--tag-specifications', 'ResourceType=subnet,Tags=[{Key=Name,Value=flow-cli-a}]'),
    aws('ec2', 'create-subnet', '--vpc-id', s.vpcId, '--cidr-block', '10.1.2.0/24', '--availability-zone-id', zoneB.ZoneId,
      '--tag-specifications', 'ResourceType=subnet,Tags=[{Key=Name,Value=flow-cli-b}]'),
    aws('ec2', 'create-security-group', '--vpc-id', s.vpcId, '--group-name', 'flow-clients', '--description', 'clients of the service'),
    aws('ec2', 'create-security-group', '--vpc-id', s.vpcId, '--group-name', 'flow-web', '--description', 'the service behind the NLB',
      '--tag-specifications', 'ResourceType=security-group,Tags=[{Key=Name,Value=flow-web}]'),
    aws('ec2', 'create-route-table', '--vpc-id', s.vpcId, '--tag-specifications', 'ResourceType=route-table,Tags=[{Key=Name,Value=flow-cli-private}]'),
  ]);
  assert.deepEqual(modified, {});
  s.subnetA = subnetA.Subnet;
  s.subnetB = subnetB.Subnet;
  for (const [subnet, zone, cidr] of [[s.subnetA, zoneA, '10.1.1.0/24'], [s.subnetB, zoneB, '10.1.2.0/24']] as const) {
    assert.match(subnet.SubnetId, ID('subnet'));
    assert.deepEqual([subnet.VpcId, subnet.CidrBlock, subnet.AvailabilityZone, subnet.AvailabilityZoneId, subnet.AvailableIpAddressCount],
      [s.vpcId, cidr, zone.ZoneName, zone.ZoneId, 251]);
    assert.equal(subnet.SubnetArn, `arn:aws:ec2:${REGION}:${ACCOUNT}:subnet/${subnet.SubnetId}`);
  }
  s.clientsSg = clients.GroupId;
  s.webSg = web.GroupId;
  assert.match(s.clientsSg, ID('sg'));
  assert.match(s.webSg, ID('sg'));
  assert.equal(web.SecurityGroupArn, `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/${s.webSg}`);
  s.rtbId = RouteTable.RouteTableId;
  assert.match(s.rtbId, ID('rtb'));
  assert.deepEqual(RouteTable.Routes, [{ DestinationCidrBlock: '10.1.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' }]);
  assert.deepEqual(RouteTable.Associations, []);

  const [hostnames, byName, , ingress, egress, assoc, inB] = await Promise.all([
    aws('ec2', 'describe-vpc-attribute', '--vpc-id', s.vpcId, '--attribute', 'enableDnsHostnames'),
    aws('ec2', 'describe-vpcs', '--filters', 'Name=tag:Name,Values=flow-cli'),
    awsFails(['ec2', 'delete-vpc', '--vpc-id', s.vpcId], 'DeleteVpc', 'DependencyViolation', `The vpc '${s.vpcId}' has dependencies and cannot be deleted.`),
    aws('ec2', 'authorize-security-group-ingress', '--group-id', s.webSg, '--ip-permissions', JSON.stringify([
      { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: '10.1.0.0/16', Description: 'the VPC' }] },
      { IpProtocol: 'tcp', FromPort: 9090, ToPort: 9090, UserIdGroupPairs: [{ GroupId: s.clientsSg }] },
    ])),
    aws('ec2', 'authorize-security-group-egress', '--group-id', s.webSg,
      '--ip-permissions', 'IpProtocol=tcp,FromPort=5432,ToPort=5432,IpRanges=[{CidrIp=10.1.2.0/24}]'),
    aws('ec2', 'associate-route-table', '--route-table-id', s.rtbId, '--subnet-id', s.subnetA.SubnetId),
    aws('ec2', 'describe-subnets', '--filters', vpcFilter(), `Name=availability-zone,Values=${zoneB.ZoneName}`),
  ]);
  assert.deepEqual(hostnames, { VpcId: s.vpcId, EnableDnsHostnames: { Value: true } });
  assert.deepEqual(byName.Vpcs.map((v: Json) => v.VpcId), [s.vpcId]);
  assert.equal(ingress.Return, true);
  assert.deepEqual(ingress.SecurityGroupRules.map((r: Json) => [r.IsEgress, r.FromPort, r.CidrIpv4, r.ReferencedGroupInfo?.GroupId]),
    [[false, 8080, '10.1.0.0/16', undefined], [false, 9090, undefined, s.clientsSg]]);
  assert.deepEqual(egress.SecurityGroupRules.map((r: Json) => [r.IsEgress, r.IpProtocol, r.FromPort, r.CidrIpv4]), [[true, 'tcp', 5432, '10.1.2.0/24']]);
  for (const r of [...ingress.SecurityGroupRules, ...egress.SecurityGroupRules]) assert.match(r.SecurityGroupRuleId, ID('sgr'));
  s.associationId = assoc.AssociationId;
  assert.match(s.associationId, ID('rtbassoc'));
  assert.deepEqual(assoc.AssociationState, { State: 'associated' });
  assert.deepEqual(inB.Subnets.map((x: Json) => x.SubnetId), [s.subnetB.SubnetId]);

  const [groups, bySubnet] = await Promise.all([
    aws('ec2', 'describe-security-groups', '--filters', vpcFilter(), 'Name=group-name,Values=flow-web'),
    aws('ec2', 'describe-route-tables', '--filters', `Name=association.subnet-id,Values=${s.subnetA.SubnetId}`),
  ]);
  assert.equal(groups.SecurityGroups.length, 1);
  const sg = groups.SecurityGroups[0];
  assert.deepEqual([sg.GroupId, sg.GroupName, sg.VpcId, sg.OwnerId, tagList(sg.Tags)], [s.webSg, 'flow-web', s.vpcId, ACCOUNT, ['Name=flow-web']]);
  assert.deepEqual(sg.IpPermissions.map((p: Json) => [p.IpProtocol, p.FromPort, p.ToPort, p.IpRanges, p.UserIdGroupPairs]).sort(), [
    ['tcp', 8080, 8080, [{ CidrIp: '10.1.0.0/16', Description: 'the VPC' }], []],
    ['tcp', 9090, 9090, [], [{ GroupId: s.clientsSg, UserId: ACCOUNT }]],
  ]);
  assert.deepEqual(sg.IpPermissionsEgress.map((p: Json) => [p.IpProtocol, p.IpRanges.map((r: Json) => r.CidrIp)]).sort(),
    [['-1', ['0.0.0.0/0']], ['tcp', ['10.1.2.0/24']]]);
  assert.deepEqual(bySubnet.RouteTables.map((r: Json) => r.RouteTableId), [s.rtbId]);
  assert.deepEqual(bySubnet.RouteTables[0].Associations.map((a: Json) => [a.RouteTableAssociationId, a.SubnetId, a.Main]),
    [[s.associationId, s.subnetA.SubnetId, false]]);
});

test('an internal NLB across both subnets; `aws elbv2 wait load-balancer-available`; its interfaces', async () => {
  const { LoadBalancers } = await aws('elbv2', 'create-load-balancer', '--name', 'flow-cli', '--type', 'network', '--scheme', 'internal',
    '--subnets', s.subnetA.SubnetId, s.subnetB.SubnetId, '--tags', 'Key=flow,Value=cli');
  const lb = LoadBalancers[0];
  const m = new RegExp(`^${ELB_ARN}:loadbalancer/net/flow-cli/([0-9a-f]{16})$`).exec(lb.LoadBalancerArn);
  assert.ok(m, lb.LoadBalancerArn);
  s.lbArn = lb.LoadBalancerArn;
  s.lbId = m[1]!;
  assert.equal(lb.DNSName, `flow-cli-${s.lbId}.elb.${REGION}.amazonaws.com`);
  assert.deepEqual([lb.State.Code, lb.Type, lb.Scheme, lb.VpcId, lb.IpAddressType], ['provisioning', 'network', 'internal', s.vpcId, 'ipv4']);
  assert.deepEqual(lb.AvailabilityZones.map((z: Json) => [z.ZoneName, z.SubnetId]).sort(),
    [[s.subnetA.AvailabilityZone, s.subnetA.SubnetId], [s.subnetB.AvailabilityZone, s.subnetB.SubnetId]].sort());

  const [enis, subnets] = await Promise.all([
    aws('ec2', 'describe-network-interfaces', '--filters', vpcFilter(), 'Name=interface-type,Values=network_load_balancer'),
    aws('ec2', 'describe-subnets', '--subnet-ids', s.subnetA.SubnetId, s.subnetB.SubnetId),
  ]);
  assert.equal(enis.NetworkInterfaces.length, 2);
  s.eniIds = [];
  for (const subnet of [s.subnetA, s.subnetB]) {
    const eni = enis.NetworkInterfaces.find((n: Json) => n.SubnetId === subnet.SubnetId);
    assert.ok(eni, `no NLB interface in ${subnet.SubnetId}`);
    assert.match(eni.NetworkInterfaceId, ID('eni'));
    assert.deepEqual([eni.Description, eni.InterfaceType, eni.RequesterManaged, eni.Status, eni.AvailabilityZone, eni.PrivateIpAddress],
      [`ELB net/flow-cli/${s.lbId}`, 'network_load_balancer', true, 'in-use', subnet.AvailabilityZone, subnet.CidrBlock.replace('.0/24', '.4')]);
    s.eniIds.push(eni.NetworkInterfaceId);
  }
  assert.deepEqual(subnets.Subnets.map((x: Json) => x.AvailableIpAddressCount), [250, 250]);

  // The waiter polls every 15 s; a round of calls after the create keeps it from needing a second poll.
  const [wait, route] = await Promise.all([
    postern.cli(['elbv2', 'wait', 'load-balancer-available', '--load-balancer-arns', s.lbArn]),
    aws('ec2', 'create-route', '--route-table-id', s.rtbId, '--destination-cidr-block', '192.168.0.0/16', '--network-interface-id', s.eniIds[0]!),
  ]);
  assert.equal(wait.code, 0, wait.stderr);
  assert.deepEqual(route, { Return: true });
  const { LoadBalancers: described } = await aws('elbv2', 'describe-load-balancers', '--names', 'flow-cli');
  assert.deepEqual([described[0].LoadBalancerArn, described[0].State.Code], [s.lbArn, 'active']);
});

test('a TCP target group with proxy protocol v2, a listener, ip targets `initial`', async () => {
  const [{ TargetGroups }, extra] = await Promise.all([
    aws('elbv2', 'create-target-group', '--name', 'flow-cli-tcp', '--protocol', 'TCP', '--port', '8080', '--vpc-id', s.vpcId, '--target-type', 'ip'),
    aws('elbv2', 'create-target-group', '--name', 'flow-cli-extra', '--protocol', 'TCP', '--port', '9000', '--vpc-id', s.vpcId, '--target-type', 'ip'),
  ]);
  const tg = TargetGroups[0];
  assert.match(tg.TargetGroupArn, new RegExp(`^${ELB_ARN}:targetgroup/flow-cli-tcp/[0-9a-f]{16}$`));
  s.tgArn = tg.TargetGroupArn;
  s.extraTgArn = extra.TargetGroups[0].TargetGroupArn;
  assert.deepEqual([tg.Protocol, tg.Port, tg.TargetType, tg.VpcId, tg.HealthCheckProtocol], ['TCP', 8080, 'ip', s.vpcId, 'TCP']);

  const [modified, listener] = await Promise.all([
    aws('elbv2', 'modify-target-group-attributes', '--target-group-arn', s.tgArn, '--attributes', 'Key=proxy_protocol_v2.enabled,Value=true'),
    aws('elbv2', 'create-listener', '--load-balancer-arn', s.lbArn, '--protocol', 'TCP', '--port', '80',
      '--default-actions', `Type=forward,TargetGroupArn=${s.tgArn}`),
  ]);
  assert.equal(modified.Attributes.find((a: Json) => a.Key === 'proxy_protocol_v2.enabled').Value, 'true');
  s.listenerArn = listener.Listeners[0].ListenerArn;
  assert.match(s.listenerArn, new RegExp(`^${ELB_ARN}:listener/net/flow-cli/${s.lbId}/[0-9a-f]{16}$`));
  assert.deepEqual(listener.Listeners[0].DefaultActions.map((a: Json) => [a.Type, a.TargetGroupArn]), [['forward', s.tgArn]]);

  const [attributes, registered] = await Promise.all([
    aws('elbv2', 'describe-target-group-attributes', '--target-group-arn', s.tgArn),
    aws('elbv2', 'register-targets', '--target-group-arn', s.tgArn, '--targets', 'Id=10.1.1.10', 'Id=10.1.2.10,Port=8443'),
  ]);
  assert.equal(attributes.Attributes.find((a: Json) => a.Key === 'proxy_protocol_v2.enabled').Value, 'true');
  assert.deepEqual(registered, {});
  const health = await aws('elbv2', 'describe-target-health', '--target-group-arn', s.tgArn);
  assert.deepEqual(health.TargetHealthDescriptions.map((d: Json) => [d.Target.Id, d.Target.Port, d.Target.AvailabilityZone, d.TargetHealth.State, d.TargetHealth.Reason]).sort(), [
    ['10.1.1.10', 8080, s.subnetA.AvailabilityZone, 'initial', 'Elb.RegistrationInProgress'],
    ['10.1.2.10', 8443, s.subnetB.AvailabilityZone, 'initial', 'Elb.RegistrationInProgress'],
  ]);
});

test('describe with pagination and tags: find by tag, describe-tags on both APIs', async () => {
  await Promise.all([
    aws('ec2', 'create-tags', '--resources', s.subnetA.SubnetId, s.subnetB.SubnetId, '--tags', 'Key=tier,Value=private'),
    aws('elbv2', 'add-tags', '--resource-arns', s.tgArn, '--tags', 'Key=flow,Value=cli', 'Key=proxy,Value=v2'),
  ]);
  const [tiered, keyed, ec2Tags, elbTags, subnetPage1, tgPage1] = await Promise.all([
    aws('ec2', 'describe-subnets', '--filters', 'Name=tag:tier,Values=private'),
    aws('ec2', 'describe-subnets', '--filters', vpcFilter(), 'Name=tag-key,Values=tier'),
    aws('ec2', 'describe-tags', '--filters', 'Name=key,Values=tier', 'Name=resource-type,Values=subnet'),
    aws('elbv2', 'describe-tags', '--resource-arns', s.lbArn, s.tgArn),
    // The account's subnets (the default VPC's one per AZ and our two) in pages of five: the CLI's
    // --max-items/--starting-token carry EC2's NextToken.
    aws('ec2', 'describe-subnets', '--page-size', '5', '--max-items', '5'),
    // ELBv2's PageSize is a plain member for the CLI: one page and the raw NextMarker.
    aws('elbv2', 'describe-target-groups', '--page-size', '1'),
  ]);
  const both = sorted([s.subnetA.SubnetId, s.subnetB.SubnetId]);
  assert.deepEqual(sorted(tiered.Subnets.map((x: Json) => x.SubnetId)), both);
  assert.deepEqual(sorted(keyed.Subnets.map((x: Json) => x.SubnetId)), both);
  assert.deepEqual(ec2Tags.Tags.map((t: Json) => [t.ResourceId, t.ResourceType, t.Key, t.Value]).sort(),
    both.map((id) => [id, 'subnet', 'tier', 'private']));
  assert.deepEqual(elbTags.TagDescriptions.map((d: Json) => [d.ResourceArn, tagList(d.Tags)]),
    [[s.lbArn, ['flow=cli']], [s.tgArn, ['flow=cli', 'proxy=v2']]]);

  assert.equal(subnetPage1.Subnets.length, 5);
  assert.equal(typeof subnetPage1.NextToken, 'string');
  assert.equal(tgPage1.TargetGroups.length, 1);
  assert.equal(typeof tgPage1.NextMarker, 'string');
  const [subnetPage2, tgPage2] = await Promise.all([
    aws('ec2', 'describe-subnets', '--page-size', '5', '--max-items', '5', '--starting-token', subnetPage1.NextToken),
    aws('elbv2', 'describe-target-groups', '--page-size', '1', '--marker', tgPage1.NextMarker),
  ]);
  const paged = [...subnetPage1.Subnets, ...subnetPage2.Subnets].map((x: Json) => x.SubnetId);
  assert.equal(subnetPage2.NextToken, undefined);
  assert.equal(new Set(paged).size, paged.length, 'pages overlap');
  assert.equal(paged.length, s.zones.length + 2, 'one default subnet per AZ and our two');
  assert.ok(both.every((id) => paged.includes(id)));

  assert.equal(tgPage2.NextMarker, undefined);
  const tgs = [...tgPage1.TargetGroups, ...tgPage2.TargetGroups];
  assert.deepEqual(sorted(tgs.map((g: Json) => g.TargetGroupArn)), sorted([s.tgArn, s.extraTgArn]));
  assert.deepEqual(tgs.find((g: Json) => g.TargetGroupArn === s.tgArn).LoadBalancerArns, [s.lbArn]);
  assert.deepEqual(tgs.find((g: Json) => g.TargetGroupArn === s.extraTgArn).LoadBalancerArns, []);
});

test('teardown in dependency order; each resource is then NotFound', async () => {
  await aws('elbv2', 'delete-listener', '--listener-arn', s.listenerArn);
  await Promise.all([
    awsFails(['elbv2', 'describe-listeners', '--listener-arns', s.listenerArn], 'DescribeListeners', 'ListenerNotFound', 'One or more listeners not found'),
    aws('elbv2', 'delete-target-group', '--target-group-arn', s.tgArn),
    aws('elbv2', 'delete-target-group', '--target-group-arn', s.extraTgArn),
  ]);
  await Promise.all([
    awsFails(['elbv2', 'describe-target-groups', '--target-group-arns', s.tgArn], 'DescribeTargetGroups', 'TargetGroupNotFound', 'One or more target groups not found'),
    aws('elbv2', 'delete-load-balancer', '--load-balancer-arn', s.lbArn),
  ]);
  const [, , , , subnets] = await Promise.all([
    awsFails(['elbv2', 'describe-load-balancers', '--load-balancer-arns', s.lbArn], 'DescribeLoadBalancers', 'LoadBalancerNotFound', 'One or more load balancers not found'),
    awsFails(['ec2', 'describe-network-interfaces', '--network-interface-ids', s.eniIds[1]!], 'DescribeNetworkInterfaces',
      'InvalidNetworkInterfaceID.NotFound', `The networkInterface ID '${s.eniIds[1]}' does not exist`),
    // the web group's rule references the clients group
    awsFails(['ec2', 'delete-security-group', '--group-id', s.clientsSg], 'DeleteSecurityGroup', 'DependencyViolation',
      `resource ${s.clientsSg} has a dependent object`),
    aws('ec2', 'disassociate-route-table', '--association-id', s.associationId),
    aws('ec2', 'describe-subnets', '--subnet-ids', s.subnetA.SubnetId, s.subnetB.SubnetId),
  ]);
  assert.deepEqual(subnets.Subnets.map((x: Json) => x.AvailableIpAddressCount), [251, 251], 'the NLB gave its addresses back');

  await Promise.all([
    awsFails(['ec2', 'disassociate-route-table', '--association-id', s.associationId], 'DisassociateRouteTable',
      'InvalidAssociationID.NotFound', `The association ID '${s.associationId}' does not exist`),
    aws('ec2', 'delete-route-table', '--route-table-id', s.rtbId),
    aws('ec2', 'delete-security-group', '--group-id', s.webSg),
  ]);
  await Promise.all([
    awsFails(['ec2', 'describe-route-tables', '--route-table-ids', s.rtbId], 'DescribeRouteTables', 'InvalidRouteTableID.NotFound',
      `The routeTable ID '${s.rtbId}' does not exist`),
    awsFails(['ec2', 'describe-security-groups', '--group-ids', s.webSg], 'DescribeSecurityGroups', 'InvalidGroup.NotFound',
      `The security group '${s.webSg}' does not exist`),
    aws('ec2', 'delete-security-group', '--group-id', s.clientsSg),
    aws('ec2', 'delete-subnet', '--subnet-id', s.subnetA.SubnetId),
    aws('ec2', 'delete-subnet', '--subnet-id', s.subnetB.SubnetId),
  ]);
  await Promise.all([
    awsFails(['ec2', 'describe-subnets', '--subnet-ids', s.subnetA.SubnetId], 'DescribeSubnets', 'InvalidSubnetID.NotFound',
      `The subnet ID '${s.subnetA.SubnetId}' does not exist`),
    aws('ec2', 'delete-vpc', '--vpc-id', s.vpcId),
  ]);
  await awsFails(['ec2', 'describe-vpcs', '--vpc-ids', s.vpcId], 'DescribeVpcs', 'InvalidVpcID.NotFound', `The vpc ID '${s.vpcId}' does not exist`);
});
