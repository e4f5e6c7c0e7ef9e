/**
 * @module control/testing/watched-records
 * Minimal VPC endpoint and endpoint service records written straight to the store, for the tests of what
 * watches them (connection notifications, their delivery) without going through endpoint creation.
 */
import type { Caller } from '../context.js';
import type { ControlPlane } from '../plane.js';
import { VPC_ENDPOINT, type VpcEndpoint, type VpcEndpointType } from '../endpoint/records.js';
import { VPC_ENDPOINT_SERVICE, type ServiceConfiguration } from '../service/records.js';

export async function insertEndpoint(
  control: ControlPlane, caller: Caller, opts: { type?: VpcEndpointType; id?: string; serviceId?: string; serviceOwner?: string } = {},
): Promise<string> {
  const id = opts.id ?? control.deps.ids.resourceId('vpce');
  const serviceId = opts.serviceId ?? 'vpce-svc-00000000000000001';
  const now = new Date().toISOString();
  const endpoint = {
    VpcEndpointId: id, VpcEndpointType: opts.type ?? 'Interface', VpcId: 'vpc-00000000000000001',
    ServiceName: `com.amazonaws.vpce.${caller.region}.${serviceId}`, ServiceId: serviceId, ServiceOwner: opts.serviceOwner ?? caller.accountId,
    State: 'available', RouteTableIds: [], SubnetIds: [], Groups: [], PrivateDnsEnabled: false, RequesterManaged: false, NetworkInterfaceIds: [],
    CreationTimestamp: now, OwnerId: caller.accountId, DnsLabelSuffix: 'abcdefgh', StateChangedAt: now,
  } satisfies VpcEndpoint;
  await control.deps.store.write((tx) => tx.insertResource(caller, { id, type: VPC_ENDPOINT, parentId: endpoint.VpcId, data: endpoint }));
  return id;
}

export async function insertService(control: ControlPlane, caller: Caller, type: 'Interface' | 'GatewayLoadBalancer' = 'Interface'): Promise<string> {
  const id = control.deps.ids.resourceId('vpce-svc');
  const service = {
    ServiceType: [{ ServiceType: type }], ServiceId: id, ServiceName: `com.amazonaws.vpce.${caller.region}.${id}`, ServiceState: 'Available',
    AvailabilityZoneIds: [], AcceptanceRequired: true, ManagesVpcEndpoints: false, NetworkLoadBalancerArns: [], GatewayLoadBalancerArns: [],
    SupportedIpAddressTypes: ['ipv4'], BaseEndpointDnsNames: [], OwnerId: caller.accountId, StateChangedAt: new Date().toISOString(),
  } satisfies ServiceConfiguration;
  await control.deps.store.write((tx) => tx.insertResource(caller, { id, type: VPC_ENDPOINT_SERVICE, data: service }));
  return id;
}
