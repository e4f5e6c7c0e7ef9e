/**
 * @module api/elbv2
 * The ELBv2 operation table.
 */
import type { HandlerTable } from '../handler.js';

export const ELBV2_HANDLERS: HandlerTable = {};
