import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import * as dnsPacket from 'dns-packet';
import { callerOf, controlFixture } from '../control/testing/control-fixture.js';
import type { ControlPlane } from '../control/plane.js';
import type { Subnet } from '../control/subnet/records.js';
import { startTxtVerifier } from './txt-verifier.js';

const provider = callerOf('111111111111');

/** A tiny authoritative DNS server over UDP: answers TXT queries from `records`, NXDOMAIN otherwise. */
async function dnsServer(records: Map<string, string>): Promise<{ address: string; queries: string[]; close: () => void }> {
  const socket: Socket = createSocket('udp4');
  const queries: string[] = [];
  socket.on('message', (msg, from) => {
    const query = dnsPacket.decode(msg);
    const question = query.questions?.[0];
    if (!question) return;
    queries.push(question.name);
    const value = question.type === 'TXT' ? records.get(question.name.toLowerCase()) : undefined;
    const answer = dnsPacket.encode({
      type: 'response', id: query.id, flags: dnsPacket.AUTHORITATIVE_ANSWER | (value === undefined ? 3 : 0),
      questions: [question],
      answers: value === undefined ? [] : [{ type: 'TXT', name: question.name, ttl: 60, class: 'IN', data: [value] }],
    });
    socket.send(answer, from.port, from.address);
  });
  await new Promise<void>((ok) => socket.bind(0, '127.0.0.1', ok));
  return { address: `127.0.0.1:${(socket.address() as AddressInfo).port}`, queries, close: () => socket.close() };
}

async function serviceWithName(control: ControlPlane, name: string) {
  await control.accounts.prepareRegion(provider);
  const [subnet] = (await control.deps.store.read((tx) => tx.listResources<Subnet>(provider, 'subnet'))).map((r) => r.data);
  const lb = await control.loadBalancers.create(provider, { Name: 'nlb', Type: 'network', Subnets: [subnet!.SubnetId] });
  const { configuration } = await control.serviceConfigurations.create(provider, { NetworkLoadBalancerArns: [lb.LoadBalancerArn], PrivateDnsName: name });
  return configuration as typeof configuration & { PrivateDnsNameConfiguration: { Name: string; Value: string } };
}

async function stateOf(control: ControlPlane, serviceId: string): Promise<string | undefined> {
  const [c] = (await control.serviceConfigurations.describe(provider, { ServiceIds: [serviceId] })).configurations;
  return (c!.PrivateDnsNameConfiguration as { State?: string }).State;
}

/** Runs one verification against a DNS server serving `records(config)`, to its end. */
async function verifyWith(name: string, records: (c: { Name: string; Value: string }) => [string, string][], windowMs = 1500) {
  const { control, close } = await controlFixture({ privateDnsVerificationWindowMs: windowMs });
  const served = new Map<string, string>();
  const server = await dnsServer(served);
  const verifier = startTxtVerifier(control, { servers: [server.address], initialDelayMs: 50, maxDelayMs: 200, queryTimeoutMs: 500 });
  try {
    // Setting the name starts the automatic polling; the provider then publishes the record it was given
    // and asks for a check, which wakes the polling at once.
    const c = await serviceWithName(control, name);
    for (const [k, v] of records(c.PrivateDnsNameConfiguration)) served.set(k, v);
    await control.serviceConfigurations.startPrivateDnsVerification(provider, { ServiceId: c.ServiceId });
    await verifier.idle();
    return { state: await stateOf(control, c.ServiceId), queries: server.queries, config: c.PrivateDnsNameConfiguration };
  } finally {
    await verifier.stop();
    server.close();
    await close();
  }
}

test('R91 R93 the TXT record <Name>.<domain> with the exact value makes the name verified, through a real DNS lookup', async () => {
  const { state, queries, config } = await verifyWith('svc.example.test', (c) => [[`${c.Name}.svc.example.test`, c.Value]]);
  assert.equal(state, 'verified');
  assert.ok(queries.includes(`${config.Name}.svc.example.test`));
});

test('R91 a record on the domain itself (for DNS hosts without underscores) also proves ownership', async () => {
  const { state } = await verifyWith('svc.example.test', (c) => [['svc.example.test', c.Value]]);
  assert.equal(state, 'verified');
});

test('R96 verifying a parent domain covers its subdomains', async () => {
  const { state } = await verifyWith('*.api.example.test', (c) => [[`${c.Name}.example.test`, c.Value]]);
  assert.equal(state, 'verified');
});

test('R93 without the record the verification keeps retrying, then fails once the window has passed', async () => {
  const started = Date.now();
  const { state, queries, config } = await verifyWith('svc.example.test', () => [], 600);
  assert.equal(state, 'failed');
  assert.ok(Date.now() - started >= 600);
  assert.ok(queries.filter((q) => q === `${config.Name}.svc.example.test`).length >= 2, 'it retried');
});

test('R92 a value that differs in case does not verify', async () => {
  const { state } = await verifyWith('svc.example.test', (c) => [[`${c.Name}.svc.example.test`, c.Value.toLowerCase() === c.Value ? `${c.Value}X` : c.Value.toLowerCase()]], 500);
  assert.equal(state, 'failed');
});
