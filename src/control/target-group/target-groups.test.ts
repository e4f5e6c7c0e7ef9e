import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callerOf, controlFixture } from '../testing/control-fixture.js';
import type { ControlPlane } from '../plane.js';
import type { Subnet } from '../subnet/records.js';

const caller = callerOf('111111111111');

async function setUp(control: ControlPlane) {
  await control.accounts.prepareRegion(caller);
  const subnets = (await control.deps.store.read((tx) => tx.listResources<Subnet>(caller, 'subnet'))).map((r) => r.data);
  const a = subnets.find((s) => s.CidrBlock === '172.31.0.0/20')!;
  const lb = await control.loadBalancers.create(caller, { Name: 'nlb', Type: 'network', Subnets: [a.SubnetId] });
  const tg = await control.targetGroups.create(caller, { Name: 'my-ip-targets', Protocol: 'TCP', Port: 80, VpcId: a.VpcId, TargetType: 'ip' });
  return { a, lb, tg };
}

test('R150 a TCP ip target group has AWS health check and attribute defaults; proxy_protocol_v2.enabled switches PROXY v2 on', async () => {
  const { control, close } = await controlFixture();
  try {
    const { tg } = await setUp(control);
    assert.match(tg.TargetGroupArn, /^arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup\/my-ip-targets\/[0-9a-f]{16}$/);
    // wire-examples/elbv2-CreateTargetGroup-tcp-ip.cli.json
    assert.deepEqual(
      [tg.HealthCheckProtocol, tg.HealthCheckPort, tg.HealthCheckEnabled, tg.HealthCheckIntervalSeconds, tg.HealthCheckTimeoutSeconds, tg.HealthyThresholdCount, tg.UnhealthyThresholdCount, tg.IpAddressType],
      ['TCP', 'traffic-port', true, 30, 10, 5, 2, 'ipv4'],
    );
    assert.deepEqual(tg.LoadBalancerArns, []);
    const attrs = await control.targetGroups.modifyAttributes(caller, { TargetGroupArn: tg.TargetGroupArn, Attributes: [{ Key: 'proxy_protocol_v2.enabled', Value: 'true' }] });
    const byKey = Object.fromEntries(attrs.map((x) => [x.Key, x.Value]));
    assert.equal(byKey['proxy_protocol_v2.enabled'], 'true');
    assert.equal(byKey['preserve_client_ip.enabled'], 'false');
    assert.equal(byKey['deregistration_delay.timeout_seconds'], '300');
    await assert.rejects(control.targetGroups.create(caller, { Name: 'l', TargetType: 'lambda' }), { code: 'ValidationError' });
    await assert.rejects(control.targetGroups.create(caller, { Name: 'my-ip-targets', Protocol: 'UDP', Port: 80, VpcId: tg.VpcId, TargetType: 'ip' }), { code: 'DuplicateTargetGroupName' });
  } finally {
    await close();
  }
});

test('target health: unused without a listener, initial behind one, draining after deregistration', async () => {
  const { control, close } = await controlFixture();
  try {
    const { lb, tg } = await setUp(control);
    await control.targets.register(caller, { TargetGroupArn: tg.TargetGroupArn, Targets: [{ Id: '172.31.0.50' }] });
    let [d] = await control.targets.describeHealth(caller, { TargetGroupArn: tg.TargetGroupArn });
    assert.deepEqual(d, {
      Target: { Id: '172.31.0.50', Port: 80, AvailabilityZone: (await control.loadBalancers.describe(caller, {})).LoadBalancers[0]!.AvailabilityZones[0]!.ZoneName },
      HealthCheckPort: '80',
      TargetHealth: { State: 'unused', Reason: 'Target.NotInUse', Description: 'Target group is not configured to receive traffic from the load balancer' },
    });
    await control.listeners.create(caller, { LoadBalancerArn: lb.LoadBalancerArn, Protocol: 'TCP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn }] });
    [d] = await control.targets.describeHealth(caller, { TargetGroupArn: tg.TargetGroupArn });
    assert.equal(d!.TargetHealth.State, 'initial');
    assert.equal(d!.TargetHealth.Reason, 'Elb.RegistrationInProgress');
    const { TargetGroups } = await control.targetGroups.describe(caller, { LoadBalancerArn: lb.LoadBalancerArn });
    assert.deepEqual(TargetGroups[0]!.LoadBalancerArns, [lb.LoadBalancerArn]);
    await assert.rejects(control.targetGroups.delete(caller, tg), { code: 'ResourceInUse' });

    await control.targets.deregister(caller, { TargetGroupArn: tg.TargetGroupArn, Targets: [{ Id: '172.31.0.50' }] });
    [d] = await control.targets.describeHealth(caller, { TargetGroupArn: tg.TargetGroupArn });
    assert.equal(d!.TargetHealth.State, 'draining');
    await control.targetGroups.modifyAttributes(caller, { TargetGroupArn: tg.TargetGroupArn, Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '0' }] });
    assert.deepEqual(await control.targets.describeHealth(caller, { TargetGroupArn: tg.TargetGroupArn }), []);
    [d] = await control.targets.describeHealth(caller, { TargetGroupArn: tg.TargetGroupArn, Targets: [{ Id: '172.31.0.50' }] });
    assert.equal(d!.TargetHealth.Reason, 'Target.NotRegistered');
  } finally {
    await close();
  }
});

test('ip targets outside the VPC need an Availability Zone and a private address', async () => {
  const { control, close } = await controlFixture();
  try {
    const { tg } = await setUp(control);
    const register = (Id: string, AvailabilityZone?: string) => control.targets.register(caller, { TargetGroupArn: tg.TargetGroupArn, Targets: [{ Id, AvailabilityZone }] });
    await assert.rejects(register('10.9.9.9'), { code: 'ValidationError', message: "The Availability Zone is required for IP address '10.9.9.9' because it is not in the VPC" });
    await assert.rejects(register('8.8.8.8', 'all'), { code: 'InvalidTarget' });
    await assert.rejects(register('172.31.0.9', 'all'), { code: 'ValidationError' });
    await register('10.9.9.9', 'all');
  } finally {
    await close();
  }
});

test('a listener refuses an incompatible target group and a second load balancer on the same group', async () => {
  const { control, close } = await controlFixture();
  try {
    const { a, lb, tg } = await setUp(control);
    const udp = await control.targetGroups.create(caller, { Name: 'udp', Protocol: 'UDP', Port: 53, VpcId: a.VpcId, TargetType: 'ip' });
    await assert.rejects(control.listeners.create(caller, { LoadBalancerArn: lb.LoadBalancerArn, Protocol: 'TCP', Port: 53, DefaultActions: [{ Type: 'forward', TargetGroupArn: udp.TargetGroupArn }] }),
      { code: 'IncompatibleProtocols' });
    const forward = [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn }];
    const l1 = await control.listeners.create(caller, { LoadBalancerArn: lb.LoadBalancerArn, Protocol: 'TCP', Port: 80, DefaultActions: forward });
    assert.match(l1.ListenerArn, /:listener\/net\/nlb\/[0-9a-f]{16}\/[0-9a-f]{16}$/);
    assert.equal((await control.listeners.create(caller, { LoadBalancerArn: lb.LoadBalancerArn, Protocol: 'TCP', Port: 80, DefaultActions: forward })).ListenerArn, l1.ListenerArn);
    await assert.rejects(control.listeners.create(caller, { LoadBalancerArn: lb.LoadBalancerArn, Protocol: 'UDP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: udp.TargetGroupArn }] }),
      { code: 'DuplicateListener' });
    const lb2 = await control.loadBalancers.create(caller, { Name: 'nlb2', Type: 'network', Subnets: [a.SubnetId] });
    await assert.rejects(control.listeners.create(caller, { LoadBalancerArn: lb2.LoadBalancerArn, Protocol: 'TCP', Port: 80, DefaultActions: forward }), { code: 'TargetGroupAssociationLimit' });
    // Deleting the load balancer deletes its listeners and frees the group.
    await control.loadBalancers.delete(caller, lb);
    await assert.rejects(control.listeners.describe(caller, { ListenerArns: [l1.ListenerArn] }), { code: 'ListenerNotFound' });
    await control.targetGroups.delete(caller, tg);
  } finally {
    await close();
  }
});

test('ELBv2 tags go by ARN, with at most 50 per resource', async () => {
  const { control, close } = await controlFixture();
  try {
    const { lb, tg } = await setUp(control);
    await control.elbTags.add(caller, { ResourceArns: [lb.LoadBalancerArn, tg.TargetGroupArn], Tags: [{ Key: 'env', Value: 'dev' }] });
    await control.elbTags.remove(caller, { ResourceArns: [tg.TargetGroupArn], TagKeys: ['env'] });
    assert.deepEqual(await control.elbTags.describe(caller, { ResourceArns: [lb.LoadBalancerArn, tg.TargetGroupArn] }), [
      { ResourceArn: lb.LoadBalancerArn, Tags: [{ Key: 'env', Value: 'dev' }] },
      { ResourceArn: tg.TargetGroupArn, Tags: [] },
    ]);
    const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await assert.rejects(control.elbTags.add(caller, { ResourceArns: [lb.LoadBalancerArn], Tags: many }), { code: 'TooManyTags' });
    await assert.rejects(control.elbTags.add(caller, { ResourceArns: [lb.LoadBalancerArn], Tags: [{ Key: 'a' }, { Key: 'a' }] }), { code: 'DuplicateTagKeys' });
  } finally {
    await close();
  }
});
