/**
 * @module test/e2e/privatelink-flow-boto3
 * Issue 4's provider/consumer flow driven by boto3 across two accounts: test/e2e/privatelink_flow_boto3.py
 * runs it (A: NLB -> service with acceptance required -> permission for B; B: finds the service ->
 * interface endpoint; A accepts; available; A's service delete refused; A rejects; B deletes) against a
 * real server of its own and prints a report; the tests below check each part of the report against
 * AWS's values and formats, named by the rules.md rules they cover.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ACCOUNT_A, ACCOUNT_B, jsonOf, startPostern, type Postern } from './harness.js';
import { FAST_ENDPOINT_FLAGS, ID } from './privatelink.js';

const REGION = 'us-east-1';
const VPCE_ZONE = 'Z7HUB22UULQXV';
const SCRIPT = readFileSync(new URL('./privatelink_flow_boto3.py', import.meta.url), 'utf8');

type Json = any;
let postern: Postern;
let r: Json;
before(async () => {
  postern = await startPostern({ args: FAST_ENDPOINT_FLAGS });
  r = jsonOf(await postern.python(SCRIPT, { account: ACCOUNT_A, args: [ACCOUNT_B.accessKeyId, ACCOUNT_B.secretAccessKey, ACCOUNT_B.accountId] }));
});
after(async () => { await postern?.cleanup(); });

const serviceId = () => r.service.ServiceId as string;
const serviceName = () => r.service.ServiceName as string;
const endpointId = () => r.created.VpcEndpointId as string;

test('R2 R3 R42 R44 the provider\'s service on its NLB, in the NLB\'s AZs', () => {
  assert.match(serviceId(), ID('vpce-svc'));
  assert.deepEqual(r.service, {
    ServiceId: serviceId(), ServiceName: `com.amazonaws.vpce.${REGION}.${serviceId()}`, ServiceType: [{ ServiceType: 'Interface' }],
    ServiceState: 'Available', AcceptanceRequired: true, ManagesVpcEndpoints: false, NetworkLoadBalancerArns: [r.lbArn],
    BaseEndpointDnsNames: [`${serviceId()}.${REGION}.vpce.amazonaws.com`], PrivateDnsNameConfiguration: {},
  });
  assert.deepEqual(r.providerZones, r.providerSubnetZones);
});

test('R53 R62 before any permission B gets InvalidServiceName', () => {
  assert.deepEqual(r.invisible, ['InvalidServiceName', `The Vpc Endpoint Service '${serviceName()}' does not exist`]);
});

test('R7 R55 R56 B\'s root ARN allowed, with a service permission id', () => {
  const principal = `arn:aws:iam::${ACCOUNT_B.accountId}:root`;
  assert.equal(r.permissionsReturn, true);
  const id = r.addedPrincipals[0]?.ServicePermissionId;
  assert.match(id, ID('vpce-svc-perm'));
  assert.deepEqual(r.addedPrincipals, [{ PrincipalType: 'Account', Principal: principal, ServicePermissionId: id, ServiceId: serviceId() }]);
  assert.deepEqual(r.allowedPrincipals.map((p: Json) => [p.PrincipalType, p.Principal, p.ServicePermissionId, p.ServiceId]),
    [['Account', principal, id, serviceId()]]);
});

test('R49 R60 R64 R117 B finds the service by name, its AZs in B\'s names of the same zone ids', () => {
  assert.deepEqual(r.found, {
    ServiceNames: [serviceName()], count: 1, ServiceId: serviceId(), Owner: ACCOUNT_A.accountId, ServiceType: [{ ServiceType: 'Interface' }],
    AcceptanceRequired: true, VpcEndpointPolicySupported: false, BaseEndpointDnsNames: [`${serviceId()}.${REGION}.vpce.amazonaws.com`],
  });
  assert.deepEqual(r.consumerZoneIds, r.serviceZoneIds);
  assert.notDeepEqual(r.consumerZones, r.providerZones, 'the two accounts name the same zones differently');
});

test('R1 R32 R184 the interface endpoint is pendingAcceptance in the create response', () => {
  assert.match(endpointId(), ID('vpce'));
  assert.deepEqual({ ...r.created, VpcId: undefined }, {
    VpcEndpointId: endpointId(), State: 'pendingAcceptance', VpcEndpointType: 'Interface', ServiceName: serviceName(), OwnerId: ACCOUNT_B.accountId, VpcId: undefined,
  });
});

test('R39 the provider sees the request; R35 R67 it cannot delete the consumer\'s endpoint', () => {
  assert.deepEqual(r.requests, [{
    ServiceId: serviceId(), VpcEndpointId: endpointId(), VpcEndpointOwner: ACCOUNT_B.accountId, VpcEndpointState: 'pendingAcceptance', NetworkLoadBalancerArns: [r.lbArn],
  }]);
  assert.deepEqual(r.providerDelete, [[endpointId(), 'InvalidVpcEndpoint.NotFound', null]]);
});

test('R33 accept moves pendingAcceptance through pending to available', () => {
  assert.deepEqual(r.accept, []);
  assert.ok(['pending,available', 'available'].includes(r.statesAfterAccept.join()), `states after accept: ${r.statesAfterAccept.join(' -> ')}`);
  assert.deepEqual(r.connectionAfterAccept, ['available']);
});

test('R77 R79 R80 DnsEntries: the regional name, then one zonal name per AZ of B', () => {
  const base = `${serviceId()}.${REGION}.vpce.amazonaws.com`;
  const [regional, ...zonal] = r.dnsEntries as { DnsName: string; HostedZoneId: string }[];
  const m = new RegExp(`^${endpointId()}-([a-z0-9]{8})\\.${base.replace(/\./g, '\\.')}$`).exec(regional!.DnsName);
  assert.ok(m, `regional name ${regional!.DnsName}`);
  assert.deepEqual(zonal.map((z) => z.DnsName).sort(), r.consumerZones.map((az: string) => `${endpointId()}-${m![1]}-${az}.${base}`));
  assert.ok(r.dnsEntries.every((e: Json) => e.HostedZoneId === VPCE_ZONE));
});

test('R8 R26 one requester-managed vpc_endpoint interface per subnet, in B\'s DescribeNetworkInterfaces', () => {
  assert.equal(r.networkInterfaceIds.length, 2);
  assert.deepEqual(r.networkInterfaces.map((n: Json) => n.NetworkInterfaceId).sort(), r.networkInterfaceIds);
  assert.deepEqual(r.networkInterfaces.map((n: Json) => n.SubnetId).sort(), [...r.consumerSubnets].sort());
  for (const n of r.networkInterfaces) {
    assert.match(n.NetworkInterfaceId, ID('eni'));
    assert.deepEqual({ ...n, NetworkInterfaceId: undefined, SubnetId: undefined, PrivateIpAddress: undefined }, {
      InterfaceType: 'vpc_endpoint', RequesterManaged: true, OwnerId: ACCOUNT_B.accountId, Description: `VPC Endpoint Interface ${endpointId()}`,
      Status: 'in-use', NetworkInterfaceId: undefined, SubnetId: undefined, PrivateIpAddress: undefined,
    });
    assert.match(n.PrivateIpAddress, new RegExp(`^10\\.40\\.${r.consumerSubnets.indexOf(n.SubnetId) + 1}\\.\\d+$`));
  }
});

test('R50 R66 the service delete is refused in Unsuccessful while the connection is available', () => {
  assert.deepEqual(r.serviceDeleteRefused, [[serviceId(), 'ExistingVpcEndpointConnections', 'Service has existing active VPC Endpoint connections!']]);
});

test('R34 R40 rejecting the available endpoint: rejected for consumer and provider', () => {
  assert.deepEqual(r.reject, []);
  assert.deepEqual(r.rejected, ['rejected', ['rejected']]);
});

test('R36 R67 R177 the consumer deletes it: deleting / deleted, then NotFound; its interfaces go', () => {
  assert.deepEqual(r.delete, []);
  const seen: string[] = r.statesAfterDelete;
  assert.equal(seen.at(-1), 'InvalidVpcEndpointId.NotFound');
  assert.ok(seen.slice(0, -1).every((x) => x === 'deleting' || x === 'deleted'), `states after delete: ${seen.join(' -> ')}`);
  assert.ok(seen.includes('deleted'), `deleted stays listed for a while: ${seen.join(' -> ')}`);
  assert.deepEqual(r.goneError, ['InvalidVpcEndpointId.NotFound', `The Vpc Endpoint Id '${endpointId()}' does not exist`]);
  assert.equal(r.goneInterface[0], 'InvalidNetworkInterfaceID.NotFound');
  assert.deepEqual(r.deleteAgain, [[endpointId(), 'InvalidVpcEndpoint.NotFound', null]]);
});

test('R50 R62 with no active connection the service deletes; B no longer finds it', () => {
  assert.deepEqual(r.serviceDelete, []);
  assert.deepEqual(r.serviceGone, ['InvalidServiceName', `The Vpc Endpoint Service '${serviceName()}' does not exist`]);
});
