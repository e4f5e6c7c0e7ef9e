/**
 * Delivery of connection notifications: against a scripted SNS stand-in (signature, content, retries,
 * disabling, order), then end to end against a real moto_server serving SNS and SQS, the messages read
 * back from an SQS queue subscribed to the topic.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { XMLParser } from 'fast-xml-parser';
import { callerOf, controlFixture } from '../control/testing/control-fixture.js';
import { insertEndpoint, insertService } from '../control/testing/watched-records.js';
import type { ConnectionEvent } from '../control/events.js';
import type { ControlPlane } from '../control/plane.js';
import { readSignature, signatureMatches } from '../api/auth/sigv4.js';
import { startSnsDelivery, type RetryPolicy, type SnsDelivery } from './sns-delivery.js';
import { queryCall, type QueryTarget } from './aws-query.js';

const PROVIDER = { accountId: '111111111111', name: 'provider', accessKeyId: 'AKIAPROVIDERKEY00001', secretAccessKey: 'provider/secret/0000000000000000000000000' };
const CONSUMER = { accountId: '222222222222', name: 'consumer', accessKeyId: 'AKIACONSUMERKEY00002', secretAccessKey: 'consumer/secret/111111111111111111111111' };
const FAST: Partial<RetryPolicy> = { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 3, maxTotalMs: 5_000 };

interface Published {
  accessKeyId: string;
  region: string;
  service: string;
  signatureValid: boolean;
  params: Record<string, string>;
}

/** An SNS stand-in: records each Publish (with its verified signature) and answers what `respond` says. */
async function fakeSns(respond: (n: number) => { status: number; body: string }) {
  const published: Published[] = [];
  const secrets = new Map([[PROVIDER.accessKeyId, PROVIDER.secretAccessKey], [CONSUMER.accessKeyId, CONSUMER.secretAccessKey]]);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const parts = { method: req.method!, path: req.url!, query: [] as [string, string][], headers: req.headers, body };
      const sig = readSignature(parts)!;
      published.push({
        accessKeyId: sig.accessKeyId, region: sig.region, service: sig.service,
        signatureValid: signatureMatches(parts, sig, secrets.get(sig.accessKeyId) ?? ''),
        params: Object.fromEntries(new URLSearchParams(body.toString('utf8'))),
      });
      const answer = respond(published.length);
      res.writeHead(answer.status, { 'content-type': 'text/xml' });
      res.end(answer.body);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    published,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

const OK = { status: 200, body: '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m</MessageId></PublishResult></PublishResponse>' };
const snsError = (status: number, code: string, message: string) => ({
  status, body: `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
});

interface World {
  control: ControlPlane;
  delivery: SnsDelivery;
  serviceId: string;
  endpointId: string;
  /** publishes a connection event as the endpoint and service modules do, after their commit */
  emit(event: ConnectionEvent, vpcEndpointState?: string): void;
  close(): Promise<void>;
}

/** Two accounts: the provider's service and the consumer's interface endpoint to it. */
async function world(snsEndpoint: string, retry: Partial<RetryPolicy> = FAST): Promise<World> {
  const { control, close } = await controlFixture();
  await control.accounts.seed([PROVIDER, CONSUMER]);
  const serviceId = await insertService(control, callerOf(PROVIDER.accountId));
  const endpointId = await insertEndpoint(control, callerOf(CONSUMER.accountId), { serviceId, serviceOwner: PROVIDER.accountId });
  const delivery = startSnsDelivery({ control, events: control.deps.events, snsEndpoint, logger: pino({ level: 'silent' }), retry });
  return {
    control, delivery, serviceId, endpointId,
    emit(event, vpcEndpointState = 'pendingAcceptance') {
      control.deps.events.publish([{
        type: 'connection-event', event, region: 'us-east-1', vpcEndpointId: endpointId, vpcEndpointOwner: CONSUMER.accountId,
        serviceId, serviceOwner: PROVIDER.accountId, vpcEndpointState, at: new Date('2025-01-02T03:04:05.678Z'),
      }]);
    },
    async close() {
      await delivery.stop();
      await close();
    },
  };
}

async function notify(w: World, who: 'provider' | 'consumer', topicArn: string, events: string[]) {
  return who === 'provider'
    ? w.control.connectionNotifications.create(callerOf(PROVIDER.accountId), { ServiceId: w.serviceId, ConnectionNotificationArn: topicArn, ConnectionEvents: events })
    : w.control.connectionNotifications.create(callerOf(CONSUMER.accountId), { VpcEndpointId: w.endpointId, ConnectionNotificationArn: topicArn, ConnectionEvents: events });
}

test('R76 each event is published to the topics that asked for it, signed as the notification owner for the topic Region', async () => {
  const sns = await fakeSns(() => OK);
  const w = await world(sns.url);
  try {
    const providerTopic = 'arn:aws:sns:us-east-1:111111111111:provider-topic';
    const consumerTopic = 'arn:aws:sns:eu-west-1:222222222222:consumer-topic';
    const p = await notify(w, 'provider', providerTopic, ['Connect', 'Delete']);
    const c = await notify(w, 'consumer', consumerTopic, ['Accept']);
    w.emit('Connect');
    w.emit('Accept', 'pending');
    w.emit('Reject', 'rejected');
    await w.delivery.idle();
    assert.equal(sns.published.length, 2);
    const [connect, accept] = sns.published;
    assert.deepEqual([connect!.accessKeyId, connect!.region, connect!.service, connect!.signatureValid], [PROVIDER.accessKeyId, 'us-east-1', 'sns', true]);
    assert.deepEqual([accept!.accessKeyId, accept!.region, accept!.service, accept!.signatureValid], [CONSUMER.accessKeyId, 'eu-west-1', 'sns', true]);
    assert.equal(connect!.params.Action, 'Publish');
    assert.equal(connect!.params.TopicArn, providerTopic);
    assert.equal(connect!.params.Subject, 'VPC Endpoint Connection Connect');
    assert.deepEqual(JSON.parse(connect!.params.Message!), {
      connectionNotificationId: p.ConnectionNotificationId, eventType: 'Connect', vpcEndpointId: w.endpointId, vpcEndpointOwner: CONSUMER.accountId,
      vpcEndpointState: 'pendingAcceptance', serviceId: w.serviceId, timestamp: '2025-01-02T03:04:05.678Z',
    });
    assert.equal(accept!.params.TopicArn, consumerTopic);
    assert.equal(JSON.parse(accept!.params.Message!).connectionNotificationId, c.ConnectionNotificationId);
    assert.equal(JSON.parse(accept!.params.Message!).vpcEndpointState, 'pending');
  } finally {
    await w.close();
    await sns.close();
  }
});

test('R76 a failed delivery is retried with backoff and never holds up the event publisher', async () => {
  const sns = await fakeSns((n) => (n <= 2 ? snsError(500, 'InternalError', 'try again') : OK));
  const w = await world(sns.url);
  try {
    await notify(w, 'provider', 'arn:aws:sns:us-east-1:111111111111:t', ['Connect']);
    w.emit('Connect');
    assert.equal(sns.published.length, 0, 'publishing an event returns before any delivery');
    await w.delivery.idle();
    assert.equal(sns.published.length, 3);
    const [n] = (await w.control.connectionNotifications.describe(callerOf(PROVIDER.accountId), {})).notifications;
    assert.equal(n!.ConnectionNotificationState, 'Enabled');
  } finally {
    await w.close();
    await sns.close();
  }
});

test('R76 events reach a topic in the order they happened, even when one needs retries', async () => {
  const sns = await fakeSns((n) => (n === 1 ? snsError(503, 'ServiceUnavailable', 'busy') : OK));
  const w = await world(sns.url);
  try {
    await notify(w, 'provider', 'arn:aws:sns:us-east-1:111111111111:t', ['Connect', 'Accept', 'Delete']);
    w.emit('Connect');
    w.emit('Accept', 'pending');
    w.emit('Delete', 'deleted');
    await w.delivery.idle();
    assert.deepEqual(sns.published.map((p) => JSON.parse(p.params.Message!).eventType), ['Connect', 'Connect', 'Accept', 'Delete']);
  } finally {
    await w.close();
    await sns.close();
  }
});

test('R72 a topic that keeps answering NotFound disables its notification; others are given up without disabling', async () => {
  const sns = await fakeSns(() => snsError(404, 'NotFound', 'Topic does not exist'));
  const w = await world(sns.url);
  try {
    const gone = await notify(w, 'provider', 'arn:aws:sns:us-east-1:111111111111:gone', ['Connect']);
    w.emit('Connect');
    await w.delivery.idle();
    assert.equal(sns.published.length, 3, 'bounded attempts');
    const state = async (caller: string) => (await w.control.connectionNotifications.describe(callerOf(caller), {})).notifications.map((n) => n.ConnectionNotificationState);
    assert.deepEqual(await state(PROVIDER.accountId), ['Disabled']);
    w.emit('Connect');
    await w.delivery.idle();
    assert.equal(sns.published.length, 3, 'a Disabled notification is not delivered');
    assert.equal(gone.ConnectionNotificationState, 'Enabled');

    // Nothing listens on the SNS endpoint: transient, so the notification stays Enabled.
    const closed = await freePort();
    const unreachable = await world(`http://127.0.0.1:${closed}`, { ...FAST, maxAttempts: 2 });
    try {
      await notify(unreachable, 'consumer', 'arn:aws:sns:us-east-1:222222222222:t', ['Accept']);
      unreachable.emit('Accept', 'pending');
      await unreachable.delivery.idle();
      assert.deepEqual((await unreachable.control.connectionNotifications.describe(callerOf(CONSUMER.accountId), {})).notifications
        .map((n) => n.ConnectionNotificationState), ['Enabled']);
    } finally {
      await unreachable.close();
    }
  } finally {
    await w.close();
    await sns.close();
  }
});

// --- end to end with moto_server ---------------------------------------------------------------------

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function startMoto(): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGTERM');
    await exited;
  };
  for (let i = 0; i < 150; i++) {
    try {
      await fetch(`${url}/moto-api/`);
      return { url, stop };
    } catch {
      await sleep(100);
    }
  }
  await stop();
  throw new Error(`moto_server did not answer on ${url}`);
}

const xml = new XMLParser({ parseTagValue: false });

test('R76 end to end: moto_server SNS delivers Connect, Accept, Reject and Delete to a subscribed SQS queue', async () => {
  const moto = await startMoto();
  const w = await world(moto.url);
  try {
    // moto keeps every key's resources in its default account, 123456789012.
    const call = async (service: string, params: Record<string, string>) => {
      const target: QueryTarget = { endpoint: moto.url, service, region: 'us-east-1', credentials: PROVIDER };
      const answer = await queryCall(target, params);
      assert.equal(answer.status, 200, answer.body);
      return xml.parse(answer.body) as Record<string, Record<string, Record<string, unknown>>>;
    };
    const topicArn = (await call('sns', { Action: 'CreateTopic', Version: '2010-03-31', Name: 'endpoint-events' }))
      .CreateTopicResponse!.CreateTopicResult!.TopicArn as string;
    const queueUrl = (await call('sqs', { Action: 'CreateQueue', Version: '2012-11-05', QueueName: 'endpoint-events' }))
      .CreateQueueResponse!.CreateQueueResult!.QueueUrl as string;
    const attrs = (await call('sqs', { Action: 'GetQueueAttributes', Version: '2012-11-05', QueueUrl: queueUrl, 'AttributeName.1': 'QueueArn' }))
      .GetQueueAttributesResponse!.GetQueueAttributesResult!.Attribute as { Name: string; Value: string };
    await call('sns', { Action: 'Subscribe', Version: '2010-03-31', TopicArn: topicArn, Protocol: 'sqs', Endpoint: attrs.Value });

    const provider = await notify(w, 'provider', topicArn, ['Connect', 'Reject']);
    const consumer = await notify(w, 'consumer', topicArn, ['Accept', 'Delete']);
    w.emit('Connect', 'pendingAcceptance');
    w.emit('Accept', 'pending');
    w.emit('Reject', 'rejected');
    w.emit('Delete', 'deleted');
    await w.delivery.idle();

    const received: { subject: string; message: Record<string, string> }[] = [];
    for (let i = 0; i < 20 && received.length < 4; i++) {
      const r = (await call('sqs', { Action: 'ReceiveMessage', Version: '2012-11-05', QueueUrl: queueUrl, MaxNumberOfMessages: '10', WaitTimeSeconds: '1' }))
        .ReceiveMessageResponse!.ReceiveMessageResult as { Message?: { Body: string } | { Body: string }[] } | '';
      const messages = r === '' || !r.Message ? [] : Array.isArray(r.Message) ? r.Message : [r.Message];
      for (const m of messages) {
        // SNS wraps what was published in its notification envelope (Type, TopicArn, Subject, Message...).
        const envelope = JSON.parse(m.Body) as { Type: string; TopicArn: string; Subject: string; Message: string };
        assert.equal(envelope.Type, 'Notification');
        assert.equal(envelope.TopicArn, topicArn);
        received.push({ subject: envelope.Subject, message: JSON.parse(envelope.Message) as Record<string, string> });
      }
    }
    received.sort((a, b) => ['Connect', 'Accept', 'Reject', 'Delete'].indexOf(a.message.eventType!) - ['Connect', 'Accept', 'Reject', 'Delete'].indexOf(b.message.eventType!));
    assert.deepEqual(received.map((r) => [r.subject, r.message.eventType, r.message.connectionNotificationId, r.message.vpcEndpointState]), [
      ['VPC Endpoint Connection Connect', 'Connect', provider.ConnectionNotificationId, 'pendingAcceptance'],
      ['VPC Endpoint Connection Accept', 'Accept', consumer.ConnectionNotificationId, 'pending'],
      ['VPC Endpoint Connection Reject', 'Reject', provider.ConnectionNotificationId, 'rejected'],
      ['VPC Endpoint Connection Delete', 'Delete', consumer.ConnectionNotificationId, 'deleted'],
    ]);
    for (const r of received) {
      assert.equal(r.message.vpcEndpointId, w.endpointId);
      assert.equal(r.message.vpcEndpointOwner, CONSUMER.accountId);
      assert.equal(r.message.serviceId, w.serviceId);
    }
  } finally {
    await w.close();
    await moto.stop();
  }
});
