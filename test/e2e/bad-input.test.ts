/**
 * @module test/e2e/bad-input
 * Bad input, generated from the model rather than written per operation (issue 3, Acceptance): for every
 * operation that has a handler, every member reachable from its input (through structures and lists) is
 * a case when it is required, an integer/long, a boolean, an enum, or an EC2 id shape (id-patterns.ts).
 * Each case is an otherwise minimal, valid wire request — required members filled with well-formed
 * values — with that one member left out or given a bad value, signed and sent to the real server:
 *
 *   missing required   EC2 MissingParameter            ELBv2 ValidationError ("Value null at 'name'")
 *   not a number       EC2 InvalidParameterValue        ELBv2 ValidationError
 *   not a boolean      EC2 InvalidParameterValue        ELBv2 ValidationError
 *   not in the enum    EC2 InvalidParameterValue        ELBv2 ValidationError
 *   malformed id       EC2 <Kind>.Malformed (rules R12: the message names the value and the expected prefix);
 *                      not ELBv2, whose SubnetId/VpcId shapes answer with ELBv2's own errors
 *
 * and the message must name the member (its wire key or its name). The request keys are built here from
 * botocore's serializer rules (api.md, "Request key names"), independently of the server's parser.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { MODELS, type MemberRef, type ServiceModel, type Shape } from '../../src/api/model/index.js';
import { EC2_HANDLERS } from '../../src/api/ec2/index.js';
import { ELBV2_HANDLERS } from '../../src/api/elbv2/index.js';
import { ID_SHAPES } from '../../src/api/protocol/id-patterns.js';
import type { HandlerTable } from '../../src/api/handler.js';
import { startPostern, type Postern, type SigningService } from './harness.js';
import { errorOf } from './xml.js';

let postern: Postern;
before(async () => { postern = await startPostern(); });
after(async () => { await postern?.cleanup(); });

type Kind = 'required' | 'number' | 'boolean' | 'enum' | 'id';
interface Step { name: string; ref: MemberRef }
interface Case { kind: Kind; path: Step[]; /** the scalar shape at the end of the path (through lists) */ leafShape: string }
type Entries = [string, string][];

const BAD_VALUES: Record<Exclude<Kind, 'required'>, string> = {
  number: 'not-a-number', boolean: 'maybe', enum: 'no-such-value', id: 'bogus-0123',
};
const MAX_DEPTH = 5;

class Generator {
  constructor(private readonly model: ServiceModel) {}

  private get ec2() { return this.model.metadata.protocol === 'ec2'; }
  private shape(name: string): Shape { return this.model.shapes[name]!; }

  /** botocore EC2Serializer: queryName, else locationName upper-cased first, else the member name. */
  wireName(name: string, ref: MemberRef): string {
    if (!this.ec2) return ref.locationName ?? name;
    if (ref.queryName) return ref.queryName;
    if (ref.locationName) return ref.locationName[0]!.toUpperCase() + ref.locationName.slice(1);
    return name;
  }

  /** First item of a list: EC2 lists are always flattened; query lists use `member` unless flattened. */
  private itemKey(key: string, list: Shape): string {
    if (this.ec2 || list.flattened) return `${key}.1`;
    return `${key}.${list.member!.locationName ?? 'member'}.1`;
  }

  /** Follows lists down to the element that is not a list, with its key. */
  private throughLists(ref: MemberRef, key: string): { ref: MemberRef; key: string } {
    let shape = this.shape(ref.shape);
    while (shape.type === 'list') {
      key = this.itemKey(key, shape);
      ref = shape.member!;
      shape = this.shape(ref.shape);
    }
    return { ref, key };
  }

  cases(shape: Shape, path: Step[] = [], seen: string[] = []): Case[] {
    const out: Case[] = [];
    for (const [name, ref] of Object.entries(shape.members ?? {})) {
      const here = [...path, { name, ref }];
      if (shape.required?.includes(name)) out.push({ kind: 'required', path: here, leafShape: ref.shape });
      const { ref: leafRef } = this.throughLists(ref, '');
      const leaf = this.shape(leafRef.shape);
      if (leaf.type === 'integer' || leaf.type === 'long') out.push({ kind: 'number', path: here, leafShape: leafRef.shape });
      else if (leaf.type === 'boolean') out.push({ kind: 'boolean', path: here, leafShape: leafRef.shape });
      else if (leaf.type === 'string' && leaf.enum) out.push({ kind: 'enum', path: here, leafShape: leafRef.shape });
      // The .Malformed id errors are EC2's: ELBv2 shapes of the same names (SubnetId, VpcId) answer otherwise.
      else if (leaf.type === 'string' && this.ec2 && ID_SHAPES[leafRef.shape]) out.push({ kind: 'id', path: here, leafShape: leafRef.shape });
      else if (leaf.type === 'structure' && here.length < MAX_DEPTH && !seen.includes(leafRef.shape)) {
        out.push(...this.cases(leaf, here, [...seen, leafRef.shape]));
      }
    }
    return out;
  }

  /** A well-formed value of a scalar shape. */
  validScalar(shapeName: string, shape: Shape): string {
    if (shape.enum) return shape.enum[0]!;
    switch (shape.type) {
      case 'integer': case 'long': return String(shape.min ?? (shape.max !== undefined ? Math.min(1, shape.max) : 1));
      case 'double': case 'float': return '1';
      case 'boolean': return 'false';
      case 'timestamp': return '2024-01-01T00:00:00Z';
      default: {
        const id = ID_SHAPES[shapeName];
        if (id) return `${id.prefix}-0123456789abcdef0`;
        return 'a'.repeat(Math.max(1, shape.min ?? 1));
      }
    }
  }

  /**
   * The wire entries of a structure at `prefix`: its required members, minimal, and the focused path
   * (omitted at its end for `value === undefined`, else given that value). Undefined when the case
   * cannot be expressed (a structure whose only member is the one to leave out).
   */
  structure(shape: Shape, prefix: string, focus: Step[] | undefined, value: string | undefined): Entries | undefined {
    const out: Entries = [];
    const members = Object.entries(shape.members ?? {});
    for (const [name, ref] of members) {
      const key = prefix ? `${prefix}.${this.wireName(name, ref)}` : this.wireName(name, ref);
      const onPath = focus?.[0]?.name === name;
      let entries: Entries | undefined;
      if (onPath && focus!.length === 1) {
        if (value === undefined) continue;
        entries = [[this.throughLists(ref, key).key, value]];
      } else if (onPath) {
        entries = this.value(ref, key, focus!.slice(1), value);
      } else if (shape.required?.includes(name)) {
        entries = this.value(ref, key, undefined, undefined);
      } else continue;
      if (!entries) return undefined;
      out.push(...entries);
    }
    if (prefix && out.length === 0) {
      // A nested structure with nothing in it is absent on the wire: make it present through another
      // scalar member, so that the one left out is the only thing missing.
      const other = members.find(([name, ref]) => name !== focus?.[0]?.name && this.shape(this.throughLists(ref, '').ref.shape).type !== 'structure');
      if (!other) return undefined;
      const { ref, key } = this.throughLists(other[1], `${prefix}.${this.wireName(other[0], other[1])}`);
      out.push([key, this.validScalar(ref.shape, this.shape(ref.shape))]);
    }
    return out;
  }

  private value(ref: MemberRef, key: string, focus: Step[] | undefined, value: string | undefined): Entries | undefined {
    const { ref: item, key: itemKey } = this.throughLists(ref, key);
    const shape = this.shape(item.shape);
    if (shape.type === 'structure') return this.structure(shape, itemKey, focus, value);
    if (shape.type === 'map') {
      return [[`${itemKey}.entry.1.key`, 'k'], ...(this.value(shape.value!, `${itemKey}.entry.1.value`, undefined, undefined) ?? [])];
    }
    return [[itemKey, this.validScalar(item.shape, shape)]];
  }
}

interface Outcome { label: string; problem?: string }

async function runCase(service: SigningService, model: ServiceModel, gen: Generator, op: string, c: Case): Promise<Outcome | undefined> {
  const input = model.shapes[model.operations[op]!.input!.shape]!;
  const value = c.kind === 'required' ? undefined : BAD_VALUES[c.kind];
  const entries = gen.structure(input, '', c.path, value);
  const last = c.path[c.path.length - 1]!;
  const wire = gen.wireName(last.name, last.ref);
  const label = `${c.kind} ${c.path.map((s) => s.name).join('.')}`;
  if (!entries) return undefined;
  const res = await postern.raw({ service, params: [['Action', op], ...entries] });
  let err;
  try { err = errorOf(res.text); } catch { return { label, problem: `HTTP ${res.status}, not an error envelope: ${res.text.slice(0, 300)}` }; }
  const ec2 = service === 'ec2';
  const expectedCode = c.kind === 'id' ? ID_SHAPES[c.leafShape]!.code
    : c.kind === 'required' ? (ec2 ? 'MissingParameter' : 'ValidationError')
      : (ec2 ? 'InvalidParameterValue' : 'ValidationError');
  const sent = entries.map(([k, v]) => `${k}=${v}`).join('&');
  if (res.status !== 400 || err.code !== expectedCode) {
    return { label, problem: `expected ${expectedCode} (400), got ${err.code} (${res.status}) "${err.message}" for ${sent}` };
  }
  const message = err.message.toLowerCase();
  if (c.kind === 'id') {
    // AWS's Malformed messages name the value and the kind of id expected, not the member (rules R12).
    const prefix = ID_SHAPES[c.leafShape]!.prefix;
    if (!err.message.includes(`'${value}'`) || !err.message.includes(`'${prefix}-...`)) return { label, problem: `message does not name the value and '${prefix}-...': "${err.message}"` };
  } else if (![wire, last.name].some((n) => message.includes(n.toLowerCase()))) {
    return { label, problem: `message names neither ${wire} nor ${last.name}: "${err.message}" for ${sent}` };
  }
  return { label };
}

const SERVICES: { service: SigningService; model: ServiceModel; handlers: HandlerTable; name: string }[] = [
  { service: 'ec2', model: MODELS.ec2, handlers: EC2_HANDLERS, name: 'EC2' },
  { service: 'elasticloadbalancing', model: MODELS.elbv2, handlers: ELBV2_HANDLERS, name: 'ELBv2' },
];

for (const { service, model, handlers, name } of SERVICES) {
  const gen = new Generator(model);
  const ops = Object.keys(handlers).filter((op) => model.operations[op]?.input).sort();
  if (ops.length === 0) {
    test(`${name}: bad input`, { skip: `no ${name} operation has a handler yet` }, () => {});
    continue;
  }
  for (const op of ops) {
    test(`${name} ${op}: every required, numeric, boolean, enum and id member is validated`, async () => {
      const cases = gen.cases(model.shapes[model.operations[op]!.input!.shape]!);
      assert.ok(cases.length > 0, `${op}: the model gives no case to test`);
      const outcomes = (await Promise.all(cases.map((c) => runCase(service, model, gen, op, c)))).filter((o): o is Outcome => o !== undefined);
      assert.ok(outcomes.length > 0, `${op}: no case could be expressed on the wire`);
      const problems = outcomes.filter((o) => o.problem).map((o) => `  ${o.label}: ${o.problem}`);
      assert.deepEqual(problems, [], `${op}: ${problems.length} of ${outcomes.length} cases answered wrongly:\n${problems.join('\n')}`);
    });
  }
}

test('the generator covers every kind of case on the operations served so far', () => {
  const gen = new Generator(MODELS.ec2);
  const kinds = new Set(Object.keys(EC2_HANDLERS).flatMap((op) => gen.cases(MODELS.ec2.shapes[MODELS.ec2.operations[op]!.input!.shape]!).map((c) => c.kind)));
  assert.deepEqual([...kinds].sort(), ['boolean', 'enum', 'id', 'number', 'required']);
  // A nested member gets its parents on the wire: CreateVpc's TagSpecification.1.ResourceType.
  const input = MODELS.ec2.shapes[MODELS.ec2.operations.CreateVpc!.input!.shape]!;
  const nested = gen.cases(input).find((c) => c.path.map((s) => s.name).join('.') === 'TagSpecifications.ResourceType')!;
  assert.deepEqual(gen.structure(input, '', nested.path, 'x'), [['TagSpecification.1.ResourceType', 'x']]);
});
