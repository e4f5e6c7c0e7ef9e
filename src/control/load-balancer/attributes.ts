/**
 * @module control/load-balancer/attributes
 * Key/value attributes of load balancers and target groups (ModifyLoadBalancerAttributes,
 * ModifyTargetGroupAttributes): each kind of resource has a fixed set of keys with AWS's defaults
 * (Key documentation of LoadBalancerAttribute and TargetGroupAttribute in the ELBv2 API reference); a
 * key outside the set, or a value the key does not take, is a ValidationError.
 */
import { ValidationError } from '../errors.js';

export interface AttributeSpec {
  default: string;
  valid: (value: string) => boolean;
}

export type AttributeSpecs = Record<string, AttributeSpec>;

export const bool = (def: boolean): AttributeSpec => ({ default: String(def), valid: (v) => v === 'true' || v === 'false' });
export const integer = (def: number, min: number, max: number): AttributeSpec =>
  ({ default: String(def), valid: (v) => /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max });
export const oneOf = (def: string, values: readonly string[]): AttributeSpec => ({ default: def, valid: (v) => values.includes(v) });
export const text = (def: string, max = 1024): AttributeSpec => ({ default: def, valid: (v) => v.length <= max });

export function defaultAttributes(specs: AttributeSpecs): Record<string, string> {
  return Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, s.default]));
}

/** The attributes after a Modify call; `subject` names the resource kind in messages ('Load balancer', 'Target group'). */
export function modifyAttributes(
  current: Record<string, string>, changes: readonly { Key?: string; Value?: string }[], specs: AttributeSpecs, subject: string,
): Record<string, string> {
  const next = { ...current };
  for (const { Key: key = '', Value: value = '' } of changes) {
    const spec = specs[key];
    if (!spec) throw new ValidationError(`${subject} attribute key '${key}' is not recognized`);
    if (!spec.valid(value)) throw new ValidationError(`${subject} attribute '${key}' cannot have the value '${value}'`);
    next[key] = value;
  }
  return next;
}

/** Attributes on the wire: the list of Key/Value pairs in the spec's order. */
export function attributeList(values: Record<string, string>, specs: AttributeSpecs): { Key: string; Value: string }[] {
  return Object.keys(specs).map((Key) => ({ Key, Value: values[Key] ?? specs[Key]!.default }));
}
