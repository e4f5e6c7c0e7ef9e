/**
 * @module control/endpoint/placement
 * Where an endpoint sits in its VPC: the subnets of interface and Gateway Load Balancer endpoints with one
 * requester-managed network interface each (rules R8, R25, R26, R115-R118), the security groups of
 * interface endpoints (R111-R113), and the route tables of gateway endpoints with their prefix-list
 * routes (R121-R124).
 */
import type { ControlDeps } from '../context.js';
import type { Scope, StoreReader, StoreWriter } from '../../store/store.js';
import { AwsError, InvalidParameter } from '../errors.js';
import {
  createManagedInterface, deleteInterface, NETWORK_INTERFACE, type NetworkInterface,
} from '../network-interface/network-interfaces.js';
import { getNetworkInterface } from '../network-interface/network-interface-service.js';
import { awsManagedPrefixListOfService } from '../prefix-list/aws-managed.js';
import { addEndpointRoute, getRouteTable, removeEndpointRoutes } from '../route-table/route-table.js';
import { SECURITY_GROUP, type SecurityGroup } from '../security-group/records.js';
import { getSecurityGroup } from '../security-group/security-group.js';
import type { ServiceForConsumer } from '../service/lookup.js';
import { getSubnet, type Subnet } from '../subnet/records.js';
import type { VpcEndpoint } from './records.js';

/**
 * The requester of endpoint network interfaces, as DescribeNetworkInterfaces shows it (VPC User Guide,
 * "Requester-managed network interfaces": `"RequesterId": "727180483921"` on a `vpc_endpoint` interface).
 */
export const ENDPOINT_REQUESTER_ID = '727180483921';

/** The VPC quota of security groups per network interface applies to endpoint interfaces (rules R113). */
export const MAX_GROUPS_PER_ENDPOINT = 5;

export type GroupIdentifier = { GroupId: string; GroupName: string };

/**
 * The subnets to add to an endpoint: each in the endpoint's VPC, in an AZ the service is in (matched by
 * zone id, since AZ names differ per account, R117), and no two in one AZ, counting those it already has.
 */
export async function subnetsToAdd(
  tx: StoreReader, scope: Scope, vpcId: string, subnetIds: readonly string[], service: ServiceForConsumer, current: readonly Subnet[],
): Promise<Subnet[]> {
  const out: Subnet[] = [];
  const zones = new Set(current.map((s) => s.AvailabilityZoneId));
  for (const id of new Set(subnetIds)) {
    const subnet = await getSubnet(tx, scope, id);
    // The wording for a subnet of another VPC was not found (rules R118); it follows EC2's "different networks".
    if (subnet.VpcId !== vpcId) throw new InvalidParameter(`Subnet ${id} and VPC ${vpcId} belong to different networks.`);
    if (zones.has(subnet.AvailabilityZoneId)) {
      throw new AwsError('DuplicateSubnetsInSameZone', `Found another VPC endpoint subnet in the availability zone of ${id}. VPC endpoint subnets should be in different availability zones supported by the VPC endpoint service.`);
    }
    if (!service.AvailabilityZoneIds.includes(subnet.AvailabilityZoneId)) {
      throw new InvalidParameter(`The VPC endpoint service ${service.ServiceName} does not support the availability zone of the subnet: ${id}.`);
    }
    zones.add(subnet.AvailabilityZoneId);
    out.push(subnet);
  }
  return out;
}

/** The security groups named for an interface endpoint: in its VPC, at most five (rules R113, R118). */
export async function securityGroups(tx: StoreReader, scope: Scope, vpcId: string, groupIds: readonly string[]): Promise<GroupIdentifier[]> {
  const out: GroupIdentifier[] = [];
  for (const id of new Set(groupIds)) {
    const g = await getSecurityGroup(tx, scope, id);
    if (g.VpcId !== vpcId) throw new InvalidParameter(`Security group ${id} and VPC ${vpcId} belong to different networks.`);
    out.push({ GroupId: g.GroupId, GroupName: g.GroupName });
  }
  checkGroupCount(out);
  return out;
}

export function checkGroupCount(groups: readonly GroupIdentifier[]): void {
  if (groups.length > MAX_GROUPS_PER_ENDPOINT) {
    throw new AwsError('SecurityGroupsPerInterfaceLimitExceeded', 'The maximum number of security groups per interface has been reached.');
  }
}

/** The VPC's `default` group: what an interface endpoint gets when no group is named (rules R111). */
export async function defaultGroup(tx: StoreReader, scope: Scope, vpcId: string): Promise<GroupIdentifier> {
  const groups = await tx.listChildFields<SecurityGroup, 'GroupId' | 'GroupName'>(scope, SECURITY_GROUP, vpcId, ['GroupId', 'GroupName']);
  const g = groups.find((r) => r.GroupName === 'default')!;
  return { GroupId: g.GroupId, GroupName: g.GroupName };
}

/** The subnets an endpoint is in now, read back from its record. */
export async function currentSubnets(tx: StoreReader, scope: Scope, e: VpcEndpoint): Promise<Subnet[]> {
  return Promise.all(e.SubnetIds.map((id) => getSubnet(tx, scope, id)));
}

/** One requester-managed interface per new subnet, in the consumer's account, addresses from the subnet (R26). */
export async function addInterfaces(deps: ControlDeps, tx: StoreWriter, scope: Scope, e: VpcEndpoint, subnets: readonly Subnet[]): Promise<void> {
  for (const subnet of subnets) {
    const eni = await createManagedInterface(deps, tx, scope, {
      subnet,
      description: `VPC Endpoint Interface ${e.VpcEndpointId}`,
      interfaceType: e.VpcEndpointType === 'GatewayLoadBalancer' ? 'gateway_load_balancer_endpoint' : 'vpc_endpoint',
      requesterId: ENDPOINT_REQUESTER_ID,
      groups: e.Groups,
    });
    e.SubnetIds.push(subnet.SubnetId);
    e.NetworkInterfaceIds.push(eni.NetworkInterfaceId);
    e.ZoneNames = [...(e.ZoneNames ?? []), subnet.AvailabilityZone];
  }
}

async function interfacesOf(tx: StoreReader, scope: Scope, e: VpcEndpoint): Promise<NetworkInterface[]> {
  return Promise.all(e.NetworkInterfaceIds.map((id) => getNetworkInterface(tx, scope, id)));
}

/** Removes the endpoint from one subnet: its interface there goes (rules R25). */
export async function removeSubnet(tx: StoreWriter, scope: Scope, e: VpcEndpoint, subnetId: string): Promise<void> {
  const eni = (await interfacesOf(tx, scope, e)).find((n) => n.SubnetId === subnetId);
  if (eni) {
    await deleteInterface(tx, scope, eni.NetworkInterfaceId);
    e.NetworkInterfaceIds = e.NetworkInterfaceIds.filter((id) => id !== eni.NetworkInterfaceId);
    e.ZoneNames = (e.ZoneNames ?? []).filter((z) => z !== eni.AvailabilityZone);
  }
  e.SubnetIds = e.SubnetIds.filter((id) => id !== subnetId);
}

/** Every interface of a deleted endpoint goes (rules R177); its subnets can then be deleted. */
export async function removeAllInterfaces(tx: StoreWriter, scope: Scope, e: VpcEndpoint): Promise<void> {
  for (const id of e.NetworkInterfaceIds) await deleteInterface(tx, scope, id);
  e.NetworkInterfaceIds = [];
  e.ZoneNames = [];
}

/** The endpoint's interfaces carry its security groups: a change of groups is a change of theirs. */
export async function applyGroups(tx: StoreWriter, scope: Scope, e: VpcEndpoint): Promise<void> {
  for (const eni of await interfacesOf(tx, scope, e)) {
    await tx.updateResource(scope, { id: eni.NetworkInterfaceId, type: NETWORK_INTERFACE, parentId: eni.SubnetId, data: { ...eni, Groups: e.Groups } });
  }
}

/**
 * Associates route tables with a gateway endpoint: one route each, destination the service's AWS-managed
 * prefix list, target the endpoint (R121); a table already routing that list refuses (RouteAlreadyExists, R122).
 */
export async function addRouteTables(tx: StoreWriter, scope: Scope, e: VpcEndpoint, routeTableIds: readonly string[]): Promise<void> {
  const prefixList = awsManagedPrefixListOfService(scope.region, e.ServiceName)!;
  for (const id of new Set(routeTableIds)) {
    const rtb = await getRouteTable(tx, scope, id);
    if (rtb.VpcId !== e.VpcId) throw new InvalidParameter(`Route table ${id} and VPC ${e.VpcId} belong to different networks.`);
    await addEndpointRoute(tx, scope, id, prefixList.PrefixListId, e.VpcEndpointId);
    e.RouteTableIds.push(id);
  }
}

/** The routes go with the association (rules R124). */
export async function removeRouteTable(tx: StoreWriter, scope: Scope, e: VpcEndpoint, routeTableId: string): Promise<void> {
  // A table deleted meanwhile took the route with it.
  if (await tx.getResource(scope, routeTableId)) await removeEndpointRoutes(tx, scope, routeTableId, e.VpcEndpointId);
  e.RouteTableIds = e.RouteTableIds.filter((id) => id !== routeTableId);
}
