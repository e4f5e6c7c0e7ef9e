/**
 * @module test/e2e/flow-boto3
 * Issue 3's end-to-end flow driven by boto3: test/e2e/flow_boto3.py runs the whole flow (VPC -> subnets
 * -> security groups -> route table -> NLB with the load_balancer_available waiter -> target group with
 * proxy_protocol_v2 -> listener -> ip targets -> filters, paginators, tags -> teardown) against a real
 * server of its own and prints a report; this test checks its exit status and every value of the report
 * against AWS's formats (rules R10, R11) and what the flow must have produced.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ACCOUNT_A, jsonOf, startPostern, type Postern } from './harness.js';

const ACCOUNT = ACCOUNT_A.accountId;
const REGION = 'us-east-1';
const ID = (prefix: string) => new RegExp(`^${prefix}-[0-9a-f]{17}$`);
const ELB_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}`;
const SCRIPT = readFileSync(new URL('./flow_boto3.py', import.meta.url), 'utf8');

let postern: Postern;
before(async () => { postern = await startPostern(); });
after(async () => { await postern?.cleanup(); });

// The report is the script's JSON; the assertions pin every value the test relies on.
type Json = any;
const sorted = (xs: string[]) => [...xs].sort();

test('boto3 runs the whole flow; its report has AWS\'s values and formats', async () => {
  const r: Json = jsonOf(await postern.python(SCRIPT));

  // VPC
  const vpcId: string = r.vpc.VpcId;
  assert.match(vpcId, ID('vpc'));
  assert.deepEqual(r.vpc, { VpcId: vpcId, CidrBlock: '10.2.0.0/16', OwnerId: ACCOUNT, Tags: ['Name=flow-boto3', 'flow=boto3'] });
  assert.deepEqual(r.dnsHostnames, [false, true]);
  assert.deepEqual(r.vpcsByTagName, [vpcId]);
  assert.deepEqual(r.vpcsByTagKey, [vpcId]);

  // Subnets: A by zone name, B by zone id; each gets both from the account's AZ mapping
  const [zoneA, zoneB] = r.zones;
  assert.notEqual(zoneA.ZoneName, zoneB.ZoneName);
  const [subnetA, subnetB] = r.subnets;
  for (const [subnet, zone, cidr] of [[subnetA, zoneA, '10.2.1.0/24'], [subnetB, zoneB, '10.2.2.0/24']]) {
    assert.match(subnet.SubnetId, ID('subnet'));
    assert.deepEqual(subnet, {
      SubnetId: subnet.SubnetId, VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: zone.ZoneName, AvailabilityZoneId: zone.ZoneId,
      AvailableIpAddressCount: 251, SubnetArn: `arn:aws:ec2:${REGION}:${ACCOUNT}:subnet/${subnet.SubnetId}`,
    });
  }
  const subnetIds = sorted([subnetA.SubnetId, subnetB.SubnetId]);
  assert.deepEqual(r.subnetsInZoneB, [subnetB.SubnetId]);
  assert.deepEqual(r.deleteVpcWithSubnets, ['DependencyViolation', `The vpc '${vpcId}' has dependencies and cannot be deleted.`]);

  // Security groups and rules
  const { clients, web, webArn } = r.securityGroups;
  assert.match(clients, ID('sg'));
  assert.match(web, ID('sg'));
  assert.equal(webArn, `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/${web}`);
  assert.equal(r.ruleIds.length, 3);
  for (const id of r.ruleIds) assert.match(id, ID('sgr'));
  assert.equal(r.duplicateIngress[0], 'InvalidPermission.Duplicate');
  assert.deepEqual(r.webByName, [{
    GroupId: web, Tags: ['Name=flow-web'],
    Ingress: [['tcp', 8080, ['10.2.0.0/16'], []], ['tcp', 9090, [], [clients]]],
    Egress: [['-1', ['0.0.0.0/0']], ['tcp', ['10.2.2.0/24']]],
  }]);
  assert.deepEqual(r.groupsByTag, [web]);

  // Route table
  const rtb = r.routeTable;
  assert.match(rtb.RouteTableId, ID('rtb'));
  assert.match(rtb.AssociationId, ID('rtbassoc'));
  assert.deepEqual(rtb.Routes, [{ DestinationCidrBlock: '10.2.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' }]);
  assert.equal(rtb.AssociationState, 'associated');
  assert.deepEqual(r.routeTablesBySubnet, [rtb.RouteTableId]);
  assert.deepEqual(r.routeTablesByRoute, [rtb.RouteTableId]);

  // NLB: provisioning at creation, active once the waiter returns; one node interface per subnet
  const lb = r.loadBalancer;
  const m = new RegExp(`^${ELB_ARN}:loadbalancer/net/flow-boto3/([0-9a-f]{16})$`).exec(lb.LoadBalancerArn);
  assert.ok(m, lb.LoadBalancerArn);
  const lbId = m[1]!;
  assert.deepEqual(lb, {
    LoadBalancerArn: lb.LoadBalancerArn, DNSName: `flow-boto3-${lbId}.elb.${REGION}.amazonaws.com`, Scheme: 'internal', Type: 'network',
    VpcId: vpcId, States: ['provisioning', 'active'],
    Zones: [[zoneA.ZoneName, subnetA.SubnetId], [zoneB.ZoneName, subnetB.SubnetId]].sort(),
  });
  assert.equal(r.nlbInterfaces.length, 2);
  for (const eni of r.nlbInterfaces) {
    assert.match(eni.NetworkInterfaceId, ID('eni'));
    const subnet = [subnetA, subnetB].find((x) => x.SubnetId === eni.SubnetId);
    assert.ok(subnet, `interface in ${eni.SubnetId}`);
    assert.deepEqual(eni, {
      NetworkInterfaceId: eni.NetworkInterfaceId, SubnetId: subnet.SubnetId, Description: `ELB net/flow-boto3/${lbId}`,
      PrivateIpAddress: subnet.CidrBlock.replace('.0/24', '.4'), RequesterManaged: true, Status: 'in-use',
    });
  }
  assert.deepEqual(r.availableIpsWithNlb, [250, 250]);

  // Target group, listener, targets
  const tg = r.targetGroup;
  assert.match(tg.TargetGroupArn, new RegExp(`^${ELB_ARN}:targetgroup/flow-boto3-tcp/[0-9a-f]{16}$`));
  assert.deepEqual(tg, { TargetGroupArn: tg.TargetGroupArn, Protocol: 'TCP', Port: 8080, TargetType: 'ip' });
  assert.deepEqual(r.proxyProtocolV2, ['false', 'true']);
  assert.match(r.listener.ListenerArn, new RegExp(`^${ELB_ARN}:listener/net/flow-boto3/${lbId}/[0-9a-f]{16}$`));
  assert.deepEqual(r.listener, { ListenerArn: r.listener.ListenerArn, Port: 80, Protocol: 'TCP', Forward: [tg.TargetGroupArn] });
  assert.deepEqual(r.targetHealth, [
    ['10.2.1.10', 8080, zoneA.ZoneName, 'initial', 'Elb.RegistrationInProgress'],
    ['10.2.2.10', 8443, zoneB.ZoneName, 'initial', 'Elb.RegistrationInProgress'],
  ]);

  // Pagination: pages of at most five subnets, disjoint, together every subnet of the account
  const subnetPages: string[][] = r.subnetPages;
  assert.ok(subnetPages.length >= 2, `${subnetPages.length} page(s)`);
  assert.ok(subnetPages.every((p) => p.length >= 1 && p.length <= 5), JSON.stringify(subnetPages.map((p) => p.length)));
  assert.equal(subnetPages.slice(0, -1).every((p) => p.length === 5), true, 'only the last page may be short');
  const paged = subnetPages.flat();
  assert.equal(new Set(paged).size, paged.length, 'pages overlap');
  assert.deepEqual(sorted(paged), r.allSubnets);
  assert.ok(subnetIds.every((id) => paged.includes(id)));
  // target groups one per page
  assert.deepEqual(r.targetGroupPages.map((p: string[]) => p.length), [1, 1]);
  assert.ok(r.targetGroupPages.flat().includes(tg.TargetGroupArn));

  // Tags
  assert.deepEqual(r.subnetsByTag, subnetIds);
  assert.deepEqual(r.subnetsByTagKey, subnetIds);
  assert.deepEqual(r.ec2Tags, subnetIds.map((id) => [id, 'subnet', 'tier', 'private']));
  assert.deepEqual(r.elbTags, [[lb.LoadBalancerArn, ['flow=boto3']], [tg.TargetGroupArn, ['flow=boto3']]]);

  // Teardown: each resource answers its NotFound error; the NLB gave its addresses back
  assert.deepEqual(r.availableIpsAfterNlb, [251, 251]);
  assert.deepEqual(r.deleteReferencedGroup, ['DependencyViolation', `resource ${clients} has a dependent object`]);
  const eniInA = r.nlbInterfaces.find((n: Json) => n.SubnetId === subnetA.SubnetId).NetworkInterfaceId;
  assert.deepEqual(r.gone, {
    listener: ['ListenerNotFound', 'One or more listeners not found'],
    targetGroup: ['TargetGroupNotFound', 'One or more target groups not found'],
    loadBalancer: ['LoadBalancerNotFound', 'One or more load balancers not found'],
    networkInterface: ['InvalidNetworkInterfaceID.NotFound', `The networkInterface ID '${eniInA}' does not exist`],
    association: ['InvalidAssociationID.NotFound', `The association ID '${rtb.AssociationId}' does not exist`],
    routeTable: ['InvalidRouteTableID.NotFound', `The routeTable ID '${rtb.RouteTableId}' does not exist`],
    securityGroup: ['InvalidGroup.NotFound', `The security group '${web}' does not exist`],
    subnet: ['InvalidSubnetID.NotFound', `The subnet ID '${subnetB.SubnetId}' does not exist`],
    vpc: ['InvalidVpcID.NotFound', `The vpc ID '${vpcId}' does not exist`],
  });
});
