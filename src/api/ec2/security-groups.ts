/**
 * @module api/ec2/security-groups
 * CreateSecurityGroup, DeleteSecurityGroup, DescribeSecurityGroups, Authorize/RevokeSecurityGroupIngress,
 * Authorize/RevokeSecurityGroupEgress, DescribeSecurityGroupRules.
 */
import type {
  AuthorizeSecurityGroupEgressRequest, AuthorizeSecurityGroupIngressRequest, CreateSecurityGroupRequest,
  DeleteSecurityGroupRequest, DescribeSecurityGroupRulesRequest, DescribeSecurityGroupsRequest,
  RevokeSecurityGroupEgressRequest, RevokeSecurityGroupIngressRequest,
} from '@aws-sdk/client-ec2';
import type { Handler, HandlerTable, RequestContext } from '../handler.js';
import type { RuleChangeInput, RuleWithTags, SecurityGroupView } from '../../control/security-group/security-group.js';
import type { SecurityGroupRule } from '../../control/security-group/records.js';

const groupToWire = ({ group, IpPermissions, IpPermissionsEgress, tags }: SecurityGroupView) =>
  ({ ...group, IpPermissions, IpPermissionsEgress, Tags: tags.length ? tags : undefined });

// Rules are described with their tag set even when it is empty.
const ruleToWire = ({ rule, tags }: RuleWithTags) => ({ ...rule, Tags: tags });

const revokedToWire = (r: SecurityGroupRule) => ({
  SecurityGroupRuleId: r.SecurityGroupRuleId, GroupId: r.GroupId, IsEgress: r.IsEgress, IpProtocol: r.IpProtocol,
  FromPort: r.FromPort, ToPort: r.ToPort, CidrIpv4: r.CidrIpv4, CidrIpv6: r.CidrIpv6, PrefixListId: r.PrefixListId,
  ReferencedGroupId: r.ReferencedGroupInfo?.GroupId, Description: r.Description,
});

const createSecurityGroup: Handler<CreateSecurityGroupRequest> = async (ctx, input) => {
  const { group, tags } = await ctx.control.securityGroups.create(ctx.caller, {
    GroupName: input.GroupName!, Description: input.Description!, VpcId: input.VpcId, TagSpecifications: input.TagSpecifications,
  });
  return { GroupId: group.GroupId, Tags: tags.length ? tags : undefined, SecurityGroupArn: group.SecurityGroupArn };
};

const deleteSecurityGroup: Handler<DeleteSecurityGroupRequest> = async (ctx, input) => {
  const group = await ctx.control.securityGroups.delete(ctx.caller, input);
  return { Return: true, GroupId: group.GroupId };
};

const describeSecurityGroups: Handler<DescribeSecurityGroupsRequest> = async (ctx, input) => {
  const { groups, nextToken } = await ctx.control.securityGroups.describe(ctx.caller, input);
  return { SecurityGroups: groups.map(groupToWire), NextToken: nextToken };
};

async function authorize(ctx: RequestContext, input: AuthorizeSecurityGroupIngressRequest | AuthorizeSecurityGroupEgressRequest, isEgress: boolean) {
  const rules = await ctx.control.securityGroups.authorize(ctx.caller, input as RuleChangeInput, isEgress);
  return { Return: true, SecurityGroupRules: rules.map(ruleToWire) };
}

async function revoke(ctx: RequestContext, input: RevokeSecurityGroupIngressRequest | RevokeSecurityGroupEgressRequest, isEgress: boolean) {
  const { revoked, unknown } = await ctx.control.securityGroups.revoke(ctx.caller, input as RuleChangeInput, isEgress);
  return {
    Return: true,
    UnknownIpPermissions: unknown.length ? unknown : undefined,
    RevokedSecurityGroupRules: revoked.map(revokedToWire),
  };
}

const describeSecurityGroupRules: Handler<DescribeSecurityGroupRulesRequest> = async (ctx, input) => {
  const { rules, nextToken } = await ctx.control.securityGroups.describeRules(ctx.caller, input);
  return { SecurityGroupRules: rules.map(ruleToWire), NextToken: nextToken };
};

export const securityGroupHandlers: HandlerTable = {
  CreateSecurityGroup: createSecurityGroup,
  DeleteSecurityGroup: deleteSecurityGroup,
  DescribeSecurityGroups: describeSecurityGroups,
  AuthorizeSecurityGroupIngress: (ctx, input: AuthorizeSecurityGroupIngressRequest) => authorize(ctx, input, false),
  AuthorizeSecurityGroupEgress: (ctx, input: AuthorizeSecurityGroupEgressRequest) => authorize(ctx, input, true),
  RevokeSecurityGroupIngress: (ctx, input: RevokeSecurityGroupIngressRequest) => revoke(ctx, input, false),
  RevokeSecurityGroupEgress: (ctx, input: RevokeSecurityGroupEgressRequest) => revoke(ctx, input, true),
  DescribeSecurityGroupRules: describeSecurityGroupRules,
};
