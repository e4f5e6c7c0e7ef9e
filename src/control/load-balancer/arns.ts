/**
 * @module control/load-balancer/arns
 * ELBv2 ARNs, DNS names and hosted zones in AWS's formats (rules R10, R11):
 *
 *   load balancer  arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/net/<name>/<16 hex>   (gwy for GWLB)
 *   listener       arn:aws:elasticloadbalancing:<region>:<account>:listener/net/<lb name>/<lb id>/<16 hex>
 *   target group   arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<16 hex>
 *   NLB DNS name   <name>-<lb id>.elb.<region>.amazonaws.com
 */
import { ValidationError } from '../errors.js';

export type LoadBalancerType = 'network' | 'gateway';

/** The ARN and interface-description segment of each type (`ELB net/<name>/<id>`). */
export const TYPE_SEGMENT: Record<LoadBalancerType, 'net' | 'gwy'> = { network: 'net', gateway: 'gwy' };

export type ElbResourceKind = 'loadbalancer' | 'listener' | 'targetgroup';

const ARN = /^arn:aws:elasticloadbalancing:([a-z0-9-]+):(\d{12}):(loadbalancer|listener|targetgroup|listener-rule|truststore)\/(.+)$/;

export function elbArn(region: string, accountId: string, resource: string): string {
  return `arn:aws:elasticloadbalancing:${region}:${accountId}:${resource}`;
}

/** The kind of resource an ELBv2 ARN names, or undefined when it is not an ELBv2 ARN. */
export function kindOfArn(arn: string): string | undefined {
  return ARN.exec(arn)?.[3];
}

const SUBJECT: Record<ElbResourceKind, string> = { loadbalancer: 'load balancer', listener: 'listener', targetgroup: 'target group' };

/** A value that is not an ARN of the expected kind is a ValidationError, as AWS answers ("'x' is not a valid target group ARN"). */
export function checkArn(arn: string, kind: ElbResourceKind): void {
  if (kindOfArn(arn) !== kind) throw new ValidationError(`'${arn}' is not a valid ${SUBJECT[kind]} ARN`);
}

export function loadBalancerDnsName(name: string, id: string, region: string): string {
  return `${name}-${id}.elb.${region}.amazonaws.com`;
}

/**
 * Route 53 hosted zones of Network Load Balancer DNS names per region (AWS General Reference, "Elastic Load
 * Balancing endpoints and quotas", Network Load Balancers column).
 */
const NLB_HOSTED_ZONES: Record<string, string> = {
  'us-east-1': 'Z26RNL4JYFTOTI', 'us-east-2': 'ZLMOA37VPKANP', 'us-west-1': 'Z24FKFUX50B4VW', 'us-west-2': 'Z18D5FSROUN65G',
  'af-south-1': 'Z203XCE67M25HM', 'ap-east-1': 'Z12Y7K3UBGUAD1', 'ap-south-1': 'ZVDDRBQ08TROA', 'ap-south-2': 'Z0711778386UTO08407HT',
  'ap-southeast-1': 'ZKVM4W9LS7TM', 'ap-southeast-2': 'ZCT6FZBF4DROD', 'ap-southeast-3': 'Z01971771FYVNCOVWJU1G',
  'ap-southeast-4': 'Z01156963G8MIIL7X90IV', 'ap-southeast-5': 'Z026317210H9ACVTRO6FB', 'ap-southeast-7': 'Z054363131YWATEMWRG5L',
  'ap-northeast-1': 'Z31USIVHYNEOWT', 'ap-northeast-2': 'ZIBE1TIR4HY56', 'ap-northeast-3': 'Z1GWIQ4HH19I5X',
  'ca-central-1': 'Z2EPGBW3API2WT', 'ca-west-1': 'Z02754302KBB00W2LKWZ9', 'eu-central-1': 'Z3F0SRJ5LGBH90',
  'eu-central-2': 'Z02239872DOALSIDCX66S', 'eu-west-1': 'Z2IFOLAFXWLO4F', 'eu-west-2': 'ZD4D7Y8KGAS4G', 'eu-west-3': 'Z1CMS0P5QUZ6D5',
  'eu-north-1': 'Z1UDT6IFJ4EJM', 'eu-south-1': 'Z23146JA1KNAFP', 'eu-south-2': 'Z1011216NVTVYADP1SSV',
  'il-central-1': 'Z0313266YDI6ZRHTGQY4', 'me-south-1': 'Z3QSRYVP46NYYV', 'me-central-1': 'Z00282643NTTLPANJJG2P',
  'mx-central-1': 'Z02031231H3ID6HYJ9A7U', 'sa-east-1': 'ZTK26PT1VY4CU',
};

export function nlbHostedZone(region: string): string | undefined {
  return NLB_HOSTED_ZONES[region];
}
