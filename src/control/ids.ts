/**
 * @module control/ids
 * Resource ids and ARNs in AWS's formats: a prefix and 17 lowercase hex digits (vpc-, subnet-, sg-...),
 * load balancer and target group ARNs with 16 hex digits (rules R1, R10).
 */
import { randomBytes } from 'node:crypto';

export interface IdGenerator {
  /** `<prefix>-` + 17 lowercase hex digits */
  resourceId(prefix: string): string;
  /** n lowercase hex digits */
  hex(n: number): string;
  /** a 12-digit AWS account id */
  accountId(): string;
  /** a 20-character access key id (AKIA...) and a 40-character secret */
  accessKey(): { accessKeyId: string; secretAccessKey: string };
}

export const randomIds: IdGenerator = {
  resourceId: (prefix) => `${prefix}-${randomHex(17)}`,
  hex: randomHex,
  accountId: () => {
    const digits = Array.from(randomBytes(12), (b) => String(b % 10));
    if (digits[0] === '0') digits[0] = '1';
    return digits.join('');
  },
  accessKey: () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    const id = 'AKIA' + Array.from(randomBytes(16), (b) => alphabet[b % 32]).join('');
    return { accessKeyId: id, secretAccessKey: randomBytes(30).toString('base64').replace(/[+/]/g, 'x') };
  },
};

/** Random hex drawn from a pool: one randomBytes call per 4 KiB rather than one per id. */
let pool = '';
function randomHex(n: number): string {
  if (pool.length < n) pool = randomBytes(4096).toString('hex');
  const out = pool.slice(0, n);
  pool = pool.slice(n);
  return out;
}

export function ec2Arn(region: string, accountId: string, resource: string): string {
  return `arn:aws:ec2:${region}:${accountId}:${resource}`;
}
