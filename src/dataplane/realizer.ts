/**
 * @module dataplane/realizer
 * The seam between the control plane and the data plane. The control plane records an endpoint's desired
 * state and says so with an `endpoint-changed` event; the realizer makes that state real and then tells the
 * control plane, which moves the endpoint on (pending -> available, deleting -> deleted). It never writes
 * the store itself.
 *
 *   control: endpoint-changed ──> realizer: realize (for now: wait settings.endpointProvisioningMs)
 *                                     └──> control.completeProvisioning(scope, id) ──> available | deleted
 *                                               deleted ──(deletedEndpointRetentionMs)──> control.purgeDeleted
 *
 * Level-based: each timer re-reads the endpoint's current state when it fires, and on start the realizer
 * picks up every endpoint left pending, deleting or deleted by a previous run, so a restart loses nothing.
 * Until the data plane exists, realizing an endpoint is only the wait that lets clients see `pending`.
 */
import type { EventBus } from '../control/events.js';
import type { UnfinishedEndpoint } from '../control/endpoint/endpoints.js';
import type { VpcEndpointState } from '../control/endpoint/records.js';
import type { Scope } from '../store/store.js';

/** What the realizer needs of the control plane (control.endpoints). */
export interface EndpointProvisioning {
  completeProvisioning(scope: Scope, vpcEndpointId: string): Promise<VpcEndpointState | undefined>;
  purgeDeleted(scope: Scope, vpcEndpointId: string): Promise<void>;
  unfinished(): Promise<UnfinishedEndpoint[]>;
}

export interface RealizerOptions {
  /** how long realizing an endpoint takes: settings.endpointProvisioningMs */
  provisioningMs: number;
  /** how long a deleted endpoint stays listed: settings.deletedEndpointRetentionMs */
  deletedRetentionMs: number;
  clock: () => Date;
  /** a failed call back into the control plane (the store closing under it, say); the next event retries */
  onError?: (err: unknown, vpcEndpointId: string) => void;
}

/** The grid realizer timers end on (see schedule). */
const GRID_MS = 10;

export class Realizer {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly endpoints: EndpointProvisioning,
    private readonly events: EventBus,
    private readonly opts: RealizerOptions,
  ) {}

  async start(): Promise<void> {
    this.unsubscribe = this.events.on('endpoint-changed', (e) => this.schedule(e.scope, e.vpcEndpointId, this.opts.provisioningMs, 'realize'));
    const now = this.opts.clock().getTime();
    for (const u of await this.endpoints.unfinished()) {
      const since = now - Date.parse(u.stateChangedAt);
      if (u.state === 'deleted') this.schedule(u.scope, u.vpcEndpointId, this.opts.deletedRetentionMs - since, 'purge');
      else this.schedule(u.scope, u.vpcEndpointId, this.opts.provisioningMs - since, 'realize');
    }
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  /** How many endpoints have work pending: for tests and status. */
  get pendingWork(): number {
    return this.timers.size;
  }

  /**
   * One timer per endpoint: a newer change restarts the wait, as the data plane would restart its work.
   * Timers end on a grid of GRID_MS, so that endpoints due within a few milliseconds of each other
   * complete in the same turn of the event loop and share one store batch (one commit): created at a
   * thousand a second, each would otherwise commit alone.
   */
  private schedule(scope: Scope, id: string, delayMs: number, action: 'realize' | 'purge'): void {
    const key = `${scope.accountId}/${scope.region}/${id}`;
    clearTimeout(this.timers.get(key));
    const now = Date.now();
    const due = Math.ceil((now + Math.max(0, delayMs)) / GRID_MS) * GRID_MS;
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.run(scope, id, action).catch((err: unknown) => this.opts.onError?.(err, id));
    }, due - now);
    timer.unref();
    this.timers.set(key, timer);
  }

  private async run(scope: Scope, id: string, action: 'realize' | 'purge'): Promise<void> {
    if (action === 'purge') {
      await this.endpoints.purgeDeleted(scope, id);
      return;
    }
    const state = await this.endpoints.completeProvisioning(scope, id);
    if (state === 'deleted') this.schedule(scope, id, this.opts.deletedRetentionMs, 'purge');
  }
}
