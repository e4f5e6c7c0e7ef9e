/**
 * @module test/e2e/harness
 * Runs the real Postern for end-to-end tests: `node bin/postern.js start --port 0` as a child process on
 * a temporary data dir, with two accounts (A and B) from an accounts file, and the three real clients
 * the issue names — SDK v3, the `aws` CLI (v1) and boto3 — plus raw SigV4-signed HTTP for the tests that
 * must control every byte. Nothing of Postern is mocked: the tests see it only over its socket.
 *
 *   startPostern() -> { url, ec2(), elbv2(), sts(), cli(), python(), raw(), stop(), kill(), restart(), cleanup() }
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { STSClient } from '@aws-sdk/client-sts';

// The SDK warns once per process that it will need Node 22 in 2027; that is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface TestAccount {
  accountId: string;
  name: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** Two accounts with fixed keys, written to the accounts file of every test server. */
export const ACCOUNT_A: TestAccount = {
  accountId: '111122223333', name: 'alpha', accessKeyId: 'AKIAPOSTERNTESTAAAAA', secretAccessKey: 'alpha/secret/key/0000000000000000000000',
};
export const ACCOUNT_B: TestAccount = {
  accountId: '444455556666', name: 'bravo', accessKeyId: 'AKIAPOSTERNTESTBBBBB', secretAccessKey: 'bravo/secret/key/1111111111111111111111',
};

export const API_VERSIONS = { ec2: '2016-11-15', elasticloadbalancing: '2015-12-01', sts: '2011-06-15' } as const;
export type SigningService = keyof typeof API_VERSIONS;

export interface ClientOptions { account?: TestAccount; region?: string }

export interface ProcessResult { code: number | null; stdout: string; stderr: string }

export interface RawRequest {
  service: SigningService;
  /** Action and members; Version is added from API_VERSIONS unless given */
  params: Record<string, string> | [string, string][];
  account?: TestAccount;
  /** the secret used to sign, when it should differ from the account's */
  secretAccessKey?: string;
  region?: string;
  method?: 'POST' | 'GET';
  signingDate?: Date;
}

export interface RawResponse { status: number; headers: Headers; text: string }

export interface Postern {
  readonly url: string;
  readonly dataDir: string;
  readonly accountsFile: string;
  /** stdout and stderr of the current process so far, for failure messages */
  output(): string;
  ec2(opts?: ClientOptions): EC2Client;
  elbv2(opts?: ClientOptions): ElasticLoadBalancingV2Client;
  sts(opts?: ClientOptions): STSClient;
  /** runs `aws --endpoint-url <url> ARGS --output json` with the account's keys and no profile files */
  cli(args: string[], opts?: ClientOptions): Promise<ProcessResult>;
  /** runs a python3 script with boto3 available; POSTERN_URL and the account's keys are in its environment */
  python(script: string, opts?: ClientOptions & { args?: string[] }): Promise<ProcessResult>;
  /** a SigV4-signed Query request (signed by @smithy/signature-v4) over fetch */
  raw(req: RawRequest): Promise<RawResponse>;
  /** SIGTERM, then waits for the exit; resolves with the exit code */
  stop(): Promise<number | null>;
  /** SIGKILL: no chance to flush or close anything */
  kill(): Promise<void>;
  /** starts a new process on the same data dir (the URL changes: a new ephemeral port) */
  restart(): Promise<void>;
  /** stops the process if it runs and removes the temporary directory */
  cleanup(): Promise<void>;
}

const READY = /^postern ready: (\S+)/m;
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/** The environment of a spawned client: no AWS settings of the machine, only the test account's keys. */
function clientEnv(account: TestAccount, region: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) env[k] = v;
  return {
    ...env,
    AWS_ACCESS_KEY_ID: account.accessKeyId,
    AWS_SECRET_ACCESS_KEY: account.secretAccessKey,
    AWS_DEFAULT_REGION: region,
    AWS_REGION: region,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_RETRY_MODE: 'standard',
    AWS_MAX_ATTEMPTS: '1',
    ...extra,
  };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<ProcessResult> {
  return new Promise((resolve) => {
    execFile(command, args, { env, cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Servers still running: killed if the test process exits without its `after` hook having run. */
const LIVE = new Set<ChildProcess>();
process.once('exit', () => { for (const child of LIVE) child.kill('SIGKILL'); });

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); }, timeoutMs);
    child.once('exit', (code) => { clearTimeout(timer); resolve(code); });
  });
}

/**
 * Starts the real server: a temporary directory with the accounts file and the data dir. `args` are more
 * `postern start` flags (e.g. `--sns-endpoint URL`, `--dns-resolver HOST:PORT`), kept across restart().
 */
export async function startPostern(opts: { accounts?: TestAccount[]; args?: string[] } = {}): Promise<Postern> {
  const root = mkdtempSync(join(tmpdir(), 'postern-e2e-'));
  const dataDir = join(root, 'data');
  mkdirSync(dataDir);
  const accountsFile = join(root, 'accounts.json');
  writeFileSync(accountsFile, JSON.stringify(opts.accounts ?? [ACCOUNT_A, ACCOUNT_B]));

  let child: ChildProcess | undefined;
  let url = '';
  let log = '';

  async function launch(): Promise<void> {
    log = '';
    const proc = spawn(process.execPath, [
      'bin/postern.js', 'start', '--port', '0', '--data-dir', dataDir, '--accounts-file', accountsFile, '--log-level', 'warn',
      ...(opts.args ?? []),
    ], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_NO_WARNINGS: '1' } });
    child = proc;
    LIVE.add(proc);
    proc.once('exit', () => LIVE.delete(proc));
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`postern did not print its ready line within ${START_TIMEOUT_MS} ms:\n${log}`)), START_TIMEOUT_MS);
      const onData = (chunk: Buffer) => {
        log += chunk.toString('utf8');
        const m = READY.exec(log);
        if (m) { clearTimeout(timer); resolve(m[1]!); }
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', (chunk: Buffer) => { log += chunk.toString('utf8'); });
      proc.once('exit', (code, signal) => { clearTimeout(timer); reject(new Error(`postern exited (${code ?? signal}) before it was ready:\n${log}`)); });
    });
  }

  await launch().catch((err: unknown) => { rmSync(root, { recursive: true, force: true }); throw err; });

  const creds = (account: TestAccount) => ({ accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey });
  const clientConfig = (o: ClientOptions = {}) => ({
    endpoint: url, region: o.region ?? 'us-east-1', credentials: creds(o.account ?? ACCOUNT_A), maxAttempts: 1,
  });

  const postern: Postern = {
    get url() { return url; },
    dataDir,
    accountsFile,
    output: () => log,
    ec2: (o) => new EC2Client(clientConfig(o)),
    elbv2: (o) => new ElasticLoadBalancingV2Client(clientConfig(o)),
    sts: (o) => new STSClient(clientConfig(o)),

    cli(args, o = {}) {
      return run('aws', ['--endpoint-url', url, ...args, '--output', 'json'], clientEnv(o.account ?? ACCOUNT_A, o.region ?? 'us-east-1'));
    },

    python(script, o = {}) {
      return run('python3', ['-c', script, ...(o.args ?? [])],
        // PYTHONPATH: the scripts import their shared helpers from test/e2e/.
        clientEnv(o.account ?? ACCOUNT_A, o.region ?? 'us-east-1', { POSTERN_URL: url, PYTHONPATH: fileURLToPath(new URL('.', import.meta.url)) }));
    },

    async raw(req) {
      const account = req.account ?? ACCOUNT_A;
      const region = req.region ?? 'us-east-1';
      const entries = Array.isArray(req.params) ? req.params : Object.entries(req.params);
      if (!entries.some(([k]) => k === 'Version')) entries.push(['Version', API_VERSIONS[req.service]]);
      const encoded = new URLSearchParams(entries).toString();
      const { hostname, port } = new URL(url);
      const method = req.method ?? 'POST';
      const signer = new SignatureV4({
        service: req.service, region, sha256: Sha256,
        credentials: { accessKeyId: account.accessKeyId, secretAccessKey: req.secretAccessKey ?? account.secretAccessKey },
      });
      const query = Object.fromEntries(method === 'GET' ? entries : []);
      const signed = await signer.sign({
        method, protocol: 'http:', hostname, port: Number(port), path: '/', query,
        headers: {
          host: `${hostname}:${port}`,
          ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } : {}),
        },
        body: method === 'POST' ? encoded : undefined,
      }, { signingDate: req.signingDate });
      const target = method === 'GET' ? `${url}/?${encoded}` : `${url}/`;
      const res = await fetch(target, { method, headers: signed.headers, body: method === 'POST' ? encoded : undefined });
      return { status: res.status, headers: res.headers, text: await res.text() };
    },

    async stop() {
      if (!child) return null;
      const c = child;
      child = undefined;
      c.kill('SIGTERM');
      return waitForExit(c, STOP_TIMEOUT_MS);
    },

    async kill() {
      if (!child) return;
      const c = child;
      child = undefined;
      c.kill('SIGKILL');
      await waitForExit(c, STOP_TIMEOUT_MS);
    },

    async restart() {
      if (child) throw new Error('postern is still running: stop() or kill() it before restart()');
      await launch();
    },

    async cleanup() {
      await postern.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
  return postern;
}

/** Parses the JSON a CLI or python run printed, failing with its stderr when it did not succeed. */
export function jsonOf<T = Record<string, unknown>>(r: ProcessResult): T {
  if (r.code !== 0) throw new Error(`command failed (${r.code}):\n${r.stderr}\n${r.stdout}`);
  return JSON.parse(r.stdout) as T;
}
