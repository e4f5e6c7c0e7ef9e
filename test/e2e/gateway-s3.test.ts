/**
 * @module test/e2e/gateway-s3
 * A gateway endpoint to S3 on two route tables, driven by the `aws` CLI against a real server:
 *
 *   DescribePrefixLists (the AWS-managed S3 list) -> CreateVpcEndpoint Gateway on rtb-1 and rtb-2 (available at once)
 *     -> both tables route the prefix list to the endpoint -> DeleteRoute / ReplaceRoute / CreateRoute on it refused
 *     -> a second S3 endpoint on rtb-1 refused (RouteAlreadyExists), on rtb-3 allowed
 *     -> ModifyVpcEndpoint removes rtb-2 (its route goes) -> DeleteVpcEndpoints (the rtb-1 route goes)
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonOf, startPostern, type Postern, type ProcessResult } from './harness.js';
import { FAST_ENDPOINT_FLAGS, ID } from './privatelink.js';

const REGION = 'us-east-1';
const S3 = `com.amazonaws.${REGION}.s3`;
/** The default gateway-endpoint policy, exactly as AWS returns it (rules R104). */
const GATEWAY_POLICY = '{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}';

type Json = any;
let postern: Postern;
before(async () => { postern = await startPostern({ args: FAST_ENDPOINT_FLAGS }); });
after(async () => { await postern?.cleanup(); });

const ec2 = async (...args: string[]): Promise<Json> => jsonOf(await postern.cli(['ec2', ...args]));

/** The code and message of a CLI call that must fail with a service error. */
async function cliError(...args: string[]): Promise<[string, string]> {
  const r: ProcessResult = await postern.cli(['ec2', ...args]);
  assert.notEqual(r.code, 0, `ec2 ${args.join(' ')} succeeded: ${r.stdout}`);
  const m = /An error occurred \(([^)]+)\) when calling the \w+ operation(?: \([^)]*\))?: (.*)/.exec(r.stderr);
  assert.ok(m, r.stderr);
  return [m[1]!, m[2]!.trim()];
}

const s = {} as { vpcId: string; rtbs: string[]; prefixListId: string; endpointId: string };

/** The endpoint routes of the three tables, in table order: [destination prefix list, gateway, origin, state] each. */
async function endpointRoutes(): Promise<string[][][]> {
  const { RouteTables } = await ec2('describe-route-tables', '--route-table-ids', ...s.rtbs);
  return s.rtbs.map((id) => (RouteTables.find((t: Json) => t.RouteTableId === id).Routes as Json[])
    .filter((r) => r.DestinationPrefixListId).map((r) => [r.DestinationPrefixListId, r.GatewayId, r.Origin, r.State]));
}

const routeTo = (endpointId: string) => [s.prefixListId, endpointId, 'CreateRoute', 'active'];

test('R6 R119 R120 S3 is a Gateway service with an AWS-managed prefix list', async () => {
  const { PrefixLists } = await ec2('describe-prefix-lists', '--filters', `Name=prefix-list-name,Values=${S3}`);
  assert.equal(PrefixLists.length, 1);
  s.prefixListId = PrefixLists[0].PrefixListId;
  assert.match(s.prefixListId, /^pl-[0-9a-f]{8}$/);
  assert.ok(PrefixLists[0].Cidrs.length > 0);
  const { ServiceDetails } = await ec2('describe-vpc-endpoint-services', '--service-names', S3);
  assert.ok(ServiceDetails.some((d: Json) => d.ServiceType.some((t: Json) => t.ServiceType === 'Gateway')), JSON.stringify(ServiceDetails));
  assert.ok(ServiceDetails.every((d: Json) => d.Owner === 'amazon'));
});

test('R19 R30 R104 R183 a gateway endpoint on two route tables is available at once', async () => {
  s.vpcId = (await ec2('create-vpc', '--cidr-block', '10.80.0.0/16')).Vpc.VpcId;
  s.rtbs = [];
  for (let i = 0; i < 3; i++) s.rtbs.push((await ec2('create-route-table', '--vpc-id', s.vpcId)).RouteTable.RouteTableId);
  const { VpcEndpoint: e } = await ec2('create-vpc-endpoint', '--vpc-endpoint-type', 'Gateway', '--vpc-id', s.vpcId, '--service-name', S3,
    '--route-table-ids', s.rtbs[0]!, s.rtbs[1]!);
  s.endpointId = e.VpcEndpointId;
  assert.match(s.endpointId, ID('vpce'));
  assert.equal(e.State, 'available');
  assert.equal(e.VpcEndpointType, 'Gateway');
  assert.equal(e.ServiceName, S3);
  assert.deepEqual([...e.RouteTableIds].sort(), [s.rtbs[0], s.rtbs[1]].sort());
  assert.equal(e.PolicyDocument, GATEWAY_POLICY);
  assert.deepEqual([e.SubnetIds, e.NetworkInterfaceIds, e.Groups, e.DnsEntries], [[], [], [], []]);
  assert.equal(e.IpAddressType, undefined);
  assert.equal(e.DnsOptions, undefined);
});

test('R121 each route table routes the S3 prefix list to the endpoint', async () => {
  assert.deepEqual(await endpointRoutes(), [[routeTo(s.endpointId)], [routeTo(s.endpointId)], []]);
  const { RouteTables } = await ec2('describe-route-tables', '--filters', `Name=route.destination-prefix-list-id,Values=${s.prefixListId}`);
  assert.deepEqual(RouteTables.map((t: Json) => t.RouteTableId).sort(), [s.rtbs[0], s.rtbs[1]].sort());
});

test('R123 the endpoint routes cannot be deleted, replaced or created with the route APIs', async () => {
  const rtb = s.rtbs[0]!;
  // AWS's code and message for this refusal were not found in public material; Postern answers InvalidParameterValue.
  const [deleteCode] = await cliError('delete-route', '--route-table-id', rtb, '--destination-prefix-list-id', s.prefixListId);
  assert.equal(deleteCode, 'InvalidParameterValue');
  const [replaceCode] = await cliError('replace-route', '--route-table-id', rtb, '--destination-prefix-list-id', s.prefixListId, '--gateway-id', s.endpointId);
  assert.equal(replaceCode, 'InvalidParameterValue');
  assert.deepEqual(await cliError('create-route', '--route-table-id', s.rtbs[2]!, '--destination-prefix-list-id', s.prefixListId, '--gateway-id', s.endpointId),
    ['RouteNotSupported', `Route table contains unsupported route target: ${s.endpointId}. VPC Endpoints of this type cannot be used as route targets.`]);
  assert.deepEqual((await endpointRoutes())[0], [routeTo(s.endpointId)], 'the route is still there');
});

test('R122 R126 a second S3 gateway endpoint cannot share a route table, but may use another', async () => {
  assert.deepEqual(await cliError('create-vpc-endpoint', '--vpc-endpoint-type', 'Gateway', '--vpc-id', s.vpcId, '--service-name', S3, '--route-table-ids', s.rtbs[0]!),
    ['RouteAlreadyExists', `route table ${s.rtbs[0]} already has a route with destination-prefix-list-id ${s.prefixListId}`]);
  const { VpcEndpoint: second } = await ec2('create-vpc-endpoint', '--vpc-endpoint-type', 'Gateway', '--vpc-id', s.vpcId, '--service-name', S3, '--route-table-ids', s.rtbs[2]!);
  assert.equal(second.State, 'available');
  assert.deepEqual((await endpointRoutes())[2], [routeTo(second.VpcEndpointId)]);
  assert.deepEqual((await ec2('delete-vpc-endpoints', '--vpc-endpoint-ids', second.VpcEndpointId)).Unsuccessful, []);
  assert.deepEqual((await endpointRoutes())[2], []);
});

test('R124 removing a route table from the endpoint removes its route', async () => {
  assert.deepEqual(await ec2('modify-vpc-endpoint', '--vpc-endpoint-id', s.endpointId, '--remove-route-table-ids', s.rtbs[1]!), { Return: true });
  assert.deepEqual(await endpointRoutes(), [[routeTo(s.endpointId)], [], []]);
});

test('R36 R124 R177 deleting the endpoint removes its routes', async () => {
  assert.deepEqual((await ec2('delete-vpc-endpoints', '--vpc-endpoint-ids', s.endpointId)).Unsuccessful, []);
  assert.deepEqual(await endpointRoutes(), [[], [], []]);
  // A just-deleted gateway endpoint is already gone, or listed as deleting / deleted for a moment.
  const r = await postern.cli(['ec2', 'describe-vpc-endpoints', '--vpc-endpoint-ids', s.endpointId]);
  if (r.code === 0) assert.ok(['deleting', 'deleted'].includes(jsonOf<Json>(r).VpcEndpoints[0].State));
  else assert.match(r.stderr, new RegExp(`\\(InvalidVpcEndpointId\\.NotFound\\).*: The Vpc Endpoint Id '${s.endpointId}' does not exist`));
});
