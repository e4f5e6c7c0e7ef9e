/**
 * @module api/protocol/xml-serializer
 * Writes an operation's output structure as the XML body AWS sends, walking the model:
 *
 *   EC2:   <OpResponse xmlns=".../2016-11-15/"><requestId/>{members by locationName, lists as <item>}</OpResponse>
 *   query: <OpResponse xmlns><OpResult>{members, lists as <member>}</OpResult><ResponseMetadata><RequestId/>…
 *
 * Output values use the SDK's member names (PascalCase); undefined members are left out.
 */
import type { MemberRef, ServiceModel, Shape } from '../model/index.js';

const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';

const NEEDS_ESCAPING = /[&<>]/;
const ESCAPED: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Escapes element text. Quotes stay as they are: they need no escaping in text, and AWS sends them bare. */
export function escapeXml(s: string): string {
  // Most values (ids, names, states) have nothing to escape: one test, no copy.
  return NEEDS_ESCAPING.test(s) ? s.replace(/[&<>]/g, (c) => ESCAPED[c]!) : s;
}

/** The namespace as it appears on the wire: the model omits AWS's trailing slash. */
export function wireNamespace(model: ServiceModel): string {
  return model.metadata.xmlNamespace.endsWith('/') ? model.metadata.xmlNamespace : `${model.metadata.xmlNamespace}/`;
}

export function serializeResponse(model: ServiceModel, operation: string, output: object | undefined, requestId: string): string {
  const body = serializeResponseChunks(model, operation, output, requestId);
  if (!Array.isArray(body)) throw new Error('a streamed response cannot be serialized into one string');
  return body.join('');
}

/**
 * A response body in pieces of about CHUNK characters, written to the socket one after another: a list of
 * them when the output is all there, a stream when a list member of the output is Paged (an async
 * iterable of item arrays, control/describe.ts): its items are then read and written a page at a time.
 */
export type ResponseBody = string[] | AsyncIterable<string>;

export function serializeResponseChunks(model: ServiceModel, operation: string, output: object | undefined, requestId: string): ResponseBody {
  const op = model.operations[operation]!;
  const ns = wireNamespace(model);
  const outShape = op.output ? model.shapes[op.output.shape] : undefined;
  const w = new XmlWriter(model, model.metadata.protocol === 'ec2');
  if (w.ec2) {
    w.xml = `${XML_DECL}<${operation}Response xmlns="${ns}"><requestId>${requestId}</requestId>`;
    // Operations the model gives no output answer <return>true</return> on the wire.
    if (outShape) w.members(outShape, (output ?? {}) as Record<string, unknown>);
    else w.xml += '<return>true</return>';
    w.xml += `</${operation}Response>`;
  } else {
    const wrapper = op.output?.resultWrapper ?? `${operation}Result`;
    w.xml = `${XML_DECL}<${operation}Response xmlns="${ns}"><${wrapper}>`;
    if (outShape) w.members(outShape, (output ?? {}) as Record<string, unknown>);
    w.xml += `</${wrapper}><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`;
  }
  w.flush();
  return w.deferred.length === 0 ? w.chunks : streamed(w);
}

/** A list whose items are written later, page by page, at `at` among the writer's chunks. */
interface DeferredList {
  at: number;
  element: string;
  itemName: string;
  itemShape: Shape;
  pages: AsyncIterable<unknown[]>;
}

async function* streamed(w: XmlWriter): AsyncIterable<string> {
  let next = 0;
  for (const list of w.deferred) {
    while (next < list.at) yield w.chunks[next++]!;
    yield* listItems(w, list);
  }
  while (next < w.chunks.length) yield w.chunks[next++]!;
}

/** A deferred list's XML: each page of items goes out before the next page is read. */
async function* listItems(parent: XmlWriter, list: DeferredList): AsyncIterable<string> {
  const w = parent.child();
  let empty = true;
  for await (const page of list.pages) {
    for (const item of page) {
      if (empty) { w.xml += `<${list.element}>`; empty = false; }
      w.value(list.itemName, list.itemShape, item);
      if (w.xml.length > CHUNK) w.flush();
    }
    yield* w.take();
  }
  w.xml += empty ? `<${list.element}/>` : `</${list.element}>`;
  yield* w.take();
}

const CHUNK = 64 * 1024;

/** A structure's members with their element names and shapes, computed once per shape. */
const memberLists = new WeakMap<Shape, [name: string, element: string, shape: Shape][]>();

/**
 * Appends to a string and cuts it into chunks of about CHUNK characters at list items: a large response
 * (thousands of endpoints) never exists as one string, and what it was built from dies young.
 */
class XmlWriter {
  xml = '';
  readonly chunks: string[] = [];
  readonly deferred: DeferredList[] = [];
  constructor(private readonly model: ServiceModel, readonly ec2: boolean) {}

  child(): XmlWriter {
    return new XmlWriter(this.model, this.ec2);
  }

  flush(): void {
    if (this.xml.length > 0) { this.chunks.push(this.xml); this.xml = ''; }
  }

  /** The chunks written so far, handed over. */
  take(): string[] {
    this.flush();
    return this.chunks.splice(0);
  }

  private membersOf(shape: Shape): [string, string, Shape][] {
    let list = memberLists.get(shape);
    if (!list) {
      list = Object.entries(shape.members ?? {}).map(([name, ref]) => [name, ref.locationName ?? name, this.shapeOf(ref)]);
      memberLists.set(shape, list);
    }
    return list;
  }

  private shapeOf(ref: MemberRef): Shape {
    return this.model.shapes[ref.shape]!;
  }

  members(shape: Shape, value: Record<string, unknown>): void {
    for (const [name, element, memberShape] of this.membersOf(shape)) {
      const v = value[name];
      if (v !== undefined && v !== null) this.value(element, memberShape, v);
    }
  }

  value(element: string, shape: Shape, value: unknown): void {
    switch (shape.type) {
      case 'structure': {
        const struct = value as Record<string, unknown>;
        // An empty structure is self-closed, as AWS writes it (<privateDnsNameConfiguration/>, rules R44).
        if (!this.membersOf(shape).some(([name]) => struct[name] !== undefined && struct[name] !== null)) {
          this.xml += `<${element}/>`;
          return;
        }
        this.xml += `<${element}>`;
        this.members(shape, struct);
        this.xml += `</${element}>`;
        return;
      }
      case 'list': {
        const itemName = this.ec2 ? 'item' : (shape.member!.locationName ?? 'member');
        const itemShape = this.shapeOf(shape.member!);
        if (!Array.isArray(value)) {
          this.flush();
          this.deferred.push({ at: this.chunks.length, element, itemName, itemShape, pages: value as AsyncIterable<unknown[]> });
          return;
        }
        const items = value as unknown[];
        if (shape.flattened) {
          for (const item of items) this.value(element, itemShape, item);
          return;
        }
        if (items.length === 0) { this.xml += `<${element}/>`; return; }
        this.xml += `<${element}>`;
        for (const item of items) {
          this.value(itemName, itemShape, item);
          if (this.xml.length > CHUNK) { this.chunks.push(this.xml); this.xml = ''; }
        }
        this.xml += `</${element}>`;
        return;
      }
      case 'map': {
        this.xml += `<${element}>`;
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
          this.xml += '<entry>';
          this.value(shape.key!.locationName ?? 'key', this.shapeOf(shape.key!), k);
          this.value(shape.value!.locationName ?? 'value', this.shapeOf(shape.value!), v);
          this.xml += '</entry>';
        }
        this.xml += `</${element}>`;
        return;
      }
      case 'timestamp':
        this.xml += `<${element}>${(value instanceof Date ? value : new Date(value as string)).toISOString()}</${element}>`;
        return;
      default:
        this.xml += `<${element}>${escapeXml(String(value))}</${element}>`;
    }
  }
}

export function serializeError(model: ServiceModel | undefined, code: string, message: string, type: string, requestId: string): string {
  if (!model || model.metadata.protocol === 'ec2') {
    return `${XML_DECL}<Response><Errors><Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`;
  }
  return `${XML_DECL}<ErrorResponse xmlns="${wireNamespace(model)}"><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
}
