import { test } from 'node:test';
import assert from 'node:assert/strict';
import { duplicateError, ipv4Peer, ipv6Peer, normalizeProtocol, portRange, toIpPermissions } from './permissions.js';

test('protocols: names in any case, numbers named where AWS names them, -1 for all', () => {
  assert.equal(normalizeProtocol('TCP'), 'tcp');
  assert.equal(normalizeProtocol('17'), 'udp');
  assert.equal(normalizeProtocol('58'), 'icmpv6');
  assert.equal(normalizeProtocol('050'), '50');
  assert.equal(normalizeProtocol('-1'), '-1');
  for (const bad of ['all', '256', 'esp', undefined]) assert.throws(() => normalizeProtocol(bad), { code: 'InvalidParameterValue' });
});

test('port ranges per protocol', () => {
  assert.deepEqual(portRange('tcp', 0, 65535), { FromPort: 0, ToPort: 65535 });
  assert.deepEqual(portRange('-1', 22, 22), { FromPort: -1, ToPort: -1 });
  assert.deepEqual(portRange('50', undefined, undefined), { FromPort: -1, ToPort: -1 });
  assert.deepEqual(portRange('icmp', 8, -1), { FromPort: 8, ToPort: -1 });
  assert.throws(() => portRange('tcp', 0, 70000), { code: 'InvalidPermission.Malformed', message: 'TCP/UDP port (70000) out of range' });
  assert.throws(() => portRange('tcp', 80, 70), { code: 'InvalidParameterValue' });
  assert.throws(() => portRange('icmp', undefined, undefined), { message: "Invalid value 'Must specify both from and to ports with ICMP.' for portRange." });
  assert.throws(() => portRange('icmp', 8, 256), { message: 'ICMP code (256) out of range' });
});

test('peers are canonicalised as AWS stores them', () => {
  assert.equal(ipv4Peer('10.0.0.28/29'), '10.0.0.24/29');
  assert.equal(ipv6Peer('2001:DB8:0:0:0:0:0:1/64'), '2001:db8::/64');
  assert.equal(ipv6Peer('::/0'), '::/0');
  assert.equal(ipv6Peer('2600:1f18:0:1::5/128'), '2600:1f18:0:1::5/128');
  assert.equal(ipv6Peer('::ffff:10.0.0.1/128'), '::ffff:a00:1/128');
  for (const bad of ['10.0.0.0/33', 'bogus', undefined]) assert.throws(() => ipv4Peer(bad), { message: `CIDR block ${bad ?? 'null'} is malformed` });
  for (const bad of ['2001:db8::/129', '10.0.0.0/8', '2001:db8::']) assert.throws(() => ipv6Peer(bad), { code: 'InvalidParameterValue' });
});

test("AWS's duplicate-rule messages", () => {
  const base = { IsEgress: false, FromPort: -1, ToPort: -1 };
  assert.equal(duplicateError({ ...base, IpProtocol: 'udp', FromPort: 0, ToPort: 65535, ReferencedGroupInfo: { GroupId: 'sg-1b20b867', UserId: '111111111111' } }).message,
    'the specified rule "peer: sg-1b20b867, UDP, from port: 0, to port: 65535, ALLOW" already exists');
  assert.equal(duplicateError({ ...base, IpProtocol: 'icmp', CidrIpv4: '0.0.0.0/0' }).message,
    'the specified rule "peer: 0.0.0.0/0, ICMP, type: ALL, code: ALL, ALLOW" already exists');
  assert.equal(duplicateError({ ...base, IpProtocol: '-1', CidrIpv4: '0.0.0.0/0' }).code, 'InvalidPermission.Duplicate');
});

test('the IpPermission view groups rules by protocol and port range', () => {
  const rule = { IsEgress: false, IpProtocol: 'tcp', FromPort: 22, ToPort: 22 };
  assert.deepEqual(toIpPermissions([
    { ...rule, CidrIpv4: '10.0.0.0/8' },
    { ...rule, FromPort: 80, ToPort: 80, CidrIpv4: '10.0.0.0/8' },
    { ...rule, PrefixListId: 'pl-63a5400a', Description: 's3' },
  ]), [
    { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }], Ipv6Ranges: [], PrefixListIds: [{ PrefixListId: 'pl-63a5400a', Description: 's3' }], UserIdGroupPairs: [] },
    { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '10.0.0.0/8' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] },
  ]);
});
