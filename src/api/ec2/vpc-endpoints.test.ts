/**
 * @module api/ec2/vpc-endpoints.test
 * The endpoint operations on the wire: requests parsed from the model, handlers run on a real control
 * plane, answers serialized from the model, as the dispatcher does (SigV4 and DryRun aside).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MODELS } from '../model/index.js';
import { parseQueryInput } from '../protocol/query-parser.js';
import { serializeResponse } from '../protocol/xml-serializer.js';
import { EC2_HANDLERS } from './index.js';
import { CONSUMER, createService, defaultVpc, PROVIDER, withEndpoints } from '../../control/endpoint/fixture.js';
import type { Caller } from '../../control/context.js';
import type { ControlPlane } from '../../control/plane.js';

async function call(control: ControlPlane, caller: Caller, action: string, params: Record<string, string>): Promise<string> {
  const input = parseQueryInput(MODELS.ec2, action, new Map(Object.entries(params)));
  const output = await EC2_HANDLERS[action]!({ caller, control, requestId: 'req-1' }, input);
  return serializeResponse(MODELS.ec2, action, output ?? undefined, 'req-1');
}

test('R12 a malformed endpoint id is InvalidVpcEndpointId.Malformed', () => {
  assert.throws(() => parseQueryInput(MODELS.ec2, 'DescribeVpcEndpoints', new Map([['VpcEndpointId.1', 'vpce-XYZ']])), {
    code: 'InvalidVpcEndpointId.Malformed',
    message: "Invalid Id: 'vpce-XYZ' (expecting 'vpce-...; the Id may only contain lowercase alphanumeric characters and a single dash')",
  });
});

test('R28 R162 R163 R183 CreateVpcEndpoint on the wire: lowerCamel state, ms timestamp, empty sets, ipv4', () => withEndpoints(async ({ control }) => {
  const { vpcId } = await defaultVpc(control, CONSUMER);
  const xml = await call(control, CONSUMER, 'CreateVpcEndpoint', {
    VpcId: vpcId, ServiceName: 'com.amazonaws.us-east-1.ec2', VpcEndpointType: 'Interface', ClientToken: 'abc',
  });
  assert.match(xml, /<state>pending<\/state>/);
  assert.match(xml, /<creationTimestamp>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z<\/creationTimestamp>/);
  assert.match(xml, /<ipAddressType>ipv4<\/ipAddressType>/);
  assert.match(xml, /<dnsOptions><dnsRecordIpType>ipv4<\/dnsRecordIpType><\/dnsOptions>/);
  assert.match(xml, /<requesterManaged>false<\/requesterManaged>/);
  assert.match(xml, /<tagSet\/>/);
  assert.match(xml, /<routeTableIdSet\/>/);
  assert.match(xml, /<groupSet><item><groupId>sg-[0-9a-f]{17}<\/groupId><groupName>default<\/groupName><\/item><\/groupSet>/);
  assert.match(xml, /<ownerId>222222222222<\/ownerId>/);
  assert.match(xml, /<serviceRegion>us-east-1<\/serviceRegion>/);
  assert.match(xml, /<clientToken>abc<\/clientToken>/);
  assert.match(xml, /<policyDocument>\{\n {2}"Statement"/);
}));

test('R161 R24 ModifyVpcEndpoint answers return true', () => withEndpoints(async ({ control }) => {
  const { vpcId } = await defaultVpc(control, CONSUMER);
  const { endpoint } = await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: 'com.amazonaws.us-east-1.s3' });
  const xml = await call(control, CONSUMER, 'ModifyVpcEndpoint', { VpcEndpointId: endpoint.VpcEndpointId, ResetPolicy: 'true' });
  assert.match(xml, /<return>true<\/return>/);
}));

test('R66 R67 DeleteVpcEndpoints: an empty unsuccessful set, or items with the not-found code', () => withEndpoints(async ({ control }) => {
  const { vpcId } = await defaultVpc(control, CONSUMER);
  const { endpoint } = await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: 'com.amazonaws.us-east-1.s3' });
  assert.match(await call(control, CONSUMER, 'DeleteVpcEndpoints', { 'VpcEndpointId.1': endpoint.VpcEndpointId }), /<unsuccessful\/>/);
  const xml = await call(control, CONSUMER, 'DeleteVpcEndpoints', { 'VpcEndpointId.1': endpoint.VpcEndpointId });
  assert.match(xml, new RegExp(`<unsuccessful><item><error><code>InvalidVpcEndpoint.NotFound</code></error><resourceId>${endpoint.VpcEndpointId}</resourceId></item></unsuccessful>`));
}));

test('R39 R66 connections on the wire: vpcEndpointConnectionSet and an accept with nothing unsuccessful', () => withEndpoints(async ({ control }) => {
  const { serviceId, serviceName } = await createService(control, { acceptanceRequired: true, zones: 6 });
  const { vpcId } = await defaultVpc(control, CONSUMER);
  const { endpoint } = await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: serviceName, VpcEndpointType: 'Interface' });
  const listed = await call(control, PROVIDER, 'DescribeVpcEndpointConnections', { 'Filter.1.Name': 'service-id', 'Filter.1.Value.1': serviceId });
  assert.match(listed, /<vpcEndpointConnectionSet><item>/);
  assert.match(listed, /<vpcEndpointState>pendingAcceptance<\/vpcEndpointState>/);
  assert.match(listed, /<vpcEndpointOwner>222222222222<\/vpcEndpointOwner>/);
  const accepted = await call(control, PROVIDER, 'AcceptVpcEndpointConnections', { ServiceId: serviceId, 'VpcEndpointId.1': endpoint.VpcEndpointId });
  assert.match(accepted, /<AcceptVpcEndpointConnectionsResponse xmlns="http:\/\/ec2.amazonaws.com\/doc\/2016-11-15\/">\s*<requestId>req-1<\/requestId>\s*<unsuccessful\/>/);
}));
