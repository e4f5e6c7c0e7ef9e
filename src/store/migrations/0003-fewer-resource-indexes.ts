/**
 * @module store/migrations/0003-fewer-resource-indexes
 * Every resource row write updates each index of `resources`; five secondary indexes made a CreateVpc
 * (five rows) pay more for indexes than for anything else. AWS ids are unique across accounts, so
 * (region, id) is the key; the parent lookups fold into the type index.
 *
 *   before: unique(account, region, id), (account, region, type, seq), (account, region, parent, type),
 *           (region, type), (region, id)
 *   after:  unique(region, id), (region, type, account) for a type's rows of one account or of all
 *           accounts, (account, region, type, parent) for children; within an equal prefix index entries
 *           follow the rowid, which is seq, so listings come out in creation order without a sort.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE resources_0003 (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    id TEXT NOT NULL,
    type TEXT NOT NULL,
    parent_id TEXT,
    data TEXT NOT NULL,
    CONSTRAINT resources_region_id UNIQUE (region, id)
  )`.execute(db);
  await sql`INSERT INTO resources_0003 (seq, account_id, region, id, type, parent_id, data)
    SELECT seq, account_id, region, id, type, parent_id, data FROM resources`.execute(db);
  await sql`DROP TABLE resources`.execute(db);
  await sql`ALTER TABLE resources_0003 RENAME TO resources`.execute(db);
  await db.schema.createIndex('resources_by_type').on('resources').columns(['region', 'type', 'account_id']).execute();
  await db.schema.createIndex('resources_by_parent').on('resources').columns(['account_id', 'region', 'type', 'parent_id']).execute();
}
