/**
 * @module control/target-group/records
 * The stored shape of a target group, stored under its ARN. Its registered targets live in the record
 * (a target group is small: at most a few hundred targets); a deregistered target stays, with the time it
 * was deregistered, while it drains. LoadBalancerArns is not stored: it is derived from the listeners.
 */
import type { Scope, StoreReader, Tag } from '../../store/store.js';
import { checkArn } from '../load-balancer/arns.js';
import { TargetGroupNotFound } from '../load-balancer/errors.js';

export const TARGET_GROUP = 'elbv2-target-group';

export type TargetGroupProtocol = 'TCP' | 'UDP' | 'TCP_UDP' | 'TLS' | 'GENEVE';
export type HealthCheckProtocol = 'TCP' | 'HTTP' | 'HTTPS';
export type TargetType = 'instance' | 'ip' | 'alb';

export interface RegisteredTarget {
  Id: string;
  Port: number;
  /** set for ip targets: the zone of the subnet holding the address, or the zone (or `all`) given for addresses outside the VPC */
  AvailabilityZone?: string;
  /** ISO 8601 */
  RegisteredAt: string;
  /** ISO 8601; the target drains until the deregistration delay has passed */
  DeregisteredAt?: string;
}

export interface TargetGroup {
  TargetGroupArn: string;
  TargetGroupName: string;
  Protocol: TargetGroupProtocol;
  Port: number;
  VpcId: string;
  HealthCheckProtocol: HealthCheckProtocol;
  HealthCheckPort: string;
  HealthCheckEnabled: boolean;
  HealthCheckIntervalSeconds: number;
  HealthCheckTimeoutSeconds: number;
  HealthyThresholdCount: number;
  UnhealthyThresholdCount: number;
  HealthCheckPath?: string;
  Matcher?: { HttpCode: string };
  TargetType: TargetType;
  IpAddressType: 'ipv4';
  Attributes: Record<string, string>;
  Tags: Tag[];
  Targets: RegisteredTarget[];
}

export async function findTargetGroup(tx: StoreReader, scope: Scope, arn: string): Promise<TargetGroup | undefined> {
  const r = await tx.getResource<TargetGroup>(scope, arn);
  return r && r.type === TARGET_GROUP ? r.data : undefined;
}

export async function getTargetGroup(tx: StoreReader, scope: Scope, arn: string): Promise<TargetGroup> {
  checkArn(arn, 'targetgroup');
  const tg = await findTargetGroup(tx, scope, arn);
  if (!tg) throw new TargetGroupNotFound();
  return tg;
}
