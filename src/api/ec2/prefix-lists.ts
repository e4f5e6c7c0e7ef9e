/**
 * @module api/ec2/prefix-lists
 * DescribePrefixLists, DescribeManagedPrefixLists, GetManagedPrefixListEntries.
 */
import type { DescribeManagedPrefixListsRequest, DescribePrefixListsRequest, GetManagedPrefixListEntriesRequest } from '@aws-sdk/client-ec2';
import type { Handler, HandlerTable } from '../handler.js';

const describePrefixLists: Handler<DescribePrefixListsRequest> = (ctx, input) =>
  ctx.control.prefixLists.describePrefixLists(ctx.caller, input);

const describeManagedPrefixLists: Handler<DescribeManagedPrefixListsRequest> = (ctx, input) =>
  ctx.control.prefixLists.describeManagedPrefixLists(ctx.caller, input);

const getManagedPrefixListEntries: Handler<GetManagedPrefixListEntriesRequest> = (ctx, input) =>
  ctx.control.prefixLists.getManagedPrefixListEntries(ctx.caller, { PrefixListId: input.PrefixListId!, MaxResults: input.MaxResults, NextToken: input.NextToken });

export const prefixListHandlers: HandlerTable = {
  DescribePrefixLists: describePrefixLists,
  DescribeManagedPrefixLists: describeManagedPrefixLists,
  GetManagedPrefixListEntries: getManagedPrefixListEntries,
};
