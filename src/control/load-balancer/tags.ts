/**
 * @module control/load-balancer/tags
 * ELBv2 tags: Tags on CreateLoadBalancer / CreateTargetGroup / CreateListener, and AddTags, RemoveTags,
 * DescribeTags by ARN. Unlike EC2, ELBv2 tags are addressed by resource ARN, so they are kept in the
 * resource's own record. At most 50 tags per resource (ELB quotas, "Tags per load balancer / target group").
 */
import type { Caller, ControlDeps } from '../context.js';
import type { Scope, StoreReader, Tag } from '../../store/store.js';
import { ValidationError } from '../errors.js';
import { kindOfArn } from './arns.js';
import { DuplicateTagKeys, ListenerNotFound, LoadBalancerNotFound, TargetGroupNotFound, TooManyTags } from './errors.js';
import { LISTENER, LOAD_BALANCER } from './records.js';
import { TARGET_GROUP } from '../target-group/records.js';

export const MAX_TAGS = 50;
/** DescribeTags takes at most 20 ARNs (API reference, DescribeTags). */
const MAX_DESCRIBE_ARNS = 20;

interface Tagged { Tags: Tag[] }

/** The store type and not-found error of each ELBv2 ARN kind that carries tags. */
const TAGGABLE: Record<string, { type: string; notFound: () => Error }> = {
  loadbalancer: { type: LOAD_BALANCER, notFound: () => new LoadBalancerNotFound() },
  targetgroup: { type: TARGET_GROUP, notFound: () => new TargetGroupNotFound() },
  listener: { type: LISTENER, notFound: () => new ListenerNotFound() },
};

/** Tags of a request, refusing one key given twice (DuplicateTagKeys) and reserved `aws:` keys. */
export function requestTags(tags: readonly { Key?: string; Value?: string }[] | undefined): Tag[] {
  const out = (tags ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' }));
  const seen = new Set<string>();
  for (const t of out) {
    if (seen.has(t.Key)) throw new DuplicateTagKeys(t.Key);
    seen.add(t.Key);
    if (t.Key.toLowerCase().startsWith('aws:')) throw new ValidationError(`Tag key '${t.Key}' cannot start with the reserved prefix 'aws:'`);
  }
  if (out.length > MAX_TAGS) throw new TooManyTags();
  return out;
}

/** Existing tags with new ones laid over them (same key: new value). */
export function mergeTags(existing: readonly Tag[], added: readonly Tag[]): Tag[] {
  const byKey = new Map(existing.map((t) => [t.Key, t.Value]));
  for (const t of added) byKey.set(t.Key, t.Value);
  if (byKey.size > MAX_TAGS) throw new TooManyTags();
  return [...byKey].map(([Key, Value]) => ({ Key, Value }));
}

async function getTagged(tx: StoreReader, scope: Scope, arn: string): Promise<{ type: string; data: Tagged }> {
  const kind = TAGGABLE[kindOfArn(arn) ?? ''];
  if (!kind) throw new ValidationError(`'${arn}' is not a valid resource ARN`);
  const r = await tx.getResource<Tagged>(scope, arn);
  if (!r || r.type !== kind.type) throw kind.notFound();
  return { type: r.type, data: r.data };
}

export function elbTagService(deps: ControlDeps) {
  return {
    async add(caller: Caller, input: { ResourceArns: string[]; Tags: { Key?: string; Value?: string }[] }): Promise<void> {
      const tags = requestTags(input.Tags);
      await deps.store.write(async (tx) => {
        for (const arn of input.ResourceArns) {
          const { type, data } = await getTagged(tx, caller, arn);
          data.Tags = mergeTags(data.Tags, tags);
          await tx.updateResource(caller, { id: arn, type, data });
        }
      });
    },

    async remove(caller: Caller, input: { ResourceArns: string[]; TagKeys: string[] }): Promise<void> {
      await deps.store.write(async (tx) => {
        for (const arn of input.ResourceArns) {
          const { type, data } = await getTagged(tx, caller, arn);
          data.Tags = data.Tags.filter((t) => !input.TagKeys.includes(t.Key));
          await tx.updateResource(caller, { id: arn, type, data });
        }
      });
    },

    async describe(caller: Caller, input: { ResourceArns: string[] }): Promise<{ ResourceArn: string; Tags: Tag[] }[]> {
      if (input.ResourceArns.length > MAX_DESCRIBE_ARNS) {
        throw new ValidationError(`1 validation error detected: Value '[${input.ResourceArns.join(', ')}]' at 'resourceArns' failed to satisfy constraint: Member must have length less than or equal to ${MAX_DESCRIBE_ARNS}`);
      }
      return deps.store.read(async (tx) => {
        const out: { ResourceArn: string; Tags: Tag[] }[] = [];
        for (const arn of input.ResourceArns) out.push({ ResourceArn: arn, Tags: (await getTagged(tx, caller, arn)).data.Tags });
        return out;
      });
    },
  };
}
