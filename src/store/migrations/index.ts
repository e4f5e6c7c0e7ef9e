/**
 * @module store/migrations
 * Every migration, in order; Kysely's Migrator records which have run.
 */
import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001-init.js';
import * as m0002 from './0002-resources-by-region-id.js';

export const MIGRATIONS: MigrationProvider = {
  async getMigrations(): Promise<Record<string, Migration>> {
    return { '0001-init': m0001, '0002-resources-by-region-id': m0002 };
  },
};
