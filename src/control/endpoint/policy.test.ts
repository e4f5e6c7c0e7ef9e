import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONSUMER, createService, defaultVpc, rejectsWith, withEndpoints } from './fixture.js';
import { DEFAULT_GATEWAY_POLICY, DEFAULT_INTERFACE_POLICY, validatePolicy } from './policy.js';

const EC2 = 'com.amazonaws.us-east-1.ec2';
const S3 = 'com.amazonaws.us-east-1.s3';
const ALLOW_ALL = '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}';

test('R99 a policy is replaceable at any time', () => withEndpoints(async ({ control }) => {
  const { vpcId } = await defaultVpc(control, CONSUMER);
  const { endpoint: e } = await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: S3 });
  const policy = '{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:DeleteObject","Resource":"*"}]}';
  await control.endpoints.modify(CONSUMER, { VpcEndpointId: e.VpcEndpointId, PolicyDocument: policy });
  assert.equal((await control.endpoints.describe(CONSUMER, { VpcEndpointIds: [e.VpcEndpointId] })).endpoints[0]!.endpoint.PolicyDocument, policy);
}));

test('R100 every statement names a Principal', () => {
  assert.throws(() => validatePolicy('{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'), { code: 'InvalidPolicyDocument' });
  assert.equal(validatePolicy(ALLOW_ALL), ALLOW_ALL);
});

test('R101 R136 at most 20,480 characters, white space included', () => {
  const padded = (n: number) => ALLOW_ALL + ' '.repeat(n - ALLOW_ALL.length);
  assert.equal(validatePolicy(padded(20_480)).length, 20_480);
  assert.throws(() => validatePolicy(padded(20_481)), { code: 'InvalidPolicyDocument' });
});

test('R102 malformed JSON: InvalidPolicyDocument with the syntax error position', () => {
  assert.throws(() => validatePolicy('{"Statement": [}'), { code: 'InvalidPolicyDocument', message: 'The Policy Document is not valid. Syntax error at position (1,16)' });
  assert.throws(() => validatePolicy('{\n  "Statement": x\n}'), { code: 'InvalidPolicyDocument', message: 'The Policy Document is not valid. Syntax error at position (2,16)' });
});

test('R102 the error comes back from CreateVpcEndpoint and ModifyVpcEndpoint', () => withEndpoints(async ({ control }) => {
  const { vpcId } = await defaultVpc(control, CONSUMER);
  await rejectsWith(control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: S3, PolicyDocument: '{' }), 'InvalidPolicyDocument', /^The Policy Document is not valid\. Syntax error at position \(1,\d+\)$/);
  const { endpoint: e } = await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: S3 });
  await rejectsWith(control.endpoints.modify(CONSUMER, { VpcEndpointId: e.VpcEndpointId, PolicyDocument: 'not json' }), 'InvalidPolicyDocument');
}));

test('R103 the interface default policy, exactly as AWS writes it', () => withEndpoints(async ({ control }) => {
  assert.equal(DEFAULT_INTERFACE_POLICY, '{\n  "Statement": [\n    {\n      "Action": "*", \n      "Effect": "Allow", \n      "Principal": "*", \n      "Resource": "*"\n    }\n  ]\n}');
  const { vpcId } = await defaultVpc(control, CONSUMER);
  const { endpoint: e } = await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: EC2, VpcEndpointType: 'Interface' });
  assert.equal(e.PolicyDocument, DEFAULT_INTERFACE_POLICY);
}));

test('R104 the gateway default policy', () => withEndpoints(async ({ control }) => {
  const { vpcId } = await defaultVpc(control, CONSUMER);
  const { endpoint: e } = await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: S3 });
  assert.equal(e.PolicyDocument, DEFAULT_GATEWAY_POLICY);
}));

test('R105 R109 no policy for a service without VpcEndpointPolicySupported (customer services)', () => withEndpoints(async ({ control }) => {
  const { serviceName } = await createService(control, { acceptanceRequired: false });
  const { vpcId, subnets } = await defaultVpc(control, CONSUMER);
  const base = { VpcId: vpcId, ServiceName: serviceName, VpcEndpointType: 'Interface', SubnetIds: [subnets[0]!.SubnetId] };
  await rejectsWith(control.endpoints.create(CONSUMER, { ...base, PolicyDocument: ALLOW_ALL }), 'InvalidParameter');
  const { endpoint: e } = await control.endpoints.create(CONSUMER, base);
  assert.equal(e.PolicyDocument, undefined);
  await rejectsWith(control.endpoints.modify(CONSUMER, { VpcEndpointId: e.VpcEndpointId, ResetPolicy: true }), 'InvalidParameter');
}));

test('R106 ResetPolicy restores the default', () => withEndpoints(async ({ control }) => {
  const { vpcId } = await defaultVpc(control, CONSUMER);
  const { endpoint: gw } = await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: S3, PolicyDocument: ALLOW_ALL });
  assert.equal(gw.PolicyDocument, ALLOW_ALL);
  await control.endpoints.modify(CONSUMER, { VpcEndpointId: gw.VpcEndpointId, ResetPolicy: true });
  const { endpoint: ep } = await control.endpoints.create(CONSUMER, { VpcId: vpcId, ServiceName: EC2, VpcEndpointType: 'Interface', PolicyDocument: ALLOW_ALL });
  // Terraform resets interface endpoint policies the same way.
  await control.endpoints.modify(CONSUMER, { VpcEndpointId: ep.VpcEndpointId, ResetPolicy: true });
  const policies = (await control.endpoints.describe(CONSUMER, {})).endpoints.map((v) => v.endpoint.PolicyDocument);
  assert.deepEqual(policies, [DEFAULT_GATEWAY_POLICY, DEFAULT_INTERFACE_POLICY]);
  await rejectsWith(control.endpoints.modify(CONSUMER, { VpcEndpointId: ep.VpcEndpointId, ResetPolicy: true, PolicyDocument: ALLOW_ALL }), 'InvalidParameterCombination');
}));
