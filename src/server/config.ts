/**
 * @module server/config
 * Start-up settings: defaults, then environment variables (POSTERN_*), then command-line flags.
 */
import { readFileSync } from 'node:fs';
import type { AccountSeed } from '../control/accounts/accounts.js';

export interface ServerConfig {
  host: string;
  port: number;
  /** undefined with inMemory */
  dataDir: string;
  inMemory: boolean;
  accountsFile?: string;
  logLevel: string;
}

export interface ConfigFlags {
  host?: string;
  port?: string;
  dataDir?: string;
  accountsFile?: string;
  inMemory?: boolean;
  logLevel?: string;
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
  };
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
