/**
 * @module api/ec2/vpcs
 * CreateVpc, DescribeVpcs, DeleteVpc, ModifyVpcAttribute, DescribeVpcAttribute.
 */
import type {
  CreateVpcRequest, DeleteVpcRequest, DescribeVpcAttributeRequest, DescribeVpcsRequest, ModifyVpcAttributeRequest,
} from '@aws-sdk/client-ec2';
import type { Handler, HandlerTable } from '../handler.js';
import type { VpcWithTags } from '../../control/vpc/vpc.js';

const toWire = ({ vpc, tags }: VpcWithTags) => ({ ...vpc, Tags: tags.length ? tags : undefined });

const createVpc: Handler<CreateVpcRequest> = async (ctx, input) =>
  ({ Vpc: toWire(await ctx.control.vpcs.create(ctx.caller, input)) });

const describeVpcs: Handler<DescribeVpcsRequest> = async (ctx, input) => {
  const { vpcs, nextToken } = await ctx.control.vpcs.describe(ctx.caller, input);
  return { Vpcs: vpcs.map(toWire), NextToken: nextToken };
};

const deleteVpc: Handler<DeleteVpcRequest> = async (ctx, input) => {
  await ctx.control.vpcs.delete(ctx.caller, { VpcId: input.VpcId! });
};

const modifyVpcAttribute: Handler<ModifyVpcAttributeRequest> = async (ctx, input) => {
  await ctx.control.vpcs.modifyAttribute(ctx.caller, input as Parameters<typeof ctx.control.vpcs.modifyAttribute>[1]);
};

const describeVpcAttribute: Handler<DescribeVpcAttributeRequest> = async (ctx, input) =>
  ctx.control.vpcs.describeAttribute(ctx.caller, input as { VpcId: string; Attribute: string });

export const vpcHandlers: HandlerTable = {
  CreateVpc: createVpc,
  DescribeVpcs: describeVpcs,
  DeleteVpc: deleteVpc,
  ModifyVpcAttribute: modifyVpcAttribute,
  DescribeVpcAttribute: describeVpcAttribute,
};
