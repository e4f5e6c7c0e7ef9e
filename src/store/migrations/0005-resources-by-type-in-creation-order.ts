/**
 * @module store/migrations/0005-resources-by-type-in-creation-order
 * The type index was (region, type, account): a new row's entry went into its account's part of the index,
 * so the rows a batch of creates writes across many accounts each dirtied another page of it. Ordered
 * (region, type, seq) instead, new entries go at the end, onto one page; account_id rides along so that
 * listing one account's rows of a type walks the Region's entries in creation order and skips the other
 * accounts' without reading their rows. The children of a parent are still found through the parent index
 * (`ORDER BY +seq` in sqlite-store.ts keeps SQLite from walking the Region's entries to avoid a sort).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX resources_by_type`.execute(db);
  await db.schema.createIndex('resources_by_type').on('resources').columns(['region', 'type', 'seq', 'account_id']).execute();
}
