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
    /** what other accounts list the row by ('' for a type shared whole), null when they do not (StoreDeclarations.sharedTypes; 0008) */
    shared_by: string | null;
  };
  tags: { account_id: string; region: string; resource_id: string; key: string; value: string; seq: number };
  idempotency: { account_id: string; region: string; client_token: string; operation: string; request_hash: string; resource_id: string };
  initialized_scopes: { account_id: string; region: string };
  /** per type, the declaration its rows' summary and shared_by were worked out with (0004, 0008) */
  summarized_types: { type: string; fields: string };
}
