/**
 * @module control/target-group/targets
 * RegisterTargets, DeregisterTargets and DescribeTargetHealth. Health is reported as AWS reports it before
 * any health check has run (TargetHealth reason codes, ELBv2 API reference; rules R172):
 *
 *   registered, group behind no listener        unused    Target.NotInUse
 *   registered, zone not enabled on the LB      unused    Target.NotInUse
 *   registered, group behind a listener         initial   Elb.RegistrationInProgress
 *   deregistered, within deregistration delay   draining  Target.DeregistrationInProgress
 *   asked for but not registered                unused    Target.NotRegistered
 *
 * Deregistration drains only when a listener uses the group: without one no connection can be open, and
 * AWS completes a deregistration at once when there is nothing in flight (NLB guide, "Deregistration delay").
 */
import type { Caller, ControlDeps } from '../context.js';
import type { Scope, StoreReader } from '../../store/store.js';
import { containsIp, parseCidr, parseIpv4, type Cidr } from '../cidr.js';
import { ValidationError } from '../errors.js';
import { findZone } from '../regions/regions.js';
import { SUBNET, type Subnet } from '../subnet/records.js';
import { getVpc } from '../vpc/vpc.js';
import { InvalidTarget } from '../load-balancer/errors.js';
import { findLoadBalancer, loadBalancersOfTargetGroup } from '../load-balancer/records.js';
import { getTargetGroup, TARGET_GROUP, type RegisteredTarget, type TargetGroup } from './records.js';

export interface TargetDescription {
  Id: string;
  Port?: number;
  AvailabilityZone?: string;
}

export interface TargetHealthDescription {
  Target: TargetDescription;
  HealthCheckPort: string;
  TargetHealth: { State: 'initial' | 'unused' | 'draining'; Reason: string; Description: string };
}

/** Addresses an ip target outside the VPC may have: RFC 1918 and RFC 6598 (NLB guide, "IP addresses as targets"). */
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'].map((c) => parseCidr(c)!);

const HEALTH = {
  notInUse: { State: 'unused', Reason: 'Target.NotInUse', Description: 'Target group is not configured to receive traffic from the load balancer' },
  zoneNotEnabled: { State: 'unused', Reason: 'Target.NotInUse', Description: 'Target is in an Availability Zone that is not enabled for the load balancer' },
  notRegistered: { State: 'unused', Reason: 'Target.NotRegistered', Description: 'Target is not registered to the target group' },
  registering: { State: 'initial', Reason: 'Elb.RegistrationInProgress', Description: 'Target registration is in progress' },
  draining: { State: 'draining', Reason: 'Target.DeregistrationInProgress', Description: 'Target deregistration is in progress' },
} as const;

/** The zone of an ip target: its subnet's when the address is in the VPC, else the one given (rules of RegisterTargets). */
async function ipTargetZone(tx: StoreReader, scope: Scope, tg: TargetGroup, t: TargetDescription): Promise<string> {
  const ip = parseIpv4(t.Id);
  if (ip === undefined) throw new ValidationError(`The IP address '${t.Id}' is not a valid IPv4 address`);
  const subnets = (await tx.listResources<Subnet>(scope, SUBNET, tg.VpcId)).map((r) => r.data);
  const subnet = subnets.find((s) => containsIp(parseCidr(s.CidrBlock)!, ip));
  if (subnet) {
    if (t.AvailabilityZone !== undefined && t.AvailabilityZone !== subnet.AvailabilityZone) {
      throw new ValidationError(`The IP address '${t.Id}' is within the VPC, and cannot have its Availability Zone overridden to '${t.AvailabilityZone}' from '${subnet.AvailabilityZone}'`);
    }
    return subnet.AvailabilityZone;
  }
  if (t.AvailabilityZone === undefined) throw new ValidationError(`The Availability Zone is required for IP address '${t.Id}' because it is not in the VPC`);
  if (t.AvailabilityZone !== 'all' && !findZone(scope.accountId, scope.region, { name: t.AvailabilityZone })) {
    throw new ValidationError(`You must specify a valid Availability Zone or select 'all' for all enabled Availability zones, since the IP address '${t.Id}' is outside the VPC`);
  }
  const vpc = await getVpc(tx, scope, tg.VpcId);
  const allowed: Cidr[] = [...vpc.CidrBlockAssociationSet.map((a) => parseCidr(a.CidrBlock)!), ...PRIVATE_RANGES];
  if (!allowed.some((c) => containsIp(c, ip))) {
    // Publicly routable addresses cannot be targets (NLB guide, "IP addresses as targets").
    throw new InvalidTarget(`The IP address '${t.Id}' is not in the VPC or in a private address range and cannot be registered`);
  }
  return t.AvailabilityZone;
}

async function checkTarget(tx: StoreReader, scope: Scope, tg: TargetGroup, t: TargetDescription): Promise<string | undefined> {
  switch (tg.TargetType) {
    case 'ip':
      return ipTargetZone(tx, scope, tg, t);
    case 'instance':
      // Postern runs no EC2 instances: an instance id is taken as given, in AWS's format.
      if (!/^i-([0-9a-f]{8}|[0-9a-f]{17})$/.test(t.Id)) throw new ValidationError(`Instance ID '${t.Id}' is not valid`);
      return undefined;
    case 'alb':
      // The target of an alb group is an Application Load Balancer of the account, and Postern serves none.
      throw new InvalidTarget(`The following targets are not valid Application Load Balancers: '${t.Id}'`);
  }
}

function isDraining(deps: ControlDeps, tg: TargetGroup, r: RegisteredTarget): boolean {
  if (!r.DeregisteredAt) return false;
  const delayMs = Number(tg.Attributes['deregistration_delay.timeout_seconds'] ?? '300') * 1000;
  return deps.clock().getTime() < Date.parse(r.DeregisteredAt) + delayMs;
}

/** Registrations still visible: registered ones and those draining. */
function liveTargets(deps: ControlDeps, tg: TargetGroup): RegisteredTarget[] {
  return tg.Targets.filter((r) => !r.DeregisteredAt || isDraining(deps, tg, r));
}

function wireTarget(r: RegisteredTarget): TargetDescription {
  return { Id: r.Id, Port: r.Port, ...(r.AvailabilityZone ? { AvailabilityZone: r.AvailabilityZone } : {}) };
}

export function targetService(deps: ControlDeps) {
  return {
    async register(caller: Caller, input: { TargetGroupArn: string; Targets: TargetDescription[] }): Promise<void> {
      await deps.store.write(async (tx) => {
        const tg = await getTargetGroup(tx, caller, input.TargetGroupArn);
        const now = deps.clock().toISOString();
        tg.Targets = liveTargets(deps, tg);
        for (const t of input.Targets) {
          const zone = await checkTarget(tx, caller, tg, t);
          const port = t.Port ?? tg.Port;
          // Registering a registered (or draining) target again starts it afresh.
          tg.Targets = tg.Targets.filter((r) => !(r.Id === t.Id && r.Port === port));
          tg.Targets.push({ Id: t.Id, Port: port, ...(zone ? { AvailabilityZone: zone } : {}), RegisteredAt: now });
        }
        await tx.updateResource(caller, { id: tg.TargetGroupArn, type: TARGET_GROUP, parentId: tg.VpcId, data: tg });
      });
    },

    async deregister(caller: Caller, input: { TargetGroupArn: string; Targets: TargetDescription[] }): Promise<void> {
      await deps.store.write(async (tx) => {
        const tg = await getTargetGroup(tx, caller, input.TargetGroupArn);
        const inUse = (await loadBalancersOfTargetGroup(tx, caller, tg.TargetGroupArn)).length > 0;
        const drains = inUse && tg.Attributes['deregistration_delay.timeout_seconds'] !== '0';
        const now = deps.clock().toISOString();
        tg.Targets = liveTargets(deps, tg);
        for (const t of input.Targets) {
          const port = t.Port ?? tg.Port;
          const matches = (r: RegisteredTarget) => r.Id === t.Id && r.Port === port && !r.DeregisteredAt;
          if (drains) tg.Targets = tg.Targets.map((r) => (matches(r) ? { ...r, DeregisteredAt: now } : r));
          else tg.Targets = tg.Targets.filter((r) => !matches(r));
        }
        await tx.updateResource(caller, { id: tg.TargetGroupArn, type: TARGET_GROUP, parentId: tg.VpcId, data: tg });
      });
    },

    async describeHealth(caller: Caller, input: { TargetGroupArn: string; Targets?: TargetDescription[] }): Promise<TargetHealthDescription[]> {
      return deps.store.read(async (tx) => {
        const tg = await getTargetGroup(tx, caller, input.TargetGroupArn);
        const lbArns = await loadBalancersOfTargetGroup(tx, caller, tg.TargetGroupArn);
        const zones = new Set<string>();
        for (const arn of lbArns) for (const z of (await findLoadBalancer(tx, caller, arn))?.AvailabilityZones ?? []) zones.add(z.ZoneName);
        const healthCheckPort = (port: number) => (tg.HealthCheckPort === 'traffic-port' ? String(port) : tg.HealthCheckPort);
        const describe = (r: RegisteredTarget): TargetHealthDescription => {
          let health: TargetHealthDescription['TargetHealth'] = HEALTH.registering;
          if (r.DeregisteredAt) health = HEALTH.draining;
          else if (lbArns.length === 0) health = HEALTH.notInUse;
          else if (r.AvailabilityZone && r.AvailabilityZone !== 'all' && !zones.has(r.AvailabilityZone)) health = HEALTH.zoneNotEnabled;
          return { Target: wireTarget(r), HealthCheckPort: healthCheckPort(r.Port), TargetHealth: { ...health } };
        };
        const live = liveTargets(deps, tg);
        if (!input.Targets?.length) return live.map(describe);
        return input.Targets.flatMap((t) => {
          const found = live.filter((r) => r.Id === t.Id && (t.Port === undefined || r.Port === t.Port));
          if (found.length) return found.map(describe);
          const port = t.Port ?? tg.Port;
          return [{ Target: { Id: t.Id, Port: port }, HealthCheckPort: healthCheckPort(port), TargetHealth: { ...HEALTH.notRegistered } }];
        });
      });
    },
  };
}
