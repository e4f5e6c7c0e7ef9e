/**
 * @module store/migrations/0001-init
 * The first schema. Migrations are numbered and never edited once committed.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('accounts')
    .addColumn('account_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('access_keys')
    .addColumn('access_key_id', 'text', (c) => c.primaryKey())
    .addColumn('secret_access_key', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id'))
    .addColumn('principal_arn', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('resources')
    .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addUniqueConstraint('resources_scope_id', ['account_id', 'region', 'id'])
    .execute();
  await db.schema.createIndex('resources_by_type').on('resources').columns(['account_id', 'region', 'type', 'seq']).execute();
  await db.schema.createIndex('resources_by_parent').on('resources').columns(['account_id', 'region', 'parent_id', 'type']).execute();
  await db.schema.createIndex('resources_by_region_type').on('resources').columns(['region', 'type']).execute();
  await db.schema.createTable('tags')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull().defaultTo(sql`0`))
    .addPrimaryKeyConstraint('tags_pk', ['account_id', 'region', 'resource_id', 'key'])
    .execute();
  await db.schema.createTable('idempotency')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('client_token', 'text', (c) => c.notNull())
    .addColumn('operation', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_pk', ['account_id', 'region', 'client_token'])
    .execute();
  await db.schema.createTable('initialized_scopes')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('initialized_scopes_pk', ['account_id', 'region'])
    .execute();
}
