/**
 * @module api/ec2/route-tables
 * CreateRouteTable, DescribeRouteTables, DeleteRouteTable, AssociateRouteTable, DisassociateRouteTable,
 * CreateRoute, ReplaceRoute, DeleteRoute.
 */
import type {
  AssociateRouteTableRequest, CreateRouteRequest, CreateRouteTableRequest, DeleteRouteRequest, DeleteRouteTableRequest,
  DescribeRouteTablesRequest, DisassociateRouteTableRequest, ReplaceRouteRequest,
} from '@aws-sdk/client-ec2';
import type { Handler, HandlerTable } from '../handler.js';
import type { RouteTableWithTags } from '../../control/route-table/route-table.js';

// Route tables carry tagSet even when empty (API reference, CreateRouteTable and DescribeRouteTables samples).
const toWire = ({ routeTable, tags }: RouteTableWithTags) => ({ ...routeTable, Tags: tags });

const createRouteTable: Handler<CreateRouteTableRequest> = async (ctx, input) => {
  const { clientToken, ...created } = await ctx.control.routeTables.create(ctx.caller, { ...input, VpcId: input.VpcId! });
  return { RouteTable: toWire(created), ClientToken: clientToken };
};

const describeRouteTables: Handler<DescribeRouteTablesRequest> = async (ctx, input) => {
  const { routeTables, nextToken } = await ctx.control.routeTables.describe(ctx.caller, input);
  return { RouteTables: routeTables.map(toWire), NextToken: nextToken };
};

const deleteRouteTable: Handler<DeleteRouteTableRequest> = async (ctx, input) => {
  await ctx.control.routeTables.delete(ctx.caller, { RouteTableId: input.RouteTableId! });
};

const associateRouteTable: Handler<AssociateRouteTableRequest> = (ctx, input) =>
  ctx.control.routeTables.associate(ctx.caller, { ...input, RouteTableId: input.RouteTableId! });

const disassociateRouteTable: Handler<DisassociateRouteTableRequest> = async (ctx, input) => {
  await ctx.control.routeTables.disassociate(ctx.caller, { AssociationId: input.AssociationId! });
};

const createRoute: Handler<CreateRouteRequest> = async (ctx, input) => {
  await ctx.control.routeTables.createRoute(ctx.caller, { ...input, RouteTableId: input.RouteTableId! });
  return { Return: true };
};

const replaceRoute: Handler<ReplaceRouteRequest> = async (ctx, input) => {
  await ctx.control.routeTables.replaceRoute(ctx.caller, { ...input, RouteTableId: input.RouteTableId! });
};

const deleteRoute: Handler<DeleteRouteRequest> = async (ctx, input) => {
  await ctx.control.routeTables.deleteRoute(ctx.caller, { ...input, RouteTableId: input.RouteTableId! });
};

export const routeTableHandlers: HandlerTable = {
  CreateRouteTable: createRouteTable,
  DescribeRouteTables: describeRouteTables,
  DeleteRouteTable: deleteRouteTable,
  AssociateRouteTable: associateRouteTable,
  DisassociateRouteTable: disassociateRouteTable,
  CreateRoute: createRoute,
  ReplaceRoute: replaceRoute,
  DeleteRoute: deleteRoute,
};
