/**
 * @module bench/profile
 * Summarizes a V8 CPU profile of Postern (`POSTERN_BENCH_NODE_FLAGS='--cpu-prof --cpu-prof-dir=DIR' npm run
 * bench`), over the whole run or over the window of one phase (the bench logs each phase's window when
 * profiling): the functions that spent the most time themselves (self), and those under which the most
 * time was spent (total, each function counted once per sample however deep it recurs).
 *
 *   npx tsx bench/profile.ts DIR/CPU.<...>.cpuprofile [startUs endUs] [--top N]
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const REPO = fileURLToPath(new URL('..', import.meta.url));

function frameName(n: ProfileNode): string {
  const { functionName, url, lineNumber } = n.callFrame;
  const file = url.startsWith('file://') ? relative(REPO, fileURLToPath(url)) : url;
  return `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`;
}

function main(argv: string[]): void {
  const topAt = argv.indexOf('--top');
  const top = topAt >= 0 ? Number(argv[topAt + 1]) : 25;
  const args = topAt >= 0 ? argv.filter((_, i) => i !== topAt && i !== topAt + 1) : argv;
  const [file, from, to] = args;
  if (!file) throw new Error('usage: npx tsx bench/profile.ts FILE.cpuprofile [startUs endUs] [--top N]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const start = from === undefined ? -Infinity : Number(from);
  const end = to === undefined ? Infinity : Number(to);

  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let sampled = 0;
  let t = profile.startTime;
  for (const [i, id] of profile.samples.entries()) {
    t += profile.timeDeltas[i] ?? 0;
    if (t < start || t > end) continue;
    // A sample stands for the time until the next one.
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    sampled += dt;
    const leaf = byId.get(id)!;
    self.set(frameName(leaf), (self.get(frameName(leaf)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const name = frameName(byId.get(n)!);
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + dt);
    }
  }
  const idle = self.get('(idle)') ?? 0;
  const busy = sampled - idle;
  process.stdout.write(`${file}\nwindow ${((Math.max(start, profile.startTime) - profile.startTime) / 1e6).toFixed(2)} s after the profile's start: `
    + `${sampled.toFixed(0)} ms sampled, ${busy.toFixed(0)} ms busy (not idle)\n`);
  const print = (title: string, m: Map<string, number>) => {
    process.stdout.write(`\n${title} (ms, % of busy)\n`);
    const rows = [...m].filter(([name]) => name !== '(idle)' && name !== '(root)').sort((a, b) => b[1] - a[1]).slice(0, top);
    for (const [name, ms] of rows) process.stdout.write(`${ms.toFixed(1).padStart(9)} ${(100 * ms / busy).toFixed(1).padStart(5)}%  ${name}\n`);
  };
  print('self', self);
  print('total', total);
}

main(process.argv.slice(2));
