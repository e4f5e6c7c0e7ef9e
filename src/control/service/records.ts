/**
 * @module control/service/records
 * Stored shapes of an endpoint service configuration (AWS's ServiceConfiguration), its permissions
 * (AllowedPrincipal, each with a vpce-svc-perm- id) and connection notifications (ConnectionNotification).
 * Services and their permissions live in the provider's account; a notification in the account of the
 * endpoint or service it watches.
 *
 *   service: Pending -> Available -> Deleting -> Deleted | Failed   (wire = model casing, rules R43)
 *   private DNS name: pendingVerification -> verified | failed       (rules R90, R93)
 */
import type { Scope, StoreReader } from '../../store/store.js';
import { notFound } from '../errors.js';

export type ServiceState = 'Pending' | 'Available' | 'Deleting' | 'Deleted' | 'Failed';
export type DnsNameState = 'pendingVerification' | 'verified' | 'failed';

export const VPC_ENDPOINT_SERVICE = 'vpc-endpoint-service';
export const VPC_ENDPOINT_SERVICE_PERMISSION = 'vpc-endpoint-service-permission';
export const VPC_ENDPOINT_CONNECTION_NOTIFICATION = 'vpc-endpoint-connection-notification';

export interface PrivateDnsNameConfiguration {
  State: DnsNameState;
  Type: 'TXT';
  /** `vpce:<random>` */
  Value: string;
  /** `_<random>` */
  Name: string;
}

export interface ServiceConfiguration {
  ServiceType: { ServiceType: 'Interface' | 'GatewayLoadBalancer' }[];
  ServiceId: string;
  ServiceName: string;
  ServiceState: ServiceState;
  /** zone ids of the load balancers' zones; names are given per caller (rules R49, R117) */
  AvailabilityZoneIds: string[];
  AcceptanceRequired: boolean;
  ManagesVpcEndpoints: boolean;
  NetworkLoadBalancerArns: string[];
  GatewayLoadBalancerArns: string[];
  SupportedIpAddressTypes: ('ipv4' | 'ipv6')[];
  BaseEndpointDnsNames: string[];
  PrivateDnsName?: string;
  PrivateDnsNameConfiguration?: PrivateDnsNameConfiguration;
  /** when the current verification attempt began; it fails once the retry window has passed */
  PrivateDnsVerificationStartedAt?: string;
  PayerResponsibility?: 'ServiceOwner';
  OwnerId: string;
  StateChangedAt: string;
  ClientToken?: string;
}

export interface AllowedPrincipal {
  PrincipalType: 'All' | 'Service' | 'OrganizationUnit' | 'Account' | 'User' | 'Role';
  Principal: string;
  ServicePermissionId: string;
  ServiceId: string;
}

export interface ConnectionNotification {
  ConnectionNotificationId: string;
  ServiceId?: string;
  VpcEndpointId?: string;
  ConnectionNotificationType: 'Topic';
  ConnectionNotificationArn: string;
  ConnectionEvents: ('Accept' | 'Connect' | 'Delete' | 'Reject')[];
  ConnectionNotificationState: 'Enabled' | 'Disabled';
  OwnerId: string;
  ClientToken?: string;
}

/** The caller's own service configuration; another account's id is as unknown as a made-up one (rules R67). */
export async function getServiceConfiguration(tx: StoreReader, scope: Scope, serviceId: string): Promise<ServiceConfiguration> {
  const r = await tx.getResource<ServiceConfiguration>(scope, serviceId);
  if (!r || r.type !== VPC_ENDPOINT_SERVICE) throw notFound(VPC_ENDPOINT_SERVICE, serviceId);
  return r.data;
}
