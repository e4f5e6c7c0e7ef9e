/**
 * @module notify/sns-delivery
 * Delivers connection notifications: every `connection-event` of the control plane is published, with
 * SNS's Query API (`Action=Publish`), to the topic of each enabled notification that watches the event's
 * endpoint or service and asked for that event (rules R76). The call is signed with SigV4 for service `sns`
 * in the topic's Region, with the credentials of the notification owner's account, and sent to the SNS
 * endpoint Postern is configured with (`--sns-endpoint`).
 *
 *   EventBus 'connection-event' --> look-up (one at a time, in event order)
 *     --> one queue per notification (events reach a topic in the order they happened)
 *       --> Publish --ok--> done
 *             \--fail--> retry after 1, 2, 4 ... s (bounded attempts and total time)
 *                          --> gave up: logged; if SNS kept answering NotFound / AuthorizationError
 *                              (topic gone, publish not allowed), the notification becomes Disabled
 *
 * Delivery never blocks nor fails the API call that caused the event: events are published after the
 * commit and handled here asynchronously. Pending deliveries live in memory only: a restart (or stop)
 * drops those not yet delivered, as a crash would; at-least-once across restarts would need an outbox table.
 *
 * The message: AWS documents the event names but not the message body, and no sample of a real one was
 * found (rules R76, unverified), so the Message is a JSON document with the fields AWS's own API uses for
 * a connection (VpcEndpointConnection: vpcEndpointId, vpcEndpointOwner, vpcEndpointState, serviceId),
 * the notification's id, the event type and an ISO 8601 timestamp.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { EventBus } from '../control/events.js';
import type { ControlPlane } from '../control/plane.js';
import type { ConnectionNotification } from '../control/service/records.js';
import { parseTopicArn, type ConnectionEventNotice, type NotificationTarget } from '../control/service/notifications.js';
import { queryCall } from './aws-query.js';

export interface RetryPolicy {
  /** Publish attempts per event and notification, the first included */
  maxAttempts: number;
  /** the wait after the first failure; it doubles after each further one */
  baseDelayMs: number;
  maxDelayMs: number;
  /** no retry starts once this much time has passed since the first attempt */
  maxTotalMs: number;
  /** one Publish call's timeout */
  requestTimeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 16_000, maxTotalMs: 120_000, requestTimeoutMs: 10_000,
};

/** SNS's answers that mean the topic will not take the message: it does not exist, or the caller may not publish. */
const TOPIC_REFUSED = new Set(['NotFound', 'AuthorizationError']);

const SNS_API_VERSION = '2010-03-31';

export interface SnsDeliveryOptions {
  control: {
    connectionNotifications: Pick<ControlPlane['connectionNotifications'], 'forConnectionEvent' | 'disable'>;
    accounts: Pick<ControlPlane['accounts'], 'credentialsOf'>;
  };
  events: EventBus;
  /** the SNS Query endpoint, e.g. http://127.0.0.1:5000 */
  snsEndpoint: string;
  logger: Logger;
  retry?: Partial<RetryPolicy>;
}

export interface SnsDelivery {
  /** resolves once every event received so far has been delivered or given up */
  idle(): Promise<void>;
  /** stops listening, abandons the retries still waiting, and waits for the calls in flight */
  stop(): Promise<void>;
}

/** The Subject and Message of one notification of one event (see the module comment for the format). */
export function notificationMessage(n: ConnectionNotification, e: ConnectionEventNotice): { subject: string; message: string } {
  return {
    subject: `VPC Endpoint Connection ${e.event}`,
    message: JSON.stringify({
      connectionNotificationId: n.ConnectionNotificationId,
      eventType: e.event,
      vpcEndpointId: e.vpcEndpointId,
      vpcEndpointOwner: e.vpcEndpointOwner,
      vpcEndpointState: e.vpcEndpointState,
      serviceId: e.serviceId,
      timestamp: e.at.toISOString(),
    }),
  };
}

export function startSnsDelivery(opts: SnsDeliveryOptions): SnsDelivery {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...opts.retry };
  const log = opts.logger.child({ component: 'sns-delivery' });
  const { connectionNotifications, accounts } = opts.control;
  const stopping = new AbortController();
  const inFlight = new Set<Promise<void>>();
  const queues = new Map<string, Promise<void>>();
  let lookups: Promise<void> = Promise.resolve();

  function track(p: Promise<void>): void {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  }

  /** Exponential backoff with jitter in the upper half, so that retries of many events spread out. */
  function backoff(attempt: number): number {
    const d = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    return d / 2 + Math.random() * (d / 2);
  }

  async function deliver({ scope, notification: n }: NotificationTarget, e: ConnectionEventNotice): Promise<void> {
    const topic = parseTopicArn(n.ConnectionNotificationArn);
    const credentials = await accounts.credentialsOf(scope.accountId);
    const ctx = { connectionNotificationId: n.ConnectionNotificationId, topicArn: n.ConnectionNotificationArn, event: e.event, vpcEndpointId: e.vpcEndpointId };
    if (!topic || !credentials) {
      log.warn(ctx, 'connection notification not delivered: no credentials for its account');
      return;
    }
    const { subject, message } = notificationMessage(n, e);
    const params = { Action: 'Publish', Version: SNS_API_VERSION, TopicArn: n.ConnectionNotificationArn, Subject: subject, Message: message };
    const target = { endpoint: opts.snsEndpoint, service: 'sns', region: topic.region, credentials };
    const started = Date.now();
    let refused = false;
    let failure = '';
    for (let attempt = 1; ; attempt++) {
      if (stopping.signal.aborted) return;
      try {
        const answer = await queryCall(target, params, AbortSignal.any([stopping.signal, AbortSignal.timeout(policy.requestTimeoutMs)]));
        if (answer.status < 300) {
          log.debug({ ...ctx, attempt }, 'connection notification delivered');
          return;
        }
        refused = answer.code !== undefined && TOPIC_REFUSED.has(answer.code);
        failure = `${answer.status} ${answer.code ?? ''}: ${answer.message ?? answer.body.slice(0, 200)}`;
      } catch (err) {
        if (stopping.signal.aborted) return;
        refused = false;
        failure = (err as Error).message;
      }
      const delay = backoff(attempt);
      if (attempt >= policy.maxAttempts || Date.now() - started + delay > policy.maxTotalMs) break;
      log.debug({ ...ctx, attempt, failure, retryInMs: Math.round(delay) }, 'connection notification delivery failed; retrying');
      try {
        await sleep(delay, undefined, { signal: stopping.signal });
      } catch {
        return;
      }
    }
    if (refused) {
      await connectionNotifications.disable(scope, n.ConnectionNotificationId, n.ConnectionNotificationArn);
      log.warn({ ...ctx, failure }, 'connection notification disabled: its topic keeps refusing delivery');
    } else {
      log.error({ ...ctx, failure }, 'connection notification not delivered: gave up retrying');
    }
  }

  function enqueue(t: NotificationTarget, e: ConnectionEventNotice): void {
    const key = `${t.scope.accountId}/${t.scope.region}/${t.notification.ConnectionNotificationId}`;
    const next = (queues.get(key) ?? Promise.resolve())
      .then(() => deliver(t, e))
      .catch((err: unknown) => log.error({ err, key }, 'connection notification delivery failed'));
    queues.set(key, next);
    track(next);
    void next.then(() => { if (queues.get(key) === next) queues.delete(key); });
  }

  const unsubscribe = opts.events.on('connection-event', (e) => {
    if (stopping.signal.aborted) return;
    // Look-ups run one after the other so that queues are filled in the order the events happened.
    lookups = lookups
      .then(() => connectionNotifications.forConnectionEvent(e))
      .then((targets) => { for (const t of targets) enqueue(t, e); })
      .catch((err: unknown) => log.error({ err, event: e.event, vpcEndpointId: e.vpcEndpointId }, 'connection notification look-up failed'));
    track(lookups);
  });

  async function idle(): Promise<void> {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  }

  return {
    idle,
    async stop() {
      unsubscribe();
      stopping.abort();
      await idle();
    },
  };
}
