/**
 * @module scripts/trim-models
 * Dev-only: trims botocore's official service models (shipped gzipped with the AWS CLI) down to the
 * operations Postern serves and the shapes they reach, without documentation, and writes them to
 * src/api/model/. The output is committed so that neither botocore nor the SDK is needed at run time.
 *
 *   npm run models            # uses the botocore that `python3 -c "import botocore"` finds
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { SERVED_OPERATIONS } from '../src/api/model/operations.js';

const botocoreDir = execFileSync('python3', ['-c', 'import botocore,os;print(os.path.dirname(botocore.__file__))'])
  .toString().trim();

const SOURCES = { ec2: 'ec2/2016-11-15', elbv2: 'elbv2/2015-12-01', sts: 'sts/2011-06-15' } as const;

type Shape = { type: string; members?: Record<string, { shape: string } & Record<string, unknown>>; member?: { shape: string }; key?: { shape: string }; value?: { shape: string } } & Record<string, unknown>;

const KEEP_SHAPE_KEYS = ['type', 'members', 'member', 'key', 'value', 'required', 'enum', 'min', 'max', 'pattern',
  'flattened', 'locationName', 'queryName', 'error', 'exception', 'timestampFormat', 'box'];
const KEEP_MEMBER_KEYS = ['shape', 'locationName', 'queryName', 'flattened', 'xmlNamespace', 'idempotencyToken'];

function pick(obj: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => obj[k] !== undefined).map((k) => [k, obj[k]]));
}

for (const [name, dir] of Object.entries(SOURCES) as [keyof typeof SOURCES, string][]) {
  const full = JSON.parse(gunzipSync(readFileSync(join(botocoreDir, 'data', dir, 'service-2.json.gz'))).toString());
  const shapes: Record<string, Shape> = {};
  const visit = (shapeName: string) => {
    if (shapes[shapeName]) return;
    const src = full.shapes[shapeName] as Shape;
    const shape = pick(src, KEEP_SHAPE_KEYS) as Shape;
    shapes[shapeName] = shape;
    if (src.members) {
      shape.members = Object.fromEntries(Object.entries(src.members)
        .map(([m, def]) => [m, pick(def, KEEP_MEMBER_KEYS) as { shape: string }]));
      for (const def of Object.values(src.members)) visit(def.shape);
    }
    for (const k of ['member', 'key', 'value'] as const) {
      if (src[k]) { shape[k] = pick(src[k] as Record<string, unknown>, KEEP_MEMBER_KEYS) as { shape: string }; visit(src[k]!.shape); }
    }
  };
  const operations: Record<string, unknown> = {};
  for (const op of SERVED_OPERATIONS[name]) {
    const def = full.operations[op];
    if (!def) throw new Error(`${name} model has no operation ${op}`);
    operations[op] = pick(def, ['name', 'input', 'output', 'errors']);
    for (const io of ['input', 'output'] as const) if (def[io]) visit(def[io].shape);
    for (const e of def.errors ?? []) visit(e.shape);
  }
  const trimmed = { metadata: pick(full.metadata, ['apiVersion', 'protocol', 'signingName', 'endpointPrefix', 'xmlNamespace', 'serviceId']), operations, shapes };
  writeFileSync(join('src/api/model', `${name}.json`), JSON.stringify(trimmed) + '\n');
  process.stdout.write(`${name}: ${Object.keys(operations).length} operations, ${Object.keys(shapes).length} shapes\n`);
}
