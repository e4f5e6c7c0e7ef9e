/**
 * @module control/prefix-list/aws-managed
 * The AWS-managed prefix lists of the gateway-endpoint services: in every region
 * `com.amazonaws.<region>.s3` and `com.amazonaws.<region>.dynamodb` (rules R119, R120), with ids of
 * `pl-` + 8 hex digits (rule R6), owner `AWS`. They are the same for every account of a region, so they
 * form a static catalogue rather than stored resources; security-group rules and gateway-endpoint routes
 * look them up here by id or by service name.
 *
 * us-east-1 carries AWS's real ids (pl-63a5400a, pl-02cd2c6b; rule R121) and address ranges; the other
 * regions get ids and ranges derived from a hash of region and service, stable across restarts, inside
 * the blocks AWS uses for these services.
 */
import { createHash } from 'node:crypto';
import { findRegion } from '../regions/regions.js';

/** The services that have gateway endpoints, hence AWS-managed prefix lists (rule R119). */
export const GATEWAY_SERVICES = ['s3', 'dynamodb'] as const;
export type GatewayService = (typeof GATEWAY_SERVICES)[number];

export interface AwsManagedPrefixList {
  PrefixListId: string;
  /** `com.amazonaws.<region>.<service>`, which is also the gateway endpoint's service name */
  PrefixListName: string;
  Service: GatewayService;
  AddressFamily: 'IPv4';
  State: 'create-complete';
  PrefixListArn: string;
  OwnerId: 'AWS';
  /** sorted as GetManagedPrefixListEntries lists them */
  Cidrs: readonly string[];
}

/** AWS's published lists of us-east-1 (ids per rule R121; ranges from AWS's ip-ranges for S3 and DynamoDB there). */
const KNOWN: Record<string, Record<GatewayService, { id: string; cidrs: string[] }>> = {
  'us-east-1': {
    s3: {
      id: 'pl-63a5400a',
      cidrs: ['16.15.176.0/20', '16.182.0.0/16', '18.34.0.0/19', '18.34.232.0/21', '3.5.0.0/19', '44.192.134.240/28', '44.192.140.64/28', '52.216.0.0/15', '54.231.0.0/16'],
    },
    dynamodb: { id: 'pl-02cd2c6b', cidrs: ['3.218.180.0/23', '3.218.182.0/24', '52.119.224.0/20', '52.94.0.0/22'] },
  },
};

function derived(region: string, service: GatewayService): { id: string; cidrs: string[] } {
  const h = createHash('sha256').update(`prefix-list/${region}/${service}`).digest();
  // Regional S3 ranges sit in 3.5.0.0/16, 18.34.0.0/16 and 52.218.0.0/16; DynamoDB's in 52.94.0.0/16
  // and 52.119.0.0/16 (AWS ip-ranges.json), so derived ranges look like the real ones.
  const cidrs = service === 's3'
    ? [`3.5.${h[4]! & 0xf8}.0/21`, `18.34.${h[5]! & 0xf0}.0/20`, `52.218.${h[6]! & 0x80}.0/17`]
    : [`52.94.${h[4]! & 0xfc}.0/22`, `52.119.${h[5]! & 0xf0}.0/20`];
  return { id: `pl-${h.subarray(0, 4).toString('hex')}`, cidrs: cidrs.sort() };
}

const catalogue = new Map<string, readonly AwsManagedPrefixList[]>();

/** The AWS-managed prefix lists of a region, s3 first (none for a region AWS does not have). */
export function awsManagedPrefixLists(region: string): readonly AwsManagedPrefixList[] {
  let lists = catalogue.get(region);
  if (!lists) {
    lists = findRegion(region) === undefined ? [] : GATEWAY_SERVICES.map((service) => {
      const { id, cidrs } = KNOWN[region]?.[service] ?? derived(region, service);
      return {
        PrefixListId: id,
        PrefixListName: `com.amazonaws.${region}.${service}`,
        Service: service,
        AddressFamily: 'IPv4',
        State: 'create-complete',
        // AWS-owned lists carry `aws` where an account id would be.
        PrefixListArn: `arn:aws:ec2:${region}:aws:prefix-list/${id}`,
        OwnerId: 'AWS',
        Cidrs: cidrs,
      } satisfies AwsManagedPrefixList;
    });
    catalogue.set(region, lists);
  }
  return lists;
}

export function findAwsManagedPrefixList(region: string, prefixListId: string): AwsManagedPrefixList | undefined {
  return awsManagedPrefixLists(region).find((l) => l.PrefixListId === prefixListId);
}

/** The list of a gateway service by its service name, e.g. `com.amazonaws.us-east-1.s3`. */
export function awsManagedPrefixListOfService(region: string, serviceName: string): AwsManagedPrefixList | undefined {
  return awsManagedPrefixLists(region).find((l) => l.PrefixListName === serviceName);
}
