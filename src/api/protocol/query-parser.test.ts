/**
 * @module api/protocol/query-parser.test
 * The round trip (LocalStack's botocore-roundtrip idea, without a network): SDK v3 clients serialize real
 * requests through a capturing requestHandler, and parseQueryInput must give back the very input object
 * the client was given — nested filters, flattened EC2 lists, tag specifications, ELBv2 `member` lists,
 * attributes, numbers, booleans and characters that need escaping.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as Ec2 from '@aws-sdk/client-ec2';
import * as Elbv2 from '@aws-sdk/client-elastic-load-balancing-v2';
import { MODELS, type ServiceModel } from '../model/index.js';
import { parseQueryInput } from './query-parser.js';
import { AwsError } from '../../control/errors.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

class Captured extends Error {
  constructor(readonly body: string) { super('captured'); }
}

/** Throws the serialized body instead of sending it. */
const capture = { handle: async (req: { body?: unknown }) => { throw new Captured(String(req.body ?? '')); } };
const config = { region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1, requestHandler: capture };
const ec2 = new Ec2.EC2Client(config);
const elbv2 = new Elbv2.ElasticLoadBalancingV2Client(config);

async function wireOf(send: () => Promise<unknown>): Promise<URLSearchParams> {
  try {
    await send();
  } catch (err) {
    if (err instanceof Captured) return new URLSearchParams(err.body);
    throw err;
  }
  throw new Error('the request was not captured');
}

async function roundTrip(model: ServiceModel, client: { send(c: never): Promise<unknown> }, command: { input: object; constructor: { name: string } }) {
  const op = command.constructor.name.replace(/Command$/, '');
  const wire = await wireOf(() => client.send(command as never));
  assert.equal(wire.get('Action'), op);
  assert.equal(wire.get('Version'), model.metadata.apiVersion);
  const params = new Map([...wire].filter(([k]) => k !== 'Action' && k !== 'Version'));
  assert.deepEqual(parseQueryInput(model, op, params), command.input, `${op} from ${wire.toString()}`);
}

const ARN = 'arn:aws:elasticloadbalancing:us-east-1:111122223333';

const EC2_REQUESTS = [
  new Ec2.DescribeVpcsCommand({
    Filters: [{ Name: 'tag:Name', Values: ['a b', 'c&d=e', 'ünï'] }, { Name: 'cidr-block-association.cidr-block', Values: ['10.0.0.0/16'] }],
    VpcIds: ['vpc-0123456789abcdef0', 'vpc-1a2b3c4d'], MaxResults: 5, NextToken: 'token/+=', DryRun: false,
  }),
  new Ec2.CreateVpcCommand({
    CidrBlock: '10.1.0.0/16', InstanceTenancy: 'default', AmazonProvidedIpv6CidrBlock: false,
    TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'main' }, { Key: 'empty', Value: '' }] }],
  }),
  new Ec2.ModifyVpcAttributeCommand({ VpcId: 'vpc-0123456789abcdef0', EnableDnsHostnames: { Value: true } }),
  new Ec2.CreateTagsCommand({
    Resources: ['vpc-0123456789abcdef0', 'subnet-0123456789abcdef0', 'sg-0123456789abcdef0'],
    Tags: [{ Key: 'k=1&k2', Value: 'v <x> "y" \'z\'' }, { Key: 'percent%20', Value: '100%' }],
  }),
  new Ec2.DeleteTagsCommand({ Resources: ['vpc-0123456789abcdef0'], Tags: [{ Key: 'only-key' }] }),
  new Ec2.AuthorizeSecurityGroupIngressCommand({
    GroupId: 'sg-0123456789abcdef0',
    IpPermissions: [
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'https' }, { CidrIp: '192.168.0.0/16' }] },
      { IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }], PrefixListIds: [{ PrefixListId: 'pl-63a5400a', Description: 's3' }] },
      { IpProtocol: 'udp', FromPort: -1, ToPort: -1, UserIdGroupPairs: [{ GroupId: 'sg-0fedcba9876543210', UserId: '111122223333' }] },
    ],
    TagSpecifications: [{ ResourceType: 'security-group-rule', Tags: [{ Key: 'rule', Value: '1' }] }],
  }),
  new Ec2.DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: ['sg-0123456789abcdef0'] }], MaxResults: 10 }),
  new Ec2.CreateVpcEndpointCommand({
    VpcEndpointType: 'Interface', VpcId: 'vpc-0123456789abcdef0', ServiceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0',
    SubnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'], SecurityGroupIds: ['sg-0123456789abcdef0'],
    PolicyDocument: '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}',
    PrivateDnsEnabled: true, IpAddressType: 'ipv4', DnsOptions: { DnsRecordIpType: 'ipv4', PrivateDnsOnlyForInboundResolverEndpoint: false },
    ClientToken: 'client-token-1',
    SubnetConfigurations: [{ SubnetId: 'subnet-0123456789abcdef0', Ipv4: '10.0.1.10' }],
    TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: [{ Key: 'a', Value: 'b' }] }],
  }),
  new Ec2.ModifyVpcEndpointServicePermissionsCommand({
    ServiceId: 'vpce-svc-0123456789abcdef0', AddAllowedPrincipals: ['arn:aws:iam::111122223333:root', '*'], RemoveAllowedPrincipals: ['arn:aws:iam::444455556666:role/x'],
  }),
  new Ec2.DescribeVpcEndpointServicesCommand({ ServiceNames: ['com.amazonaws.us-east-1.s3'], Filters: [{ Name: 'service-type', Values: ['Gateway'] }] }),
  new Ec2.CreateRouteCommand({ RouteTableId: 'rtb-0123456789abcdef0', DestinationCidrBlock: '0.0.0.0/0', VpcEndpointId: 'vpce-0123456789abcdef0' }),
  new Ec2.DescribeAvailabilityZonesCommand({ ZoneNames: ['us-east-1a'], AllAvailabilityZones: true }),
  new Ec2.DescribeAccountAttributesCommand({ AttributeNames: ['default-vpc', 'supported-platforms'] }),
];

const ELBV2_REQUESTS = [
  new Elbv2.CreateLoadBalancerCommand({
    Name: 'my-nlb', Type: 'network', Scheme: 'internal', IpAddressType: 'ipv4',
    SubnetMappings: [{ SubnetId: 'subnet-0123456789abcdef0', PrivateIPv4Address: '10.0.1.5' }, { SubnetId: 'subnet-0fedcba9876543210' }],
    SecurityGroups: ['sg-0123456789abcdef0'], Tags: [{ Key: 'env', Value: 'test' }, { Key: 'no-value' }],
  }),
  new Elbv2.CreateLoadBalancerCommand({ Name: 'subnets', Subnets: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'] }),
  new Elbv2.CreateTargetGroupCommand({
    Name: 'tg', Protocol: 'TCP', Port: 80, VpcId: 'vpc-0123456789abcdef0', TargetType: 'ip', HealthCheckEnabled: true,
    HealthCheckProtocol: 'HTTP', HealthCheckPath: '/health?x=1&y=2', HealthCheckIntervalSeconds: 30, HealthCheckTimeoutSeconds: 10,
    HealthyThresholdCount: 5, UnhealthyThresholdCount: 2, Matcher: { HttpCode: '200-399' }, Tags: [{ Key: 'k', Value: 'v' }],
  }),
  new Elbv2.ModifyTargetGroupAttributesCommand({
    TargetGroupArn: `${ARN}:targetgroup/tg/0123456789abcdef`,
    Attributes: [{ Key: 'proxy_protocol_v2.enabled', Value: 'true' }, { Key: 'deregistration_delay.timeout_seconds', Value: '30' }],
  }),
  new Elbv2.ModifyLoadBalancerAttributesCommand({
    LoadBalancerArn: `${ARN}:loadbalancer/net/my-nlb/0123456789abcdef`, Attributes: [{ Key: 'load_balancing.cross_zone.enabled', Value: 'true' }],
  }),
  new Elbv2.RegisterTargetsCommand({
    TargetGroupArn: `${ARN}:targetgroup/tg/0123456789abcdef`,
    Targets: [{ Id: '10.0.1.10', Port: 8080, AvailabilityZone: 'us-east-1a' }, { Id: '10.0.2.10' }],
  }),
  new Elbv2.CreateListenerCommand({
    LoadBalancerArn: `${ARN}:loadbalancer/net/my-nlb/0123456789abcdef`, Protocol: 'TLS', Port: 443, SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    Certificates: [{ CertificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/abc' }], AlpnPolicy: ['HTTP2Preferred'],
    DefaultActions: [{
      Type: 'forward', TargetGroupArn: `${ARN}:targetgroup/tg/0123456789abcdef`,
      ForwardConfig: { TargetGroups: [{ TargetGroupArn: `${ARN}:targetgroup/tg/0123456789abcdef`, Weight: 1 }], TargetGroupStickinessConfig: { Enabled: false } },
    }],
  }),
  new Elbv2.DescribeLoadBalancersCommand({ Names: ['a', 'b'], PageSize: 10, Marker: 'm/+=' }),
  new Elbv2.DescribeLoadBalancersCommand({ Names: [] }),
  new Elbv2.AddTagsCommand({ ResourceArns: [`${ARN}:loadbalancer/net/my-nlb/0123456789abcdef`], Tags: [{ Key: 'a', Value: '' }] }),
  new Elbv2.RemoveTagsCommand({ ResourceArns: [`${ARN}:targetgroup/tg/0123456789abcdef`], TagKeys: ['a', 'b'] }),
];

for (const command of EC2_REQUESTS) {
  test(`EC2 ${command.constructor.name}: the SDK's serialization parses back to its input`, () => roundTrip(MODELS.ec2, ec2, command));
}
for (const command of ELBV2_REQUESTS) {
  test(`R173 ELBv2 ${command.constructor.name}: the SDK's serialization parses back to its input`, () => roundTrip(MODELS.elbv2, elbv2, command));
}

test('R174 EC2 keys follow queryName/locationName: TagSpecification.1.Tag.1.Key, Filter.1.Value.2, IpPermissions.1.Groups.1.GroupId', async () => {
  const wire = await wireOf(() => ec2.send(new Ec2.AuthorizeSecurityGroupIngressCommand({
    GroupId: 'sg-0123456789abcdef0', IpPermissions: [{ IpProtocol: 'tcp', UserIdGroupPairs: [{ GroupId: 'sg-0fedcba9876543210' }] }],
    TagSpecifications: [{ ResourceType: 'security-group-rule', Tags: [{ Key: 'k', Value: 'v' }] }],
  })));
  assert.equal(wire.get('IpPermissions.1.Groups.1.GroupId'), 'sg-0fedcba9876543210');
  assert.equal(wire.get('TagSpecification.1.Tag.1.Key'), 'k');
  const filters = await wireOf(() => ec2.send(new Ec2.DescribeVpcsCommand({ Filters: [{ Name: 'state', Values: ['available', 'pending'] }] })));
  assert.equal(filters.get('Filter.1.Value.2'), 'pending');
});

test('R22 an endpoint cannot be moved to another VPC or service: ModifyVpcEndpoint takes no VpcId or ServiceName', () => {
  for (const [name, value] of [['VpcId', 'vpc-0123456789abcdef0'], ['ServiceName', 'com.amazonaws.us-east-1.s3']]) {
    assert.throws(() => parseQueryInput(MODELS.ec2, 'ModifyVpcEndpoint', new Map([['VpcEndpointId', 'vpce-0123456789abcdef0'], [name!, value!]])),
      (e: AwsError) => e.code === 'UnknownParameter' && e.message === `The parameter ${name} is not recognized`);
  }
});

test('an unknown EC2 parameter is UnknownParameter; a missing one MissingParameter', () => {
  assert.throws(() => parseQueryInput(MODELS.ec2, 'DescribeVpcs', new Map([['VpcIds.1', 'vpc-0123456789abcdef0']])),
    (e: AwsError) => e.code === 'UnknownParameter' && e.message === 'The parameter VpcIds.1 is not recognized');
  assert.throws(() => parseQueryInput(MODELS.ec2, 'DeleteVpc', new Map()),
    (e: AwsError) => e.code === 'MissingParameter' && e.message === 'The request must contain the parameter VpcId');
  assert.throws(() => parseQueryInput(MODELS.elbv2, 'DeleteLoadBalancer', new Map()),
    (e: AwsError) => e.code === 'ValidationError' && /Value null at 'loadBalancerArn'/.test(e.message));
});
