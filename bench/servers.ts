/**
 * @module bench/servers
 * The servers under test as child processes: Postern (`node bin/postern.js start`, durable store, as users
 * run it) and moto_server. Their CPU time is read from /proc (utime + stime of the process and its
 * descendants), so that what the load generator spends is never counted.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { fileURLToPath } from 'node:url';

export interface ServerProcess {
  name: string;
  host: string;
  port: number;
  pid: number;
  /** lines the server wrote, for a report when it fails */
  output(): string;
  /** how the process ended (`exit code 1`, `signal SIGKILL`), undefined while it runs */
  exit(): string | undefined;
  stop(): Promise<void>;
}

const REPO = fileURLToPath(new URL('..', import.meta.url));
const START_TIMEOUT_MS = 60_000;

/** Clock ticks per second of /proc/<pid>/stat times. */
export const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** utime + stime (fields 14 and 15 of /proc/<pid>/stat), in clock ticks; undefined once the process is gone. */
function ownTicks(pid: number): { ticks: number; ppid: number } | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses; the fields after its last ')' are fixed.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { ticks: Number(f[11]) + Number(f[12]), ppid: Number(f[1]) };
}

/** CPU ticks of a process and of all its live descendants. */
export function cpuTicks(pid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const s = ownTicks(Number(entry));
    if (!s) continue;
    const list = children.get(s.ppid) ?? [];
    list.push(Number(entry));
    children.set(s.ppid, list);
  }
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    total += ownTicks(p)?.ticks ?? 0;
    stack.push(...(children.get(p) ?? []));
  }
  return total;
}

function track(name: string, child: ChildProcess, host: string, port: number): ServerProcess & { ready(match: (out: string) => boolean): Promise<void> } {
  let out = '';
  const waiters: (() => void)[] = [];
  const onData = (d: Buffer) => {
    out += d.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
    for (const w of waiters) w();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  let exit: string | undefined;
  const exited = new Promise<void>((resolve) => child.once('exit', (code, signal) => {
    exit = signal ? `signal ${signal}` : `exit code ${code}`;
    resolve();
  }));
  let alive = true;
  void exited.then(() => { alive = false; for (const w of waiters) w(); });
  return {
    name, host, port, pid: child.pid!,
    output: () => out,
    exit: () => exit,
    ready(match) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name} did not start within ${START_TIMEOUT_MS / 1000} s:\n${out}`)), START_TIMEOUT_MS);
        const check = () => {
          if (match(out)) { clearTimeout(timer); resolve(); } else if (!alive) { clearTimeout(timer); reject(new Error(`${name} exited during start:\n${out}`)); }
        };
        waiters.push(check);
        check();
      });
    },
    async stop() {
      if (!alive) return;
      process.kill(child.pid!, 'SIGTERM');
      const killed = setTimeout(() => { if (alive) process.kill(child.pid!, 'SIGKILL'); }, 5000);
      await exited;
      clearTimeout(killed);
    },
  };
}

/**
 * @param opts.nodeFlags flags for node itself, e.g. `--cpu-prof` (which NODE_OPTIONS does not accept)
 * @param opts.args more options of `postern start`, e.g. `--quota interfaceEndpointsPerVpc=5000`
 * @param opts.checkout the Postern checkout to run (default: this one), to compare two versions side by side
 */
export async function startPostern(opts: { port: number; dataDir: string; accountsFile: string; nodeFlags?: string[]; args?: string[]; checkout?: string }): Promise<ServerProcess> {
  const args = ['bin/postern.js', 'start', '--host', '127.0.0.1', '--port', String(opts.port), '--data-dir', opts.dataDir, '--accounts-file', opts.accountsFile, ...(opts.args ?? [])];
  const child = spawn(process.execPath, [...(opts.nodeFlags ?? []), ...args], {
    cwd: opts.checkout ?? REPO, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server = track('postern', child, '127.0.0.1', opts.port);
  try {
    await server.ready((out) => out.includes('postern ready:'));
  } catch (err) {
    await server.stop();
    throw err;
  }
  return server;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

export async function startMoto(opts: { port: number }): Promise<ServerProcess> {
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(opts.port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // Loading moto's AMI catalogue into each new account-region's backend is what makes its region set-up
    // slow (a warm-up cost here, not a measured one); none of the measured operations reads AMIs.
    env: { ...process.env, MOTO_EC2_LOAD_DEFAULT_AMIS: 'false' },
  });
  const server = track('moto_server', child, '127.0.0.1', opts.port);
  const deadline = Date.now() + START_TIMEOUT_MS;
  try {
    while (!(await accepts(opts.port))) {
      if (Date.now() > deadline) throw new Error(`moto_server did not listen within ${START_TIMEOUT_MS / 1000} s:\n${server.output()}`);
      if (child.exitCode !== null) throw new Error(`moto_server exited during start:\n${server.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (err) {
    await server.stop();
    throw err;
  }
  return server;
}
