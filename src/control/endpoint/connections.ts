/**
 * @module control/endpoint/connections
 * The provider's side of endpoints: DescribeVpcEndpointConnections, AcceptVpcEndpointConnections and
 * RejectVpcEndpointConnections (rules R32-R35, R39, R40, R65-R68). The endpoints live in their consumers'
 * accounts; the provider reaches them through the service id they carry, never by anything else.
 *
 *   consumer creates ──> pendingAcceptance ──accept──> pending ──realizer──> available
 *                                  └──────reject──────────┴────────reject───────┴──> rejected
 *
 * A provider cannot delete a consumer's endpoint, only reject it (R35): there is no operation for it here.
 */
import type { Caller, ControlDeps } from '../context.js';
import type { Scope, StoreReader } from '../../store/store.js';
import { filterAndPage, type Filter } from '../describe.js';
import { AwsError, notFound } from '../errors.js';
import type { ConnectionEvent, DomainEvent } from '../events.js';
import { VPC_ENDPOINT_SERVICE, type ServiceConfiguration } from '../service/records.js';
import type { UnsuccessfulItem } from './endpoints.js';
import { canMove, connectionEvent, endpointChanged, isGone, withState } from './lifecycle.js';
import { endpointRow, VPC_ENDPOINT, type VpcEndpoint, type VpcEndpointState } from './records.js';
import { connectionOf, type VpcEndpointConnection } from './view.js';

export interface DescribeVpcEndpointConnectionsInput {
  Filters?: Filter[];
  MaxResults?: number;
  NextToken?: string;
}

export interface ConnectionDecisionInput {
  ServiceId: string;
  VpcEndpointIds: string[];
}

const MAX_RESULTS = 1000;

/** The caller's own service, not deleted: only its owner may decide on its connections (R65). */
async function ownService(tx: StoreReader, caller: Caller, serviceId: string): Promise<ServiceConfiguration> {
  const r = await tx.getResource<ServiceConfiguration>(caller, serviceId);
  // A deleted service is unknown, though its rejected connections stay listed (R40, R67).
  if (!r || r.type !== VPC_ENDPOINT_SERVICE || r.data.ServiceState === 'Deleted') throw notFound(VPC_ENDPOINT_SERVICE, serviceId);
  return r.data;
}

export function endpointConnectionService(deps: ControlDeps) {
  const gone = (e: VpcEndpoint) => isGone(e, deps.clock(), deps.settings.deletedEndpointRetentionMs);

  /** The endpoints of every account connected to the caller's services, kept after the service went (R40). */
  async function connectedEndpoints(tx: StoreReader, caller: Caller): Promise<{ scope: Scope; endpoint: VpcEndpoint }[]> {
    return (await tx.listResourcesOfAllAccounts<VpcEndpoint>(caller.region, VPC_ENDPOINT, caller.accountId))
      .filter((r) => !gone(r.data))
      .map((r) => ({ scope: { accountId: r.accountId, region: caller.region }, endpoint: r.data }));
  }

  /**
   * Accept or reject, one endpoint at a time: an id that is not an endpoint of this service is not found,
   * one in a state the decision cannot move is IncorrectState (AWS's code for this case is unverified, R68).
   */
  async function decide(caller: Caller, input: ConnectionDecisionInput, to: VpcEndpointState, event: ConnectionEvent, from: readonly VpcEndpointState[]): Promise<UnsuccessfulItem[]> {
    const events: DomainEvent[] = [];
    const unsuccessful = await deps.store.write(async (tx) => {
      await ownService(tx, caller, input.ServiceId);
      const out: UnsuccessfulItem[] = [];
      const now = deps.clock();
      for (const id of input.VpcEndpointIds) {
        const r = await tx.findResourceInRegion<VpcEndpoint>(caller.region, id);
        if (!r || r.type !== VPC_ENDPOINT || r.data.ServiceId !== input.ServiceId || r.data.ServiceOwner !== caller.accountId || gone(r.data)) {
          out.push({ ResourceId: id, Error: notFoundItem(id) });
          continue;
        }
        const e = r.data;
        if (e.State === to) continue;
        if (!from.includes(e.State) || !canMove(e.State, to)) {
          out.push({ ResourceId: id, Error: { Code: 'IncorrectState', Message: `The VPC endpoint ${id} is in state ${e.State}.` } });
          continue;
        }
        const scope = { accountId: r.accountId, region: caller.region };
        const next = withState(e, to, now);
        await tx.updateResource(scope, endpointRow(next));
        events.push(endpointChanged(scope, next), connectionEvent(event, caller.region, next, now));
      }
      return out;
    });
    deps.events.publish(events);
    return unsuccessful;
  }

  return {
    async describe(caller: Caller, input: DescribeVpcEndpointConnectionsInput): Promise<{ connections: VpcEndpointConnection[]; nextToken?: string }> {
      return deps.store.read(async (tx) => {
        const services = new Map<string, ServiceConfiguration | undefined>();
        const connections: VpcEndpointConnection[] = [];
        for (const { endpoint } of await connectedEndpoints(tx, caller)) {
          if (!services.has(endpoint.ServiceId)) {
            services.set(endpoint.ServiceId, (await tx.getResource<ServiceConfiguration>(caller, endpoint.ServiceId))?.data);
          }
          const s = services.get(endpoint.ServiceId);
          connections.push(connectionOf(caller.region, endpoint, {
            NetworkLoadBalancerArns: s?.NetworkLoadBalancerArns ?? [], GatewayLoadBalancerArns: s?.GatewayLoadBalancerArns ?? [],
          }));
        }
        const maxResults = input.MaxResults === undefined ? undefined : Math.min(input.MaxResults, MAX_RESULTS);
        const page = await filterAndPage(tx, caller, connections, (c) => c.VpcEndpointId, { ...input, MaxResults: maxResults }, {
          'ip-address-type': (c) => c.IpAddressType,
          'service-id': (c) => c.ServiceId,
          'vpc-endpoint-owner': (c) => c.VpcEndpointOwner,
          'vpc-endpoint-region': (c) => c.VpcEndpointRegion,
          'vpc-endpoint-state': (c) => c.VpcEndpointState,
          'vpc-endpoint-id': (c) => c.VpcEndpointId,
        });
        return { connections: page.items.map((t) => ({ ...t.item, Tags: t.tags })), nextToken: page.nextToken };
      });
    },

    /** pendingAcceptance -> pending; the realizer then makes it available (R33). */
    accept(caller: Caller, input: ConnectionDecisionInput): Promise<UnsuccessfulItem[]> {
      return decide(caller, input, 'pending', 'Accept', ['pendingAcceptance']);
    },

    /** pendingAcceptance, or an accepted endpoint (pending, available) -> rejected (R34, R68). */
    reject(caller: Caller, input: ConnectionDecisionInput): Promise<UnsuccessfulItem[]> {
      return decide(caller, input, 'rejected', 'Reject', ['pendingAcceptance', 'pending', 'available']);
    },
  };
}

function notFoundItem(id: string): { Code: string; Message: string } {
  const e: AwsError = notFound(VPC_ENDPOINT, id);
  return { Code: e.code, Message: e.message };
}
