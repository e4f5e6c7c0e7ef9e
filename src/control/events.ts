/**
 * @module control/events
 * Domain events: what the control plane tells the parts that act outside it (the data-plane realizer,
 * connection-notification delivery, private DNS verification). Events are published only after the
 * transaction that caused them has committed, so a listener never acts on something that was rolled back.
 *
 *   control (store.write commits) -> bus.publish(events) -> dataplane/ realizer, notify/, dns/ verifier
 */
import { EventEmitter } from 'node:events';
import type { Scope } from '../store/store.js';

/** The four connection events of seed 002 ("Create and manage a notification"), in AWS's names. */
export type ConnectionEvent = 'Connect' | 'Accept' | 'Reject' | 'Delete';

export type DomainEvent =
  /** an endpoint's desired state changed: the realizer should make it real (or tear it down) */
  | { type: 'endpoint-changed'; scope: Scope; vpcEndpointId: string }
  /** a connection event of an endpoint to a service, for the notifications of both sides */
  | {
    type: 'connection-event'; event: ConnectionEvent; region: string; vpcEndpointId: string; vpcEndpointOwner: string;
    serviceId: string; serviceOwner: string; vpcEndpointState: string; at: Date;
  }
  /** a provider asked for (or set) a private DNS name whose TXT record must be looked up */
  | { type: 'private-dns-verification-requested'; scope: Scope; serviceId: string };

type Listener<E extends DomainEvent['type']> = (event: Extract<DomainEvent, { type: E }>) => void;

export class EventBus {
  private readonly emitter = new EventEmitter();

  publish(events: readonly DomainEvent[]): void {
    for (const e of events) this.emitter.emit(e.type, e);
  }

  on<E extends DomainEvent['type']>(type: E, listener: Listener<E>): () => void {
    this.emitter.on(type, listener as (e: DomainEvent) => void);
    return () => this.emitter.off(type, listener as (e: DomainEvent) => void);
  }
}
