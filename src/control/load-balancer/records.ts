/**
 * @module control/load-balancer/records
 * The stored shapes of load balancers and listeners, and their lookups. Both are stored under their ARN
 * (the store's id); a listener's parent is its load balancer. Attributes and ELBv2 tags live in the
 * record: they are addressed by ARN only (AddTags, ModifyLoadBalancerAttributes), never by EC2's tag APIs.
 * A load balancer's State is not stored: it is derived from CreatedTime and the clock (rules R172).
 */
import type { Scope, StoreReader, Tag } from '../../store/store.js';
import { checkArn, type LoadBalancerType } from './arns.js';
import { ListenerNotFound, LoadBalancerNotFound } from './errors.js';

export const LOAD_BALANCER = 'elbv2-load-balancer';
export const LISTENER = 'elbv2-listener';

export interface LoadBalancerAddress {
  PrivateIPv4Address?: string;
}

export interface LoadBalancerAvailabilityZone {
  ZoneName: string;
  SubnetId: string;
  LoadBalancerAddresses: LoadBalancerAddress[];
}

export interface LoadBalancer {
  LoadBalancerArn: string;
  /** gateway load balancers have no DNS name */
  DNSName?: string;
  CanonicalHostedZoneId?: string;
  /** ISO 8601 */
  CreatedTime: string;
  LoadBalancerName: string;
  /** gateway load balancers have no scheme to choose */
  Scheme?: 'internet-facing' | 'internal';
  VpcId: string;
  Type: LoadBalancerType;
  AvailabilityZones: LoadBalancerAvailabilityZone[];
  SecurityGroups?: string[];
  IpAddressType: 'ipv4';
  EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic?: 'on' | 'off';
  Attributes: Record<string, string>;
  Tags: Tag[];
  /** the requester-managed interfaces of its nodes, one per subnet */
  NetworkInterfaceIds: string[];
}

export interface ListenerAction {
  Type: 'forward';
  TargetGroupArn: string;
  Order?: number;
  ForwardConfig?: { TargetGroups: { TargetGroupArn: string; Weight?: number }[]; TargetGroupStickinessConfig?: { Enabled: boolean } };
}

export interface Listener {
  ListenerArn: string;
  LoadBalancerArn: string;
  /** gateway load balancer listeners have neither port nor protocol */
  Port?: number;
  Protocol?: 'TCP' | 'UDP' | 'TCP_UDP' | 'TLS';
  Certificates?: { CertificateArn: string }[];
  SslPolicy?: string;
  AlpnPolicy?: string[];
  DefaultActions: ListenerAction[];
  Tags: Tag[];
}

export async function findLoadBalancer(tx: StoreReader, scope: Scope, arn: string): Promise<LoadBalancer | undefined> {
  const r = await tx.getResource<LoadBalancer>(scope, arn);
  return r && r.type === LOAD_BALANCER ? r.data : undefined;
}

/** A load balancer of the caller by ARN; an ARN of another account is not found, as on AWS. */
export async function getLoadBalancer(tx: StoreReader, scope: Scope, arn: string): Promise<LoadBalancer> {
  checkArn(arn, 'loadbalancer');
  const lb = await findLoadBalancer(tx, scope, arn);
  if (!lb) throw new LoadBalancerNotFound();
  return lb;
}

export async function getListener(tx: StoreReader, scope: Scope, arn: string): Promise<Listener> {
  checkArn(arn, 'listener');
  const r = await tx.getResource<Listener>(scope, arn);
  if (!r || r.type !== LISTENER) throw new ListenerNotFound();
  return r.data;
}

export async function listenersOf(tx: StoreReader, scope: Scope, loadBalancerArn: string): Promise<Listener[]> {
  return (await tx.listResources<Listener>(scope, LISTENER, loadBalancerArn)).map((r) => r.data);
}

/** The target groups a listener forwards to. */
export function forwardedTargetGroups(listener: Listener): string[] {
  return listener.DefaultActions.map((a) => a.TargetGroupArn);
}

/** The load balancers whose listeners forward to a target group (TargetGroup.LoadBalancerArns). */
export async function loadBalancersOfTargetGroup(tx: StoreReader, scope: Scope, targetGroupArn: string): Promise<string[]> {
  const listeners = (await tx.listResources<Listener>(scope, LISTENER)).map((r) => r.data);
  return [...new Set(listeners.filter((l) => forwardedTargetGroups(l).includes(targetGroupArn)).map((l) => l.LoadBalancerArn))];
}
