/**
 * @module control/network-interface/network-interface-service
 * DescribeNetworkInterfaces. The interfaces themselves are created and deleted by the services that own
 * them (load balancers, VPC endpoints; see network-interfaces.ts): they are requester-managed, visible
 * to the account they sit in but not manageable by it (rules R8).
 */
import type { Caller, ControlDeps } from '../context.js';
import type { Scope, StoreReader, Tag } from '../../store/store.js';
import { filterAndPage, selectResources, type Filter } from '../describe.js';
import { notFound } from '../errors.js';
import { NETWORK_INTERFACE, type NetworkInterface } from './network-interfaces.js';

export interface NetworkInterfaceWithTags {
  networkInterface: NetworkInterface;
  tags: Tag[];
}

export interface DescribeNetworkInterfacesInput {
  NetworkInterfaceIds?: string[];
  Filters?: Filter[];
  MaxResults?: number;
  NextToken?: string;
}

export async function getNetworkInterface(tx: StoreReader, scope: Scope, networkInterfaceId: string): Promise<NetworkInterface> {
  const r = await tx.getResource<NetworkInterface>(scope, networkInterfaceId);
  if (!r || r.type !== NETWORK_INTERFACE) throw notFound(NETWORK_INTERFACE, networkInterfaceId);
  return r.data;
}

export function networkInterfaceService(deps: ControlDeps) {
  return {
    async describe(caller: Caller, input: DescribeNetworkInterfacesInput): Promise<{ networkInterfaces: NetworkInterfaceWithTags[]; nextToken?: string }> {
      return deps.store.read(async (tx) => {
        const enis = await selectResources<NetworkInterface>(tx, caller, NETWORK_INTERFACE, input.NetworkInterfaceIds);
        // Postern's interfaces have no public address, no instance attachment, no IPv6 address and no
        // operator: filters on those match nothing, as they match nothing for such interfaces on AWS.
        const none = () => [];
        const page = await filterAndPage(tx, caller, enis, (n) => n.NetworkInterfaceId, input, {
          'association.allocation-id': none,
          'association.association-id': none,
          'addresses.association.owner-id': none,
          'addresses.association.public-ip': none,
          'addresses.primary': (n) => n.PrivateIpAddresses.map((a) => a.Primary),
          'addresses.private-ip-address': (n) => n.PrivateIpAddresses.map((a) => a.PrivateIpAddress),
          'association.ip-owner-id': none,
          'association.public-ip': none,
          'association.public-dns-name': none,
          'attachment.attach-time': none,
          'attachment.attachment-id': none,
          'attachment.delete-on-termination': none,
          'attachment.device-index': none,
          'attachment.instance-id': none,
          'attachment.instance-owner-id': none,
          'attachment.status': none,
          'availability-zone': (n) => n.AvailabilityZone,
          'availability-zone-id': (n) => n.AvailabilityZoneId,
          'description': (n) => n.Description,
          'group-id': (n) => n.Groups.map((g) => g.GroupId),
          'ipv6-addresses.ipv6-address': none,
          'interface-type': (n) => n.InterfaceType,
          'mac-address': (n) => n.MacAddress,
          'network-interface-id': (n) => n.NetworkInterfaceId,
          'operator.managed': none,
          'operator.principal': none,
          'owner-id': (n) => n.OwnerId,
          'private-dns-name': (n) => n.PrivateDnsName,
          'private-ip-address': (n) => n.PrivateIpAddresses.map((a) => a.PrivateIpAddress),
          'requester-id': (n) => n.RequesterId,
          'requester-managed': (n) => n.RequesterManaged,
          'source-dest-check': (n) => n.SourceDestCheck,
          'status': (n) => n.Status,
          'subnet-id': (n) => n.SubnetId,
          'vpc-id': (n) => n.VpcId,
        });
        return { networkInterfaces: page.items.map((t) => ({ networkInterface: t.item, tags: t.tags })), nextToken: page.nextToken };
      });
    },
  };
}
