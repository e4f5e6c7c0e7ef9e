/**
 * @module store/store
 * The persistence interface the control plane sees. Resources are documents keyed by account, region and
 * id (AWS ids are unique), with a type and an optional parent (the VPC of a subnet, the subnet of an
 * interface...). Tags sit beside them because CreateTags addresses any resource by id alone.
 * Backends: sqlite/ (embedded, default). The interface is asynchronous so that a networked database
 * (PostgreSQL) can sit behind it without control/ changing.
 */
export interface Scope {
  accountId: string;
  region: string;
}

export interface StoredResource<T = unknown> {
  id: string;
  type: string;
  parentId?: string;
  data: T;
}

export interface Tag {
  Key: string;
  Value: string;
}

export interface ResourceTag extends Tag {
  resourceId: string;
}

export interface Account {
  accountId: string;
  name: string;
}

export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
  /** the IAM principal the key belongs to, e.g. arn:aws:iam::123456789012:root */
  principalArn: string;
}

export interface IdempotencyRecord {
  operation: string;
  requestHash: string;
  resourceId: string;
}

/**
 * Per resource type, the top-level fields of its documents that checks across siblings read with
 * listChildFields: a backend keeps them beside each document of the type so that such a check does not
 * read whole documents. Types and fields not declared are read from the documents themselves, more slowly.
 */
export type SiblingFields = Readonly<Record<string, readonly string[]>>;

/**
 * Per resource type, which of its rows other accounts list (listResourcesOfAllAccounts) and how they look
 * them up: `true`, every row, listed all together; `{ by }`, the rows that have a value at that path (a
 * top-level field, or `Field.field` one level down), listed by that value (an endpoint by the account of
 * its service's provider) and `unless` their top-level field has a given value.
 */
export type SharedTypes = Readonly<Record<string, true | { by: string; unless?: { field: string; is: string } }>>;

/** What the control plane declares of how it reads, so that a backend keeps what makes those reads fast. */
export interface StoreDeclarations {
  /** the fields sibling checks read, per type */
  siblingFields?: SiblingFields;
  /** the rows listed across accounts (listResourcesOfAllAccounts), which get an index of their own */
  sharedTypes?: SharedTypes;
}

/** Conditions on top-level string fields of documents, all of which must hold (see countChildren). */
export type ChildCondition<T> = { [K in keyof T & string]?: { in: readonly string[] } | { notIn: readonly string[] } };

export interface StoreReader {
  getResource<T>(scope: Scope, id: string): Promise<StoredResource<T> | undefined>;
  /** resources of one type in creation order, optionally only the children of one parent */
  listResources<T>(scope: Scope, type: string, parentId?: string): Promise<StoredResource<T>[]>;
  /**
   * Some top-level fields of the children of one parent, in no particular order: for checks that look at
   * every sibling (a new subnet against the VPC's other subnets). Fast when the type declares the fields
   * (SiblingFields); it may return more fields than asked.
   */
  listChildFields<T, K extends keyof T & string>(scope: Scope, type: string, parentId: string, fields: readonly K[]): Promise<Pick<T, K>[]>;
  /**
   * How many children of one parent have, in each field named, one of the values given (`in`) or none of
   * them (`notIn`): for quotas. Fast when the type declares the fields (SiblingFields).
   */
  countChildren<T>(scope: Scope, type: string, parentId: string, where: ChildCondition<T>): Promise<number>;
  /**
   * The shared rows of a type (StoreDeclarations.sharedTypes) across every account of a region, in creation
   * order: for what PrivateLink shares across accounts. `by` is the value they are shared by, for a type
   * shared `by` a field, and absent for one shared whole; anything else is a programming error.
   */
  listResourcesOfAllAccounts<T>(region: string, type: string, by?: string): Promise<(StoredResource<T> & { accountId: string })[]>;
  /** Every row of a type in every account and Region, shared or not: a scan of everything, for start-up. */
  listResourcesEverywhere<T>(type: string): Promise<(StoredResource<T> & Scope)[]>;
  /** a resource by id in whichever account holds it: for what PrivateLink shares across accounts */
  findResourceInRegion<T>(region: string, id: string): Promise<(StoredResource<T> & { accountId: string }) | undefined>;
  getTags(scope: Scope, resourceIds: readonly string[]): Promise<Map<string, Tag[]>>;
  listTags(scope: Scope): Promise<ResourceTag[]>;
  getAccount(accountId: string): Promise<Account | undefined>;
  listAccounts(): Promise<Account[]>;
  findAccessKey(accessKeyId: string): Promise<AccessKey | undefined>;
  /** the access keys of one account: what Postern signs with when it acts for that account (notifications) */
  listAccessKeys(accountId: string): Promise<AccessKey[]>;
  getIdempotencyRecord(scope: Scope, clientToken: string): Promise<IdempotencyRecord | undefined>;
  isScopeInitialized(scope: Scope): Promise<boolean>;
}

export interface StoreWriter extends StoreReader {
  insertResource<T>(scope: Scope, resource: StoredResource<T>): Promise<void>;
  updateResource<T>(scope: Scope, resource: StoredResource<T>): Promise<void>;
  deleteResource(scope: Scope, id: string): Promise<void>;
  putTags(scope: Scope, resourceId: string, tags: readonly Tag[]): Promise<void>;
  /** with no keys, every tag of the resource goes; a key with a value goes only if the value matches */
  deleteTags(scope: Scope, resourceId: string, keys?: readonly { Key: string; Value?: string }[]): Promise<void>;
  insertAccount(account: Account): Promise<void>;
  insertAccessKey(key: AccessKey): Promise<void>;
  putIdempotencyRecord(scope: Scope, clientToken: string, record: IdempotencyRecord): Promise<void>;
  markScopeInitialized(scope: Scope): Promise<void>;
}

export interface Store {
  /** a consistent view of what has been committed */
  read<T>(fn: (tx: StoreReader) => Promise<T>): Promise<T>;
  /**
   * Runs fn atomically: everything it wrote is kept, or (when it throws) nothing. The promise settles
   * only once the writes are durable on disk.
   */
  write<T>(fn: (tx: StoreWriter) => Promise<T>): Promise<T>;
  /**
   * The resources of one type in creation order, `pageSize` at a time: for listings too large to hold at
   * once. Each page is a consistent read of its own; a resource created or deleted while the pages are
   * read may or may not appear.
   */
  scanResources<T>(scope: Scope, type: string, pageSize: number): AsyncIterable<StoredResource<T>[]>;
  close(): Promise<void>;
}
