/**
 * @module control/security-group/permissions
 * The pure rules of security-group permissions: protocols and port ranges as AWS validates them, peer
 * CIDRs, the identity of a rule (what makes two rules duplicates), AWS's duplicate message, and the
 * IpPermission view DescribeSecurityGroups derives from the stored one-by-one rules.
 *
 *   IpPermission{tcp 22-22, IpRanges[a, b], Groups[sg-x]}  <->  rules {tcp 22-22 a}, {tcp 22-22 b}, {tcp 22-22 sg-x}
 */
import { isIPv6 } from 'node:net';
import { formatCidr, parseCidr } from '../cidr.js';
import { AwsError, InvalidParameterValue } from '../errors.js';
import type { SecurityGroupRuleSpec } from './records.js';

export interface IpPermission {
  IpProtocol?: string;
  FromPort?: number;
  ToPort?: number;
  UserIdGroupPairs?: { Description?: string; UserId?: string; GroupName?: string; GroupId?: string; VpcId?: string }[];
  IpRanges?: { Description?: string; CidrIp?: string }[];
  Ipv6Ranges?: { Description?: string; CidrIpv6?: string }[];
  PrefixListIds?: { Description?: string; PrefixListId?: string }[];
}

/** The protocols AWS names; any other protocol number stays a number (AuthorizeSecurityGroupIngress, IpProtocol). */
const NAMES: Record<string, string> = { '1': 'icmp', '6': 'tcp', '17': 'udp', '58': 'icmpv6' };
const NAMED = new Set(Object.values(NAMES));

/**
 * Protocol names (tcp, udp, icmp, icmpv6, any case) and numbers 0-255, or -1 for all; AWS answers with the
 * name for a numbered protocol that has one. `all` is not a protocol to EC2 (terraform-provider-aws#1793).
 */
export function normalizeProtocol(raw: string | undefined): string {
  const p = (raw ?? '').toLowerCase();
  if (p === '-1' || NAMED.has(p)) return p;
  if (/^\d{1,3}$/.test(p) && Number(p) <= 255) return NAMES[String(Number(p))] ?? String(Number(p));
  throw new InvalidParameterValue(`Invalid value '${raw ?? 'null'}' for IP protocol. Unknown protocol.`);
}

/**
 * The port range of a rule. TCP and UDP need both ports, within 0-65535; ICMP takes a type and a code,
 * each -1 (all) to 255; every other protocol covers all ports whatever is sent (API reference,
 * IpPermission FromPort/ToPort), stored -1/-1 as AWS describes it. Messages from real EC2 answers:
 * aws-sdk-go-v2#1203 and boto3#336.
 */
export function portRange(protocol: string, from: number | undefined, to: number | undefined): { FromPort: number; ToPort: number } {
  if (protocol === 'tcp' || protocol === 'udp') {
    if (from === undefined && to === undefined) {
      throw new InvalidParameterValue("Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange.");
    }
    const range = { FromPort: from ?? -1, ToPort: to ?? -1 };
    for (const port of [range.FromPort, range.ToPort]) {
      if (port < 0 || port > 65535) throw new AwsError('InvalidPermission.Malformed', `TCP/UDP port (${port}) out of range`);
    }
    if (range.FromPort > range.ToPort) throw new InvalidParameterValue(`Invalid TCP/UDP port range (${range.FromPort}-${range.ToPort})`);
    return range;
  }
  if (protocol === 'icmp' || protocol === 'icmpv6') {
    if (from === undefined && to === undefined) {
      throw new InvalidParameterValue("Invalid value 'Must specify both from and to ports with ICMP.' for portRange.");
    }
    const range = { FromPort: from ?? -1, ToPort: to ?? -1 };
    if (range.FromPort < -1 || range.FromPort > 255) throw new InvalidParameterValue(`ICMP type (${range.FromPort}) out of range`);
    if (range.ToPort < -1 || range.ToPort > 255) throw new InvalidParameterValue(`ICMP code (${range.ToPort}) out of range`);
    return range;
  }
  return { FromPort: -1, ToPort: -1 };
}

function malformedCidr(cidr: string | undefined): AwsError {
  // Real EC2 text, e.g. for an IPv6 range sent as CidrIp (aws-cli#2428).
  return new InvalidParameterValue(`CIDR block ${cidr ?? 'null'} is malformed`);
}

/** An IPv4 peer, host bits cleared as AWS stores it. */
export function ipv4Peer(cidr: string | undefined): string {
  const parsed = cidr === undefined ? undefined : parseCidr(cidr);
  if (!parsed) throw malformedCidr(cidr);
  return formatCidr(parsed);
}

/** An IPv6 peer, host bits cleared and written in the compressed lowercase form. */
export function ipv6Peer(cidr: string | undefined): string {
  const m = cidr === undefined ? null : /^([0-9a-fA-F:.]+)\/(\d{1,3})$/.exec(cidr);
  if (!m || !isIPv6(m[1]!) || Number(m[2]) > 128) throw malformedCidr(cidr);
  const prefix = Number(m[2]);
  const all = (1n << 128n) - 1n;
  const bits = ipv6ToBigInt(m[1]!) & (all ^ ((1n << BigInt(128 - prefix)) - 1n));
  return `${bigIntToIpv6(bits)}/${prefix}`;
}

function ipv6ToBigInt(address: string): bigint {
  let text = address;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = v4[1]!.split('.').map(Number);
    text = text.slice(0, -v4[1]!.length) + `${((n[0]! << 8) | n[1]!).toString(16)}:${((n[2]! << 8) | n[3]!).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') as [string, string] : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function bigIntToIpv6(n: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((n >> BigInt(112 - 16 * i)) & 0xffffn));
  // RFC 5952: the longest run (of two or more) of zero groups becomes `::`.
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.len && j - i >= 2) best = { at: i, len: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.len).join(':')}`;
}

/** The peer of a rule: the CIDR, prefix list or group it allows. */
export function peerOf(rule: SecurityGroupRuleSpec): string {
  return rule.CidrIpv4 ?? rule.CidrIpv6 ?? rule.PrefixListId ?? rule.ReferencedGroupInfo?.GroupId ?? '';
}

/** Two rules of one direction are the same rule when protocol, ports and peer agree; descriptions do not count. */
export function ruleKey(rule: SecurityGroupRuleSpec): string {
  return `${rule.IsEgress ? 'egress' : 'ingress'}|${rule.IpProtocol}|${rule.FromPort}|${rule.ToPort}|${peerOf(rule)}`;
}

/**
 * AWS's InvalidPermission.Duplicate text, e.g. `the specified rule "peer: 0.0.0.0/0, TCP, from port: 22,
 * to port: 22, ALLOW" already exists`; all traffic reads `peer: 0.0.0.0/0, ALL, ALLOW` and ICMP
 * `ICMP, type: ALL, code: ALL` (real answers quoted in lucidsoftware/cumulus#101, rubber/rubber#483).
 */
export function duplicateError(rule: SecurityGroupRuleSpec): AwsError {
  const all = (n: number) => (n === -1 ? 'ALL' : String(n));
  let what: string;
  if (rule.IpProtocol === '-1') what = 'ALL';
  else if (rule.IpProtocol === 'tcp' || rule.IpProtocol === 'udp') what = `${rule.IpProtocol.toUpperCase()}, from port: ${rule.FromPort}, to port: ${rule.ToPort}`;
  else if (rule.IpProtocol === 'icmp' || rule.IpProtocol === 'icmpv6') what = `${rule.IpProtocol.toUpperCase()}, type: ${all(rule.FromPort)}, code: ${all(rule.ToPort)}`;
  else what = rule.IpProtocol;
  return new AwsError('InvalidPermission.Duplicate', `the specified rule "peer: ${peerOf(rule)}, ${what}, ALLOW" already exists`);
}

/**
 * The IpPermission view of rules: one permission per (protocol, from port, to port), in the order the
 * first rule of each appeared, with all four source lists present (empty ones too, as AWS sends them);
 * protocol -1 carries no ports (rule R167, wire example DescribeSecurityGroups-with-tags).
 */
export function toIpPermissions(rules: readonly SecurityGroupRuleSpec[]): IpPermission[] {
  const byRange = new Map<string, Required<Pick<IpPermission, 'IpRanges' | 'Ipv6Ranges' | 'PrefixListIds' | 'UserIdGroupPairs'>> & IpPermission>();
  for (const r of rules) {
    const key = `${r.IpProtocol}|${r.FromPort}|${r.ToPort}`;
    let p = byRange.get(key);
    if (!p) {
      p = {
        IpProtocol: r.IpProtocol,
        ...(r.IpProtocol === '-1' ? {} : { FromPort: r.FromPort, ToPort: r.ToPort }),
        UserIdGroupPairs: [], IpRanges: [], Ipv6Ranges: [], PrefixListIds: [],
      };
      byRange.set(key, p);
    }
    const description = r.Description === undefined ? {} : { Description: r.Description };
    if (r.CidrIpv4 !== undefined) p.IpRanges.push({ CidrIp: r.CidrIpv4, ...description });
    else if (r.CidrIpv6 !== undefined) p.Ipv6Ranges.push({ CidrIpv6: r.CidrIpv6, ...description });
    else if (r.PrefixListId !== undefined) p.PrefixListIds.push({ PrefixListId: r.PrefixListId, ...description });
    else if (r.ReferencedGroupInfo) p.UserIdGroupPairs.push({ UserId: r.ReferencedGroupInfo.UserId, GroupId: r.ReferencedGroupInfo.GroupId, ...description });
  }
  return [...byRange.values()];
}
