/**
 * @module api/protocol/xml-serializer.test
 * The output round trip: an operation's output serialized from the model and fed to the real SDK v3
 * deserializer (a client whose requestHandler answers with that XML) must come back as the same object —
 * EC2 `<item>` lists and odd locationNames, awsQuery `<member>` lists and result wrappers, timestamps,
 * numbers, booleans, empty lists and characters that need escaping — and errors must reach the SDK with
 * their code and message.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import * as Ec2 from '@aws-sdk/client-ec2';
import * as Elbv2 from '@aws-sdk/client-elastic-load-balancing-v2';
import * as Sts from '@aws-sdk/client-sts';
import { MODELS, type ServiceModel } from '../model/index.js';
import { serializeError, serializeResponse, serializeResponseChunks } from './xml-serializer.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const REQUEST_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
// SDK v3 takes $metadata.requestId from the x-amzn-requestid header, which the fake answers leave out, so
// the request id elements of the bodies are checked on the XML itself.

/** A client whose every call is answered with the given body and status, without a network. */
function answering<C>(Client: new (config: object) => C, reply: () => { status: number; body: string }): C {
  return new Client({
    region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1,
    requestHandler: {
      handle: async () => {
        const { status, body } = reply();
        return { response: { statusCode: status, headers: { 'content-type': 'text/xml;charset=UTF-8' }, body: Readable.from([Buffer.from(body)]) } };
      },
    },
  });
}

function clientFor<C>(Client: new (config: object) => C, model: ServiceModel): C {
  return answering(Client, () => ({ status: 200, body: serializeResponse(model, current.op, current.output, REQUEST_ID) }));
}

/** One client per service, answering with whatever the current case serializes. */
let current: { op: string; output: object } = { op: '', output: {} };
const ec2 = clientFor(Ec2.EC2Client, MODELS.ec2);
const elbv2 = clientFor(Elbv2.ElasticLoadBalancingV2Client, MODELS.elbv2);
const sts = clientFor(Sts.STSClient, MODELS.sts);

type AnyClient = { send(c: unknown): Promise<object> };

/** Serializes `output` as the answer of Command and asserts the SDK reads the same object back. */
function check(client: unknown, Command: new (input: never) => unknown, output: object) {
  return async () => {
    current = { op: Command.name.replace(/Command$/, ''), output };
    const parsed = await (client as AnyClient).send(new Command({} as never));
    const { $metadata: _metadata, ...rest } = parsed as { $metadata: object };
    assert.deepEqual(rest, output, current.op);
  };
}

const created = new Date('2024-05-06T07:08:09.123Z');
const tags = [{ Key: 'Name', Value: 'a <b> & "c" \'d\'' }, { Key: 'empty', Value: '' }];

test('R156 R169 the request id sits where each protocol puts it', () => {
  const ec2Xml = serializeResponse(MODELS.ec2, 'DescribeRegions', { Regions: [] }, REQUEST_ID);
  assert.equal(ec2Xml, `<?xml version="1.0" encoding="UTF-8"?>\n<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>${REQUEST_ID}</requestId><regionInfo/></DescribeRegionsResponse>`);
  const queryXml = serializeResponse(MODELS.elbv2, 'DescribeLoadBalancers', { LoadBalancers: [] }, REQUEST_ID);
  assert.equal(queryXml, `<?xml version="1.0" encoding="UTF-8"?>\n<DescribeLoadBalancersResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><DescribeLoadBalancersResult><LoadBalancers/></DescribeLoadBalancersResult><ResponseMetadata><RequestId>${REQUEST_ID}</RequestId></ResponseMetadata></DescribeLoadBalancersResponse>`);
});

test('EC2 DescribeVpcs', check(ec2, Ec2.DescribeVpcsCommand, {
  Vpcs: [{
    VpcId: 'vpc-0123456789abcdef0', OwnerId: '011122223333', InstanceTenancy: 'default', State: 'available', CidrBlock: '10.0.0.0/16',
    DhcpOptionsId: 'dopt-0123456789abcdef0', IsDefault: false, Tags: tags,
    CidrBlockAssociationSet: [{ AssociationId: 'vpc-cidr-assoc-0123456789abcdef0', CidrBlock: '10.0.0.0/16', CidrBlockState: { State: 'associated' } }],
    Ipv6CidrBlockAssociationSet: [],
  }],
  NextToken: 'next/+=',
}));

test('EC2 DescribeSecurityGroups', check(ec2, Ec2.DescribeSecurityGroupsCommand, {
  SecurityGroups: [{
    GroupId: 'sg-0123456789abcdef0', GroupName: 'web', Description: 'web servers', OwnerId: '111122223333', VpcId: 'vpc-0123456789abcdef0',
    SecurityGroupArn: 'arn:aws:ec2:us-east-1:111122223333:security-group/sg-0123456789abcdef0',
    IpPermissions: [{
      IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'https' }], Ipv6Ranges: [],
      PrefixListIds: [{ PrefixListId: 'pl-63a5400a' }], UserIdGroupPairs: [{ GroupId: 'sg-0fedcba9876543210', UserId: '111122223333' }],
    }],
    IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }],
    Tags: tags,
  }],
}));

test('EC2 DescribeAvailabilityZones', check(ec2, Ec2.DescribeAvailabilityZonesCommand, {
  AvailabilityZones: [{
    ZoneName: 'us-east-1a', ZoneId: 'use1-az4', RegionName: 'us-east-1', State: 'available', OptInStatus: 'opt-in-not-required',
    GroupName: 'us-east-1-zg-1', GroupLongName: 'US East (N. Virginia) 1', NetworkBorderGroup: 'us-east-1', ZoneType: 'availability-zone', Messages: [],
  }],
}));

test('EC2 DescribeVpcEndpoints: timestamps, DNS entries, a policy with escaped characters', check(ec2, Ec2.DescribeVpcEndpointsCommand, {
  VpcEndpoints: [{
    VpcEndpointId: 'vpce-0123456789abcdef0', VpcEndpointType: 'Interface', VpcId: 'vpc-0123456789abcdef0', ServiceName: 'com.amazonaws.us-east-1.s3',
    State: 'pendingAcceptance', PolicyDocument: '{"Statement":[{"Effect":"Allow","Resource":"arn:aws:s3:::a&b<c>"}]}',
    RouteTableIds: [], SubnetIds: ['subnet-0123456789abcdef0'], Groups: [{ GroupId: 'sg-0123456789abcdef0', GroupName: 'default' }],
    PrivateDnsEnabled: true, RequesterManaged: false, NetworkInterfaceIds: ['eni-0123456789abcdef0'],
    DnsEntries: [{ DnsName: 'vpce-0123456789abcdef0-abcdefgh.s3.us-east-1.vpce.amazonaws.com', HostedZoneId: 'Z7HUB22UULQXV' }],
    CreationTimestamp: created, Tags: [], OwnerId: '111122223333',
  }],
}));

test('a list given page by page streams the same XML as the list given whole, empty ones included', async () => {
  const item = (n: number) => ({ VpcEndpointId: `vpce-${String(n).padStart(17, '0')}`, State: 'available', SubnetIds: [`subnet-${n}`], Tags: [] });
  const all = Array.from({ length: 700 }, (_, n) => item(n));
  async function* pages(items: object[], size: number) {
    for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
  }
  for (const items of [all, []]) {
    const whole = serializeResponse(MODELS.ec2, 'DescribeVpcEndpoints', { VpcEndpoints: items, NextToken: 't' }, REQUEST_ID);
    const body = serializeResponseChunks(MODELS.ec2, 'DescribeVpcEndpoints', { VpcEndpoints: pages(items, 256), NextToken: 't' }, REQUEST_ID);
    assert.ok(!Array.isArray(body), 'a paged list streams');
    const chunks: string[] = [];
    for await (const chunk of body) chunks.push(chunk);
    assert.equal(chunks.join(''), whole);
    if (items.length > 0) assert.ok(chunks.length > 3, `${chunks.length} chunks: the pages go out one after another`);
  }
});

test('EC2 DescribeVpcEndpointServices: the nested serviceType list', check(ec2, Ec2.DescribeVpcEndpointServicesCommand, {
  ServiceNames: ['com.amazonaws.us-east-1.s3'],
  ServiceDetails: [{
    ServiceName: 'com.amazonaws.us-east-1.s3', ServiceId: 'vpce-svc-0123456789abcdef0', ServiceType: [{ ServiceType: 'Gateway' }, { ServiceType: 'Interface' }],
    AvailabilityZones: ['us-east-1a', 'us-east-1b'], Owner: 'amazon', BaseEndpointDnsNames: ['s3.us-east-1.vpce.amazonaws.com'],
    VpcEndpointPolicySupported: true, AcceptanceRequired: false, ManagesVpcEndpoints: false, Tags: [],
  }],
}));

test('EC2 operations without an output shape answer <return>true</return>', async () => {
  const xml = serializeResponse(MODELS.ec2, 'DeleteVpc', undefined, REQUEST_ID);
  assert.equal(xml, `<?xml version="1.0" encoding="UTF-8"?>\n<DeleteVpcResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>${REQUEST_ID}</requestId><return>true</return></DeleteVpcResponse>`);
  current = { op: 'DeleteVpc', output: {} };
  const { $metadata, ...rest } = await ec2.send(new Ec2.DeleteVpcCommand({ VpcId: 'vpc-0123456789abcdef0' }));
  assert.deepEqual(rest, {});
  assert.equal($metadata.httpStatusCode, 200);
});

test('ELBv2 DescribeLoadBalancers', check(elbv2, Elbv2.DescribeLoadBalancersCommand, {
  LoadBalancers: [{
    LoadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/my-nlb/0123456789abcdef',
    DNSName: 'my-nlb-0123456789abcdef.elb.us-east-1.amazonaws.com', CanonicalHostedZoneId: 'Z26RNL4JYFTOTI', CreatedTime: created,
    LoadBalancerName: 'my-nlb', Scheme: 'internal', VpcId: 'vpc-0123456789abcdef0', State: { Code: 'provisioning' }, Type: 'network',
    AvailabilityZones: [
      { ZoneName: 'us-east-1a', SubnetId: 'subnet-0123456789abcdef0', LoadBalancerAddresses: [{ PrivateIPv4Address: '10.0.1.5' }] },
      { ZoneName: 'us-east-1b', SubnetId: 'subnet-0fedcba9876543210', LoadBalancerAddresses: [] },
    ],
    SecurityGroups: [], IpAddressType: 'ipv4',
  }],
  NextMarker: 'marker',
}));

test('ELBv2 DescribeTargetGroups', check(elbv2, Elbv2.DescribeTargetGroupsCommand, {
  TargetGroups: [{
    TargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/tg/0123456789abcdef', TargetGroupName: 'tg',
    Protocol: 'TCP', Port: 80, VpcId: 'vpc-0123456789abcdef0', HealthCheckProtocol: 'TCP', HealthCheckPort: 'traffic-port', HealthCheckEnabled: true,
    HealthCheckIntervalSeconds: 30, HealthCheckTimeoutSeconds: 10, HealthyThresholdCount: 5, UnhealthyThresholdCount: 2,
    LoadBalancerArns: ['arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/my-nlb/0123456789abcdef'], TargetType: 'ip', IpAddressType: 'ipv4',
  }],
}));

test('ELBv2 DescribeTargetHealth', check(elbv2, Elbv2.DescribeTargetHealthCommand, {
  TargetHealthDescriptions: [
    { Target: { Id: '10.0.1.10', Port: 80, AvailabilityZone: 'us-east-1a' }, HealthCheckPort: '80', TargetHealth: { State: 'unused', Reason: 'Target.NotInUse', Description: 'Target group is not configured to receive traffic from the load balancer' } },
    { Target: { Id: '10.0.2.10', Port: 80 }, HealthCheckPort: '80', TargetHealth: { State: 'healthy' } },
  ],
}));

test('ELBv2 DescribeTargetGroupAttributes and DescribeTags', async () => {
  await check(elbv2, Elbv2.DescribeTargetGroupAttributesCommand, {
    Attributes: [{ Key: 'proxy_protocol_v2.enabled', Value: 'true' }, { Key: 'deregistration_delay.timeout_seconds', Value: '300' }],
  })();
  await check(elbv2, Elbv2.DescribeTagsCommand, {
    TagDescriptions: [{ ResourceArn: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/tg/0123456789abcdef', Tags: tags }],
  })();
});

test('STS GetCallerIdentity keeps the account id\'s leading zero', check(sts, Sts.GetCallerIdentityCommand, {
  UserId: '011122223333', Account: '011122223333', Arn: 'arn:aws:iam::011122223333:root',
}));

test('R157 R170 errors reach the SDK with their code, message and status', async () => {
  const message = 'The vpc ID \'vpc-1\' does not exist <&>';
  const ec2Errors = answering(Ec2.EC2Client, () => ({ status: 400, body: serializeError(MODELS.ec2, 'InvalidVpcID.NotFound', message, 'Sender', REQUEST_ID) }));
  await assert.rejects(ec2Errors.send(new Ec2.DescribeVpcsCommand({})), (e: Error & { $metadata: { httpStatusCode?: number } }) => {
    assert.equal(e.name, 'InvalidVpcID.NotFound');
    assert.equal(e.message, message);
    assert.equal(e.$metadata.httpStatusCode, 400);
    return true;
  });
  const elbErrors = answering(Elbv2.ElasticLoadBalancingV2Client, () => ({ status: 400, body: serializeError(MODELS.elbv2, 'LoadBalancerNotFound', 'Load balancers \'[x]\' not found', 'Sender', REQUEST_ID) }));
  await assert.rejects(elbErrors.send(new Elbv2.DescribeLoadBalancersCommand({})), (e: Error & { $fault?: string }) => {
    // A modeled ELBv2 error: the SDK maps its code to the exception class.
    assert.ok(e instanceof Elbv2.LoadBalancerNotFoundException, e.name);
    assert.equal(e.message, 'Load balancers \'[x]\' not found');
    assert.equal(e.$fault, 'client');
    return true;
  });
});
