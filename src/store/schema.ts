/**
 * @module store/schema
 * Table types for Kysely, as migrations/ create them.
 */
import type { Generated } from 'kysely';

export interface Database {
  accounts: { account_id: string; name: string };
  access_keys: { access_key_id: string; secret_access_key: string; account_id: string; principal_arn: string };
  resources: {
    seq: Generated<number>;
    account_id: string;
    region: string;
    id: string;
    type: string;
    parent_id: string | null;
    data: string;
    /** the type's sibling fields of data, as JSON (0004) */
    summary: string | null;
    /** 1 when other accounts list the row (StoreDeclarations.sharedTypes; 0007) */
    shared: number | null;
  };
  tags: { account_id: string; region: string; resource_id: string; key: string; value: string; seq: number };
  idempotency: { account_id: string; region: string; client_token: string; operation: string; request_hash: string; resource_id: string };
  initialized_scopes: { account_id: string; region: string };
  /** per type, the declaration its rows' summary and shared were worked out with (0004, 0007) */
  summarized_types: { type: string; fields: string };
}
