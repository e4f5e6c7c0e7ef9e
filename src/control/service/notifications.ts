/**
 * @module control/service/notifications
 * Connection notifications (CreateVpcEndpointConnectionNotification, ModifyVpcEndpointConnectionNotification,
 * DeleteVpcEndpointConnectionNotifications, DescribeVpcEndpointConnectionNotifications; rules R5, R27,
 * R70-R76, R188): an SNS topic told about the Connect / Accept / Reject / Delete events of one interface
 * endpoint (the consumer's notification) or of the endpoints of one endpoint service (the provider's).
 * A notification is stored in its owner's account, as a child of the endpoint or service it watches.
 *
 *   Create -> Enabled --(delivery: topic gone / publish refused, see notify/)--> Disabled
 *   Modify with a new topic ARN -> Enabled again
 *
 * Delivery itself is not here (control/ does no I/O): notify/ asks `forConnectionEvent` which notifications
 * an event concerns, and reports a topic that refuses delivery through `disable`.
 */
import type { Caller, ControlDeps } from '../context.js';
import type { Scope, StoredResource, StoreWriter } from '../../store/store.js';
import type { DomainEvent, ConnectionEvent } from '../events.js';
import { filterAndPage, selectResources, type DescribeInput } from '../describe.js';
import { AwsError, InvalidParameter, InvalidParameterCombination, InvalidParameterValue, MissingParameter, notFound } from '../errors.js';
import { idempotent } from '../idempotency.js';
import { VPC_ENDPOINT, type VpcEndpoint } from '../endpoint/records.js';
import {
  VPC_ENDPOINT_CONNECTION_NOTIFICATION, VPC_ENDPOINT_SERVICE, type ConnectionNotification, type ServiceConfiguration,
} from './records.js';

/** The valid `ConnectionEvents.N` values (rules R71), in the order AWS lists them back. */
const CONNECTION_EVENTS: readonly ConnectionEvent[] = ['Accept', 'Connect', 'Delete', 'Reject'];

/**
 * An SNS topic ARN: `arn:aws:sns:<region>:<12-digit account>:<name>`, the name 1-256 letters, digits,
 * hyphens and underscores (SNS CreateTopic). FIFO topics are left out: Publish to them needs a
 * MessageGroupId that connection notifications do not carry.
 */
const SNS_TOPIC_ARN = /^arn:aws:sns:([a-z]{2}(?:-[a-z]+)+-\d+):(\d{12}):([A-Za-z0-9_-]{1,256})$/;

export interface SnsTopic {
  region: string;
  accountId: string;
  name: string;
}

/** The parts of a topic ARN, or undefined when it is not one. Delivery signs for the topic's Region. */
export function parseTopicArn(arn: string): SnsTopic | undefined {
  const m = SNS_TOPIC_ARN.exec(arn);
  return m ? { region: m[1]!, accountId: m[2]!, name: m[3]! } : undefined;
}

export interface CreateConnectionNotificationInput {
  ServiceId?: string;
  VpcEndpointId?: string;
  ConnectionNotificationArn: string;
  ConnectionEvents: string[];
  ClientToken?: string;
}

export interface ModifyConnectionNotificationInput {
  ConnectionNotificationId: string;
  ConnectionNotificationArn?: string;
  ConnectionEvents?: string[];
}

export interface DescribeConnectionNotificationsInput extends DescribeInput {
  ConnectionNotificationId?: string;
}

/** A per-item failure of a batch call (rules R66). */
export interface UnsuccessfulItem {
  ResourceId: string;
  Error: { Code: string; Message: string };
}

/** A notification a connection event must be delivered to, and the account-region it belongs to. */
export interface NotificationTarget {
  scope: Scope;
  notification: ConnectionNotification;
}

export type ConnectionEventNotice = Extract<DomainEvent, { type: 'connection-event' }>;

// The codes and messages of these three are unverified: no AWS response was found (see the closing note).
function invalidTopicArn(arn: string): AwsError {
  return new InvalidParameterValue(`Value (${arn}) for parameter connectionNotificationArn is invalid.`);
}
function invalidEvent(event: string): AwsError {
  return new InvalidParameterValue(`Value (${event}) for parameter connectionEvents is invalid. Valid values are Accept, Connect, Delete, Reject.`);
}
function notInterface(): AwsError {
  return new InvalidParameter('Connection notifications are supported for interface endpoints and their services only.');
}

function checkTopicArn(arn: string): string {
  if (!parseTopicArn(arn)) throw invalidTopicArn(arn);
  return arn;
}

/** Distinct events in AWS's order: a request for Reject, Delete answers Delete, Reject (rules R71 sample). */
function checkEvents(events: readonly string[]): ConnectionEvent[] {
  for (const e of events) if (!CONNECTION_EVENTS.includes(e as ConnectionEvent)) throw invalidEvent(e);
  if (events.length === 0) throw new MissingParameter('ConnectionEvents');
  return CONNECTION_EVENTS.filter((e) => events.includes(e));
}

/** The watched endpoint: the caller's, not deleted, of type Interface (rules R27). */
async function checkEndpoint(tx: StoreWriter, caller: Caller, id: string): Promise<void> {
  const r = await tx.getResource<VpcEndpoint>(caller, id);
  if (!r || r.type !== VPC_ENDPOINT || r.data.State === 'deleted') throw notFound(VPC_ENDPOINT, id);
  if (r.data.VpcEndpointType !== 'Interface') throw notInterface();
}

/** The watched service: the caller's own, not deleted, whose endpoints are interface endpoints (rules R27). */
async function checkService(tx: StoreWriter, caller: Caller, id: string): Promise<void> {
  const r = await tx.getResource<ServiceConfiguration>(caller, id);
  if (!r || r.type !== VPC_ENDPOINT_SERVICE || r.data.ServiceState === 'Deleted') throw notFound(VPC_ENDPOINT_SERVICE, id);
  if (!r.data.ServiceType.some((t) => t.ServiceType === 'Interface')) throw notInterface();
}

async function getNotification(tx: StoreWriter, scope: Scope, id: string): Promise<StoredResource<ConnectionNotification>> {
  const r = await tx.getResource<ConnectionNotification>(scope, id);
  if (!r || r.type !== VPC_ENDPOINT_CONNECTION_NOTIFICATION) throw notFound(VPC_ENDPOINT_CONNECTION_NOTIFICATION, id);
  return r;
}

/**
 * Removes the notifications of an endpoint or service whose record is being purged (for the endpoint and
 * service modules: a `deleted` endpoint keeps its notifications until it disappears, so that its Delete
 * event is still delivered).
 */
export async function deleteNotificationsOf(tx: StoreWriter, scope: Scope, watchedId: string): Promise<void> {
  for (const n of await tx.listResources(scope, VPC_ENDPOINT_CONNECTION_NOTIFICATION, watchedId)) await tx.deleteResource(scope, n.id);
}

export function connectionNotificationService(deps: ControlDeps) {
  return {
    async create(caller: Caller, input: CreateConnectionNotificationInput): Promise<ConnectionNotification> {
      // Exactly one target (rules R70): AWS's errors for both / neither are unverified.
      if (input.VpcEndpointId !== undefined && input.ServiceId !== undefined) {
        throw new InvalidParameterCombination('Specify either a VPC endpoint ID or an endpoint service ID, not both.');
      }
      if (input.VpcEndpointId === undefined && input.ServiceId === undefined) throw new MissingParameter('VpcEndpointId or ServiceId');
      const topicArn = checkTopicArn(input.ConnectionNotificationArn);
      const events = checkEvents(input.ConnectionEvents);
      const request = { VpcEndpointId: input.VpcEndpointId, ServiceId: input.ServiceId, topicArn, events };
      return deps.store.write((tx) => idempotent(tx, caller, input.ClientToken, 'CreateVpcEndpointConnectionNotification', request,
        async (id) => (await tx.getResource<ConnectionNotification>(caller, id))?.data,
        async () => {
          if (input.VpcEndpointId !== undefined) await checkEndpoint(tx, caller, input.VpcEndpointId);
          else await checkService(tx, caller, input.ServiceId!);
          const notification: ConnectionNotification = {
            ConnectionNotificationId: deps.ids.resourceId('vpce-nfn'),
            ...(input.VpcEndpointId !== undefined ? { VpcEndpointId: input.VpcEndpointId } : { ServiceId: input.ServiceId! }),
            ConnectionNotificationType: 'Topic',
            ConnectionNotificationArn: topicArn,
            ConnectionEvents: events,
            ConnectionNotificationState: 'Enabled',
            OwnerId: caller.accountId,
            ClientToken: input.ClientToken,
          };
          await tx.insertResource(caller, {
            id: notification.ConnectionNotificationId, type: VPC_ENDPOINT_CONNECTION_NOTIFICATION,
            parentId: input.VpcEndpointId ?? input.ServiceId!, data: notification,
          });
          return { resourceId: notification.ConnectionNotificationId, result: notification };
        }));
    },

    /** Replaces the topic and/or the events (rules R74). A new topic ARN enables a Disabled notification again. */
    async modify(caller: Caller, input: ModifyConnectionNotificationInput): Promise<void> {
      const topicArn = input.ConnectionNotificationArn === undefined ? undefined : checkTopicArn(input.ConnectionNotificationArn);
      const events = input.ConnectionEvents === undefined ? undefined : checkEvents(input.ConnectionEvents);
      await deps.store.write(async (tx) => {
        const r = await getNotification(tx, caller, input.ConnectionNotificationId);
        const updated: ConnectionNotification = { ...r.data, ConnectionEvents: events ?? r.data.ConnectionEvents };
        if (topicArn !== undefined && topicArn !== r.data.ConnectionNotificationArn) {
          updated.ConnectionNotificationArn = topicArn;
          updated.ConnectionNotificationState = 'Enabled';
        }
        await tx.updateResource(caller, { ...r, data: updated });
      });
    },

    /** Batch delete: an id that is not the caller's notification is an Unsuccessful item (rules R66, R74). */
    async delete(caller: Caller, ids: readonly string[]): Promise<UnsuccessfulItem[]> {
      return deps.store.write(async (tx) => {
        const unsuccessful: UnsuccessfulItem[] = [];
        for (const id of ids) {
          try {
            await getNotification(tx, caller, id);
            await tx.deleteResource(caller, id);
          } catch (err) {
            if (!(err instanceof AwsError)) throw err;
            unsuccessful.push({ ResourceId: id, Error: { Code: err.code, Message: err.message } });
          }
        }
        return unsuccessful;
      });
    },

    /** An unknown ConnectionNotificationId is InvalidConnectionNotification (rules R188); filters of rules R75. */
    async describe(caller: Caller, input: DescribeConnectionNotificationsInput): Promise<{ notifications: ConnectionNotification[]; nextToken?: string }> {
      return deps.store.read(async (tx) => {
        const ids = input.ConnectionNotificationId === undefined ? undefined : [input.ConnectionNotificationId];
        const items = await selectResources<ConnectionNotification>(tx, caller, VPC_ENDPOINT_CONNECTION_NOTIFICATION, ids);
        const page = await filterAndPage(tx, caller, items, (n) => n.ConnectionNotificationId, input, {
          'connection-notification-arn': (n) => n.ConnectionNotificationArn,
          'connection-notification-id': (n) => n.ConnectionNotificationId,
          'connection-notification-state': (n) => n.ConnectionNotificationState,
          'connection-notification-type': (n) => n.ConnectionNotificationType,
          'service-id': (n) => n.ServiceId,
          'vpc-endpoint-id': (n) => n.VpcEndpointId,
        });
        return { notifications: page.items.map((t) => t.item), nextToken: page.nextToken };
      });
    },

    /**
     * The enabled notifications a connection event concerns: the endpoint's, in the endpoint owner's
     * account, and the service's, in the provider's account (none for AWS services). A named cross-account
     * read: the event spans both accounts.
     */
    async forConnectionEvent(e: ConnectionEventNotice): Promise<NotificationTarget[]> {
      const watched: { scope: Scope; id: string }[] = [{ scope: { accountId: e.vpcEndpointOwner, region: e.region }, id: e.vpcEndpointId }];
      if (/^\d{12}$/.test(e.serviceOwner)) watched.push({ scope: { accountId: e.serviceOwner, region: e.region }, id: e.serviceId });
      return deps.store.read(async (tx) => {
        const out: NotificationTarget[] = [];
        for (const { scope, id } of watched) {
          for (const r of await tx.listResources<ConnectionNotification>(scope, VPC_ENDPOINT_CONNECTION_NOTIFICATION, id)) {
            const n = r.data;
            if (n.ConnectionNotificationState === 'Enabled' && n.ConnectionEvents.includes(e.event)) out.push({ scope, notification: n });
          }
        }
        return out;
      });
    },

    /** Marks a notification whose topic refuses delivery as Disabled (it may have been deleted meanwhile). */
    async disable(scope: Scope, connectionNotificationId: string, topicArn: string): Promise<void> {
      await deps.store.write(async (tx) => {
        const r = await tx.getResource<ConnectionNotification>(scope, connectionNotificationId);
        // A topic changed since the failed delivery started is a new chance: leave it Enabled.
        if (!r || r.type !== VPC_ENDPOINT_CONNECTION_NOTIFICATION || r.data.ConnectionNotificationArn !== topicArn) return;
        await tx.updateResource(scope, { ...r, data: { ...r.data, ConnectionNotificationState: 'Disabled' } });
      });
    },
  };
}
