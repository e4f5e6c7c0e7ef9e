import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callerOf, controlFixture } from '../testing/control-fixture.js';
import type { Caller } from '../context.js';
import type { ControlPlane } from '../plane.js';
import { insertEndpoint as insertTyped, insertService } from '../testing/watched-records.js';
import type { VpcEndpointType } from '../endpoint/records.js';
import { parseTopicArn, type ConnectionEventNotice } from './notifications.js';

const PROVIDER = callerOf('111111111111');
const CONSUMER = callerOf('222222222222');
const TOPIC = 'arn:aws:sns:us-east-1:111111111111:endpoint-topic';

const insertEndpoint = (control: ControlPlane, caller: Caller, type: VpcEndpointType = 'Interface') => insertTyped(control, caller, { type });

async function rejects(p: Promise<unknown>, code: string, message?: string | RegExp) {
  await assert.rejects(p, (err: Error & { code?: string }) => {
    assert.equal(err.code, code);
    if (typeof message === 'string') assert.equal(err.message, message);
    else if (message) assert.match(err.message, message);
    return true;
  });
}

async function withControl(fn: (control: ControlPlane) => Promise<void>) {
  const { control, close } = await controlFixture();
  try {
    await fn(control);
  } finally {
    await close();
  }
}

test('R5 connection notification ids are vpce-nfn- and 17 hex digits', () => withControl(async (control) => {
  const svc = await insertService(control, PROVIDER);
  const n = await control.connectionNotifications.create(PROVIDER, { ServiceId: svc, ConnectionNotificationArn: TOPIC, ConnectionEvents: ['Connect'] });
  assert.match(n.ConnectionNotificationId, /^vpce-nfn-[0-9a-f]{17}$/);
}));

test('R27 notifications watch interface endpoints and their services only', () => withControl(async (control) => {
  const iface = await insertEndpoint(control, CONSUMER, 'Interface');
  const gateway = await insertEndpoint(control, CONSUMER, 'Gateway');
  const gwlbService = await insertService(control, PROVIDER, 'GatewayLoadBalancer');
  const ok = await control.connectionNotifications.create(CONSUMER, { VpcEndpointId: iface, ConnectionNotificationArn: TOPIC, ConnectionEvents: ['Accept'] });
  assert.equal(ok.VpcEndpointId, iface);
  await rejects(control.connectionNotifications.create(CONSUMER, { VpcEndpointId: gateway, ConnectionNotificationArn: TOPIC, ConnectionEvents: ['Accept'] }), 'InvalidParameter');
  await rejects(control.connectionNotifications.create(PROVIDER, { ServiceId: gwlbService, ConnectionNotificationArn: TOPIC, ConnectionEvents: ['Accept'] }), 'InvalidParameter');
}));

test('R70 a notification watches one endpoint or one service of the caller', () => withControl(async (control) => {
  const endpoint = await insertEndpoint(control, CONSUMER);
  const svc = await insertService(control, PROVIDER);
  const input = { ConnectionNotificationArn: TOPIC, ConnectionEvents: ['Connect'] };
  await rejects(control.connectionNotifications.create(CONSUMER, { ...input, VpcEndpointId: endpoint, ServiceId: svc }), 'InvalidParameterCombination');
  await rejects(control.connectionNotifications.create(CONSUMER, input), 'MissingParameter');
  // Another account's endpoint or service does not exist for the caller.
  await rejects(control.connectionNotifications.create(PROVIDER, { ...input, VpcEndpointId: endpoint }), 'InvalidVpcEndpointId.NotFound', new RegExp(endpoint));
  await rejects(control.connectionNotifications.create(CONSUMER, { ...input, ServiceId: svc }), 'InvalidVpcEndpointServiceId.NotFound', new RegExp(svc));
  const byService = await control.connectionNotifications.create(PROVIDER, { ...input, ServiceId: svc });
  assert.equal(byService.ServiceId, svc);
  assert.equal(byService.VpcEndpointId, undefined);
}));

test('R71 events are Accept, Connect, Delete, Reject, listed back in that order', () => withControl(async (control) => {
  const svc = await insertService(control, PROVIDER);
  const n = await control.connectionNotifications.create(PROVIDER, { ServiceId: svc, ConnectionNotificationArn: TOPIC, ConnectionEvents: ['Reject', 'Delete', 'Reject'] });
  assert.deepEqual(n.ConnectionEvents, ['Delete', 'Reject']);
  await rejects(control.connectionNotifications.create(PROVIDER, { ServiceId: svc, ConnectionNotificationArn: TOPIC, ConnectionEvents: ['Accept', 'Created'] }),
    'InvalidParameterValue', /\(Created\)/);
}));

test('R72 a new notification is a Topic, Enabled, with the topic ARN; the ARN must be an SNS topic ARN', () => withControl(async (control) => {
  const svc = await insertService(control, PROVIDER);
  const n = await control.connectionNotifications.create(PROVIDER, { ServiceId: svc, ConnectionNotificationArn: TOPIC, ConnectionEvents: ['Connect'] });
  assert.equal(n.ConnectionNotificationType, 'Topic');
  assert.equal(n.ConnectionNotificationState, 'Enabled');
  assert.equal(n.ConnectionNotificationArn, TOPIC);
  for (const bad of ['endpoint-topic', 'arn:aws:sqs:us-east-1:111111111111:queue', 'arn:aws:sns:us-east-1:1111:t', 'arn:aws:sns:us-east-1:111111111111:bad name']) {
    await rejects(control.connectionNotifications.create(PROVIDER, { ServiceId: svc, ConnectionNotificationArn: bad, ConnectionEvents: ['Connect'] }), 'InvalidParameterValue');
  }
  assert.deepEqual(parseTopicArn('arn:aws:sns:eu-west-3:123456789012:my_topic-1'), { region: 'eu-west-3', accountId: '123456789012', name: 'my_topic-1' });
}));

test('R74 modify replaces the topic and/or the events; a new topic enables a disabled notification', () => withControl(async (control) => {
  const svc = await insertService(control, PROVIDER);
  const n = await control.connectionNotifications.create(PROVIDER, { ServiceId: svc, ConnectionNotificationArn: TOPIC, ConnectionEvents: ['Connect'] });
  const id = n.ConnectionNotificationId;
  await control.connectionNotifications.modify(PROVIDER, { ConnectionNotificationId: id, ConnectionEvents: ['Reject', 'Accept'] });
  let [after] = (await control.connectionNotifications.describe(PROVIDER, { ConnectionNotificationId: id })).notifications;
  assert.deepEqual(after!.ConnectionEvents, ['Accept', 'Reject']);
  assert.equal(after!.ConnectionNotificationArn, TOPIC);

  await control.connectionNotifications.disable(PROVIDER, id, TOPIC);
  const other = 'arn:aws:sns:us-east-1:111111111111:other-topic';
  await control.connectionNotifications.modify(PROVIDER, { ConnectionNotificationId: id, ConnectionNotificationArn: other });
  [after] = (await control.connectionNotifications.describe(PROVIDER, { ConnectionNotificationId: id })).notifications;
  assert.equal(after!.ConnectionNotificationArn, other);
  assert.equal(after!.ConnectionNotificationState, 'Enabled');
  assert.deepEqual(after!.ConnectionEvents, ['Accept', 'Reject']);

  await rejects(control.connectionNotifications.modify(PROVIDER, { ConnectionNotificationId: id, ConnectionNotificationArn: 'nope' }), 'InvalidParameterValue');
  await rejects(control.connectionNotifications.modify(CONSUMER, { ConnectionNotificationId: id, ConnectionEvents: ['Accept'] }), 'InvalidConnectionNotification');
}));

test('R66 DeleteVpcEndpointConnectionNotifications reports unknown and foreign ids in Unsuccessful', () => withControl(async (control) => {
  const svc = await insertService(control, PROVIDER);
  const mine = await control.connectionNotifications.create(PROVIDER, { ServiceId: svc, ConnectionNotificationArn: TOPIC, ConnectionEvents: ['Connect'] });
  const endpoint = await insertEndpoint(control, CONSUMER);
  const theirs = await control.connectionNotifications.create(CONSUMER, { VpcEndpointId: endpoint, ConnectionNotificationArn: TOPIC, ConnectionEvents: ['Accept'] });
  const unknown = 'vpce-nfn-0123456789abcdef0';
  const unsuccessful = await control.connectionNotifications.delete(PROVIDER, [mine.ConnectionNotificationId, theirs.ConnectionNotificationId, unknown]);
  assert.deepEqual(unsuccessful.map((u) => [u.ResourceId, u.Error.Code]), [
    [theirs.ConnectionNotificationId, 'InvalidConnectionNotification'], [unknown, 'InvalidConnectionNotification'],
  ]);
  assert.equal((await control.connectionNotifications.describe(PROVIDER, {})).notifications.length, 0);
  assert.equal((await control.connectionNotifications.describe(CONSUMER, {})).notifications.length, 1);
  assert.deepEqual(await control.connectionNotifications.delete(CONSUMER, [theirs.ConnectionNotificationId]), []);
}));

test('R75 DescribeVpcEndpointConnectionNotifications filters', () => withControl(async (control) => {
  const svc = await insertService(control, CONSUMER);
  const endpoint = await insertEndpoint(control, CONSUMER);
  const other = 'arn:aws:sns:us-east-1:222222222222:other';
  const a = await control.connectionNotifications.create(CONSUMER, { ServiceId: svc, ConnectionNotificationArn: TOPIC, ConnectionEvents: ['Connect'] });
  const b = await control.connectionNotifications.create(CONSUMER, { VpcEndpointId: endpoint, ConnectionNotificationArn: other, ConnectionEvents: ['Accept'] });
  await control.connectionNotifications.disable(CONSUMER, b.ConnectionNotificationId, other);
  const ids = async (name: string, ...values: string[]) =>
    (await control.connectionNotifications.describe(CONSUMER, { Filters: [{ Name: name, Values: values }] })).notifications.map((n) => n.ConnectionNotificationId);
  assert.deepEqual(await ids('connection-notification-arn', other), [b.ConnectionNotificationId]);
  assert.deepEqual(await ids('connection-notification-id', a.ConnectionNotificationId), [a.ConnectionNotificationId]);
  assert.deepEqual(await ids('connection-notification-state', 'Disabled'), [b.ConnectionNotificationId]);
  assert.deepEqual(await ids('connection-notification-type', 'Topic'), [a.ConnectionNotificationId, b.ConnectionNotificationId]);
  assert.deepEqual(await ids('service-id', svc), [a.ConnectionNotificationId]);
  assert.deepEqual(await ids('vpc-endpoint-id', endpoint), [b.ConnectionNotificationId]);
  await rejects(ids('event', 'Connect'), 'InvalidFilter', "The filter 'event' is invalid");
  const page = await control.connectionNotifications.describe(CONSUMER, { MaxResults: 1 });
  assert.equal(page.notifications.length, 1);
  const rest = await control.connectionNotifications.describe(CONSUMER, { MaxResults: 1, NextToken: page.nextToken });
  assert.deepEqual(rest.notifications.map((n) => n.ConnectionNotificationId), [b.ConnectionNotificationId]);
}));

test('R188 describing an unknown notification id is InvalidConnectionNotification', () => withControl(async (control) => {
  await rejects(control.connectionNotifications.describe(PROVIDER, { ConnectionNotificationId: 'vpce-nfn-0123456789abcdef0' }), 'InvalidConnectionNotification',
    /vpce-nfn-0123456789abcdef0/);
}));

test('R165 a ClientToken replay returns the same notification; other parameters are IdempotentParameterMismatch', () => withControl(async (control) => {
  const svc = await insertService(control, PROVIDER);
  const input = { ServiceId: svc, ConnectionNotificationArn: TOPIC, ConnectionEvents: ['Connect'], ClientToken: 'token-1' };
  const first = await control.connectionNotifications.create(PROVIDER, input);
  const replay = await control.connectionNotifications.create(PROVIDER, input);
  assert.equal(replay.ConnectionNotificationId, first.ConnectionNotificationId);
  assert.equal((await control.connectionNotifications.describe(PROVIDER, {})).notifications.length, 1);
  await rejects(control.connectionNotifications.create(PROVIDER, { ...input, ConnectionEvents: ['Accept'] }), 'IdempotentParameterMismatch');
}));

test('R76 an event concerns the enabled notifications of its endpoint and of its service that asked for it', () => withControl(async (control) => {
  const svc = await insertService(control, PROVIDER);
  const endpoint = await insertEndpoint(control, CONSUMER);
  const create = (caller: Caller, target: { VpcEndpointId?: string; ServiceId?: string }, events: string[]) =>
    control.connectionNotifications.create(caller, { ...target, ConnectionNotificationArn: TOPIC, ConnectionEvents: events });
  const provider = await create(PROVIDER, { ServiceId: svc }, ['Connect', 'Delete']);
  const consumer = await create(CONSUMER, { VpcEndpointId: endpoint }, ['Accept', 'Delete']);
  const disabled = await create(CONSUMER, { VpcEndpointId: endpoint }, ['Delete']);
  await control.connectionNotifications.disable(CONSUMER, disabled.ConnectionNotificationId, TOPIC);
  const event = (name: ConnectionEventNotice['event']): ConnectionEventNotice => ({
    type: 'connection-event', event: name, region: 'us-east-1', vpcEndpointId: endpoint, vpcEndpointOwner: CONSUMER.accountId,
    serviceId: svc, serviceOwner: PROVIDER.accountId, vpcEndpointState: 'pendingAcceptance', at: new Date(),
  });
  const targets = async (name: ConnectionEventNotice['event']) =>
    (await control.connectionNotifications.forConnectionEvent(event(name))).map((t) => [t.scope.accountId, t.notification.ConnectionNotificationId]);
  assert.deepEqual(await targets('Connect'), [[PROVIDER.accountId, provider.ConnectionNotificationId]]);
  assert.deepEqual(await targets('Accept'), [[CONSUMER.accountId, consumer.ConnectionNotificationId]]);
  assert.deepEqual(await targets('Reject'), []);
  assert.deepEqual(await targets('Delete'), [[CONSUMER.accountId, consumer.ConnectionNotificationId], [PROVIDER.accountId, provider.ConnectionNotificationId]]);
  // An AWS service (owner 'amazon') has no provider-side notifications.
  assert.deepEqual((await control.connectionNotifications.forConnectionEvent({ ...event('Connect'), serviceOwner: 'amazon' })), []);
}));

test('credentialsOf gives an account root key, for signing what Postern does on its behalf', () => withControl(async (control) => {
  await control.accounts.seed([{ accountId: PROVIDER.accountId, name: 'provider', accessKeyId: 'AKIAPROVIDER00000000', secretAccessKey: 'provider-secret' }]);
  assert.deepEqual(await control.accounts.credentialsOf(PROVIDER.accountId), { accessKeyId: 'AKIAPROVIDER00000000', secretAccessKey: 'provider-secret' });
  assert.equal(await control.accounts.credentialsOf('999999999999'), undefined);
}));
