/**
 * @module store/migrations
 * Every migration, in order; Kysely's Migrator records which have run.
 */
import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001-init.js';
import * as m0002 from './0002-resources-by-region-id.js';
import * as m0003 from './0003-fewer-resource-indexes.js';
import * as m0004 from './0004-sibling-summaries.js';
import * as m0005 from './0005-resources-by-type-in-creation-order.js';
import * as m0006 from './0006-type-index-for-shared-types-only.js';
import * as m0007 from './0007-shared-rows.js';
import * as m0008 from './0008-shared-by.js';

export const MIGRATIONS: MigrationProvider = {
  async getMigrations(): Promise<Record<string, Migration>> {
    return {
      '0001-init': m0001, '0002-resources-by-region-id': m0002, '0003-fewer-resource-indexes': m0003,
      '0004-sibling-summaries': m0004, '0005-resources-by-type-in-creation-order': m0005,
      '0006-type-index-for-shared-types-only': m0006, '0007-shared-rows': m0007,
      '0008-shared-by': m0008,
    };
  },
};
