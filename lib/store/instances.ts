/**
 * Stored instances: the record under its uuid, and indexes that list a page without reading the
 * table: a project's servers and every server, each ordered by (created_at, uuid), and the
 * servers on a host. A deleted server's last record stays under `["instances", "deleted", uuid]`
 * (a marker may name it), listed per project and overall by the deleted indexes, and by the time
 * it ended (a usage period skips the servers that ended before it).
 *
 * Writes are staged on a {@link Transaction}; the instance domain (`lib/instances`) owns them.
 *
 * @module
 */
import type { Instance } from "./records.ts";
import { keys } from "./keys.ts";
import { readValues, retryLocked, type Transaction } from "./transaction.ts";

/** Read a live instance, or null. */
export async function getInstance(kv: Deno.Kv, uuid: string): Promise<Instance | null> {
  return (await retryLocked(() => kv.get<Instance>(keys.instance(uuid)))).value;
}

/** Read a live instance through `tx` (its version is checked at commit), or null. */
export function readInstance(tx: Transaction, uuid: string): Promise<Instance | null> {
  return tx.get<Instance>(keys.instance(uuid));
}

/** Read live instances by uuid, in order (null where there is none). */
export function getInstances(kv: Deno.Kv, uuids: readonly string[]): Promise<(Instance | null)[]> {
  return readValues<Instance>(kv, uuids.map((u) => keys.instance(u)));
}

/** Read the last records of deleted instances by uuid, in order (null where there is none). */
export function getDeletedInstances(
  kv: Deno.Kv,
  uuids: readonly string[],
): Promise<(Instance | null)[]> {
  return readValues<Instance>(kv, uuids.map((u) => keys.deletedInstance(u)));
}

/** Read the last record of a deleted instance, or null. */
export async function getDeletedInstance(kv: Deno.Kv, uuid: string): Promise<Instance | null> {
  return (await retryLocked(() => kv.get<Instance>(keys.deletedInstance(uuid)))).value;
}

function indexKeys(instance: Instance): Deno.KvKey[] {
  const out = [
    keys.projectInstance(instance.project_id, instance.created_at, instance.uuid),
    keys.globalInstance(instance.created_at, instance.uuid),
  ];
  if (instance.host) out.push(keys.hostInstance(instance.host, instance.uuid));
  return out;
}

/** Queue a new instance and its index entries; the commit fails if the uuid is taken. */
export function insertInstance(tx: Transaction, instance: Instance): void {
  const key = keys.instance(instance.uuid);
  tx.assertAbsent(key);
  tx.set(key, instance);
  for (const k of indexKeys(instance)) tx.set(k, instance.uuid);
}

/** Queue the new state of an instance read through `tx` as `before` (host index kept in step). */
export function updateInstance(tx: Transaction, before: Instance, after: Instance): void {
  tx.set(keys.instance(after.uuid), after);
  if (before.host !== after.host) {
    if (before.host) tx.delete(keys.hostInstance(before.host, before.uuid));
    if (after.host) tx.set(keys.hostInstance(after.host, after.uuid), after.uuid);
  }
}

/**
 * Queue removing a live instance (read through `tx` as `before`), its index entries and the
 * password its guest posted, keeping `last` as its deleted record.
 */
export function removeInstance(tx: Transaction, before: Instance, last: Instance): void {
  tx.delete(keys.instance(before.uuid));
  for (const k of indexKeys(before)) tx.delete(k);
  tx.delete(keys.instancePassword(before.uuid));
  tx.set(keys.deletedInstance(last.uuid), last);
  tx.set(keys.deletedProjectInstance(last.project_id, last.created_at, last.uuid), last.uuid);
  tx.set(keys.deletedAllInstance(last.created_at, last.uuid), last.uuid);
  if (last.terminated_at) {
    tx.set(keys.terminatedInstance(last.terminated_at, last.uuid), last.uuid);
    tx.set(
      keys.terminatedProjectInstance(last.project_id, last.terminated_at, last.uuid),
      last.uuid,
    );
  }
}

/** Where a listing starts: after (in its direction) the entry of this server. */
export interface IndexCursor {
  created_at: string;
  uuid: string;
}

/**
 * The uuids of live instances in index order: one project's (or, without `projectId`, every
 * project's), newest first when `desc`, starting after `after` when given. Servers created at the
 * same time follow in uuid order, descending when `tiesDesc` (default: as `desc`). Reads lazily
 * in batches, so a consumer that stops early reads little.
 */
export async function* instanceUuids(
  kv: Deno.Kv,
  options: {
    projectId?: string;
    desc: boolean;
    tiesDesc?: boolean;
    after?: IndexCursor;
    batchSize?: number;
  },
): AsyncGenerator<string> {
  const { projectId, desc, after } = options;
  const tiesDesc = options.tiesDesc ?? desc;
  const batchSize = options.batchSize ?? 100;
  const prefix = projectId === undefined ? keys.allInstances() : keys.projectInstances(projectId);
  const cursor = after === undefined
    ? undefined
    : projectId === undefined
    ? keys.globalInstance(after.created_at, after.uuid)
    : keys.projectInstance(projectId, after.created_at, after.uuid);
  // `end` is exclusive; `start` is inclusive, so "just past a key" is its last part plus NUL.
  const past = (key: Deno.KvKey) => [...key.slice(0, -1), String(key.at(-1)) + "\0"];
  if (tiesDesc === desc) {
    let selector: Deno.KvListSelector = { prefix };
    if (cursor) selector = desc ? { prefix, end: cursor } : { prefix, start: past(cursor) };
    const iter = kv.list<string>(selector, { reverse: desc, batchSize });
    for await (const entry of iter) yield entry.value;
    return;
  }
  // Ties run against the main direction: the rest of the cursor's created_at group first, then
  // each later group read whole and turned round.
  let selector: Deno.KvListSelector = { prefix };
  if (cursor) {
    const group = cursor.slice(0, -1);
    const rest = tiesDesc ? { prefix: group, end: cursor } : { prefix: group, start: past(cursor) };
    for await (const e of kv.list<string>(rest, { reverse: tiesDesc, batchSize })) yield e.value;
    selector = desc ? { prefix, end: group } : { prefix, start: past(group) };
  }
  let group: string[] = [];
  let at: Deno.KvKeyPart | undefined;
  for await (const e of kv.list<string>(selector, { reverse: desc, batchSize })) {
    const createdAt = e.key[prefix.length];
    if (group.length && createdAt !== at) {
      yield* group.reverse();
      group = [];
    }
    at = createdAt;
    group.push(e.value);
  }
  yield* group.reverse();
}

/** The uuids of the live instances on a host (any order). */
export async function hostInstanceUuids(kv: Deno.Kv, host: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of kv.list<string>({ prefix: keys.hostInstances(host) })) out.push(e.value);
  return out;
}

/**
 * The uuids of deleted instances (their last records), one project's or every project's, in
 * (created_at, uuid) order. Reads lazily in batches.
 */
export async function* deletedInstanceUuids(
  kv: Deno.Kv,
  options: { projectId?: string; batchSize?: number },
): AsyncGenerator<string> {
  const prefix = options.projectId === undefined
    ? keys.deletedAllInstances()
    : keys.deletedProjectInstances(options.projectId);
  const iter = kv.list<string>({ prefix }, { batchSize: options.batchSize ?? 100 });
  for await (const entry of iter) yield entry.value;
}

/**
 * The uuids of deleted instances that ended at or after `from` (an ISO 8601 time as stored), one
 * project's or every project's, in (terminated_at, uuid) order: what a usage period starting at
 * `from` must still count, read without touching servers that ended before it. Reads lazily.
 */
export async function* terminatedInstanceUuids(
  kv: Deno.Kv,
  options: { projectId?: string; from: string; batchSize?: number },
): AsyncGenerator<string> {
  const prefix = options.projectId === undefined
    ? keys.terminatedInstances()
    : keys.terminatedProjectInstances(options.projectId);
  const selector = { prefix, start: [...prefix, options.from] };
  const iter = kv.list<string>(selector, { batchSize: options.batchSize ?? 100 });
  for await (const entry of iter) yield entry.value;
}

/**
 * Write the end-time index entries of every deleted instance that has an end time (a store from
 * before that index existed); safe to run again. Writes at most 200 entries per atomic operation.
 */
export async function indexTerminatedInstances(kv: Deno.Kv): Promise<void> {
  let pending: [Deno.KvKey, string][] = [];
  const flush = async () => {
    const batch = pending;
    pending = [];
    await retryLocked(() => {
      const op = kv.atomic();
      for (const [key, uuid] of batch) op.set(key, uuid);
      return op.commit();
    });
  };
  const iter = kv.list<Instance>({ prefix: keys.deletedInstances() }, { batchSize: 200 });
  for await (const entry of iter) {
    const last = entry.value;
    if (!last.terminated_at) continue;
    pending.push([keys.terminatedInstance(last.terminated_at, last.uuid), last.uuid]);
    pending.push([
      keys.terminatedProjectInstance(last.project_id, last.terminated_at, last.uuid),
      last.uuid,
    ]);
    if (pending.length >= 200) await flush();
  }
  if (pending.length) await flush();
}
