/**
 * @module api/elbv2
 * The ELBv2 operation table.
 */
import type { HandlerTable } from '../handler.js';
import { listenerHandlers } from './listeners.js';
import { loadBalancerHandlers } from './load-balancers.js';
import { elbTagHandlers } from './tags.js';
import { targetGroupHandlers } from './target-groups.js';

export const ELBV2_HANDLERS: HandlerTable = {
  ...loadBalancerHandlers,
  ...targetGroupHandlers,
  ...listenerHandlers,
  ...elbTagHandlers,
};
