/**
 * @module api/elbv2/load-balancers
 * CreateLoadBalancer, DeleteLoadBalancer, DescribeLoadBalancers, ModifyLoadBalancerAttributes,
 * DescribeLoadBalancerAttributes.
 */
import type {
  CreateLoadBalancerInput, DeleteLoadBalancerInput, DescribeLoadBalancerAttributesInput, DescribeLoadBalancersInput,
  ModifyLoadBalancerAttributesInput,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Handler, HandlerTable } from '../handler.js';
import type { CreateLoadBalancerInput as Create } from '../../control/load-balancer/load-balancers.js';

const createLoadBalancer: Handler<CreateLoadBalancerInput> = async (ctx, input) =>
  ({ LoadBalancers: [await ctx.control.loadBalancers.create(ctx.caller, input as Create)] });

const deleteLoadBalancer: Handler<DeleteLoadBalancerInput> = async (ctx, input) => {
  await ctx.control.loadBalancers.delete(ctx.caller, { LoadBalancerArn: input.LoadBalancerArn! });
};

const describeLoadBalancers: Handler<DescribeLoadBalancersInput> = (ctx, input) =>
  ctx.control.loadBalancers.describe(ctx.caller, input);

const modifyLoadBalancerAttributes: Handler<ModifyLoadBalancerAttributesInput> = async (ctx, input) =>
  ({ Attributes: await ctx.control.loadBalancers.modifyAttributes(ctx.caller, { LoadBalancerArn: input.LoadBalancerArn!, Attributes: input.Attributes! }) });

const describeLoadBalancerAttributes: Handler<DescribeLoadBalancerAttributesInput> = async (ctx, input) =>
  ({ Attributes: await ctx.control.loadBalancers.describeAttributes(ctx.caller, { LoadBalancerArn: input.LoadBalancerArn! }) });

export const loadBalancerHandlers: HandlerTable = {
  CreateLoadBalancer: createLoadBalancer,
  DeleteLoadBalancer: deleteLoadBalancer,
  DescribeLoadBalancers: describeLoadBalancers,
  ModifyLoadBalancerAttributes: modifyLoadBalancerAttributes,
  DescribeLoadBalancerAttributes: describeLoadBalancerAttributes,
};
