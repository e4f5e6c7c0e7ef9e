/**
 * @module store/migrations/0006-type-index-for-shared-types-only
 * Every row paid for an entry in the type index (region, type, seq, account_id), one more page written
 * per create (7% of the CPU of a CreateVpcEndpoint, measured), though only a few types are ever listed
 * across accounts. The index goes: one account's rows of a type are found through the parent index's
 * prefix (account_id, region, type) and sorted, and the types the control plane lists across accounts get
 * a partial index the store makes at open from their declaration (StoreDeclarations.sharedTypes).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX resources_by_type`.execute(db);
}
