import { test } from 'node:test';
import assert from 'node:assert/strict';
import { availabilityZones, REGIONS } from './regions.js';

test('zone names map to zone ids per account: same ids, different names', () => {
  const a = availabilityZones('111111111111', 'us-east-1');
  const b = availabilityZones('222222222222', 'us-east-1');
  assert.deepEqual(a.map((z) => z.ZoneName), ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1e', 'us-east-1f']);
  assert.deepEqual(a.map((z) => z.ZoneId).sort(), b.map((z) => z.ZoneId).sort());
  assert.notDeepEqual(a.map((z) => z.ZoneId), b.map((z) => z.ZoneId));
});

test('the mapping is stable for an account', () => {
  assert.deepEqual(availabilityZones('111111111111', 'eu-west-1'), availabilityZones('111111111111', 'eu-west-1'));
});

test('every region has zones with ids of its own prefix', () => {
  for (const r of REGIONS) {
    const zones = availabilityZones('123456789012', r.name);
    assert.ok(zones.length >= 2, r.name);
    assert.equal(new Set(zones.map((z) => z.ZoneId.split('-')[0])).size, 1, r.name);
  }
});
