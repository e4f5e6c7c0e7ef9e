/**
 * @module test/e2e/accounts
 * Two accounts from an accounts file (issue 3, Identity): each sees only its own resources — another
 * account's VPC answers exactly as a missing one does (rules R13) — `aws sts get-caller-identity` names
 * the key's account, every account has its own default VPC, and AZ names map to zone ids per account.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateVpcCommand, DescribeAvailabilityZonesCommand, DescribeRegionsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { ACCOUNT_A, ACCOUNT_B, jsonOf, startPostern, type Postern, type TestAccount } from './harness.js';
import { errorOf } from './xml.js';

let postern: Postern;
before(async () => { postern = await startPostern(); });
after(async () => { await postern?.cleanup(); });

/** A well-formed VPC id that no account has. */
const MISSING_VPC = 'vpc-0123456789abcdef0';

async function ec2Error(account: TestAccount, params: Record<string, string>) {
  const res = await postern.raw({ service: 'ec2', account, params });
  return { status: res.status, ...errorOf(res.text) };
}

test('account B cannot see, tag or delete account A\'s VPC: the same error as for a missing id', async () => {
  const { Vpc } = await postern.ec2({ account: ACCOUNT_A }).send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }));
  const vpcId = Vpc!.VpcId!;
  assert.equal(Vpc!.OwnerId, ACCOUNT_A.accountId);

  const listedByB = await postern.ec2({ account: ACCOUNT_B }).send(new DescribeVpcsCommand({}));
  assert.ok(!listedByB.Vpcs!.some((v) => v.VpcId === vpcId), 'B lists A\'s VPC');
  assert.ok(listedByB.Vpcs!.every((v) => v.OwnerId === ACCOUNT_B.accountId));

  const calls: Record<string, (id: string) => Record<string, string>> = {
    DescribeVpcs: (id) => ({ Action: 'DescribeVpcs', 'VpcId.1': id }),
    DeleteVpc: (id) => ({ Action: 'DeleteVpc', VpcId: id }),
    DescribeVpcAttribute: (id) => ({ Action: 'DescribeVpcAttribute', VpcId: id, Attribute: 'enableDnsSupport' }),
    CreateTags: (id) => ({ Action: 'CreateTags', 'ResourceId.1': id, 'Tag.1.Key': 'owner', 'Tag.1.Value': 'b' }),
  };
  for (const [action, params] of Object.entries(calls)) {
    const foreign = await ec2Error(ACCOUNT_B, params(vpcId));
    const missing = await ec2Error(ACCOUNT_B, params(MISSING_VPC));
    assert.equal(foreign.status, 400, `${action}: ${foreign.code} ${foreign.message}`);
    assert.equal(foreign.code, 'InvalidVpcID.NotFound', `${action}: ${foreign.message}`);
    assert.deepEqual(
      { status: foreign.status, code: foreign.code, message: foreign.message.replace(vpcId, '<id>') },
      { status: missing.status, code: missing.code, message: missing.message.replace(MISSING_VPC, '<id>') },
      `${action}: another account's VPC must look missing`,
    );
    assert.equal(foreign.message, `The vpc ID '${vpcId}' does not exist`);
  }

  // Nothing B tried changed A's VPC.
  const stillThere = await postern.ec2({ account: ACCOUNT_A }).send(new DescribeVpcsCommand({ VpcIds: [vpcId] }));
  assert.equal(stillThere.Vpcs!.length, 1);
  assert.deepEqual(stillThere.Vpcs![0]!.Tags ?? [], []);
});

test('aws sts get-caller-identity returns the account of each key', async () => {
  for (const account of [ACCOUNT_A, ACCOUNT_B]) {
    const identity = jsonOf<{ Account: string; Arn: string; UserId: string }>(await postern.cli(['sts', 'get-caller-identity'], { account }));
    assert.equal(identity.Account, account.accountId);
    assert.equal(identity.Arn, `arn:aws:iam::${account.accountId}:root`);
  }
});

test('each account has its own default VPC in each region', async () => {
  const defaults: string[] = [];
  for (const account of [ACCOUNT_A, ACCOUNT_B]) {
    for (const region of ['us-east-1', 'eu-west-1']) {
      const { Vpcs } = await postern.ec2({ account, region }).send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }));
      assert.equal(Vpcs!.length, 1, `${account.name} ${region}`);
      const vpc = Vpcs![0]!;
      assert.equal(vpc.IsDefault, true);
      assert.equal(vpc.OwnerId, account.accountId);
      // AWS creates every default VPC with 172.31.0.0/16 (VPC User Guide, "Default VPCs").
      assert.equal(vpc.CidrBlock, '172.31.0.0/16');
      defaults.push(vpc.VpcId!);
    }
  }
  assert.equal(new Set(defaults).size, defaults.length, `default VPC ids are shared: ${defaults.join(' ')}`);
});

test('AZ names map to zone ids per account: the same zone ids, a different mapping', async () => {
  const { Regions } = await postern.ec2().send(new DescribeRegionsCommand({}));
  assert.ok(Regions!.length >= 17, `only ${Regions!.length} regions`);
  const differing: string[] = [];
  for (const region of Regions!.map((r) => r.RegionName!)) {
    const mapping = async (account: TestAccount) => {
      const { AvailabilityZones } = await postern.ec2({ account, region }).send(new DescribeAvailabilityZonesCommand({}));
      return new Map(AvailabilityZones!.map((z) => [z.ZoneName!, z.ZoneId!]));
    };
    const a = await mapping(ACCOUNT_A);
    const b = await mapping(ACCOUNT_B);
    assert.ok(a.size >= 2, `${region} has ${a.size} zones`);
    assert.deepEqual([...a.keys()].sort(), [...b.keys()].sort(), `${region}: zone names differ`);
    assert.deepEqual([...a.values()].sort(), [...b.values()].sort(), `${region}: zone ids differ`);
    for (const [name, id] of a) {
      assert.ok(name.startsWith(region) && /^[a-z]$/.test(name.slice(region.length)), name);
      assert.match(id, /^[a-z]+\d-az\d+$/);
    }
    if ([...a].some(([name, id]) => b.get(name) !== id)) differing.push(region);
  }
  assert.ok(differing.length > 0, 'every region maps names to zone ids identically for both accounts');
});
