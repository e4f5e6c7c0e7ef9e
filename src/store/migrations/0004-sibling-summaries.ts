/**
 * @module store/migrations/0004-sibling-summaries
 * Checks across siblings (a new subnet against the VPC's other subnets, an endpoint against the VPC's
 * endpoint quota, an interface's address against the subnet's others) read a few fields of every child of
 * a parent on each create. Read with json_extract, each of them parsed a whole document per sibling. The
 * `summary` column keeps those fields beside the document (see SqliteStoreOptions.siblingFields), and the
 * parent index covers it, so such a check reads the index alone. `summarized_types` records the fields
 * each type's summaries hold: when the store opens with other declarations (or after this migration), the
 * rows of the changed types are summarized again.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE resources ADD COLUMN summary TEXT`.execute(db);
  await sql`DROP INDEX resources_by_parent`.execute(db);
  await db.schema.createTable('summarized_types')
    .addColumn('type', 'text', (c) => c.primaryKey())
    .addColumn('fields', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('resources_by_parent').on('resources').columns(['account_id', 'region', 'type', 'parent_id', 'summary']).execute();
}
