import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callerOf, controlFixture } from '../testing/control-fixture.js';
import type { ControlPlane } from '../plane.js';
import type { Subnet } from '../subnet/records.js';
import { VPC_ENDPOINT, type VpcEndpoint } from '../endpoint/records.js';
import { findServiceForConsumer } from './lookup.js';
import { principalTypeOf } from './permissions.js';

const provider = callerOf('111111111111');
const consumer = callerOf('222222222222');

async function withService(fn: (control: ControlPlane, serviceId: string, serviceName: string) => Promise<void>): Promise<void> {
  const { control, close } = await controlFixture();
  try {
    await control.accounts.prepareRegion(provider);
    await control.accounts.prepareRegion(consumer);
    const [subnet] = (await control.deps.store.read((tx) => tx.listResources<Subnet>(provider, 'subnet'))).map((r) => r.data);
    const lb = await control.loadBalancers.create(provider, { Name: 'nlb', Type: 'network', Subnets: [subnet!.SubnetId] });
    const { configuration } = await control.serviceConfigurations.create(provider, { NetworkLoadBalancerArns: [lb.LoadBalancerArn] });
    await fn(control, configuration.ServiceId, configuration.ServiceName);
  } finally {
    await close();
  }
}

const rejects = (p: Promise<unknown>, code: string, message?: string) =>
  assert.rejects(p, (e: Error & { code?: string }) => {
    assert.equal(e.code, code);
    if (message !== undefined) assert.equal(e.message, message);
    return true;
  });

test('R54 R56 principal types: root is Account, users and roles of any account, * is All, service principals are Service', () => {
  assert.equal(principalTypeOf('arn:aws:iam::123456789012:root'), 'Account');
  assert.equal(principalTypeOf('arn:aws:iam::210987654321:user/alice'), 'User');
  assert.equal(principalTypeOf('arn:aws:iam::210987654321:role/developer'), 'Role');
  assert.equal(principalTypeOf('*'), 'All');
  assert.equal(principalTypeOf('elasticloadbalancing.amazonaws.com'), 'Service');
});

test('R54 ARNs with paths and other strings are refused with InvalidPrincipal', () => {
  for (const bad of ['arn:aws:iam::123456789012:role/team/developer', 'arn:aws:iam::123456789012:user/a/b', '123456789012',
    'arn:aws:sts::123456789012:assumed-role/admin/session', 'arn:aws:iam::1234:root']) {
    assert.throws(() => principalTypeOf(bad), (e: Error & { code?: string }) => e.code === 'InvalidPrincipal' && e.message === `Invalid Principal: '${bad}'`);
  }
});

test('R7 R55 ModifyVpcEndpointServicePermissions returns the added principals with vpce-svc-perm- ids', () => withService(async (control, serviceId) => {
  const root = `arn:aws:iam::${consumer.accountId}:root`;
  const role = `arn:aws:iam::${consumer.accountId}:role/app`;
  const { AddedPrincipals } = await control.servicePermissions.modify(provider, { ServiceId: serviceId, AddAllowedPrincipals: [root, role] });
  assert.equal(AddedPrincipals.length, 2);
  for (const p of AddedPrincipals) {
    assert.match(p.ServicePermissionId, /^vpce-svc-perm-[0-9a-f]{17}$/);
    assert.equal(p.ServiceId, serviceId);
  }
  assert.deepEqual(AddedPrincipals.map((p) => [p.Principal, p.PrincipalType]), [[root, 'Account'], [role, 'Role']]);
  // Adding an allowed principal again keeps its permission.
  const again = await control.servicePermissions.modify(provider, { ServiceId: serviceId, AddAllowedPrincipals: [root] });
  assert.equal(again.AddedPrincipals[0]!.ServicePermissionId, AddedPrincipals[0]!.ServicePermissionId);
  const { AllowedPrincipals } = await control.servicePermissions.describe(provider, { ServiceId: serviceId });
  assert.deepEqual(AllowedPrincipals.map((p) => p.Principal), [root, role]);
  await control.servicePermissions.modify(provider, { ServiceId: serviceId, RemoveAllowedPrincipals: [role] });
  assert.deepEqual((await control.servicePermissions.describe(provider, { ServiceId: serviceId })).AllowedPrincipals.map((p) => p.Principal), [root]);
}));

test('R7 a permission is taggable by its id and shows its tags', () => withService(async (control, serviceId) => {
  const { AddedPrincipals } = await control.servicePermissions.modify(provider, { ServiceId: serviceId, AddAllowedPrincipals: ['*'] });
  const id = AddedPrincipals[0]!.ServicePermissionId;
  await control.tags.create(provider, { Resources: [id], Tags: [{ Key: 'owner', Value: 'me' }] });
  const { AllowedPrincipals } = await control.servicePermissions.describe(provider, { ServiceId: serviceId });
  assert.deepEqual(AllowedPrincipals[0]!.Tags, [{ Key: 'owner', Value: 'me' }]);
  assert.equal(AllowedPrincipals[0]!.PrincipalType, 'All');
}));

test('R182 the principal filter refuses values with a slash; principal and principal-type filters match', () => withService(async (control, serviceId) => {
  const role = `arn:aws:iam::${consumer.accountId}:role/developer`;
  const root = `arn:aws:iam::${consumer.accountId}:root`;
  await control.servicePermissions.modify(provider, { ServiceId: serviceId, AddAllowedPrincipals: [role, root] });
  await rejects(control.servicePermissions.describe(provider, { ServiceId: serviceId, Filters: [{ Name: 'principal', Values: [role] }] }),
    'InvalidFilter', `The filter value ${role} contains unsupported characters`);
  const byType = await control.servicePermissions.describe(provider, { ServiceId: serviceId, Filters: [{ Name: 'principal-type', Values: ['Role'] }] });
  assert.deepEqual(byType.AllowedPrincipals.map((p) => p.Principal), [role]);
  const byPrincipal = await control.servicePermissions.describe(provider, { ServiceId: serviceId, Filters: [{ Name: 'principal', Values: [root] }] });
  assert.deepEqual(byPrincipal.AllowedPrincipals.map((p) => p.Principal), [root]);
}));

test('R67 an unknown service id, or another account\'s, is InvalidVpcEndpointServiceId.NotFound', () => withService(async (control, serviceId) => {
  const message = `The VpcEndpointService Id '${serviceId}' does not exist`;
  await rejects(control.servicePermissions.describe(consumer, { ServiceId: serviceId }), 'InvalidVpcEndpointServiceId.NotFound', message);
  await rejects(control.servicePermissions.modify(consumer, { ServiceId: serviceId, AddAllowedPrincipals: ['*'] }), 'InvalidVpcEndpointServiceId.NotFound', message);
  await rejects(control.servicePermissions.describe(provider, { ServiceId: 'vpce-svc-0123456789abcdef0' }), 'InvalidVpcEndpointServiceId.NotFound');
}));

test('R53 R58 R59 a consumer sees the service only through a permission: its root, its own ARN, or *', () => withService(async (control, serviceId, serviceName) => {
  const find = (who = consumer) => control.deps.store.read((tx) => findServiceForConsumer(tx, who, serviceName));
  await rejects(find(), 'InvalidServiceName');
  const alice = { ...consumer, principalArn: `arn:aws:iam::${consumer.accountId}:user/alice` };
  const bob = { ...consumer, principalArn: `arn:aws:iam::${consumer.accountId}:user/bob` };
  await control.servicePermissions.modify(provider, { ServiceId: serviceId, AddAllowedPrincipals: [alice.principalArn] });
  assert.equal((await find(alice))[0]!.ServiceId, serviceId);
  await rejects(find(bob), 'InvalidServiceName');
  await control.servicePermissions.modify(provider, { ServiceId: serviceId, AddAllowedPrincipals: [`arn:aws:iam::${consumer.accountId}:root`] });
  assert.equal((await find(bob))[0]!.ServiceId, serviceId);
  await rejects(find(callerOf('333333333333')), 'InvalidServiceName');
  await control.servicePermissions.modify(provider, { ServiceId: serviceId, AddAllowedPrincipals: ['*'] });
  assert.equal((await find(callerOf('333333333333')))[0]!.ServiceId, serviceId);
}));

test('R57 removing a principal cuts no existing connection', () => withService(async (control, serviceId, serviceName) => {
  const root = `arn:aws:iam::${consumer.accountId}:root`;
  await control.servicePermissions.modify(provider, { ServiceId: serviceId, AddAllowedPrincipals: [root] });
  const id = control.deps.ids.resourceId('vpce');
  const now = new Date().toISOString();
  const endpoint: VpcEndpoint = {
    VpcEndpointId: id, VpcEndpointType: 'Interface', VpcId: 'vpc-0123456789abcdef0', ServiceName: serviceName, ServiceId: serviceId,
    ServiceOwner: provider.accountId, State: 'available', RouteTableIds: [], SubnetIds: [], Groups: [], PrivateDnsEnabled: false,
    RequesterManaged: false, NetworkInterfaceIds: [], CreationTimestamp: now, OwnerId: consumer.accountId, DnsLabelSuffix: 'abcdefgh', StateChangedAt: now,
  };
  await control.deps.store.write((tx) => tx.insertResource(consumer, { id, type: VPC_ENDPOINT, parentId: endpoint.VpcId, data: endpoint }));
  await control.servicePermissions.modify(provider, { ServiceId: serviceId, RemoveAllowedPrincipals: [root] });
  const after = await control.deps.store.read((tx) => tx.getResource<VpcEndpoint>(consumer, id));
  assert.equal(after!.data.State, 'available');
  // ... while new discovery is refused.
  await rejects(control.deps.store.read((tx) => findServiceForConsumer(tx, consumer, serviceName)), 'InvalidServiceName');
}));
