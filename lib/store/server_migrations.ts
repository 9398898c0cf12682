/**
 * Stored migrations (Nova's `migrations` table): one record per move of a server - a resize, a
 * cold migration, a live migration or an evacuation - numbered 1, 2, ... across the deployment (so
 * the id orders them by creation, as Nova's listing does), with an index per instance. They
 * outlive the instance, as Nova's soft-deleted rows do for `os-migrations`.
 *
 * Writes are staged on the caller's {@link Transaction}, in the change that starts, advances or
 * finishes the move.
 *
 * @module
 */
import { keys } from "./keys.ts";
import { retryLocked, type Transaction } from "./transaction.ts";

/** Nova's `migration_type` values. */
export type MigrationType = "migration" | "resize" | "live-migration" | "evacuation";

/** One move of one server (Nova's `Migration` object). */
export interface MigrationRecord {
  /** Deployment-wide number, 1 for the first migration. */
  id: number;
  /** UUID (2.59 shows it). */
  uuid: string;
  instance_uuid: string;
  migration_type: MigrationType;
  /**
   * Nova's status strings: `pre-migrating`, `migrating`, `post-migrating`, `finished`,
   * `confirming`, `confirmed`, `reverting`, `reverted`, `running`, `preparing`, `completed`,
   * `cancelled`, `error`, `failed`, `accepted`, `done`.
   */
  status: string;
  source_compute: string | null;
  source_node: string | null;
  dest_compute: string | null;
  dest_node: string | null;
  dest_host: string | null;
  /** Internal ids of the old and new flavors (Nova's `old_instance_type_id`/`new_...`). */
  old_instance_type_id: number | null;
  new_instance_type_id: number | null;
  /** Live-migration progress in bytes (null for other types). */
  memory_total: number | null;
  memory_processed: number | null;
  memory_remaining: number | null;
  disk_total: number | null;
  disk_processed: number | null;
  disk_remaining: number | null;
  /** Who asked (2.80 shows them). */
  user_id: string | null;
  project_id: string | null;
  /** Whether the move is hidden from listings (Nova hides a same-cell resize's helper records). */
  hidden: boolean;
  /** ISO 8601 times. */
  created_at: string;
  updated_at: string | null;
  /** Set when the instance was deleted (Nova's soft-deleted row). */
  deleted_at: string | null;
}

/** What a new migration is made from: who moves what where; the rest starts empty. */
export type NewMigration =
  & Pick<
    MigrationRecord,
    | "id"
    | "instance_uuid"
    | "migration_type"
    | "status"
    | "source_compute"
    | "source_node"
    | "dest_compute"
    | "old_instance_type_id"
    | "new_instance_type_id"
    | "user_id"
    | "project_id"
    | "created_at"
  >
  & Partial<Pick<MigrationRecord, "uuid" | "dest_node">>;

/**
 * A new migration record: a fresh uuid unless given, no destination node or address yet, no
 * progress counters, visible, updated when created.
 *
 * @example
 * ```ts
 * const record = newMigration({ id: 1, instance_uuid, migration_type: "resize", status: "pre-migrating", ... });
 * ```
 */
export function newMigration(fields: NewMigration): MigrationRecord {
  return {
    uuid: crypto.randomUUID(),
    dest_node: null,
    dest_host: null,
    memory_total: null,
    memory_processed: null,
    memory_remaining: null,
    disk_total: null,
    disk_processed: null,
    disk_remaining: null,
    hidden: false,
    updated_at: fields.created_at,
    deleted_at: null,
    ...fields,
  };
}

/** The last migration id handed out (0 when none), through `tx` (a version check). */
export async function readMigrationSeq(tx: Transaction): Promise<number> {
  return (await tx.get<number>(keys.migrationSeq())) ?? 0;
}

/**
 * Stage a new migration; its id must be {@link readMigrationSeq} + 1, read through the same `tx`,
 * so two concurrent moves never share an id (the second commit fails and runs again).
 */
export function insertMigration(tx: Transaction, record: MigrationRecord): void {
  tx.set(keys.migrationSeq(), record.id);
  stage(tx, record);
  tx.set(keys.migration(record.id), record);
  tx.set(keys.instanceMigration(record.instance_uuid, record.id), record.id);
  tx.set(keys.migrationUuid(record.uuid), record.id);
}

/** What this module staged on each transaction, by id (KV reads do not see staged writes). */
const STAGED = new WeakMap<Transaction, Map<number, MigrationRecord>>();

function stage(tx: Transaction, record: MigrationRecord): void {
  let staged = STAGED.get(tx);
  if (!staged) STAGED.set(tx, staged = new Map());
  staged.set(record.id, structuredClone(record));
}

/** One migration by id, through `tx` (seeing what was staged on it), or null. */
export async function readMigration(
  tx: Transaction,
  id: number,
): Promise<MigrationRecord | null> {
  const staged = STAGED.get(tx)?.get(id);
  if (staged) return structuredClone(staged);
  return await tx.get<MigrationRecord>(keys.migration(id));
}

/** Stage the new state of a migration read through `tx`. */
export function writeMigration(tx: Transaction, record: MigrationRecord): void {
  stage(tx, record);
  tx.set(keys.migration(record.id), record);
}

/** One migration by id, or null. */
export async function getMigration(kv: Deno.Kv, id: number): Promise<MigrationRecord | null> {
  return (await retryLocked(() => kv.get<MigrationRecord>(keys.migration(id)))).value;
}

/** One migration by uuid, or null. */
export async function getMigrationByUuid(
  kv: Deno.Kv,
  uuid: string,
): Promise<MigrationRecord | null> {
  const id = (await retryLocked(() => kv.get<number>(keys.migrationUuid(uuid)))).value;
  return id === null ? null : await getMigration(kv, id);
}

/**
 * Every migration, newest (highest id) first, starting below id `below` when given. Reads lazily
 * in batches, so a consumer that stops early reads little.
 */
export async function* listMigrations(
  kv: Deno.Kv,
  options: { below?: number; batchSize?: number } = {},
): AsyncGenerator<MigrationRecord> {
  const prefix = keys.migrations();
  const selector: Deno.KvListSelector = options.below === undefined
    ? { prefix }
    : { prefix, end: keys.migration(options.below) };
  const iter = kv.list<MigrationRecord>(selector, {
    reverse: true,
    batchSize: options.batchSize ?? 100,
  });
  for await (const entry of iter) yield entry.value;
}

/** The migrations of one instance, newest first. */
export async function listInstanceMigrations(
  kv: Deno.Kv,
  instanceUuid: string,
): Promise<MigrationRecord[]> {
  const ids: number[] = [];
  const iter = kv.list<number>({ prefix: keys.instanceMigrations(instanceUuid) }, {
    reverse: true,
  });
  for await (const entry of iter) ids.push(entry.value);
  const out: MigrationRecord[] = [];
  for (const id of ids) {
    const record = await getMigration(kv, id);
    if (record) out.push(record);
  }
  return out;
}

/** The ids of one instance's migrations, newest first, through `tx`'s KV (no checks). */
export async function listInstanceMigrationIds(
  tx: Transaction,
  instanceUuid: string,
): Promise<number[]> {
  const ids: number[] = [];
  const iter = tx.kv.list<number>({ prefix: keys.instanceMigrations(instanceUuid) }, {
    reverse: true,
  });
  for await (const entry of iter) ids.push(entry.value);
  return ids;
}

/**
 * Stage marking every migration of a destroyed instance deleted at `now` (Nova's
 * `instance_destroy` soft-deletes its `migrations` rows, so listings no longer show them).
 */
export async function softDeleteInstanceMigrations(
  tx: Transaction,
  instanceUuid: string,
  now: Date,
): Promise<void> {
  for (const id of await listInstanceMigrationIds(tx, instanceUuid)) {
    const record = await readMigration(tx, id);
    if (record && record.deleted_at === null) {
      writeMigration(tx, { ...record, deleted_at: now.toISOString() });
    }
  }
}

/**
 * One instance's migrations, newest first, starting below id `below` when given. Reads the
 * instance's index lazily, so a consumer that stops early reads little.
 */
export async function* listInstanceMigrationsLazily(
  kv: Deno.Kv,
  instanceUuid: string,
  options: { below?: number } = {},
): AsyncGenerator<MigrationRecord> {
  const prefix = keys.instanceMigrations(instanceUuid);
  const selector: Deno.KvListSelector = options.below === undefined
    ? { prefix }
    : { prefix, end: keys.instanceMigration(instanceUuid, options.below) };
  for await (const entry of kv.list<number>(selector, { reverse: true, batchSize: 50 })) {
    const record = await getMigration(kv, entry.value);
    if (record) yield record;
  }
}

/** Migration `id` of instance `instanceUuid`, or null when it has none by that id. */
export async function getInstanceMigration(
  kv: Deno.Kv,
  instanceUuid: string,
  id: number,
): Promise<MigrationRecord | null> {
  const entry = await retryLocked(() => kv.get<number>(keys.instanceMigration(instanceUuid, id)));
  return entry.value === null ? null : await getMigration(kv, id);
}
