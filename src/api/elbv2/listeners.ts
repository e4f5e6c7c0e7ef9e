/**
 * @module api/elbv2/listeners
 * CreateListener, DeleteListener, DescribeListeners.
 */
import type { CreateListenerInput, DeleteListenerInput, DescribeListenersInput } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Handler, HandlerTable } from '../handler.js';
import type { CreateListenerInput as Create } from '../../control/load-balancer/listeners.js';

const createListener: Handler<CreateListenerInput> = async (ctx, input) =>
  ({ Listeners: [await ctx.control.listeners.create(ctx.caller, input as Create)] });

const deleteListener: Handler<DeleteListenerInput> = async (ctx, input) => {
  await ctx.control.listeners.delete(ctx.caller, { ListenerArn: input.ListenerArn! });
};

const describeListeners: Handler<DescribeListenersInput> = (ctx, input) =>
  ctx.control.listeners.describe(ctx.caller, input);

export const listenerHandlers: HandlerTable = {
  CreateListener: createListener,
  DeleteListener: deleteListener,
  DescribeListeners: describeListeners,
};
