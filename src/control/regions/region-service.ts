/**
 * @module control/regions/region-service
 * DescribeRegions, DescribeAvailabilityZones and DescribeAccountAttributes.
 */
import type { Caller, ControlDeps } from '../context.js';
import { applyFilters, type Filter } from '../describe.js';
import { availabilityZones, REGIONS, type AvailabilityZone } from './regions.js';
import { InvalidParameterValue } from '../errors.js';
import { VPC, type Vpc } from '../vpc/vpc.js';

export interface RegionInfo {
  RegionName: string;
  Endpoint: string;
  OptInStatus: 'opt-in-not-required' | 'opted-in';
}

function untagged<T>(items: T[]) {
  return items.map((item) => ({ item, tags: [] }));
}

export function regionService(deps: ControlDeps) {
  return {
    describeRegions(_caller: Caller, input: { RegionNames?: string[]; Filters?: Filter[]; AllRegions?: boolean }): RegionInfo[] {
      let regions = REGIONS.map((r): RegionInfo => ({
        RegionName: r.name,
        Endpoint: `ec2.${r.name}.amazonaws.com`,
        // Every region is enabled in Postern: the opt-in ones show as opted in.
        OptInStatus: r.optIn ? 'opted-in' : 'opt-in-not-required',
      }));
      if (input.RegionNames?.length) {
        for (const name of input.RegionNames) {
          if (!regions.some((r) => r.RegionName === name)) throw new InvalidParameterValue(`Invalid region: ${name}`);
        }
        regions = regions.filter((r) => input.RegionNames!.includes(r.RegionName));
      }
      return applyFilters(untagged(regions), input.Filters, {
        'endpoint': (r) => r.Endpoint, 'opt-in-status': (r) => r.OptInStatus, 'region-name': (r) => r.RegionName,
      }).map((t) => t.item);
    },

    describeAvailabilityZones(caller: Caller, input: { ZoneNames?: string[]; ZoneIds?: string[]; Filters?: Filter[] }): AvailabilityZone[] {
      let zones = availabilityZones(caller.accountId, caller.region);
      for (const name of input.ZoneNames ?? []) {
        if (!zones.some((z) => z.ZoneName === name)) {
          throw new InvalidParameterValue(`The zone '${name}' does not exist in region ${caller.region}`);
        }
      }
      for (const id of input.ZoneIds ?? []) {
        if (!zones.some((z) => z.ZoneId === id)) throw new InvalidParameterValue(`The zone id '${id}' does not exist in region ${caller.region}`);
      }
      if (input.ZoneNames?.length || input.ZoneIds?.length) {
        zones = zones.filter((z) => input.ZoneNames?.includes(z.ZoneName) || input.ZoneIds?.includes(z.ZoneId));
      }
      return applyFilters(untagged(zones), input.Filters, {
        'group-long-name': (z) => z.GroupLongName, 'group-name': (z) => z.GroupName, 'message': () => [],
        'opt-in-status': (z) => z.OptInStatus, 'parent-zone-id': () => [], 'parent-zone-name': () => [],
        'region-name': (z) => z.RegionName, 'state': (z) => z.State, 'zone-id': (z) => z.ZoneId,
        'zone-name': (z) => z.ZoneName, 'zone-type': (z) => z.ZoneType,
      }).map((t) => t.item);
    },

    /** The account attributes AWS reports, with the VPC quota Postern enforces. */
    async describeAccountAttributes(caller: Caller, input: { AttributeNames?: string[] }) {
      const defaultVpc = await deps.store.read(async (tx) =>
        (await tx.listResources<Vpc>(caller, VPC)).find((v) => v.data.IsDefault)?.data.VpcId ?? 'none');
      const all: Record<string, string[]> = {
        'supported-platforms': ['VPC'],
        'default-vpc': [defaultVpc],
        'max-instances': ['20'],
        'vpc-max-security-groups-per-interface': ['5'],
        'max-elastic-ips': ['5'],
        'vpc-max-elastic-ips': ['5'],
      };
      const names = input.AttributeNames?.length ? input.AttributeNames : Object.keys(all);
      return names.filter((n) => all[n]).map((n) => ({ AttributeName: n, AttributeValues: all[n]!.map((v) => ({ AttributeValue: v })) }));
    },
  };
}
