/**
 * @module store/migrations/0007-shared-rows
 * Which rows other accounts list is now decided row by row (StoreDeclarations.sharedTypes: an endpoint to
 * an AWS service has no provider to list it), recorded in a `shared` column the store sets on write, and
 * indexed where it is 1. The per-type index made at open from the declared types goes; the records of
 * the declarations are dropped so that the next open works out `shared` (and the summaries) of every row
 * of a declared type.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE resources ADD COLUMN shared INTEGER`.execute(db);
  await sql`DROP INDEX IF EXISTS resources_of_shared_types`.execute(db);
  await sql`CREATE INDEX resources_shared ON resources (region, type, seq) WHERE shared = 1`.execute(db);
  await sql`DELETE FROM summarized_types`.execute(db);
}
