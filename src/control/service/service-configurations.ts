/**
 * @module control/service/service-configurations
 * Endpoint services of a provider: CreateVpcEndpointServiceConfiguration, ModifyVpcEndpointServiceConfiguration,
 * DeleteVpcEndpointServiceConfigurations, DescribeVpcEndpointServiceConfigurations,
 * ModifyVpcEndpointServicePayerResponsibility, StartVpcEndpointServicePrivateDnsVerification; and the consumer's
 * catalogue, DescribeVpcEndpointServices (rules sections D, E and I).
 *
 *   create  -> Available at once (rules R43) ........ delete -> gone at once (Terraform waits "until gone")
 *   private DNS name set -> pendingVerification -> (dns/txt-verifier looks the TXT record up) -> verified | failed
 *
 * A service is backed by Network Load Balancers or by Gateway Load Balancers of the provider's account, never
 * both (rules R41, R42); its Availability Zones are stored as zone ids and named in each caller's own AZ names
 * (rules R49, R117). The load balancers stay the provider's: deleting the service never deletes them (rules R50).
 */
import type { Caller, ControlDeps } from '../context.js';
import type { Scope, StoreReader, StoreWriter, Tag } from '../../store/store.js';
import type { DomainEvent } from '../events.js';
import { applyFilters, paginate, selectResources, type Filter, type Tagged } from '../describe.js';
import { AwsError, InvalidParameter, InvalidParameterCombination, InvalidParameterValue, notFound } from '../errors.js';
import { idempotent } from '../idempotency.js';
import { serviceBaseDnsName, serviceName } from '../dns-names.js';
import { findZone, REGIONS } from '../regions/regions.js';
import { tagsFromSpecifications, type TagSpecification } from '../tags/tags.js';
import { kindOfArn } from '../load-balancer/arns.js';
import { findLoadBalancer, type LoadBalancer } from '../load-balancer/records.js';
import { VPC_ENDPOINT, type VpcEndpoint, type VpcEndpointState } from '../endpoint/records.js';
import { findServiceForConsumer, servicesVisibleTo, type ServiceForConsumer } from './lookup.js';
import { checkPrivateDnsName, newPrivateDnsNameConfiguration, verificationRecordNames } from './private-dns.js';
import {
  getServiceConfiguration, VPC_ENDPOINT_CONNECTION_NOTIFICATION, VPC_ENDPOINT_SERVICE, VPC_ENDPOINT_SERVICE_PERMISSION,
  type DnsNameState, type PrivateDnsNameConfiguration, type ServiceConfiguration,
} from './records.js';

type IpAddressType = ServiceConfiguration['SupportedIpAddressTypes'][number];

export interface CreateServiceConfigurationInput {
  AcceptanceRequired?: boolean;
  PrivateDnsName?: string;
  NetworkLoadBalancerArns?: string[];
  GatewayLoadBalancerArns?: string[];
  SupportedIpAddressTypes?: string[];
  SupportedRegions?: string[];
  ClientToken?: string;
  TagSpecifications?: TagSpecification[];
}

export interface ModifyServiceConfigurationInput {
  ServiceId: string;
  PrivateDnsName?: string;
  RemovePrivateDnsName?: boolean;
  AcceptanceRequired?: boolean;
  AddNetworkLoadBalancerArns?: string[];
  RemoveNetworkLoadBalancerArns?: string[];
  AddGatewayLoadBalancerArns?: string[];
  RemoveGatewayLoadBalancerArns?: string[];
  AddSupportedIpAddressTypes?: string[];
  RemoveSupportedIpAddressTypes?: string[];
  AddSupportedRegions?: string[];
  RemoveSupportedRegions?: string[];
}

export interface DescribeInput {
  Filters?: Filter[];
  MaxResults?: number;
  NextToken?: string;
}

/** What a provider sees of its service: the record, its AZs in the provider's names, its tags. */
export interface ServiceConfigurationView
  extends Omit<ServiceConfiguration, 'PrivateDnsNameConfiguration' | 'NetworkLoadBalancerArns' | 'GatewayLoadBalancerArns' | 'BaseEndpointDnsNames'> {
  /** empty sets stay off the wire: AWS's sample GWLB service has neither networkLoadBalancerArnSet nor baseEndpointDnsNameSet */
  NetworkLoadBalancerArns?: string[];
  GatewayLoadBalancerArns?: string[];
  BaseEndpointDnsNames?: string[];
  AvailabilityZones: string[];
  PrivateDnsNameConfiguration: PrivateDnsNameConfiguration | Record<string, never>;
  Tags: Tag[];
}

/** What a consumer sees of a service (ServiceDetail, rules R64), AZs in the consumer's names. */
export interface ServiceDetailView {
  ServiceName: string;
  ServiceId: string;
  ServiceType: { ServiceType: string }[];
  AvailabilityZoneIds: string[];
  AvailabilityZones: string[];
  Owner: string;
  BaseEndpointDnsNames: string[];
  PrivateDnsName?: string;
  PrivateDnsNames?: { PrivateDnsName: string }[];
  VpcEndpointPolicySupported: boolean;
  AcceptanceRequired: boolean;
  ManagesVpcEndpoints: boolean;
  PayerResponsibility?: string;
  Tags: Tag[];
  PrivateDnsNameVerificationState?: DnsNameState;
  SupportedIpAddressTypes: string[];
}

export interface UnsuccessfulItem {
  Error: { Code: string; Message: string };
  ResourceId: string;
}

/** What dns/txt-verifier needs to look a service's TXT record up, while its verification is pending. */
export interface PrivateDnsVerificationTask {
  recordNames: string[];
  value: string;
  /** when the retry window closes and a missing record makes the state `failed` */
  deadline: Date;
}

/** Both kinds of load balancer at once, or neither: AWS's own wording (rules R41). */
const EXACTLY_ONE_KIND = 'exactly one of network_load_balancer_arn or gateway_load_balancer_arn is a required member';
/** The message AWS gives DeleteVpcEndpointServiceConfigurations (rules R50); reused where it is unverified (R47, R97). */
const EXISTING_CONNECTIONS = 'Service has existing active VPC Endpoint connections!';
const IP_ADDRESS_TYPES: readonly IpAddressType[] = ['ipv4', 'ipv6'];
/** Endpoint states that hold a connection open to the service (R47: anything not over). */
const ENDED_STATES: readonly VpcEndpointState[] = ['deleted', 'rejected', 'failed', 'expired'];
/** Connections that keep a service from being deleted (rules R50). */
const BLOCKING_DELETE: readonly VpcEndpointState[] = ['available', 'pendingAcceptance'];

function existingConnections(): AwsError {
  return new AwsError('ExistingVpcEndpointConnections', EXISTING_CONNECTIONS);
}

/** Describe* MaxResults: 5 to 1000, larger values give 1000 (rules R176; below 5 is unverified and raised to 5). */
export function clampMaxResults(n: number | undefined): number | undefined {
  return n === undefined ? undefined : Math.min(1000, Math.max(5, n));
}

/** Endpoints of any account attached to one of the caller's services (they live in the consumers' accounts). */
async function endpointsOf(tx: StoreReader, caller: Scope, serviceId: string): Promise<VpcEndpoint[]> {
  return (await tx.listResourcesOfAllAccounts<VpcEndpoint>(caller.region, VPC_ENDPOINT, caller.accountId)).map((r) => r.data).filter((e) => e.ServiceId === serviceId);
}

async function hasLiveEndpoints(tx: StoreReader, caller: Scope, serviceId: string): Promise<boolean> {
  return (await endpointsOf(tx, caller, serviceId)).some((e) => !ENDED_STATES.includes(e.State));
}

/** Cross-Region access (SupportedRegions) is outside the seeds (rules R21): only the home Region is accepted. */
function checkSupportedRegions(caller: Caller, regions: readonly string[] | undefined): void {
  const other = (regions ?? []).find((r) => r !== caller.region);
  if (other !== undefined) throw new InvalidParameterValue(`Cross-Region access to endpoint services is not supported by Postern: '${other}'.`);
}

/**
 * IPv6 needs dual-stack load balancers, and Postern's are IPv4 only (rules R23); the wording of AWS's refusal
 * is unverified.
 */
function checkIpAddressTypes(types: readonly string[]): IpAddressType[] {
  for (const t of types) {
    if (!IP_ADDRESS_TYPES.includes(t as IpAddressType)) throw new InvalidParameterValue(`Invalid supported IP address type: '${t}'. Valid values are ipv4 and ipv6.`);
    if (t === 'ipv6') throw new InvalidParameter('IPv6 requires load balancers with the dualstack IP address type.');
  }
  return [...new Set(types)] as IpAddressType[];
}

/** Load balancers of the caller's account, of the one kind the request names (rules R41, R181). */
async function loadBalancersOf(tx: StoreReader, caller: Caller, arns: readonly string[], kind: 'network' | 'gateway'): Promise<LoadBalancer[]> {
  const out: LoadBalancer[] = [];
  for (const arn of arns) {
    const segment = /^arn:aws:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/(net|gwy|app)\/[^/]+\/[0-9a-f]{16}$/.exec(arn)?.[1];
    if (kindOfArn(arn) !== 'loadbalancer' || !segment) {
      throw new AwsError('InvalidNetworkLoadBalancerArn.Malformed', 'The specified Network Load Balancer ARN is malformed. Ensure that you specify the ARN in the form arn:aws:elasticloadbalancing:region:account-id:loadbalancer/net/load-balancer-name/load-balancer-id.');
    }
    const lb = await findLoadBalancer(tx, caller, arn);
    if (!lb || lb.Type !== kind) {
      // ERR has no Gateway Load Balancer code; the Network one is what AWS documents for the call (unverified for GWLBs).
      throw new AwsError('InvalidNetworkLoadBalancerArn.NotFound', 'The specified Network Load Balancer ARN does not exist.');
    }
    out.push(lb);
  }
  return out;
}

/** The zone ids of the load balancers' zones (rules R44), looked up in the provider's own AZ names. */
function zoneIdsOf(caller: Caller, lbs: readonly LoadBalancer[]): string[] {
  const ids = new Set<string>();
  for (const lb of lbs) {
    for (const az of lb.AvailabilityZones) {
      const zone = findZone(caller.accountId, caller.region, { name: az.ZoneName });
      if (zone) ids.add(zone.ZoneId);
    }
  }
  return [...ids].sort();
}

/** Zone ids in a caller's AZ names, dropping zones the caller does not have (rules R49). */
function zoneNamesFor(caller: Caller, zoneIds: readonly string[]): string[] {
  return zoneIds.flatMap((id) => findZone(caller.accountId, caller.region, { id })?.ZoneName ?? []).sort();
}

function configurationView(caller: Caller, c: ServiceConfiguration, tags: Tag[]): ServiceConfigurationView {
  return {
    ...c,
    NetworkLoadBalancerArns: c.NetworkLoadBalancerArns.length ? c.NetworkLoadBalancerArns : undefined,
    GatewayLoadBalancerArns: c.GatewayLoadBalancerArns.length ? c.GatewayLoadBalancerArns : undefined,
    BaseEndpointDnsNames: c.BaseEndpointDnsNames.length ? c.BaseEndpointDnsNames : undefined,
    AvailabilityZones: zoneNamesFor(caller, c.AvailabilityZoneIds),
    // Present even when no name is set: `<privateDnsNameConfiguration/>` (rules R44).
    PrivateDnsNameConfiguration: c.PrivateDnsNameConfiguration ?? {},
    Tags: tags,
  };
}

function detailView(caller: Caller, s: ServiceForConsumer, tags: Tag[]): ServiceDetailView {
  const privateNames = s.provider ? (s.PrivateDnsName ? [s.PrivateDnsName] : []) : s.PrivateDnsNames;
  return {
    ServiceName: s.ServiceName,
    ServiceId: s.ServiceId,
    ServiceType: [{ ServiceType: s.ServiceType }],
    AvailabilityZoneIds: s.AvailabilityZoneIds.filter((id) => findZone(caller.accountId, caller.region, { id })),
    AvailabilityZones: zoneNamesFor(caller, s.AvailabilityZoneIds),
    Owner: s.Owner,
    BaseEndpointDnsNames: s.BaseEndpointDnsNames,
    PrivateDnsName: s.PrivateDnsName,
    PrivateDnsNames: privateNames.length ? privateNames.map((n) => ({ PrivateDnsName: n })) : undefined,
    VpcEndpointPolicySupported: s.VpcEndpointPolicySupported,
    AcceptanceRequired: s.AcceptanceRequired,
    ManagesVpcEndpoints: s.ManagesVpcEndpoints,
    PayerResponsibility: s.PayerResponsibility,
    Tags: tags,
    PrivateDnsNameVerificationState: s.PrivateDnsNameVerificationState,
    SupportedIpAddressTypes: s.SupportedIpAddressTypes,
  };
}

const CONFIGURATION_FILTERS = {
  'service-name': (c: ServiceConfigurationView) => c.ServiceName,
  'service-id': (c: ServiceConfigurationView) => c.ServiceId,
  'service-state': (c: ServiceConfigurationView) => c.ServiceState,
  'supported-ip-address-types': (c: ServiceConfigurationView) => c.SupportedIpAddressTypes,
};

/** DescribeVpcEndpointServices filters (rules R63); anything else is InvalidFilter. */
const SERVICE_FILTERS = {
  'owner': (d: ServiceDetailView) => d.Owner,
  'service-name': (d: ServiceDetailView) => d.ServiceName,
  'service-region': (d: ServiceDetailView & { region: string }) => d.region,
  'service-type': (d: ServiceDetailView) => d.ServiceType.map((t) => t.ServiceType),
  'supported-ip-address-types': (d: ServiceDetailView) => d.SupportedIpAddressTypes,
};

export function serviceConfigurationService(deps: ControlDeps) {
  const verificationRequested = (scope: Scope, serviceId: string): DomainEvent =>
    ({ type: 'private-dns-verification-requested', scope: { accountId: scope.accountId, region: scope.region }, serviceId });

  /** A new challenge for a name; AWS starts polling for it on its own (rules R90, R93). */
  function setPrivateDnsName(c: ServiceConfiguration, name: string): void {
    checkPrivateDnsName(name);
    c.PrivateDnsName = name;
    c.PrivateDnsNameConfiguration = newPrivateDnsNameConfiguration(deps.ids);
    c.PrivateDnsVerificationStartedAt = deps.clock().toISOString();
  }

  async function view(tx: StoreReader, caller: Caller, c: ServiceConfiguration): Promise<ServiceConfigurationView> {
    return configurationView(caller, c, (await tx.getTags(caller, [c.ServiceId])).get(c.ServiceId) ?? []);
  }

  async function save(tx: StoreWriter, scope: Scope, c: ServiceConfiguration): Promise<void> {
    await tx.updateResource(scope, { id: c.ServiceId, type: VPC_ENDPOINT_SERVICE, data: c });
  }

  return {
    async create(caller: Caller, input: CreateServiceConfigurationInput): Promise<{ configuration: ServiceConfigurationView; clientToken?: string }> {
      const nlbArns = input.NetworkLoadBalancerArns ?? [];
      const gwlbArns = input.GatewayLoadBalancerArns ?? [];
      if ((nlbArns.length > 0) === (gwlbArns.length > 0)) throw new InvalidParameter(EXACTLY_ONE_KIND);
      const gateway = gwlbArns.length > 0;
      // Private DNS names are for interface endpoint services only (rules R89); the wording is unverified.
      if (gateway && input.PrivateDnsName) throw new InvalidParameter('Private DNS names are not supported for Gateway Load Balancer endpoint services.');
      if (input.PrivateDnsName) checkPrivateDnsName(input.PrivateDnsName);
      checkSupportedRegions(caller, input.SupportedRegions);
      const ipTypes = checkIpAddressTypes(input.SupportedIpAddressTypes ?? ['ipv4']);
      const tags = tagsFromSpecifications(input.TagSpecifications, VPC_ENDPOINT_SERVICE);
      const { ClientToken, ...request } = input;
      const events: DomainEvent[] = [];

      const configuration = await deps.store.write((tx) => idempotent(tx, caller, ClientToken, 'CreateVpcEndpointServiceConfiguration', request,
        async (serviceId) => {
          const r = await tx.getResource<ServiceConfiguration>(caller, serviceId);
          return r ? view(tx, caller, r.data) : undefined;
        },
        async () => {
          const lbs = await loadBalancersOf(tx, caller, gateway ? gwlbArns : nlbArns, gateway ? 'gateway' : 'network');
          const serviceId = deps.ids.resourceId('vpce-svc');
          const c: ServiceConfiguration = {
            ServiceType: [{ ServiceType: gateway ? 'GatewayLoadBalancer' : 'Interface' }],
            ServiceId: serviceId,
            ServiceName: serviceName(caller.region, serviceId),
            // The create response already says Available (rules R43).
            ServiceState: 'Available',
            AvailabilityZoneIds: zoneIdsOf(caller, lbs),
            // The API default is unverified (rules R45): Postern follows the console, which pre-selects
            // "acceptance required", so that a service never accepts strangers by omission.
            AcceptanceRequired: input.AcceptanceRequired ?? true,
            ManagesVpcEndpoints: false,
            NetworkLoadBalancerArns: gateway ? [] : lbs.map((l) => l.LoadBalancerArn),
            GatewayLoadBalancerArns: gateway ? lbs.map((l) => l.LoadBalancerArn) : [],
            SupportedIpAddressTypes: ipTypes,
            // GWLB services have no base DNS name (rules R44).
            BaseEndpointDnsNames: gateway ? [] : [serviceBaseDnsName(caller.region, serviceId)],
            OwnerId: caller.accountId,
            StateChangedAt: deps.clock().toISOString(),
            ...(ClientToken !== undefined ? { ClientToken } : {}),
          };
          if (input.PrivateDnsName) {
            setPrivateDnsName(c, input.PrivateDnsName);
            events.push(verificationRequested(caller, serviceId));
          }
          await tx.insertResource(caller, { id: serviceId, type: VPC_ENDPOINT_SERVICE, data: c });
          await tx.putTags(caller, serviceId, tags);
          return { resourceId: serviceId, result: configurationView(caller, c, tags) };
        }));
      deps.events.publish(events);
      return { configuration, ...(ClientToken !== undefined ? { clientToken: ClientToken } : {}) };
    },

    async modify(caller: Caller, input: ModifyServiceConfigurationInput): Promise<void> {
      checkSupportedRegions(caller, [...(input.AddSupportedRegions ?? []), ...(input.RemoveSupportedRegions ?? [])]);
      const removeName = input.RemovePrivateDnsName === true || input.PrivateDnsName === '';
      if (input.RemovePrivateDnsName === true && input.PrivateDnsName) {
        throw new InvalidParameterCombination('PrivateDnsName and RemovePrivateDnsName cannot be specified together.');
      }
      const events: DomainEvent[] = [];
      await deps.store.write(async (tx) => {
        const c = await getServiceConfiguration(tx, caller, input.ServiceId);
        const gateway = c.ServiceType[0]!.ServiceType === 'GatewayLoadBalancer';
        const adds = { network: input.AddNetworkLoadBalancerArns ?? [], gateway: input.AddGatewayLoadBalancerArns ?? [] };
        const removes = { network: input.RemoveNetworkLoadBalancerArns ?? [], gateway: input.RemoveGatewayLoadBalancerArns ?? [] };
        // A service keeps the one kind it was created with (rules R41).
        if ((gateway ? adds.network : adds.gateway).length > 0) throw new InvalidParameter(EXACTLY_ONE_KIND);
        const kind = gateway ? 'gateway' : 'network';
        const current = gateway ? c.GatewayLoadBalancerArns : c.NetworkLoadBalancerArns;
        const removed = removes[kind].filter((arn) => current.includes(arn));
        // Load balancers stay while endpoints are attached (rules R47).
        if (removed.length > 0 && await hasLiveEndpoints(tx, caller, c.ServiceId)) throw existingConnections();
        const added = await loadBalancersOf(tx, caller, adds[kind].filter((arn) => !current.includes(arn)), kind);
        const arns = [...current.filter((arn) => !removed.includes(arn)), ...added.map((l) => l.LoadBalancerArn)];
        if (arns.length === 0) throw new InvalidParameter(EXACTLY_ONE_KIND);
        if (removed.length > 0 || added.length > 0) {
          const lbs = (await Promise.all(arns.map((arn) => findLoadBalancer(tx, caller, arn)))).filter((l): l is LoadBalancer => l !== undefined);
          c.AvailabilityZoneIds = zoneIdsOf(caller, lbs);
          if (gateway) c.GatewayLoadBalancerArns = arns;
          else c.NetworkLoadBalancerArns = arns;
        }

        if (input.AcceptanceRequired !== undefined) c.AcceptanceRequired = input.AcceptanceRequired;

        if (removeName && c.PrivateDnsName !== undefined) {
          // Only a service without connections may drop its name (rules R97; error unverified).
          if (await hasLiveEndpoints(tx, caller, c.ServiceId)) throw existingConnections();
          delete c.PrivateDnsName;
          delete c.PrivateDnsNameConfiguration;
          delete c.PrivateDnsVerificationStartedAt;
        } else if (input.PrivateDnsName && input.PrivateDnsName !== c.PrivateDnsName) {
          if (gateway) throw new InvalidParameter('Private DNS names are not supported for Gateway Load Balancer endpoint services.');
          // A new name must be proven anew: connections already made keep working, new ones cannot use it (rules R95).
          setPrivateDnsName(c, input.PrivateDnsName);
          events.push(verificationRequested(caller, c.ServiceId));
        }

        const addTypes = checkIpAddressTypes(input.AddSupportedIpAddressTypes ?? []);
        const removeTypes = input.RemoveSupportedIpAddressTypes ?? [];
        if (addTypes.length || removeTypes.length) {
          const types = [...new Set([...c.SupportedIpAddressTypes, ...addTypes])].filter((t) => !removeTypes.includes(t));
          if (types.length === 0) throw new InvalidParameter('An endpoint service must support at least one IP address type.');
          c.SupportedIpAddressTypes = types;
        }
        await save(tx, caller, c);
      });
      deps.events.publish(events);
    },

    /** Per item: an unknown id or one with open connections comes back in Unsuccessful (rules R50, R66, R67). */
    async delete(caller: Caller, input: { ServiceIds: string[] }): Promise<{ Unsuccessful: UnsuccessfulItem[] }> {
      return deps.store.write(async (tx) => {
        const unsuccessful: UnsuccessfulItem[] = [];
        for (const id of input.ServiceIds) {
          const r = await tx.getResource<ServiceConfiguration>(caller, id);
          if (!r || r.type !== VPC_ENDPOINT_SERVICE) {
            const e = notFound(VPC_ENDPOINT_SERVICE, id);
            unsuccessful.push({ ResourceId: id, Error: { Code: 'InvalidVpcEndpointService.NotFound', Message: e.message } });
            continue;
          }
          if ((await endpointsOf(tx, caller, id)).some((e) => BLOCKING_DELETE.includes(e.State))) {
            unsuccessful.push({ ResourceId: id, Error: { Code: 'ExistingVpcEndpointConnections', Message: EXISTING_CONNECTIONS } });
            continue;
          }
          // Gone at once rather than lingering as Deleted: clients treat both alike (rules R43), and a lingering
          // record would keep its load balancers "in use" for DeleteLoadBalancer (rules R187).
          for (const type of [VPC_ENDPOINT_SERVICE_PERMISSION, VPC_ENDPOINT_CONNECTION_NOTIFICATION]) {
            for (const child of await tx.listResources(caller, type, id)) await tx.deleteResource(caller, child.id);
          }
          await tx.deleteResource(caller, id);
        }
        return { Unsuccessful: unsuccessful };
      });
    },

    /** The caller's own services only (rules R176). */
    async describe(caller: Caller, input: DescribeInput & { ServiceIds?: string[] }): Promise<{ configurations: ServiceConfigurationView[]; nextToken?: string }> {
      return deps.store.read(async (tx) => {
        const services = await selectResources<ServiceConfiguration>(tx, caller, VPC_ENDPOINT_SERVICE, input.ServiceIds);
        const tags = await tx.getTags(caller, services.map((s) => s.ServiceId));
        const items = services.map((s) => {
          const t = tags.get(s.ServiceId) ?? [];
          return { item: configurationView(caller, s, t), tags: t };
        });
        const page = paginate(applyFilters(items, input.Filters, CONFIGURATION_FILTERS), clampMaxResults(input.MaxResults), input.NextToken);
        return { configurations: page.items.map((t) => t.item), nextToken: page.nextToken };
      });
    },

    /**
     * DescribeVpcEndpointServices: AWS services, the caller's own and those it is allowed to use (rules R60),
     * sorted by name (rules R179); a named service the caller cannot see is InvalidServiceName (rules R62).
     */
    async describeServices(caller: Caller, input: DescribeInput & { ServiceNames?: string[]; ServiceRegions?: string[] }): Promise<{ ServiceNames: string[]; ServiceDetails: ServiceDetailView[]; NextToken?: string }> {
      return deps.store.read(async (tx) => {
        let services: ServiceForConsumer[];
        if (input.ServiceNames?.length) {
          services = [];
          for (const name of new Set(input.ServiceNames)) services.push(...await findServiceForConsumer(tx, caller, name));
        } else {
          services = await servicesVisibleTo(tx, caller);
        }
        if (input.ServiceRegions?.length && !input.ServiceRegions.includes(caller.region)) services = [];
        // Tags are the provider's: only the owner sees them (AWS services carry none).
        const own = services.filter((s) => s.Owner === caller.accountId).map((s) => s.ServiceId);
        const tags = await tx.getTags(caller, own);
        const items: Tagged<ServiceDetailView & { region: string }>[] = services.map((s) => {
          const t = tags.get(s.ServiceId) ?? [];
          return { item: { ...detailView(caller, s, t), region: caller.region }, tags: t };
        });
        const filtered = applyFilters(items, input.Filters, SERVICE_FILTERS)
          .sort((a, b) => (a.item.ServiceName < b.item.ServiceName ? -1 : a.item.ServiceName > b.item.ServiceName ? 1 : 0));
        const page = paginate(filtered, clampMaxResults(input.MaxResults), input.NextToken);
        const details = page.items.map(({ item: { region: _region, ...detail } }) => detail);
        return { ServiceNames: [...new Set(details.map((d) => d.ServiceName))], ServiceDetails: details, NextToken: page.nextToken };
      });
    },

    /** Only ServiceOwner exists, and once the owner pays there is no way back (rules R51). */
    async modifyPayerResponsibility(caller: Caller, input: { ServiceId: string; PayerResponsibility: string }): Promise<void> {
      if (input.PayerResponsibility !== 'ServiceOwner') {
        throw new InvalidParameterValue(`Value (${input.PayerResponsibility}) for parameter PayerResponsibility is invalid. Valid values: ServiceOwner.`);
      }
      await deps.store.write(async (tx) => {
        const c = await getServiceConfiguration(tx, caller, input.ServiceId);
        c.PayerResponsibility = 'ServiceOwner';
        await save(tx, caller, c);
      });
    },

    /**
     * StartVpcEndpointServicePrivateDnsVerification (rules R93): a pending or failed name is looked up again
     * for a new retry window; a verified one has nothing left to prove. A service without a name has nothing
     * to verify (error unverified).
     */
    async startPrivateDnsVerification(caller: Caller, input: { ServiceId: string }): Promise<void> {
      const started = await deps.store.write(async (tx) => {
        const c = await getServiceConfiguration(tx, caller, input.ServiceId);
        if (!c.PrivateDnsName || !c.PrivateDnsNameConfiguration) {
          throw new InvalidParameter(`The service ${c.ServiceId} does not have a private DNS name to verify.`);
        }
        if (c.PrivateDnsNameConfiguration.State === 'verified') return false;
        c.PrivateDnsNameConfiguration.State = 'pendingVerification';
        c.PrivateDnsVerificationStartedAt = deps.clock().toISOString();
        await save(tx, caller, c);
        return true;
      });
      if (started) deps.events.publish([verificationRequested(caller, input.ServiceId)]);
    },

    /** The TXT records to look for while a service's name awaits verification; undefined once it does not. */
    async privateDnsVerificationTask(scope: Scope, serviceId: string): Promise<PrivateDnsVerificationTask | undefined> {
      return deps.store.read(async (tx) => {
        const c = (await tx.getResource<ServiceConfiguration>(scope, serviceId))?.data;
        const config = c?.PrivateDnsNameConfiguration;
        if (!c?.PrivateDnsName || config?.State !== 'pendingVerification') return undefined;
        const started = Date.parse(c.PrivateDnsVerificationStartedAt ?? deps.clock().toISOString());
        return {
          recordNames: verificationRecordNames(c.PrivateDnsName, config),
          value: config.Value,
          deadline: new Date(started + deps.settings.privateDnsVerificationWindowMs),
        };
      });
    },

    /**
     * The verifier's report of one lookup of `value`: found -> verified; not found -> still pending until the
     * retry window has passed, then failed (rules R93). A report about a value that is no longer the service's
     * (the name changed meanwhile) changes nothing. Returns the state after the report.
     */
    async recordPrivateDnsVerification(scope: Scope, serviceId: string, value: string, found: boolean): Promise<DnsNameState | undefined> {
      return deps.store.write(async (tx) => {
        const c = (await tx.getResource<ServiceConfiguration>(scope, serviceId))?.data;
        const config = c?.PrivateDnsNameConfiguration;
        if (!c || !config) return undefined;
        if (config.Value !== value || config.State !== 'pendingVerification') return config.State;
        const started = Date.parse(c.PrivateDnsVerificationStartedAt ?? '0');
        if (found) config.State = 'verified';
        else if (deps.clock().getTime() - started >= deps.settings.privateDnsVerificationWindowMs) config.State = 'failed';
        else return config.State;
        await save(tx, scope, c);
        return config.State;
      });
    },

    /** Every verification still pending, in every account and Region: what a restarted verifier resumes. */
    async pendingPrivateDnsVerifications(): Promise<{ scope: Scope; serviceId: string }[]> {
      return deps.store.read(async (tx) => {
        const out: { scope: Scope; serviceId: string }[] = [];
        for (const region of REGIONS) {
          for (const r of await tx.listResourcesOfAllAccounts<ServiceConfiguration>(region.name, VPC_ENDPOINT_SERVICE)) {
            if (r.data.PrivateDnsNameConfiguration?.State === 'pendingVerification') {
              out.push({ scope: { accountId: r.accountId, region: region.name }, serviceId: r.id });
            }
          }
        }
        return out;
      });
    },
  };
}
