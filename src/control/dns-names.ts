/**
 * @module control/dns-names
 * The DNS names of endpoint services and endpoints, in AWS's formats (rules R44, R77-R80):
 *
 *   service base name   vpce-svc-<id>.<region>.vpce.amazonaws.com      (AWS services: <label>.<region>.vpce.amazonaws.com)
 *   endpoint, regional  vpce-<id>-<8 chars>.<base>
 *   endpoint, zonal     vpce-<id>-<8 chars>-<az name>.<base>
 *   private DNS names   as the service gives them, with the private hosted zone's id
 */
import { createHash } from 'node:crypto';
import type { DnsEntry } from './endpoint/records.js';

/** The Region's vpce.amazonaws.com hosted zone, as AWS returns it in DnsEntries (rules R80). */
const VPCE_HOSTED_ZONES: Record<string, string> = {
  'us-east-1': 'Z7HUB22UULQXV', 'us-east-2': 'ZC8PG0KIFKBRI', 'us-west-1': 'Z12I86A8N7VCZO', 'us-west-2': 'Z1YSA3EXCYUU9Z',
  'ca-central-1': 'ZRCXCF510Y6P9', 'sa-east-1': 'Z2LXUWEVLCVZIB', 'eu-west-1': 'Z38GZ743OKFT7T', 'eu-west-2': 'Z7K1066E3PUKB',
  'eu-west-3': 'Z1DWHTMFP0WECP', 'eu-central-1': 'Z273ZU8SZ5RJPC', 'eu-central-2': 'Z045369019J4FUQ4S272E',
  'eu-north-1': 'Z3OWWK6JFDEDGC', 'eu-south-1': 'Z2A5FDNRLY7KZG', 'eu-south-2': 'Z014396544HENR57XQCJ',
  'ap-northeast-1': 'Z2E726K9Y6RL4W', 'ap-northeast-2': 'Z27UANNT0PRK1T', 'ap-northeast-3': 'Z376B5OMM2JZL2',
  'ap-south-1': 'Z2KVTB3ZLFM7JR', 'ap-south-2': 'Z0952991RWSF5AHIQDIY', 'ap-southeast-1': 'Z18LLCSTV4NVNL',
  'ap-southeast-2': 'ZDK2GCRPAFKGO', 'ap-southeast-3': 'Z03881013RZ9BYYZO8N5W', 'ap-southeast-4': 'Z07508191CO1RNBX3X3AU',
  'ap-east-1': 'Z2LIHJ7PKBEMWN', 'af-south-1': 'Z09302161J80N9A7UTP7U', 'me-south-1': 'Z3B95P3VBGEQGY',
  'me-central-1': 'Z07122992YCEUCB9A9570',
};

/** A Route 53 style zone id, stable for a name: for zones AWS has not published. */
export function hostedZoneIdFor(name: string): string {
  const digest = createHash('sha256').update(name).digest();
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return 'Z' + Array.from(digest.subarray(0, 20), (b) => alphabet[b % alphabet.length]).join('');
}

export function vpceHostedZoneId(region: string): string {
  return VPCE_HOSTED_ZONES[region] ?? hostedZoneIdFor(`${region}.vpce.amazonaws.com`);
}

export function serviceName(region: string, serviceId: string): string {
  return `com.amazonaws.vpce.${region}.${serviceId}`;
}

export function serviceBaseDnsName(region: string, serviceId: string): string {
  return `${serviceId}.${region}.vpce.amazonaws.com`;
}

export interface EndpointDnsSpec {
  region: string;
  vpcEndpointId: string;
  /** the 8 random lowercase alphanumerics of the endpoint */
  suffix: string;
  /** the service's base DNS name */
  baseDnsName: string;
  /** the caller's names of the AZs the endpoint has interfaces in */
  zoneNames: readonly string[];
  /** private DNS names, when private DNS is on, each with its private hosted zone */
  privateDnsNames: readonly string[];
}

/** DnsEntries in AWS's order: regional, zonal, then private names (rules R79). No subnets, no entries. */
export function endpointDnsEntries(spec: EndpointDnsSpec): DnsEntry[] {
  if (spec.zoneNames.length === 0) return [];
  const zone = vpceHostedZoneId(spec.region);
  const label = `${spec.vpcEndpointId}-${spec.suffix}`;
  return [
    { DnsName: `${label}.${spec.baseDnsName}`, HostedZoneId: zone },
    ...[...spec.zoneNames].sort().map((az) => ({ DnsName: `${label}-${az}.${spec.baseDnsName}`, HostedZoneId: zone })),
    ...spec.privateDnsNames.map((name) => ({ DnsName: name, HostedZoneId: hostedZoneIdFor(`${spec.vpcEndpointId}/${name}`) })),
  ];
}

/** 8 random lowercase alphanumerics, as in vpce-...-g5hws96k (rules R77). */
export function dnsLabelSuffix(randomHex: string): string {
  // Each character from one random byte (two hex digits). A loop over the string: decoding it into a
  // Buffer cost 9 µs of every CreateVpcEndpoint.
  let label = '';
  for (let i = 0; i < 16; i += 2) label += DNS_LABEL_ALPHABET[parseInt(randomHex.slice(i, i + 2), 16) % 36];
  return label;
}

const DNS_LABEL_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
