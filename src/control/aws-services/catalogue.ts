/**
 * @module control/aws-services/catalogue
 * The AWS services that integrate with PrivateLink (seed 002, "AWS services that integrate with AWS
 * PrivateLink"), as DescribeVpcEndpointServices shows them in every Region: owner `amazon`, service
 * names `com.amazonaws.<region>.<name>` (rules R4), base and private DNS names (rules R78, R180), whether
 * endpoint policies are supported (rules R105), and Gateway endpoints for S3 and DynamoDB (rules R119).
 */
import { createHash } from 'node:crypto';

export interface AwsServiceEntry {
  /** the part after `com.amazonaws.<region>.`, e.g. `s3`, `ecr.dkr`, `execute-api` */
  name: string;
  /** the label of its DNS names, when it differs from the name (kinesis-streams -> kinesis, rules R78) */
  dnsLabel?: string;
  interface: boolean;
  gateway: boolean;
  policySupported: boolean;
  /** private DNS names of the interface endpoint, `{region}` substituted; empty: none */
  privateDnsNames: readonly string[];
}

export const AWS_SERVICES: readonly AwsServiceEntry[] = [
  { name: 'dynamodb', interface: false, gateway: true, policySupported: true, privateDnsNames: [] },
  { name: 'ec2', interface: true, gateway: false, policySupported: true, privateDnsNames: ['ec2.{region}.amazonaws.com'] },
  { name: 'elasticloadbalancing', interface: true, gateway: false, policySupported: true, privateDnsNames: ['elasticloadbalancing.{region}.amazonaws.com'] },
  { name: 's3', interface: true, gateway: true, policySupported: true, privateDnsNames: ['s3.{region}.amazonaws.com', '*.s3.{region}.amazonaws.com'] },
  { name: 'sns', interface: true, gateway: false, policySupported: true, privateDnsNames: ['sns.{region}.amazonaws.com'] },
  { name: 'sqs', interface: true, gateway: false, policySupported: true, privateDnsNames: ['sqs.{region}.amazonaws.com'] },
  { name: 'sts', interface: true, gateway: false, policySupported: true, privateDnsNames: ['sts.{region}.amazonaws.com'] },
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

/** What a Region offers for one catalogue entry: an Interface offering, a Gateway one, or both (S3). */
export function offeringsOf(region: string, entry: AwsServiceEntry): AwsServiceOffering[] {
  const serviceName = `com.amazonaws.${region}.${entry.name}`;
  const label = entry.dnsLabel ?? entry.name;
  const out: AwsServiceOffering[] = [];
  if (entry.interface) {
    out.push({
      entry, type: 'Interface', ServiceName: serviceName, ServiceId: awsServiceId(region, entry.name, 'Interface'),
      BaseEndpointDnsNames: [`${label}.${region}.vpce.amazonaws.com`],
      PrivateDnsNames: entry.privateDnsNames.map((n) => n.replace('{region}', region)),
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

export function awsServiceOfferings(region: string): AwsServiceOffering[] {
  return AWS_SERVICES.flatMap((e) => offeringsOf(region, e));
}

export function findAwsServiceOfferings(region: string, serviceName: string): AwsServiceOffering[] {
  const prefix = `com.amazonaws.${region}.`;
  if (!serviceName.startsWith(prefix)) return [];
  const entry = AWS_SERVICES.find((e) => e.name === serviceName.slice(prefix.length));
  return entry ? offeringsOf(region, entry) : [];
}
