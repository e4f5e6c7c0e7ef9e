/**
 * @module server/config
 * Start-up settings: defaults, then environment variables (POSTERN_*), then command-line flags.
 */
import { readFileSync } from 'node:fs';
import type { AccountSeed } from '../control/accounts/accounts.js';
import { DEFAULT_SETTINGS, type Quotas } from '../control/context.js';

export interface ServerConfig {
  host: string;
  port: number;
  /** undefined with inMemory */
  dataDir: string;
  inMemory: boolean;
  accountsFile?: string;
  logLevel: string;
  /** how long endpoints stay `pending` / `deleting` while realized, in ms (settings.endpointProvisioningMs) */
  endpointProvisioningMs?: number;
  /** how long deleted endpoints stay listed as `deleted`, in ms (settings.deletedEndpointRetentionMs) */
  deletedEndpointRetentionMs?: number;
  /** how long private DNS verification retries before `failed`, in ms (settings.privateDnsVerificationWindowMs) */
  privateDnsVerificationWindowMs?: number;
  /** the DNS server private DNS name verification asks (HOST:PORT); none: the system's resolvers */
  dnsResolver?: string;
  /** where connection notifications are published (an SNS Query endpoint); none: they are not delivered */
  snsEndpoint?: string;
  /** quotas raised or lowered from AWS's defaults */
  quotas: Partial<Quotas>;
}

export interface ConfigFlags {
  host?: string;
  port?: string;
  dataDir?: string;
  accountsFile?: string;
  inMemory?: boolean;
  logLevel?: string;
  endpointProvisioningDelay?: string;
  deletedEndpointRetention?: string;
  privateDnsVerificationWindow?: string;
  dnsResolver?: string;
  snsEndpoint?: string;
  quota?: string[];
}

export function resolveConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(flags.port ?? env.POSTERN_PORT ?? 4580);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`port must be a number from 0 to 65535, not '${flags.port ?? env.POSTERN_PORT}'`);
  return {
    host: flags.host ?? env.POSTERN_HOST ?? '127.0.0.1',
    port,
    dataDir: flags.dataDir ?? env.POSTERN_DATA_DIR ?? '.postern',
    inMemory: flags.inMemory ?? env.POSTERN_IN_MEMORY === '1',
    accountsFile: flags.accountsFile ?? env.POSTERN_ACCOUNTS_FILE,
    logLevel: flags.logLevel ?? env.POSTERN_LOG_LEVEL ?? 'info',
    endpointProvisioningMs: milliseconds('endpoint provisioning delay', flags.endpointProvisioningDelay ?? env.POSTERN_ENDPOINT_PROVISIONING_DELAY),
    deletedEndpointRetentionMs: milliseconds('deleted endpoint retention', flags.deletedEndpointRetention ?? env.POSTERN_DELETED_ENDPOINT_RETENTION),
    privateDnsVerificationWindowMs: milliseconds('private DNS verification window', flags.privateDnsVerificationWindow ?? env.POSTERN_PRIVATE_DNS_VERIFICATION_WINDOW),
    dnsResolver: dnsResolver(flags.dnsResolver ?? env.POSTERN_DNS_RESOLVER),
    snsEndpoint: snsEndpoint(flags.snsEndpoint ?? env.POSTERN_SNS_ENDPOINT),
    quotas: quotas([...(env.POSTERN_QUOTAS ? env.POSTERN_QUOTAS.split(',') : []), ...(flags.quota ?? [])]),
  };
}

/** `name=value` pairs naming AWS quotas as control/context.ts does, e.g. interfaceEndpointsPerVpc=200. */
function quotas(pairs: readonly string[]): Partial<Quotas> {
  const out: Partial<Quotas> = {};
  for (const pair of pairs) {
    const [name, value] = pair.split('=');
    if (!name || !(name in DEFAULT_SETTINGS.quotas)) {
      throw new Error(`unknown quota '${name ?? pair}': one of ${Object.keys(DEFAULT_SETTINGS.quotas).join(', ')}`);
    }
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new Error(`quota ${name} must be a whole number, not '${value ?? ''}'`);
    out[name as keyof Quotas] = n;
  }
  return out;
}

function snsEndpoint(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  let url: URL;
  try { url = new URL(value); } catch { throw new Error(`sns endpoint must be an http(s) URL, not '${value}'`); }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`sns endpoint must be an http(s) URL, not '${value}'`);
  return value;
}

/** HOST:PORT, [IPv6]:PORT or a bare host, as node:dns setServers takes them. */
function dnsResolver(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:\s]+)(?::(\d{1,5}))?$/.exec(value);
  if (!m || (m[2] !== undefined && Number(m[2]) > 65535)) throw new Error(`dns resolver must be HOST:PORT, not '${value}'`);
  return value;
}

/** A duration in whole milliseconds, or undefined when not given. */
function milliseconds(what: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 0) throw new Error(`${what} must be a whole number of milliseconds, not '${value}'`);
  return ms;
}

/** Reads an accounts file: `[{"accountId","name","accessKeyId","secretAccessKey"}]`. */
export function readAccountsFile(path: string): AccountSeed[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read the accounts file ${path}: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new Error(`the accounts file ${path} must hold a JSON array of {accountId, name, accessKeyId, secretAccessKey}`);
  return parsed.map((a: Record<string, unknown>, i) => {
    for (const k of ['accountId', 'accessKeyId', 'secretAccessKey']) {
      if (typeof a[k] !== 'string') throw new Error(`the accounts file ${path}: entry ${i + 1} has no string '${k}'`);
    }
    return { accountId: a.accountId as string, name: (a.name as string | undefined) ?? `account-${a.accountId as string}`, accessKeyId: a.accessKeyId as string, secretAccessKey: a.secretAccessKey as string };
  });
}
