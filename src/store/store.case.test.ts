/**
 * The store's contract, run against every backend (only SQLite so far).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { ChildCondition, Scope, Store, StoreDeclarations } from './store.js';

const A: Scope = { accountId: '111111111111', region: 'us-east-1' };
const B: Scope = { accountId: '222222222222', region: 'us-east-1' };

const BACKENDS: { name: string; open: (dir?: string, declarations?: StoreDeclarations) => Promise<Store> }[] = [
  { name: 'sqlite', open: (dir, declarations) => SqliteStore.open({ ...(dir ? { dataDir: dir } : {}), ...declarations }) },
];

for (const backend of BACKENDS) {
  test(`${backend.name}: a write is visible to reads once acknowledged, scoped by account`, async () => {
    const store = await backend.open();
    await store.write((tx) => tx.insertResource(A, { id: 'vpc-1', type: 'vpc', data: { n: 1 } }));
    assert.deepEqual(await store.read((tx) => tx.getResource(A, 'vpc-1')), { id: 'vpc-1', type: 'vpc', data: { n: 1 } });
    assert.equal(await store.read((tx) => tx.getResource(B, 'vpc-1')), undefined);
    await store.close();
  });

  test(`${backend.name}: a call that throws leaves nothing, even when it shares a commit with calls that succeed`, async () => {
    const store = await backend.open();
    const results = await Promise.allSettled([
      store.write((tx) => tx.insertResource(A, { id: 'subnet-1', type: 'subnet', parentId: 'vpc-1', data: {} })),
      store.write(async (tx) => {
        await tx.insertResource(A, { id: 'subnet-2', type: 'subnet', parentId: 'vpc-1', data: {} });
        await tx.putTags(A, 'subnet-2', [{ Key: 'k', Value: 'v' }]);
        throw new Error('refused');
      }),
      store.write((tx) => tx.insertResource(A, { id: 'subnet-3', type: 'subnet', parentId: 'vpc-1', data: {} })),
    ]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
    const ids = (await store.read((tx) => tx.listResources(A, 'subnet', 'vpc-1'))).map((r) => r.id);
    assert.deepEqual(ids, ['subnet-1', 'subnet-3']);
    assert.equal((await store.read((tx) => tx.getTags(A, ['subnet-2']))).size, 0);
    await store.close();
  });

  test(`${backend.name}: tags are replaced by key and deleted by key or key and value`, async () => {
    const store = await backend.open();
    await store.write(async (tx) => {
      await tx.insertResource(A, { id: 'sg-1', type: 'security-group', data: {} });
      await tx.putTags(A, 'sg-1', [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }, { Key: 'c', Value: '3' }]);
      await tx.putTags(A, 'sg-1', [{ Key: 'a', Value: 'one' }]);
      await tx.deleteTags(A, 'sg-1', [{ Key: 'b', Value: 'not-2' }, { Key: 'c' }]);
    });
    assert.deepEqual((await store.read((tx) => tx.getTags(A, ['sg-1']))).get('sg-1'), [{ Key: 'a', Value: 'one' }, { Key: 'b', Value: '2' }]);
    await store.write((tx) => tx.deleteResource(A, 'sg-1'));
    assert.deepEqual(await store.read((tx) => tx.listTags(A)), []);
    await store.close();
  });

  test(`${backend.name}: what was acknowledged survives reopening`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'postern-store-'));
    try {
      const first = await backend.open(dir);
      await first.write(async (tx) => {
        await tx.insertAccount({ accountId: '111111111111', name: 'a' });
        await tx.insertAccessKey({ accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 's', accountId: '111111111111', principalArn: 'arn:aws:iam::111111111111:root' });
        await tx.insertResource(A, { id: 'vpc-1', type: 'vpc', data: { cidr: '10.0.0.0/16' } });
        await tx.putIdempotencyRecord(A, 'token', { operation: 'CreateVpc', requestHash: 'h', resourceId: 'vpc-1' });
        await tx.markScopeInitialized(A);
      });
      await first.close();
      const second = await backend.open(dir);
      assert.deepEqual(await second.read((tx) => tx.findAccessKey('AKIAEXAMPLE')), {
        accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 's', accountId: '111111111111', principalArn: 'arn:aws:iam::111111111111:root',
      });
      assert.equal((await second.read((tx) => tx.getResource(A, 'vpc-1')))?.id, 'vpc-1');
      assert.equal((await second.read((tx) => tx.getIdempotencyRecord(A, 'token')))?.resourceId, 'vpc-1');
      assert.equal(await second.read((tx) => tx.isScopeInitialized(A)), true);
      assert.equal(await second.read((tx) => tx.isScopeInitialized(B)), false);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(`${backend.name}: cross-account listing sees the shared rows of every account of a region by what they are shared by, as declared when the store opened`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'postern-store-'));
    const everything = {
      'vpc-endpoint-service': true,
      'vpc-endpoint': { by: 'owner', unless: { field: 'owner', is: 'amazon' } },
      'security-group-rule': { by: 'Referenced.UserId' },
    } as const;
    const list = (store: Store, type: string, by?: string) =>
      store.read(async (tx) => (await tx.listResourcesOfAllAccounts('us-east-1', type, by)).map((r) => [r.accountId, r.id]));
    try {
      for (const [k, sharedTypes] of [everything, { 'vpc-endpoint-service': true } as const, everything].entries()) {
        const store = await backend.open(dir, { sharedTypes });
        if (k === 0) {
          await store.write(async (tx) => {
            await tx.insertResource(A, { id: 'vpce-svc-1', type: 'vpc-endpoint-service', data: {} });
            await tx.insertResource(B, { id: 'vpce-svc-2', type: 'vpc-endpoint-service', data: {} });
            await tx.insertResource({ ...B, region: 'eu-west-1' }, { id: 'vpce-svc-3', type: 'vpc-endpoint-service', data: {} });
            await tx.insertResource(B, { id: 'vpce-1', type: 'vpc-endpoint', parentId: 'vpc-1', data: { owner: '111111111111' } });
            await tx.insertResource(B, { id: 'vpce-2', type: 'vpc-endpoint', parentId: 'vpc-1', data: { owner: 'amazon' } });
            await tx.insertResource(A, { id: 'vpce-3', type: 'vpc-endpoint', parentId: 'vpc-2', data: { owner: '222222222222' } });
            await tx.insertResource(B, { id: 'vpce-4', type: 'vpc-endpoint', parentId: 'vpc-1', data: { owner: '111111111111' } });
            await tx.insertResource(A, { id: 'sgr-1', type: 'security-group-rule', parentId: 'sg-1', data: { Referenced: { UserId: '222222222222' } } });
            await tx.insertResource(A, { id: 'sgr-2', type: 'security-group-rule', parentId: 'sg-1', data: { CidrIpv4: '10.0.0.0/8' } });
          });
        }
        assert.deepEqual(await list(store, 'vpc-endpoint-service'), [['111111111111', 'vpce-svc-1'], ['222222222222', 'vpce-svc-2']]);
        if (sharedTypes === everything) {
          assert.deepEqual(await list(store, 'vpc-endpoint', '111111111111'), [['222222222222', 'vpce-1'], ['222222222222', 'vpce-4']]);
          assert.deepEqual(await list(store, 'vpc-endpoint', '222222222222'), [['111111111111', 'vpce-3']]);
          assert.deepEqual(await list(store, 'vpc-endpoint', 'amazon'), []);
          assert.deepEqual(await list(store, 'security-group-rule', '222222222222'), [['111111111111', 'sgr-1']]);
          await assert.rejects(list(store, 'vpc-endpoint'), /shared by owner/);
          await assert.rejects(list(store, 'vpc-endpoint-service', '111111111111'), /shared whole/);
        } else {
          await assert.rejects(list(store, 'vpc-endpoint', '111111111111'), /not declared shared/);
        }
        // Shared or not, every row of a type, everywhere.
        assert.deepEqual((await store.read((tx) => tx.listResourcesEverywhere('vpc-endpoint-service'))).map((r) => [r.accountId, r.region, r.id]),
          [['111111111111', 'us-east-1', 'vpce-svc-1'], ['222222222222', 'us-east-1', 'vpce-svc-2'], ['222222222222', 'eu-west-1', 'vpce-svc-3']]);
        assert.deepEqual((await store.read((tx) => tx.listResourcesEverywhere('vpc-endpoint'))).map((r) => r.id), ['vpce-1', 'vpce-2', 'vpce-3', 'vpce-4']);
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(`${backend.name}: scanResources pages one account's rows of a type in creation order, skipping rows deleted meanwhile`, async () => {
    const store = await backend.open();
    await store.write(async (tx) => {
      // Parents in another order than creation: the scan must not follow the parent index.
      for (let i = 0; i < 7; i++) await tx.insertResource(A, { id: `vpce-${i}`, type: 'vpc-endpoint', parentId: `vpc-${(7 - i) % 3}`, data: { i } });
      await tx.insertResource(B, { id: 'vpce-b', type: 'vpc-endpoint', data: {} });
      await tx.insertResource(A, { id: 'vpc-1', type: 'vpc', data: {} });
    });
    const pages: string[][] = [];
    for await (const page of store.scanResources(A, 'vpc-endpoint', 3)) {
      pages.push(page.map((r) => r.id));
      if (pages.length === 1) await store.write((tx) => tx.deleteResource(A, 'vpce-4'));
    }
    assert.deepEqual(pages, [['vpce-0', 'vpce-1', 'vpce-2'], ['vpce-3', 'vpce-5'], ['vpce-6']]);
    await store.close();
  });

  test(`${backend.name}: sibling fields come back whether declared or not, and follow a changed declaration`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'postern-store-'));
    const sorted = (rows: object[]) => rows.map((r) => JSON.stringify(r)).sort();
    const childFields = (store: Store, fields: ('cidr' | 'zone')[]) =>
      store.read((tx) => tx.listChildFields<{ cidr: string; zone: string }, 'cidr' | 'zone'>(A, 'subnet', 'vpc-1', fields));
    try {
      const undeclared = await backend.open(dir);
      await undeclared.write(async (tx) => {
        await tx.insertResource(A, { id: 'subnet-1', type: 'subnet', parentId: 'vpc-1', data: { cidr: '10.0.1.0/24', zone: 'use1-az1', big: 'x' } });
        await tx.insertResource(A, { id: 'subnet-2', type: 'subnet', parentId: 'vpc-2', data: { cidr: '10.0.2.0/24', zone: 'use1-az2' } });
      });
      assert.deepEqual(await childFields(undeclared, ['cidr']), [{ cidr: '10.0.1.0/24' }]);
      await undeclared.close();

      // Rows written before the declaration are summarized when the store opens with it.
      const declared = await backend.open(dir, { siblingFields: { subnet: ['cidr'] } });
      await declared.write((tx) => tx.insertResource(A, { id: 'subnet-3', type: 'subnet', parentId: 'vpc-1', data: { cidr: '10.0.3.0/24', zone: 'use1-az3' } }));
      assert.deepEqual(sorted(await childFields(declared, ['cidr'])), sorted([{ cidr: '10.0.1.0/24' }, { cidr: '10.0.3.0/24' }]));
      await declared.write(async (tx) => {
        const r = (await tx.getResource<{ cidr: string }>(A, 'subnet-3'))!;
        await tx.updateResource(A, { ...r, data: { ...r.data, cidr: '10.0.4.0/24' } });
        await tx.deleteResource(A, 'subnet-1');
      });
      assert.deepEqual(await childFields(declared, ['cidr']), [{ cidr: '10.0.4.0/24' }]);
      // An update that leaves parent and summary alone keeps the row where it was; one without a parent takes it out.
      const moved = async (parentId: string | undefined, zone: string) => declared.write(async (tx) => {
        const r = (await tx.getResource<{ cidr: string; zone: string }>(A, 'subnet-3'))!;
        await tx.updateResource(A, { id: r.id, type: r.type, ...(parentId ? { parentId } : {}), data: { ...r.data, zone } });
      });
      await moved('vpc-1', 'use1-az9');
      assert.deepEqual((await declared.read((tx) => tx.listResources(A, 'subnet', 'vpc-1'))).map((r) => r.data), [{ cidr: '10.0.4.0/24', zone: 'use1-az9' }]);
      await moved(undefined, 'use1-az3');
      assert.deepEqual(await childFields(declared, ['cidr']), []);
      assert.equal((await declared.read((tx) => tx.getResource(A, 'subnet-3')))?.parentId, undefined);
      await moved('vpc-1', 'use1-az3');
      // A field the declaration leaves out is read from the documents.
      assert.deepEqual(await childFields(declared, ['cidr', 'zone']), [{ cidr: '10.0.4.0/24', zone: 'use1-az3' }]);
      await declared.close();

      // Rows written while the type was not declared are summarized when the same declaration comes back.
      const forgetting = await backend.open(dir);
      await forgetting.write((tx) => tx.insertResource(A, { id: 'subnet-6', type: 'subnet', parentId: 'vpc-2', data: { cidr: '10.0.6.0/24', zone: 'use1-az6' } }));
      await forgetting.close();
      const again = await backend.open(dir, { siblingFields: { subnet: ['cidr'] } });
      assert.deepEqual(sorted(await again.read((tx) => tx.listChildFields<{ cidr: string }, 'cidr'>(A, 'subnet', 'vpc-2', ['cidr']))), sorted([{ cidr: '10.0.2.0/24' }, { cidr: '10.0.6.0/24' }]));
      await again.close();

      const redeclared = await backend.open(dir, { siblingFields: { subnet: ['cidr', 'zone'] } });
      await redeclared.write((tx) => tx.insertResource(A, { id: 'subnet-5', type: 'subnet', parentId: 'vpc-1', data: { cidr: '10.0.5.0/24', zone: 'use1-az5' } }));
      assert.deepEqual(sorted(await childFields(redeclared, ['cidr', 'zone'])), sorted([{ cidr: '10.0.4.0/24', zone: 'use1-az3' }, { cidr: '10.0.5.0/24', zone: 'use1-az5' }]));
      await redeclared.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(`${backend.name}: children are counted by their fields, declared or not`, async () => {
    type E = { kind: string; state: string };
    for (const siblingFields of [undefined, { endpoint: ['kind', 'state'] }]) {
      const store = await backend.open(undefined, { siblingFields });
      await store.write(async (tx) => {
        const rows: [string, string, string][] = [['e1', 'Interface', 'available'], ['e2', 'Interface', 'deleted'], ['e3', 'Gateway', 'available'], ['e4', 'GatewayLoadBalancer', 'pending']];
        for (const [id, kind, state] of rows) await tx.insertResource(A, { id, type: 'endpoint', parentId: 'vpc-1', data: { kind, state } });
        await tx.insertResource(A, { id: 'e5', type: 'endpoint', parentId: 'vpc-2', data: { kind: 'Interface', state: 'available' } });
      });
      const count = (where: ChildCondition<E>) =>
        store.read((tx) => tx.countChildren<E>(A, 'endpoint', 'vpc-1', where));
      assert.equal(await count({ state: { notIn: ['deleted'] }, kind: { notIn: ['Gateway'] } }), 2);
      assert.equal(await count({ state: { notIn: ['deleted'] }, kind: { in: ['Gateway'] } }), 1);
      assert.equal(await count({ kind: { in: ['Interface', 'Gateway'] } }), 3);
      assert.equal(await store.read((tx) => tx.countChildren<E>(B, 'endpoint', 'vpc-1', {})), 0);
      await store.close();
    }
  });
}
