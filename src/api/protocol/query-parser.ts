/**
 * @module api/protocol/query-parser
 * Turns the flat key/value pairs of an EC2 or awsQuery request into the operation's input structure,
 * walking the model and validating what the model states: required members, scalar types, enums,
 * numeric bounds and the id shapes of id-patterns.ts. Generic over the model: no operation names here.
 *
 *   EC2:   Filter.1.Name=vpc-id&Filter.1.Value.1=vpc-1     lists flattened, names from queryName/locationName
 *   query: Subnets.member.1=subnet-1&Attributes.member.1.Key=k   lists under `member`, maps under `entry.N`
 */
import type { MemberRef, ServiceModel, Shape } from '../model/index.js';
import { InvalidParameterValue, MissingParameter, UnknownParameter, ValidationError } from '../../control/errors.js';
import { checkIdShape } from './id-patterns.js';

export type Params = Map<string, string>;

interface Walk {
  model: ServiceModel;
  params: Params;
  used: Set<string>;
  ec2: boolean;
  /** key prefixes present in the request, so that absent lists and structures cost nothing */
  prefixes: Set<string>;
}

export function parseQueryInput(model: ServiceModel, operation: string, params: Params): Record<string, unknown> {
  const op = model.operations[operation]!;
  const prefixes = new Set<string>();
  for (const key of params.keys()) {
    for (let i = key.indexOf('.'); i !== -1; i = key.indexOf('.', i + 1)) prefixes.add(key.slice(0, i));
    prefixes.add(key);
  }
  const walk: Walk = { model, params, used: new Set(), ec2: model.metadata.protocol === 'ec2', prefixes };
  const input = op.input ? (parseStructure(walk, model.shapes[op.input.shape]!, '', '') ?? {}) : {};
  if (walk.ec2) {
    for (const key of params.keys()) if (!walk.used.has(key)) throw new UnknownParameter(key);
  }
  return input;
}

function memberKey(walk: Walk, name: string, ref: MemberRef): string {
  if (walk.ec2) {
    if (ref.queryName) return ref.queryName;
    if (ref.locationName) return ref.locationName[0]!.toUpperCase() + ref.locationName.slice(1);
    return name;
  }
  return ref.locationName ?? name;
}

function join(prefix: string, key: string): string {
  return prefix ? `${prefix}.${key}` : key;
}

function parseStructure(walk: Walk, shape: Shape, prefix: string, path: string): Record<string, unknown> | undefined {
  if (prefix && !walk.prefixes.has(prefix)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const key = join(prefix, memberKey(walk, name, ref));
    const value = parseValue(walk, ref, key, path ? `${path}.${name}` : name);
    if (value !== undefined) out[name] = value;
  }
  for (const name of shape.required ?? []) {
    if (out[name] === undefined) {
      const ref = shape.members![name]!;
      if (walk.ec2) throw new MissingParameter(join(prefix, memberKey(walk, name, ref)));
      throw new ValidationError(`1 validation error detected: Value null at '${lowerFirst(path ? `${path}.${name}` : name)}' failed to satisfy constraint: Member must not be null`);
    }
  }
  return out;
}

function parseValue(walk: Walk, ref: MemberRef, key: string, path: string): unknown {
  const shape = walk.model.shapes[ref.shape]!;
  switch (shape.type) {
    case 'structure':
      return parseStructure(walk, shape, key, path);
    case 'list':
      return parseList(walk, shape, key, path);
    case 'map':
      return parseMap(walk, shape, key, path);
    default: {
      const raw = walk.params.get(key);
      if (raw === undefined) return undefined;
      walk.used.add(key);
      return parseScalar(walk, ref.shape, shape, raw, key, path);
    }
  }
}

function parseList(walk: Walk, shape: Shape, key: string, path: string): unknown[] | undefined {
  if (!walk.prefixes.has(key)) return undefined;
  // An empty list is sent as `Name=` by the query protocol.
  if (walk.params.get(key) === '') { walk.used.add(key); return []; }
  const base = walk.ec2 || shape.flattened ? key : `${key}.${shape.member!.locationName ?? 'member'}`;
  const items: unknown[] = [];
  for (let i = 1; walk.prefixes.has(`${base}.${i}`); i++) {
    items.push(parseValue(walk, shape.member!, `${base}.${i}`, path));
  }
  return items;
}

function parseMap(walk: Walk, shape: Shape, key: string, path: string): Record<string, unknown> | undefined {
  if (!walk.prefixes.has(key)) return undefined;
  const out: Record<string, unknown> = {};
  for (let i = 1; walk.prefixes.has(`${key}.entry.${i}`); i++) {
    const k = parseValue(walk, shape.key!, `${key}.entry.${i}.key`, path) as string;
    out[k] = parseValue(walk, shape.value!, `${key}.entry.${i}.value`, path);
  }
  return out;
}

/**
 * The error for a value that fails a constraint. A function of its own rather than a closure in
 * parseScalar: under tsx every closure created gets its name defined (esbuild's keepNames), a cost paid
 * for every scalar parsed.
 */
function invalidValue(walk: Walk, raw: string, key: string, path: string, expected: string): Error {
  return walk.ec2
    ? new InvalidParameterValue(`Invalid value '${raw}' for ${key}. ${expected}`)
    : new ValidationError(`1 validation error detected: Value '${raw}' at '${lowerFirst(path)}' failed to satisfy constraint: ${expected}`);
}

function parseScalar(walk: Walk, shapeName: string, shape: Shape, raw: string, key: string, path: string): unknown {
  switch (shape.type) {
    case 'integer':
    case 'long': {
      if (!/^-?\d+$/.test(raw)) throw invalidValue(walk, raw, key, path, 'Member must be a number');
      const n = Number(raw);
      if (walk.ec2) {
        // EC2's own wording (real response quoted in aws/aws-sdk-ruby#2575); values above the maximum are
        // clamped to it, as EC2 does for MaxResults (API reference of DescribeVpcEndpoints).
        if (shape.min !== undefined && n < shape.min) {
          throw new InvalidParameterValue(`Value ( ${raw} ) for parameter ${lowerFirst(key)} is invalid. Expecting a value greater than ${shape.min}.`);
        }
        return shape.max !== undefined ? Math.min(n, shape.max) : n;
      }
      if (shape.min !== undefined && n < shape.min) throw invalidValue(walk, raw, key, path, `Member must have value greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && n > shape.max) throw invalidValue(walk, raw, key, path, `Member must have value less than or equal to ${shape.max}`);
      return n;
    }
    case 'double':
    case 'float': {
      const n = Number(raw);
      if (raw.trim() === '' || Number.isNaN(n)) throw invalidValue(walk, raw, key, path, 'Member must be a number');
      return n;
    }
    case 'boolean': {
      const v = raw.toLowerCase();
      if (v !== 'true' && v !== 'false') throw invalidValue(walk, raw, key, path, 'Member must be a boolean (true or false)');
      return v === 'true';
    }
    case 'timestamp': {
      const d = new Date(/^\d+(\.\d+)?$/.test(raw) ? Number(raw) * 1000 : raw);
      if (Number.isNaN(d.getTime())) throw invalidValue(walk, raw, key, path, 'Member must be a timestamp in ISO 8601 format');
      return d;
    }
    default: {
      if (shape.enum && !shape.enum.includes(raw)) {
        throw walk.ec2
          ? new InvalidParameterValue(`Value (${raw}) for parameter ${key} is invalid. Valid values are: ${shape.enum.join(', ')}`)
          : invalidValue(walk, raw, key, path, `Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
      }
      if (!walk.ec2) {
        if (shape.min !== undefined && raw.length < shape.min) throw invalidValue(walk, raw, key, path, `Member must have length greater than or equal to ${shape.min}`);
        if (shape.max !== undefined && raw.length > shape.max) throw invalidValue(walk, raw, key, path, `Member must have length less than or equal to ${shape.max}`);
      }
      // The .Malformed id errors are EC2's; ELBv2 shapes of the same names (SubnetId, VpcId) answer otherwise.
      if (walk.ec2) checkIdShape(shapeName, raw);
      return raw;
    }
  }
}

function lowerFirst(path: string): string {
  return path.split('.').map((p) => p[0]!.toLowerCase() + p.slice(1)).join('.');
}
