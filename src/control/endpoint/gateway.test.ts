import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONSUMER, createService, defaultVpc, rejectsWith, withEndpoints } from './fixture.js';
import type { ControlPlane } from '../plane.js';

const S3 = 'com.amazonaws.us-east-1.s3';
const DYNAMODB = 'com.amazonaws.us-east-1.dynamodb';

/** The default VPC's main route table and two more. */
async function tables(control: ControlPlane) {
  const { vpcId, subnets } = await defaultVpc(control, CONSUMER);
  const main = (await control.routeTables.describe(CONSUMER, { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] })).routeTables[0]!.routeTable.RouteTableId;
  const a = (await control.routeTables.create(CONSUMER, { VpcId: vpcId })).routeTable.RouteTableId;
  const b = (await control.routeTables.create(CONSUMER, { VpcId: vpcId })).routeTable.RouteTableId;
  return { vpcId, subnets, main, a, b };
}

async function routesOf(control: ControlPlane, routeTableId: string) {
  return (await control.routeTables.describe(CONSUMER, { RouteTableIds: [routeTableId] })).routeTables[0]!.routeTable.Routes;
}

test('R19 R104 R183 a gateway endpoint: no subnets, interfaces, groups, DNS entries, IP options; the gateway default policy', () => withEndpoints(async ({ control }) => {
  const { vpcId } = await tables(control);
  const v = await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: S3, PrivateDnsEnabled: false });
  const e = v.endpoint;
  assert.deepEqual([e.SubnetIds, e.NetworkInterfaceIds, e.Groups, v.DnsEntries], [[], [], [], []]);
  assert.equal(e.IpAddressType, undefined);
  assert.equal(e.DnsOptions, undefined);
  assert.equal(e.PrivateDnsEnabled, false);
  assert.equal(e.PolicyDocument, '{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}');
  await rejectsWith(control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: DYNAMODB, IpAddressType: 'ipv4' }), 'InvalidParameter');
}));

test('R120 R121 one prefix-list route per associated route table, target the endpoint', () => withEndpoints(async ({ control }) => {
  const { vpcId, a, b } = await tables(control);
  const { endpoint: e } = await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: S3, RouteTableIds: [a, b] });
  assert.deepEqual(e.RouteTableIds, [a, b]);
  const [pl] = control.prefixLists.describePrefixLists(CONSUMER, { Filters: [{ Name: 'prefix-list-name', Values: [S3] }] }).PrefixLists;
  for (const rtb of [a, b]) {
    assert.deepEqual((await routesOf(control, rtb)).find((r) => r.GatewayId === e.VpcEndpointId),
      { DestinationPrefixListId: pl!.PrefixListId, GatewayId: e.VpcEndpointId, Origin: 'CreateRoute', State: 'active' });
  }
  assert.equal(pl!.PrefixListId, 'pl-63a5400a');
}));

test('R122 R126 one endpoint route per service per table; other tables and other services are fine', () => withEndpoints(async ({ control }) => {
  const { vpcId, a, b } = await tables(control);
  await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: S3, RouteTableIds: [a] });
  await rejectsWith(control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: S3, RouteTableIds: [a] }), 'RouteAlreadyExists',
    `route table ${a} already has a route with destination-prefix-list-id pl-63a5400a`);
  const second = await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: S3, RouteTableIds: [b] });
  await rejectsWith(control.endpoints.modify(CONSUMER, { VpcEndpointId: second.endpoint.VpcEndpointId, AddRouteTableIds: [a] }), 'RouteAlreadyExists');
  await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: DYNAMODB, RouteTableIds: [a] });
  assert.equal((await routesOf(control, a)).filter((r) => r.GatewayId?.startsWith('vpce-')).length, 2);
}));

test('R123 endpoint routes cannot be deleted with DeleteRoute', () => withEndpoints(async ({ control }) => {
  const { vpcId, a } = await tables(control);
  await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: S3, RouteTableIds: [a] });
  await assert.rejects(control.routeTables.deleteRoute(CONSUMER, { RouteTableId: a, DestinationPrefixListId: 'pl-63a5400a' }));
}));

test('R124 R177 routes go with the association and with the endpoint, which is gone at once', () => withEndpoints(async ({ control, events }) => {
  const { vpcId, a, b } = await tables(control);
  const { endpoint: e } = await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: S3, RouteTableIds: [a, b] });
  await control.endpoints.modify(CONSUMER, { VpcEndpointId: e.VpcEndpointId, RemoveRouteTableIds: [a] });
  assert.ok(!(await routesOf(control, a)).some((r) => r.GatewayId === e.VpcEndpointId));
  const [v] = (await control.endpoints.describe(CONSUMER, { VpcEndpointIds: [e.VpcEndpointId] })).endpoints;
  assert.deepEqual(v!.endpoint.RouteTableIds, [b]);
  assert.equal(v!.endpoint.State, 'available');
  // Removing a table that is not associated: InvalidParameter (Terraform: already removed).
  await rejectsWith(control.endpoints.modify(CONSUMER, { VpcEndpointId: e.VpcEndpointId, RemoveRouteTableIds: [a] }), 'InvalidParameter');
  assert.deepEqual(await control.endpoints.delete(CONSUMER, { VpcEndpointIds: [e.VpcEndpointId] }), []);
  assert.ok(!(await routesOf(control, b)).some((r) => r.GatewayId === e.VpcEndpointId));
  await rejectsWith(control.endpoints.describe(CONSUMER, { VpcEndpointIds: [e.VpcEndpointId] }), 'InvalidVpcEndpointId.NotFound');
  assert.ok(events.some((ev) => ev.type === 'endpoint-changed' && ev.vpcEndpointId === e.VpcEndpointId));
}));

test('R129 a Gateway Load Balancer endpoint is not deleted while routes point at it', () => withEndpoints(async ({ control }) => {
  const { serviceName } = await createService(control, { gateway: true, acceptanceRequired: false });
  const { vpcId, subnets, a } = await tables(control);
  const { endpoint: e } = await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: serviceName, VpcEndpointType: 'GatewayLoadBalancer', SubnetIds: [subnets[0]!.SubnetId] });
  await control.routeTables.createRoute(CONSUMER, { RouteTableId: a, DestinationCidrBlock: '0.0.0.0/0', VpcEndpointId: e.VpcEndpointId });
  const [item] = await control.endpoints.delete(CONSUMER, { VpcEndpointIds: [e.VpcEndpointId] });
  assert.equal(item!.ResourceId, e.VpcEndpointId);
  await control.routeTables.deleteRoute(CONSUMER, { RouteTableId: a, DestinationCidrBlock: '0.0.0.0/0' });
  assert.deepEqual(await control.endpoints.delete(CONSUMER, { VpcEndpointIds: [e.VpcEndpointId] }), []);
}));

test('R135 gateway endpoints per VPC', () => withEndpoints(async ({ control }) => {
  const { vpcId, a } = await tables(control);
  await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: S3, RouteTableIds: [a] });
  await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: DYNAMODB });
  await rejectsWith(control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: S3 }), 'VpcEndpointLimitExceeded', 'The maximum number of VPC endpoints has been reached.');
}, { quotas: { vpcsPerRegion: 5, subnetsPerVpc: 200, securityGroupsPerVpc: 2500, rulesPerSecurityGroup: 60, routeTablesPerVpc: 200, routesPerRouteTable: 50, interfaceEndpointsPerVpc: 50, gatewayEndpointsPerRegion: 20, gatewayEndpointsPerVpc: 2 } }));
