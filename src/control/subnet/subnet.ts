/**
 * @module control/subnet/subnet
 * Subnets: CreateSubnet, DescribeSubnets, DeleteSubnet. A subnet lies inside its VPC's CIDR with a
 * netmask from /16 to /28, overlaps no other subnet of the VPC, and sits in one Availability Zone chosen
 * by name or by zone id (names are per account, ids are physical; VPC User Guide, "Subnet CIDR blocks",
 * and rules R117). AvailableIpAddressCount is not stored: it is the subnet's size minus AWS's five
 * reserved addresses minus the addresses network interfaces hold in it, so it drops as they take some.
 */
import type { Caller, ControlDeps } from '../context.js';
import type { Scope, StoreReader, Tag } from '../../store/store.js';
import { contains, formatCidr, overlaps, parseCidr } from '../cidr.js';
import { filterAndPage, selectResources, type Filter } from '../describe.js';
import { AwsError, DependencyViolation, InvalidParameterCombination, InvalidParameterValue, MissingParameter } from '../errors.js';
import { NETWORK_INTERFACE, usableAddressCount, type NetworkInterface } from '../network-interface/network-interfaces.js';
import { availabilityZones, type AvailabilityZone } from '../regions/regions.js';
import { removeSubnetAssociations } from '../route-table/route-table.js';
import { tagsFromSpecifications, type TagSpecification } from '../tags/tags.js';
import { getVpc } from '../vpc/vpc.js';
import { getSubnet, newSubnet, SUBNET, type Subnet } from './records.js';

export interface SubnetView {
  subnet: Subnet;
  availableIpAddressCount: number;
  tags: Tag[];
}

export interface CreateSubnetInput {
  VpcId: string;
  CidrBlock?: string;
  AvailabilityZone?: string;
  AvailabilityZoneId?: string;
  Ipv6CidrBlock?: string;
  Ipv6Native?: boolean;
  Ipv4IpamPoolId?: string;
  Ipv6IpamPoolId?: string;
  OutpostArn?: string;
  TagSpecifications?: TagSpecification[];
}

export interface DescribeSubnetsInput {
  SubnetIds?: string[];
  Filters?: Filter[];
  MaxResults?: number;
  NextToken?: string;
}

/** Private IPv4 addresses held in each subnet, over every network interface of the account-region. */
async function heldAddresses(tx: StoreReader, scope: Scope): Promise<Map<string, number>> {
  const held = new Map<string, number>();
  for (const { data: eni } of await tx.listResources<NetworkInterface>(scope, NETWORK_INTERFACE)) {
    held.set(eni.SubnetId, (held.get(eni.SubnetId) ?? 0) + eni.PrivateIpAddresses.length);
  }
  return held;
}

/**
 * The zone a new subnet goes to: the one asked for by name or id, else the zone holding the fewest
 * subnets of the VPC (AWS picks one for you when none is given; API reference, CreateSubnet).
 */
function chooseZone(caller: Caller, input: CreateSubnetInput, siblings: readonly Pick<Subnet, 'AvailabilityZoneId'>[]): AvailabilityZone {
  const zones = availabilityZones(caller.accountId, caller.region);
  if (input.AvailabilityZone !== undefined && input.AvailabilityZoneId !== undefined) {
    throw new InvalidParameterCombination('Only one of availabilityZone or availabilityZoneId may be specified.');
  }
  if (input.AvailabilityZone !== undefined) {
    const zone = zones.find((z) => z.ZoneName === input.AvailabilityZone);
    // Wording of real responses (terraform-aws-modules and crossplane issues quote it).
    if (!zone) throw new InvalidParameterValue(`Value (${input.AvailabilityZone}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: ${zones.map((z) => z.ZoneName).join(', ')}.`);
    return zone;
  }
  if (input.AvailabilityZoneId !== undefined) {
    const zone = zones.find((z) => z.ZoneId === input.AvailabilityZoneId);
    if (!zone) throw new InvalidParameterValue(`Value (${input.AvailabilityZoneId}) for parameter availabilityZoneId is invalid. Subnets can currently only be created in the following availability zones: ${zones.map((z) => z.ZoneId).sort().join(', ')}.`);
    return zone;
  }
  const count = (z: AvailabilityZone) => siblings.filter((s) => s.AvailabilityZoneId === z.ZoneId).length;
  return zones.reduce((best, z) => (count(z) < count(best) ? z : best));
}

export function subnetService(deps: ControlDeps) {
  return {
    async create(caller: Caller, input: CreateSubnetInput): Promise<SubnetView> {
      if (input.Ipv4IpamPoolId !== undefined || input.Ipv6IpamPoolId !== undefined) {
        throw new InvalidParameterValue('IPAM pools are not supported by Postern; specify CidrBlock.');
      }
      if (input.Ipv6CidrBlock !== undefined || input.Ipv6Native) {
        throw new InvalidParameterValue('IPv6 subnets are not supported by Postern; specify an IPv4 CidrBlock.');
      }
      if (input.OutpostArn !== undefined) throw new InvalidParameterValue('Outposts are not supported by Postern.');
      if (input.CidrBlock === undefined) throw new MissingParameter('CidrBlock');
      const cidr = parseCidr(input.CidrBlock);
      if (!cidr) throw new InvalidParameterValue(`Value (${input.CidrBlock}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`);
      const tags = tagsFromSpecifications(input.TagSpecifications, SUBNET);
      return deps.store.write(async (tx) => {
        const vpc = await getVpc(tx, caller, input.VpcId);
        if (cidr.prefix < 16 || cidr.prefix > 28 || !contains(parseCidr(vpc.CidrBlock)!, cidr)) {
          throw new AwsError('InvalidSubnet.Range', `The CIDR '${input.CidrBlock}' is invalid.`);
        }
        const siblings = await tx.listChildFields<Subnet, 'CidrBlock' | 'AvailabilityZoneId'>(caller, SUBNET, vpc.VpcId, ['CidrBlock', 'AvailabilityZoneId']);
        if (siblings.some((s) => overlaps(parseCidr(s.CidrBlock)!, cidr))) {
          throw new AwsError('InvalidSubnet.Conflict', `The CIDR '${input.CidrBlock}' conflicts with another subnet`);
        }
        if (siblings.length >= deps.settings.quotas.subnetsPerVpc) {
          throw new AwsError('SubnetLimitExceeded', 'The maximum number of subnets has been reached.');
        }
        const zone = chooseZone(caller, input, siblings);
        const subnet = newSubnet(deps, caller.region, caller.accountId, vpc.VpcId, formatCidr(cidr), zone, false);
        await tx.insertResource(caller, { id: subnet.SubnetId, type: SUBNET, parentId: vpc.VpcId, data: subnet });
        await tx.putTags(caller, subnet.SubnetId, tags);
        // As for VPCs, the create response shows the subnet still `pending` (API reference sample).
        return { subnet: { ...subnet, State: 'pending' as const }, availableIpAddressCount: usableAddressCount(subnet.CidrBlock), tags };
      });
    },

    async describe(caller: Caller, input: DescribeSubnetsInput): Promise<{ subnets: SubnetView[]; nextToken?: string }> {
      return deps.store.read(async (tx) => {
        const subnets = await selectResources<Subnet>(tx, caller, SUBNET, input.SubnetIds);
        const held = await heldAddresses(tx, caller);
        const views = subnets.map((subnet) => ({ subnet, availableIpAddressCount: usableAddressCount(subnet.CidrBlock) - (held.get(subnet.SubnetId) ?? 0) }));
        const page = await filterAndPage(tx, caller, views, (v) => v.subnet.SubnetId, input, {
          'availability-zone': (v) => v.subnet.AvailabilityZone,
          'availability-zone-id': (v) => v.subnet.AvailabilityZoneId,
          'available-ip-address-count': (v) => v.availableIpAddressCount,
          'cidr-block': (v) => v.subnet.CidrBlock,
          'customer-owned-ipv4-pool': () => [],
          'default-for-az': (v) => v.subnet.DefaultForAz,
          'enable-dns64': (v) => v.subnet.EnableDns64,
          'enable-lni-at-device-index': () => [],
          'ipv6-cidr-block-association.ipv6-cidr-block': () => [],
          'ipv6-cidr-block-association.association-id': () => [],
          'ipv6-cidr-block-association.state': () => [],
          'ipv6-native': (v) => v.subnet.Ipv6Native,
          'map-customer-owned-ip-on-launch': (v) => v.subnet.MapCustomerOwnedIpOnLaunch,
          'map-public-ip-on-launch': (v) => v.subnet.MapPublicIpOnLaunch,
          'outpost-arn': () => [],
          'owner-id': (v) => v.subnet.OwnerId,
          'private-dns-name-options-on-launch.hostname-type': (v) => v.subnet.PrivateDnsNameOptionsOnLaunch.HostnameType,
          'private-dns-name-options-on-launch.enable-resource-name-dns-a-record': (v) => v.subnet.PrivateDnsNameOptionsOnLaunch.EnableResourceNameDnsARecord,
          'private-dns-name-options-on-launch.enable-resource-name-dns-aaaa-record': (v) => v.subnet.PrivateDnsNameOptionsOnLaunch.EnableResourceNameDnsAAAARecord,
          'state': (v) => v.subnet.State,
          'subnet-arn': (v) => v.subnet.SubnetArn,
          'subnet-id': (v) => v.subnet.SubnetId,
          'vpc-id': (v) => v.subnet.VpcId,
        });
        return { subnets: page.items.map((t) => ({ ...t.item, tags: t.tags })), nextToken: page.nextToken };
      });
    },

    /** Deleting a subnet ends its route table association (API reference, DeleteSubnet / DisassociateRouteTable). */
    async delete(caller: Caller, input: { SubnetId: string }): Promise<void> {
      await deps.store.write(async (tx) => {
        const subnet = await getSubnet(tx, caller, input.SubnetId);
        if ((await tx.listResources(caller, NETWORK_INTERFACE, subnet.SubnetId)).length > 0) {
          throw new DependencyViolation(`The subnet '${subnet.SubnetId}' has dependencies and cannot be deleted.`);
        }
        await removeSubnetAssociations(tx, caller, subnet.VpcId, subnet.SubnetId);
        await tx.deleteResource(caller, subnet.SubnetId);
      });
    },
  };
}
