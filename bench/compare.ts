/**
 * @module bench/compare
 * `npm run bench:compare -- DIR_A DIR_B [slices]`: two Postern checkouts (say `git worktree add /tmp/a
 * <commit>` and this one) side by side, CreateVpcEndpoint load alternating between them in one-second
 * slices, A then B, then B then A (load.ts runInterleaved). On a shared VM whose speed drifts by a tenth or more from one minute to
 * the next, runs made one after the other cannot tell a change of a few percent from the drift; slices
 * this short put both versions through the same drift. Prints each side's calls/s and server CPU per call,
 * and B's CPU per call relative to A's. Each checkout needs its node_modules (a symlink will do).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runInterleaved, Target, type PhaseResult } from './load.js';
import { createEndpoints, findSites, type EndpointSite } from './privatelink-workload.js';
import { log } from './report.js';
import { CLOCK_TICKS, freePort, startPostern, type ServerProcess } from './servers.js';
import { accountRegions, benchAccount } from './workload.js';

const SLICE_MS = 1000;
const CONCURRENCY = 16;
/** Sites warmed up on, apart from the ones measured. */
const WARMUP_SITES = 17;

interface Side {
  checkout: string;
  server: ServerProcess;
  target: Target;
  sites: EndpointSite[];
}

async function main(argv: string[]): Promise<void> {
  const [a, b, slicesArg] = argv;
  const slices = Number(slicesArg ?? 16);
  if (!a || !b || !Number.isInteger(slices) || slices < 2) throw new Error('usage: npm run bench:compare -- DIR_A DIR_B [slices >= 2]');
  const dir = mkdtempSync(join(tmpdir(), 'postern-compare-'));
  const accounts = Array.from({ length: 21 }, (_, i) => benchAccount(300 + i));
  writeFileSync(join(dir, 'accounts.json'), JSON.stringify(accounts));
  const sides: Side[] = [];
  try {
    for (const [k, checkout] of [a, b].entries()) {
      const server = await startPostern({
        checkout: resolve(checkout), port: await freePort(), dataDir: join(dir, `data-${k}`), accountsFile: join(dir, 'accounts.json'),
        args: ['--endpoint-provisioning-delay', '50', '--quota', 'interfaceEndpointsPerVpc=1000'],
      });
      sides.push({ checkout, server, target: new Target(server, false), sites: [] });
    }
    const limits = (maxMs: number) => ({ maxCalls: Infinity, maxMs, concurrency: CONCURRENCY });
    for (const s of sides) {
      await s.target.run(findSites('sites', accountRegions(accounts), s.sites, limits(60_000)));
      await s.target.run(createEndpoints('warm-up', s.sites.slice(0, WARMUP_SITES), 50, [], 0, limits(2 * SLICE_MS)));
    }
    // Both servers in alternating slices, each server's CPU read over the whole run (load.ts runInterleaved).
    const results = await runInterleaved(sides.map((s) => ({
      target: s.target,
      spec: createEndpoints('CreateVpcEndpoint', s.sites.slice(WARMUP_SITES), 1000, [], 0, limits(slices * SLICE_MS)),
    })), SLICE_MS);
    for (const [k, r] of results.entries()) {
      if (r.ok !== r.calls) throw new Error(`${sides[k]!.checkout}: ${r.calls - r.ok} of ${r.calls} CreateVpcEndpoint calls failed`);
    }
    const cpuPerCall = (r: PhaseResult) => r.cpuTicks / CLOCK_TICKS / r.ok;
    const callsPerSecond = (r: PhaseResult) => r.ok / r.elapsedMs * 1000;
    for (const [k, r] of results.entries()) {
      log(`${sides[k]!.checkout}: ${r.ok} CreateVpcEndpoint in ${slices} slices, ${callsPerSecond(r).toFixed(0)} calls/s, server CPU ${(cpuPerCall(r) * 1e6).toFixed(0)} µs/call`);
    }
    const [resultA, resultB] = results as [PhaseResult, PhaseResult];
    log(`B/A: CPU per call ${(cpuPerCall(resultB) / cpuPerCall(resultA)).toFixed(3)}, calls/s ${(callsPerSecond(resultB) / callsPerSecond(resultA)).toFixed(3)}`);
  } finally {
    await Promise.allSettled(sides.map((s) => s.server.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}

await main(process.argv.slice(2));
