/**
 * @module control/route-table/route-table
 * Route tables: CreateRouteTable, DescribeRouteTables, DeleteRouteTable, AssociateRouteTable,
 * DisassociateRouteTable, CreateRoute, ReplaceRoute, DeleteRoute; and the routes gateway endpoints own.
 *
 *   route table ── routes:        local (Origin CreateRouteTable, the VPC CIDR, never deleted)
 *               │                 CreateRoute routes (CIDR or prefix list -> one target)
 *               │                 gateway-endpoint routes (prefix list -> vpce-, written only by the endpoint)
 *               └─ associations:  main (one per VPC, never disassociated) | one per subnet, at most
 *
 * A subnet without an explicit association uses the VPC's main table (VPC User Guide, "Route tables").
 * Gateway-endpoint routes are added and removed only through the endpoint (rules R121-R124): the route
 * APIs refuse to create, replace or delete them.
 */
import type { Caller, ControlDeps } from '../context.js';
import type { Scope, StoreReader, StoreWriter, Tag } from '../../store/store.js';
import { formatCidr, parseCidr } from '../cidr.js';
import { idempotent } from '../idempotency.js';
import { filterAndPage, selectResources, type Filter } from '../describe.js';
import {
  AwsError, DependencyViolation, InvalidParameterCombination, InvalidParameterValue, notFound,
} from '../errors.js';
import { getNetworkInterface } from '../network-interface/network-interface-service.js';
import { getPrefixList } from '../prefix-list/prefix-list.js';
import { getSubnet } from '../subnet/records.js';
import { tagsFromSpecifications, type TagSpecification } from '../tags/tags.js';
import { getVpc } from '../vpc/vpc.js';
import { VPC_ENDPOINT } from '../endpoint/records.js';
import { newRouteTable, ROUTE_TABLE, type Route, type RouteTable, type RouteTableAssociation } from './records.js';

export interface RouteTableWithTags {
  routeTable: RouteTable;
  tags: Tag[];
}

export interface CreateRouteTableInput {
  VpcId: string;
  ClientToken?: string;
  TagSpecifications?: TagSpecification[];
}

export interface DescribeRouteTablesInput {
  RouteTableIds?: string[];
  Filters?: Filter[];
  MaxResults?: number;
  NextToken?: string;
}

/** The members of CreateRoute / ReplaceRoute / DeleteRoute that name a destination. */
export interface RouteDestinationInput {
  RouteTableId: string;
  DestinationCidrBlock?: string;
  DestinationIpv6CidrBlock?: string;
  DestinationPrefixListId?: string;
}

/** The members of CreateRoute / ReplaceRoute that name a target: exactly one of them. */
export interface RouteTargetInput {
  GatewayId?: string;
  NetworkInterfaceId?: string;
  VpcEndpointId?: string;
  InstanceId?: string;
  NatGatewayId?: string;
  VpcPeeringConnectionId?: string;
  EgressOnlyInternetGatewayId?: string;
  TransitGatewayId?: string;
  LocalGatewayId?: string;
  CarrierGatewayId?: string;
  CoreNetworkArn?: string;
  OdbNetworkArn?: string;
}

export type RouteInput = RouteDestinationInput & RouteTargetInput;
export type ReplaceRouteInput = RouteInput & { LocalTarget?: boolean };

/** Targets whose resources Postern does not model: no route can point at one. */
const UNSUPPORTED_TARGETS = [
  'InstanceId', 'NatGatewayId', 'VpcPeeringConnectionId', 'EgressOnlyInternetGatewayId', 'TransitGatewayId',
  'LocalGatewayId', 'CarrierGatewayId', 'CoreNetworkArn', 'OdbNetworkArn',
] as const;
const TARGETS = ['GatewayId', 'NetworkInterfaceId', 'VpcEndpointId', ...UNSUPPORTED_TARGETS] as const;

// Wording of a real CreateRoute response (devopsacademyau/academy c02-network07), with vpcEndpointId,
// which AWS added for Gateway Load Balancer endpoints.
const EXACTLY_ONE_TARGET = 'The request must contain exactly one of gatewayId, natGatewayId, networkInterfaceId, vpcPeeringConnectionId, egressOnlyInternetGatewayId, transitGatewayId, localGatewayId, vpcEndpointId or instanceId';

export async function getRouteTable(tx: StoreReader, scope: Scope, routeTableId: string): Promise<RouteTable> {
  const r = await tx.getResource<RouteTable>(scope, routeTableId);
  if (!r || r.type !== ROUTE_TABLE) throw notFound(ROUTE_TABLE, routeTableId);
  return r.data;
}

async function saveRouteTable(tx: StoreWriter, scope: Scope, rtb: RouteTable): Promise<void> {
  await tx.updateResource(scope, { id: rtb.RouteTableId, type: ROUTE_TABLE, parentId: rtb.VpcId, data: rtb });
}

/** The route tables of a VPC, the main one first (it was created with the VPC). */
function tablesOfVpc(tx: StoreReader, scope: Scope, vpcId: string): Promise<RouteTable[]> {
  return tx.listResources<RouteTable>(scope, ROUTE_TABLE, vpcId).then((rows) => rows.map((r) => r.data));
}

/** Ends a subnet's explicit association, if any: for DeleteSubnet. */
export async function removeSubnetAssociations(tx: StoreWriter, scope: Scope, vpcId: string, subnetId: string): Promise<void> {
  for (const rtb of await tablesOfVpc(tx, scope, vpcId)) {
    const kept = rtb.Associations.filter((a) => a.SubnetId !== subnetId);
    if (kept.length !== rtb.Associations.length) await saveRouteTable(tx, scope, { ...rtb, Associations: kept });
  }
}

// --- destinations and targets ---------------------------------------------------------------------

interface Destination {
  member: 'DestinationCidrBlock' | 'DestinationPrefixListId';
  value: string;
  /** how AWS names the destination kind in its messages */
  label: 'destination-cidr-block' | 'destination-prefix-list-id';
}

function destinationOf(input: RouteDestinationInput): Destination {
  if (input.DestinationIpv6CidrBlock !== undefined) {
    throw new InvalidParameterValue('IPv6 routes are not supported by Postern: its VPCs have no IPv6 CIDR block.');
  }
  const given = [input.DestinationCidrBlock, input.DestinationPrefixListId].filter((d) => d !== undefined);
  if (given.length === 0) {
    // Wording of a real response (hashicorp/terraform#14564).
    throw new AwsError('MissingParameter', 'The request must contain the parameter destinationCidrBlock or destinationIpv6CidrBlock');
  }
  if (given.length > 1) {
    throw new InvalidParameterCombination('Only one of destinationCidrBlock, destinationIpv6CidrBlock or destinationPrefixListId may be specified.');
  }
  if (input.DestinationPrefixListId !== undefined) {
    return { member: 'DestinationPrefixListId', value: input.DestinationPrefixListId, label: 'destination-prefix-list-id' };
  }
  const cidr = parseCidr(input.DestinationCidrBlock!);
  if (!cidr) {
    // Wording of a real response (ansible-collections/amazon.aws#477).
    throw new InvalidParameterValue(`Value (${input.DestinationCidrBlock}) for parameter destinationCidrBlock is invalid. This is not a valid CIDR block.`);
  }
  return { member: 'DestinationCidrBlock', value: formatCidr(cidr), label: 'destination-cidr-block' };
}

function findRoute(rtb: RouteTable, dest: Destination): Route | undefined {
  return rtb.Routes.find((r) => r[dest.member] === dest.value);
}

/** The local route: created with the table for the VPC CIDR. Its target may change; it never goes. */
function isLocal(route: Route): boolean {
  return route.Origin === 'CreateRouteTable';
}

async function isGatewayEndpoint(tx: StoreReader, scope: Scope, id: string | undefined): Promise<boolean> {
  if (!id?.startsWith('vpce-')) return false;
  const r = await tx.getResource<{ VpcEndpointType?: string }>(scope, id);
  return r?.type === VPC_ENDPOINT && r.data.VpcEndpointType === 'Gateway';
}

/** A route a gateway endpoint wrote (rules R121): only the endpoint may change it (R123). */
function isEndpointRoute(tx: StoreReader, scope: Scope, route: Route): Promise<boolean> {
  return isGatewayEndpoint(tx, scope, route.GatewayId);
}

/**
 * The route APIs' refusal to touch a gateway endpoint's route. AWS's code and message for this were not
 * found in any public response; InvalidParameterValue in the wording of the local-route refusal is assumed.
 */
function endpointRouteRefusal(rtb: RouteTable, route: Route): AwsError {
  return new InvalidParameterValue(`cannot modify VPC endpoint route ${route.DestinationPrefixListId ?? route.DestinationCidrBlock} in route table ${rtb.RouteTableId}; change the route tables of ${route.GatewayId} instead`);
}

/** A VPC endpoint that is not a Gateway Load Balancer endpoint cannot be a route target (moto mirrors AWS). */
function routeNotSupported(vpcEndpointId: string): AwsError {
  return new AwsError('RouteNotSupported', `Route table contains unsupported route target: ${vpcEndpointId}. VPC Endpoints of this type cannot be used as route targets.`);
}

/** Resolves the one target of a CreateRoute / ReplaceRoute to the route members AWS shows for it. */
async function targetOf(tx: StoreReader, scope: Scope, rtb: RouteTable, input: RouteTargetInput): Promise<Pick<Route, 'GatewayId' | 'NetworkInterfaceId'>> {
  const given = TARGETS.filter((t) => input[t] !== undefined);
  if (given.length === 0) throw new AwsError('MissingParameter', EXACTLY_ONE_TARGET);
  if (given.length > 1) throw new InvalidParameterCombination(EXACTLY_ONE_TARGET);
  const kind = given[0]!;
  const id = input[kind]!;
  switch (kind) {
    case 'NetworkInterfaceId': {
      const eni = await getNetworkInterface(tx, scope, id);
      if (eni.VpcId !== rtb.VpcId) {
        throw new InvalidParameterValue(`Route table ${rtb.RouteTableId} and network interface ${id} belong to different networks.`);
      }
      return { NetworkInterfaceId: id };
    }
    case 'VpcEndpointId': {
      const r = await tx.getResource<{ VpcEndpointType?: string }>(scope, id);
      if (!r || r.type !== VPC_ENDPOINT) throw notFound(VPC_ENDPOINT, id);
      // CreateRoute's VpcEndpointId is for Gateway Load Balancer endpoints only (API reference, CreateRoute; R123).
      if (r.data.VpcEndpointType !== 'GatewayLoadBalancer') throw routeNotSupported(id);
      return { GatewayId: id };
    }
    case 'GatewayId':
      if (await isGatewayEndpoint(tx, scope, id)) throw routeNotSupported(id);
      // Postern models no internet, virtual private or local gateways: none of those ids exists.
      throw new AwsError('InvalidGatewayID.NotFound', `The gateway ID '${id}' does not exist`);
    default:
      throw new InvalidParameterValue(`Routes to ${kind.replace(/Id$|Arn$/, '')} targets are not supported by Postern.`);
  }
}

// --- routes of gateway endpoints (called by control/endpoint) -------------------------------------

/**
 * Adds a gateway endpoint's route to a route table: destination the service's prefix list, target the
 * endpoint (R121). One route per prefix list per table, so two endpoints of one service cannot share a
 * table (R122: AWS's RouteAlreadyExists wording quoted in eksctl-io/eksctl#2510).
 */
export async function addEndpointRoute(tx: StoreWriter, scope: Scope, routeTableId: string, prefixListId: string, vpcEndpointId: string): Promise<void> {
  const rtb = await getRouteTable(tx, scope, routeTableId);
  if (rtb.Routes.some((r) => r.DestinationPrefixListId === prefixListId)) {
    throw new AwsError('RouteAlreadyExists', `route table ${routeTableId} already has a route with destination-prefix-list-id ${prefixListId}`);
  }
  rtb.Routes.push({ DestinationPrefixListId: prefixListId, GatewayId: vpcEndpointId, Origin: 'CreateRoute', State: 'active' });
  await saveRouteTable(tx, scope, rtb);
}

/** Removes an endpoint's routes from a route table: the table left the endpoint, or the endpoint went (R124). */
/** Routes whose target interface is gone stay in their tables as `blackhole`, as AWS shows them. */
export async function blackholeRoutesTo(tx: StoreWriter, scope: Scope, vpcId: string, networkInterfaceId: string): Promise<void> {
  for (const rtb of await tablesOfVpc(tx, scope, vpcId)) {
    if (!rtb.Routes.some((r) => r.NetworkInterfaceId === networkInterfaceId)) continue;
    const Routes = rtb.Routes.map((r): Route => (r.NetworkInterfaceId === networkInterfaceId ? { ...r, State: 'blackhole' } : r));
    await saveRouteTable(tx, scope, { ...rtb, Routes });
  }
}

export async function removeEndpointRoutes(tx: StoreWriter, scope: Scope, routeTableId: string, vpcEndpointId: string): Promise<void> {
  const rtb = await getRouteTable(tx, scope, routeTableId);
  const kept = rtb.Routes.filter((r) => r.GatewayId !== vpcEndpointId);
  if (kept.length !== rtb.Routes.length) await saveRouteTable(tx, scope, { ...rtb, Routes: kept });
}

// --- the service ----------------------------------------------------------------------------------


export function routeTableService(deps: ControlDeps) {
  return {
    async create(caller: Caller, input: CreateRouteTableInput): Promise<RouteTableWithTags & { clientToken?: string }> {
      const tags = tagsFromSpecifications(input.TagSpecifications, ROUTE_TABLE);
      const token = input.ClientToken;
      return deps.store.write((tx) => idempotent(tx, caller, token, 'CreateRouteTable', { VpcId: input.VpcId, tags },
        async (id) => {
          const existing = await tx.getResource<RouteTable>(caller, id);
          return existing && { routeTable: existing.data, tags: (await tx.getTags(caller, [id])).get(id) ?? [], clientToken: token };
        },
        async () => {
          const vpc = await getVpc(tx, caller, input.VpcId);
          if ((await tx.listResources(caller, ROUTE_TABLE, vpc.VpcId)).length >= deps.settings.quotas.routeTablesPerVpc) {
            throw new AwsError('RouteTableLimitExceeded', 'The maximum number of route tables has been reached.');
          }
          const rtb = newRouteTable(deps, caller.accountId, vpc.VpcId, vpc.CidrBlock, false);
          await tx.insertResource(caller, { id: rtb.RouteTableId, type: ROUTE_TABLE, parentId: vpc.VpcId, data: rtb });
          await tx.putTags(caller, rtb.RouteTableId, tags);
          return { resourceId: rtb.RouteTableId, result: { routeTable: rtb, tags, clientToken: token } };
        }));
    },

    async describe(caller: Caller, input: DescribeRouteTablesInput): Promise<{ routeTables: RouteTableWithTags[]; nextToken?: string }> {
      return deps.store.read(async (tx) => {
        const tables = await selectResources<RouteTable>(tx, caller, ROUTE_TABLE, input.RouteTableIds);
        const none = () => [];
        const page = await filterAndPage(tx, caller, tables, (t) => t.RouteTableId, input, {
          'association.gateway-id': none,
          'association.route-table-association-id': (t) => t.Associations.map((a) => a.RouteTableAssociationId),
          'association.route-table-id': (t) => t.Associations.map((a) => a.RouteTableId),
          'association.subnet-id': (t) => t.Associations.map((a) => a.SubnetId),
          'association.main': (t) => t.Associations.map((a) => a.Main),
          'owner-id': (t) => t.OwnerId,
          'route-table-id': (t) => t.RouteTableId,
          'route.destination-cidr-block': (t) => t.Routes.map((r) => r.DestinationCidrBlock),
          'route.destination-ipv6-cidr-block': none,
          'route.destination-prefix-list-id': (t) => t.Routes.map((r) => r.DestinationPrefixListId),
          'route.egress-only-internet-gateway-id': none,
          'route.gateway-id': (t) => t.Routes.map((r) => r.GatewayId),
          'route.instance-id': none,
          'route.nat-gateway-id': none,
          'route.transit-gateway-id': none,
          'route.origin': (t) => t.Routes.map((r) => r.Origin),
          'route.state': (t) => t.Routes.map((r) => r.State),
          'route.vpc-peering-connection-id': none,
          'vpc-id': (t) => t.VpcId,
        });
        return { routeTables: page.items.map((t) => ({ routeTable: t.item, tags: t.tags })), nextToken: page.nextToken };
      });
    },

    /** The main table, and a table with subnets, are in use (API reference, DeleteRouteTable). */
    async delete(caller: Caller, input: { RouteTableId: string }): Promise<void> {
      await deps.store.write(async (tx) => {
        const rtb = await getRouteTable(tx, caller, input.RouteTableId);
        if (rtb.Associations.length > 0) {
          throw new DependencyViolation(`The routeTable '${rtb.RouteTableId}' has dependencies and cannot be deleted.`);
        }
        await tx.deleteResource(caller, rtb.RouteTableId);
      });
    },

    async associate(caller: Caller, input: { RouteTableId: string; SubnetId?: string; GatewayId?: string }): Promise<{ AssociationId: string; AssociationState: RouteTableAssociation['AssociationState'] }> {
      if (input.GatewayId !== undefined) {
        if (input.SubnetId !== undefined) throw new InvalidParameterCombination('Only one of subnetId or gatewayId may be specified.');
        // Gateway route tables need internet or virtual private gateways, which Postern does not model.
        throw new AwsError('InvalidGatewayID.NotFound', `The gateway ID '${input.GatewayId}' does not exist`);
      }
      if (input.SubnetId === undefined) throw new AwsError('MissingParameter', 'The request must contain the parameter subnetId or gatewayId');
      const subnetId = input.SubnetId;
      return deps.store.write(async (tx) => {
        const rtb = await getRouteTable(tx, caller, input.RouteTableId);
        const subnet = await getSubnet(tx, caller, subnetId);
        if (subnet.VpcId !== rtb.VpcId) {
          throw new InvalidParameterValue(`Route table ${rtb.RouteTableId} and subnet ${subnet.SubnetId} belong to different networks.`);
        }
        // A subnet has at most one explicit association; moving it takes ReplaceRouteTableAssociation.
        // Wording of a real response (hashicorp/terraform-provider-aws#38960).
        const tables = await tablesOfVpc(tx, caller, rtb.VpcId);
        if (tables.some((t) => t.Associations.some((a) => a.SubnetId === subnet.SubnetId))) {
          throw new AwsError('Resource.AlreadyAssociated', `the specified association for route table ${rtb.RouteTableId} conflicts with an existing association`);
        }
        const association: RouteTableAssociation = {
          Main: false,
          RouteTableAssociationId: deps.ids.resourceId('rtbassoc'),
          RouteTableId: rtb.RouteTableId,
          SubnetId: subnet.SubnetId,
          AssociationState: { State: 'associated' },
        };
        rtb.Associations.push(association);
        await saveRouteTable(tx, caller, rtb);
        return { AssociationId: association.RouteTableAssociationId, AssociationState: association.AssociationState };
      });
    },

    async disassociate(caller: Caller, input: { AssociationId: string }): Promise<void> {
      await deps.store.write(async (tx) => {
        const tables = (await tx.listResources<RouteTable>(caller, ROUTE_TABLE)).map((r) => r.data);
        const rtb = tables.find((t) => t.Associations.some((a) => a.RouteTableAssociationId === input.AssociationId));
        if (!rtb) throw notFound('route-table-association', input.AssociationId);
        const association = rtb.Associations.find((a) => a.RouteTableAssociationId === input.AssociationId)!;
        if (association.Main) {
          // Wording of a real response (ansible/ansible#25521).
          throw new InvalidParameterValue(`cannot disassociate the main route table association ${input.AssociationId}`);
        }
        await saveRouteTable(tx, caller, { ...rtb, Associations: rtb.Associations.filter((a) => a !== association) });
      });
    },

    async createRoute(caller: Caller, input: RouteInput): Promise<void> {
      const dest = destinationOf(input);
      await deps.store.write(async (tx) => {
        const rtb = await getRouteTable(tx, caller, input.RouteTableId);
        if (dest.member === 'DestinationPrefixListId') getPrefixList(caller.region, dest.value);
        const target = await targetOf(tx, caller, rtb, input);
        // Rules R130 (real wording in ansible/ansible#59863 and terraform-provider-aws#23866).
        if (findRoute(rtb, dest)) throw new AwsError('RouteAlreadyExists', `The route identified by ${dest.value} already exists.`);
        if (rtb.Routes.filter((r) => r.Origin === 'CreateRoute').length >= deps.settings.quotas.routesPerRouteTable) {
          throw new AwsError('RouteLimitExceeded', 'The maximum number of routes has been reached.');
        }
        rtb.Routes.push({ [dest.member]: dest.value, ...target, Origin: 'CreateRoute', State: 'active' });
        await saveRouteTable(tx, caller, rtb);
      });
    },

    /**
     * ReplaceRoute changes a route's target. The local route's target may be replaced by a network
     * interface of the VPC and restored with LocalTarget (VPC User Guide, "Replace or restore the target
     * for a local route"); other targets cannot take the local route.
     */
    async replaceRoute(caller: Caller, input: ReplaceRouteInput): Promise<void> {
      const dest = destinationOf(input);
      await deps.store.write(async (tx) => {
        const rtb = await getRouteTable(tx, caller, input.RouteTableId);
        const route = findRoute(rtb, dest);
        if (!route) {
          throw new InvalidParameterValue(`There is no route defined for '${dest.value}' in the route table. Use CreateRoute instead.`);
        }
        if (await isEndpointRoute(tx, caller, route)) throw endpointRouteRefusal(rtb, route);
        let target: Pick<Route, 'GatewayId' | 'NetworkInterfaceId'>;
        if (input.LocalTarget) {
          if (TARGETS.some((t) => input[t] !== undefined)) throw new InvalidParameterCombination(`${EXACTLY_ONE_TARGET}, or must have localTarget set to true`);
          if (!isLocal(route)) throw new InvalidParameterValue(`Route ${dest.value} in route table ${rtb.RouteTableId} is not a local route; localTarget applies only to local routes.`);
          target = { GatewayId: 'local' };
        } else {
          target = await targetOf(tx, caller, rtb, input);
          if (isLocal(route) && target.NetworkInterfaceId === undefined) {
            throw new InvalidParameterValue(`The target of local route ${dest.value} in route table ${rtb.RouteTableId} can only be replaced by a network interface.`);
          }
        }
        const replaced: Route = { [dest.member]: dest.value, ...target, Origin: route.Origin, State: 'active' };
        rtb.Routes = rtb.Routes.map((r) => (r === route ? replaced : r));
        await saveRouteTable(tx, caller, rtb);
      });
    },

    async deleteRoute(caller: Caller, input: RouteDestinationInput): Promise<void> {
      const dest = destinationOf(input);
      await deps.store.write(async (tx) => {
        const rtb = await getRouteTable(tx, caller, input.RouteTableId);
        const route = findRoute(rtb, dest);
        // Wording of real responses (Terraform's and fog's handling of DeleteRoute errors).
        if (!route) throw new AwsError('InvalidRoute.NotFound', `no route with ${dest.label} ${dest.value} in route table ${rtb.RouteTableId}`);
        if (isLocal(route)) throw new InvalidParameterValue(`cannot remove local route ${dest.value} in route table ${rtb.RouteTableId}`);
        if (await isEndpointRoute(tx, caller, route)) throw endpointRouteRefusal(rtb, route);
        await saveRouteTable(tx, caller, { ...rtb, Routes: rtb.Routes.filter((r) => r !== route) });
      });
    },
  };
}
