import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callerOf, controlFixture } from '../testing/control-fixture.js';
import type { ControlPlane } from '../plane.js';
import type { Caller } from '../context.js';
import type { Subnet } from '../subnet/records.js';
import type { NetworkInterface } from '../network-interface/network-interfaces.js';

const caller = callerOf('111111111111');

async function defaultSubnets(control: ControlPlane, who: Caller = caller): Promise<Subnet[]> {
  await control.accounts.prepareRegion(who);
  const subnets = await control.deps.store.read((tx) => tx.listResources<Subnet>(who, 'subnet'));
  return subnets.map((r) => r.data).sort((a, b) => (a.AvailabilityZone < b.AvailabilityZone ? -1 : 1));
}

async function interfaces(control: ControlPlane): Promise<NetworkInterface[]> {
  return (await control.deps.store.read((tx) => tx.listResources<NetworkInterface>(caller, 'network-interface'))).map((r) => r.data);
}

test('a network load balancer gets AWS-formatted ARN, DNS name, zones and one node interface per subnet', async () => {
  const { control, close } = await controlFixture({ loadBalancerProvisioningMs: 60_000 });
  try {
    const [a, b] = await defaultSubnets(control);
    const lb = await control.loadBalancers.create(caller, { Name: 'my-nlb', Type: 'network', Subnets: [a!.SubnetId, b!.SubnetId] });
    const m = /^arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer\/net\/my-nlb\/([0-9a-f]{16})$/.exec(lb.LoadBalancerArn);
    assert.ok(m, lb.LoadBalancerArn);
    assert.equal(lb.DNSName, `my-nlb-${m[1]}.elb.us-east-1.amazonaws.com`);
    assert.equal(lb.CanonicalHostedZoneId, 'Z26RNL4JYFTOTI');
    assert.equal(lb.Scheme, 'internet-facing');
    assert.deepEqual(lb.State, { Code: 'provisioning' });
    assert.deepEqual(lb.AvailabilityZones.map((z) => z.SubnetId), [a!.SubnetId, b!.SubnetId]);
    const enis = await interfaces(control);
    assert.equal(enis.length, 2);
    for (const eni of enis) {
      assert.equal(eni.Description, `ELB net/my-nlb/${m[1]}`);
      assert.equal(eni.InterfaceType, 'network_load_balancer');
      assert.equal(eni.RequesterId, 'amazon-elb');
    }
    await control.loadBalancers.delete(caller, { LoadBalancerArn: lb.LoadBalancerArn });
    assert.equal((await interfaces(control)).length, 0);
    // Deleting again succeeds, as on AWS.
    await control.loadBalancers.delete(caller, { LoadBalancerArn: lb.LoadBalancerArn });
  } finally {
    await close();
  }
});

test('the state turns active once the provisioning time has passed', async () => {
  const { control, close } = await controlFixture({ loadBalancerProvisioningMs: 0 });
  try {
    const [a] = await defaultSubnets(control);
    const lb = await control.loadBalancers.create(caller, { Name: 'gw', Type: 'gateway', Subnets: [a!.SubnetId] });
    assert.match(lb.LoadBalancerArn, /:loadbalancer\/gwy\/gw\/[0-9a-f]{16}$/);
    assert.equal(lb.DNSName, undefined);
    const { LoadBalancers } = await control.loadBalancers.describe(caller, { Names: ['gw'] });
    assert.deepEqual(LoadBalancers[0]!.State, { Code: 'active' });
    assert.equal((await interfaces(control))[0]!.InterfaceType, 'gateway_load_balancer');
  } finally {
    await close();
  }
});

test('application load balancers, bad names and bad subnets are refused with AWS errors', async () => {
  const { control, close } = await controlFixture();
  try {
    const [a] = await defaultSubnets(control);
    await assert.rejects(control.loadBalancers.create(caller, { Name: 'alb', Subnets: [a!.SubnetId] }), { code: 'OperationNotPermitted' });
    await assert.rejects(control.loadBalancers.create(caller, { Name: 'internal-x', Type: 'network', Subnets: [a!.SubnetId] }),
      { code: 'ValidationError', message: "The load balancer name 'internal-x' cannot begin with 'internal-'" });
    await assert.rejects(control.loadBalancers.create(caller, { Name: 'x'.repeat(33), Type: 'network', Subnets: [a!.SubnetId] }),
      { code: 'ValidationError', message: `The load balancer name '${'x'.repeat(33)}' cannot be longer than '32' characters` });
    await assert.rejects(control.loadBalancers.create(caller, { Name: 'x', Type: 'network', Subnets: ['subnet-0123456789abcdef0'] }), { code: 'SubnetNotFound' });
    const other = await control.subnets.create(caller, { VpcId: a!.VpcId, CidrBlock: '172.31.128.0/24', AvailabilityZone: a!.AvailabilityZone });
    await assert.rejects(control.loadBalancers.create(caller, { Name: 'x', Type: 'network', Subnets: [a!.SubnetId, other.subnet.SubnetId] }),
      { code: 'InvalidConfigurationRequest', message: 'A load balancer cannot be attached to multiple subnets in the same Availability Zone' });
    // Another account's subnets do not exist for the caller.
    const [foreign] = await defaultSubnets(control, callerOf('222222222222'));
    await assert.rejects(control.loadBalancers.create(caller, { Name: 'x', Type: 'network', Subnets: [foreign!.SubnetId] }), { code: 'SubnetNotFound' });
  } finally {
    await close();
  }
});

test('the same request twice is idempotent; another one with the same name is DuplicateLoadBalancerName', async () => {
  const { control, close } = await controlFixture();
  try {
    const [a, b] = await defaultSubnets(control);
    const first = await control.loadBalancers.create(caller, { Name: 'dup', Type: 'network', Subnets: [a!.SubnetId] });
    const again = await control.loadBalancers.create(caller, { Name: 'dup', Type: 'network', Subnets: [a!.SubnetId] });
    assert.equal(again.LoadBalancerArn, first.LoadBalancerArn);
    await assert.rejects(control.loadBalancers.create(caller, { Name: 'dup', Type: 'network', Subnets: [b!.SubnetId] }),
      { code: 'DuplicateLoadBalancerName', message: "A load balancer with the same name 'dup' exists, but with different settings" });
    await assert.rejects(control.loadBalancers.describe(caller, { Names: ['dup', 'nope'] }),
      { code: 'LoadBalancerNotFound', message: "Load balancers '[nope]' not found" });
    // another id of the same form: the last hex digit changed (a fixed '0' was the same ARN one time in 16)
    const other = `${first.LoadBalancerArn.slice(0, -1)}${first.LoadBalancerArn.endsWith('0') ? '1' : '0'}`;
    await assert.rejects(control.loadBalancers.describe(caller, { LoadBalancerArns: [other] }),
      { code: 'LoadBalancerNotFound', message: 'One or more load balancers not found' });
  } finally {
    await close();
  }
});

test('R154 attributes have AWS defaults (cross-zone off); deletion protection blocks DeleteLoadBalancer', async () => {
  const { control, close } = await controlFixture();
  try {
    const [a] = await defaultSubnets(control);
    const lb = await control.loadBalancers.create(caller, { Name: 'attrs', Type: 'network', Scheme: 'internal', Subnets: [a!.SubnetId] });
    const attrs = Object.fromEntries((await control.loadBalancers.describeAttributes(caller, lb)).map((x) => [x.Key, x.Value]));
    assert.equal(attrs['load_balancing.cross_zone.enabled'], 'false');
    assert.equal(attrs['deletion_protection.enabled'], 'false');
    assert.equal(attrs['ipv6.deny_all_igw_traffic'], 'true');
    await assert.rejects(control.loadBalancers.modifyAttributes(caller, { LoadBalancerArn: lb.LoadBalancerArn, Attributes: [{ Key: 'idle_timeout.timeout_seconds', Value: '60' }] }),
      { code: 'ValidationError' });
    await control.loadBalancers.modifyAttributes(caller, { LoadBalancerArn: lb.LoadBalancerArn, Attributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }] });
    await assert.rejects(control.loadBalancers.delete(caller, lb), { code: 'OperationNotPermitted' });
  } finally {
    await close();
  }
});
