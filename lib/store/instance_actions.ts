/**
 * Stored instance actions (Nova's `instance_actions` and `instance_actions_events` tables): per
 * instance, actions numbered 1, 2, ... in the order they were started (so the number orders them as
 * Nova's `created_at, id` does), an index from request id to the action, and each action's events
 * by name. They outlive the instance: a deleted server's actions stay readable.
 *
 * Writes are staged on the caller's {@link Transaction}, with the change that starts or advances
 * them. Within one transaction the `read*` functions see what the `write*` functions staged (KV
 * reads do not), so a task that starts and finishes in one change records both.
 *
 * @module
 */
import { keys } from "./keys.ts";
import { retryLocked, type Transaction } from "./transaction.ts";

/** One action on an instance (Nova's `InstanceAction`). */
export interface InstanceActionRecord {
  /** Per-instance number, 1 for the first action. */
  id: number;
  /** Nova's action name: `create`, `delete`, `stop`, `reboot`, `lock`, ... */
  action: string;
  instance_uuid: string;
  /** The `req-...` id of the request that started it. */
  request_id: string;
  user_id: string | null;
  project_id: string | null;
  /** ISO 8601 times. */
  start_time: string;
  updated_at: string | null;
  finish_time: string | null;
  /** `Error` once one of its events failed, else null. */
  message: string | null;
  /** How many events were started (the next event's id). */
  event_count: number;
}

/** One event of an action (Nova's `InstanceActionEvent`). */
export interface InstanceActionEventRecord {
  /** Per-action number, in start order. */
  id: number;
  /** e.g. `compute_stop_instance`. */
  event: string;
  /** ISO 8601 times. */
  start_time: string;
  finish_time: string | null;
  /** `Success` or `Error` once finished. */
  result: string | null;
  traceback: string | null;
  /** The host that ran it, null when none did (the API's own events). */
  host: string | null;
  /** What went wrong (2.84), null on success. */
  details: string | null;
}

const STAGED = new WeakMap<Transaction, Map<string, unknown>>();

function stagedOf(tx: Transaction): Map<string, unknown> {
  let staged = STAGED.get(tx);
  if (!staged) STAGED.set(tx, staged = new Map());
  return staged;
}

/** Read through `tx`, seeing what this module staged on it first. */
async function read<T>(tx: Transaction, key: Deno.KvKey): Promise<T | null> {
  const staged = stagedOf(tx);
  const id = JSON.stringify(key);
  if (staged.has(id)) return structuredClone(staged.get(id)) as T;
  return await tx.get<T>(key);
}

function write(tx: Transaction, key: Deno.KvKey, value: unknown): void {
  stagedOf(tx).set(JSON.stringify(key), structuredClone(value));
  tx.set(key, value);
}

/** The last action id handed out for `uuid` (0 when none), through `tx`. */
export async function readActionSeq(tx: Transaction, uuid: string): Promise<number> {
  return (await read<number>(tx, keys.instanceActionSeq(uuid))) ?? 0;
}

/**
 * Stage a new action (its id must be {@link readActionSeq} + 1) with its request index; the
 * commit fails and runs again if another writer took the id. `fresh`: the instance is created in
 * this transaction, so no other writer can have written its actions and nothing is checked.
 */
export async function insertAction(
  tx: Transaction,
  record: InstanceActionRecord,
  fresh = false,
): Promise<void> {
  const key = keys.instanceAction(record.instance_uuid, record.id);
  if (!fresh && await read(tx, key) === null) tx.assertAbsent(key);
  write(tx, key, record);
  write(tx, keys.instanceActionSeq(record.instance_uuid), record.id);
  write(tx, keys.instanceActionRequest(record.instance_uuid, record.request_id), record.id);
}

/** Stage the new state of an action read through `tx`. */
export function writeAction(tx: Transaction, record: InstanceActionRecord): void {
  write(tx, keys.instanceAction(record.instance_uuid, record.id), record);
}

/** The latest action `requestId` started on `uuid`, through `tx`, or null. */
export async function readActionByRequest(
  tx: Transaction,
  uuid: string,
  requestId: string,
): Promise<InstanceActionRecord | null> {
  const id = await read<number>(tx, keys.instanceActionRequest(uuid, requestId));
  return id === null ? null : await read<InstanceActionRecord>(tx, keys.instanceAction(uuid, id));
}

/** The latest action on `uuid`, through `tx`, or null. */
export async function readLatestAction(
  tx: Transaction,
  uuid: string,
): Promise<InstanceActionRecord | null> {
  const id = await readActionSeq(tx, uuid);
  return id === 0 ? null : await read<InstanceActionRecord>(tx, keys.instanceAction(uuid, id));
}

/** An event of an action by name, through `tx`, or null. */
export function readEvent(
  tx: Transaction,
  uuid: string,
  actionId: number,
  event: string,
): Promise<InstanceActionEventRecord | null> {
  return read<InstanceActionEventRecord>(tx, keys.instanceActionEvent(uuid, actionId, event));
}

/** Stage an event of an action (new or changed). */
export function writeEvent(
  tx: Transaction,
  uuid: string,
  actionId: number,
  record: InstanceActionEventRecord,
): void {
  write(tx, keys.instanceActionEvent(uuid, actionId, record.event), record);
}

/** The latest action `requestId` started on `uuid`, or null. */
export async function getActionByRequest(
  kv: Deno.Kv,
  uuid: string,
  requestId: string,
): Promise<InstanceActionRecord | null> {
  const id = (await retryLocked(() => kv.get<number>(keys.instanceActionRequest(uuid, requestId))))
    .value;
  if (id === null) return null;
  return (await retryLocked(() => kv.get<InstanceActionRecord>(keys.instanceAction(uuid, id))))
    .value;
}

/**
 * The actions of `uuid`, newest first, starting below action id `below` when given. Reads
 * lazily in batches, so a consumer that stops early reads little.
 */
export async function* listActions(
  kv: Deno.Kv,
  uuid: string,
  options: { below?: number; batchSize?: number } = {},
): AsyncGenerator<InstanceActionRecord> {
  const prefix = keys.instanceActions(uuid);
  const selector: Deno.KvListSelector = options.below === undefined
    ? { prefix }
    : { prefix, end: keys.instanceAction(uuid, options.below) };
  const iter = kv.list<InstanceActionRecord>(selector, {
    reverse: true,
    batchSize: options.batchSize ?? 100,
  });
  for await (const entry of iter) yield entry.value;
}

/** The events of an action, in start order. */
export async function listEvents(
  kv: Deno.Kv,
  uuid: string,
  actionId: number,
): Promise<InstanceActionEventRecord[]> {
  const out: InstanceActionEventRecord[] = [];
  const iter = kv.list<InstanceActionEventRecord>({
    prefix: keys.instanceActionEvents(uuid, actionId),
  });
  for await (const entry of iter) out.push(entry.value);
  return out.sort((a, b) => a.id - b.id);
}
