/**
 * @module control/service/lookup
 * Endpoint services as a consumer sees them: the AWS services of the Region, the caller's own services,
 * and other accounts' services whose permissions allow the caller (rules R53-R62). This is where
 * DescribeVpcEndpointServices and CreateVpcEndpoint meet; a service the caller may not see does not exist
 * for it (InvalidServiceName, rules R62).
 */
import type { Caller } from '../context.js';
import type { Scope, StoreReader } from '../../store/store.js';
import { AwsError } from '../errors.js';
import { availabilityZones } from '../regions/regions.js';
import { awsServiceOfferings, type AwsServiceOffering } from '../aws-services/catalogue.js';
import {
  VPC_ENDPOINT_SERVICE, VPC_ENDPOINT_SERVICE_PERMISSION, type AllowedPrincipal, type DnsNameState, type ServiceConfiguration,
} from './records.js';

export type EndpointServiceType = 'Interface' | 'Gateway' | 'GatewayLoadBalancer';

export interface ServiceForConsumer {
  ServiceId: string;
  ServiceName: string;
  /** 'amazon' or the provider's account id (rules R61) */
  Owner: string;
  ServiceType: EndpointServiceType;
  AvailabilityZoneIds: string[];
  BaseEndpointDnsNames: string[];
  /** the names a private-DNS-enabled endpoint gets: AWS's, or the provider's name once verified (rules R94) */
  PrivateDnsNames: string[];
  /** the provider's configured name, verified or not */
  PrivateDnsName?: string;
  PrivateDnsNameVerificationState?: DnsNameState;
  VpcEndpointPolicySupported: boolean;
  AcceptanceRequired: boolean;
  ManagesVpcEndpoints: boolean;
  SupportedIpAddressTypes: string[];
  PayerResponsibility?: string;
  /** customer services: where the configuration lives */
  provider?: { scope: Scope; configuration: ServiceConfiguration };
  /** AWS services: the catalogue's offering */
  aws?: AwsServiceOffering;
}

export class InvalidServiceName extends AwsError {
  constructor(name: string) { super('InvalidServiceName', `The Vpc Endpoint Service '${name}' does not exist`); }
}

/** Who may use a service: its owner, `*`, the caller's account root, or the caller's own ARN (rules R54). */
export function principalAllowed(permissions: readonly AllowedPrincipal[], caller: Caller): boolean {
  return permissions.some((p) => p.Principal === '*' || p.Principal === `arn:aws:iam::${caller.accountId}:root` || p.Principal === caller.principalArn);
}

function fromAws(region: string, o: AwsServiceOffering): ServiceForConsumer {
  return {
    ServiceId: o.ServiceId,
    ServiceName: o.ServiceName,
    Owner: 'amazon',
    ServiceType: o.type,
    AvailabilityZoneIds: availabilityZones('000000000000', region).map((z) => z.ZoneId).sort(),
    BaseEndpointDnsNames: o.BaseEndpointDnsNames,
    PrivateDnsNames: o.PrivateDnsNames,
    ...(o.PrivateDnsNames[0] !== undefined ? { PrivateDnsName: o.PrivateDnsNames[0], PrivateDnsNameVerificationState: 'verified' as const } : {}),
    VpcEndpointPolicySupported: o.entry.policySupported,
    AcceptanceRequired: false,
    ManagesVpcEndpoints: false,
    SupportedIpAddressTypes: ['ipv4'],
    aws: o,
  };
}

/**
 * The AWS services of a Region as consumers see them, made once per Region: they never change, and every
 * CreateVpcEndpoint to an AWS service looks one up. Frozen, since every caller shares them.
 */
const awsServicesByRegion = new Map<string, { all: readonly ServiceForConsumer[]; byName: Map<string, ServiceForConsumer[]> }>();

function awsServicesOf(region: string) {
  let services = awsServicesByRegion.get(region);
  if (!services) {
    const all = awsServiceOfferings(region).map((o) => {
      const s = fromAws(region, o);
      for (const list of [s.AvailabilityZoneIds, s.BaseEndpointDnsNames, s.PrivateDnsNames, s.SupportedIpAddressTypes]) Object.freeze(list);
      return Object.freeze(s);
    });
    const byName = new Map<string, ServiceForConsumer[]>();
    for (const s of all) byName.set(s.ServiceName, [...(byName.get(s.ServiceName) ?? []), s]);
    services = { all, byName };
    awsServicesByRegion.set(region, services);
  }
  return services;
}

export function fromConfiguration(scope: Scope, c: ServiceConfiguration): ServiceForConsumer {
  const dns = c.PrivateDnsNameConfiguration;
  return {
    ServiceId: c.ServiceId,
    ServiceName: c.ServiceName,
    Owner: c.OwnerId,
    ServiceType: c.ServiceType[0]!.ServiceType,
    AvailabilityZoneIds: c.AvailabilityZoneIds,
    BaseEndpointDnsNames: c.BaseEndpointDnsNames,
    PrivateDnsNames: c.PrivateDnsName && dns?.State === 'verified' ? [c.PrivateDnsName] : [],
    ...(c.PrivateDnsName ? { PrivateDnsName: c.PrivateDnsName } : {}),
    ...(dns ? { PrivateDnsNameVerificationState: dns.State } : {}),
    // Services hosted by other accounts do not support endpoint policies (seed 002 table; rules R105).
    VpcEndpointPolicySupported: false,
    AcceptanceRequired: c.AcceptanceRequired,
    ManagesVpcEndpoints: c.ManagesVpcEndpoints,
    SupportedIpAddressTypes: c.SupportedIpAddressTypes,
    ...(c.PayerResponsibility ? { PayerResponsibility: c.PayerResponsibility } : {}),
    provider: { scope, configuration: c },
  };
}

async function visibleTo(tx: StoreReader, caller: Caller, scope: Scope, c: ServiceConfiguration): Promise<boolean> {
  if (c.ServiceState !== 'Available' && c.ServiceState !== 'Pending') return false;
  if (scope.accountId === caller.accountId) return true;
  const permissions = await tx.listResources<AllowedPrincipal>(scope, VPC_ENDPOINT_SERVICE_PERMISSION, c.ServiceId);
  return principalAllowed(permissions.map((p) => p.data), caller);
}

/** Every service the caller can see in its Region, AWS's first, then customer services by name. */
export async function servicesVisibleTo(tx: StoreReader, caller: Caller): Promise<ServiceForConsumer[]> {
  const out = [...awsServicesOf(caller.region).all];
  for (const r of await tx.listResourcesOfAllAccounts<ServiceConfiguration>(caller.region, VPC_ENDPOINT_SERVICE)) {
    const scope = { accountId: r.accountId, region: caller.region };
    if (await visibleTo(tx, caller, scope, r.data)) out.push(fromConfiguration(scope, r.data));
  }
  return out;
}

/**
 * What the caller may use under a service name: one service, or for an AWS service offering several endpoint
 * types (S3: Interface and Gateway) one per type. Unknown or invisible: InvalidServiceName (rules R62).
 */
export async function findServiceForConsumer(tx: StoreReader, caller: Caller, name: string): Promise<ServiceForConsumer[]> {
  const aws = awsServicesOf(caller.region).byName.get(name);
  if (aws) return [...aws];
  const m = /^com\.amazonaws\.vpce\.([a-z0-9-]+)\.(vpce-svc-[0-9a-f]{17})$/.exec(name);
  if (!m || m[1] !== caller.region) throw new InvalidServiceName(name);
  const r = await tx.findResourceInRegion<ServiceConfiguration>(caller.region, m[2]!);
  if (!r || r.type !== VPC_ENDPOINT_SERVICE) throw new InvalidServiceName(name);
  const scope = { accountId: r.accountId, region: caller.region };
  if (!(await visibleTo(tx, caller, scope, r.data))) throw new InvalidServiceName(name);
  return [fromConfiguration(scope, r.data)];
}
