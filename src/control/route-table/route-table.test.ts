import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callerOf, controlFixture } from '../testing/control-fixture.js';
import { DEFAULT_SETTINGS } from '../context.js';
import { createManagedInterface, deleteInterface } from '../network-interface/network-interfaces.js';
import type { ControlPlane } from '../plane.js';
import { addEndpointRoute, removeEndpointRoutes } from './route-table.js';

const A = callerOf('111111111111');
const B = callerOf('222222222222');

async function vpcWithSubnet(control: ControlPlane, cidr = '10.0.0.0/16') {
  const { vpc } = await control.vpcs.create(A, { CidrBlock: cidr });
  const { subnet } = await control.subnets.create(A, { VpcId: vpc.VpcId, CidrBlock: cidr.replace(/\/16$/, '/24') });
  return { vpc, subnet };
}

async function table(control: ControlPlane, id: string) {
  return (await control.routeTables.describe(A, { RouteTableIds: [id] })).routeTables[0]!.routeTable;
}

test('a new route table has the local route, no association, its tags; ClientToken makes it idempotent', async () => {
  const { control, close } = await controlFixture();
  const { vpc } = await vpcWithSubnet(control);
  const spec = { VpcId: vpc.VpcId, ClientToken: 'token-1', TagSpecifications: [{ ResourceType: 'route-table', Tags: [{ Key: 'Name', Value: 'private' }] }] };
  const created = await control.routeTables.create(A, spec);
  assert.deepEqual(created.routeTable.Routes, [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' }]);
  assert.deepEqual(created.routeTable.Associations, []);
  assert.deepEqual(created.tags, [{ Key: 'Name', Value: 'private' }]);
  assert.equal(created.clientToken, 'token-1');
  const again = await control.routeTables.create(A, spec);
  assert.equal(again.routeTable.RouteTableId, created.routeTable.RouteTableId);
  await assert.rejects(control.routeTables.create(A, { ...spec, TagSpecifications: [] }), { code: 'IdempotentParameterMismatch' });
  assert.equal((await control.routeTables.describe(A, { Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId] }] })).routeTables.length, 2);
  await assert.rejects(control.routeTables.create(A, { VpcId: 'vpc-0123456789abcdef0' }), { code: 'InvalidVpcID.NotFound' });
  await close();
});

test('the route-tables-per-VPC quota counts the main table', async () => {
  const { control, close } = await controlFixture({ quotas: { ...DEFAULT_SETTINGS.quotas, routeTablesPerVpc: 2 } });
  const { vpc } = await control.vpcs.create(A, { CidrBlock: '10.0.0.0/16' });
  await control.routeTables.create(A, { VpcId: vpc.VpcId });
  await assert.rejects(control.routeTables.create(A, { VpcId: vpc.VpcId }), { code: 'RouteTableLimitExceeded' });
  await close();
});

test('associations: one explicit table per subnet, same VPC only, the main association stays', async () => {
  const { control, close } = await controlFixture();
  const { vpc, subnet } = await vpcWithSubnet(control);
  const other = await vpcWithSubnet(control, '10.1.0.0/16');
  const { routeTable } = await control.routeTables.create(A, { VpcId: vpc.VpcId });
  const assoc = await control.routeTables.associate(A, { RouteTableId: routeTable.RouteTableId, SubnetId: subnet.SubnetId });
  assert.match(assoc.AssociationId, /^rtbassoc-[0-9a-f]{17}$/);
  assert.deepEqual(assoc.AssociationState, { State: 'associated' });
  await assert.rejects(control.routeTables.associate(A, { RouteTableId: routeTable.RouteTableId, SubnetId: subnet.SubnetId }), {
    code: 'Resource.AlreadyAssociated',
    message: `the specified association for route table ${routeTable.RouteTableId} conflicts with an existing association`,
  });
  await assert.rejects(control.routeTables.associate(A, { RouteTableId: routeTable.RouteTableId, SubnetId: other.subnet.SubnetId }), {
    code: 'InvalidParameterValue',
  });
  await assert.rejects(control.routeTables.associate(A, { RouteTableId: routeTable.RouteTableId, SubnetId: 'subnet-0123456789abcdef0' }), {
    code: 'InvalidSubnetID.NotFound',
  });

  const { routeTables: [main] } = await control.routeTables.describe(A, {
    Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId] }, { Name: 'association.main', Values: ['true'] }],
  });
  const mainAssociation = main!.routeTable.Associations[0]!.RouteTableAssociationId;
  await assert.rejects(control.routeTables.disassociate(A, { AssociationId: mainAssociation }), {
    code: 'InvalidParameterValue', message: `cannot disassociate the main route table association ${mainAssociation}`,
  });
  await assert.rejects(control.routeTables.delete(A, { RouteTableId: main!.routeTable.RouteTableId }), {
    code: 'DependencyViolation', message: `The routeTable '${main!.routeTable.RouteTableId}' has dependencies and cannot be deleted.`,
  });
  await assert.rejects(control.routeTables.delete(A, { RouteTableId: routeTable.RouteTableId }), { code: 'DependencyViolation' });

  const bySubnet = await control.routeTables.describe(A, { Filters: [{ Name: 'association.subnet-id', Values: [subnet.SubnetId] }] });
  assert.deepEqual(bySubnet.routeTables.map((t) => t.routeTable.RouteTableId), [routeTable.RouteTableId]);
  await assert.rejects(control.routeTables.disassociate(B, { AssociationId: assoc.AssociationId }), {
    code: 'InvalidAssociationID.NotFound', message: `The association ID '${assoc.AssociationId}' does not exist`,
  });
  await control.routeTables.disassociate(A, { AssociationId: assoc.AssociationId });
  await control.routeTables.delete(A, { RouteTableId: routeTable.RouteTableId });
  await assert.rejects(control.routeTables.describe(A, { RouteTableIds: [routeTable.RouteTableId] }), {
    code: 'InvalidRouteTableID.NotFound', message: `The routeTable ID '${routeTable.RouteTableId}' does not exist`,
  });
  await close();
});

test('R130 CreateRoute, ReplaceRoute and DeleteRoute with AWS\'s errors', async () => {
  const { control, close } = await controlFixture();
  const { vpc, subnet } = await vpcWithSubnet(control);
  const eni = await control.deps.store.write((tx) => createManagedInterface(control.deps, tx, A, {
    subnet, description: 'appliance', interfaceType: 'interface', requesterId: A.accountId, groups: [],
  }));
  const eni2 = await control.deps.store.write((tx) => createManagedInterface(control.deps, tx, A, {
    subnet, description: 'appliance 2', interfaceType: 'interface', requesterId: A.accountId, groups: [],
  }));
  const { routeTable: { RouteTableId: rtb } } = await control.routeTables.create(A, { VpcId: vpc.VpcId });

  await control.routeTables.createRoute(A, { RouteTableId: rtb, DestinationCidrBlock: '0.0.0.0/0', NetworkInterfaceId: eni.NetworkInterfaceId });
  assert.deepEqual((await table(control, rtb)).Routes[1], {
    DestinationCidrBlock: '0.0.0.0/0', NetworkInterfaceId: eni.NetworkInterfaceId, Origin: 'CreateRoute', State: 'active',
  });
  await assert.rejects(control.routeTables.createRoute(A, { RouteTableId: rtb, DestinationCidrBlock: '0.0.0.0/0', NetworkInterfaceId: eni2.NetworkInterfaceId }), {
    code: 'RouteAlreadyExists', message: 'The route identified by 0.0.0.0/0 already exists.',
  });
  await assert.rejects(control.routeTables.createRoute(A, { RouteTableId: rtb, DestinationCidrBlock: '10.0.0.0/16', NetworkInterfaceId: eni2.NetworkInterfaceId }), {
    code: 'RouteAlreadyExists', message: 'The route identified by 10.0.0.0/16 already exists.',
  });
  await assert.rejects(control.routeTables.createRoute(A, { RouteTableId: rtb, DestinationCidrBlock: '192.168.0.0/16' }), { code: 'MissingParameter' });
  await assert.rejects(control.routeTables.createRoute(A, { RouteTableId: rtb, NetworkInterfaceId: eni.NetworkInterfaceId }), {
    code: 'MissingParameter', message: 'The request must contain the parameter destinationCidrBlock or destinationIpv6CidrBlock',
  });
  await assert.rejects(control.routeTables.createRoute(A, {
    RouteTableId: rtb, DestinationCidrBlock: '192.168.0.0/16', NetworkInterfaceId: eni.NetworkInterfaceId, GatewayId: 'igw-0123456789abcdef0',
  }), { code: 'InvalidParameterCombination' });
  await assert.rejects(control.routeTables.createRoute(A, { RouteTableId: rtb, DestinationCidrBlock: '192.168.0.0/16', GatewayId: 'igw-0123456789abcdef0' }), {
    code: 'InvalidGatewayID.NotFound', message: "The gateway ID 'igw-0123456789abcdef0' does not exist",
  });
  await assert.rejects(control.routeTables.createRoute(A, { RouteTableId: rtb, DestinationCidrBlock: '192.168.0.0/33', NetworkInterfaceId: eni.NetworkInterfaceId }), {
    code: 'InvalidParameterValue', message: 'Value (192.168.0.0/33) for parameter destinationCidrBlock is invalid. This is not a valid CIDR block.',
  });
  await assert.rejects(control.routeTables.createRoute(A, { RouteTableId: rtb, DestinationCidrBlock: '192.168.0.0/16', NetworkInterfaceId: 'eni-0123456789abcdef0' }), {
    code: 'InvalidNetworkInterfaceID.NotFound',
  });

  await control.routeTables.replaceRoute(A, { RouteTableId: rtb, DestinationCidrBlock: '0.0.0.0/0', NetworkInterfaceId: eni2.NetworkInterfaceId });
  assert.equal((await table(control, rtb)).Routes[1]!.NetworkInterfaceId, eni2.NetworkInterfaceId);
  await assert.rejects(control.routeTables.replaceRoute(A, { RouteTableId: rtb, DestinationCidrBlock: '192.168.0.0/16', NetworkInterfaceId: eni.NetworkInterfaceId }), {
    code: 'InvalidParameterValue', message: "There is no route defined for '192.168.0.0/16' in the route table. Use CreateRoute instead.",
  });
  // The local route's target may become a network interface of the VPC and be restored (VPC ingress routing).
  await control.routeTables.replaceRoute(A, { RouteTableId: rtb, DestinationCidrBlock: '10.0.0.0/16', NetworkInterfaceId: eni.NetworkInterfaceId });
  assert.deepEqual((await table(control, rtb)).Routes[0], {
    DestinationCidrBlock: '10.0.0.0/16', NetworkInterfaceId: eni.NetworkInterfaceId, Origin: 'CreateRouteTable', State: 'active',
  });
  await control.routeTables.replaceRoute(A, { RouteTableId: rtb, DestinationCidrBlock: '10.0.0.0/16', LocalTarget: true });
  assert.equal((await table(control, rtb)).Routes[0]!.GatewayId, 'local');

  await assert.rejects(control.routeTables.deleteRoute(A, { RouteTableId: rtb, DestinationCidrBlock: '10.0.0.0/16' }), {
    code: 'InvalidParameterValue', message: `cannot remove local route 10.0.0.0/16 in route table ${rtb}`,
  });
  await control.routeTables.deleteRoute(A, { RouteTableId: rtb, DestinationCidrBlock: '0.0.0.0/0' });
  await assert.rejects(control.routeTables.deleteRoute(A, { RouteTableId: rtb, DestinationCidrBlock: '0.0.0.0/0' }), {
    code: 'InvalidRoute.NotFound', message: `no route with destination-cidr-block 0.0.0.0/0 in route table ${rtb}`,
  });
  await assert.rejects(control.routeTables.deleteRoute(B, { RouteTableId: rtb, DestinationCidrBlock: '0.0.0.0/0' }), { code: 'InvalidRouteTableID.NotFound' });
  await close();
});

test('route filters of DescribeRouteTables, and pagination', async () => {
  const { control, close } = await controlFixture();
  const { vpc, subnet } = await vpcWithSubnet(control);
  const eni = await control.deps.store.write((tx) => createManagedInterface(control.deps, tx, A, {
    subnet, description: 'appliance', interfaceType: 'interface', requesterId: A.accountId, groups: [],
  }));
  const tables = [];
  for (let i = 0; i < 6; i++) tables.push((await control.routeTables.create(A, { VpcId: vpc.VpcId })).routeTable.RouteTableId);
  await control.routeTables.createRoute(A, { RouteTableId: tables[2]!, DestinationCidrBlock: '0.0.0.0/0', NetworkInterfaceId: eni.NetworkInterfaceId });
  const ids = async (Name: string, Values: string[]) =>
    (await control.routeTables.describe(A, { Filters: [{ Name, Values }] })).routeTables.map((t) => t.routeTable.RouteTableId);
  assert.deepEqual(await ids('route.destination-cidr-block', ['0.0.0.0/0']), [tables[2]]);
  assert.deepEqual(await ids('route.origin', ['CreateRoute']), [tables[2]]);
  assert.equal((await ids('route.gateway-id', ['local'])).length, 7);
  assert.equal((await ids('route.state', ['active'])).length, 7);
  assert.deepEqual(await ids('route.nat-gateway-id', ['nat-0123456789abcdef0']), []);
  assert.equal((await ids('owner-id', [A.accountId])).length, 7);
  const page1 = await control.routeTables.describe(A, { MaxResults: 5 });
  const page2 = await control.routeTables.describe(A, { MaxResults: 5, NextToken: page1.nextToken });
  assert.deepEqual([page1.routeTables.length, page2.routeTables.length, page2.nextToken], [5, 2, undefined]);
  await close();
});

test('the routes-per-table quota counts created routes, not the local one', async () => {
  const { control, close } = await controlFixture({ quotas: { ...DEFAULT_SETTINGS.quotas, routesPerRouteTable: 1 } });
  const { vpc, subnet } = await vpcWithSubnet(control);
  const eni = await control.deps.store.write((tx) => createManagedInterface(control.deps, tx, A, {
    subnet, description: 'appliance', interfaceType: 'interface', requesterId: A.accountId, groups: [],
  }));
  const { routeTable: { RouteTableId: rtb } } = await control.routeTables.create(A, { VpcId: vpc.VpcId });
  await control.routeTables.createRoute(A, { RouteTableId: rtb, DestinationCidrBlock: '0.0.0.0/0', NetworkInterfaceId: eni.NetworkInterfaceId });
  await assert.rejects(control.routeTables.createRoute(A, { RouteTableId: rtb, DestinationCidrBlock: '192.168.0.0/16', NetworkInterfaceId: eni.NetworkInterfaceId }), {
    code: 'RouteLimitExceeded',
  });
  await close();
});

test('gateway-endpoint routes are written only through the endpoint (R121-R124)', async () => {
  const { control, close } = await controlFixture();
  const { vpc } = await vpcWithSubnet(control);
  const { routeTable: { RouteTableId: rtb } } = await control.routeTables.create(A, { VpcId: vpc.VpcId });
  // Issue 4's VpcEndpoint record: only its store type and VpcEndpointType matter here.
  const vpce = 'vpce-0123456789abcdef0';
  const pl = 'pl-63a5400a';
  await control.deps.store.write((tx) => tx.insertResource(A, { id: vpce, type: 'vpc-endpoint', parentId: vpc.VpcId, data: { VpcEndpointId: vpce, VpcEndpointType: 'Gateway' } }));

  await control.deps.store.write((tx) => addEndpointRoute(tx, A, rtb, pl, vpce));
  assert.deepEqual((await table(control, rtb)).Routes[1], { DestinationPrefixListId: pl, GatewayId: vpce, Origin: 'CreateRoute', State: 'active' });
  const found = await control.routeTables.describe(A, { Filters: [{ Name: 'route.destination-prefix-list-id', Values: [pl] }, { Name: 'route.gateway-id', Values: [vpce] }] });
  assert.deepEqual(found.routeTables.map((t) => t.routeTable.RouteTableId), [rtb]);
  await assert.rejects(control.deps.store.write((tx) => addEndpointRoute(tx, A, rtb, pl, 'vpce-0123456789abcdef1')), {
    code: 'RouteAlreadyExists', message: `route table ${rtb} already has a route with destination-prefix-list-id ${pl}`,
  });

  await assert.rejects(control.routeTables.deleteRoute(A, { RouteTableId: rtb, DestinationPrefixListId: pl }), { code: 'InvalidParameterValue' });
  await assert.rejects(control.routeTables.replaceRoute(A, { RouteTableId: rtb, DestinationPrefixListId: pl, GatewayId: 'igw-0123456789abcdef0' }), {
    code: 'InvalidParameterValue',
  });
  const notSupported = {
    code: 'RouteNotSupported', message: `Route table contains unsupported route target: ${vpce}. VPC Endpoints of this type cannot be used as route targets.`,
  };
  await assert.rejects(control.routeTables.createRoute(A, { RouteTableId: rtb, DestinationCidrBlock: '0.0.0.0/0', VpcEndpointId: vpce }), notSupported);
  await assert.rejects(control.routeTables.createRoute(A, { RouteTableId: rtb, DestinationCidrBlock: '0.0.0.0/0', GatewayId: vpce }), notSupported);
  await assert.rejects(control.routeTables.createRoute(A, { RouteTableId: rtb, DestinationCidrBlock: '0.0.0.0/0', VpcEndpointId: 'vpce-0123456789abcdef9' }), {
    code: 'InvalidVpcEndpointId.NotFound',
  });

  await control.deps.store.write((tx) => removeEndpointRoutes(tx, A, rtb, vpce));
  assert.equal((await table(control, rtb)).Routes.length, 1);
  await close();
});

test('a Gateway Load Balancer endpoint is a route target, shown as gatewayId', async () => {
  const { control, close } = await controlFixture();
  const { vpc } = await vpcWithSubnet(control);
  const { routeTable: { RouteTableId: rtb } } = await control.routeTables.create(A, { VpcId: vpc.VpcId });
  const vpce = 'vpce-0123456789abcdef0';
  await control.deps.store.write((tx) => tx.insertResource(A, { id: vpce, type: 'vpc-endpoint', parentId: vpc.VpcId, data: { VpcEndpointId: vpce, VpcEndpointType: 'GatewayLoadBalancer' } }));
  await control.routeTables.createRoute(A, { RouteTableId: rtb, DestinationCidrBlock: '0.0.0.0/0', VpcEndpointId: vpce });
  assert.deepEqual((await table(control, rtb)).Routes[1], { DestinationCidrBlock: '0.0.0.0/0', GatewayId: vpce, Origin: 'CreateRoute', State: 'active' });
  await control.routeTables.deleteRoute(A, { RouteTableId: rtb, DestinationCidrBlock: '0.0.0.0/0' });
  await close();
});

test('a route whose target interface is deleted stays, as blackhole', async () => {
  const { control, close } = await controlFixture();
  const { vpc, subnet } = await vpcWithSubnet(control);
  const eni = await control.deps.store.write((tx) => createManagedInterface(control.deps, tx, A, {
    subnet, description: 'appliance', interfaceType: 'interface', requesterId: A.accountId, groups: [],
  }));
  const { routeTable: { RouteTableId: rtb } } = await control.routeTables.create(A, { VpcId: vpc.VpcId });
  await control.routeTables.createRoute(A, { RouteTableId: rtb, DestinationCidrBlock: '0.0.0.0/0', NetworkInterfaceId: eni.NetworkInterfaceId });
  await control.deps.store.write((tx) => deleteInterface(tx, A, eni.NetworkInterfaceId));
  assert.deepEqual((await table(control, rtb)).Routes.map((r) => r.State), ['active', 'blackhole']);
  await close();
});
