/**
 * @module api/ec2/vpc-endpoints
 * CreateVpcEndpoint, ModifyVpcEndpoint, DeleteVpcEndpoints, DescribeVpcEndpoints.
 */
import type {
  CreateVpcEndpointRequest, DeleteVpcEndpointsRequest, DescribeVpcEndpointsRequest, ModifyVpcEndpointRequest,
} from '@aws-sdk/client-ec2';
import type { Handler, HandlerTable, RequestContext } from '../handler.js';
import type { CreateVpcEndpointInput, ModifyVpcEndpointInput } from '../../control/endpoint/endpoints.js';
import type { VpcEndpointView } from '../../control/endpoint/records.js';
import { mapPaged } from '../../control/describe.js';

/** The record's wire members; `tagSet` is always there, empty or not (rules R163). */
function toWire(ctx: RequestContext, { endpoint: e, DnsEntries, tags }: VpcEndpointView) {
  return {
    VpcEndpointId: e.VpcEndpointId,
    VpcEndpointType: e.VpcEndpointType,
    VpcId: e.VpcId,
    ServiceName: e.ServiceName,
    State: e.State,
    PolicyDocument: e.PolicyDocument,
    RouteTableIds: e.RouteTableIds,
    SubnetIds: e.SubnetIds,
    Groups: e.Groups,
    IpAddressType: e.IpAddressType,
    DnsOptions: e.DnsOptions,
    PrivateDnsEnabled: e.PrivateDnsEnabled,
    RequesterManaged: e.RequesterManaged,
    NetworkInterfaceIds: e.NetworkInterfaceIds,
    DnsEntries,
    CreationTimestamp: e.CreationTimestamp,
    Tags: tags,
    OwnerId: e.OwnerId,
    LastError: e.LastError,
    ServiceRegion: ctx.caller.region,
  };
}

const createVpcEndpoint: Handler<CreateVpcEndpointRequest> = async (ctx, input) => {
  const view = await ctx.control.endpoints.create(ctx.caller, input as CreateVpcEndpointInput);
  return { VpcEndpoint: toWire(ctx, view), ClientToken: view.clientToken };
};

const modifyVpcEndpoint: Handler<ModifyVpcEndpointRequest> = async (ctx, input) => {
  await ctx.control.endpoints.modify(ctx.caller, input as ModifyVpcEndpointInput);
  return { Return: true };
};

const deleteVpcEndpoints: Handler<DeleteVpcEndpointsRequest> = async (ctx, input) =>
  ({ Unsuccessful: await ctx.control.endpoints.delete(ctx.caller, { VpcEndpointIds: input.VpcEndpointIds ?? [] }) });

const describeVpcEndpoints: Handler<DescribeVpcEndpointsRequest> = async (ctx, input) => {
  if (input.MaxResults === undefined && !input.VpcEndpointIds?.length) {
    // Every endpoint of the account-region, written as it is read.
    return { VpcEndpoints: mapPaged(ctx.control.endpoints.listAll(ctx.caller, input), (v) => toWire(ctx, v)) };
  }
  const { endpoints, nextToken } = await ctx.control.endpoints.describe(ctx.caller, input);
  return { VpcEndpoints: endpoints.map((v) => toWire(ctx, v)), NextToken: nextToken };
};

export const vpcEndpointHandlers: HandlerTable = {
  CreateVpcEndpoint: createVpcEndpoint,
  ModifyVpcEndpoint: modifyVpcEndpoint,
  DeleteVpcEndpoints: deleteVpcEndpoints,
  DescribeVpcEndpoints: describeVpcEndpoints,
};
