import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomIds } from '../ids.js';
import { checkPrivateDnsName, newPrivateDnsNameConfiguration, provesOwnership, verificationRecordNames } from './private-dns.js';

test('R90 a challenge is a TXT record named _<20 lowercase> with value vpce:<20 mixed>, pending verification', () => {
  const a = newPrivateDnsNameConfiguration(randomIds);
  const b = newPrivateDnsNameConfiguration(randomIds);
  assert.equal(a.State, 'pendingVerification');
  assert.equal(a.Type, 'TXT');
  assert.match(a.Name, /^_[a-z0-9]{20}$/);
  assert.match(a.Value, /^vpce:[A-Za-z0-9]{20}$/);
  assert.notEqual(a.Value, b.Value);
});

test('R96 names: lower case, labels up to 63, total up to 255, a leading wildcard', () => {
  for (const good of ['example.com', 'a.b.example.com', '*.example.com', `${'a'.repeat(63)}.com`, 'my-service.example.co.uk']) checkPrivateDnsName(good);
  for (const bad of ['Example.com', `${'a'.repeat(64)}.com`, `${'abcdefghi.'.repeat(26)}com`, 'com', '-a.example.com', 'a.*.example.com', 'a..com', '']) {
    assert.throws(() => checkPrivateDnsName(bad), (e: Error & { code?: string }) => e.code === 'InvalidParameter', bad);
  }
});

test('R91 R96 the records looked up: <Name>.<domain> and the domain itself, for the name and each parent domain', () => {
  const config = { State: 'pendingVerification' as const, Type: 'TXT' as const, Name: '_abc', Value: 'vpce:X' };
  assert.deepEqual(verificationRecordNames('*.api.example.com', config), ['_abc.api.example.com', 'api.example.com', '_abc.example.com', 'example.com']);
});

test('R92 the value must match exactly, case included; chunks of one record are joined', () => {
  assert.equal(provesOwnership([['vpce:qUAth3FdeABCApUiXabc']], 'vpce:qUAth3FdeABCApUiXabc'), true);
  assert.equal(provesOwnership([['vpce:qUAth3Fde', 'ABCApUiXabc']], 'vpce:qUAth3FdeABCApUiXabc'), true);
  assert.equal(provesOwnership([['vpce:quath3fdeabcapuixabc']], 'vpce:qUAth3FdeABCApUiXabc'), false);
  assert.equal(provesOwnership([['v=spf1 -all'], [' vpce:qUAth3FdeABCApUiXabc']], 'vpce:qUAth3FdeABCApUiXabc'), false);
});
