/**
 * @module api/ec2/regions
 * DescribeRegions, DescribeAvailabilityZones, DescribeAccountAttributes.
 */
import type { DescribeAccountAttributesRequest, DescribeAvailabilityZonesRequest, DescribeRegionsRequest } from '@aws-sdk/client-ec2';
import type { Handler, HandlerTable } from '../handler.js';

const describeRegions: Handler<DescribeRegionsRequest> = (ctx, input) =>
  ({ Regions: ctx.control.regions.describeRegions(ctx.caller, input) });

const describeAvailabilityZones: Handler<DescribeAvailabilityZonesRequest> = (ctx, input) =>
  ({ AvailabilityZones: ctx.control.regions.describeAvailabilityZones(ctx.caller, input) });

const describeAccountAttributes: Handler<DescribeAccountAttributesRequest> = async (ctx, input) =>
  ({ AccountAttributes: await ctx.control.regions.describeAccountAttributes(ctx.caller, input) });

export const regionHandlers: HandlerTable = {
  DescribeRegions: describeRegions,
  DescribeAvailabilityZones: describeAvailabilityZones,
  DescribeAccountAttributes: describeAccountAttributes,
};
