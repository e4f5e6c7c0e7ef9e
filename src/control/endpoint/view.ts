/**
 * @module control/endpoint/view
 * What DescribeVpcEndpoints and DescribeVpcEndpointConnections show of an endpoint beyond its record:
 * its DnsEntries (rules R77-R80, R86) and, for the provider, the connection (R39).
 */
import type { Tag } from '../../store/store.js';
import { endpointDnsEntries } from '../dns-names.js';
import type { DnsEntry, VpcEndpoint, VpcEndpointView } from './records.js';

/**
 * DnsEntries: the regional name, one zonal name per AZ of the endpoint's interfaces, then its private DNS
 * names. S3 interface endpoints name buckets under theirs, so their endpoint names are wildcards (R86).
 */
export function dnsEntriesOf(region: string, e: VpcEndpoint, withPrivateNames = true): DnsEntry[] {
  if (e.BaseDnsName === undefined) return [];
  const entries = endpointDnsEntries({
    region, vpcEndpointId: e.VpcEndpointId, suffix: e.DnsLabelSuffix, baseDnsName: e.BaseDnsName,
    zoneNames: e.ZoneNames ?? [], privateDnsNames: withPrivateNames ? e.PrivateDnsNames ?? [] : [],
  });
  if (e.BaseDnsName !== `s3.${region}.vpce.amazonaws.com`) return entries;
  return entries.map((d) => (d.DnsName.endsWith(e.BaseDnsName!) ? { ...d, DnsName: `*.${d.DnsName}` } : d));
}

export function endpointView(region: string, endpoint: VpcEndpoint, tags: Tag[]): VpcEndpointView {
  return { endpoint, DnsEntries: dnsEntriesOf(region, endpoint), tags };
}

/** The provider's view of an endpoint connected to one of its services (VpcEndpointConnection, R39). */
export interface VpcEndpointConnection {
  ServiceId: string;
  VpcEndpointId: string;
  VpcEndpointOwner: string;
  VpcEndpointState: VpcEndpoint['State'];
  CreationTimestamp: string;
  DnsEntries: DnsEntry[];
  NetworkLoadBalancerArns: string[];
  GatewayLoadBalancerArns: string[];
  IpAddressType?: VpcEndpoint['IpAddressType'];
  VpcEndpointRegion: string;
  /** the connection's own tags (none: Postern has no connection resources to tag) */
  Tags?: Tag[];
}

/** The consumer's private DNS names stay in its VPC's private hosted zone: the provider sees the public names. */
export function connectionOf(
  region: string, e: VpcEndpoint, loadBalancers: { NetworkLoadBalancerArns: string[]; GatewayLoadBalancerArns: string[] },
): VpcEndpointConnection {
  return {
    ServiceId: e.ServiceId,
    VpcEndpointId: e.VpcEndpointId,
    VpcEndpointOwner: e.OwnerId,
    VpcEndpointState: e.State,
    CreationTimestamp: e.CreationTimestamp,
    DnsEntries: dnsEntriesOf(region, e, false),
    ...loadBalancers,
    ...(e.IpAddressType ? { IpAddressType: e.IpAddressType } : {}),
    VpcEndpointRegion: region,
  };
}
