import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callerOf, controlFixture } from '../testing/control-fixture.js';

const A = callerOf('111111111111');
const B = callerOf('222222222222');

test('every account-region has a default VPC with a default subnet per zone', async () => {
  const { control, close } = await controlFixture();
  await control.accounts.prepareRegion(A);
  const { vpcs } = await control.vpcs.describe(A, {});
  assert.equal(vpcs.length, 1);
  assert.equal(vpcs[0]!.vpc.IsDefault, true);
  assert.equal(vpcs[0]!.vpc.CidrBlock, '172.31.0.0/16');
  assert.equal(vpcs[0]!.vpc.EnableDnsHostnames, true);
  await close();
});

test('CreateVpc canonicalises the CIDR and refuses netmasks outside /16-/28', async () => {
  const { control, close } = await controlFixture();
  const { vpc } = await control.vpcs.create(A, { CidrBlock: '100.68.0.18/18' });
  assert.equal(vpc.CidrBlock, '100.68.0.0/18');
  assert.equal(vpc.EnableDnsSupport, true);
  assert.equal(vpc.EnableDnsHostnames, false);
  await assert.rejects(control.vpcs.create(A, { CidrBlock: '10.0.0.0/8' }), { code: 'InvalidVpc.Range', message: "The CIDR '10.0.0.0/8' is invalid." });
  await assert.rejects(control.vpcs.create(A, { CidrBlock: '10.0.0.0/29' }), { code: 'InvalidVpc.Range' });
  await assert.rejects(control.vpcs.create(A, { CidrBlock: 'ten' }), { code: 'InvalidParameterValue' });
  await assert.rejects(control.vpcs.create(A, {}), { code: 'MissingParameter' });
  await close();
});

test('R166 the VPC quota counts the default VPC', async () => {
  const { control, close } = await controlFixture();
  await control.accounts.prepareRegion(A);
  for (let i = 0; i < 4; i++) await control.vpcs.create(A, { CidrBlock: `10.${i}.0.0/16` });
  await assert.rejects(control.vpcs.create(A, { CidrBlock: '10.9.0.0/16' }), {
    code: 'VpcLimitExceeded', message: 'The maximum number of VPCs has been reached.',
  });
  await close();
});

test('another account cannot see or delete a VPC: it gets the error of a missing id', async () => {
  const { control, close } = await controlFixture();
  const { vpc } = await control.vpcs.create(A, { CidrBlock: '10.0.0.0/16' });
  const expected = { code: 'InvalidVpcID.NotFound', message: `The vpc ID '${vpc.VpcId}' does not exist` };
  await assert.rejects(control.vpcs.describe(B, { VpcIds: [vpc.VpcId] }), expected);
  await assert.rejects(control.vpcs.delete(B, { VpcId: vpc.VpcId }), expected);
  assert.equal((await control.vpcs.describe(A, { VpcIds: [vpc.VpcId] })).vpcs.length, 1);
  await close();
});

test('a VPC is deleted with its main route table and default group, and then is gone', async () => {
  const { control, close } = await controlFixture();
  const { vpc } = await control.vpcs.create(A, { CidrBlock: '10.0.0.0/16' });
  await control.vpcs.delete(A, { VpcId: vpc.VpcId });
  await assert.rejects(control.vpcs.describe(A, { VpcIds: [vpc.VpcId] }), { code: 'InvalidVpcID.NotFound' });
  const left = await control.deps.store.read((tx) => tx.listResources(A, 'security-group', vpc.VpcId));
  assert.equal(left.length, 0);
  await close();
});

test('R168 DNS attributes: one per request, hostnames need DNS support', async () => {
  const { control, close } = await controlFixture();
  const { vpc } = await control.vpcs.create(A, { CidrBlock: '10.0.0.0/16' });
  await assert.rejects(control.vpcs.modifyAttribute(A, { VpcId: vpc.VpcId, EnableDnsSupport: { Value: true }, EnableDnsHostnames: { Value: true } }),
    { code: 'InvalidParameterCombination' });
  await control.vpcs.modifyAttribute(A, { VpcId: vpc.VpcId, EnableDnsHostnames: { Value: true } });
  assert.deepEqual(await control.vpcs.describeAttribute(A, { VpcId: vpc.VpcId, Attribute: 'enableDnsHostnames' }),
    { VpcId: vpc.VpcId, EnableDnsHostnames: { Value: true } });
  await control.vpcs.modifyAttribute(A, { VpcId: vpc.VpcId, EnableDnsHostnames: { Value: false } });
  await control.vpcs.modifyAttribute(A, { VpcId: vpc.VpcId, EnableDnsSupport: { Value: false } });
  await assert.rejects(control.vpcs.modifyAttribute(A, { VpcId: vpc.VpcId, EnableDnsHostnames: { Value: true } }), { code: 'InvalidParameterCombination' });
  await close();
});

test('filters: tag:, tag-key, is-default, and AND across filters', async () => {
  const { control, close } = await controlFixture();
  await control.accounts.prepareRegion(A);
  const { vpc } = await control.vpcs.create(A, { CidrBlock: '10.0.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'team', Value: 'blue' }] }] });
  const ids = async (Filters: { Name: string; Values: string[] }[]) => (await control.vpcs.describe(A, { Filters })).vpcs.map((v) => v.vpc.VpcId);
  assert.deepEqual(await ids([{ Name: 'tag:team', Values: ['blue'] }]), [vpc.VpcId]);
  assert.deepEqual(await ids([{ Name: 'tag:team', Values: ['bl*'] }]), [vpc.VpcId]);
  assert.deepEqual(await ids([{ Name: 'tag-key', Values: ['team'] }, { Name: 'is-default', Values: ['true'] }]), []);
  assert.equal((await ids([{ Name: 'is-default', Values: ['false', 'true'] }])).length, 2);
  await assert.rejects(ids([{ Name: 'colour', Values: ['x'] }]), { code: 'InvalidFilter', message: "The filter 'colour' is invalid" });
  await close();
});
