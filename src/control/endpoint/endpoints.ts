/**
 * @module control/endpoint/endpoints
 * VPC endpoints, the consumer's side of PrivateLink: CreateVpcEndpoint, ModifyVpcEndpoint,
 * DeleteVpcEndpoints, DescribeVpcEndpoints, and the calls the realizer makes when the data plane has
 * made a change real (pending -> available, deleting -> deleted; see lifecycle.ts).
 *
 *   CreateVpcEndpoint ─ service by name (AWS catalogue, own, permitted: service/lookup.ts)
 *     ├─ Interface            subnets (one per AZ of the service) -> one requester-managed ENI each,
 *     │                       security groups (the VPC's default one when none), private DNS, policy
 *     ├─ GatewayLoadBalancer  exactly one subnet -> one ENI; no groups, no policy, no private DNS
 *     └─ Gateway              route tables -> one prefix-list route each; policy; `available` at once
 *   -> pendingAcceptance (the service requires acceptance) | pending | available (Gateway)
 *   -> events after commit: endpoint-changed (realizer), connection-event Connect (notifications)
 *
 * Rules: rules.md sections A-C, H, J-M, P-R (numbers cited where each is applied).
 */
import type { Caller, ControlDeps } from '../context.js';
import type { Scope, StoreReader, StoreWriter, Tag } from '../../store/store.js';
import { filterAndPage, filterPages, mapPaged, type Filter, type FilterDefs, type Paged } from '../describe.js';
import { dnsLabelSuffix } from '../dns-names.js';
import { AwsError, InvalidParameter, InvalidParameterCombination, MissingParameter, notFound } from '../errors.js';
import type { DomainEvent } from '../events.js';
import { idempotent } from '../idempotency.js';
import { ROUTE_TABLE, type RouteTable } from '../route-table/records.js';
import {
  findServiceForConsumer, fromConfiguration, InvalidServiceName, type ServiceForConsumer,
} from '../service/lookup.js';
import { VPC_ENDPOINT_SERVICE, type ServiceConfiguration } from '../service/records.js';
import { tagsFromSpecifications, type TagSpecification } from '../tags/tags.js';
import { getVpc, type Vpc } from '../vpc/vpc.js';
import { canMove, connectionEvent, endpointChanged, isGone, isLive, withState } from './lifecycle.js';
import {
  addInterfaces, addRouteTables, applyGroups, checkGroupCount, currentSubnets, defaultGroup, removeAllInterfaces,
  removeRouteTable, removeSubnet, securityGroups, subnetsToAdd,
} from './placement.js';
import { defaultPolicy, validatePolicy } from './policy.js';
import { endpointRow, VPC_ENDPOINT, type VpcEndpoint, type VpcEndpointState, type VpcEndpointType, type VpcEndpointView } from './records.js';
import { endpointView } from './view.js';

interface DnsOptionsSpecification {
  DnsRecordIpType?: string;
  PrivateDnsOnlyForInboundResolverEndpoint?: boolean;
  PrivateDnsPreference?: string;
  PrivateDnsSpecifiedDomains?: string[];
}

export interface CreateVpcEndpointInput {
  VpcEndpointType?: string;
  VpcId: string;
  ServiceName?: string;
  PolicyDocument?: string;
  RouteTableIds?: string[];
  SubnetIds?: string[];
  SecurityGroupIds?: string[];
  IpAddressType?: string;
  DnsOptions?: DnsOptionsSpecification;
  ClientToken?: string;
  PrivateDnsEnabled?: boolean;
  TagSpecifications?: TagSpecification[];
  SubnetConfigurations?: { SubnetId?: string; Ipv4?: string; Ipv6?: string }[];
  ServiceNetworkArn?: string;
  ResourceConfigurationArn?: string;
  ServiceRegion?: string;
}

export interface ModifyVpcEndpointInput {
  VpcEndpointId: string;
  ResetPolicy?: boolean;
  PolicyDocument?: string;
  AddRouteTableIds?: string[];
  RemoveRouteTableIds?: string[];
  AddSubnetIds?: string[];
  RemoveSubnetIds?: string[];
  AddSecurityGroupIds?: string[];
  RemoveSecurityGroupIds?: string[];
  IpAddressType?: string;
  DnsOptions?: DnsOptionsSpecification;
  PrivateDnsEnabled?: boolean;
  SubnetConfigurations?: { SubnetId?: string; Ipv4?: string; Ipv6?: string }[];
}

export interface DescribeVpcEndpointsInput {
  VpcEndpointIds?: string[];
  Filters?: Filter[];
  MaxResults?: number;
  NextToken?: string;
}

export interface UnsuccessfulItem {
  ResourceId: string;
  Error: { Code: string; Message?: string };
}

/** An endpoint the realizer has yet to finish: pending, deleting, or deleted and waiting to disappear. */
export interface UnfinishedEndpoint {
  scope: Scope;
  vpcEndpointId: string;
  state: VpcEndpointState;
  stateChangedAt: string;
}

const TYPES: readonly VpcEndpointType[] = ['Interface', 'Gateway', 'GatewayLoadBalancer'];

/** DescribeVpcEndpoints returns at most 1,000 items per call whatever MaxResults says (rules R175). */
const MAX_RESULTS = 1000;

// --- lookups --------------------------------------------------------------------------------------

async function findEndpoint(deps: ControlDeps, tx: StoreReader, scope: Scope, id: string): Promise<VpcEndpoint | undefined> {
  const r = await tx.getResource<VpcEndpoint>(scope, id);
  if (!r || r.type !== VPC_ENDPOINT || isGone(r.data, deps.clock(), deps.settings.deletedEndpointRetentionMs)) return undefined;
  return r.data;
}

async function getEndpoint(deps: ControlDeps, tx: StoreReader, scope: Scope, id: string): Promise<VpcEndpoint> {
  const e = await findEndpoint(deps, tx, scope, id);
  if (!e) throw notFound(VPC_ENDPOINT, id);
  return e;
}

async function saveEndpoint(tx: StoreWriter, scope: Scope, e: VpcEndpoint): Promise<void> {
  await tx.updateResource(scope, endpointRow(e));
}

/**
 * The endpoints of a VPC not yet deleted (endpointRow), by a few top-level fields read without whole
 * documents: quota and conflict checks look at every sibling on each create.
 */
async function endpointsOfVpc<K extends keyof VpcEndpoint & string>(tx: StoreReader, scope: Scope, vpcId: string, fields: readonly K[]): Promise<Pick<VpcEndpoint, K>[]> {
  return tx.listChildFields<VpcEndpoint, K>(scope, VPC_ENDPOINT, vpcId, fields);
}

/**
 * The service an existing endpoint is connected to, without the permission check of a new connection:
 * removing a principal does not cut existing connections (rules R57).
 */
async function serviceOfEndpoint(tx: StoreReader, caller: Caller, e: VpcEndpoint): Promise<ServiceForConsumer> {
  if (e.ServiceOwner === 'amazon') {
    const offering = (await findServiceForConsumer(tx, caller, e.ServiceName)).find((s) => s.ServiceType === e.VpcEndpointType);
    if (offering) return offering;
  } else {
    const r = await tx.findResourceInRegion<ServiceConfiguration>(caller.region, e.ServiceId);
    if (r && r.type === VPC_ENDPOINT_SERVICE && r.data.ServiceState !== 'Deleted') {
      return fromConfiguration({ accountId: r.accountId, region: caller.region }, r.data);
    }
  }
  throw new InvalidServiceName(e.ServiceName);
}

// --- parameter checks -----------------------------------------------------------------------------

function endpointType(value: string | undefined): VpcEndpointType {
  // Without VpcEndpointType the endpoint is a gateway endpoint (API reference, CreateVpcEndpoint; R14).
  const type = value ?? 'Gateway';
  if (!TYPES.includes(type as VpcEndpointType)) {
    throw new InvalidParameter(`Endpoint type ${type} is not supported by Postern: use Interface, Gateway or GatewayLoadBalancer.`);
  }
  return type as VpcEndpointType;
}

function subnetIdsOf(input: { SubnetIds?: string[]; SubnetConfigurations?: CreateVpcEndpointInput['SubnetConfigurations'] }): string[] {
  const configured = input.SubnetConfigurations ?? [];
  if (configured.some((c) => c.Ipv4 !== undefined || c.Ipv6 !== undefined)) {
    throw new InvalidParameter('Choosing the addresses of endpoint network interfaces (SubnetConfiguration Ipv4/Ipv6) is not supported by Postern.');
  }
  return [...(input.SubnetIds ?? []), ...configured.flatMap((c) => (c.SubnetId ? [c.SubnetId] : []))];
}

const SUBNETS_ONLY = 'Subnet IDs are only supported for Interface and GatewayLoadBalancer type VPC Endpoints.';
const ROUTE_TABLES_ONLY = 'Route table IDs are only supported for Gateway type VPC Endpoint.';
// The two messages below follow the wording of the two AWS ones above (rules R15, R16); AWS's own were not found.
const GROUPS_ONLY = 'Security group IDs are only supported for Interface type VPC Endpoints.';
const PRIVATE_DNS_ONLY = 'Private DNS is only supported for Interface type VPC Endpoints.';

/** Parameters that do not belong to the endpoint type (rules R15, R16, R18-R20, R24, R183). */
function checkTypeParameters(type: VpcEndpointType, p: {
  subnets: boolean; routeTables: boolean; groups: boolean; privateDns?: boolean; ipOptions: boolean; removeSubnets?: boolean;
}): void {
  if (p.subnets && type === 'Gateway') throw new InvalidParameter(SUBNETS_ONLY);
  if (p.removeSubnets && type !== 'Interface') throw new InvalidParameter(`Removing subnets is only supported for Interface type VPC Endpoints; create a new ${type} endpoint instead.`);
  if (p.routeTables && type !== 'Gateway') throw new InvalidParameter(ROUTE_TABLES_ONLY);
  if (p.groups && type !== 'Interface') throw new InvalidParameter(GROUPS_ONLY);
  // Terraform always sends PrivateDnsEnabled, false unless configured (clients.md): false is accepted everywhere.
  if (p.privateDns && type !== 'Interface') throw new InvalidParameter(PRIVATE_DNS_ONLY);
  if (p.ipOptions && type === 'Gateway') throw new InvalidParameter('IpAddressType and DnsOptions are only supported for Interface and GatewayLoadBalancer type VPC Endpoints.');
}

/** Endpoints carry IPv4 only (rules R23): `ipv4`, and DNS records of type ipv4 (R163, R183). */
function checkIpOptions(service: ServiceForConsumer, ipAddressType: string | undefined, dns: DnsOptionsSpecification | undefined): void {
  if (ipAddressType !== undefined && ipAddressType !== 'ipv4') {
    throw new InvalidParameter(`The VPC endpoint service ${service.ServiceName} does not support IP address type ${ipAddressType}.`);
  }
  const recordType = dns?.DnsRecordIpType;
  if (recordType !== undefined && recordType !== 'ipv4' && recordType !== 'service-defined') {
    throw new InvalidParameter(`The VPC endpoint service ${service.ServiceName} does not support DNS record IP type ${recordType}.`);
  }
  if (dns?.PrivateDnsPreference !== undefined || dns?.PrivateDnsSpecifiedDomains !== undefined) {
    throw new InvalidParameter('PrivateDnsPreference and PrivateDnsSpecifiedDomains apply to resource and service-network endpoints, which Postern does not support.');
  }
}

function policyFor(type: VpcEndpointType, service: ServiceForConsumer, document: string | undefined): string | undefined {
  const fallback = defaultPolicy(type, service.VpcEndpointPolicySupported);
  if (document === undefined) return fallback;
  // Whether AWS refuses a policy for a service without policy support is unverified (R105); Postern refuses
  // rather than store a policy it would never apply (GWLB endpoints have none, R20, R109).
  if (fallback === undefined) throw new InvalidParameter(`The VPC endpoint service ${service.ServiceName} does not support VPC endpoint policies.`);
  return validatePolicy(document);
}

function isS3Interface(region: string, e: { ServiceName: string; VpcEndpointType: VpcEndpointType }): boolean {
  return e.VpcEndpointType === 'Interface' && e.ServiceName === `com.amazonaws.${region}.s3`;
}

/**
 * The private DNS names an interface endpoint takes in its VPC (rules R82-R86, R94): the service must have
 * one (a provider's only once verified), the VPC must resolve names, and no other endpoint of the VPC may
 * hold the same name.
 */
async function claimPrivateDnsNames(tx: StoreReader, scope: Scope, vpc: Vpc, service: ServiceForConsumer, self?: string): Promise<string[]> {
  if (!vpc.EnableDnsSupport || !vpc.EnableDnsHostnames) {
    throw new InvalidParameter(`Enabling private DNS requires both enableDnsSupport and enableDnsHostnames VPC attributes set to true for ${vpc.VpcId}`);
  }
  if (service.PrivateDnsNames.length === 0) {
    throw new InvalidParameter(`Private DNS can't be enabled because the service ${service.ServiceName} does not provide a private DNS name.`);
  }
  // A private DNS name belongs to one service (AWS's names; a provider's name is verified per service,
  // R96): only endpoints to the same service can hold it.
  for (const { VpcEndpointId, ServiceName } of await endpointsOfVpc(tx, scope, vpc.VpcId, ['VpcEndpointId', 'ServiceName'])) {
    if (VpcEndpointId === self || ServiceName !== service.ServiceName) continue;
    const other = (await tx.getResource<VpcEndpoint>(scope, VpcEndpointId))!.data;
    if (!other.PrivateDnsEnabled) continue;
    const taken = service.PrivateDnsNames.find((n) => (other.PrivateDnsNames ?? []).includes(n));
    if (taken) {
      throw new InvalidParameter(`private-dns-enabled cannot be set because there is already a conflicting DNS domain for ${taken} in the VPC ${vpc.VpcId}`);
    }
  }
  return service.PrivateDnsNames;
}

/** S3 interface endpoints: private DNS only for inbound resolver endpoints needs an S3 gateway endpoint (R86). */
async function dnsOptionsFor(
  tx: StoreReader, scope: Scope, e: Pick<VpcEndpoint, 'VpcId' | 'ServiceName' | 'VpcEndpointType'>, spec: DnsOptionsSpecification | undefined,
  current?: VpcEndpoint['DnsOptions'],
): Promise<VpcEndpoint['DnsOptions']> {
  const inboundOnly = spec?.PrivateDnsOnlyForInboundResolverEndpoint;
  if (!isS3Interface(scope.region, e)) {
    if (inboundOnly !== undefined) throw new InvalidParameter('PrivateDnsOnlyForInboundResolverEndpoint is only supported for Amazon S3 interface endpoints.');
    return { DnsRecordIpType: 'ipv4' };
  }
  if (inboundOnly === true) {
    const gateway = (await endpointsOfVpc(tx, scope, e.VpcId, ['VpcEndpointType', 'ServiceName'])).some((o) => o.VpcEndpointType === 'Gateway' && o.ServiceName === e.ServiceName);
    if (!gateway) throw new InvalidParameter(`To set PrivateDnsOnlyForInboundResolverEndpoint to true, the VPC ${e.VpcId} must have a Gateway endpoint for the service.`);
  }
  return { DnsRecordIpType: 'ipv4', PrivateDnsOnlyForInboundResolverEndpoint: inboundOnly ?? current?.PrivateDnsOnlyForInboundResolverEndpoint ?? false };
}

/** DescribeVpcEndpoints' filters (R175). */
function endpointFilters(region: string): FilterDefs<VpcEndpoint> {
  return {
    'ip-address-type': (e) => e.IpAddressType,
    'service-name': (e) => e.ServiceName,
    'service-region': () => region,
    'vpc-id': (e) => e.VpcId,
    'vpc-endpoint-id': (e) => e.VpcEndpointId,
    'vpc-endpoint-state': (e) => e.State,
    'vpc-endpoint-type': (e) => e.VpcEndpointType,
  };
}

const LIMIT_EXCEEDED = 'The maximum number of VPC endpoints has been reached.';

/** Quotas (rules R134, R135, R137): interface + GWLB endpoints per VPC; gateway endpoints per VPC and per Region. */
async function checkQuota(deps: ControlDeps, tx: StoreReader, scope: Scope, vpcId: string, type: VpcEndpointType): Promise<void> {
  const q = deps.settings.quotas;
  // The VPC's children are its live endpoints (endpointRow). Fewer of all kinds than the quota of a kind
  // cannot reach it: counting them all reads the index alone, counting one kind reads each one's summary.
  const all = await tx.countChildren<VpcEndpoint>(scope, VPC_ENDPOINT, vpcId, {});
  const exceeded = type === 'Gateway'
    ? (all >= q.gatewayEndpointsPerVpc && await countOfKind(tx, scope, vpcId, true) >= q.gatewayEndpointsPerVpc)
      || (await tx.listResources<VpcEndpoint>(scope, VPC_ENDPOINT)).filter((r) => isLive(r.data) && r.data.VpcEndpointType === 'Gateway').length >= q.gatewayEndpointsPerRegion
    : all >= q.interfaceEndpointsPerVpc && await countOfKind(tx, scope, vpcId, false) >= q.interfaceEndpointsPerVpc;
  if (exceeded) throw new AwsError('VpcEndpointLimitExceeded', LIMIT_EXCEEDED);
}

/**
 * The VPC's gateway endpoints, or its others (interface and GWLB share a quota). Not a closure in
 * checkQuota: under tsx every closure created gets its name defined, a cost paid on every create.
 */
function countOfKind(tx: StoreReader, scope: Scope, vpcId: string, gateway: boolean): Promise<number> {
  return tx.countChildren<VpcEndpoint>(scope, VPC_ENDPOINT, vpcId, { VpcEndpointType: gateway ? { in: ['Gateway'] } : { notIn: ['Gateway'] } });
}

// --- the service ----------------------------------------------------------------------------------

export function vpcEndpointService(deps: ControlDeps) {
  const retention = () => deps.settings.deletedEndpointRetentionMs;

  async function viewOf(tx: StoreReader, scope: Scope, e: VpcEndpoint, tags?: Tag[]): Promise<VpcEndpointView> {
    return endpointView(scope.region, e, tags ?? (await tx.getTags(scope, [e.VpcEndpointId])).get(e.VpcEndpointId) ?? []);
  }

  /** Writes in one transaction, then publishes the events it collected (only once committed). */
  async function writeThenPublish<T>(fn: (tx: StoreWriter, events: DomainEvent[]) => Promise<T>): Promise<T> {
    const events: DomainEvent[] = [];
    const result = await deps.store.write((tx) => fn(tx, events));
    deps.events.publish(events);
    return result;
  }

  async function create(tx: StoreWriter, caller: Caller, input: CreateVpcEndpointInput, type: VpcEndpointType, subnetIds: string[], tags: Tag[], events: DomainEvent[]): Promise<VpcEndpoint> {
    const vpc = await getVpc(tx, caller, input.VpcId);
    const offered = await findServiceForConsumer(tx, caller, input.ServiceName!);
    const service = offered.find((s) => s.ServiceType === type);
    if (!service) {
      // Wording of a real response (hashicorp/terraform#24478; R17).
      throw new InvalidParameter(`Endpoint type (${type}) does not match available service types ([${offered.map((s) => s.ServiceType).join(', ')}]).`);
    }
    const policy = policyFor(type, service, input.PolicyDocument);
    if (type !== 'Gateway') checkIpOptions(service, input.IpAddressType, input.DnsOptions);
    await checkQuota(deps, tx, caller, vpc.VpcId, type);

    const now = deps.clock();
    const id = deps.ids.resourceId('vpce');
    // Customer services: the provider's acceptance decides (R32); Gateway endpoints need none (R30).
    const state: VpcEndpointState = type === 'Gateway' ? 'available' : service.AcceptanceRequired ? 'pendingAcceptance' : 'pending';
    const e: VpcEndpoint = {
      VpcEndpointId: id,
      VpcEndpointType: type,
      VpcId: vpc.VpcId,
      ServiceName: service.ServiceName,
      ServiceId: service.ServiceId,
      ServiceOwner: service.Owner,
      State: state,
      ...(policy !== undefined ? { PolicyDocument: policy } : {}),
      RouteTableIds: [],
      SubnetIds: [],
      Groups: [],
      ...(type !== 'Gateway' ? { IpAddressType: 'ipv4' as const, DnsOptions: await dnsOptionsFor(tx, caller, { VpcId: vpc.VpcId, ServiceName: service.ServiceName, VpcEndpointType: type }, input.DnsOptions) } : {}),
      PrivateDnsEnabled: false,
      RequesterManaged: false,
      NetworkInterfaceIds: [],
      CreationTimestamp: now.toISOString(),
      OwnerId: caller.accountId,
      DnsLabelSuffix: dnsLabelSuffix(deps.ids.hex(16)),
      ...(type === 'Interface' && service.BaseEndpointDnsNames[0] ? { BaseDnsName: service.BaseEndpointDnsNames[0] } : {}),
      ZoneNames: [],
      PrivateDnsNames: [],
      StateChangedAt: now.toISOString(),
      ...(input.ClientToken !== undefined ? { ClientToken: input.ClientToken } : {}),
    };

    if (type === 'Interface') {
      e.Groups = input.SecurityGroupIds?.length
        ? await securityGroups(tx, caller, vpc.VpcId, input.SecurityGroupIds)
        : [await defaultGroup(tx, caller, vpc.VpcId)];
      // Private DNS is on by default where the service has a name to give (AWS services, R83); the default
      // for customer services is unverified: Postern turns it on only for a service with a verified name.
      if (input.PrivateDnsEnabled ?? service.PrivateDnsNames.length > 0) {
        e.PrivateDnsNames = await claimPrivateDnsNames(tx, caller, vpc, service);
        e.PrivateDnsEnabled = true;
      }
    }
    if (type === 'GatewayLoadBalancer' && subnetIds.length !== 1) {
      // Exactly one subnet (R20); AWS's wording was not found.
      throw new InvalidParameter('Gateway Load Balancer endpoints require exactly one subnet.');
    }
    if (type === 'Gateway') {
      // Route tables check that their target is a stored gateway endpoint: the row goes first.
      await tx.insertResource(caller, endpointRow(e));
      await addRouteTables(tx, caller, e, input.RouteTableIds ?? []);
      await saveEndpoint(tx, caller, e);
    } else {
      await addInterfaces(deps, tx, caller, e, await subnetsToAdd(tx, caller, vpc.VpcId, subnetIds, service, []));
      await tx.insertResource(caller, endpointRow(e));
    }
    await tx.putTags(caller, id, tags);
    events.push(endpointChanged(caller, e));
    // Gateway endpoints have no connection notifications (R27).
    if (type !== 'Gateway') events.push(connectionEvent('Connect', caller.region, e, now));
    return e;
  }

  return {
    async create(caller: Caller, input: CreateVpcEndpointInput): Promise<VpcEndpointView & { clientToken?: string }> {
      const type = endpointType(input.VpcEndpointType);
      if (input.ServiceNetworkArn !== undefined || input.ResourceConfigurationArn !== undefined) {
        throw new InvalidParameter('Resource and service-network endpoints are not supported by Postern.');
      }
      if (input.ServiceName === undefined) throw new MissingParameter('ServiceName');
      // Endpoints reach services of their own Region only (R21).
      if (input.ServiceRegion !== undefined && input.ServiceRegion !== caller.region) {
        throw new InvalidParameter(`The VPC endpoint service ${input.ServiceName} is not available in the Region ${input.ServiceRegion}; cross-Region endpoints are not supported by Postern.`);
      }
      const subnetIds = subnetIdsOf(input);
      checkTypeParameters(type, {
        subnets: subnetIds.length > 0, routeTables: (input.RouteTableIds?.length ?? 0) > 0, groups: (input.SecurityGroupIds?.length ?? 0) > 0,
        privateDns: input.PrivateDnsEnabled === true, ipOptions: input.IpAddressType !== undefined || input.DnsOptions !== undefined,
      });
      const tags = tagsFromSpecifications(input.TagSpecifications, VPC_ENDPOINT);
      const { ClientToken: token, ...request } = input;
      return writeThenPublish((tx, events) => idempotent(tx, caller, token, 'CreateVpcEndpoint', request,
        async (id) => {
          // A replay answers the original endpoint, original creationTimestamp included (R165).
          const e = await findEndpoint(deps, tx, caller, id);
          return e && { ...(await viewOf(tx, caller, e)), clientToken: token };
        },
        async () => {
          const e = await create(tx, caller, input, type, subnetIds, tags, events);
          return { resourceId: e.VpcEndpointId, result: { ...endpointView(caller.region, e, tags), clientToken: token } };
        }));
    },

    async modify(caller: Caller, input: ModifyVpcEndpointInput): Promise<void> {
      const addSubnets = subnetIdsOf({ SubnetIds: input.AddSubnetIds, SubnetConfigurations: input.SubnetConfigurations });
      if (input.ResetPolicy === true && input.PolicyDocument !== undefined) {
        throw new InvalidParameterCombination('PolicyDocument and ResetPolicy cannot be specified together.');
      }
      await writeThenPublish(async (tx, events) => {
        const e = await getEndpoint(deps, tx, caller, input.VpcEndpointId);
        if (e.State === 'deleting' || e.State === 'deleted') {
          throw new AwsError('IncorrectState', `The VPC endpoint ${e.VpcEndpointId} is in state ${e.State} and cannot be modified.`);
        }
        const type = e.VpcEndpointType;
        // R24: route tables for gateway endpoints; subnets for interface and GWLB ones; groups, removal of
        // subnets and private DNS for interface ones. ResetPolicy goes with any endpoint that has a policy:
        // Terraform resets interface endpoint policies with it (clients.md, aws_vpc_endpoint_policy).
        checkTypeParameters(type, {
          subnets: addSubnets.length > 0, removeSubnets: (input.RemoveSubnetIds?.length ?? 0) > 0,
          routeTables: (input.AddRouteTableIds?.length ?? 0) + (input.RemoveRouteTableIds?.length ?? 0) > 0,
          groups: (input.AddSecurityGroupIds?.length ?? 0) + (input.RemoveSecurityGroupIds?.length ?? 0) > 0,
          privateDns: input.PrivateDnsEnabled === true, ipOptions: input.IpAddressType !== undefined || input.DnsOptions !== undefined,
        });
        const service = await serviceOfEndpoint(tx, caller, e);

        if (input.PolicyDocument !== undefined) e.PolicyDocument = policyFor(type, service, input.PolicyDocument);
        if (input.ResetPolicy === true) {
          const reset = defaultPolicy(type, service.VpcEndpointPolicySupported);
          if (reset === undefined) throw new InvalidParameter(`The VPC endpoint service ${service.ServiceName} does not support VPC endpoint policies.`);
          e.PolicyDocument = reset;
        }

        for (const id of input.RemoveRouteTableIds ?? []) {
          // Terraform reads InvalidParameter on a removal as "already removed" (clients.md).
          if (!e.RouteTableIds.includes(id)) throw new InvalidParameter(`Route table ${id} is not associated with VPC endpoint ${e.VpcEndpointId}.`);
          await removeRouteTable(tx, caller, e, id);
        }
        await addRouteTables(tx, caller, e, input.AddRouteTableIds ?? []);

        for (const id of input.RemoveSubnetIds ?? []) {
          if (!e.SubnetIds.includes(id)) throw new InvalidParameter(`Subnet ${id} is not associated with VPC endpoint ${e.VpcEndpointId}.`);
          await removeSubnet(tx, caller, e, id);
        }
        if (addSubnets.length > 0) {
          // A GWLB endpoint keeps its one subnet (R20).
          if (type === 'GatewayLoadBalancer') throw new InvalidParameter('The subnet of a Gateway Load Balancer endpoint cannot be changed; create a new endpoint instead.');
          const current = await currentSubnets(tx, caller, e);
          await addInterfaces(deps, tx, caller, e, await subnetsToAdd(tx, caller, e.VpcId, addSubnets, service, current));
        }

        if (input.AddSecurityGroupIds?.length || input.RemoveSecurityGroupIds?.length) {
          for (const id of input.RemoveSecurityGroupIds ?? []) {
            if (!e.Groups.some((g) => g.GroupId === id)) throw new InvalidParameter(`Security group ${id} is not associated with VPC endpoint ${e.VpcEndpointId}.`);
          }
          const added = await securityGroups(tx, caller, e.VpcId, (input.AddSecurityGroupIds ?? []).filter((id) => !e.Groups.some((g) => g.GroupId === id)));
          e.Groups = [...e.Groups.filter((g) => !input.RemoveSecurityGroupIds?.includes(g.GroupId)), ...added];
          // An interface endpoint always has a group: it gets the default one when created without (R111).
          if (e.Groups.length === 0) throw new InvalidParameter(`VPC endpoint ${e.VpcEndpointId} must keep at least one security group.`);
          checkGroupCount(e.Groups);
          await applyGroups(tx, caller, e);
        }

        if (input.PrivateDnsEnabled !== undefined && input.PrivateDnsEnabled !== e.PrivateDnsEnabled) {
          e.PrivateDnsNames = input.PrivateDnsEnabled ? await claimPrivateDnsNames(tx, caller, await getVpc(tx, caller, e.VpcId), service, e.VpcEndpointId) : [];
          e.PrivateDnsEnabled = input.PrivateDnsEnabled;
        }
        if (type !== 'Gateway' && (input.IpAddressType !== undefined || input.DnsOptions !== undefined)) {
          checkIpOptions(service, input.IpAddressType, input.DnsOptions);
          e.DnsOptions = await dnsOptionsFor(tx, caller, e, input.DnsOptions, e.DnsOptions);
        }

        // A change is applied by the data plane: `pending` until it is (R185). Gateway routes are immediate.
        const next = type !== 'Gateway' && e.State === 'available' ? withState(e, 'pending', deps.clock()) : e;
        await saveEndpoint(tx, caller, next);
        events.push(endpointChanged(caller, next));
      });
    },

    /** DeleteVpcEndpoints: per-item failures in Unsuccessful, never a call error for one of them (R66, R67). */
    async delete(caller: Caller, input: { VpcEndpointIds: string[] }): Promise<UnsuccessfulItem[]> {
      return writeThenPublish(async (tx, events) => {
        const unsuccessful: UnsuccessfulItem[] = [];
        const now = deps.clock();
        for (const id of input.VpcEndpointIds) {
          const e = await findEndpoint(deps, tx, caller, id);
          // AWS sends this item without a message (R67).
          if (!e || e.State === 'deleted') { unsuccessful.push({ ResourceId: id, Error: { Code: 'InvalidVpcEndpoint.NotFound' } }); continue; }
          if (e.RequesterManaged) {
            // Code unverified; message of a real answer (R189).
            unsuccessful.push({ ResourceId: id, Error: { Code: 'OperationNotPermitted', Message: `${id} - Operation is not allowed for requester-managed VPC endpoints for the service ${e.ServiceName}` } });
            continue;
          }
          if (e.VpcEndpointType === 'GatewayLoadBalancer' && await routedTo(tx, caller, e)) {
            // R129; AWS's code and wording were not found.
            unsuccessful.push({ ResourceId: id, Error: { Code: 'DependencyViolation', Message: `The VPC endpoint ${id} is the target of routes in route tables of ${e.VpcId} and cannot be deleted.` } });
            continue;
          }
          if (e.State === 'deleting') continue;
          if (e.VpcEndpointType === 'Gateway') {
            // A deleted gateway endpoint is gone at once, its routes with it (R36, R124, R177).
            for (const rtb of [...e.RouteTableIds]) await removeRouteTable(tx, caller, e, rtb);
            await tx.deleteResource(caller, id);
            events.push(endpointChanged(caller, e));
            continue;
          }
          const deleting = withState(e, 'deleting', now);
          await saveEndpoint(tx, caller, deleting);
          events.push(endpointChanged(caller, deleting), connectionEvent('Delete', caller.region, deleting, now));
        }
        return unsuccessful;
      });
    },

    /** DescribeVpcEndpoints with MaxResults or ids: one page, held whole (at most 1,000 endpoints, R175). */
    async describe(caller: Caller, input: DescribeVpcEndpointsInput): Promise<{ endpoints: VpcEndpointView[]; nextToken?: string }> {
      return deps.store.read(async (tx) => {
        const now = deps.clock();
        const endpoints: VpcEndpoint[] = [];
        if (input.VpcEndpointIds?.length) {
          for (const id of input.VpcEndpointIds) endpoints.push(await getEndpoint(deps, tx, caller, id));
        } else {
          for (const r of await tx.listResources<VpcEndpoint>(caller, VPC_ENDPOINT)) if (!isGone(r.data, now, retention())) endpoints.push(r.data);
        }
        const maxResults = input.MaxResults === undefined ? undefined : Math.min(input.MaxResults, MAX_RESULTS);
        const page = await filterAndPage(tx, caller, endpoints, (e) => e.VpcEndpointId, { ...input, MaxResults: maxResults }, endpointFilters(caller.region));
        return { endpoints: page.items.map((t) => endpointView(caller.region, t.item, t.tags)), nextToken: page.nextToken };
      });
    },

    /**
     * DescribeVpcEndpoints without MaxResults or ids: every endpoint of the account-region (thousands, at
     * times), read and filtered a page at a time (describe.ts, filterPages).
     */
    listAll(caller: Caller, input: Pick<DescribeVpcEndpointsInput, 'Filters' | 'NextToken'>): Paged<VpcEndpointView> {
      const now = deps.clock();
      const pages = filterPages<VpcEndpoint, VpcEndpoint>(deps.store, caller, VPC_ENDPOINT, input,
        (e) => (isGone(e, now, retention()) ? undefined : e), (e) => e.VpcEndpointId, endpointFilters(caller.region));
      return mapPaged(pages, (t) => endpointView(caller.region, t.item, t.tags));
    },

    // --- for the realizer (dataplane/realizer.ts): it never writes the store itself ------------------

    /** The data plane has realized the endpoint's desired state: pending -> available, deleting -> deleted. */
    async completeProvisioning(scope: Scope, vpcEndpointId: string): Promise<VpcEndpointState | undefined> {
      return writeThenPublish(async (tx, events) => {
        const e = await findEndpoint(deps, tx, scope, vpcEndpointId);
        if (!e) return undefined;
        const now = deps.clock();
        if (e.State === 'pending') {
          await saveEndpoint(tx, scope, withState(e, 'available', now));
          return 'available';
        }
        if (e.State === 'deleting' && canMove(e.State, 'deleted')) {
          const deleted = withState(e, 'deleted', now);
          await removeAllInterfaces(tx, scope, deleted);
          deleted.PrivateDnsNames = [];
          await saveEndpoint(tx, scope, deleted);
          events.push(endpointChanged(scope, deleted));
          return 'deleted';
        }
        return e.State;
      });
    },

    /** A deleted endpoint whose retention has passed leaves the store (R36). */
    async purgeDeleted(scope: Scope, vpcEndpointId: string): Promise<void> {
      await deps.store.write(async (tx) => {
        const r = await tx.getResource<VpcEndpoint>(scope, vpcEndpointId);
        if (r?.type === VPC_ENDPOINT && isGone(r.data, deps.clock(), retention())) await tx.deleteResource(scope, vpcEndpointId);
      });
    },

    /** Every endpoint the realizer still has work on, in every account and Region: read at its start (level-based). */
    async unfinished(): Promise<UnfinishedEndpoint[]> {
      return deps.store.read(async (tx) => (await tx.listResourcesEverywhere<VpcEndpoint>(VPC_ENDPOINT))
        .filter((r) => r.data.State === 'pending' || r.data.State === 'deleting' || r.data.State === 'deleted')
        .map((r) => ({ scope: { accountId: r.accountId, region: r.region }, vpcEndpointId: r.id, state: r.data.State, stateChangedAt: r.data.StateChangedAt })));
    },
  };
}

/** Whether a route of the VPC targets a Gateway Load Balancer endpoint (R129). */
async function routedTo(tx: StoreReader, scope: Scope, e: VpcEndpoint): Promise<boolean> {
  const tables = await tx.listResources<RouteTable>(scope, ROUTE_TABLE, e.VpcId);
  return tables.some((t) => t.data.Routes.some((r) => r.GatewayId === e.VpcEndpointId));
}
