/**
 * @module api/ec2/endpoint-connections
 * DescribeVpcEndpointConnections, AcceptVpcEndpointConnections, RejectVpcEndpointConnections.
 */
import type {
  AcceptVpcEndpointConnectionsRequest, DescribeVpcEndpointConnectionsRequest, RejectVpcEndpointConnectionsRequest,
} from '@aws-sdk/client-ec2';
import type { Handler, HandlerTable } from '../handler.js';

const describeVpcEndpointConnections: Handler<DescribeVpcEndpointConnectionsRequest> = async (ctx, input) => {
  const { connections, nextToken } = await ctx.control.endpointConnections.describe(ctx.caller, input);
  return { VpcEndpointConnections: connections, NextToken: nextToken };
};

const acceptVpcEndpointConnections: Handler<AcceptVpcEndpointConnectionsRequest> = async (ctx, input) =>
  ({ Unsuccessful: await ctx.control.endpointConnections.accept(ctx.caller, { ServiceId: input.ServiceId!, VpcEndpointIds: input.VpcEndpointIds ?? [] }) });

const rejectVpcEndpointConnections: Handler<RejectVpcEndpointConnectionsRequest> = async (ctx, input) =>
  ({ Unsuccessful: await ctx.control.endpointConnections.reject(ctx.caller, { ServiceId: input.ServiceId!, VpcEndpointIds: input.VpcEndpointIds ?? [] }) });

export const endpointConnectionHandlers: HandlerTable = {
  DescribeVpcEndpointConnections: describeVpcEndpointConnections,
  AcceptVpcEndpointConnections: acceptVpcEndpointConnections,
  RejectVpcEndpointConnections: rejectVpcEndpointConnections,
};
