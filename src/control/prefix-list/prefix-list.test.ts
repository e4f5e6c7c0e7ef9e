import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callerOf } from '../testing/control-fixture.js';
import { awsManagedPrefixListOfService, awsManagedPrefixLists, findAwsManagedPrefixList } from './aws-managed.js';
import { prefixListService } from './prefix-list.js';

const A = callerOf('111111111111');
const service = prefixListService();

test('us-east-1 carries AWS real S3 and DynamoDB lists', () => {
  const [s3, dynamodb] = awsManagedPrefixLists('us-east-1');
  assert.equal(s3!.PrefixListId, 'pl-63a5400a');
  assert.equal(s3!.PrefixListName, 'com.amazonaws.us-east-1.s3');
  assert.equal(s3!.PrefixListArn, 'arn:aws:ec2:us-east-1:aws:prefix-list/pl-63a5400a');
  assert.equal(dynamodb!.PrefixListId, 'pl-02cd2c6b');
  assert.equal(awsManagedPrefixListOfService('us-east-1', 'com.amazonaws.us-east-1.dynamodb'), dynamodb);
  assert.equal(findAwsManagedPrefixList('us-east-1', 'pl-63a5400a'), s3);
});

test('other regions get stable, distinct AWS-style lists; unknown regions none', () => {
  const lists = awsManagedPrefixLists('eu-west-3');
  assert.deepEqual(lists.map((l) => l.PrefixListName), ['com.amazonaws.eu-west-3.s3', 'com.amazonaws.eu-west-3.dynamodb']);
  for (const l of lists) {
    assert.match(l.PrefixListId, /^pl-[0-9a-f]{8}$/);
    assert.ok(l.Cidrs.length > 0);
  }
  const ids = new Set(['us-east-1', 'us-west-2', 'eu-west-3', 'ap-northeast-1'].flatMap((r) => awsManagedPrefixLists(r).map((l) => l.PrefixListId)));
  assert.equal(ids.size, 8);
  assert.deepEqual(awsManagedPrefixLists('xx-nowhere-1'), []);
});

test('DescribePrefixLists and DescribeManagedPrefixLists with ids and filters', () => {
  const all = service.describePrefixLists(A, {});
  assert.deepEqual(all.PrefixLists.map((l) => l.PrefixListId), ['pl-63a5400a', 'pl-02cd2c6b']);
  assert.ok(all.PrefixLists[0]!.Cidrs.includes('52.216.0.0/15'));
  const byName = service.describePrefixLists(A, { Filters: [{ Name: 'prefix-list-name', Values: ['*.dynamodb'] }] });
  assert.deepEqual(byName.PrefixLists.map((l) => l.PrefixListId), ['pl-02cd2c6b']);
  const managed = service.describeManagedPrefixLists(A, { Filters: [{ Name: 'owner-id', Values: ['AWS'] }], MaxResults: 1 });
  assert.deepEqual(managed.PrefixLists, [{
    PrefixListId: 'pl-63a5400a', AddressFamily: 'IPv4', State: 'create-complete', PrefixListArn: 'arn:aws:ec2:us-east-1:aws:prefix-list/pl-63a5400a',
    PrefixListName: 'com.amazonaws.us-east-1.s3', Tags: [], OwnerId: 'AWS',
  }]);
  assert.ok(managed.NextToken);
  assert.equal(service.describeManagedPrefixLists(A, { Filters: [{ Name: 'owner-id', Values: [A.accountId] }] }).PrefixLists.length, 0);
  assert.throws(() => service.describePrefixLists(A, { PrefixListIds: ['pl-00000000'] }), {
    code: 'InvalidPrefixListID.NotFound', message: "The prefix list ID 'pl-00000000' does not exist",
  });
  assert.throws(() => service.describeManagedPrefixLists(A, { Filters: [{ Name: 'state', Values: ['x'] }] }), { code: 'InvalidFilter' });
});

test('GetManagedPrefixListEntries pages through the CIDRs', () => {
  const first = service.getManagedPrefixListEntries(A, { PrefixListId: 'pl-02cd2c6b', MaxResults: 3 });
  assert.equal(first.Entries.length, 3);
  const rest = service.getManagedPrefixListEntries(A, { PrefixListId: 'pl-02cd2c6b', MaxResults: 3, NextToken: first.NextToken });
  assert.deepEqual([...first.Entries, ...rest.Entries].map((e) => e.Cidr), ['3.218.180.0/23', '3.218.182.0/24', '52.119.224.0/20', '52.94.0.0/22']);
  assert.equal(rest.NextToken, undefined);
  // A list of another region is not found here.
  const [other] = awsManagedPrefixLists('us-west-2');
  assert.throws(() => service.getManagedPrefixListEntries(A, { PrefixListId: other!.PrefixListId }), { code: 'InvalidPrefixListID.NotFound' });
});
