/**
 * @module test/e2e/dns-verification
 * Private DNS name domain verification through the API, with a real DNS lookup: the test runs a tiny
 * authoritative DNS server (dns-packet over node:dgram) and starts Postern with `--dns-resolver` at it and
 * a 3 s `--private-dns-verification-window` (AWS retries for much longer). The provider sets private DNS
 * names, reads the TXT challenge from DescribeVpcEndpointServiceConfigurations, publishes it (or not) in
 * the test's DNS server and calls StartVpcEndpointServicePrivateDnsVerification:
 *
 *   record served at _<name>.<domain>        -> verified
 *   record served at the parent domain only  -> verified (a parent covers its subdomains)
 *   no record, or a value differing in case  -> failed once the window has passed
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import * as dnsPacket from 'dns-packet';
import {
  DescribeVpcEndpointServiceConfigurationsCommand, DescribeVpcEndpointServicesCommand, ModifyVpcEndpointServicePermissionsCommand,
  StartVpcEndpointServicePrivateDnsVerificationCommand, type EC2Client, type PrivateDnsNameConfiguration,
} from '@aws-sdk/client-ec2';
import { ACCOUNT_A, ACCOUNT_B, startPostern, type Postern } from './harness.js';
import { FAST_ENDPOINT_FLAGS, createProvider, pollUntil } from './privatelink.js';

const WINDOW_MS = 3000;

/** TXT records by lower-case name; every query asked, in order. */
const records = new Map<string, string>();
const queries: string[] = [];
let dns: Socket;

/** Answers TXT queries from `records`, NXDOMAIN for anything else. */
async function startDnsServer(): Promise<string> {
  dns = createSocket('udp4');
  dns.on('message', (msg, from) => {
    const query = dnsPacket.decode(msg);
    const question = query.questions?.[0];
    if (!question) return;
    queries.push(`${question.type} ${question.name.toLowerCase()}`);
    const value = question.type === 'TXT' ? records.get(question.name.toLowerCase()) : undefined;
    dns.send(dnsPacket.encode({
      type: 'response', id: query.id, flags: dnsPacket.AUTHORITATIVE_ANSWER | (value === undefined ? 3 /* NXDOMAIN */ : 0),
      questions: [question],
      answers: value === undefined ? [] : [{ type: 'TXT', name: question.name, ttl: 60, class: 'IN', data: [value] }],
    }), from.port, from.address);
  });
  await new Promise<void>((ok) => dns.bind(0, '127.0.0.1', ok));
  return `127.0.0.1:${(dns.address() as AddressInfo).port}`;
}

let postern: Postern;
let ec2A: EC2Client;
before(async () => {
  const resolver = await startDnsServer();
  postern = await startPostern({ args: [...FAST_ENDPOINT_FLAGS, '--dns-resolver', resolver, '--private-dns-verification-window', String(WINDOW_MS)] });
  ec2A = postern.ec2({ account: ACCOUNT_A });
});
after(async () => {
  await postern?.cleanup();
  dns?.close();
});

async function configurationOf(serviceId: string): Promise<PrivateDnsNameConfiguration> {
  const { ServiceConfigurations } = await ec2A.send(new DescribeVpcEndpointServiceConfigurationsCommand({ ServiceIds: [serviceId] }));
  return ServiceConfigurations![0]!.PrivateDnsNameConfiguration!;
}

/** Starts a verification and polls until it leaves pendingVerification; the states seen on the way. */
async function verify(serviceId: string, timeoutMs: number) {
  const started = await ec2A.send(new StartVpcEndpointServicePrivateDnsVerificationCommand({ ServiceId: serviceId }));
  assert.equal(started.ReturnValue, true);
  return pollUntil(() => configurationOf(serviceId), (c) => c.State !== 'pendingVerification',
    { what: `verification of ${serviceId}`, state: (c) => c.State!, timeoutMs, intervalMs: 100 });
}

const s = {} as { verifiedId: string; verifiedName: string; challenge: PrivateDnsNameConfiguration };

test('R89 R90 a private DNS name starts pendingVerification with a TXT challenge', async () => {
  s.verifiedName = 'api.verified.example';
  const p = await createProvider(postern, { account: ACCOUNT_A, cidr: '10.70.0.0/16', name: 'pl-dns', acceptanceRequired: false, privateDnsName: s.verifiedName });
  s.verifiedId = p.service.ServiceId!;
  assert.equal(p.service.PrivateDnsName, s.verifiedName);
  const c = p.service.PrivateDnsNameConfiguration!;
  assert.equal(c.State, 'pendingVerification');
  assert.equal(c.Type, 'TXT');
  assert.match(c.Name!, /^_[a-z0-9]{20}$/);
  assert.match(c.Value!, /^vpce:[A-Za-z0-9]{20}$/);
  s.challenge = await configurationOf(s.verifiedId);
  assert.deepEqual(s.challenge, c);
});

test('R91 R93 with the TXT record served, verification reaches verified', async () => {
  const recordName = `${s.challenge.Name}.${s.verifiedName}`;
  records.set(recordName, s.challenge.Value!);
  const { value, seen } = await verify(s.verifiedId, 10_000);
  assert.equal(value.State, 'verified', `states: ${seen.join(' -> ')}`);
  assert.deepEqual({ ...value, State: undefined }, { ...s.challenge, State: undefined }, 'the challenge itself stays');
  assert.ok(queries.includes(`TXT ${recordName}`), `the record was looked up: ${queries.join(', ')}`);
});

test('R98 a consumer sees the private DNS name and its verified state', async () => {
  await ec2A.send(new ModifyVpcEndpointServicePermissionsCommand({ ServiceId: s.verifiedId, AddAllowedPrincipals: [`arn:aws:iam::${ACCOUNT_B.accountId}:root`] }));
  const { ServiceDetails } = await postern.ec2({ account: ACCOUNT_B }).send(new DescribeVpcEndpointServicesCommand({
    Filters: [{ Name: 'service-type', Values: ['Interface'] }, { Name: 'owner', Values: [ACCOUNT_A.accountId] }],
  }));
  const detail = ServiceDetails!.find((d) => d.ServiceId === s.verifiedId)!;
  assert.equal(detail.PrivateDnsName, s.verifiedName);
  assert.deepEqual(detail.PrivateDnsNames, [{ PrivateDnsName: s.verifiedName }]);
  assert.equal(detail.PrivateDnsNameVerificationState, 'verified');
});

test('R96 a record on a parent domain verifies its subdomain', async () => {
  const p = await createProvider(postern, { account: ACCOUNT_A, cidr: '10.71.0.0/16', name: 'pl-dns-parent', acceptanceRequired: false, privateDnsName: 'svc.parent.example' });
  const c = p.service.PrivateDnsNameConfiguration!;
  records.set(`${c.Name}.parent.example`, c.Value!);
  const { value, seen } = await verify(p.service.ServiceId!, 10_000);
  assert.equal(value.State, 'verified', `states: ${seen.join(' -> ')}`);
});

test('R92 R93 without the record (or with a value differing in case), verification fails once the retry window has passed', async () => {
  const [none, misCased] = await Promise.all([
    createProvider(postern, { account: ACCOUNT_A, cidr: '10.72.0.0/16', name: 'pl-dns-none', acceptanceRequired: false, privateDnsName: 'api.unverified.example' }),
    createProvider(postern, { account: ACCOUNT_A, cidr: '10.73.0.0/16', name: 'pl-dns-case', acceptanceRequired: false, privateDnsName: 'api.miscased.example' }),
  ]);
  // The value must match exactly, case included (R92): a record whose value differs in case only proves nothing.
  const c = misCased.service.PrivateDnsNameConfiguration!;
  records.set(`${c.Name}.api.miscased.example`, c.Value!.replace(/[a-z]/gi, (ch) => (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase())));
  const t0 = Date.now();
  const results = await Promise.all([none, misCased].map((p) => verify(p.service.ServiceId!, WINDOW_MS + 10_000)));
  for (const [i, p] of [none, misCased].entries()) {
    const { value, seen } = results[i]!;
    assert.deepEqual(seen, ['pendingVerification', 'failed'], p.service.PrivateDnsName);
    assert.equal(value.State, 'failed');
    const name = p.service.PrivateDnsNameConfiguration!.Name!;
    assert.ok(queries.includes(`TXT ${name}.${p.service.PrivateDnsName}`), `the record of ${p.service.PrivateDnsName} was looked up`);
  }
  assert.ok(Date.now() - t0 >= WINDOW_MS - 500, 'failed only after the window');
});
