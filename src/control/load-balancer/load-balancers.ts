/**
 * @module control/load-balancer/load-balancers
 * Network and Gateway Load Balancers: CreateLoadBalancer, DeleteLoadBalancer, DescribeLoadBalancers,
 * ModifyLoadBalancerAttributes, DescribeLoadBalancerAttributes. Application Load Balancers are out of
 * Postern's scope and refused.
 *
 *   CreateLoadBalancer: name rules -> subnets (one per AZ, one VPC) -> security groups (NLB only)
 *     -> same name and settings? return the existing one (the call is idempotent, API reference)
 *     -> one requester-managed network interface per subnet (ELB net/<name>/<id>) -> record
 *   State: `provisioning` until settings.loadBalancerProvisioningMs after CreatedTime, then `active`.
 */
import type { Caller, ControlDeps } from '../context.js';
import type { Scope, StoreWriter } from '../../store/store.js';
import { parseCidr, parseIpv4, containsIp } from '../cidr.js';
import { ValidationError } from '../errors.js';
import { createManagedInterface, deleteInterface, interfacesInSubnet, NETWORK_INTERFACE, privateDnsName, type NetworkInterface } from '../network-interface/network-interfaces.js';
import { SECURITY_GROUP, type SecurityGroup } from '../security-group/records.js';
import { SUBNET, type Subnet } from '../subnet/records.js';
import { elbArn, loadBalancerDnsName, nlbHostedZone, TYPE_SEGMENT, type LoadBalancerType } from './arns.js';
import { attributeList, bool, defaultAttributes, integer, modifyAttributes, oneOf, text, type AttributeSpecs } from './attributes.js';
import {
  AllocationIdNotFound, DuplicateLoadBalancerName, InvalidConfigurationRequest, InvalidSecurityGroup, LoadBalancerNotFound,
  OperationNotPermitted, ResourceInUse, SubnetNotFound, TooManyLoadBalancers,
} from './errors.js';
import { pageByMarker } from './paging.js';
import { findLoadBalancer, getLoadBalancer, listenersOf, LOAD_BALANCER, type LoadBalancer } from './records.js';
import { requestTags } from './tags.js';

/** Network Load Balancers per Region (ELB quotas, default 50). */
const MAX_LOAD_BALANCERS = 50;

export interface CreateLoadBalancerInput {
  Name: string;
  Subnets?: string[];
  SubnetMappings?: { SubnetId?: string; AllocationId?: string; PrivateIPv4Address?: string; IPv6Address?: string }[];
  SecurityGroups?: string[];
  Scheme?: 'internet-facing' | 'internal';
  Tags?: { Key?: string; Value?: string }[];
  Type?: 'application' | 'network' | 'gateway';
  IpAddressType?: string;
  CustomerOwnedIpv4Pool?: string;
}

export interface DescribeLoadBalancersInput {
  LoadBalancerArns?: string[];
  Names?: string[];
  Marker?: string;
  PageSize?: number;
}

/** A load balancer as DescribeLoadBalancers shows it: the record with its derived State. */
export type LoadBalancerView = Omit<LoadBalancer, 'Attributes' | 'Tags' | 'NetworkInterfaceIds'> & { State: { Code: 'provisioning' | 'active' } };

/** Attribute keys per type (LoadBalancerAttribute Key documentation) and AWS's defaults. */
function attributeSpecs(lb: Pick<LoadBalancer, 'Type' | 'Scheme'>): AttributeSpecs {
  const common = { 'deletion_protection.enabled': bool(false), 'load_balancing.cross_zone.enabled': bool(false) };
  if (lb.Type === 'gateway') return common;
  return {
    'access_logs.s3.enabled': bool(false),
    'access_logs.s3.bucket': text(''),
    'access_logs.s3.prefix': text(''),
    ...common,
    // Blocks IGW access to internal load balancers by default (NLB guide, "Load balancer attributes").
    'ipv6.deny_all_igw_traffic': bool(lb.Scheme === 'internal'),
    'dns_record.client_routing_policy': oneOf('any_availability_zone', ['availability_zone_affinity', 'partial_availability_zone_affinity', 'any_availability_zone']),
    'zonal_shift.config.enabled': bool(false),
    'secondary_ips.auto_assigned.per_subnet': integer(0, 0, 7),
  };
}

/** Name rules of CreateLoadBalancer: 1-32 alphanumerics and hyphens, no hyphen at either end, not `internal-`. */
function checkName(name: string): void {
  const bad = (why: string) => new ValidationError(`The load balancer name '${name}' ${why}`);
  if (name.length > 32) throw bad("cannot be longer than '32' characters");
  if (!/^[A-Za-z0-9-]+$/.test(name)) throw bad('can only contain characters that are alphanumeric characters and hyphens(-)');
  if (name.startsWith('-')) throw bad('cannot begin with a hyphen(-)');
  if (name.endsWith('-')) throw bad('cannot end with a hyphen(-)');
  if (name.startsWith('internal-')) throw bad("cannot begin with 'internal-'");
}

interface Placement { subnet: Subnet; privateIpv4?: string }

/** The subnets of a request: they exist in the caller's account, lie in one VPC and in distinct AZs. */
async function placements(tx: StoreWriter, scope: Scope, input: CreateLoadBalancerInput): Promise<Placement[]> {
  const mappings: NonNullable<CreateLoadBalancerInput['SubnetMappings']> = input.SubnetMappings ?? (input.Subnets ?? []).map((SubnetId) => ({ SubnetId }));
  const out: Placement[] = [];
  for (const m of mappings) {
    const id = m.SubnetId ?? '';
    const r = await tx.getResource<Subnet>(scope, id);
    if (!r || r.type !== SUBNET) throw new SubnetNotFound(id);
    out.push({ subnet: r.data, privateIpv4: m.PrivateIPv4Address });
  }
  if (new Set(out.map((p) => p.subnet.VpcId)).size > 1) {
    throw new InvalidConfigurationRequest('Subnets must all belong to the same VPC');
  }
  if (new Set(out.map((p) => p.subnet.AvailabilityZone)).size < out.length) {
    throw new InvalidConfigurationRequest('A load balancer cannot be attached to multiple subnets in the same Availability Zone');
  }
  return out;
}

async function securityGroups(tx: StoreWriter, scope: Scope, ids: readonly string[], vpcId: string): Promise<SecurityGroup[]> {
  const groups: SecurityGroup[] = [];
  for (const id of ids) {
    const r = await tx.getResource<SecurityGroup>(scope, id);
    if (!r || r.type !== SECURITY_GROUP || r.data.VpcId !== vpcId) throw new InvalidSecurityGroup(id);
    groups.push(r.data);
  }
  return groups;
}

/** A node interface at the address the subnet mapping asked for (PrivateIPv4Address, internal NLBs). */
async function nodeInterface(deps: ControlDeps, tx: StoreWriter, scope: Scope, p: Placement, description: string, lb: Pick<LoadBalancer, 'Type'>, groups: SecurityGroup[]): Promise<NetworkInterface> {
  if (p.privateIpv4 !== undefined) {
    const cidr = parseCidr(p.subnet.CidrBlock)!;
    const ip = parseIpv4(p.privateIpv4);
    if (ip === undefined || !containsIp(cidr, ip)) {
      throw new InvalidConfigurationRequest(`The private IPv4 address '${p.privateIpv4}' is not within the CIDR of subnet '${p.subnet.SubnetId}'`);
    }
    const used = (await interfacesInSubnet(tx, scope, p.subnet.SubnetId)).some((n) => n.PrivateIpAddress === p.privateIpv4);
    if (used) throw new InvalidConfigurationRequest(`The private IPv4 address '${p.privateIpv4}' is already in use`);
  }
  const eni = await createManagedInterface(deps, tx, scope, {
    subnet: p.subnet,
    description,
    interfaceType: lb.Type === 'gateway' ? 'gateway_load_balancer' : 'network_load_balancer',
    requesterId: 'amazon-elb',
    groups: groups.map((g) => ({ GroupId: g.GroupId, GroupName: g.GroupName })),
  });
  if (p.privateIpv4 !== undefined && eni.PrivateIpAddress !== p.privateIpv4) {
    const dns = privateDnsName(scope.region, p.privateIpv4);
    Object.assign(eni, { PrivateIpAddress: p.privateIpv4, PrivateDnsName: dns, PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: p.privateIpv4, PrivateDnsName: dns }] });
    await tx.updateResource(scope, { id: eni.NetworkInterfaceId, type: NETWORK_INTERFACE, parentId: p.subnet.SubnetId, data: eni });
  }
  return eni;
}

/** The settings that decide whether a second CreateLoadBalancer with the same name is the same request. */
function settingsOf(lb: Pick<LoadBalancer, 'Scheme' | 'AvailabilityZones' | 'SecurityGroups' | 'IpAddressType'>): string {
  return JSON.stringify([lb.Scheme, lb.AvailabilityZones.map((z) => z.SubnetId).sort(), [...(lb.SecurityGroups ?? [])].sort(), lb.IpAddressType]);
}

function checkRequest(input: CreateLoadBalancerInput, type: LoadBalancerType): void {
  if (input.Subnets?.length && input.SubnetMappings?.length) throw new ValidationError('You can specify subnets or subnet mappings, not both');
  if (!input.Subnets?.length && !input.SubnetMappings?.length) throw new ValidationError('At least one subnet must be specified');
  if (input.CustomerOwnedIpv4Pool !== undefined) throw new ValidationError('Customer-owned IPv4 pools are supported only by Application Load Balancers');
  if ((input.IpAddressType ?? 'ipv4') !== 'ipv4') {
    // Postern's VPCs have no IPv6 CIDR blocks, so no subnet can take a dual-stack load balancer.
    throw new InvalidConfigurationRequest(`IP address type '${input.IpAddressType}' requires subnets with IPv6 CIDR blocks`);
  }
  for (const m of input.SubnetMappings ?? []) {
    if (m.AllocationId !== undefined) throw new AllocationIdNotFound(m.AllocationId);
    if (m.IPv6Address !== undefined) throw new InvalidConfigurationRequest(`Subnet '${m.SubnetId}' does not have an IPv6 CIDR block`);
    if (m.PrivateIPv4Address !== undefined && input.Scheme !== 'internal') {
      throw new InvalidConfigurationRequest('Private IPv4 addresses can be specified only for internal load balancers');
    }
  }
  if (type === 'gateway') {
    if (input.Scheme !== undefined) throw new ValidationError('A scheme cannot be specified for load balancers of type \'gateway\'');
    if (input.SecurityGroups?.length) throw new ValidationError("Security groups are not supported for load balancers with type 'gateway'");
  }
}

export function loadBalancerView(deps: ControlDeps, lb: LoadBalancer): LoadBalancerView {
  const { Attributes: _a, Tags: _t, NetworkInterfaceIds: _n, ...rest } = lb;
  const age = deps.clock().getTime() - Date.parse(lb.CreatedTime);
  return { ...rest, State: { Code: age < deps.settings.loadBalancerProvisioningMs ? 'provisioning' : 'active' } };
}

export function loadBalancerService(deps: ControlDeps) {
  return {
    async create(caller: Caller, input: CreateLoadBalancerInput): Promise<LoadBalancerView> {
      const type = input.Type ?? 'application';
      if (type === 'application') {
        // AWS's default type is application; Postern serves only what PrivateLink stands on.
        throw new OperationNotPermitted('Postern supports only network and gateway load balancers; application load balancers are not supported (set Type to network or gateway)');
      }
      checkName(input.Name);
      checkRequest(input, type);
      const tags = requestTags(input.Tags);
      const lb = await deps.store.write(async (tx) => {
        const where = await placements(tx, caller, input);
        const vpcId = where[0]!.subnet.VpcId;
        const groups = await securityGroups(tx, caller, input.SecurityGroups ?? [], vpcId);
        const scheme = type === 'gateway' ? undefined : (input.Scheme ?? 'internet-facing');
        const requested = {
          Scheme: scheme,
          AvailabilityZones: where.map((p) => ({ ZoneName: p.subnet.AvailabilityZone, SubnetId: p.subnet.SubnetId, LoadBalancerAddresses: p.privateIpv4 ? [{ PrivateIPv4Address: p.privateIpv4 }] : [] })),
          SecurityGroups: type === 'network' && groups.length ? groups.map((g) => g.GroupId) : undefined,
          IpAddressType: 'ipv4' as const,
        };
        const all = (await tx.listResources<LoadBalancer>(caller, LOAD_BALANCER)).map((r) => r.data);
        // Names are unique per type within an account-region; the same request twice returns the same load balancer.
        const same = all.find((l) => l.LoadBalancerName === input.Name && l.Type === type);
        if (same) {
          if (settingsOf(same) === settingsOf(requested)) return same;
          throw new DuplicateLoadBalancerName(input.Name);
        }
        if (all.length >= MAX_LOAD_BALANCERS) throw new TooManyLoadBalancers();

        const id = deps.ids.hex(16);
        const segment = TYPE_SEGMENT[type];
        const created: LoadBalancer = {
          LoadBalancerArn: elbArn(caller.region, caller.accountId, `loadbalancer/${segment}/${input.Name}/${id}`),
          DNSName: type === 'network' ? loadBalancerDnsName(input.Name, id, caller.region) : undefined,
          CanonicalHostedZoneId: type === 'network' ? nlbHostedZone(caller.region) : undefined,
          CreatedTime: deps.clock().toISOString(),
          LoadBalancerName: input.Name,
          VpcId: vpcId,
          Type: type,
          ...requested,
          // With security groups, an NLB evaluates them on PrivateLink traffic too unless turned off.
          EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: requested.SecurityGroups ? 'on' : undefined,
          Attributes: {},
          Tags: tags,
          NetworkInterfaceIds: [],
        };
        created.Attributes = defaultAttributes(attributeSpecs(created));
        for (const p of where) {
          const eni = await nodeInterface(deps, tx, caller, p, `ELB ${segment}/${input.Name}/${id}`, created, groups);
          created.NetworkInterfaceIds.push(eni.NetworkInterfaceId);
        }
        await tx.insertResource(caller, { id: created.LoadBalancerArn, type: LOAD_BALANCER, parentId: vpcId, data: created });
        return created;
      });
      return loadBalancerView(deps, lb);
    },

    /** Deleting a load balancer that does not exist succeeds (API reference, DeleteLoadBalancer). */
    async delete(caller: Caller, input: { LoadBalancerArn: string }): Promise<void> {
      await deps.store.write(async (tx) => {
        const lb = await findLoadBalancer(tx, caller, input.LoadBalancerArn);
        if (!lb) return;
        if (lb.Attributes['deletion_protection.enabled'] === 'true') {
          throw new OperationNotPermitted(`Load balancer '${lb.LoadBalancerArn}' cannot be deleted because deletion protection is enabled`);
        }
        const services = await tx.listResources<{ NetworkLoadBalancerArns?: string[]; GatewayLoadBalancerArns?: string[] }>(caller, 'vpc-endpoint-service');
        if (services.some((s) => [...(s.data.NetworkLoadBalancerArns ?? []), ...(s.data.GatewayLoadBalancerArns ?? [])].includes(lb.LoadBalancerArn))) {
          throw new ResourceInUse(`Load balancer '${lb.LoadBalancerArn}' cannot be deleted because it is currently associated with another service`);
        }
        for (const l of await listenersOf(tx, caller, lb.LoadBalancerArn)) await tx.deleteResource(caller, l.ListenerArn);
        for (const eni of lb.NetworkInterfaceIds) await deleteInterface(tx, caller, eni);
        await tx.deleteResource(caller, lb.LoadBalancerArn);
      });
    },

    async describe(caller: Caller, input: DescribeLoadBalancersInput): Promise<{ LoadBalancers: LoadBalancerView[]; NextMarker?: string }> {
      if (input.LoadBalancerArns?.length && input.Names?.length) {
        throw new ValidationError('Load balancer names and load balancer ARNs cannot be specified at the same time');
      }
      const lbs = await deps.store.read(async (tx) => {
        if (input.LoadBalancerArns?.length) {
          const found: LoadBalancer[] = [];
          for (const arn of input.LoadBalancerArns) found.push(await getLoadBalancer(tx, caller, arn));
          return found;
        }
        const all = (await tx.listResources<LoadBalancer>(caller, LOAD_BALANCER)).map((r) => r.data);
        if (!input.Names?.length) return all;
        const missing = input.Names.filter((n) => !all.some((l) => l.LoadBalancerName === n));
        if (missing.length) throw new LoadBalancerNotFound(missing);
        return all.filter((l) => input.Names!.includes(l.LoadBalancerName));
      });
      const page = pageByMarker(lbs, input.PageSize, input.Marker);
      return { LoadBalancers: page.items.map((lb) => loadBalancerView(deps, lb)), NextMarker: page.NextMarker };
    },

    async describeAttributes(caller: Caller, input: { LoadBalancerArn: string }): Promise<{ Key: string; Value: string }[]> {
      const lb = await deps.store.read((tx) => getLoadBalancer(tx, caller, input.LoadBalancerArn));
      return attributeList(lb.Attributes, attributeSpecs(lb));
    },

    async modifyAttributes(caller: Caller, input: { LoadBalancerArn: string; Attributes: { Key?: string; Value?: string }[] }): Promise<{ Key: string; Value: string }[]> {
      return deps.store.write(async (tx) => {
        const lb = await getLoadBalancer(tx, caller, input.LoadBalancerArn);
        const specs = attributeSpecs(lb);
        lb.Attributes = modifyAttributes(lb.Attributes, input.Attributes, specs, 'Load balancer');
        await tx.updateResource(caller, { id: lb.LoadBalancerArn, type: LOAD_BALANCER, parentId: lb.VpcId, data: lb });
        return attributeList(lb.Attributes, specs);
      });
    },
  };
}

