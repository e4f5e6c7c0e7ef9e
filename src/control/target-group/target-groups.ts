/**
 * @module control/target-group/target-groups
 * Target groups of Network and Gateway Load Balancers: CreateTargetGroup, DeleteTargetGroup,
 * DescribeTargetGroups, ModifyTargetGroup, ModifyTargetGroupAttributes, DescribeTargetGroupAttributes.
 *
 *   network: TCP | UDP | TCP_UDP | TLS, target types instance | ip | alb (alb: TCP only)
 *   gateway: GENEVE on port 6081, target types instance | ip
 *   HTTP/HTTPS target groups (and lambda targets) belong to Application Load Balancers: refused.
 *
 * Health check defaults are AWS's per protocol (NLB guide "Health checks for Network Load Balancer target
 * groups", GWLB guide "Health checks"; wire-examples/elbv2-CreateTargetGroup-tcp-ip.cli.json).
 */
import type { Caller, ControlDeps } from '../context.js';
import type { Scope, StoreReader } from '../../store/store.js';
import { ValidationError } from '../errors.js';
import { elbArn } from '../load-balancer/arns.js';
import { attributeList, bool, defaultAttributes, integer, modifyAttributes, oneOf, type AttributeSpec, type AttributeSpecs } from '../load-balancer/attributes.js';
import { DuplicateTargetGroupName, InvalidConfigurationRequest, ResourceInUse, TargetGroupNotFound, TooManyTargetGroups } from '../load-balancer/errors.js';
import { pageByMarker } from '../load-balancer/paging.js';
import { forwardedTargetGroups, getLoadBalancer, listenersOf, loadBalancersOfTargetGroup } from '../load-balancer/records.js';
import { requestTags } from '../load-balancer/tags.js';
import { findTargetGroup, getTargetGroup, TARGET_GROUP, type HealthCheckProtocol, type TargetGroup, type TargetGroupProtocol, type TargetType } from './records.js';

/** Target groups per Region (ELB quotas, default 3000). */
const MAX_TARGET_GROUPS = 3000;
/** The GENEVE port of Gateway Load Balancer target groups (GWLB guide, "Target groups"). */
export const GENEVE_PORT = 6081;

const NETWORK_PROTOCOLS: readonly string[] = ['TCP', 'UDP', 'TCP_UDP', 'TLS'];
const HEALTH_CHECK_PROTOCOLS: readonly string[] = ['TCP', 'HTTP', 'HTTPS'];

export interface HealthCheckInput {
  HealthCheckProtocol?: string;
  HealthCheckPort?: string;
  HealthCheckEnabled?: boolean;
  HealthCheckPath?: string;
  HealthCheckIntervalSeconds?: number;
  HealthCheckTimeoutSeconds?: number;
  HealthyThresholdCount?: number;
  UnhealthyThresholdCount?: number;
  Matcher?: { HttpCode?: string; GrpcCode?: string };
}

export interface CreateTargetGroupInput extends HealthCheckInput {
  Name: string;
  Protocol?: string;
  ProtocolVersion?: string;
  Port?: number;
  VpcId?: string;
  TargetType?: string;
  IpAddressType?: string;
  Tags?: { Key?: string; Value?: string }[];
}

export interface DescribeTargetGroupsInput {
  LoadBalancerArn?: string;
  TargetGroupArns?: string[];
  Names?: string[];
  Marker?: string;
  PageSize?: number;
}

export type TargetGroupView = Omit<TargetGroup, 'Attributes' | 'Tags' | 'Targets'> & { LoadBalancerArns: string[] };

type HealthCheck = Pick<TargetGroup, 'HealthCheckProtocol' | 'HealthCheckPort' | 'HealthCheckEnabled' | 'HealthCheckIntervalSeconds' |
  'HealthCheckTimeoutSeconds' | 'HealthyThresholdCount' | 'UnhealthyThresholdCount' | 'HealthCheckPath' | 'Matcher'>;

const countOrOff = (def: string, max: number): AttributeSpec =>
  ({ default: def, valid: (v) => v === 'off' || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= max) });

/** Attribute keys of a target group (TargetGroupAttribute Key documentation) with AWS's defaults. */
function attributeSpecs(tg: Pick<TargetGroup, 'Protocol' | 'TargetType'>): AttributeSpecs {
  const delay = integer(300, 0, 3600);
  if (tg.Protocol === 'GENEVE') {
    return {
      'deregistration_delay.timeout_seconds': delay,
      'stickiness.enabled': bool(false),
      'stickiness.type': oneOf('source_ip_dest_ip_proto', ['source_ip_dest_ip', 'source_ip_dest_ip_proto']),
      'target_failover.on_deregistration': oneOf('no_rebalance', ['no_rebalance', 'rebalance']),
      'target_failover.on_unhealthy': oneOf('no_rebalance', ['no_rebalance', 'rebalance']),
    };
  }
  return {
    'deregistration_delay.timeout_seconds': delay,
    'deregistration_delay.connection_termination.enabled': bool(false),
    'stickiness.enabled': bool(false),
    'stickiness.type': oneOf('source_ip', ['source_ip']),
    'proxy_protocol_v2.enabled': bool(false),
    // Client IP preservation is on for instance and alb targets and for UDP/TCP_UDP, off for TCP/TLS ip
    // targets (NLB guide, "Client IP preservation").
    'preserve_client_ip.enabled': bool(tg.TargetType !== 'ip' || tg.Protocol === 'UDP' || tg.Protocol === 'TCP_UDP'),
    'load_balancing.cross_zone.enabled': oneOf('use_load_balancer_configuration', ['true', 'false', 'use_load_balancer_configuration']),
    'target_group_health.dns_failover.minimum_healthy_targets.count': countOrOff('1', 5000),
    'target_group_health.dns_failover.minimum_healthy_targets.percentage': countOrOff('off', 100),
    'target_group_health.unhealthy_state_routing.minimum_healthy_targets.count': { default: '1', valid: (v) => /^\d+$/.test(v) && Number(v) >= 1 },
    'target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage': countOrOff('off', 100),
    'target_health_state.unhealthy.connection_termination.enabled': bool(true),
    'target_health_state.unhealthy.draining_interval_seconds': integer(0, 0, 360000),
  };
}

function checkName(name: string): void {
  const bad = (why: string) => new ValidationError(`Target group name '${name}' ${why}`);
  if (name.length > 32) throw bad("cannot be longer than '32' characters");
  if (!/^[A-Za-z0-9-]+$/.test(name)) throw bad('can only contain characters that are alphanumeric characters or hyphens(-)');
  if (name.startsWith('-') || name.endsWith('-')) throw bad("cannot begin or end with '-'");
}

function defaultHealthCheck(protocol: TargetGroupProtocol, hcProtocol: HealthCheckProtocol): HealthCheck {
  if (protocol === 'GENEVE') {
    return { HealthCheckProtocol: hcProtocol, HealthCheckPort: '80', HealthCheckEnabled: true, HealthCheckIntervalSeconds: 10, HealthCheckTimeoutSeconds: 5, HealthyThresholdCount: 5, UnhealthyThresholdCount: 2 };
  }
  const http = hcProtocol !== 'TCP';
  return {
    HealthCheckProtocol: hcProtocol,
    HealthCheckPort: 'traffic-port',
    HealthCheckEnabled: true,
    HealthCheckIntervalSeconds: 30,
    HealthCheckTimeoutSeconds: hcProtocol === 'HTTP' ? 6 : 10,
    HealthyThresholdCount: 5,
    UnhealthyThresholdCount: 2,
    ...(http ? { HealthCheckPath: '/', Matcher: { HttpCode: '200-399' } } : {}),
  };
}

/** Health check settings after a Create or Modify call, validated. */
function healthCheck(current: HealthCheck, input: HealthCheckInput, tg: Pick<TargetGroup, 'Protocol' | 'TargetType'>): HealthCheck {
  if (input.HealthCheckProtocol !== undefined && !HEALTH_CHECK_PROTOCOLS.includes(input.HealthCheckProtocol)) {
    throw new ValidationError(`Health check protocol '${input.HealthCheckProtocol}' is not supported for target groups with the ${tg.Protocol} protocol`);
  }
  const protocol = (input.HealthCheckProtocol ?? current.HealthCheckProtocol) as HealthCheckProtocol;
  const base = protocol === current.HealthCheckProtocol ? current : defaultHealthCheck(tg.Protocol, protocol);
  const port = input.HealthCheckPort ?? base.HealthCheckPort;
  if (port !== 'traffic-port' && !(/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
    throw new ValidationError(`Health check port '${port}' must be 'traffic-port' or a port between 1 and 65535`);
  }
  if (protocol === 'TCP' && (input.HealthCheckPath !== undefined || input.Matcher !== undefined)) {
    throw new InvalidConfigurationRequest('Health check path and matcher cannot be set for TCP health checks');
  }
  return {
    ...base,
    HealthCheckProtocol: protocol,
    HealthCheckPort: port,
    HealthCheckEnabled: input.HealthCheckEnabled ?? base.HealthCheckEnabled,
    HealthCheckIntervalSeconds: input.HealthCheckIntervalSeconds ?? base.HealthCheckIntervalSeconds,
    HealthCheckTimeoutSeconds: input.HealthCheckTimeoutSeconds ?? base.HealthCheckTimeoutSeconds,
    HealthyThresholdCount: input.HealthyThresholdCount ?? base.HealthyThresholdCount,
    UnhealthyThresholdCount: input.UnhealthyThresholdCount ?? base.UnhealthyThresholdCount,
    ...(protocol !== 'TCP' ? { HealthCheckPath: input.HealthCheckPath ?? base.HealthCheckPath ?? '/', Matcher: { HttpCode: input.Matcher?.HttpCode ?? base.Matcher?.HttpCode ?? '200-399' } } : {}),
  };
}

/** The protocol, port and target type a request asks for, with the rules of each load balancer type. */
function checkKind(input: CreateTargetGroupInput): { protocol: TargetGroupProtocol; port: number; targetType: TargetType } {
  const targetType = input.TargetType ?? 'instance';
  if (targetType === 'lambda') throw new ValidationError('Lambda targets are supported only by Application Load Balancers, which Postern does not serve');
  if (input.Protocol === undefined) throw new ValidationError('A protocol must be specified');
  if (input.Protocol !== 'GENEVE' && !NETWORK_PROTOCOLS.includes(input.Protocol)) {
    throw new ValidationError(`Protocol '${input.Protocol}' is supported only by Application Load Balancers; Postern serves network (TCP, UDP, TCP_UDP, TLS) and gateway (GENEVE) target groups`);
  }
  if (input.ProtocolVersion !== undefined) throw new ValidationError('A protocol version can be specified only for HTTP and HTTPS target groups');
  if (input.Port === undefined) throw new ValidationError('A port must be specified');
  if (input.VpcId === undefined) throw new ValidationError('A VPC ID must be specified');
  if ((input.IpAddressType ?? 'ipv4') !== 'ipv4') throw new ValidationError(`IP address type '${input.IpAddressType}' requires a VPC with an IPv6 CIDR block`);
  if (input.Protocol === 'GENEVE') {
    if (input.Port !== GENEVE_PORT) throw new ValidationError(`Port must be ${GENEVE_PORT} for target groups with the GENEVE protocol`);
    if (targetType === 'alb') throw new ValidationError("Target type 'alb' is not supported for target groups with the GENEVE protocol");
  }
  if (targetType === 'alb' && input.Protocol !== 'TCP') {
    throw new ValidationError(`Target groups with the target type 'alb' support only the TCP protocol, not '${input.Protocol}'`);
  }
  return { protocol: input.Protocol as TargetGroupProtocol, port: input.Port, targetType: targetType as TargetType };
}

function settingsOf(tg: Omit<TargetGroup, 'TargetGroupArn' | 'Attributes' | 'Tags' | 'Targets'>): string {
  const { TargetGroupName: _n, ...settings } = tg;
  return JSON.stringify(Object.entries(settings).sort(([a], [b]) => (a < b ? -1 : 1)));
}

async function targetGroupView(tx: StoreReader, scope: Scope, tg: TargetGroup): Promise<TargetGroupView> {
  const { Attributes: _a, Tags: _t, Targets: _r, ...rest } = tg;
  return { ...rest, LoadBalancerArns: await loadBalancersOfTargetGroup(tx, scope, tg.TargetGroupArn) };
}

export function targetGroupService(deps: ControlDeps) {
  return {
    async create(caller: Caller, input: CreateTargetGroupInput): Promise<TargetGroupView> {
      checkName(input.Name);
      const { protocol, port, targetType } = checkKind(input);
      const tags = requestTags(input.Tags);
      const vpcId = input.VpcId!;
      const defaults = defaultHealthCheck(protocol, targetType === 'alb' ? 'HTTP' : 'TCP');
      const settings = { TargetGroupName: input.Name, Protocol: protocol, Port: port, VpcId: vpcId, ...healthCheck(defaults, input, { Protocol: protocol, TargetType: targetType }), TargetType: targetType, IpAddressType: 'ipv4' as const };
      return deps.store.write(async (tx) => {
        const vpc = await tx.getResource(caller, vpcId);
        if (!vpc || vpc.type !== 'vpc') throw new ValidationError(`The VPC ID '${vpcId}' is not found`);
        const all = (await tx.listResources<TargetGroup>(caller, TARGET_GROUP)).map((r) => r.data);
        // The same request twice returns the same target group (API reference: CreateTargetGroup is idempotent).
        const same = all.find((t) => t.TargetGroupName === input.Name);
        if (same) {
          const { TargetGroupArn: _arn, Attributes: _a, Tags: _t, Targets: _r, ...existing } = same;
          if (settingsOf(existing) === settingsOf(settings)) return targetGroupView(tx, caller, same);
          throw new DuplicateTargetGroupName(input.Name);
        }
        if (all.length >= MAX_TARGET_GROUPS) throw new TooManyTargetGroups();
        const tg: TargetGroup = {
          TargetGroupArn: elbArn(caller.region, caller.accountId, `targetgroup/${input.Name}/${deps.ids.hex(16)}`),
          ...settings,
          Attributes: defaultAttributes(attributeSpecs(settings)),
          Tags: tags,
          Targets: [],
        };
        await tx.insertResource(caller, { id: tg.TargetGroupArn, type: TARGET_GROUP, parentId: vpcId, data: tg });
        return targetGroupView(tx, caller, tg);
      });
    },

    /** Deleting a target group that does not exist succeeds; one behind a listener is ResourceInUse. */
    async delete(caller: Caller, input: { TargetGroupArn: string }): Promise<void> {
      await deps.store.write(async (tx) => {
        const tg = await findTargetGroup(tx, caller, input.TargetGroupArn);
        if (!tg) return;
        if ((await loadBalancersOfTargetGroup(tx, caller, tg.TargetGroupArn)).length > 0) {
          throw new ResourceInUse(`Target group '${tg.TargetGroupArn}' is currently in use by a listener or a rule`);
        }
        await tx.deleteResource(caller, tg.TargetGroupArn);
      });
    },

    async describe(caller: Caller, input: DescribeTargetGroupsInput): Promise<{ TargetGroups: TargetGroupView[]; NextMarker?: string }> {
      const selectors = [input.LoadBalancerArn !== undefined, !!input.TargetGroupArns?.length, !!input.Names?.length].filter(Boolean).length;
      if (selectors > 1) throw new ValidationError('Only one of load balancer ARN, target group ARNs or target group names can be specified');
      return deps.store.read(async (tx) => {
        let groups: TargetGroup[];
        if (input.TargetGroupArns?.length) {
          groups = [];
          for (const arn of input.TargetGroupArns) groups.push(await getTargetGroup(tx, caller, arn));
        } else {
          groups = (await tx.listResources<TargetGroup>(caller, TARGET_GROUP)).map((r) => r.data);
          if (input.Names?.length) {
            const missing = input.Names.filter((n) => !groups.some((g) => g.TargetGroupName === n));
            if (missing.length) throw new TargetGroupNotFound(missing);
            groups = groups.filter((g) => input.Names!.includes(g.TargetGroupName));
          } else if (input.LoadBalancerArn !== undefined) {
            const lb = await getLoadBalancer(tx, caller, input.LoadBalancerArn);
            const used = new Set((await listenersOf(tx, caller, lb.LoadBalancerArn)).flatMap(forwardedTargetGroups));
            groups = groups.filter((g) => used.has(g.TargetGroupArn));
          }
        }
        const page = pageByMarker(groups, input.PageSize, input.Marker);
        const views: TargetGroupView[] = [];
        for (const g of page.items) views.push(await targetGroupView(tx, caller, g));
        return { TargetGroups: views, NextMarker: page.NextMarker };
      });
    },

    async modify(caller: Caller, input: HealthCheckInput & { TargetGroupArn: string }): Promise<TargetGroupView> {
      return deps.store.write(async (tx) => {
        const tg = await getTargetGroup(tx, caller, input.TargetGroupArn);
        Object.assign(tg, healthCheck(tg, input, tg));
        if (tg.HealthCheckProtocol === 'TCP') { delete tg.HealthCheckPath; delete tg.Matcher; }
        await tx.updateResource(caller, { id: tg.TargetGroupArn, type: TARGET_GROUP, parentId: tg.VpcId, data: tg });
        return targetGroupView(tx, caller, tg);
      });
    },

    async describeAttributes(caller: Caller, input: { TargetGroupArn: string }): Promise<{ Key: string; Value: string }[]> {
      const tg = await deps.store.read((tx) => getTargetGroup(tx, caller, input.TargetGroupArn));
      return attributeList(tg.Attributes, attributeSpecs(tg));
    },

    async modifyAttributes(caller: Caller, input: { TargetGroupArn: string; Attributes: { Key?: string; Value?: string }[] }): Promise<{ Key: string; Value: string }[]> {
      return deps.store.write(async (tx) => {
        const tg = await getTargetGroup(tx, caller, input.TargetGroupArn);
        const specs = attributeSpecs(tg);
        const next = modifyAttributes(tg.Attributes, input.Attributes, specs, 'Target group');
        if (next['proxy_protocol_v2.enabled'] === 'true' && (tg.Protocol === 'UDP' || tg.Protocol === 'TCP_UDP')) {
          // PROXY protocol v2 headers are written on TCP streams only (NLB guide, "Proxy protocol").
          throw new InvalidConfigurationRequest(`Proxy protocol v2 is not supported for target groups with the ${tg.Protocol} protocol`);
        }
        tg.Attributes = next;
        await tx.updateResource(caller, { id: tg.TargetGroupArn, type: TARGET_GROUP, parentId: tg.VpcId, data: tg });
        return attributeList(tg.Attributes, specs);
      });
    },
  };
}
