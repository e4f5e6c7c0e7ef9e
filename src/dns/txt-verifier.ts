/**
 * @module dns/txt-verifier
 * Private DNS name domain verification done for real (seed 002, "VPC endpoint service private DNS name
 * verification"; rules R91-R93): on `private-dns-verification-requested` it looks the TXT records the control
 * plane names up in public DNS (node:dns, the system's resolver or `--dns-resolver HOST:PORT`), and reports each
 * attempt back through the control plane, which decides verified / still pending / failed. It retries with
 * exponential backoff until the control plane says the verification is over. It never writes the store.
 *
 *   control publishes request -> lookups of <Name>.<domain>, <domain> ... -> control.recordPrivateDnsVerification
 *                                      ^------------ backoff while pendingVerification -----------'
 */
import { Resolver } from 'node:dns/promises';
import type { Logger } from 'pino';
import type { ControlPlane } from '../control/plane.js';
import type { Scope } from '../store/store.js';
import { provesOwnership } from '../control/service/private-dns.js';

export interface TxtVerifierOptions {
  /** resolvers as HOST:PORT (or HOST); none: the system's */
  servers?: string[];
  logger?: Logger;
  /** first retry delay; doubles each attempt up to maxDelayMs */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** per-query timeout */
  queryTimeoutMs?: number;
}

export interface TxtVerifier {
  /** resolves once every running verification has ended; for tests */
  idle(): Promise<void>;
  /** ends every verification loop (each finishes the store call it is in) */
  stop(): Promise<void>;
}

/**
 * Error codes node:dns gives for "no such record" (and for our own cancel on stop): the record is absent.
 * Others (a resolver that times out or refuses) also count as "not found", but are logged.
 */
const ABSENT = new Set(['ENOTFOUND', 'ENODATA', 'ESERVFAIL', 'ENONAME', 'ECANCELLED']);

export function startTxtVerifier(control: ControlPlane, opts: TxtVerifierOptions = {}): TxtVerifier {
  const resolver = new Resolver({ timeout: opts.queryTimeoutMs ?? 2000, tries: 2 });
  if (opts.servers?.length) resolver.setServers(opts.servers);
  const initialDelay = opts.initialDelayMs ?? 500;
  const maxDelay = opts.maxDelayMs ?? 10_000;
  const running = new Map<string, { wake: () => void; done: Promise<void> }>();
  let stopped = false;

  async function txtRecords(name: string): Promise<string[][]> {
    try {
      return await resolver.resolveTxt(name);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (!ABSENT.has(code)) opts.logger?.warn({ err, name }, 'TXT lookup failed');
      return [];
    }
  }

  async function verify(scope: Scope, serviceId: string, wakeUp: { wake: () => void }): Promise<void> {
    let attempt = 0;
    while (!stopped) {
      const task = await control.serviceConfigurations.privateDnsVerificationTask(scope, serviceId);
      if (!task) return;
      let found = false;
      for (const name of task.recordNames) {
        if (provesOwnership(await txtRecords(name), task.value)) { found = true; break; }
      }
      if (stopped) return;
      const state = await control.serviceConfigurations.recordPrivateDnsVerification(scope, serviceId, task.value, found);
      opts.logger?.debug({ serviceId, found, state }, 'private DNS verification attempt');
      if (state !== 'pendingVerification') return;
      const remaining = task.deadline.getTime() - Date.now();
      const delay = Math.max(20, Math.min(initialDelay * 2 ** attempt, maxDelay, remaining));
      attempt++;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        // A new request for the same service (a changed name, a manual start) retries at once.
        wakeUp.wake = () => { clearTimeout(timer); attempt = 0; resolve(); };
      });
    }
  }

  function request(scope: Scope, serviceId: string): void {
    if (stopped) return;
    const key = `${scope.accountId}/${scope.region}/${serviceId}`;
    const current = running.get(key);
    if (current) { current.wake(); return; }
    const entry = { wake: () => {}, done: Promise.resolve() };
    entry.done = verify(scope, serviceId, entry)
      .catch((err: unknown) => { if (!stopped) opts.logger?.error({ err, serviceId }, 'private DNS verification stopped'); })
      .finally(() => running.delete(key));
    running.set(key, entry);
  }

  const off = control.deps.events.on('private-dns-verification-requested', (e) => request(e.scope, e.serviceId));
  // Verifications that were pending when the server last stopped go on (AWS keeps polling, rules R93).
  const resumed = control.serviceConfigurations.pendingPrivateDnsVerifications()
    .then((pending) => { for (const p of pending) request(p.scope, p.serviceId); })
    .catch((err: unknown) => opts.logger?.error({ err }, 'cannot resume private DNS verifications'));

  return {
    async idle() {
      await resumed;
      while (running.size > 0) await Promise.all([...running.values()].map((r) => r.done));
    },
    async stop() {
      stopped = true;
      off();
      resolver.cancel();
      for (const r of running.values()) r.wake();
      await Promise.all([...running.values()].map((r) => r.done));
    },
  };
}
