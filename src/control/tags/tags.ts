/**
 * @module control/tags/tags
 * Tags on EC2 resources: TagSpecifications at creation, CreateTags, DeleteTags, DescribeTags.
 * Tags are stored beside resources (store `tags`), so any resource type is taggable by id.
 */
import type { ControlDeps, Caller } from '../context.js';
import type { StoreReader, StoreWriter, Tag } from '../../store/store.js';
import { applyFilters, paginate, type Filter } from '../describe.js';
import { AwsError, InvalidParameterValue, notFound } from '../errors.js';

export interface TagSpecification {
  ResourceType?: string;
  Tags?: { Key?: string; Value?: string }[];
}

const MAX_TAGS = 50;

/** Resource types by id prefix, longest prefix first (vpce-svc- before vpce-). */
const TYPE_BY_PREFIX: [string, string][] = [
  ['vpce-svc-perm-', 'vpc-endpoint-service-permission'], ['vpce-svc-', 'vpc-endpoint-service'], ['vpce-nfn-', 'vpc-endpoint-connection-notification'],
  ['vpce-', 'vpc-endpoint'], ['vpc-', 'vpc'], ['subnet-', 'subnet'], ['sgr-', 'security-group-rule'], ['sg-', 'security-group'],
  ['rtb-', 'route-table'], ['eni-', 'network-interface'], ['pl-', 'prefix-list'],
];

export function resourceTypeOf(id: string): string | undefined {
  return TYPE_BY_PREFIX.find(([p]) => id.startsWith(p))?.[1];
}

function validTags(tags: { Key?: string; Value?: string }[] | undefined): Tag[] {
  const out = (tags ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' }));
  for (const t of out) {
    if (t.Key.toLowerCase().startsWith('aws:')) {
      throw new InvalidParameterValue(`Value ( ${t.Key} ) for parameter key is invalid. Tag keys starting with 'aws:' are reserved for internal use`);
    }
    if (t.Key.length === 0 || t.Key.length > 127) throw new InvalidParameterValue(`Tag key must be between 1 and 127 characters: '${t.Key}'`);
    if (t.Value.length > 255) throw new InvalidParameterValue(`Tag value exceeds the maximum length of 255 characters: '${t.Value}'`);
  }
  if (out.length > MAX_TAGS) throw new AwsError('TagLimitExceeded', `The maximum number of tags (${MAX_TAGS}) has been reached.`);
  return out;
}

/** The tags a Create* call carries for the resource type it creates. */
export function tagsFromSpecifications(specs: TagSpecification[] | undefined, resourceType: string): Tag[] {
  const tags: Tag[] = [];
  for (const spec of specs ?? []) {
    if (spec.ResourceType !== resourceType) {
      throw new InvalidParameterValue(`'${spec.ResourceType ?? ''}' is not a valid taggable resource type for this operation.`);
    }
    tags.push(...validTags(spec.Tags));
  }
  return tags;
}

export interface DescribeTagsInput {
  Filters?: Filter[];
  MaxResults?: number;
  NextToken?: string;
}

interface TagRow { ResourceId: string; ResourceType: string; Key: string; Value: string }

export function tagService(deps: ControlDeps) {
  async function existingResource(tx: StoreReader, caller: Caller, id: string): Promise<void> {
    const type = resourceTypeOf(id);
    if (!type) throw new AwsError('InvalidID', `The ID '${id}' is not valid`);
    if (!(await tx.getResource(caller, id))) throw notFound(type, id);
  }

  return {
    async create(caller: Caller, input: { Resources: string[]; Tags: { Key?: string; Value?: string }[] }): Promise<void> {
      const tags = validTags(input.Tags);
      await deps.store.write(async (tx: StoreWriter) => {
        for (const id of input.Resources) await existingResource(tx, caller, id);
        for (const id of input.Resources) {
          const existing = (await tx.getTags(caller, [id])).get(id) ?? [];
          const keys = new Set([...existing.map((t) => t.Key), ...tags.map((t) => t.Key)]);
          if (keys.size > MAX_TAGS) throw new AwsError('TagLimitExceeded', `The maximum number of tags (${MAX_TAGS}) has been reached.`);
          await tx.putTags(caller, id, tags);
        }
      });
    },

    async delete(caller: Caller, input: { Resources: string[]; Tags?: { Key?: string; Value?: string }[] }): Promise<void> {
      await deps.store.write(async (tx) => {
        for (const id of input.Resources) await existingResource(tx, caller, id);
        const keys = input.Tags?.map((t) => ({ Key: t.Key ?? '', ...(t.Value !== undefined ? { Value: t.Value } : {}) }));
        for (const id of input.Resources) await tx.deleteTags(caller, id, keys);
      });
    },

    async describe(caller: Caller, input: DescribeTagsInput): Promise<{ Tags: TagRow[]; NextToken?: string }> {
      const rows = await deps.store.read((tx) => tx.listTags(caller));
      const items = rows.map((r) => ({
        item: { ResourceId: r.resourceId, ResourceType: resourceTypeOf(r.resourceId) ?? 'unknown', Key: r.Key, Value: r.Value },
        tags: [{ Key: r.Key, Value: r.Value }],
      }));
      const filtered = applyFilters(items, input.Filters, {
        'key': (t) => t.Key, 'value': (t) => t.Value, 'resource-id': (t) => t.ResourceId, 'resource-type': (t) => t.ResourceType,
      });
      const page = paginate(filtered.map((t) => t.item), input.MaxResults, input.NextToken);
      return { Tags: page.items, ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
    },
  };
}
