/**
 * @module bench/run
 * `npm run bench`: Postern against moto_server, measured in the same run with the same load generator.
 *
 *   npm run bench                            every part (about 4-5 minutes)
 *   npm run bench -- --only substrate        only the VPC substrate phases (issue 3)
 *   npm run bench -- --only privatelink      only the PrivateLink phases (issue 4)
 *
 * Both servers run as child processes (Postern with its durable store in a temporary data directory, as
 * users run it, its endpoints pending for 50 ms and its interface-endpoint quota raised for the listing:
 * see bench/privatelink.ts). Each part sets up its own accounts, warms every operation up on other
 * accounts, then measures each operation at a fixed concurrency, bounded in calls and in time, Postern's
 * and moto's phase of an operation interleaved in alternating one-second slices (so that a drift of the
 * machine's speed falls on both; the listings, one call at a time, run one server after the other):
 *   substrate (bench/substrate.ts)      CreateVpc, CreateSubnet, DescribeVpcs by id, DescribeSubnets of 1000
 *   privatelink (bench/privatelink.ts)  CreateVpcEndpoint, DescribeVpcEndpoints by id, and DescribeVpcEndpoints
 *                                       listing 100, 1000 and 5000 endpoints (time and CPU per call, per
 *                                       endpoint, and whether the cost grows no worse than linearly)
 * Printed: calls/s, server CPU per call (from /proc, so the load generator is not counted), and the
 * Postern/moto ratios against the targets (>= 10x the calls/s, <= 0.1x the CPU per call; the 5000-endpoint
 * listing in <= 0.1x moto's time).
 *
 * Calls/s depend on what else the machine runs; the load average is printed before and after. To profile
 * Postern during the run: POSTERN_BENCH_NODE_FLAGS='--cpu-prof --cpu-prof-dir=/tmp/prof' npm run bench.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Target } from './load.js';
import { PRIVATELINK_ACCOUNTS, PRIVATELINK_DESCRIPTION, PRIVATELINK_POSTERN_ARGS, runPrivateLink } from './privatelink.js';
import { log, type Verdict } from './report.js';
import { CLOCK_TICKS, freePort, startMoto, startPostern, type ServerProcess } from './servers.js';
import { checkAgainstSmithy } from './sigv4.js';
import { CONCURRENCY, runSubstrate, SUBSTRATE_ACCOUNTS, SUBSTRATE_DESCRIPTION } from './substrate.js';

const PARTS = ['substrate', 'privatelink'] as const;
type Part = (typeof PARTS)[number];

/** The parts to run: all, or the one `--only <part>` names. */
function parts(argv: readonly string[]): Part[] {
  if (argv.length === 0) return [...PARTS];
  const part = argv[0] === '--only' ? argv[1] : undefined;
  if (argv.length !== 2 || !PARTS.includes(part as Part)) {
    throw new Error(`usage: npm run bench [-- --only ${PARTS.join('|')}] (got: ${argv.join(' ')})`);
  }
  return [part as Part];
}

async function main(): Promise<void> {
  const selected = parts(process.argv.slice(2));
  await checkAgainstSmithy();
  const dir = mkdtempSync(join(tmpdir(), 'postern-bench-'));
  const servers: ServerProcess[] = [];
  const cleanup = async () => {
    await Promise.allSettled(servers.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  const interrupted = () => { void cleanup().finally(() => process.exit(130)); };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const accounts = [...(selected.includes('substrate') ? SUBSTRATE_ACCOUNTS : []), ...(selected.includes('privatelink') ? PRIVATELINK_ACCOUNTS : [])];
    const accountsFile = join(dir, 'accounts.json');
    writeFileSync(accountsFile, JSON.stringify(accounts));
    const [posternPort, motoPort] = [await freePort(), await freePort()];
    // Both start together; whichever did start is stopped by the cleanup even when the other failed.
    const starts = await Promise.allSettled([
      startPostern({
        port: posternPort, dataDir: join(dir, 'data'), accountsFile, args: PRIVATELINK_POSTERN_ARGS,
        nodeFlags: process.env.POSTERN_BENCH_NODE_FLAGS?.split(' ').filter(Boolean),
      }),
      startMoto({ port: motoPort }),
    ]);
    for (const s of starts) if (s.status === 'fulfilled') servers.push(s.value);
    for (const s of starts) if (s.status === 'rejected') throw s.reason;
    const [postern, moto] = servers as [ServerProcess, ServerProcess];
    log(`Postern pid ${postern.pid} on :${postern.port} (durable store in ${join(dir, 'data')}, ${accounts.length} accounts from an accounts file, `
      + `${PRIVATELINK_POSTERN_ARGS.join(' ')}); moto_server pid ${moto.pid} on :${moto.port}`);
    log(`parts: ${selected.join(', ')}; load: ${CONCURRENCY} keep-alive connections (1 for listings), SigV4-signed EC2 Query POSTs; each phase stops at its call limit or time limit`);
    if (selected.includes('substrate')) log(`substrate: ${SUBSTRATE_DESCRIPTION}`);
    if (selected.includes('privatelink')) log(`privatelink: ${PRIVATELINK_DESCRIPTION}`);
    log(`server CPU = utime + stime from /proc/<pid>/stat over each phase (CLK_TCK ${CLOCK_TICKS})`);
    const startLoad = loadavg()[0]!;
    log(`machine: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the start`);
    const targets = [new Target(postern, false), new Target(moto, true)] as const;
    const verdicts: Verdict[] = [];
    if (selected.includes('substrate')) verdicts.push(await runSubstrate(...targets));
    if (selected.includes('privatelink')) verdicts.push(await runPrivateLink(...targets));
    const met = verdicts.reduce((n, v) => n + v.met, 0);
    const total = verdicts.reduce((n, v) => n + v.targets, 0);
    log(`\nverdict: ${met} of ${total} targets met — ${verdicts.flatMap((v) => v.verdicts).join('; ')}`);
    log(`machine: load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the end (1, 5, 15 min)`);
    // The bench itself keeps about 2 runnable (server + load generator); more means other work competed.
    if (Math.max(startLoad, loadavg()[0]!) > cpus().length + 1) {
      log(`warning: the machine was busy (load average above ${cpus().length + 1} on ${cpus().length} CPUs): calls/s, times and their ratios are unreliable in this run `
        + '(a single-threaded server gets a smaller share of a contended CPU than a many-threaded one); CPU per call is much less affected.');
    }
  } finally {
    await cleanup();
  }
}

await main().catch((err: Error) => {
  process.stderr.write(`bench failed: ${err.message}\n`);
  process.exitCode = 1;
});
