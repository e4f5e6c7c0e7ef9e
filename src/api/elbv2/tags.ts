/**
 * @module api/elbv2/tags
 * AddTags, RemoveTags, DescribeTags: ELBv2 tags by resource ARN.
 */
import type { AddTagsInput, DescribeTagsInput, RemoveTagsInput } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Handler, HandlerTable } from '../handler.js';

const addTags: Handler<AddTagsInput> = async (ctx, input) => {
  await ctx.control.elbTags.add(ctx.caller, { ResourceArns: input.ResourceArns!, Tags: input.Tags! });
};

const removeTags: Handler<RemoveTagsInput> = async (ctx, input) => {
  await ctx.control.elbTags.remove(ctx.caller, { ResourceArns: input.ResourceArns!, TagKeys: input.TagKeys! });
};

const describeTags: Handler<DescribeTagsInput> = async (ctx, input) =>
  ({ TagDescriptions: await ctx.control.elbTags.describe(ctx.caller, { ResourceArns: input.ResourceArns! }) });

export const elbTagHandlers: HandlerTable = {
  AddTags: addTags,
  RemoveTags: removeTags,
  DescribeTags: describeTags,
};
