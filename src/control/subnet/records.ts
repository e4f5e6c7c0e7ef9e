/**
 * @module control/subnet/records
 * The stored shape of a subnet (AWS's Subnet, without AvailableIpAddressCount, which is derived from the
 * network interfaces holding addresses in it).
 */
import type { ControlDeps } from '../context.js';
import type { Scope, StoreReader } from '../../store/store.js';
import { notFound } from '../errors.js';
import { ec2Arn } from '../ids.js';
import type { AvailabilityZone } from '../regions/regions.js';

export interface Subnet {
  SubnetId: string;
  VpcId: string;
  CidrBlock: string;
  AvailabilityZone: string;
  AvailabilityZoneId: string;
  DefaultForAz: boolean;
  MapPublicIpOnLaunch: boolean;
  State: 'available' | 'pending';
  OwnerId: string;
  SubnetArn: string;
  AssignIpv6AddressOnCreation: boolean;
  Ipv6CidrBlockAssociationSet: never[];
  EnableDns64: boolean;
  Ipv6Native: boolean;
  MapCustomerOwnedIpOnLaunch: boolean;
  PrivateDnsNameOptionsOnLaunch: { HostnameType: 'ip-name'; EnableResourceNameDnsARecord: boolean; EnableResourceNameDnsAAAARecord: boolean };
  BlockPublicAccessStates: { InternetGatewayBlockMode: 'off' };
}

export const SUBNET = 'subnet';

/** AWS reserves the first four addresses and the last address of every subnet. */
export const RESERVED_ADDRESSES = 5;

export async function getSubnet(tx: StoreReader, scope: Scope, subnetId: string): Promise<Subnet> {
  const r = await tx.getResource<Subnet>(scope, subnetId);
  if (!r || r.type !== SUBNET) throw notFound(SUBNET, subnetId);
  return r.data;
}

export function newSubnet(deps: ControlDeps, region: string, ownerId: string, vpcId: string, cidr: string, zone: AvailabilityZone, defaultForAz: boolean): Subnet {
  const id = deps.ids.resourceId('subnet');
  return {
    SubnetId: id,
    VpcId: vpcId,
    CidrBlock: cidr,
    AvailabilityZone: zone.ZoneName,
    AvailabilityZoneId: zone.ZoneId,
    DefaultForAz: defaultForAz,
    MapPublicIpOnLaunch: defaultForAz,
    State: 'available',
    OwnerId: ownerId,
    SubnetArn: ec2Arn(region, ownerId, `subnet/${id}`),
    AssignIpv6AddressOnCreation: false,
    Ipv6CidrBlockAssociationSet: [],
    EnableDns64: false,
    Ipv6Native: false,
    MapCustomerOwnedIpOnLaunch: false,
    PrivateDnsNameOptionsOnLaunch: { HostnameType: 'ip-name', EnableResourceNameDnsARecord: false, EnableResourceNameDnsAAAARecord: false },
    BlockPublicAccessStates: { InternetGatewayBlockMode: 'off' },
  };
}
