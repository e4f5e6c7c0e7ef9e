/**
 * @module store/migrations/0005-resources-by-type-in-creation-order
 * The type index was (region, type, account): a new row's entry went into its account's part of the index,
 * so the rows a batch of creates writes across many accounts each dirtied another page of it. Ordered
 * (region, type, seq) instead, new entries go at the end, onto one page; account_id rides along so that a
 * Region's rows of one account are told apart without reading them. One account's rows of a type are found
 * through the parent index's prefix (account, region, type) instead: statements that want them in creation
 * order sort them (`ORDER BY +seq` in sqlite-store.ts keeps SQLite from walking the whole Region's index
 * to avoid that sort).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX resources_by_type`.execute(db);
  await db.schema.createIndex('resources_by_type').on('resources').columns(['region', 'type', 'seq', 'account_id']).execute();
}
