/**
 * @module test/e2e/privatelink-flow-sdk
 * Issue 4's provider/consumer flow driven by SDK v3 (@aws-sdk/client-ec2 + client-elastic-load-balancing-v2),
 * two accounts of the accounts file, against a real server of its own:
 *
 *   A: VPC, subnets in two AZs, NLB (waited active) -> service with AcceptanceRequired -> permission for B's root
 *   B: finds the service by name (AZs in B's names) -> VPC + subnets in the service's zone ids -> interface
 *      endpoint: pendingAcceptance
 *   A: sees the connection -> accepts -> B: pending -> available, DnsEntries, network interfaces
 *   A: service delete refused (connection available) -> rejects -> rejected on both sides
 *   B: deletes -> deleting / deleted -> NotFound;  A: service delete now succeeds
 *
 * The steps are sequential tests sharing what they create; each is named with the rules.md rules it checks.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AcceptVpcEndpointConnectionsCommand, CreateSubnetCommand, CreateVpcEndpointCommand, DeleteVpcEndpointServiceConfigurationsCommand,
  DeleteVpcEndpointsCommand, DescribeNetworkInterfacesCommand, DescribeVpcEndpointConnectionsCommand,
  DescribeVpcEndpointServiceConfigurationsCommand, DescribeVpcEndpointServicePermissionsCommand, DescribeVpcEndpointServicesCommand,
  DescribeVpcEndpointsCommand, ModifyVpcEndpointServicePermissionsCommand, RejectVpcEndpointConnectionsCommand,
  type EC2Client, type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { ACCOUNT_A, ACCOUNT_B, startPostern, type Postern } from './harness.js';
import { FAST_ENDPOINT_FLAGS, ID, createConsumerNetwork, createProvider, pollUntil, zoneIdsByName, type Provider } from './privatelink.js';
import { failsWith } from './sdk-errors.js';

const REGION = 'us-east-1';
const VPCE_ZONE = 'Z7HUB22UULQXV';

let postern: Postern;
let ec2A: EC2Client;
let ec2B: EC2Client;
before(async () => {
  postern = await startPostern({ args: FAST_ENDPOINT_FLAGS });
  ec2A = postern.ec2({ account: ACCOUNT_A });
  ec2B = postern.ec2({ account: ACCOUNT_B });
});
after(async () => { await postern?.cleanup(); });

const s = {} as {
  provider: Provider; serviceId: string; serviceName: string; serviceZoneIds: string[];
  vpcId: string; subnetIds: string[]; endpointId: string; eniIds: string[];
};

// SDK v3 types VpcEndpoint.State with the model's PascalCase enum; AWS sends lowerCamel on the wire (rules R28)
// and the SDK passes it through unchanged, so states are compared as strings.
const endpointOfB = async (): Promise<VpcEndpoint> =>
  (await ec2B.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [s.endpointId] }))).VpcEndpoints![0]!;
const connectionsOfA = async () =>
  (await ec2A.send(new DescribeVpcEndpointConnectionsCommand({ Filters: [{ Name: 'service-id', Values: [s.serviceId] }] }))).VpcEndpointConnections!;

test('R2 R3 R42 R44 the provider puts a service requiring acceptance on an active NLB in two AZs', async () => {
  s.provider = await createProvider(postern, { account: ACCOUNT_A, cidr: '10.10.0.0/16', name: 'pl-sdk', acceptanceRequired: true });
  const svc = s.provider.service;
  s.serviceId = svc.ServiceId!;
  s.serviceName = svc.ServiceName!;
  assert.match(s.serviceId, ID('vpce-svc'));
  assert.equal(s.serviceName, `com.amazonaws.vpce.${REGION}.${s.serviceId}`);
  assert.deepEqual(svc.ServiceType, [{ ServiceType: 'Interface' }]);
  assert.equal(svc.ServiceState, 'Available');
  assert.equal(svc.AcceptanceRequired, true);
  assert.equal(svc.ManagesVpcEndpoints, false);
  assert.deepEqual(svc.NetworkLoadBalancerArns, [s.provider.lbArn]);
  assert.deepEqual(svc.BaseEndpointDnsNames, [`${s.serviceId}.${REGION}.vpce.amazonaws.com`]);
  assert.ok(svc.PrivateDnsNameConfiguration, 'privateDnsNameConfiguration is present even when empty');
  // The provider's own AZ names of its load balancer's subnets
  const zonesA = await zoneIdsByName(ec2A);
  assert.deepEqual([...svc.AvailabilityZones!].sort(), [...zonesA.keys()].sort().slice(0, 2));
  s.serviceZoneIds = svc.AvailabilityZones!.map((z) => zonesA.get(z)!).sort();
});

test('R53 R59 R62 a new service admits no consumer: B cannot see it by name', async () => {
  await failsWith(ec2B.send(new DescribeVpcEndpointServicesCommand({ ServiceNames: [s.serviceName] })),
    'InvalidServiceName', `The Vpc Endpoint Service '${s.serviceName}' does not exist`);
  // R60: the provider itself sees its service without any permission
  const own = await ec2A.send(new DescribeVpcEndpointServicesCommand({ ServiceNames: [s.serviceName] }));
  assert.deepEqual(own.ServiceNames, [s.serviceName]);
  assert.equal(own.ServiceDetails![0]!.Owner, ACCOUNT_A.accountId);
});

test('R7 R55 R56 the provider allows B\'s root ARN', async () => {
  const principal = `arn:aws:iam::${ACCOUNT_B.accountId}:root`;
  const added = await ec2A.send(new ModifyVpcEndpointServicePermissionsCommand({ ServiceId: s.serviceId, AddAllowedPrincipals: [principal] }));
  assert.equal(added.ReturnValue, true);
  assert.equal(added.AddedPrincipals!.length, 1);
  const [item] = added.AddedPrincipals!;
  assert.match(item!.ServicePermissionId!, ID('vpce-svc-perm'));
  assert.deepEqual(item, { PrincipalType: 'Account', Principal: principal, ServicePermissionId: item!.ServicePermissionId, ServiceId: s.serviceId });
  const { AllowedPrincipals } = await ec2A.send(new DescribeVpcEndpointServicePermissionsCommand({ ServiceId: s.serviceId }));
  assert.deepEqual(AllowedPrincipals!.map((p) => [p.PrincipalType, p.Principal, p.ServicePermissionId, p.ServiceId]),
    [['Account', principal, item!.ServicePermissionId, s.serviceId]]);
});

test('R49 R60 R64 R117 B finds the service by name, in B\'s AZ names of the same zone ids', async () => {
  const found = await ec2B.send(new DescribeVpcEndpointServicesCommand({ ServiceNames: [s.serviceName] }));
  assert.deepEqual(found.ServiceNames, [s.serviceName]);
  assert.equal(found.ServiceDetails!.length, 1);
  const detail = found.ServiceDetails![0]!;
  assert.equal(detail.ServiceId, s.serviceId);
  assert.equal(detail.Owner, ACCOUNT_A.accountId);
  assert.deepEqual(detail.ServiceType, [{ ServiceType: 'Interface' }]);
  assert.equal(detail.AcceptanceRequired, true);
  assert.equal(detail.VpcEndpointPolicySupported, false);
  assert.deepEqual(detail.BaseEndpointDnsNames, [`${s.serviceId}.${REGION}.vpce.amazonaws.com`]);
  const zonesB = await zoneIdsByName(ec2B);
  assert.deepEqual(detail.AvailabilityZones!.map((z) => zonesB.get(z)).sort(), s.serviceZoneIds);
  // Accounts name the zones differently, so the names B sees are not A's.
  assert.notDeepEqual([...detail.AvailabilityZones!].sort(), [...s.provider.service.AvailabilityZones!].sort());
});

test('R116 a subnet in an AZ the service is not in is refused', async () => {
  const zonesB = await zoneIdsByName(ec2B);
  const net = await createConsumerNetwork(postern, { account: ACCOUNT_B, cidr: '10.20.0.0/16', zoneIds: s.serviceZoneIds });
  s.vpcId = net.vpcId;
  s.subnetIds = net.subnetIds;
  const otherZoneId = [...zonesB.values()].find((id) => !s.serviceZoneIds.includes(id))!;
  const stray = (await ec2B.send(new CreateSubnetCommand({ VpcId: s.vpcId, CidrBlock: '10.20.9.0/24', AvailabilityZoneId: otherZoneId }))).Subnet!.SubnetId!;
  await failsWith(ec2B.send(new CreateVpcEndpointCommand({ VpcEndpointType: 'Interface', VpcId: s.vpcId, ServiceName: s.serviceName, SubnetIds: [stray] })),
    'InvalidParameter', `The VPC endpoint service ${s.serviceName} does not support the availability zone of the subnet: ${stray}.`);
});

test('R1 R32 R111 R184 B\'s interface endpoint is pendingAcceptance from its creation', async () => {
  const { VpcEndpoint: e } = await ec2B.send(new CreateVpcEndpointCommand({
    VpcEndpointType: 'Interface', VpcId: s.vpcId, ServiceName: s.serviceName, SubnetIds: s.subnetIds,
  }));
  s.endpointId = e!.VpcEndpointId!;
  assert.match(s.endpointId, ID('vpce'));
  assert.equal(e!.State, 'pendingAcceptance');
  assert.equal(e!.VpcEndpointType, 'Interface');
  assert.equal(e!.ServiceName, s.serviceName);
  assert.equal(e!.OwnerId, ACCOUNT_B.accountId);
  assert.deepEqual([...e!.SubnetIds!].sort(), [...s.subnetIds].sort());
  assert.deepEqual(e!.Groups!.map((g) => g.GroupName), ['default']);
  assert.equal((await endpointOfB()).State, 'pendingAcceptance');
});

test('R39 the provider sees the connection request; R35 it cannot delete the consumer\'s endpoint', async () => {
  const [c, ...more] = await connectionsOfA();
  assert.equal(more.length, 0);
  assert.equal(c!.VpcEndpointId, s.endpointId);
  assert.equal(c!.VpcEndpointOwner, ACCOUNT_B.accountId);
  assert.equal(c!.VpcEndpointState, 'pendingAcceptance');
  assert.equal(c!.ServiceId, s.serviceId);
  assert.deepEqual(c!.NetworkLoadBalancerArns, [s.provider.lbArn]);
  assert.ok(c!.CreationTimestamp instanceof Date);
  const byState = await ec2A.send(new DescribeVpcEndpointConnectionsCommand({ Filters: [{ Name: 'vpc-endpoint-state', Values: ['available'] }] }));
  assert.deepEqual(byState.VpcEndpointConnections, []);
  // The endpoint is B's: A's DeleteVpcEndpoints does not find it (R67's item code), and it stays.
  const { Unsuccessful } = await ec2A.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [s.endpointId] }));
  assert.deepEqual(Unsuccessful!.map((u) => [u.ResourceId, u.Error?.Code]), [[s.endpointId, 'InvalidVpcEndpoint.NotFound']]);
  assert.equal((await endpointOfB()).State, 'pendingAcceptance');
});

test('R33 accept moves pendingAcceptance through pending to available', async () => {
  const { Unsuccessful } = await ec2A.send(new AcceptVpcEndpointConnectionsCommand({ ServiceId: s.serviceId, VpcEndpointIds: [s.endpointId] }));
  assert.deepEqual(Unsuccessful, []);
  const { seen } = await pollUntil(endpointOfB, (e) => String(e.State) === 'available', { what: 'endpoint available', state: (e) => e.State! });
  assert.ok(['pending,available', 'available'].includes(seen.join()), `states after accept: ${seen.join(' -> ')}`);
  assert.equal((await connectionsOfA())[0]!.VpcEndpointState, 'available');
});

test('R77 R79 R80 the available endpoint has its regional DNS name, then one zonal name per AZ', async () => {
  const e = await endpointOfB();
  const base = `${s.serviceId}.${REGION}.vpce.amazonaws.com`;
  const [regional, ...zonal] = e.DnsEntries!;
  const m = new RegExp(`^${s.endpointId}-([a-z0-9]{8})\\.${base.replace(/\./g, '\\.')}$`).exec(regional!.DnsName!);
  assert.ok(m, `regional name ${regional!.DnsName}`);
  assert.equal(regional!.HostedZoneId, VPCE_ZONE);
  const zonesB = await zoneIdsByName(ec2B);
  const namesB = [...zonesB].filter(([, id]) => s.serviceZoneIds.includes(id)).map(([name]) => name).sort();
  assert.deepEqual(zonal.map((z) => z.DnsName).sort(), namesB.map((az) => `${s.endpointId}-${m![1]}-${az}.${base}`));
  assert.ok(zonal.every((z) => z.HostedZoneId === VPCE_ZONE));
  assert.equal(e.PrivateDnsEnabled, false, 'the service has no private DNS name');
});

test('R8 R26 one requester-managed vpc_endpoint interface per subnet, in B\'s account', async () => {
  const e = await endpointOfB();
  s.eniIds = e.NetworkInterfaceIds!;
  assert.equal(s.eniIds.length, 2);
  const { NetworkInterfaces } = await ec2B.send(new DescribeNetworkInterfacesCommand({
    Filters: [{ Name: 'vpc-id', Values: [s.vpcId] }, { Name: 'interface-type', Values: ['vpc_endpoint'] }],
  }));
  assert.deepEqual(NetworkInterfaces!.map((n) => n.NetworkInterfaceId).sort(), [...s.eniIds].sort());
  for (const n of NetworkInterfaces!) {
    assert.equal(n.InterfaceType, 'vpc_endpoint');
    assert.equal(n.RequesterManaged, true);
    assert.equal(n.OwnerId, ACCOUNT_B.accountId);
    assert.equal(n.Description, `VPC Endpoint Interface ${s.endpointId}`);
    assert.equal(n.Status, 'in-use');
    assert.ok(s.subnetIds.includes(n.SubnetId!));
    const third = s.subnetIds.indexOf(n.SubnetId!) + 1;
    assert.match(n.PrivateIpAddress!, new RegExp(`^10\\.20\\.${third}\\.\\d+$`));
  }
  assert.deepEqual(NetworkInterfaces!.map((n) => n.SubnetId).sort(), [...s.subnetIds].sort());
});

test('R50 R66 deleting the service is refused, in Unsuccessful, while the connection is available', async () => {
  const { Unsuccessful } = await ec2A.send(new DeleteVpcEndpointServiceConfigurationsCommand({ ServiceIds: [s.serviceId] }));
  assert.deepEqual(Unsuccessful, [{
    ResourceId: s.serviceId, Error: { Code: 'ExistingVpcEndpointConnections', Message: 'Service has existing active VPC Endpoint connections!' },
  }]);
  const { ServiceConfigurations } = await ec2A.send(new DescribeVpcEndpointServiceConfigurationsCommand({ ServiceIds: [s.serviceId] }));
  assert.equal(ServiceConfigurations![0]!.ServiceState, 'Available');
});

test('R34 R40 the provider rejects the available endpoint: rejected for both accounts', async () => {
  const { Unsuccessful } = await ec2A.send(new RejectVpcEndpointConnectionsCommand({ ServiceId: s.serviceId, VpcEndpointIds: [s.endpointId] }));
  assert.deepEqual(Unsuccessful, []);
  assert.equal((await endpointOfB()).State, 'rejected');
  assert.equal((await connectionsOfA())[0]!.VpcEndpointState, 'rejected');
});

test('R36 R177 B deletes its endpoint: deleting, deleted, then NotFound; its interfaces go', async () => {
  const { Unsuccessful } = await ec2B.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [s.endpointId] }));
  assert.deepEqual(Unsuccessful, []);
  const states: string[] = [];
  await pollUntil(async () => {
    try {
      const e = await endpointOfB();
      if (states.at(-1) !== e.State) states.push(e.State!);
      return false;
    } catch (err) {
      if ((err as Error).name !== 'InvalidVpcEndpointId.NotFound') throw err;
      assert.equal((err as Error).message, `The Vpc Endpoint Id '${s.endpointId}' does not exist`);
      return true;
    }
  }, (gone) => gone, { what: 'endpoint gone', timeoutMs: 15_000 });
  assert.ok(states.every((x) => x === 'deleting' || x === 'deleted'), `states after delete: ${states.join(' -> ')}`);
  assert.ok(states.includes('deleted'), `deleted stays listed for a while (seen ${states.join(' -> ')})`);
  await failsWith(ec2B.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [s.eniIds[0]!] })), 'InvalidNetworkInterfaceID.NotFound');
});

test('R43 R50 with no active connection the provider deletes its service', async () => {
  const { Unsuccessful } = await ec2A.send(new DeleteVpcEndpointServiceConfigurationsCommand({ ServiceIds: [s.serviceId] }));
  assert.deepEqual(Unsuccessful, []);
  await pollUntil(async () => {
    try {
      const { ServiceConfigurations } = await ec2A.send(new DescribeVpcEndpointServiceConfigurationsCommand({ ServiceIds: [s.serviceId] }));
      return ServiceConfigurations![0]!.ServiceState;
    } catch (err) {
      if ((err as Error).name !== 'InvalidVpcEndpointServiceId.NotFound') throw err;
      return 'gone';
    }
  }, (state) => state === 'gone' || state === 'Deleted', { what: 'service deleted', state: (x) => x! });
  // B can no longer find it
  await failsWith(ec2B.send(new DescribeVpcEndpointServicesCommand({ ServiceNames: [s.serviceName] })), 'InvalidServiceName');
});
