/**
 * @module control/accounts/accounts
 * Accounts (12-digit ids) and their access keys, and the lazy set-up of an account-region: the first
 * call an account makes in a region creates that region's default VPC, as every AWS account has one.
 */
import type { Caller, ControlDeps } from '../context.js';
import type { AccessKey, Account, Scope } from '../../store/store.js';
import { insertDefaultVpc } from '../vpc/vpc.js';

export interface AccountSeed {
  accountId: string;
  name: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export function rootArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:root`;
}

export function accountService(deps: ControlDeps) {
  const initialized = new Set<string>();
  const knownKeys = new Map<string, AccessKey>();

  return {
    /** Adds the accounts and keys of a seed list that the store does not have yet. */
    async seed(seeds: readonly AccountSeed[]): Promise<void> {
      for (const s of seeds) {
        if (!/^\d{12}$/.test(s.accountId)) throw new Error(`account id '${s.accountId}' is not 12 digits`);
        if (!s.accessKeyId || !s.secretAccessKey) throw new Error(`account ${s.accountId} needs accessKeyId and secretAccessKey`);
      }
      await deps.store.write(async (tx) => {
        for (const s of seeds) {
          if (!(await tx.getAccount(s.accountId))) await tx.insertAccount({ accountId: s.accountId, name: s.name });
          const key = await tx.findAccessKey(s.accessKeyId);
          if (key && key.accountId !== s.accountId) throw new Error(`access key ${s.accessKeyId} already belongs to account ${key.accountId}`);
          if (!key) {
            await tx.insertAccessKey({ accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey, accountId: s.accountId, principalArn: rootArn(s.accountId) });
          }
        }
      });
    },

    /** The first start's account: created with a random key pair when the store has no account. */
    async ensureDefaultAccount(): Promise<{ created: AccessKey | undefined; accounts: Account[] }> {
      return deps.store.write(async (tx) => {
        const accounts = await tx.listAccounts();
        if (accounts.length > 0) return { created: undefined, accounts };
        const account = { accountId: deps.ids.accountId(), name: 'default' };
        await tx.insertAccount(account);
        const key: AccessKey = { ...deps.ids.accessKey(), accountId: account.accountId, principalArn: rootArn(account.accountId) };
        await tx.insertAccessKey(key);
        return { created: key, accounts: [account] };
      });
    },

    /** Keys are looked up on every request and never change once made, so known ones are kept in memory. */
    async findAccessKey(accessKeyId: string): Promise<AccessKey | undefined> {
      const cached = knownKeys.get(accessKeyId);
      if (cached) return cached;
      const key = await deps.store.read((tx) => tx.findAccessKey(accessKeyId));
      if (key) knownKeys.set(accessKeyId, key);
      return key;
    },

    /**
     * The credentials Postern signs with when it acts for an account (SNS Publish of its connection
     * notifications): the account root's key, else any key of the account; undefined for an unknown account.
     */
    async credentialsOf(accountId: string): Promise<{ accessKeyId: string; secretAccessKey: string } | undefined> {
      const keys = await deps.store.read((tx) => tx.listAccessKeys(accountId));
      const key = keys.find((k) => k.principalArn === rootArn(accountId)) ?? keys[0];
      return key && { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
    },

    /** Makes sure the caller's account-region has been set up (its default VPC) before it is used. */
    async prepareRegion(caller: Caller): Promise<void> {
      const key = `${caller.accountId}/${caller.region}`;
      if (initialized.has(key)) return;
      const scope: Scope = { accountId: caller.accountId, region: caller.region };
      await deps.store.write(async (tx) => {
        if (await tx.isScopeInitialized(scope)) return;
        await insertDefaultVpc(deps, tx, scope);
        await tx.markScopeInitialized(scope);
      });
      initialized.add(key);
    },
  };
}
