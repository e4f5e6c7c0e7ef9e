/**
 * @module api/ec2/subnets
 * CreateSubnet, DescribeSubnets, DeleteSubnet.
 */
import type { CreateSubnetRequest, DeleteSubnetRequest, DescribeSubnetsRequest } from '@aws-sdk/client-ec2';
import type { Handler, HandlerTable } from '../handler.js';
import type { SubnetView } from '../../control/subnet/subnet.js';

// AWS leaves tagSet out of a subnet that has no tags (API reference, DescribeSubnets sample).
const toWire = ({ subnet, availableIpAddressCount, tags }: SubnetView) =>
  ({ ...subnet, AvailableIpAddressCount: availableIpAddressCount, Tags: tags.length ? tags : undefined });

const createSubnet: Handler<CreateSubnetRequest> = async (ctx, input) =>
  ({ Subnet: toWire(await ctx.control.subnets.create(ctx.caller, { ...input, VpcId: input.VpcId! })) });

const describeSubnets: Handler<DescribeSubnetsRequest> = async (ctx, input) => {
  const { subnets, nextToken } = await ctx.control.subnets.describe(ctx.caller, input);
  return { Subnets: subnets.map(toWire), NextToken: nextToken };
};

const deleteSubnet: Handler<DeleteSubnetRequest> = async (ctx, input) => {
  await ctx.control.subnets.delete(ctx.caller, { SubnetId: input.SubnetId! });
};

export const subnetHandlers: HandlerTable = {
  CreateSubnet: createSubnet,
  DescribeSubnets: describeSubnets,
  DeleteSubnet: deleteSubnet,
};
