/**
 * @module control/endpoint/policy
 * Endpoint policies (rules R99-R109): an IAM resource policy in JSON, at most 20,480 characters, with a
 * Principal in every statement; the full-access default AWS gives an endpoint when none is sent, whose
 * exact text differs between interface and gateway endpoints. Gateway Load Balancer endpoints and
 * endpoints to services without VpcEndpointPolicySupported carry no policy at all.
 */
import { AwsError } from '../errors.js';
import type { VpcEndpointType } from './records.js';

/** The interface-endpoint default as AWS writes it, a space before each newline after a comma (rules R103). */
export const DEFAULT_INTERFACE_POLICY =
  '{\n  "Statement": [\n    {\n      "Action": "*", \n      "Effect": "Allow", \n      "Principal": "*", \n      "Resource": "*"\n    }\n  ]\n}';

/** The gateway-endpoint default (rules R104). */
export const DEFAULT_GATEWAY_POLICY =
  '{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}';

/** Policy size quota, white space included, not adjustable (rules R101, R136). */
export const MAX_POLICY_LENGTH = 20_480;

export class InvalidPolicyDocument extends AwsError {
  constructor(detail: string) { super('InvalidPolicyDocument', `The Policy Document is not valid. ${detail}`); }
}

/** The policy an endpoint of this type gets when none is given; undefined when it carries none (rules R109). */
export function defaultPolicy(type: VpcEndpointType, policySupported: boolean): string | undefined {
  if (type === 'GatewayLoadBalancer' || !policySupported) return undefined;
  return type === 'Gateway' ? DEFAULT_GATEWAY_POLICY : DEFAULT_INTERFACE_POLICY;
}

/**
 * The offset of the first character that breaks JSON syntax (RFC 8259), the text's length when it ends
 * too soon. JSON.parse does not always say where it failed, and AWS reports that place.
 */
function syntaxErrorOffset(text: string): number {
  let i = 0;
  const ws = () => { while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++; };
  const fail = (): never => { throw i; };
  const literal = (word: string) => { for (const ch of word) { if (text[i] !== ch) fail(); i++; } };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail();
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') { for (let k = 0; k < 4; k++) { i++; if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail(); } }
        else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail();
      }
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m || m[0] === '-' || m[0] === '') fail();
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++; ws();
      if (text[i] === '}') { i++; return; }
      for (;;) {
        ws(); if (text[i] !== '"') fail(); string(); ws();
        if (text[i] !== ':') fail(); i++; value(); ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return; }
        fail();
      }
    }
    if (ch === '[') {
      i++; ws();
      if (text[i] === ']') { i++; return; }
      for (;;) {
        value(); ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return; }
        fail();
      }
    }
    if (ch === '"') return string();
    if (ch === 't') return literal('true');
    if (ch === 'f') return literal('false');
    if (ch === 'n') return literal('null');
    return number();
  };
  try {
    value(); ws();
    return i < text.length ? i : -1;
  } catch (offset) {
    return offset as number;
  }
}

/** `(line,column)` of the syntax error, both 1-based: `Syntax error at position (1,75)` (rules R102). */
function syntaxPosition(text: string): string {
  const offset = Math.max(0, syntaxErrorOffset(text));
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return `(${line},${column})`;
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

/**
 * Checks a PolicyDocument and returns it as given (AWS stores the caller's text). The exact wording AWS
 * uses for oversize and structurally wrong policies was not found (rules R101, R102): Postern keeps AWS's
 * prefix `The Policy Document is not valid.` and names the fault.
 */
export function validatePolicy(text: string): string {
  if (text.length > MAX_POLICY_LENGTH) {
    throw new InvalidPolicyDocument(`The policy exceeds the maximum size of ${MAX_POLICY_LENGTH} characters.`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new InvalidPolicyDocument(`Syntax error at position ${syntaxPosition(text)}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new InvalidPolicyDocument('The policy must be a JSON object.');
  const statements = (doc as Record<string, unknown>).Statement;
  if (statements === undefined) throw new InvalidPolicyDocument('Missing required field Statement.');
  const list = asList(statements);
  if (list.length === 0) throw new InvalidPolicyDocument('Statement must not be empty.');
  for (const s of list) {
    if (typeof s !== 'object' || s === null || Array.isArray(s)) throw new InvalidPolicyDocument('Each Statement must be a JSON object.');
    const st = s as Record<string, unknown>;
    if (st.Effect !== 'Allow' && st.Effect !== 'Deny') throw new InvalidPolicyDocument('Effect must be Allow or Deny.');
    if (st.Action === undefined && st.NotAction === undefined) throw new InvalidPolicyDocument('Missing required field Action.');
    // Endpoint policies are resource policies: every statement names who it applies to (rules R100).
    if (st.Principal === undefined && st.NotPrincipal === undefined) throw new InvalidPolicyDocument('Missing required field Principal.');
  }
  return text;
}
