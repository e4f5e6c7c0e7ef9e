/**
 * @module control/aws-services/catalogue
 * The AWS services that integrate with PrivateLink (seed 002, "AWS services that integrate with AWS
 * PrivateLink"), as DescribeVpcEndpointServices shows them in every Region: owner `amazon`, service
 * names `com.amazonaws.<region>.<name>` or one of the other forms (rules R4), base and private DNS names
 * (rules R78, R180), whether endpoint policies are supported (rules R105), and Gateway endpoints for S3
 * and DynamoDB only (rules R119).
 *
 * Each row of the seed table maps to the endpoint service names AWS publishes for it (the service's
 * documentation and DescribeVpcEndpointServices output); `VpcEndpointPolicySupported` is the table's
 * Yes/No. Private DNS names are the service's default regional hostnames, the names a private hosted
 * zone answers for when private DNS is on (seed 002 § "Private DNS for interface endpoints").
 */
import { createHash } from 'node:crypto';

export interface AwsServiceEntry {
  /**
   * The part after `com.amazonaws.<region>.`, e.g. `s3`, `ecr.dkr`, `execute-api`; for a service named
   * otherwise (see `serviceName`) a unique name of the same shape, e.g. `sagemaker.notebook`.
   */
  name: string;
  /**
   * The full service name when it is not `com.amazonaws.{region}.<name>`, `{region}` substituted:
   * `aws.sagemaker.{region}.notebook`, `com.amazonaws.s3-global.accesspoint` (rules R4).
   */
  serviceName?: string;
  /** the label of its DNS names, when it differs from the name (kinesis-streams -> kinesis, rules R78) */
  dnsLabel?: string;
  /**
   * Base DNS names of the interface offering when they are not `<label>.{region}.vpce.amazonaws.com`;
   * `{region}` and `{serviceId}` substituted.
   */
  baseEndpointDnsNames?: readonly string[];
  interface: boolean;
  gateway: boolean;
  policySupported: boolean;
  /** private DNS names of the interface endpoint, `{region}` substituted; empty: none */
  privateDnsNames: readonly string[];
}

type InterfaceOptions = Partial<Pick<AwsServiceEntry, 'serviceName' | 'dnsLabel' | 'baseEndpointDnsNames' | 'privateDnsNames'>>;

/**
 * An interface-only service. Most are reached at `<label>.<region>.amazonaws.com` and list
 * `<label>.<region>.vpce.amazonaws.com` as their base name (seed 002 § "View available AWS service names").
 */
function iface(name: string, policySupported: boolean, options: InterfaceOptions = {}): AwsServiceEntry {
  const label = options.dnsLabel ?? name;
  return {
    name, interface: true, gateway: false, policySupported,
    privateDnsNames: [`${label}.{region}.amazonaws.com`],
    ...options,
  };
}

/** Sorted by name, as DescribeVpcEndpointServices lists them (rules R179). */
export const AWS_SERVICES: readonly AwsServiceEntry[] = [
  iface('access-analyzer', true),
  iface('acm-pca', true),
  // Amazon Managed Workflows for Apache Airflow
  iface('airflow.api', true, { dnsLabel: 'api.airflow' }),
  iface('airflow.env', true, { dnsLabel: 'env.airflow' }),
  iface('airflow.ops', true, { dnsLabel: 'ops.airflow' }),
  iface('application-autoscaling', true),
  iface('appmesh-envoy-management', false),
  // AppStream 2.0 answers at appstream2.<region>; its streaming endpoint has no private DNS name.
  iface('appstream.api', false, { dnsLabel: 'api.appstream', privateDnsNames: ['appstream2.{region}.amazonaws.com'] }),
  iface('appstream.streaming', false, { dnsLabel: 'streaming.appstream', privateDnsNames: [] }),
  // Amazon Managed Service for Prometheus: listed in seed 002's sample DescribeVpcEndpointServices output.
  iface('aps-workspaces', true),
  iface('athena', true),
  iface('auditmanager', true),
  // Amazon EC2 Auto Scaling
  iface('autoscaling', true),
  // AWS Auto Scaling
  iface('autoscaling-plans', true),
  iface('braket', true),
  // Amazon Keyspaces (for Apache Cassandra)
  iface('cassandra', true),
  iface('clouddirectory', true),
  iface('cloudformation', false),
  iface('cloudhsmv2', true),
  iface('cloudtrail', false),
  iface('codeartifact.api', true, { dnsLabel: 'api.codeartifact', privateDnsNames: ['codeartifact.{region}.amazonaws.com'] }),
  // Repository endpoints are per domain: <domain>-<owner>.d.codeartifact.<region>.amazonaws.com.
  iface('codeartifact.repositories', true, { dnsLabel: 'd.codeartifact', privateDnsNames: ['*.d.codeartifact.{region}.amazonaws.com'] }),
  iface('codebuild', true),
  iface('codecommit', true),
  iface('codedeploy', true),
  iface('codedeploy-commands-secure', true),
  iface('codeguru-profiler', false),
  iface('codeguru-reviewer', false),
  iface('codepipeline', false),
  iface('codestar-connections.api', true, { dnsLabel: 'api.codestar-connections', privateDnsNames: ['codestar-connections.{region}.amazonaws.com'] }),
  iface('comprehend', true),
  iface('comprehendmedical', true),
  iface('config', true),
  iface('dataexchange', true),
  iface('datasync', false),
  iface('devicefarm', false),
  iface('devops-guru', true),
  iface('dms', true),
  // Gateway only in the seeds: the table of interface services does not list DynamoDB (rules R119).
  { name: 'dynamodb', interface: false, gateway: true, policySupported: true, privateDnsNames: [] },
  // Amazon EBS direct APIs
  iface('ebs', false),
  iface('ec2', true),
  // AWS Systems Manager
  iface('ec2messages', true),
  iface('ecr.api', true, { dnsLabel: 'api.ecr' }),
  // Registries are per account: <account>.dkr.ecr.<region>.amazonaws.com.
  iface('ecr.dkr', true, { dnsLabel: 'dkr.ecr', privateDnsNames: ['*.dkr.ecr.{region}.amazonaws.com'] }),
  iface('ecs', true),
  // The ECS agent and telemetry endpoints are numbered hosts: ecs-a-1.<region>.amazonaws.com, ecs-t-1....
  iface('ecs-agent', true, { privateDnsNames: ['ecs-a-*.{region}.amazonaws.com'] }),
  iface('ecs-telemetry', true, { privateDnsNames: ['ecs-t-*.{region}.amazonaws.com'] }),
  iface('elasticbeanstalk', true),
  iface('elasticbeanstalk-health', true),
  // Amazon Elastic File System
  iface('elasticfilesystem', true),
  iface('elasticloadbalancing', true),
  // Amazon EMR
  iface('elasticmapreduce', true),
  // Amazon SES (the SMTP interface)
  iface('email-smtp', false),
  // Amazon CloudWatch Events / Amazon EventBridge
  iface('events', true),
  // Amazon API Gateway: private APIs answer at <api-id>.execute-api.<region>.amazonaws.com.
  iface('execute-api', true, { privateDnsNames: ['*.execute-api.{region}.amazonaws.com'] }),
  iface('finspace', true),
  iface('finspace-api', true),
  // AWS Fault Injection Simulator
  iface('fis', true),
  iface('frauddetector', true),
  iface('git-codecommit', true),
  iface('glue', true),
  iface('greengrass', true),
  iface('healthlake', true),
  iface('imagebuilder', true),
  // AWS IoT Core: the data endpoint is per account (<prefix>-ats.iot.<region>.amazonaws.com), so AWS offers
  // no private DNS name for it; clients use the endpoint's own names or a hosted zone of their own.
  iface('iot.data', false, { dnsLabel: 'data.iot', privateDnsNames: [] }),
  iface('iotsitewise.api', false, { dnsLabel: 'api.iotsitewise' }),
  iface('iotsitewise.data', false, { dnsLabel: 'data.iotsitewise' }),
  // AWS IoT Core for LoRaWAN
  iface('iotwireless.api', false, { dnsLabel: 'api.iotwireless' }),
  iface('kendra', true),
  iface('kinesis-firehose', true, { dnsLabel: 'firehose' }),
  iface('kinesis-streams', true, { dnsLabel: 'kinesis' }),
  iface('kms', true),
  iface('lakeformation', false),
  iface('lambda', true),
  iface('license-manager', true),
  iface('logs', true),
  iface('lookoutequipment', true),
  iface('lookoutvision', true),
  // LoRaWAN gateways reach per-account endpoints: <id>.cups.lorawan.<region>.amazonaws.com.
  iface('lorawan.cups', false, { dnsLabel: 'cups.lorawan', privateDnsNames: ['*.cups.lorawan.{region}.amazonaws.com'] }),
  iface('lorawan.lns', false, { dnsLabel: 'lns.lorawan', privateDnsNames: ['*.lns.lorawan.{region}.amazonaws.com'] }),
  // Amazon CloudWatch
  iface('monitoring', true),
  // Amazon Nimble Studio
  iface('nimble', true),
  // Amazon Connect Customer Profiles
  iface('profile', true),
  iface('proton', true),
  iface('qldb.session', true, { dnsLabel: 'session.qldb' }),
  // Amazon RDS and Amazon Aurora
  iface('rds', true),
  iface('rds-data', true),
  iface('redshift', true),
  iface('rekognition', true),
  // Interface and Gateway under one name (rules R119, R180). The seeds say S3 interface endpoints have no
  // private DNS; current AWS gives them the regional and the virtual-hosted names (rules R86).
  {
    name: 's3', interface: true, gateway: true, policySupported: true,
    privateDnsNames: ['s3.{region}.amazonaws.com', '*.s3.{region}.amazonaws.com'],
  },
  // Amazon S3 Multi-Region Access Points: one global service name, offered in every Region.
  iface('s3-global.accesspoint', true, {
    serviceName: 'com.amazonaws.s3-global.accesspoint',
    baseEndpointDnsNames: ['accesspoint.s3-global.{region}.vpce.amazonaws.com'],
    privateDnsNames: ['*.accesspoint.s3-global.amazonaws.com'],
  }),
  // Amazon SageMaker and Amazon SageMaker Runtime (seed 003: <vpce-id>.api.sagemaker.<region>.vpce.amazonaws.com).
  iface('sagemaker.api', true, { dnsLabel: 'api.sagemaker' }),
  // Amazon SageMaker Notebook and Studio: aws.sagemaker.<region>.* names and sagemaker.aws domains (rules R4).
  iface('sagemaker.notebook', true, {
    serviceName: 'aws.sagemaker.{region}.notebook',
    baseEndpointDnsNames: ['{serviceId}.{region}.vpce.amazonaws.com', 'notebook.{region}.vpce.sagemaker.aws'],
    privateDnsNames: ['*.notebook.{region}.sagemaker.aws'],
  }),
  iface('sagemaker.runtime', true, { dnsLabel: 'runtime.sagemaker' }),
  iface('sagemaker.studio', true, {
    serviceName: 'aws.sagemaker.{region}.studio',
    baseEndpointDnsNames: ['{serviceId}.{region}.vpce.amazonaws.com', 'studio.{region}.vpce.sagemaker.aws'],
    privateDnsNames: ['*.studio.{region}.sagemaker.aws'],
  }),
  iface('secretsmanager', true),
  iface('servicecatalog', false),
  // AWS Server Migration Service
  iface('sms', false),
  iface('sns', true),
  iface('sqs', true),
  iface('ssm', true),
  iface('ssmmessages', true),
  // AWS Step Functions
  iface('states', true),
  iface('storagegateway', false),
  iface('sts', true),
  iface('sync-states', true),
  iface('textract', true),
  // Amazon Transcribe and Amazon Transcribe Medical
  iface('transcribe', true),
  iface('transcribestreaming', true),
  // AWS Transfer for SFTP: the API, and the SFTP servers, which have no private DNS name.
  iface('transfer', false),
  iface('transfer.server', false, { dnsLabel: 'server.transfer', privateDnsNames: [] }),
  // Amazon Connect Voice ID (seed 000: com.amazonaws.[region].voiceid, private DNS voiceid.<region>.amazonaws.com).
  iface('voiceid', true),
  iface('workspaces', true),
  iface('xray', true),
];

export interface AwsServiceOffering {
  entry: AwsServiceEntry;
  type: 'Interface' | 'Gateway';
  ServiceName: string;
  ServiceId: string;
  BaseEndpointDnsNames: string[];
  PrivateDnsNames: string[];
}

/** AWS services have vpce-svc- ids too (rules R64); Postern derives a stable one per Region, name and type. */
function awsServiceId(region: string, name: string, type: string): string {
  return `vpce-svc-${createHash('sha256').update(`${region}/${name}/${type}`).digest('hex').slice(0, 17)}`;
}

function fill(template: string, region: string, serviceId = ''): string {
  return template.replaceAll('{region}', region).replaceAll('{serviceId}', serviceId);
}

/** The entry's service name in a Region (rules R4). */
export function awsServiceName(region: string, entry: AwsServiceEntry): string {
  return fill(entry.serviceName ?? `com.amazonaws.{region}.${entry.name}`, region);
}

/** What a Region offers for one catalogue entry: an Interface offering, a Gateway one, or both (S3). */
export function offeringsOf(region: string, entry: AwsServiceEntry): AwsServiceOffering[] {
  const serviceName = awsServiceName(region, entry);
  const label = entry.dnsLabel ?? entry.name;
  const out: AwsServiceOffering[] = [];
  if (entry.interface) {
    const serviceId = awsServiceId(region, entry.name, 'Interface');
    out.push({
      entry, type: 'Interface', ServiceName: serviceName, ServiceId: serviceId,
      BaseEndpointDnsNames: (entry.baseEndpointDnsNames ?? [`${label}.{region}.vpce.amazonaws.com`]).map((n) => fill(n, region, serviceId)),
      PrivateDnsNames: entry.privateDnsNames.map((n) => fill(n, region)),
    });
  }
  if (entry.gateway) {
    out.push({
      entry, type: 'Gateway', ServiceName: serviceName, ServiceId: awsServiceId(region, entry.name, 'Gateway'),
      // Gateway services list the public service name as their base name (rules R180).
      BaseEndpointDnsNames: [`${label}.${region}.amazonaws.com`], PrivateDnsNames: [],
    });
  }
  return out;
}

/** Every AWS offering of a Region, sorted by service name (rules R179). */
export function awsServiceOfferings(region: string): AwsServiceOffering[] {
  return sortedEntries(region).flatMap((e) => offeringsOf(region, e));
}

/**
 * The catalogue's entries in the order of their names in a Region: a global name such as
 * com.amazonaws.s3-global.accesspoint falls among the regional ones at a different place in each Region.
 * (Consumers look services up by name through control/service/lookup.ts, which indexes these offerings.)
 */
function sortedEntries(region: string): AwsServiceEntry[] {
  return AWS_SERVICES.map((e): [string, AwsServiceEntry] => [awsServiceName(region, e), e])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, e]) => e);
}
