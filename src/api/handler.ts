/**
 * @module api/handler
 * What an operation handler is: wire input (the SDK's request shape, parsed from the model) in, wire
 * output (the SDK's result shape, serialized by the model) out. Handlers hold no rules; they call control/.
 */
import type { Caller } from '../control/context.js';
import type { ControlPlane } from '../control/plane.js';

export interface RequestContext {
  caller: Caller;
  control: ControlPlane;
  requestId: string;
}

// Inputs are typed per handler with the SDK's request interfaces; the table itself is heterogeneous.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handler<I = any> = (ctx: RequestContext, input: I) => Promise<object | void> | object | void;

export type HandlerTable = Record<string, Handler>;

/** Drops undefined members so optional outputs stay out of the XML. */
export function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
