/**
 * @module control/endpoint/lifecycle
 * The VPC endpoint state machine (rules R28-R38, R184, R185) and the domain events its moves raise.
 *
 *   pendingAcceptance --accept--> pending --realized--> available --modify--> pending
 *          |                         |                      |
 *          +--------reject-----------+------reject----------+--> rejected
 *   any state but deleting/deleted --delete--> deleting --realized--> deleted --retention--> gone (NotFound)
 *
 * `pending` and `deleting` are left by the realizer (dataplane/realizer.ts) once the data plane has done
 * its part; a `deleted` endpoint stays listed for settings.deletedEndpointRetentionMs (rules R36).
 */
import type { Scope } from '../../store/store.js';
import type { ConnectionEvent, DomainEvent } from '../events.js';
import type { VpcEndpoint, VpcEndpointState } from './records.js';

const TRANSITIONS: Record<VpcEndpointState, readonly VpcEndpointState[]> = {
  pendingAcceptance: ['pending', 'rejected', 'deleting'],
  // `pending` is already accepted: the provider may still reject it (a moment later it is `available`, R34).
  pending: ['available', 'rejected', 'deleting', 'failed'],
  available: ['pending', 'rejected', 'deleting'],
  rejected: ['deleting'],
  failed: ['deleting'],
  expired: ['deleting'],
  deleting: ['deleted'],
  deleted: [],
};

export function canMove(from: VpcEndpointState, to: VpcEndpointState): boolean {
  return TRANSITIONS[from].includes(to);
}

export function withState(e: VpcEndpoint, state: VpcEndpointState, now: Date): VpcEndpoint {
  return { ...e, State: state, StateChangedAt: now.toISOString() };
}

/** A deleted endpoint past its retention: every lookup answers NotFound from then on (rules R36). */
export function isGone(e: VpcEndpoint, now: Date, retentionMs: number): boolean {
  return e.State === 'deleted' && now.getTime() - Date.parse(e.StateChangedAt) >= retentionMs;
}

/** Endpoints still counted against quotas and still holding their VPC (not yet `deleted`). */
export function isLive(e: VpcEndpoint): boolean {
  return e.State !== 'deleted';
}

export function endpointChanged(scope: Scope, e: VpcEndpoint): DomainEvent {
  return { type: 'endpoint-changed', scope, vpcEndpointId: e.VpcEndpointId };
}

/** A connection event for the notifications of the endpoint's and the service's owners (rules R76). */
export function connectionEvent(event: ConnectionEvent, region: string, e: VpcEndpoint, at: Date): DomainEvent {
  return {
    type: 'connection-event', event, region, vpcEndpointId: e.VpcEndpointId, vpcEndpointOwner: e.OwnerId,
    serviceId: e.ServiceId, serviceOwner: e.ServiceOwner, vpcEndpointState: e.State, at,
  };
}
