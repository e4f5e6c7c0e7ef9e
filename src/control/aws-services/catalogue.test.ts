import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AWS_SERVICES, awsServiceName, awsServiceOfferings, offeringsOf } from './catalogue.js';
import { REGIONS } from '../regions/regions.js';
import { SqliteStore } from '../../store/sqlite/sqlite-store.js';
import { servicesVisibleTo } from '../service/lookup.js';
import { STORE_DECLARATIONS } from '../store-declarations.js';

const R = 'us-east-1';
const C = `com.amazonaws.${R}.`;
/** The offerings of a Region under one service name (S3: Interface and Gateway) */
const offeringsNamed = (region: string, name: string) => awsServiceOfferings(region).filter((o) => o.ServiceName === name);

/**
 * Seed 002, "AWS services that integrate with AWS PrivateLink": every row with its "VPC endpoint policies"
 * column, and the service names AWS publishes for it.
 */
const SEED_TABLE: ReadonlyArray<readonly [row: string, policies: 'Yes' | 'No', serviceNames: readonly string[]]> = [
  ['Amazon API Gateway', 'Yes', [`${C}execute-api`]],
  ['Amazon AppStream 2.0', 'No', [`${C}appstream.api`, `${C}appstream.streaming`]],
  ['AWS App Mesh', 'No', [`${C}appmesh-envoy-management`]],
  ['Application Auto Scaling', 'Yes', [`${C}application-autoscaling`]],
  ['Amazon Athena', 'Yes', [`${C}athena`]],
  ['AWS Audit Manager', 'Yes', [`${C}auditmanager`]],
  ['Amazon Aurora', 'Yes', [`${C}rds`]],
  ['AWS Auto Scaling', 'Yes', [`${C}autoscaling-plans`]],
  ['Amazon Braket', 'Yes', [`${C}braket`]],
  ['AWS Certificate Manager Private Certificate Authority', 'Yes', [`${C}acm-pca`]],
  ['Amazon Cloud Directory', 'Yes', [`${C}clouddirectory`]],
  ['AWS CloudFormation', 'No', [`${C}cloudformation`]],
  ['AWS CloudHSM', 'Yes', [`${C}cloudhsmv2`]],
  ['AWS CloudTrail', 'No', [`${C}cloudtrail`]],
  ['Amazon CloudWatch', 'Yes', [`${C}monitoring`]],
  ['Amazon CloudWatch Events', 'Yes', [`${C}events`]],
  ['Amazon CloudWatch Logs', 'Yes', [`${C}logs`]],
  ['AWS CodeArtifact', 'Yes', [`${C}codeartifact.api`, `${C}codeartifact.repositories`]],
  ['AWS CodeBuild', 'Yes', [`${C}codebuild`]],
  ['AWS CodeCommit', 'Yes', [`${C}codecommit`, `${C}git-codecommit`]],
  ['AWS CodeDeploy', 'Yes', [`${C}codedeploy`, `${C}codedeploy-commands-secure`]],
  ['Amazon CodeGuru Profiler', 'No', [`${C}codeguru-profiler`]],
  ['Amazon CodeGuru Reviewer', 'No', [`${C}codeguru-reviewer`]],
  ['AWS CodePipeline', 'No', [`${C}codepipeline`]],
  ['AWS CodeStar connections', 'Yes', [`${C}codestar-connections.api`]],
  ['Amazon Comprehend', 'Yes', [`${C}comprehend`]],
  ['Amazon Comprehend Medical', 'Yes', [`${C}comprehendmedical`]],
  ['AWS Config', 'Yes', [`${C}config`]],
  ['Amazon Connect Customer Profiles', 'Yes', [`${C}profile`]],
  ['AWS Database Migration Service', 'Yes', [`${C}dms`]],
  ['AWS Data Exchange', 'Yes', [`${C}dataexchange`]],
  ['AWS DataSync', 'No', [`${C}datasync`]],
  ['AWS Device Farm', 'No', [`${C}devicefarm`]],
  ['Amazon DevOps Guru', 'Yes', [`${C}devops-guru`]],
  ['Amazon EBS direct APIs', 'No', [`${C}ebs`]],
  ['Amazon EC2', 'Yes', [`${C}ec2`]],
  ['EC2 Image Builder', 'Yes', [`${C}imagebuilder`]],
  ['Amazon EC2 Auto Scaling', 'Yes', [`${C}autoscaling`]],
  ['AWS Elastic Beanstalk', 'Yes', [`${C}elasticbeanstalk`, `${C}elasticbeanstalk-health`]],
  ['Amazon Elastic File System', 'Yes', [`${C}elasticfilesystem`]],
  ['Elastic Load Balancing', 'Yes', [`${C}elasticloadbalancing`]],
  ['Amazon Elastic Container Registry', 'Yes', [`${C}ecr.api`, `${C}ecr.dkr`]],
  ['Amazon Elastic Container Service', 'Yes', [`${C}ecs`, `${C}ecs-agent`, `${C}ecs-telemetry`]],
  ['Amazon EMR', 'Yes', [`${C}elasticmapreduce`]],
  ['Amazon EventBridge', 'Yes', [`${C}events`]],
  ['AWS Fault Injection Simulator', 'Yes', [`${C}fis`]],
  ['Amazon FinSpace', 'Yes', [`${C}finspace`, `${C}finspace-api`]],
  ['Amazon Fraud Detector', 'Yes', [`${C}frauddetector`]],
  ['AWS Glue', 'Yes', [`${C}glue`]],
  ['AWS Identity and Access Management Access Analyzer', 'Yes', [`${C}access-analyzer`]],
  ['Amazon HealthLake', 'Yes', [`${C}healthlake`]],
  ['AWS IoT Core', 'No', [`${C}iot.data`]],
  ['AWS IoT Core for LoRaWAN', 'No', [`${C}iotwireless.api`, `${C}lorawan.cups`, `${C}lorawan.lns`]],
  ['AWS IoT Greengrass', 'Yes', [`${C}greengrass`]],
  ['AWS IoT SiteWise', 'No', [`${C}iotsitewise.api`, `${C}iotsitewise.data`]],
  ['Amazon Kendra', 'Yes', [`${C}kendra`]],
  ['AWS Key Management Service', 'Yes', [`${C}kms`]],
  ['Amazon Keyspaces (for Apache Cassandra)', 'Yes', [`${C}cassandra`]],
  ['Amazon Kinesis Data Firehose', 'Yes', [`${C}kinesis-firehose`]],
  ['Amazon Kinesis Data Streams', 'Yes', [`${C}kinesis-streams`]],
  ['AWS Lake Formation', 'No', [`${C}lakeformation`]],
  ['AWS Lambda', 'Yes', [`${C}lambda`]],
  ['AWS License Manager', 'Yes', [`${C}license-manager`]],
  ['Amazon Lookout for Equipment', 'Yes', [`${C}lookoutequipment`]],
  ['Amazon Lookout for Vision', 'Yes', [`${C}lookoutvision`]],
  // Managed Blockchain publishes one endpoint service per Hyperledger Fabric network
  // (com.amazonaws.<region>.managedblockchain.<network-id>), created with the network: not a catalogue entry.
  ['Amazon Managed Blockchain', 'No', []],
  ['Amazon Managed Workflows for Apache Airflow', 'Yes', [`${C}airflow.api`, `${C}airflow.env`, `${C}airflow.ops`]],
  ['Amazon Nimble Studio', 'Yes', [`${C}nimble`]],
  ['AWS Proton', 'Yes', [`${C}proton`]],
  ['Amazon QLDB', 'Yes', [`${C}qldb.session`]],
  ['Amazon RDS', 'Yes', [`${C}rds`]],
  ['Amazon RDS Data API', 'Yes', [`${C}rds-data`]],
  ['Amazon Redshift', 'Yes', [`${C}redshift`]],
  ['Amazon Rekognition', 'Yes', [`${C}rekognition`]],
  ['Amazon S3', 'Yes', [`${C}s3`]],
  ['Amazon S3 Multi-Region Access Points', 'Yes', ['com.amazonaws.s3-global.accesspoint']],
  ['Amazon SageMaker and Amazon SageMaker Runtime', 'Yes', [`${C}sagemaker.api`, `${C}sagemaker.runtime`]],
  ['Amazon SageMaker Notebook', 'Yes', [`aws.sagemaker.${R}.notebook`]],
  ['AWS Secrets Manager', 'Yes', [`${C}secretsmanager`]],
  ['AWS Security Token Service', 'Yes', [`${C}sts`]],
  ['AWS Server Migration Service', 'No', [`${C}sms`]],
  ['AWS Service Catalog', 'No', [`${C}servicecatalog`]],
  ['Amazon SES', 'No', [`${C}email-smtp`]],
  ['Amazon SNS', 'Yes', [`${C}sns`]],
  ['Amazon SQS', 'Yes', [`${C}sqs`]],
  ['AWS Step Functions', 'Yes', [`${C}states`, `${C}sync-states`]],
  ['AWS Systems Manager', 'Yes', [`${C}ssm`, `${C}ssmmessages`, `${C}ec2messages`]],
  ['AWS Storage Gateway', 'No', [`${C}storagegateway`]],
  ['Amazon Textract', 'Yes', [`${C}textract`]],
  ['Amazon Transcribe', 'Yes', [`${C}transcribe`, `${C}transcribestreaming`]],
  ['Amazon Transcribe Medical', 'Yes', [`${C}transcribe`, `${C}transcribestreaming`]],
  ['AWS Transfer for SFTP', 'No', [`${C}transfer`, `${C}transfer.server`]],
  ['Amazon WorkSpaces', 'Yes', [`${C}workspaces`]],
  ['AWS X-Ray', 'Yes', [`${C}xray`]],
  // Services of other accounts and of Marketplace partners are endpoint services, not AWS's catalogue
  // (control/service/lookup.ts: their VpcEndpointPolicySupported is false).
  ['Endpoint services hosted by other AWS accounts', 'No', []],
  ['Supported AWS Marketplace Partner services', 'No', []],
];

/** Catalogue entries the seeds name outside that table. */
const OUTSIDE_THE_TABLE: readonly string[] = [
  `${C}dynamodb`, // the Gateway endpoint (seed 002 § "Gateway endpoints")
  `${C}voiceid`, // seed 000
  `aws.sagemaker.${R}.studio`, // seed 002 § "View available AWS service names"
  `${C}aps-workspaces`, // ditto
];

test('every row of the seed table is in the catalogue with its endpoint policy support', () => {
  assert.equal(SEED_TABLE.length, 96);
  const unmapped = SEED_TABLE.filter(([, , names]) => names.length === 0).map(([row]) => row);
  assert.deepEqual(unmapped, [
    'Amazon Managed Blockchain', 'Endpoint services hosted by other AWS accounts', 'Supported AWS Marketplace Partner services',
  ]);
  for (const [row, policies, names] of SEED_TABLE) {
    for (const name of names) {
      const offerings = offeringsNamed(R, name);
      assert.ok(offerings.length >= 1, `${row}: ${name} is not in the catalogue`);
      for (const o of offerings) assert.equal(o.entry.policySupported, policies === 'Yes', `${row}: ${name} ${o.type}`);
    }
  }
});

test('every catalogue entry comes from the seeds', () => {
  const fromSeeds = new Set([...SEED_TABLE.flatMap(([, , names]) => names), ...OUTSIDE_THE_TABLE]);
  for (const entry of AWS_SERVICES) assert.ok(fromSeeds.has(awsServiceName(R, entry)), entry.name);
  for (const name of OUTSIDE_THE_TABLE) assert.ok(offeringsNamed(R, name).length >= 1, name);
});

test('names are unique and the catalogue is sorted by name', () => {
  const names = AWS_SERVICES.map((e) => e.name);
  assert.equal(new Set(names).size, names.length);
  assert.deepEqual(names, [...names].sort());
});

test('R179 the offerings of every Region are sorted by service name', () => {
  for (const { name: region } of REGIONS) {
    const serviceNames = awsServiceOfferings(region).map((o) => o.ServiceName);
    assert.deepEqual(serviceNames, [...serviceNames].sort(), region);
  }
  // The global S3 Multi-Region Access Points name sorts among the regional ones by Region.
  const east = awsServiceOfferings('us-east-1').map((o) => o.ServiceName);
  assert.ok(east.indexOf('com.amazonaws.s3-global.accesspoint') < east.indexOf('com.amazonaws.us-east-1.access-analyzer'));
  const sydney = awsServiceOfferings('ap-southeast-2').map((o) => o.ServiceName);
  assert.ok(sydney.indexOf('com.amazonaws.s3-global.accesspoint') > sydney.indexOf('com.amazonaws.ap-southeast-2.xray'));
});

test('R4 AWS service names are com.amazonaws.<region>.<service>, SageMaker notebooks and Studio aws.sagemaker.<region>.*', () => {
  assert.equal(offeringsNamed(R, `${C}s3`).length, 2);
  assert.equal(offeringsNamed(R, `${C}voiceid`)[0]?.ServiceName, 'com.amazonaws.us-east-1.voiceid');
  assert.equal(offeringsNamed(R, 'aws.sagemaker.us-east-1.notebook')[0]?.type, 'Interface');
  assert.equal(offeringsNamed(R, 'aws.sagemaker.us-east-1.studio')[0]?.type, 'Interface');
  // The names of the other forms exist under those forms only, and only in their own Region.
  assert.deepEqual(offeringsNamed(R, `${C}sagemaker.notebook`), []);
  assert.deepEqual(offeringsNamed(R, 'com.amazonaws.eu-west-1.ec2'), []);
  assert.deepEqual(offeringsNamed(R, 'com.amazonaws.us-east-1.no-such-service'), []);
  for (const o of awsServiceOfferings('eu-west-1')) {
    assert.match(o.ServiceName, /^(com\.amazonaws\.eu-west-1\.|aws\.sagemaker\.eu-west-1\.|com\.amazonaws\.s3-global\.)/);
  }
  // Seed 002's sample of `describe-vpc-endpoint-services --filter Name=service-type,Values=Interface`.
  const interfaceNames = new Set(awsServiceOfferings(R).filter((o) => o.type === 'Interface').map((o) => o.ServiceName));
  for (const name of [
    'aws.sagemaker.us-east-1.notebook', 'aws.sagemaker.us-east-1.studio', 'com.amazonaws.us-east-1.access-analyzer',
    'com.amazonaws.us-east-1.acm-pca', 'com.amazonaws.us-east-1.airflow.api', 'com.amazonaws.us-east-1.airflow.env',
    'com.amazonaws.us-east-1.airflow.ops', 'com.amazonaws.us-east-1.application-autoscaling',
    'com.amazonaws.us-east-1.appmesh-envoy-management', 'com.amazonaws.us-east-1.appstream.api',
    'com.amazonaws.us-east-1.appstream.streaming', 'com.amazonaws.us-east-1.aps-workspaces', 'com.amazonaws.us-east-1.athena',
  ]) assert.ok(interfaceNames.has(name), name);
});

test('R78 DNS labels come from the base DNS name, not the service name', () => {
  const [kinesis] = offeringsNamed(R, `${C}kinesis-streams`);
  assert.deepEqual(kinesis?.BaseEndpointDnsNames, ['kinesis.us-east-1.vpce.amazonaws.com']);
  assert.deepEqual(kinesis?.PrivateDnsNames, ['kinesis.us-east-1.amazonaws.com']);
  // seed 003: <vpce-id>.api.sagemaker.<region>.vpce.amazonaws.com and the default api.sagemaker.<region>.amazonaws.com
  const [api] = offeringsNamed(R, `${C}sagemaker.api`);
  assert.deepEqual(api?.BaseEndpointDnsNames, ['api.sagemaker.us-east-1.vpce.amazonaws.com']);
  assert.deepEqual(api?.PrivateDnsNames, ['api.sagemaker.us-east-1.amazonaws.com']);
  const [runtime] = offeringsNamed(R, `${C}sagemaker.runtime`);
  assert.deepEqual(runtime?.BaseEndpointDnsNames, ['runtime.sagemaker.us-east-1.vpce.amazonaws.com']);
  assert.deepEqual(runtime?.PrivateDnsNames, ['runtime.sagemaker.us-east-1.amazonaws.com']);
  const [dkr] = offeringsNamed(R, `${C}ecr.dkr`);
  assert.deepEqual(dkr?.BaseEndpointDnsNames, ['dkr.ecr.us-east-1.vpce.amazonaws.com']);
  assert.deepEqual(dkr?.PrivateDnsNames, ['*.dkr.ecr.us-east-1.amazonaws.com']);
  // seed 001: vpce-...-4r5zme9n.monitoring.us-east-2.vpce.amazonaws.com
  assert.deepEqual(offeringsNamed('us-east-2', 'com.amazonaws.us-east-2.monitoring')[0]?.BaseEndpointDnsNames,
    ['monitoring.us-east-2.vpce.amazonaws.com']);
  // SageMaker notebooks: a vpce-svc base name of their own and the sagemaker.aws domain.
  const [notebook] = offeringsNamed(R, 'aws.sagemaker.us-east-1.notebook');
  assert.deepEqual(notebook?.BaseEndpointDnsNames,
    [`${notebook?.ServiceId}.us-east-1.vpce.amazonaws.com`, 'notebook.us-east-1.vpce.sagemaker.aws']);
  assert.deepEqual(notebook?.PrivateDnsNames, ['*.notebook.us-east-1.sagemaker.aws']);
});

test('R105 endpoint policy support is the seed table\'s', () => {
  const supported = (name: string) => offeringsNamed(R, `${C}${name}`).map((o) => o.entry.policySupported);
  for (const name of ['cloudformation', 'cloudtrail', 'codepipeline', 'servicecatalog']) assert.deepEqual(supported(name), [false], name);
  for (const name of ['ec2', 'sqs', 'sns', 'sts']) assert.deepEqual(supported(name), [true], name);
  assert.deepEqual(supported('s3'), [true, true]);
});

test('R119 Gateway endpoints exist for S3 and DynamoDB only; S3 offers both types, DynamoDB Gateway', () => {
  const gateways = awsServiceOfferings(R).filter((o) => o.type === 'Gateway').map((o) => o.ServiceName);
  assert.deepEqual(gateways, ['com.amazonaws.us-east-1.dynamodb', 'com.amazonaws.us-east-1.s3']);
  assert.deepEqual(offeringsNamed(R, `${C}s3`).map((o) => o.type), ['Interface', 'Gateway']);
  assert.deepEqual(offeringsNamed(R, `${C}dynamodb`).map((o) => o.type), ['Gateway']);
});

test('R180 base DNS names differ by endpoint type; interface services list a private DNS name too', () => {
  const [s3Interface, s3Gateway] = offeringsNamed(R, `${C}s3`);
  assert.deepEqual(s3Interface?.BaseEndpointDnsNames, ['s3.us-east-1.vpce.amazonaws.com']);
  assert.deepEqual(s3Gateway?.BaseEndpointDnsNames, ['s3.us-east-1.amazonaws.com']);
  assert.deepEqual(s3Gateway?.PrivateDnsNames, []);
  assert.notEqual(s3Interface?.ServiceId, s3Gateway?.ServiceId);
  // rules R86: current AWS gives S3 interface endpoints private DNS, the regional and virtual-hosted names
  assert.deepEqual(s3Interface?.PrivateDnsNames, ['s3.us-east-1.amazonaws.com', '*.s3.us-east-1.amazonaws.com']);
  assert.deepEqual(offeringsNamed(R, `${C}dynamodb`)[0]?.BaseEndpointDnsNames, ['dynamodb.us-east-1.amazonaws.com']);
  const [ec2] = offeringsNamed(R, `${C}ec2`);
  assert.deepEqual(ec2?.BaseEndpointDnsNames, ['ec2.us-east-1.vpce.amazonaws.com']);
  assert.deepEqual(ec2?.PrivateDnsNames, ['ec2.us-east-1.amazonaws.com']);
  // seed 000: voiceid.us-east-1.amazonaws.com
  assert.deepEqual(offeringsNamed(R, `${C}voiceid`)[0]?.PrivateDnsNames, ['voiceid.us-east-1.amazonaws.com']);
});

test('every Region offers the whole catalogue, with stable ids unique in the Region', () => {
  const perRegion = AWS_SERVICES.flatMap((e) => offeringsOf(R, e)).length;
  for (const { name: region } of REGIONS) {
    const offerings = awsServiceOfferings(region);
    assert.equal(offerings.length, perRegion, region);
    assert.equal(new Set(offerings.map((o) => o.ServiceId)).size, offerings.length, region);
    for (const o of offerings) {
      assert.match(o.ServiceId, /^vpce-svc-[0-9a-f]{17}$/);
      for (const name of [...o.BaseEndpointDnsNames, ...o.PrivateDnsNames]) {
        assert.doesNotMatch(name, /[{}]/, `${o.ServiceName}: ${name}`);
        if (!name.endsWith('.s3-global.amazonaws.com')) assert.ok(name.includes(`.${region}.`), `${o.ServiceName}: ${name}`);
      }
    }
    assert.deepEqual(awsServiceOfferings(region).map((o) => o.ServiceId), offerings.map((o) => o.ServiceId));
  }
});

test('consumers in every Region see the AWS services in all the Region\'s Availability Zones, owner amazon', async () => {
  const store = await SqliteStore.open(STORE_DECLARATIONS);
  try {
    for (const region of REGIONS) {
      const caller = { accountId: '111111111111', region: region.name, principalArn: 'arn:aws:iam::111111111111:root' };
      const services = await store.read((tx) => servicesVisibleTo(tx, caller));
      const aws = services.filter((s) => s.aws);
      assert.equal(aws.length, awsServiceOfferings(region.name).length);
      for (const s of aws) {
        assert.equal(s.Owner, 'amazon');
        assert.deepEqual(s.AvailabilityZoneIds, [...region.zoneIds].sort(), `${region.name} ${s.ServiceName}`);
      }
    }
  } finally {
    await store.close();
  }
});
