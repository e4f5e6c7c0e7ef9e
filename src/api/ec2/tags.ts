/**
 * @module api/ec2/tags
 * CreateTags, DeleteTags, DescribeTags.
 */
import type { CreateTagsRequest, DeleteTagsRequest, DescribeTagsRequest } from '@aws-sdk/client-ec2';
import type { Handler, HandlerTable } from '../handler.js';

const createTags: Handler<CreateTagsRequest> = async (ctx, input) => {
  await ctx.control.tags.create(ctx.caller, { Resources: input.Resources ?? [], Tags: input.Tags ?? [] });
};

const deleteTags: Handler<DeleteTagsRequest> = async (ctx, input) => {
  await ctx.control.tags.delete(ctx.caller, { Resources: input.Resources ?? [], Tags: input.Tags });
};

const describeTags: Handler<DescribeTagsRequest> = (ctx, input) => ctx.control.tags.describe(ctx.caller, input);

export const tagHandlers: HandlerTable = { CreateTags: createTags, DeleteTags: deleteTags, DescribeTags: describeTags };
