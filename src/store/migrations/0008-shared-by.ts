/**
 * @module store/migrations/0008-shared-by
 * Rows are shared across accounts by a value (StoreDeclarations.sharedTypes `by`: an endpoint by the
 * account of its service's provider, a group rule by the account of the group it references), kept in a
 * `shared_by` column and indexed by it, so that a provider's connections or the rules referencing one
 * account's groups are found without reading every other account's. The `shared` flag (0007) goes; the
 * records of the declarations are dropped so that the next open works out `shared_by` of every row.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX resources_shared`.execute(db);
  await sql`ALTER TABLE resources DROP COLUMN shared`.execute(db);
  await sql`ALTER TABLE resources ADD COLUMN shared_by TEXT`.execute(db);
  await sql`CREATE INDEX resources_shared_by ON resources (region, type, shared_by, seq) WHERE shared_by IS NOT NULL`.execute(db);
  await sql`DELETE FROM summarized_types`.execute(db);
}
