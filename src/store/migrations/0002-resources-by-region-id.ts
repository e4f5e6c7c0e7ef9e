/**
 * @module store/migrations/0002-resources-by-region-id
 * Finding a resource by id in any account of a region (a consumer's endpoint, seen by its provider).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('resources_by_region_id').on('resources').columns(['region', 'id']).execute();
}
