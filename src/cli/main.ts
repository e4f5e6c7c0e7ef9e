/**
 * @module cli/main
 * The `postern` command. `postern start` serves the AWS API until SIGTERM or SIGINT.
 */
import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { resolveConfig, type ConfigFlags } from '../server/config.js';
import { startServer } from '../server/server.js';

const program = new Command('postern').description('A self-hosted AWS PrivateLink');

program.command('start')
  .description('start the API server')
  .option('--host <host>', 'address to listen on (POSTERN_HOST, default 127.0.0.1)')
  .option('--port <port>', 'port to listen on (POSTERN_PORT, default 4580)')
  .option('--data-dir <dir>', 'where the store lives (POSTERN_DATA_DIR, default ./.postern)')
  .option('--accounts-file <file>', 'JSON list of accounts and keys to create (POSTERN_ACCOUNTS_FILE)')
  .option('--in-memory', 'keep nothing: a throwaway store removed on exit')
  .option('--log-level <level>', 'pino log level (POSTERN_LOG_LEVEL, default info)')
  .option('--endpoint-provisioning-delay <ms>', 'how long VPC endpoints stay pending (and deleting) before available (deleted), to emulate AWS\'s minutes (POSTERN_ENDPOINT_PROVISIONING_DELAY, default 300)')
  .option('--deleted-endpoint-retention <ms>', 'how long deleted VPC endpoints stay listed as deleted (POSTERN_DELETED_ENDPOINT_RETENTION, default 60000)')
  .option('--private-dns-verification-window <ms>', 'how long private DNS name verification retries before it fails (POSTERN_PRIVATE_DNS_VERIFICATION_WINDOW, default 30000)')
  .option('--dns-resolver <host:port>', 'DNS server for private DNS name verification lookups (POSTERN_DNS_RESOLVER, default the system\'s)')
  .option('--quota <name=value>', 'change an AWS quota, e.g. interfaceEndpointsPerVpc=200 (repeatable; POSTERN_QUOTAS=a=1,b=2)', (v: string, all: string[] = []) => [...all, v])
  .option('--sns-endpoint <url>', 'SNS endpoint connection notifications are published to (POSTERN_SNS_ENDPOINT; none: not delivered)')
  .action(async (flags: ConfigFlags) => {
    let config;
    try {
      config = resolveConfig(flags);
    } catch (err) {
      process.stderr.write(`postern: ${(err as Error).message}\n`);
      process.exit(2);
    }
    const log = pino({ level: config.logLevel });
    let server;
    try {
      server = await startServer(config, { logger: log });
    } catch (err) {
      process.stderr.write(`postern: cannot start: ${(err as Error).message}\n`);
      process.exit(1);
    }
    const existing = join(resolve(config.dataDir), 'credentials');
    const credentials = server.credentialsFile ?? (!config.inMemory && existsSync(existing) ? existing : undefined);
    const where = config.inMemory ? 'in memory (nothing kept)' : resolve(config.dataDir);
    const keys = credentials ? `credentials ${credentials} (profile postern)` : `accounts from ${config.accountsFile ?? 'the store'}`;
    process.stdout.write(`postern ready: ${server.url}  data ${where}  ${keys}\n`);
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'stopping');
      server.stop().then(() => process.exit(0), (err: Error) => { log.error({ err }, 'stop failed'); process.exit(1); });
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  });

await program.parseAsync(process.argv);
