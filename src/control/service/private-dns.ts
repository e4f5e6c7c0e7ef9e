/**
 * @module control/service/private-dns
 * Private DNS names of endpoint services and the proof of domain ownership (seed 002, "Private DNS names for
 * endpoint services", "VPC endpoint service private DNS name verification"; rules R89-R96):
 *
 *   set a name  -> PrivateDnsNameConfiguration { State pendingVerification, Type TXT, Name _<random>, Value vpce:<random> }
 *   TXT lookup of <Name>.<domain> (or <domain> itself) == Value, for the name or one of its parent domains
 *               -> verified; nothing found until the retry window has passed -> failed
 *
 * Only the rules live here; the lookups are made by dns/txt-verifier, which reports back to the control plane.
 */
import type { IdGenerator } from '../ids.js';
import { InvalidParameter } from '../errors.js';
import type { PrivateDnsNameConfiguration } from './records.js';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const MIXED_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomText(ids: IdGenerator, alphabet: string, length: number): string {
  return Array.from(Buffer.from(ids.hex(length * 2), 'hex'), (b) => alphabet[b % alphabet.length]).join('');
}

/**
 * A name a provider may give its service: lower case, labels of letters, digits and hyphens up to 63
 * characters, at most 255 in all, a leading `*.` wildcard allowed (rules R96, RFC 1034). The error
 * AWS gives for a bad name was not found in public material: InvalidParameter is the code its sibling
 * checks use. **(message unverified)**
 */
export function checkPrivateDnsName(name: string): void {
  const bare = name.startsWith('*.') ? name.slice(2) : name;
  const labels = bare.split('.');
  const valid = name.length <= 255 && labels.length >= 2 && name === name.toLowerCase()
    && labels.every((l) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(l));
  if (!valid) throw new InvalidParameter(`The private DNS name '${name}' is not valid. It must be a lower-case domain name with labels of at most 63 characters and at most 255 characters in all.`);
}

/** A fresh TXT challenge, shaped like AWS's: `_1d367jvbg34znqvyefrj` / `vpce:qUAth3FdeABCApUiXabc` (rules R90). */
export function newPrivateDnsNameConfiguration(ids: IdGenerator): PrivateDnsNameConfiguration {
  return {
    State: 'pendingVerification',
    Type: 'TXT',
    Value: `vpce:${randomText(ids, MIXED_ALNUM, 20)}`,
    Name: `_${randomText(ids, LOWER_ALNUM, 20)}`,
  };
}

/**
 * The TXT records whose value proves ownership of a private DNS name, most specific first: for the name
 * and each parent domain (verifying example.com covers a.example.com, rules R96), the record
 * `<Name>.<domain>` and, for DNS hosts that refuse underscores, the domain itself (rules R91).
 */
export function verificationRecordNames(privateDnsName: string, config: PrivateDnsNameConfiguration): string[] {
  const labels = (privateDnsName.startsWith('*.') ? privateDnsName.slice(2) : privateDnsName).split('.');
  const out: string[] = [];
  for (let i = 0; labels.length - i >= 2; i++) {
    const domain = labels.slice(i).join('.');
    out.push(`${config.Name}.${domain}`, domain);
  }
  return out;
}

/** AWS compares the value exactly, case included (rules R92). A TXT record may come split in chunks. */
export function provesOwnership(records: readonly (readonly string[])[], value: string): boolean {
  return records.some((chunks) => chunks.join('') === value);
}
