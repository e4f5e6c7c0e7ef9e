/**
 * @module control/prefix-list/prefix-list
 * DescribePrefixLists, DescribeManagedPrefixLists and GetManagedPrefixListEntries over the AWS-managed
 * lists of the caller's region (aws-managed.ts). Postern has no customer-managed lists yet, so every
 * list an account sees is one of AWS's.
 */
import type { Caller } from '../context.js';
import { applyFilters, paginate, type Filter } from '../describe.js';
import { notFound } from '../errors.js';
import { awsManagedPrefixLists, findAwsManagedPrefixList, type AwsManagedPrefixList } from './aws-managed.js';

export const PREFIX_LIST = 'prefix-list';

interface DescribeInput {
  PrefixListIds?: string[];
  Filters?: Filter[];
  MaxResults?: number;
  NextToken?: string;
}

/** A prefix list of the region by id; InvalidPrefixListID.NotFound when there is none. */
export function getPrefixList(region: string, prefixListId: string): AwsManagedPrefixList {
  const list = findAwsManagedPrefixList(region, prefixListId);
  if (!list) throw notFound(PREFIX_LIST, prefixListId);
  return list;
}

function select(caller: Caller, input: DescribeInput, filters: Record<string, (l: AwsManagedPrefixList) => string>): { lists: AwsManagedPrefixList[]; nextToken?: string } {
  const lists = input.PrefixListIds?.length
    ? input.PrefixListIds.map((id) => getPrefixList(caller.region, id))
    : [...awsManagedPrefixLists(caller.region)];
  // AWS-managed lists carry no tags.
  const filtered = applyFilters(lists.map((item) => ({ item, tags: [] })), input.Filters, filters);
  const page = paginate(filtered.map((t) => t.item), input.MaxResults, input.NextToken);
  return { lists: page.items, nextToken: page.nextToken };
}

export function prefixListService() {
  return {
    /** The AWS services in prefix-list form: id, name and CIDRs (rule R120). */
    describePrefixLists(caller: Caller, input: DescribeInput) {
      const { lists, nextToken } = select(caller, input, {
        'prefix-list-id': (l) => l.PrefixListId,
        'prefix-list-name': (l) => l.PrefixListName,
      });
      return { PrefixLists: lists.map((l) => ({ PrefixListId: l.PrefixListId, PrefixListName: l.PrefixListName, Cidrs: l.Cidrs })), NextToken: nextToken };
    },

    /**
     * Managed prefix lists (rule R133). AWS-owned lists are described without `maxEntries` and `version`,
     * which only customer-managed lists carry.
     */
    describeManagedPrefixLists(caller: Caller, input: DescribeInput) {
      const { lists, nextToken } = select(caller, input, {
        'owner-id': (l) => l.OwnerId,
        'prefix-list-id': (l) => l.PrefixListId,
        'prefix-list-name': (l) => l.PrefixListName,
      });
      return {
        PrefixLists: lists.map((l) => ({
          PrefixListId: l.PrefixListId, AddressFamily: l.AddressFamily, State: l.State, PrefixListArn: l.PrefixListArn,
          PrefixListName: l.PrefixListName, Tags: [], OwnerId: l.OwnerId,
        })),
        NextToken: nextToken,
      };
    },

    getManagedPrefixListEntries(caller: Caller, input: { PrefixListId: string; MaxResults?: number; NextToken?: string }) {
      const list = getPrefixList(caller.region, input.PrefixListId);
      const page = paginate([...list.Cidrs], input.MaxResults, input.NextToken);
      return { Entries: page.items.map((Cidr) => ({ Cidr })), NextToken: page.nextToken };
    },
  };
}
