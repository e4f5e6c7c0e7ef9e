/**
 * @module control/network-interface/network-interfaces
 * Network interfaces that AWS services create in a customer's subnets (load balancer nodes, VPC endpoint
 * interfaces): each takes the lowest free private address of its subnet. AWS reserves the first four and
 * the last address of every subnet (VPC User Guide, "Subnet CIDR blocks").
 */
import type { ControlDeps } from '../context.js';
import type { Scope, StoreReader, StoreWriter } from '../../store/store.js';
import { formatIpv4, parseCidr, size } from '../cidr.js';
import { AwsError } from '../errors.js';
import type { Subnet } from '../subnet/records.js';
import { blackholeRoutesTo } from '../route-table/route-table.js';

export interface NetworkInterface {
  NetworkInterfaceId: string;
  SubnetId: string;
  VpcId: string;
  AvailabilityZone: string;
  AvailabilityZoneId: string;
  Description: string;
  Groups: { GroupId: string; GroupName: string }[];
  InterfaceType: 'interface' | 'network_load_balancer' | 'gateway_load_balancer' | 'vpc_endpoint' | 'gateway_load_balancer_endpoint';
  MacAddress: string;
  OwnerId: string;
  PrivateDnsName: string;
  PrivateIpAddress: string;
  PrivateIpAddresses: { Primary: boolean; PrivateIpAddress: string; PrivateDnsName: string }[];
  Ipv6Addresses: never[];
  RequesterId?: string;
  RequesterManaged: boolean;
  SourceDestCheck: boolean;
  Status: 'available' | 'in-use';
}

export const NETWORK_INTERFACE = 'network-interface';

export interface ManagedInterfaceSpec {
  subnet: Subnet;
  description: string;
  interfaceType: NetworkInterface['InterfaceType'];
  /** the AWS principal that manages the interface (e.g. 'amazon-elb', or the endpoint service's id) */
  requesterId: string;
  groups: { GroupId: string; GroupName: string }[];
}

/** The private DNS name AWS gives an address: ec2.internal in us-east-1, <region>.compute.internal elsewhere. */
export function privateDnsName(region: string, ip: string): string {
  const suffix = region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`;
  return `ip-${ip.replace(/\./g, '-')}.${suffix}`;
}

export async function interfacesInSubnet(tx: StoreReader, scope: Scope, subnetId: string): Promise<NetworkInterface[]> {
  return (await tx.listResources<NetworkInterface>(scope, NETWORK_INTERFACE, subnetId)).map((r) => r.data);
}

/** Addresses of a subnet that interfaces may take: its size minus AWS's five reserved ones. */
export function usableAddressCount(cidr: string): number {
  return size(parseCidr(cidr)!) - 5;
}

async function lowestFreeAddress(tx: StoreReader, scope: Scope, subnet: Subnet): Promise<string> {
  const cidr = parseCidr(subnet.CidrBlock)!;
  // Managed interfaces hold one address, their primary one.
  const held = await tx.listChildFields<NetworkInterface, 'PrivateIpAddress'>(scope, NETWORK_INTERFACE, subnet.SubnetId, ['PrivateIpAddress']);
  // Held addresses as numbers: one parse each, rather than formatting every candidate address. They were
  // written by formatIpv4: no need to validate them again as parseIpv4 does.
  const used = new Set<number>();
  for (const n of held) {
    const [a, b, c, d] = n.PrivateIpAddress.split('.');
    used.add(Number(a) * 16777216 + Number(b) * 65536 + Number(c) * 256 + Number(d));
  }
  for (let ip = cidr.base + 4; ip < cidr.base + size(cidr) - 1; ip++) {
    if (!used.has(ip)) return formatIpv4(ip);
  }
  throw new AwsError('InsufficientFreeAddressesInSubnet', `There are not enough free addresses in subnet '${subnet.SubnetId}' to satisfy the requested number of instances.`);
}

function macAddress(deps: ControlDeps): string {
  // Locally administered unicast, as AWS's 0e:/02:/12: addresses are.
  return ['0e', ...deps.ids.hex(10).match(/../g)!].join(':');
}

export async function createManagedInterface(deps: ControlDeps, tx: StoreWriter, scope: Scope, spec: ManagedInterfaceSpec): Promise<NetworkInterface> {
  const ip = await lowestFreeAddress(tx, scope, spec.subnet);
  const dns = privateDnsName(scope.region, ip);
  const eni: NetworkInterface = {
    NetworkInterfaceId: deps.ids.resourceId('eni'),
    SubnetId: spec.subnet.SubnetId,
    VpcId: spec.subnet.VpcId,
    AvailabilityZone: spec.subnet.AvailabilityZone,
    AvailabilityZoneId: spec.subnet.AvailabilityZoneId,
    Description: spec.description,
    Groups: spec.groups,
    InterfaceType: spec.interfaceType,
    MacAddress: macAddress(deps),
    OwnerId: scope.accountId,
    PrivateDnsName: dns,
    PrivateIpAddress: ip,
    PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: ip, PrivateDnsName: dns }],
    Ipv6Addresses: [],
    RequesterId: spec.requesterId,
    RequesterManaged: true,
    SourceDestCheck: true,
    Status: 'in-use',
  };
  await tx.insertResource(scope, { id: eni.NetworkInterfaceId, type: NETWORK_INTERFACE, parentId: spec.subnet.SubnetId, data: eni });
  return eni;
}

export async function deleteInterface(tx: StoreWriter, scope: Scope, networkInterfaceId: string): Promise<void> {
  const eni = await tx.getResource<NetworkInterface>(scope, networkInterfaceId);
  if (!eni) return;
  await tx.deleteResource(scope, networkInterfaceId);
  await blackholeRoutesTo(tx, scope, eni.data.VpcId, networkInterfaceId);
}
