/**
 * Stored instances: the record under its uuid, and indexes that list a page without reading the
 * table: a project's servers and every server, each ordered by (created_at, uuid), and the
 * servers on a host. The two (created_at, uuid) indexes hold a copy of each record (its uuid
 * when the record is large, see {@link COPY_LIMIT}), written in the same atomic operation as the
 * record, so a page is one range read rather than a point read per server. A deleted server's last record stays under `["instances", "deleted", uuid]`
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
import { gatheredRead } from "./gathered_read.ts";
import { emptiedWhenIdle } from "../caches/mod.ts";

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

/**
 * The largest record (in JSON characters) the listing indexes copy; a bigger one (a large
 * `user_data` or metadata) is named there by uuid and read on its own. It keeps an atomic
 * operation that writes ten servers with their copies well inside KV's 800 KiB.
 */
export const COPY_LIMIT = 8192;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * What a listing index entry holds for `instance`: its JSON as bytes (KV hands bytes back without
 * decoding them, so a reader that has the record decoded already skips that), or its uuid when
 * large.
 */
function listingValue(instance: Instance): Uint8Array | string {
  const text = JSON.stringify(instance);
  return text.length <= COPY_LIMIT ? encoder.encode(text) : instance.uuid;
}

/** How many decoded listing copies are kept per store (pages read the same newest servers again). */
const DECODED_KEPT = 1000;
let decodedByStore = new WeakMap<
  Deno.Kv,
  Map<string, { versionstamp: string; instance: Instance }>
>();
emptiedWhenIdle(() => decodedByStore = new WeakMap());

/**
 * The record a listing copy holds, decoded once per version: both copies of a record are written
 * in one atomic operation, so they share a versionstamp, and a changed record has a new one.
 * The record returned may be shared with other readers: never change it.
 */
function decodeCopy(kv: Deno.Kv, uuid: string, versionstamp: string, bytes: Uint8Array): Instance {
  let decoded = decodedByStore.get(kv);
  if (!decoded) decodedByStore.set(kv, decoded = new Map());
  const hit = decoded.get(uuid);
  if (hit && hit.versionstamp === versionstamp) return hit.instance;
  const instance = JSON.parse(decoder.decode(bytes)) as Instance;
  if (decoded.size >= DECODED_KEPT) decoded.clear();
  decoded.set(uuid, { versionstamp, instance });
  return instance;
}

function listingKeys(instance: Instance): Deno.KvKey[] {
  return [
    keys.projectInstance(instance.project_id, instance.created_at, instance.uuid),
    keys.globalInstance(instance.created_at, instance.uuid),
  ];
}

function indexKeys(instance: Instance): Deno.KvKey[] {
  const out = listingKeys(instance);
  if (instance.host) out.push(keys.hostInstance(instance.host, instance.uuid));
  return out;
}

/** Transactions (not reading their own writes) that already rewrite the generation. */
const generationStaged = new WeakSet<Transaction>();

/**
 * Queue the rewrite of `["instances", "generation"]` (a plain write, no check, so writers never
 * conflict on it): its versionstamp moves with every live-server write, and a listing read after
 * it may be served again until it moves. A transaction that reads its own writes stages it on
 * every write (a rollback may drop an earlier one; the key is written once at commit anyway).
 */
function stageGenerationMove(tx: Transaction): void {
  if (!tx.readsOwnWrites) {
    if (generationStaged.has(tx)) return;
    generationStaged.add(tx);
  }
  tx.set(keys.instancesGeneration(), true);
}

/**
 * The versionstamp of the live servers' generation: it changes whenever a live server is
 * written (null in a store no server write has touched since the key was introduced).
 */
export function instancesGeneration(kv: Deno.Kv): Promise<string | null> {
  let reads = generationReads.get(kv);
  if (!reads) generationReads.set(kv, reads = { running: null, next: null });
  const state = reads;
  const start = () => {
    const read = retryLocked(() => kv.get(keys.instancesGeneration())).then((e) => e.versionstamp);
    state.running = read;
    const done = () => {
      if (state.running === read) state.running = null;
    };
    read.then(done, done);
    return read;
  };
  if (!state.running) return start();
  // The read under way may have begun before this call, so it may miss a write that finished
  // before it: share the next one, which begins once that read is done.
  state.next ??= state.running.then(() => {}, () => {}).then(() => {
    state.next = null;
    return start();
  });
  return state.next;
}

/**
 * Per store, the generation read under way and the one queued after it: callers that arrive
 * while one runs share the next (begun after they asked), so a burst of listings costs two
 * reads rather than one each.
 */
const generationReads = new WeakMap<
  Deno.Kv,
  { running: Promise<string | null> | null; next: Promise<string | null> | null }
>();

/** Queue a new instance and its index entries; the commit fails if the uuid is taken. */
export function insertInstance(tx: Transaction, instance: Instance): void {
  stageGenerationMove(tx);
  const key = keys.instance(instance.uuid);
  tx.assertAbsent(key);
  tx.set(key, instance);
  const copy = listingValue(instance);
  for (const k of listingKeys(instance)) tx.set(k, copy);
  if (instance.host) tx.set(keys.hostInstance(instance.host, instance.uuid), instance.uuid);
}

/**
 * Queue the new state of an instance read through `tx` as `before` (the listing copies and the
 * host index kept in step).
 */
export function updateInstance(tx: Transaction, before: Instance, after: Instance): void {
  stageGenerationMove(tx);
  tx.set(keys.instance(after.uuid), after);
  if (before.project_id !== after.project_id || before.created_at !== after.created_at) {
    for (const k of listingKeys(before)) tx.delete(k);
  }
  const copy = listingValue(after);
  for (const k of listingKeys(after)) tx.set(k, copy);
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
  stageGenerationMove(tx);
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

/** Which part of the (created_at, uuid) indexes a listing reads, and in which order. */
export interface IndexScope {
  /** One project's servers; undefined for every project's. */
  projectId?: string;
  /** Newest first. */
  desc: boolean;
  /** Servers created at the same time in descending uuid order (default: as `desc`). */
  tiesDesc?: boolean;
  /** Start after (in the listing's direction) the entry of this server. */
  after?: IndexCursor;
  /** Entries read per KV round trip (default 100). */
  batchSize?: number;
}

/**
 * The uuids of live instances in index order: one project's (or, without `projectId`, every
 * project's), newest first when `desc`, starting after `after` when given. Servers created at the
 * same time follow in uuid order, descending when `tiesDesc` (default: as `desc`). Reads lazily
 * in batches, so a consumer that stops early reads little.
 */
export async function* instanceUuids(kv: Deno.Kv, options: IndexScope): AsyncGenerator<string> {
  for await (const entry of listingEntries(kv, options)) yield listedUuid(entry);
}

/**
 * The records of live instances in index order (as {@link instanceUuids}), read from the copies
 * the indexes hold: one range read per batch. An entry that names its server by uuid (a large
 * record, or a store not yet migrated) is read on its own; a server deleted meanwhile is skipped.
 */
export async function* instanceRecords(
  kv: Deno.Kv,
  options: IndexScope,
): AsyncGenerator<Instance> {
  for await (const entry of listingEntries(kv, options)) {
    const uuid = listedUuid(entry);
    if (entry.value instanceof Uint8Array) {
      yield decodeCopy(kv, uuid, entry.versionstamp, entry.value);
      continue;
    }
    const found = await getInstance(kv, uuid);
    if (found) yield found;
  }
}

/** An entry of a listing index: a copy of the record as JSON bytes, or its uuid. */
type ListingEntry = Deno.KvEntry<Uint8Array | string>;

/** The uuid an entry lists: its value when that is the uuid, else its key's last part. */
function listedUuid(entry: ListingEntry): string {
  return typeof entry.value === "string" ? entry.value : String(entry.key.at(-1));
}

async function* listingEntries(
  kv: Deno.Kv,
  options: IndexScope,
): AsyncGenerator<ListingEntry> {
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
  type Value = Uint8Array | string;
  if (tiesDesc === desc) {
    let selector: Deno.KvListSelector = { prefix };
    if (cursor) selector = desc ? { prefix, end: cursor } : { prefix, start: past(cursor) };
    yield* kv.list<Value>(selector, { reverse: desc, batchSize });
    return;
  }
  // Ties run against the main direction: the rest of the cursor's created_at group first, then
  // each later group read whole and turned round.
  let selector: Deno.KvListSelector = { prefix };
  if (cursor) {
    const group = cursor.slice(0, -1);
    const rest = tiesDesc ? { prefix: group, end: cursor } : { prefix: group, start: past(cursor) };
    yield* kv.list<Value>(rest, { reverse: tiesDesc, batchSize });
    selector = desc ? { prefix, end: group } : { prefix, start: past(group) };
  }
  let group: ListingEntry[] = [];
  let at: Deno.KvKeyPart | undefined;
  for await (const e of kv.list<Value>(selector, { reverse: desc, batchSize })) {
    const createdAt = e.key[prefix.length];
    if (group.length && createdAt !== at) {
      yield* group.reverse();
      group = [];
    }
    at = createdAt;
    group.push(e);
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

/**
 * Write a copy of every live instance's record into its two listing index entries (a store from
 * before the indexes held copies); safe to run again, and safe beside writers: each batch checks
 * the records it copies and is read again when one changed meanwhile.
 */
export async function copyInstancesIntoIndexes(kv: Deno.Kv): Promise<void> {
  // 50 checks and 100 writes per atomic operation (KV allows 100 checks, 1,000 writes), each
  // copy at most COPY_LIMIT characters: well inside 800 KiB.
  const BATCH = 50;
  let start: Deno.KvKey | undefined;
  const prefix = keys.liveInstances();
  for (;;) {
    const selector: Deno.KvListSelector = start ? { prefix, start } : { prefix };
    const batch: Deno.KvEntry<Instance>[] = [];
    for await (const e of kv.list<Instance>(selector, { limit: BATCH, batchSize: BATCH })) {
      batch.push(e);
    }
    if (batch.length === 0) return;
    const result = await retryLocked(() => {
      const op = kv.atomic();
      for (const entry of batch) {
        op.check(entry);
        const copy = listingValue(entry.value);
        for (const k of listingKeys(entry.value)) op.set(k, copy);
      }
      op.set(keys.instancesGeneration(), true);
      return op.commit();
    });
    if (!result.ok) continue; // a record changed meanwhile: read this batch again
    if (batch.length < BATCH) return;
    const last = batch[batch.length - 1].key;
    start = [...last.slice(0, -1), String(last.at(-1)) + "\0"];
  }
}

/** A live instance as {@link readShownInstance} reads it. */
export interface ShownInstanceRead {
  /** The record. */
  instance: Instance;
  /** Its versionstamp: it moves with every write of the record. */
  versionstamp: string;
  /** The uuid of its server group, when asked for and it has one. */
  groupUuid: string | null;
}

/**
 * A live instance with its versionstamp and, with `withGroup`, the uuid of its server group, in
 * one read (one snapshot); null when there is no live instance.
 */
export async function readShownInstance(
  kv: Deno.Kv,
  uuid: string,
  withGroup: boolean,
): Promise<ShownInstanceRead | null> {
  const list: Deno.KvKey[] = [keys.instance(uuid)];
  if (withGroup) list.push(keys.instanceServerGroup(uuid));
  // A polled server is asked for by many at once: concurrent requests share reads made after
  // they asked (gathered_read.ts).
  const [record, group] = await gatheredRead(kv, list);
  if (record.value === null || record.versionstamp === null) return null;
  return {
    instance: record.value as Instance,
    versionstamp: record.versionstamp,
    groupUuid: (group?.value as string | null | undefined) ?? null,
  };
}
