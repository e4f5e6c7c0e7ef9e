/**
 * @module control/security-group/security-group
 * Security groups and their rules: CreateSecurityGroup, DeleteSecurityGroup, DescribeSecurityGroups,
 * Authorize/RevokeSecurityGroupIngress/Egress and DescribeSecurityGroupRules. Rules are stored one by
 * one (records.ts) and shown grouped as IpPermissions (permissions.ts).
 *
 *   Authorize: IpPermissions (+ the flat ingress members) -> one rule spec per source -> validated,
 *              checked against the group's rules (duplicate, quota) -> stored with sgr- ids
 *   Revoke:    rule ids and/or IpPermissions -> the matching stored rules -> deleted
 */
import type { Caller, ControlDeps } from '../context.js';
import type { Scope, StoreReader, Tag } from '../../store/store.js';
import { filterAndPage, selectResources, type Filter, type FilterDefs } from '../describe.js';
import { AwsError, DependencyViolation, InvalidParameterValue, MissingParameter, NotFound, notFound } from '../errors.js';
import { NETWORK_INTERFACE, type NetworkInterface } from '../network-interface/network-interfaces.js';
import { getPrefixList } from '../prefix-list/prefix-list.js';
import { tagsFromSpecifications, type TagSpecification } from '../tags/tags.js';
import { getVpc, VPC, type Vpc } from '../vpc/vpc.js';
import { duplicateError, ipv4Peer, ipv6Peer, normalizeProtocol, portRange, ruleKey, toIpPermissions, type IpPermission } from './permissions.js';
import {
  defaultEgressRule, newRule, newSecurityGroup, SECURITY_GROUP, SECURITY_GROUP_RULE,
  type SecurityGroup, type SecurityGroupRule, type SecurityGroupRuleSpec,
} from './records.js';

export interface SecurityGroupView {
  group: SecurityGroup;
  IpPermissions: IpPermission[];
  IpPermissionsEgress: IpPermission[];
  tags: Tag[];
}

export interface RuleWithTags {
  rule: SecurityGroupRule;
  tags: Tag[];
}

interface GroupRef {
  GroupId?: string;
  GroupName?: string;
}

/** What Authorize* and Revoke* take; the flat members exist on the ingress operations only. */
export interface RuleChangeInput extends GroupRef {
  IpPermissions?: IpPermission[];
  CidrIp?: string;
  IpProtocol?: string;
  FromPort?: number;
  ToPort?: number;
  SourceSecurityGroupName?: string;
  SourceSecurityGroupOwnerId?: string;
}

export interface DescribeSecurityGroupsInput {
  GroupIds?: string[];
  GroupNames?: string[];
  Filters?: Filter[];
  MaxResults?: number;
  NextToken?: string;
}

export async function getSecurityGroup(tx: StoreReader, scope: Scope, groupId: string): Promise<SecurityGroup> {
  const r = await tx.getResource<SecurityGroup>(scope, groupId);
  if (!r || r.type !== SECURITY_GROUP) throw notFound(SECURITY_GROUP, groupId);
  return r.data;
}

async function defaultVpc(tx: StoreReader, scope: Scope): Promise<Vpc | undefined> {
  return (await tx.listResources<Vpc>(scope, VPC)).find((r) => r.data.IsDefault)?.data;
}

/** [Default VPC] A group by name: names address the default VPC's groups only (API reference, GroupName). */
async function getSecurityGroupByName(tx: StoreReader, scope: Scope, name: string): Promise<SecurityGroup> {
  const vpc = await defaultVpc(tx, scope);
  if (!vpc) throw new AwsError('VPCIdNotSpecified', 'No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC.');
  const found = (await tx.listResources<SecurityGroup>(scope, SECURITY_GROUP, vpc.VpcId)).find((r) => r.data.GroupName === name);
  if (!found) throw new NotFound('InvalidGroup.NotFound', `The security group '${name}' does not exist in default VPC '${vpc.VpcId}'`);
  return found.data;
}

async function resolveGroup(tx: StoreReader, scope: Scope, ref: GroupRef): Promise<SecurityGroup> {
  if (ref.GroupId !== undefined) return getSecurityGroup(tx, scope, ref.GroupId);
  if (ref.GroupName !== undefined) return getSecurityGroupByName(tx, scope, ref.GroupName);
  throw new MissingParameter('groupName or groupId');
}

/**
 * Another account's group. Rules may name groups of other accounts by UserId (API reference,
 * UserIdGroupPair), so this is the one read security groups make outside the caller's account.
 */
async function findGroupOfAccount(tx: StoreReader, accountId: string, region: string, groupId: string): Promise<SecurityGroup | undefined> {
  const r = await tx.getResource<SecurityGroup>({ accountId, region }, groupId);
  return r?.type === SECURITY_GROUP ? r.data : undefined;
}

async function rulesOf(tx: StoreReader, scope: Scope, groupId: string, isEgress: boolean): Promise<SecurityGroupRule[]> {
  return (await tx.listResources<SecurityGroupRule>(scope, SECURITY_GROUP_RULE, groupId)).map((r) => r.data).filter((r) => r.IsEgress === isEgress);
}

/**
 * The group a rule references. Authorize checks it (`strict`): it must exist, and a group of the same
 * account must sit in the same VPC (real EC2 answer: InvalidGroup.NotFound "You have specified two
 * resources that belong to different networks."). Revoke only needs its id to match stored rules.
 */
async function referencedGroup(tx: StoreReader, caller: Caller, target: SecurityGroup, pair: NonNullable<IpPermission['UserIdGroupPairs']>[number], strict: boolean): Promise<{ GroupId: string; UserId: string }> {
  const userId = pair.UserId ?? caller.accountId;
  if (userId !== caller.accountId) {
    // Another account's group is named by id: its names mean nothing outside that account.
    if (pair.GroupId === undefined) throw new MissingParameter('groupId');
    if (strict && !(await findGroupOfAccount(tx, userId, caller.region, pair.GroupId))) throw notFound(SECURITY_GROUP, pair.GroupId);
    return { GroupId: pair.GroupId, UserId: userId };
  }
  if (!strict && pair.GroupId !== undefined) return { GroupId: pair.GroupId, UserId: userId };
  const group = await resolveGroup(tx, caller, pair);
  if (strict && group.VpcId !== target.VpcId) {
    throw new NotFound('InvalidGroup.NotFound', 'You have specified two resources that belong to different networks.');
  }
  return { GroupId: group.GroupId, UserId: userId };
}

/** One rule spec per source of each permission: every CIDR, IPv6 CIDR, prefix list and group is a rule. */
async function ruleSpecs(tx: StoreReader, caller: Caller, group: SecurityGroup, permissions: readonly IpPermission[], isEgress: boolean, strict: boolean): Promise<SecurityGroupRuleSpec[]> {
  const specs: SecurityGroupRuleSpec[] = [];
  const described = (d: string | undefined) => (d === undefined ? {} : { Description: d });
  for (const p of permissions) {
    const IpProtocol = normalizeProtocol(p.IpProtocol);
    const base = { IsEgress: isEgress, IpProtocol, ...portRange(IpProtocol, p.FromPort, p.ToPort) };
    const before = specs.length;
    for (const r of p.IpRanges ?? []) specs.push({ ...base, CidrIpv4: ipv4Peer(r.CidrIp), ...described(r.Description) });
    for (const r of p.Ipv6Ranges ?? []) specs.push({ ...base, CidrIpv6: ipv6Peer(r.CidrIpv6), ...described(r.Description) });
    for (const r of p.PrefixListIds ?? []) {
      const id = r.PrefixListId ?? '';
      // A referenced prefix list must exist (rule R127: rules may name prefix lists).
      if (strict) getPrefixList(caller.region, id);
      specs.push({ ...base, PrefixListId: id, ...described(r.Description) });
    }
    for (const pair of p.UserIdGroupPairs ?? []) {
      specs.push({ ...base, ReferencedGroupInfo: await referencedGroup(tx, caller, group, pair, strict), ...described(pair.Description) });
    }
    if (specs.length === before) {
      throw new AwsError('MissingParameter', 'Missing source specification: include source security group or CIDR information');
    }
  }
  return specs;
}

/**
 * The flat members of the ingress operations as IpPermissions. A source group named without a protocol
 * grants all of TCP, UDP and ICMP (API reference, AuthorizeSecurityGroupIngress SourceSecurityGroupName).
 */
function flatPermissions(input: RuleChangeInput): IpPermission[] {
  const ports = { FromPort: input.FromPort, ToPort: input.ToPort };
  if (input.SourceSecurityGroupName !== undefined) {
    const UserIdGroupPairs = [{ GroupName: input.SourceSecurityGroupName, UserId: input.SourceSecurityGroupOwnerId }];
    if (input.IpProtocol !== undefined) return [{ IpProtocol: input.IpProtocol, ...ports, UserIdGroupPairs }];
    return [
      { IpProtocol: 'tcp', FromPort: 0, ToPort: 65535, UserIdGroupPairs },
      { IpProtocol: 'udp', FromPort: 0, ToPort: 65535, UserIdGroupPairs },
      { IpProtocol: 'icmp', FromPort: -1, ToPort: -1, UserIdGroupPairs },
    ];
  }
  if (input.CidrIp === undefined && input.IpProtocol === undefined) return [];
  return [{ IpProtocol: input.IpProtocol, ...ports, ...(input.CidrIp === undefined ? {} : { IpRanges: [{ CidrIp: input.CidrIp }] }) }];
}

function requestedPermissions(input: RuleChangeInput, isEgress: boolean): IpPermission[] {
  return [...(input.IpPermissions ?? []), ...(isEgress ? [] : flatPermissions(input))];
}

export function securityGroupService(deps: ControlDeps) {
  const { quotas } = deps.settings;

  return {
    /** A new group has no inbound rule and AWS's default outbound rule (rule R167). */
    async create(caller: Caller, input: { GroupName: string; Description: string; VpcId?: string; TagSpecifications?: TagSpecification[] }): Promise<{ group: SecurityGroup; tags: Tag[] }> {
      const name = input.GroupName;
      // `default` names each VPC's own group, and sg-* would read as a group id (real EC2 answers
      // quoted in pulumi/pulumi-awsx#328 and in the VPC User Guide, "Default security groups").
      if (name === 'default') throw new InvalidParameterValue('Cannot use reserved security group name: default');
      if (name.startsWith('sg-')) throw new InvalidParameterValue(`Value (${name}) for parameter GroupName is invalid. Group names may not be in the format sg-*.`);
      const tags = tagsFromSpecifications(input.TagSpecifications, SECURITY_GROUP);
      return deps.store.write(async (tx) => {
        const vpc = input.VpcId !== undefined ? await getVpc(tx, caller, input.VpcId) : await defaultVpc(tx, caller);
        if (!vpc) throw new AwsError('VPCIdNotSpecified', 'No default VPC for this user');
        const groups = await tx.listResources<SecurityGroup>(caller, SECURITY_GROUP, vpc.VpcId);
        // Names are case-insensitive and unique within a VPC (EC2 User Guide, "Security group basics").
        if (groups.some((g) => g.data.GroupName.toLowerCase() === name.toLowerCase())) {
          throw new AwsError('InvalidGroup.Duplicate', `The security group '${name}' already exists for VPC '${vpc.VpcId}'`);
        }
        if (groups.length >= quotas.securityGroupsPerVpc) {
          throw new AwsError('SecurityGroupLimitExceeded', 'The maximum number of security groups has been reached.');
        }
        const group = newSecurityGroup(deps, caller.region, caller.accountId, vpc.VpcId, name, input.Description);
        await tx.insertResource(caller, { id: group.GroupId, type: SECURITY_GROUP, parentId: vpc.VpcId, data: group });
        const egress = defaultEgressRule(deps, caller.region, group);
        await tx.insertResource(caller, { id: egress.SecurityGroupRuleId, type: SECURITY_GROUP_RULE, parentId: group.GroupId, data: egress });
        await tx.putTags(caller, group.GroupId, tags);
        return { group, tags };
      });
    },

    /**
     * The default group cannot go, nor a group that another group's rule references or a network
     * interface uses (real EC2 answers quoted in the VPC User Guide and terraform-provider-aws#1671).
     */
    async delete(caller: Caller, input: GroupRef): Promise<SecurityGroup> {
      return deps.store.write(async (tx) => {
        const group = await resolveGroup(tx, caller, input);
        if (group.GroupName === 'default') {
          throw new AwsError('CannotDelete', `the specified group: "${group.GroupId}" name: "default" cannot be deleted by a user`);
        }
        // Rules of any account may reference the group by UserId and id.
        const referenced = (await tx.listResourcesOfAllAccounts<SecurityGroupRule>(caller.region, SECURITY_GROUP_RULE, caller.accountId)).some((r) =>
          r.data.GroupId !== group.GroupId && r.data.ReferencedGroupInfo?.GroupId === group.GroupId);
        const inUse = (await tx.listResources<NetworkInterface>(caller, NETWORK_INTERFACE)).some((n) => n.data.Groups.some((g) => g.GroupId === group.GroupId));
        if (referenced || inUse) throw new DependencyViolation(`resource ${group.GroupId} has a dependent object`);
        for (const rule of await tx.listResources(caller, SECURITY_GROUP_RULE, group.GroupId)) await tx.deleteResource(caller, rule.id);
        await tx.deleteResource(caller, group.GroupId);
        return group;
      });
    },

    async describe(caller: Caller, input: DescribeSecurityGroupsInput): Promise<{ groups: SecurityGroupView[]; nextToken?: string }> {
      return deps.store.read(async (tx) => {
        const all = (await tx.listResources<SecurityGroup>(caller, SECURITY_GROUP)).map((r) => r.data);
        const byId = new Map(all.map((g) => [g.GroupId, g]));
        let groups = all;
        if (input.GroupIds?.length || input.GroupNames?.length) {
          const chosen = new Map<string, SecurityGroup>();
          for (const id of input.GroupIds ?? []) {
            const g = byId.get(id);
            if (!g) throw notFound(SECURITY_GROUP, id);
            chosen.set(id, g);
          }
          for (const name of input.GroupNames ?? []) {
            const g = await getSecurityGroupByName(tx, caller, name);
            chosen.set(g.GroupId, g);
          }
          groups = [...chosen.values()];
        }
        const rulesByGroup = new Map<string, SecurityGroupRule[]>();
        for (const { data } of await tx.listResources<SecurityGroupRule>(caller, SECURITY_GROUP_RULE)) {
          rulesByGroup.set(data.GroupId, [...(rulesByGroup.get(data.GroupId) ?? []), data]);
        }
        const rules = (g: SecurityGroup, isEgress: boolean) => (rulesByGroup.get(g.GroupId) ?? []).filter((r) => r.IsEgress === isEgress);
        const permissionFilters = (prefix: string, isEgress: boolean): FilterDefs<SecurityGroup> => ({
          [`${prefix}.cidr`]: (g) => rules(g, isEgress).map((r) => r.CidrIpv4),
          [`${prefix}.from-port`]: (g) => rules(g, isEgress).map((r) => r.FromPort),
          [`${prefix}.to-port`]: (g) => rules(g, isEgress).map((r) => r.ToPort),
          [`${prefix}.protocol`]: (g) => rules(g, isEgress).map((r) => r.IpProtocol),
          [`${prefix}.group-id`]: (g) => rules(g, isEgress).map((r) => r.ReferencedGroupInfo?.GroupId),
          [`${prefix}.group-name`]: (g) => rules(g, isEgress).map((r) => byId.get(r.ReferencedGroupInfo?.GroupId ?? '')?.GroupName),
          [`${prefix}.ipv6-cidr`]: (g) => rules(g, isEgress).map((r) => r.CidrIpv6),
          [`${prefix}.prefix-list-id`]: (g) => rules(g, isEgress).map((r) => r.PrefixListId),
          [`${prefix}.user-id`]: (g) => rules(g, isEgress).map((r) => r.ReferencedGroupInfo?.UserId),
        });
        const page = await filterAndPage(tx, caller, groups, (g) => g.GroupId, input, {
          'description': (g) => g.Description,
          'group-id': (g) => g.GroupId,
          'group-name': (g) => g.GroupName,
          'owner-id': (g) => g.OwnerId,
          'vpc-id': (g) => g.VpcId,
          ...permissionFilters('ip-permission', false),
          ...permissionFilters('egress.ip-permission', true),
        });
        return {
          groups: page.items.map((t) => ({
            group: t.item,
            IpPermissions: toIpPermissions(rules(t.item, false)),
            IpPermissionsEgress: toIpPermissions(rules(t.item, true)),
            tags: t.tags,
          })),
          nextToken: page.nextToken,
        };
      });
    },

    /** Adds rules; the whole request fails if one of its rules does (duplicate, quota, bad source). */
    async authorize(caller: Caller, input: RuleChangeInput & { TagSpecifications?: TagSpecification[] }, isEgress: boolean): Promise<RuleWithTags[]> {
      const permissions = requestedPermissions(input, isEgress);
      if (permissions.length === 0) throw new MissingParameter('IpPermissions');
      const tags = tagsFromSpecifications(input.TagSpecifications, SECURITY_GROUP_RULE);
      return deps.store.write(async (tx) => {
        const group = await resolveGroup(tx, caller, input);
        const specs = await ruleSpecs(tx, caller, group, permissions, isEgress, true);
        const requested = new Set<string>();
        for (const spec of specs) {
          // Real EC2 text for one rule sent twice in a request (input-output-hk/bitte#24).
          if (requested.has(ruleKey(spec))) throw new InvalidParameterValue('The same permission must not appear multiple times');
          requested.add(ruleKey(spec));
        }
        const existing = await rulesOf(tx, caller, group.GroupId, isEgress);
        const existingKeys = new Set(existing.map(ruleKey));
        const duplicate = specs.find((s) => existingKeys.has(ruleKey(s)));
        if (duplicate) throw duplicateError(duplicate);
        // The quota counts inbound and outbound rules separately (VPC User Guide, "Amazon VPC quotas").
        if (existing.length + specs.length > quotas.rulesPerSecurityGroup) {
          throw new AwsError('RulesPerSecurityGroupLimitExceeded', 'The maximum number of rules per security group has been reached.');
        }
        const added: RuleWithTags[] = [];
        for (const spec of specs) {
          const rule = newRule(deps, caller.region, group, spec);
          await tx.insertResource(caller, { id: rule.SecurityGroupRuleId, type: SECURITY_GROUP_RULE, parentId: group.GroupId, data: rule });
          await tx.putTags(caller, rule.SecurityGroupRuleId, tags);
          added.push({ rule, tags });
        }
        return added;
      });
    },

    /**
     * Removes rules named by id or by their properties (matched exactly, descriptions aside). A rule that
     * does not exist is InvalidPermission.NotFound in a non-default VPC; in the default VPC the call
     * succeeds and lists it among the unknown permissions (API reference, RevokeSecurityGroupIngress).
     */
    async revoke(caller: Caller, input: RuleChangeInput & { SecurityGroupRuleIds?: string[] }, isEgress: boolean): Promise<{ revoked: SecurityGroupRule[]; unknown: IpPermission[] }> {
      const permissions = requestedPermissions(input, isEgress);
      const ruleIds = input.SecurityGroupRuleIds ?? [];
      if (permissions.length === 0 && ruleIds.length === 0) throw new MissingParameter('IpPermissions');
      return deps.store.write(async (tx) => {
        const group = await resolveGroup(tx, caller, input);
        const rules = await rulesOf(tx, caller, group.GroupId, isEgress);
        const revoked = new Map<string, SecurityGroupRule>();
        for (const id of ruleIds) {
          const rule = rules.find((r) => r.SecurityGroupRuleId === id);
          if (!rule) throw notFound(SECURITY_GROUP_RULE, id);
          revoked.set(id, rule);
        }
        const byKey = new Map(rules.map((r) => [ruleKey(r), r]));
        const unknown: SecurityGroupRuleSpec[] = [];
        for (const spec of await ruleSpecs(tx, caller, group, permissions, isEgress, false)) {
          const rule = byKey.get(ruleKey(spec));
          if (rule) revoked.set(rule.SecurityGroupRuleId, rule);
          else unknown.push(spec);
        }
        if (unknown.length > 0 && !(await getVpc(tx, caller, group.VpcId)).IsDefault) {
          throw new AwsError('InvalidPermission.NotFound', 'The specified rule does not exist in this security group.');
        }
        for (const id of revoked.keys()) await tx.deleteResource(caller, id);
        return { revoked: [...revoked.values()], unknown: toIpPermissions(unknown) };
      });
    },

    async describeRules(caller: Caller, input: { SecurityGroupRuleIds?: string[]; Filters?: Filter[]; MaxResults?: number; NextToken?: string }): Promise<{ rules: RuleWithTags[]; nextToken?: string }> {
      return deps.store.read(async (tx) => {
        const rules = await selectResources<SecurityGroupRule>(tx, caller, SECURITY_GROUP_RULE, input.SecurityGroupRuleIds);
        const page = await filterAndPage(tx, caller, rules, (r) => r.SecurityGroupRuleId, input, {
          'group-id': (r) => r.GroupId,
          'security-group-rule-id': (r) => r.SecurityGroupRuleId,
        });
        return { rules: page.items.map((t) => ({ rule: t.item, tags: t.tags })), nextToken: page.nextToken };
      });
    },
  };
}
