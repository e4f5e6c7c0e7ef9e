/**
 * @module control/security-group/records
 * The stored shapes of security groups and their rules. Rules are stored one by one (AWS's
 * SecurityGroupRule, with its sgr- id) as children of their group; the IpPermissions view of
 * DescribeSecurityGroups is derived from them.
 */
import type { ControlDeps } from '../context.js';
import { ec2Arn } from '../ids.js';

export interface SecurityGroup {
  GroupId: string;
  GroupName: string;
  Description: string;
  VpcId: string;
  OwnerId: string;
  SecurityGroupArn: string;
}

export interface SecurityGroupRule {
  SecurityGroupRuleId: string;
  GroupId: string;
  GroupOwnerId: string;
  IsEgress: boolean;
  IpProtocol: string;
  FromPort: number;
  ToPort: number;
  CidrIpv4?: string;
  CidrIpv6?: string;
  PrefixListId?: string;
  ReferencedGroupInfo?: { GroupId: string; UserId: string; VpcId?: string };
  Description?: string;
  SecurityGroupRuleArn: string;
}

/** A rule as a request states it, before it gets its sgr- id. */
export type SecurityGroupRuleSpec = Omit<SecurityGroupRule, 'SecurityGroupRuleId' | 'GroupId' | 'GroupOwnerId' | 'SecurityGroupRuleArn'>;

export const SECURITY_GROUP = 'security-group';
export const SECURITY_GROUP_RULE = 'security-group-rule';

export function newSecurityGroup(deps: ControlDeps, region: string, ownerId: string, vpcId: string, name: string, description: string): SecurityGroup {
  const id = deps.ids.resourceId('sg');
  return { GroupId: id, GroupName: name, Description: description, VpcId: vpcId, OwnerId: ownerId, SecurityGroupArn: ec2Arn(region, ownerId, `security-group/${id}`) };
}

export function newRule(deps: ControlDeps, region: string, group: SecurityGroup, rule: SecurityGroupRuleSpec): SecurityGroupRule {
  const id = deps.ids.resourceId('sgr');
  return { SecurityGroupRuleId: id, GroupId: group.GroupId, GroupOwnerId: group.OwnerId, ...rule, SecurityGroupRuleArn: ec2Arn(region, group.OwnerId, `security-group-rule/${id}`) };
}

/** AWS's default egress rule of every new group: all traffic to anywhere (rules R167). */
export function defaultEgressRule(deps: ControlDeps, region: string, group: SecurityGroup): SecurityGroupRule {
  return newRule(deps, region, group, { IsEgress: true, IpProtocol: '-1', FromPort: -1, ToPort: -1, CidrIpv4: '0.0.0.0/0' });
}

/** The default group of a VPC: ingress from itself, egress anywhere. */
export function newDefaultSecurityGroup(deps: ControlDeps, region: string, ownerId: string, vpcId: string): { group: SecurityGroup; rules: SecurityGroupRule[] } {
  const group = newSecurityGroup(deps, region, ownerId, vpcId, 'default', 'default VPC security group');
  const selfIngress = newRule(deps, region, group, {
    IsEgress: false, IpProtocol: '-1', FromPort: -1, ToPort: -1, ReferencedGroupInfo: { GroupId: group.GroupId, UserId: ownerId },
  });
  return { group, rules: [selfIngress, defaultEgressRule(deps, region, group)] };
}
