/**
 * @module test/e2e/wire-rules
 * Wire behaviours of rules.md section P and a few of L, checked on raw responses of a real server:
 * DryRun (R160), prefix-list ids (R6, R133), ELBv2 not-found messages and states (R171, R172).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT_A, startPostern, type Postern } from './harness.js';
import { errorOf } from './xml.js';

let postern: Postern;
before(async () => { postern = await startPostern(); });
after(async () => { await postern?.cleanup(); });

test('R160 DryRun answers DryRunOperation 412 and does not act', async () => {
  const before = await postern.raw({ service: 'ec2', params: { Action: 'DescribeVpcs' } });
  const count = (text: string) => (text.match(/<vpcId>/g) ?? []).length;
  const res = await postern.raw({ service: 'ec2', params: { Action: 'CreateVpc', CidrBlock: '10.60.0.0/16', DryRun: 'true' } });
  assert.equal(res.status, 412);
  const error = errorOf(res.text);
  assert.equal(error.code, 'DryRunOperation');
  assert.equal(error.message, 'Request would have succeeded, but DryRun flag is set.');
  const after = await postern.raw({ service: 'ec2', params: { Action: 'DescribeVpcs' } });
  assert.equal(count(after.text), count(before.text));
});

test('R6 R133 AWS-managed prefix lists have pl- + 8 hex ids and AWS as owner', async () => {
  const res = await postern.raw({ service: 'ec2', params: { Action: 'DescribeManagedPrefixLists' } });
  assert.equal(res.status, 200);
  const ids = [...res.text.matchAll(/<prefixListId>([^<]+)<\/prefixListId>/g)].map((m) => m[1]!);
  assert.ok(ids.length >= 2, res.text);
  for (const id of ids) assert.match(id, /^pl-[0-9a-f]{8}$/);
  assert.match(res.text, /<prefixListName>com\.amazonaws\.us-east-1\.s3<\/prefixListName>/);
  assert.match(res.text, /<state>create-complete<\/state>/);
  assert.match(res.text, /<ownerId>AWS<\/ownerId>/);
});

test('R171 LoadBalancerNotFound names the missing load balancers', async () => {
  const res = await postern.raw({ service: 'elasticloadbalancing', account: ACCOUNT_A, params: { Action: 'DescribeLoadBalancers', 'Names.member.1': 'nope' } });
  assert.equal(res.status, 400);
  assert.match(res.text, /<ErrorResponse[^>]*><Error><Type>Sender<\/Type><Code>LoadBalancerNotFound<\/Code><Message>Load balancers '\[nope\]' not found<\/Message>/);
  const byArn = await postern.raw({
    service: 'elasticloadbalancing', account: ACCOUNT_A,
    params: { Action: 'DescribeLoadBalancers', 'LoadBalancerArns.member.1': `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT_A.accountId}:loadbalancer/net/nope/0123456789abcdef` },
  });
  assert.match(byArn.text, /<Code>LoadBalancerNotFound<\/Code><Message>One or more load balancers not found<\/Message>/);
});

test('R172 a new load balancer is provisioning, then active', async () => {
  const subnets = await postern.raw({ service: 'ec2', params: { Action: 'DescribeSubnets', 'Filter.1.Name': 'default-for-az', 'Filter.1.Value.1': 'true' } });
  const ids = [...subnets.text.matchAll(/<subnetId>([^<]+)<\/subnetId>/g)].map((m) => m[1]!).slice(0, 2);
  const created = await postern.raw({
    service: 'elasticloadbalancing',
    params: { Action: 'CreateLoadBalancer', Name: 'r172', Type: 'network', Scheme: 'internal', 'Subnets.member.1': ids[0]!, 'Subnets.member.2': ids[1]! },
  });
  assert.equal(created.status, 200, created.text);
  assert.match(created.text, /<State><Code>provisioning<\/Code><\/State>/);
  const deadline = Date.now() + 10_000;
  let state = '';
  while (Date.now() < deadline) {
    const d = await postern.raw({ service: 'elasticloadbalancing', params: { Action: 'DescribeLoadBalancers', 'Names.member.1': 'r172' } });
    state = /<State><Code>([a-z_]+)<\/Code>/.exec(d.text)?.[1] ?? '';
    if (state === 'active') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(state, 'active');
});
