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

/** Escapes element text. Quotes stay as they are: they need no escaping in text, and AWS sends them bare. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
}

/** The namespace as it appears on the wire: the model omits AWS's trailing slash. */
export function wireNamespace(model: ServiceModel): string {
  return model.metadata.xmlNamespace.endsWith('/') ? model.metadata.xmlNamespace : `${model.metadata.xmlNamespace}/`;
}

export function serializeResponse(model: ServiceModel, operation: string, output: object | undefined, requestId: string): string {
  const op = model.operations[operation]!;
  const ns = wireNamespace(model);
  const parts: string[] = [];
  const outShape = op.output ? model.shapes[op.output.shape] : undefined;
  if (model.metadata.protocol === 'ec2') {
    parts.push(`${XML_DECL}<${operation}Response xmlns="${ns}"><requestId>${requestId}</requestId>`);
    // Operations the model gives no output answer <return>true</return> on the wire.
    if (outShape) writeMembers(model, parts, outShape, (output ?? {}) as Record<string, unknown>, true);
    else parts.push('<return>true</return>');
    parts.push(`</${operation}Response>`);
  } else {
    const wrapper = op.output?.resultWrapper ?? `${operation}Result`;
    parts.push(`${XML_DECL}<${operation}Response xmlns="${ns}"><${wrapper}>`);
    if (outShape) writeMembers(model, parts, outShape, (output ?? {}) as Record<string, unknown>, false);
    parts.push(`</${wrapper}><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`);
  }
  return parts.join('');
}

function writeMembers(model: ServiceModel, out: string[], shape: Shape, value: Record<string, unknown>, ec2: boolean): void {
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const v = value[name];
    if (v === undefined || v === null) continue;
    writeValue(model, out, ref.locationName ?? name, ref, v, ec2);
  }
}

function writeValue(model: ServiceModel, out: string[], element: string, ref: MemberRef, value: unknown, ec2: boolean): void {
  const shape = model.shapes[ref.shape]!;
  switch (shape.type) {
    case 'structure': {
      const start = out.push(`<${element}>`);
      writeMembers(model, out, shape, value as Record<string, unknown>, ec2);
      // An empty structure is self-closed, as AWS writes it (<privateDnsNameConfiguration/>, rules R44).
      if (out.length === start) out[start - 1] = `<${element}/>`;
      else out.push(`</${element}>`);
      return;
    }
    case 'list': {
      const items = value as unknown[];
      const itemName = ec2 ? 'item' : (shape.member!.locationName ?? 'member');
      if (shape.flattened) {
        for (const item of items) writeValue(model, out, element, shape.member!, item, ec2);
        return;
      }
      if (items.length === 0) { out.push(`<${element}/>`); return; }
      out.push(`<${element}>`);
      for (const item of items) writeValue(model, out, itemName, shape.member!, item, ec2);
      out.push(`</${element}>`);
      return;
    }
    case 'map': {
      out.push(`<${element}>`);
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        out.push('<entry>');
        writeValue(model, out, shape.key!.locationName ?? 'key', shape.key!, k, ec2);
        writeValue(model, out, shape.value!.locationName ?? 'value', shape.value!, v, ec2);
        out.push('</entry>');
      }
      out.push(`</${element}>`);
      return;
    }
    case 'timestamp':
      out.push(`<${element}>${(value instanceof Date ? value : new Date(value as string)).toISOString()}</${element}>`);
      return;
    default:
      out.push(`<${element}>${escapeXml(String(value))}</${element}>`);
  }
}

export function serializeError(model: ServiceModel | undefined, code: string, message: string, type: string, requestId: string): string {
  if (!model || model.metadata.protocol === 'ec2') {
    return `${XML_DECL}<Response><Errors><Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`;
  }
  return `${XML_DECL}<ErrorResponse xmlns="${wireNamespace(model)}"><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
}
