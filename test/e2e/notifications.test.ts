/**
 * @module test/e2e/notifications
 * Connection notifications delivered for real: the test starts a moto_server (SNS and SQS), creates two
 * topics each with an SQS queue subscribed, and starts Postern with `--sns-endpoint` at it. The provider
 * (A) watches its service for all four events, the consumer (B) its endpoint for Accept, Reject and Delete;
 * the flow connect -> accept -> reject -> delete then has to arrive in the queues as SNS notifications
 * whose Message is the document src/notify/sns-delivery.ts describes (rules R76: AWS publishes no sample).
 *
 * moto_server runs with MOTO_ACCOUNT_ID = A's account, so that A's topic ARN is in A's account; moto
 * maps every access key it does not know (Postern signs with the notification owner's keys) to that
 * account, so B's topic sits in A's account too, as a topic another account may publish to would.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import {
  AcceptVpcEndpointConnectionsCommand, CreateVpcEndpointCommand, CreateVpcEndpointConnectionNotificationCommand, DeleteVpcEndpointsCommand,
  DescribeVpcEndpointConnectionNotificationsCommand, DescribeVpcEndpointsCommand, ModifyVpcEndpointServicePermissionsCommand,
  RejectVpcEndpointConnectionsCommand, type ConnectionNotification, type EC2Client,
} from '@aws-sdk/client-ec2';
import { ACCOUNT_A, ACCOUNT_B, startPostern, type Postern } from './harness.js';
import { FAST_ENDPOINT_FLAGS, ID, createConsumerNetwork, createProvider, pollUntil, zoneIdsByName } from './privatelink.js';
import { at, parseXml } from './xml.js';

const REGION = 'us-east-1';

// --- moto_server: SNS and SQS ------------------------------------------------------------------------

let moto: ChildProcess | undefined;
let motoUrl = '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function startMoto(): Promise<void> {
  const port = await freePort();
  let log = '';
  const proc = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MOTO_ACCOUNT_ID: ACCOUNT_A.accountId },
  });
  moto = proc;
  proc.stdout!.on('data', (c: Buffer) => { log += c.toString(); });
  proc.stderr!.on('data', (c: Buffer) => { log += c.toString(); });
  motoUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`moto_server exited (${proc.exitCode}):\n${log}`);
    try { await fetch(`${motoUrl}/moto-api/`); return; } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`moto_server did not listen within 20 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stopMoto(): Promise<void> {
  const proc = moto;
  moto = undefined;
  if (!proc || proc.exitCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** A SigV4-signed Query call to moto (signed as A, whose keys moto maps to MOTO_ACCOUNT_ID). */
async function motoCall(service: 'sns' | 'sqs', params: Record<string, string>) {
  const version = service === 'sns' ? '2010-03-31' : '2012-11-05';
  const body = new URLSearchParams({ ...params, Version: version }).toString();
  const { hostname, port } = new URL(motoUrl);
  const signer = new SignatureV4({ service, region: REGION, sha256: Sha256, credentials: { accessKeyId: ACCOUNT_A.accessKeyId, secretAccessKey: ACCOUNT_A.secretAccessKey } });
  const signed = await signer.sign({
    method: 'POST', protocol: 'http:', hostname, port: Number(port), path: '/', query: {},
    headers: { host: `${hostname}:${port}`, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body,
  });
  const res = await fetch(`${motoUrl}/`, { method: 'POST', headers: signed.headers, body });
  const text = await res.text();
  assert.equal(res.status, 200, `${service} ${params.Action}: ${text}`);
  return parseXml(text);
}

interface Channel { topicArn: string; queueUrl: string }

/** A topic with a queue subscribed to it (the SNS envelope is kept: no raw message delivery). */
async function channel(name: string): Promise<Channel> {
  const topicArn = at(await motoCall('sns', { Action: 'CreateTopic', Name: name }), 'CreateTopicResult/TopicArn').text;
  const queueUrl = at(await motoCall('sqs', { Action: 'CreateQueue', QueueName: name }), 'CreateQueueResult/QueueUrl').text;
  const queueArn = `arn:aws:sqs:${REGION}:${ACCOUNT_A.accountId}:${name}`;
  await motoCall('sns', { Action: 'Subscribe', TopicArn: topicArn, Protocol: 'sqs', Endpoint: queueArn });
  return { topicArn, queueUrl };
}

/** The SNS notifications a queue holds, received until `count` have arrived. */
async function notificationsIn(queueUrl: string, count: number): Promise<Record<string, string>[]> {
  const got: Record<string, string>[] = [];
  const { value } = await pollUntil(async () => {
    const res = await motoCall('sqs', { Action: 'ReceiveMessage', QueueUrl: queueUrl, MaxNumberOfMessages: '10', VisibilityTimeout: '600', WaitTimeSeconds: '0' });
    for (const m of at(res, 'ReceiveMessageResult').children.filter((c) => c.name === 'Message')) {
      got.push(JSON.parse(at(m, 'Body').text) as Record<string, string>);
    }
    return got;
  }, (all) => all.length >= count, { what: `${count} notifications in ${queueUrl}`, timeoutMs: 15_000, intervalMs: 100 });
  return value;
}

// --- the flow ----------------------------------------------------------------------------------------

let postern: Postern;
let ec2A: EC2Client;
let ec2B: EC2Client;
let provider: Channel;
let consumer: Channel;

before(async () => {
  await startMoto();
  provider = await channel('provider-events');
  consumer = await channel('consumer-events');
  postern = await startPostern({ args: [...FAST_ENDPOINT_FLAGS, '--sns-endpoint', motoUrl] });
  ec2A = postern.ec2({ account: ACCOUNT_A });
  ec2B = postern.ec2({ account: ACCOUNT_B });
});
after(async () => {
  await postern?.cleanup();
  await stopMoto();
});

const s = {} as { serviceId: string; endpointId: string; serviceNotification: ConnectionNotification; endpointNotification: ConnectionNotification };

test('R5 R72 the provider watches its service for Connect, Accept, Reject and Delete', async () => {
  const p = await createProvider(postern, { account: ACCOUNT_A, cidr: '10.50.0.0/16', name: 'pl-notify', acceptanceRequired: true });
  s.serviceId = p.service.ServiceId!;
  await ec2A.send(new ModifyVpcEndpointServicePermissionsCommand({ ServiceId: s.serviceId, AddAllowedPrincipals: [`arn:aws:iam::${ACCOUNT_B.accountId}:root`] }));
  const { ConnectionNotification: n } = await ec2A.send(new CreateVpcEndpointConnectionNotificationCommand({
    ServiceId: s.serviceId, ConnectionNotificationArn: provider.topicArn, ConnectionEvents: ['Connect', 'Accept', 'Reject', 'Delete'],
  }));
  s.serviceNotification = n!;
  assert.match(n!.ConnectionNotificationId!, ID('vpce-nfn'));
  assert.equal(n!.ServiceId, s.serviceId);
  assert.equal(n!.ConnectionNotificationType, 'Topic');
  assert.equal(n!.ConnectionNotificationState, 'Enabled');
  assert.equal(n!.ConnectionNotificationArn, provider.topicArn);
  assert.deepEqual([...n!.ConnectionEvents!].sort(), ['Accept', 'Connect', 'Delete', 'Reject']);

  // The consumer connects; then it watches its own endpoint.
  const zonesA = await zoneIdsByName(ec2A);
  const net = await createConsumerNetwork(postern, { account: ACCOUNT_B, cidr: '10.60.0.0/16', zoneIds: p.service.AvailabilityZones!.map((z) => zonesA.get(z)!) });
  const { VpcEndpoint } = await ec2B.send(new CreateVpcEndpointCommand({
    VpcEndpointType: 'Interface', VpcId: net.vpcId, ServiceName: p.service.ServiceName, SubnetIds: net.subnetIds,
  }));
  s.endpointId = VpcEndpoint!.VpcEndpointId!;
  assert.equal(VpcEndpoint!.State, 'pendingAcceptance');
  const { ConnectionNotification: en } = await ec2B.send(new CreateVpcEndpointConnectionNotificationCommand({
    VpcEndpointId: s.endpointId, ConnectionNotificationArn: consumer.topicArn, ConnectionEvents: ['Accept', 'Reject', 'Delete'],
  }));
  s.endpointNotification = en!;
  assert.equal(en!.VpcEndpointId, s.endpointId);
  assert.equal(en!.ConnectionNotificationState, 'Enabled');
});

test('R33 R34 R36 the flow: accept, available, reject, delete', async () => {
  const endpoint = async () => (await ec2B.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [s.endpointId] }))).VpcEndpoints![0]!;
  assert.deepEqual((await ec2A.send(new AcceptVpcEndpointConnectionsCommand({ ServiceId: s.serviceId, VpcEndpointIds: [s.endpointId] }))).Unsuccessful, []);
  await pollUntil(endpoint, (e) => String(e.State) === 'available', { what: 'endpoint available' });
  assert.deepEqual((await ec2A.send(new RejectVpcEndpointConnectionsCommand({ ServiceId: s.serviceId, VpcEndpointIds: [s.endpointId] }))).Unsuccessful, []);
  assert.deepEqual((await ec2B.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [s.endpointId] }))).Unsuccessful, []);
});

/** Checks one queue's notifications: SNS envelopes from the topic, in event order, with the Message fields. */
function checkNotifications(got: Record<string, string>[], ch: Channel, n: ConnectionNotification, expected: [string, string][]) {
  const messages = got.map((envelope) => {
    assert.equal(envelope.Type, 'Notification');
    assert.equal(envelope.TopicArn, ch.topicArn);
    const message = JSON.parse(envelope.Message!) as Record<string, string>;
    assert.equal(envelope.Subject, `VPC Endpoint Connection ${message.eventType}`);
    return message;
  });
  messages.sort((a, b) => a.timestamp!.localeCompare(b.timestamp!));
  assert.deepEqual(messages.map((m) => [m.eventType, m.vpcEndpointState]), expected);
  for (const m of messages) {
    assert.deepEqual(Object.keys(m).sort(), ['connectionNotificationId', 'eventType', 'serviceId', 'timestamp', 'vpcEndpointId', 'vpcEndpointOwner', 'vpcEndpointState']);
    assert.equal(m.connectionNotificationId, n.ConnectionNotificationId);
    assert.equal(m.vpcEndpointId, s.endpointId);
    assert.equal(m.vpcEndpointOwner, ACCOUNT_B.accountId);
    assert.equal(m.serviceId, s.serviceId);
    assert.match(m.timestamp!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  }
}

test('R76 the provider\'s queue receives Connect, Accept, Reject and Delete', async () => {
  const got = await notificationsIn(provider.queueUrl, 4);
  checkNotifications(got, provider, s.serviceNotification, [['Connect', 'pendingAcceptance'], ['Accept', 'pending'], ['Reject', 'rejected'], ['Delete', 'deleting']]);
});

test('R76 the consumer\'s queue receives Accept, Reject and Delete of its endpoint', async () => {
  const got = await notificationsIn(consumer.queueUrl, 3);
  checkNotifications(got, consumer, s.endpointNotification, [['Accept', 'pending'], ['Reject', 'rejected'], ['Delete', 'deleting']]);
});

test('R72 R75 delivered notifications stay Enabled', async () => {
  const { ConnectionNotificationSet } = await ec2A.send(new DescribeVpcEndpointConnectionNotificationsCommand({
    Filters: [{ Name: 'service-id', Values: [s.serviceId] }],
  }));
  assert.deepEqual(ConnectionNotificationSet!.map((n) => [n.ConnectionNotificationId, n.ConnectionNotificationState]),
    [[s.serviceNotification.ConnectionNotificationId, 'Enabled']]);
  const mine = await ec2B.send(new DescribeVpcEndpointConnectionNotificationsCommand({ ConnectionNotificationId: s.endpointNotification.ConnectionNotificationId }));
  assert.deepEqual(mine.ConnectionNotificationSet!.map((n) => n.ConnectionNotificationState), ['Enabled']);
});
