/**
 * @module api/elbv2/target-groups
 * CreateTargetGroup, DeleteTargetGroup, DescribeTargetGroups, ModifyTargetGroup,
 * ModifyTargetGroupAttributes, DescribeTargetGroupAttributes, RegisterTargets, DeregisterTargets,
 * DescribeTargetHealth.
 */
import type {
  CreateTargetGroupInput, DeleteTargetGroupInput, DeregisterTargetsInput, DescribeTargetGroupAttributesInput,
  DescribeTargetGroupsInput, DescribeTargetHealthInput, ModifyTargetGroupAttributesInput, ModifyTargetGroupInput,
  RegisterTargetsInput,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Handler, HandlerTable } from '../handler.js';
import type { TargetDescription } from '../../control/target-group/targets.js';

const createTargetGroup: Handler<CreateTargetGroupInput> = async (ctx, input) =>
  ({ TargetGroups: [await ctx.control.targetGroups.create(ctx.caller, { ...input, Name: input.Name! })] });

const deleteTargetGroup: Handler<DeleteTargetGroupInput> = async (ctx, input) => {
  await ctx.control.targetGroups.delete(ctx.caller, { TargetGroupArn: input.TargetGroupArn! });
};

const describeTargetGroups: Handler<DescribeTargetGroupsInput> = (ctx, input) =>
  ctx.control.targetGroups.describe(ctx.caller, input);

const modifyTargetGroup: Handler<ModifyTargetGroupInput> = async (ctx, input) =>
  ({ TargetGroups: [await ctx.control.targetGroups.modify(ctx.caller, { ...input, TargetGroupArn: input.TargetGroupArn! })] });

const modifyTargetGroupAttributes: Handler<ModifyTargetGroupAttributesInput> = async (ctx, input) =>
  ({ Attributes: await ctx.control.targetGroups.modifyAttributes(ctx.caller, { TargetGroupArn: input.TargetGroupArn!, Attributes: input.Attributes! }) });

const describeTargetGroupAttributes: Handler<DescribeTargetGroupAttributesInput> = async (ctx, input) =>
  ({ Attributes: await ctx.control.targetGroups.describeAttributes(ctx.caller, { TargetGroupArn: input.TargetGroupArn! }) });

const registerTargets: Handler<RegisterTargetsInput> = async (ctx, input) => {
  await ctx.control.targets.register(ctx.caller, { TargetGroupArn: input.TargetGroupArn!, Targets: input.Targets as TargetDescription[] });
};

const deregisterTargets: Handler<DeregisterTargetsInput> = async (ctx, input) => {
  await ctx.control.targets.deregister(ctx.caller, { TargetGroupArn: input.TargetGroupArn!, Targets: input.Targets as TargetDescription[] });
};

const describeTargetHealth: Handler<DescribeTargetHealthInput> = async (ctx, input) =>
  ({ TargetHealthDescriptions: await ctx.control.targets.describeHealth(ctx.caller, { TargetGroupArn: input.TargetGroupArn!, Targets: input.Targets as TargetDescription[] | undefined }) });

export const targetGroupHandlers: HandlerTable = {
  CreateTargetGroup: createTargetGroup,
  DeleteTargetGroup: deleteTargetGroup,
  DescribeTargetGroups: describeTargetGroups,
  ModifyTargetGroup: modifyTargetGroup,
  ModifyTargetGroupAttributes: modifyTargetGroupAttributes,
  DescribeTargetGroupAttributes: describeTargetGroupAttributes,
  RegisterTargets: registerTargets,
  DeregisterTargets: deregisterTargets,
  DescribeTargetHealth: describeTargetHealth,
};
