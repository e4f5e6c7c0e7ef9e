/**
 * @module control/regions/regions
 * The commercial regions and their Availability Zones. Zone ids (use1-az1) name physical zones; zone
 * names (us-east-1a) are per account: AWS maps them independently for each account, so account A's
 * us-east-1a may be account B's us-east-1c (seed 002, "Interface endpoint Availability Zone
 * considerations"). Postern derives each account's mapping from a hash of account and region, so it is
 * stable across restarts and differs between accounts, as on AWS.
 */
import { createHash } from 'node:crypto';

export interface Region {
  name: string;
  longName: string;
  zoneIds: readonly string[];
  /** regions launched after March 2019 are opt-in on AWS */
  optIn: boolean;
}

export const REGIONS: readonly Region[] = [
  { name: 'us-east-1', longName: 'US East (N. Virginia)', zoneIds: ['use1-az1', 'use1-az2', 'use1-az3', 'use1-az4', 'use1-az5', 'use1-az6'], optIn: false },
  { name: 'us-east-2', longName: 'US East (Ohio)', zoneIds: ['use2-az1', 'use2-az2', 'use2-az3'], optIn: false },
  { name: 'us-west-1', longName: 'US West (N. California)', zoneIds: ['usw1-az1', 'usw1-az3'], optIn: false },
  { name: 'us-west-2', longName: 'US West (Oregon)', zoneIds: ['usw2-az1', 'usw2-az2', 'usw2-az3', 'usw2-az4'], optIn: false },
  { name: 'af-south-1', longName: 'Africa (Cape Town)', zoneIds: ['afs1-az1', 'afs1-az2', 'afs1-az3'], optIn: true },
  { name: 'ap-east-1', longName: 'Asia Pacific (Hong Kong)', zoneIds: ['ape1-az1', 'ape1-az2', 'ape1-az3'], optIn: true },
  { name: 'ap-south-1', longName: 'Asia Pacific (Mumbai)', zoneIds: ['aps1-az1', 'aps1-az2', 'aps1-az3'], optIn: false },
  { name: 'ap-south-2', longName: 'Asia Pacific (Hyderabad)', zoneIds: ['aps2-az1', 'aps2-az2', 'aps2-az3'], optIn: true },
  { name: 'ap-southeast-1', longName: 'Asia Pacific (Singapore)', zoneIds: ['apse1-az1', 'apse1-az2', 'apse1-az3'], optIn: false },
  { name: 'ap-southeast-2', longName: 'Asia Pacific (Sydney)', zoneIds: ['apse2-az1', 'apse2-az2', 'apse2-az3'], optIn: false },
  { name: 'ap-southeast-3', longName: 'Asia Pacific (Jakarta)', zoneIds: ['apse3-az1', 'apse3-az2', 'apse3-az3'], optIn: true },
  { name: 'ap-southeast-4', longName: 'Asia Pacific (Melbourne)', zoneIds: ['apse4-az1', 'apse4-az2', 'apse4-az3'], optIn: true },
  { name: 'ap-southeast-5', longName: 'Asia Pacific (Malaysia)', zoneIds: ['apse5-az1', 'apse5-az2', 'apse5-az3'], optIn: true },
  { name: 'ap-southeast-7', longName: 'Asia Pacific (Thailand)', zoneIds: ['apse7-az1', 'apse7-az2', 'apse7-az3'], optIn: true },
  { name: 'ap-northeast-1', longName: 'Asia Pacific (Tokyo)', zoneIds: ['apne1-az1', 'apne1-az2', 'apne1-az4'], optIn: false },
  { name: 'ap-northeast-2', longName: 'Asia Pacific (Seoul)', zoneIds: ['apne2-az1', 'apne2-az2', 'apne2-az3', 'apne2-az4'], optIn: false },
  { name: 'ap-northeast-3', longName: 'Asia Pacific (Osaka)', zoneIds: ['apne3-az1', 'apne3-az2', 'apne3-az3'], optIn: false },
  { name: 'ca-central-1', longName: 'Canada (Central)', zoneIds: ['cac1-az1', 'cac1-az2', 'cac1-az4'], optIn: false },
  { name: 'ca-west-1', longName: 'Canada West (Calgary)', zoneIds: ['caw1-az1', 'caw1-az2', 'caw1-az3'], optIn: true },
  { name: 'eu-central-1', longName: 'Europe (Frankfurt)', zoneIds: ['euc1-az1', 'euc1-az2', 'euc1-az3'], optIn: false },
  { name: 'eu-central-2', longName: 'Europe (Zurich)', zoneIds: ['euc2-az1', 'euc2-az2', 'euc2-az3'], optIn: true },
  { name: 'eu-west-1', longName: 'Europe (Ireland)', zoneIds: ['euw1-az1', 'euw1-az2', 'euw1-az3'], optIn: false },
  { name: 'eu-west-2', longName: 'Europe (London)', zoneIds: ['euw2-az1', 'euw2-az2', 'euw2-az3'], optIn: false },
  { name: 'eu-west-3', longName: 'Europe (Paris)', zoneIds: ['euw3-az1', 'euw3-az2', 'euw3-az3'], optIn: false },
  { name: 'eu-north-1', longName: 'Europe (Stockholm)', zoneIds: ['eun1-az1', 'eun1-az2', 'eun1-az3'], optIn: false },
  { name: 'eu-south-1', longName: 'Europe (Milan)', zoneIds: ['eus1-az1', 'eus1-az2', 'eus1-az3'], optIn: true },
  { name: 'eu-south-2', longName: 'Europe (Spain)', zoneIds: ['eus2-az1', 'eus2-az2', 'eus2-az3'], optIn: true },
  { name: 'il-central-1', longName: 'Israel (Tel Aviv)', zoneIds: ['ilc1-az1', 'ilc1-az2', 'ilc1-az3'], optIn: true },
  { name: 'me-south-1', longName: 'Middle East (Bahrain)', zoneIds: ['mes1-az1', 'mes1-az2', 'mes1-az3'], optIn: true },
  { name: 'me-central-1', longName: 'Middle East (UAE)', zoneIds: ['mec1-az1', 'mec1-az2', 'mec1-az3'], optIn: true },
  { name: 'mx-central-1', longName: 'Mexico (Central)', zoneIds: ['mxc1-az1', 'mxc1-az2', 'mxc1-az3'], optIn: true },
  { name: 'sa-east-1', longName: 'South America (Sao Paulo)', zoneIds: ['sae1-az1', 'sae1-az2', 'sae1-az3'], optIn: false },
];

const BY_NAME = new Map(REGIONS.map((r) => [r.name, r]));

export function findRegion(name: string): Region | undefined {
  return BY_NAME.get(name);
}

export interface AvailabilityZone {
  ZoneName: string;
  ZoneId: string;
  RegionName: string;
  GroupName: string;
  GroupLongName: string;
  NetworkBorderGroup: string;
  OptInStatus: 'opt-in-not-required';
  State: 'available';
  ZoneType: 'availability-zone';
  Messages: never[];
}

const zoneCache = new Map<string, AvailabilityZone[]>();

/** The account's Availability Zones in a region, in zone-name order. */
export function availabilityZones(accountId: string, regionName: string): AvailabilityZone[] {
  const key = `${accountId}/${regionName}`;
  const cached = zoneCache.get(key);
  if (cached) return cached;
  const region = BY_NAME.get(regionName);
  if (!region) return [];
  const ranked = region.zoneIds
    .map((zoneId) => ({ zoneId, rank: createHash('sha256').update(`${accountId}:${zoneId}`).digest('hex') }))
    .sort((a, b) => (a.rank < b.rank ? -1 : 1));
  const zones = ranked.map(({ zoneId }, i): AvailabilityZone => ({
    ZoneName: regionName + String.fromCharCode(97 + i),
    ZoneId: zoneId,
    RegionName: regionName,
    GroupName: `${regionName}-zg-1`,
    GroupLongName: `${region.longName} 1`,
    NetworkBorderGroup: regionName,
    OptInStatus: 'opt-in-not-required',
    State: 'available',
    ZoneType: 'availability-zone',
    Messages: [],
  }));
  zoneCache.set(key, zones);
  return zones;
}

/** An AZ of the account by name or by id. */
export function findZone(accountId: string, region: string, by: { name?: string; id?: string }): AvailabilityZone | undefined {
  return availabilityZones(accountId, region).find((z) => (by.name ? z.ZoneName === by.name : z.ZoneId === by.id));
}
