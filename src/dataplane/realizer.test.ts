import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONSUMER, createService, defaultVpc, PROVIDER, withEndpoints, type EndpointFixture } from '../control/endpoint/fixture.js';
import { Realizer } from './realizer.js';

const EC2 = 'com.amazonaws.us-east-1.ec2';
const SETTINGS = { endpointProvisioningMs: 20, deletedEndpointRetentionMs: 60 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function realizer({ control }: EndpointFixture): Realizer {
  const s = control.deps.settings;
  return new Realizer(control.endpoints, control.deps.events, {
    provisioningMs: s.endpointProvisioningMs, deletedRetentionMs: s.deletedEndpointRetentionMs, clock: control.deps.clock,
    onError: (err) => { throw err; },
  });
}

async function until(check: () => Promise<boolean>, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await sleep(5);
  }
}

const stateOf = async (f: EndpointFixture, id: string) => {
  try {
    return (await f.control.endpoints.describe(CONSUMER, { VpcEndpointIds: [id] })).endpoints[0]!.endpoint.State;
  } catch {
    return 'gone';
  }
};

async function interfaceEndpoint(f: EndpointFixture, serviceName = EC2) {
  const { vpcId, subnets } = await defaultVpc(f.control, CONSUMER);
  return (await f.control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: serviceName, VpcEndpointType: 'Interface', SubnetIds: [subnets[0]!.SubnetId], PrivateDnsEnabled: false })).endpoint;
}

test('R29 R33 the realizer makes a pending endpoint available after the provisioning delay, never at once', () => withEndpoints(async (f) => {
  const r = realizer(f);
  await r.start();
  try {
    const e = await interfaceEndpoint(f);
    assert.equal(await stateOf(f, e.VpcEndpointId), 'pending');
    await until(async () => (await stateOf(f, e.VpcEndpointId)) === 'available');
  } finally {
    r.stop();
  }
}, SETTINGS));

test('R33 after acceptance the endpoint passes through pending to available; pendingAcceptance waits for the provider', () => withEndpoints(async (f) => {
  const r = realizer(f);
  await r.start();
  try {
    const { serviceId, serviceName } = await createService(f.control, { acceptanceRequired: true, zones: 6 });
    const e = await interfaceEndpoint(f, serviceName);
    await sleep(60);
    assert.equal(await stateOf(f, e.VpcEndpointId), 'pendingAcceptance');
    await f.control.endpointConnections.accept(PROVIDER, { ServiceId: serviceId, VpcEndpointIds: [e.VpcEndpointId] });
    assert.equal(await stateOf(f, e.VpcEndpointId), 'pending');
    await until(async () => (await stateOf(f, e.VpcEndpointId)) === 'available');
  } finally {
    r.stop();
  }
}, SETTINGS));

test('R36 the realizer moves deleting to deleted, then the endpoint disappears after the retention time', () => withEndpoints(async (f) => {
  const r = realizer(f);
  await r.start();
  try {
    const e = await interfaceEndpoint(f);
    await f.control.endpoints.delete(CONSUMER, { VpcEndpointIds: [e.VpcEndpointId] });
    assert.equal(await stateOf(f, e.VpcEndpointId), 'deleting');
    await until(async () => (await stateOf(f, e.VpcEndpointId)) === 'deleted');
    await until(async () => (await stateOf(f, e.VpcEndpointId)) === 'gone');
    await until(async () => (await f.control.endpoints.unfinished()).length === 0);
    assert.equal(r.pendingWork, 0);
  } finally {
    r.stop();
  }
}, SETTINGS));

test('R36 a realizer started later picks up endpoints left pending and deleting (level-based, survives restarts)', () => withEndpoints(async (f) => {
  const pending = await interfaceEndpoint(f);
  const gone = await interfaceEndpoint(f);
  await f.control.endpoints.delete(CONSUMER, { VpcEndpointIds: [gone.VpcEndpointId] });
  assert.deepEqual((await f.control.endpoints.unfinished()).map((u) => u.state).sort(), ['deleting', 'pending']);
  const r = realizer(f);
  await r.start();
  try {
    await until(async () => (await stateOf(f, pending.VpcEndpointId)) === 'available');
    await until(async () => (await stateOf(f, gone.VpcEndpointId)) === 'gone');
  } finally {
    r.stop();
  }
}, SETTINGS));
