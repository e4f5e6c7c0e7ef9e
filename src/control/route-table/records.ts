/**
 * @module control/route-table/records
 * The stored shape of a route table (AWS's RouteTable) and the main route table every VPC is born with:
 * one `local` route for the VPC CIDR and the main association.
 */
import type { ControlDeps } from '../context.js';

/**
 * A route as AWS describes it. A route to a VPC endpoint (a gateway endpoint's prefix-list route, or a
 * route to a Gateway Load Balancer endpoint) shows the endpoint id as `gatewayId`: the model's Route has
 * no vpcEndpointId (rules R121).
 */
export interface Route {
  DestinationCidrBlock?: string;
  DestinationPrefixListId?: string;
  GatewayId?: string;
  NetworkInterfaceId?: string;
  Origin: 'CreateRouteTable' | 'CreateRoute' | 'EnableVgwRoutePropagation';
  State: 'active' | 'blackhole';
}

export interface RouteTableAssociation {
  Main: boolean;
  RouteTableAssociationId: string;
  RouteTableId: string;
  SubnetId?: string;
  AssociationState: { State: 'associated' | 'associating' | 'disassociating' | 'disassociated' | 'failed' };
}

export interface RouteTable {
  RouteTableId: string;
  VpcId: string;
  OwnerId: string;
  Routes: Route[];
  Associations: RouteTableAssociation[];
  PropagatingVgws: never[];
}

export const ROUTE_TABLE = 'route-table';

export function newRouteTable(deps: ControlDeps, ownerId: string, vpcId: string, vpcCidr: string, main: boolean): RouteTable {
  const id = deps.ids.resourceId('rtb');
  return {
    RouteTableId: id,
    VpcId: vpcId,
    OwnerId: ownerId,
    Routes: [{ DestinationCidrBlock: vpcCidr, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' }],
    Associations: main
      ? [{ Main: true, RouteTableAssociationId: deps.ids.resourceId('rtbassoc'), RouteTableId: id, AssociationState: { State: 'associated' } }]
      : [],
    PropagatingVgws: [],
  };
}
