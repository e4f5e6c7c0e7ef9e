/**
 * @module control/endpoint/records
 * The stored shape of a VPC endpoint (AWS's VpcEndpoint) and its states. The record lives in the
 * consumer's account, child of its VPC; the provider reaches it across accounts through the service id.
 *
 *   Interface / GatewayLoadBalancer:  pendingAcceptance -> pending -> available       (acceptance required)
 *                                     pending -> available                            (auto-accepted)
 *   Gateway:                          available at once (rules R30)
 *   any live state -> rejected (provider), -> deleting -> deleted (consumer), pending -> failed
 */
import type { StoredResource, Tag } from '../../store/store.js';

/** Endpoint states as they go on the wire: lower camel case, unlike the model's enum (rules R28). */
export type VpcEndpointState =
  'pendingAcceptance' | 'pending' | 'available' | 'deleting' | 'deleted' | 'rejected' | 'failed' | 'expired';

export type VpcEndpointType = 'Interface' | 'Gateway' | 'GatewayLoadBalancer';

export const VPC_ENDPOINT = 'vpc-endpoint';

export interface DnsEntry {
  DnsName: string;
  HostedZoneId: string;
}

export interface VpcEndpoint {
  VpcEndpointId: string;
  VpcEndpointType: VpcEndpointType;
  VpcId: string;
  ServiceName: string;
  /** the endpoint service's id (vpce-svc-...): a provider's service or an AWS service of the catalogue */
  ServiceId: string;
  /** the account that owns the service, or 'amazon' */
  ServiceOwner: string;
  State: VpcEndpointState;
  PolicyDocument?: string;
  RouteTableIds: string[];
  SubnetIds: string[];
  Groups: { GroupId: string; GroupName: string }[];
  IpAddressType?: 'ipv4' | 'dualstack' | 'ipv6';
  DnsOptions?: { DnsRecordIpType: string; PrivateDnsOnlyForInboundResolverEndpoint?: boolean };
  PrivateDnsEnabled: boolean;
  RequesterManaged: boolean;
  NetworkInterfaceIds: string[];
  /** ISO 8601 with milliseconds (rules R162) */
  CreationTimestamp: string;
  OwnerId: string;
  LastError?: { Code: string; Message: string };
  /** the 8 random characters of the endpoint's DNS names (rules R77), fixed at creation */
  DnsLabelSuffix: string;
  /** the service's base DNS name the endpoint's names hang under (rules R77, R78); none for GWLB and Gateway */
  BaseDnsName?: string;
  /** the consumer's names of the AZs the endpoint has network interfaces in: its zonal DNS names (rules R77); none: [] */
  ZoneNames?: string[];
  /** the private DNS names this endpoint holds in its VPC while PrivateDnsEnabled (rules R82, R85); none: [] */
  PrivateDnsNames?: string[];
  /** when the state last changed: `deleted` endpoints disappear a while after it (rules R36) */
  StateChangedAt: string;
  /** the request this endpoint was created by, for ClientToken idempotency (rules R165) */
  ClientToken?: string;
}

export interface VpcEndpointView {
  endpoint: VpcEndpoint;
  DnsEntries: DnsEntry[];
  tags: Tag[];
}

/**
 * How an endpoint is stored: a child of its VPC until it is `deleted` (rules R36: still listed for a while,
 * no longer holding the VPC), so that the VPC's children are its live endpoints (quotas, DeleteVpc).
 */
export function endpointRow(e: VpcEndpoint): StoredResource<VpcEndpoint> {
  return { id: e.VpcEndpointId, type: VPC_ENDPOINT, ...(e.State !== 'deleted' ? { parentId: e.VpcId } : {}), data: e };
}
