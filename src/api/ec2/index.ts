/**
 * @module api/ec2
 * The EC2 operation table: each resource's handlers. An operation of the model with no handler here
 * answers InvalidAction.
 */
import type { HandlerTable } from '../handler.js';
import { regionHandlers } from './regions.js';
import { tagHandlers } from './tags.js';
import { vpcHandlers } from './vpcs.js';

export const EC2_HANDLERS: HandlerTable = {
  ...regionHandlers,
  ...tagHandlers,
  ...vpcHandlers,
};
