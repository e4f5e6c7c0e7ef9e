/**
 * @module test/e2e/xml
 * Reads raw XML bodies as element trees, keeping element order and text exactly as sent
 * (fast-xml-parser with parseTagValue:false, so account ids keep their leading zeros), and reads
 * AWS's two error envelopes strictly:
 *
 *   EC2:         <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>
 *   awsQuery:    <ErrorResponse xmlns><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>
 */
import { XMLParser } from 'fast-xml-parser';

export interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  /** concatenated text of the element itself (not of its children) */
  text: string;
}

const parser = new XMLParser({
  preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false,
  parseAttributeValue: false, trimValues: true, commentPropName: '#comment', ignoreDeclaration: true,
});

type Ordered = Record<string, unknown>;

function toNode(entry: Ordered): XmlNode | undefined {
  const name = Object.keys(entry).find((k) => k !== ':@');
  if (!name || name === '#text' || name === '#comment') return undefined;
  const attributes = { ...((entry[':@'] as Record<string, string> | undefined) ?? {}) };
  const content = entry[name] as Ordered[];
  const children: XmlNode[] = [];
  let text = '';
  for (const c of content) {
    if ('#text' in c) text += String(c['#text']);
    else {
      const node = toNode(c);
      if (node) children.push(node);
    }
  }
  return { name, attributes, children, text };
}

/** The root element of an XML document. */
export function parseXml(xml: string): XmlNode {
  const roots = (parser.parse(xml) as Ordered[]).map(toNode).filter((n): n is XmlNode => n !== undefined);
  if (roots.length !== 1) throw new Error(`expected one root element, found ${roots.length}:\n${xml}`);
  return roots[0]!;
}

/** The only child of that name; throws when there is none or several. */
export function childOf(node: XmlNode, name: string): XmlNode {
  const found = node.children.filter((c) => c.name === name);
  if (found.length !== 1) throw new Error(`<${node.name}> has ${found.length} <${name}> children`);
  return found[0]!;
}

/** The element at a slash-separated path below node, e.g. `Errors/Error/Code`. */
export function at(node: XmlNode, path: string): XmlNode {
  return path.split('/').reduce(childOf, node);
}

export function childNames(node: XmlNode): string[] {
  return node.children.map((c) => c.name);
}

export interface AwsErrorBody {
  envelope: 'ec2' | 'query';
  code: string;
  message: string;
  requestId: string;
  /** awsQuery only: Sender or Receiver */
  type?: string;
  namespace?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Reads an error body, failing unless it is exactly one of AWS's two envelopes. */
export function errorOf(xml: string): AwsErrorBody {
  const root = parseXml(xml);
  const fail = (why: string) => new Error(`not an AWS error envelope (${why}):\n${xml}`);
  if (root.name === 'Response') {
    if (childNames(root).join() !== 'Errors,RequestID') throw fail('Response children');
    const errors = childOf(root, 'Errors');
    if (childNames(errors).join() !== 'Error') throw fail('Errors children');
    const error = childOf(errors, 'Error');
    if (childNames(error).join() !== 'Code,Message') throw fail('Error children');
    const requestId = childOf(root, 'RequestID').text;
    if (!UUID.test(requestId)) throw fail('RequestID');
    return { envelope: 'ec2', code: childOf(error, 'Code').text, message: childOf(error, 'Message').text, requestId };
  }
  if (root.name === 'ErrorResponse') {
    if (childNames(root).join() !== 'Error,RequestId') throw fail('ErrorResponse children');
    const error = childOf(root, 'Error');
    if (childNames(error).join() !== 'Type,Code,Message') throw fail('Error children');
    const requestId = childOf(root, 'RequestId').text;
    if (!UUID.test(requestId)) throw fail('RequestId');
    return {
      envelope: 'query', type: childOf(error, 'Type').text, code: childOf(error, 'Code').text,
      message: childOf(error, 'Message').text, requestId, namespace: root.attributes.xmlns,
    };
  }
  throw fail(`root <${root.name}>`);
}
