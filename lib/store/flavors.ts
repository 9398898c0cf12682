/**
 * Stored flavors: the record, its unique-name index, private-flavor access rows and extra specs,
 * as Nova's API database keeps them (`flavors`, `flavor_projects`, `flavor_extra_specs`). Keys and
 * records only: the rules (defaults, what "exists" means to a caller, the errors) live in
 * `lib/flavors`, which composes these reads and staged writes inside its own transactions.
 *
 * Layout (see `keys.ts`): one record per flavor under `["flavors", "id", flavorid]` holding the
 * extra specs inline; `["flavors", "name", name]` -> flavorid; `["flavors", "access", flavorid,
 * projectId]` -> `{projectId}`; `["flavors", "seq"]` -> the last internal id. A description too long
 * to sit in the record safely (KV values stop at 64 KiB) is spilled into numbered parts under
 * `["flavors", "description", flavorid, n]`.
 *
 * Flavors are few (tens, rarely hundreds): a listing either reads every record under the prefix or
 * walks them in key order from a marker ({@link scanFlavors}).
 *
 * Every staged flavor write also rewrites `["flavors", "generation"]`, so its versionstamp moves
 * whenever any flavor record changes. Listings keep the records they read, per store, with the
 * generation they read first, and read them again only once the generation has moved (one small
 * `get` instead of decoding every record on every `GET /flavors/detail`).
 *
 * @module
 */
import { keys, listAll } from "./keys.ts";
import { readValues, retryLocked, type Transaction } from "./transaction.ts";
import { gatheredRead } from "./gathered_read.ts";

/** A flavor as the layers above the store see it. */
export interface FlavorRecord {
  /** Internal id (Nova's `flavors.id`): a number handed out in creation order. */
  id: number;
  /** The public id (`flavors.flavorid`), unique. */
  flavorid: string;
  /** Unique name. */
  name: string;
  /** RAM in MiB (the API's `ram`). */
  memory_mb: number;
  /** Virtual CPUs. */
  vcpus: number;
  /** Root disk in GiB (the API's `disk`). */
  root_gb: number;
  /** Ephemeral disk in GiB (`OS-FLV-EXT-DATA:ephemeral`). */
  ephemeral_gb: number;
  /** Swap in MiB; 0 for none. */
  swap: number;
  /** Network bandwidth factor (shown until 2.101). */
  rxtx_factor: number;
  /** Public flavors are open to every project; private ones to listed projects only. */
  is_public: boolean;
  /** Disabled flavors are hidden from non-admin listings (`OS-FLV-DISABLED:disabled`). */
  disabled: boolean;
  /** Free text (2.55+); null when never set. */
  description: string | null;
  /** Extra specs, values always strings. */
  extra_specs: Record<string, string>;
  /** ISO 8601. */
  created_at: string;
  /** ISO 8601, null until the record is first changed. */
  updated_at: string | null;
}

/** The stored shape: a long description lives in parts beside the record. */
export interface StoredFlavor extends Omit<FlavorRecord, "description"> {
  /** The description when it sits inline; null when spilled (or never set). */
  description: string | null;
  /** Number of description parts when the description was spilled. */
  description_parts?: number;
}

/** A flavor read inside a transaction: the record, and the stored shape to rewrite or delete. */
export interface FlavorRow {
  /** The record, description included. */
  readonly record: FlavorRecord;
  /** As stored (spilled description parts counted). */
  readonly stored: StoredFlavor;
}

/** Descriptions longer than this many UTF-16 units are spilled into parts. */
const INLINE_DESCRIPTION = 4096;
/** Size of one description part: at most 32 KiB serialized even for two-byte text. */
const DESCRIPTION_PART = 16000;

/**
 * Whether a thrown value is KV refusing a value over its size limit (a record that outgrew
 * 64 KiB), so the caller can report it in its own words.
 */
export function isValueTooLarge(error: unknown): boolean {
  return error instanceof TypeError && /value too large/i.test(error.message);
}

function descriptionParts(text: string): string[] {
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += DESCRIPTION_PART) {
    parts.push(text.slice(i, i + DESCRIPTION_PART));
  }
  return parts;
}

/** A stored record without description parts, as the record it is. */
function stripStorage(stored: StoredFlavor): FlavorRecord {
  // Most records never spilled: they are returned as read, without a copy.
  if (!("description_parts" in stored)) return stored;
  const { description_parts: _parts, ...rest } = stored;
  return rest;
}

/** Turn a stored record back into a {@link FlavorRecord}, reading spilled description parts. */
async function inflate(
  stored: StoredFlavor,
  read: (list: Deno.KvKey[]) => Promise<(string | null)[]>,
): Promise<FlavorRecord> {
  const { description_parts: parts, ...rest } = stored;
  if (!parts) return { ...rest };
  const list = Array.from(
    { length: parts },
    (_, n) => keys.flavorDescriptionPart(stored.flavorid, n),
  );
  const texts = await read(list);
  return { ...rest, description: texts.map((t) => t ?? "").join("") };
}

function readMany(kv: Deno.Kv, list: Deno.KvKey[]): Promise<(string | null)[]> {
  return readValues<string>(kv, list);
}

// ---------------------------------------------------------------------------------------------
// Reads outside a transaction.

/**
 * One flavor by its public id, or null. No visibility rules here: the caller applies them.
 *
 * @example
 * ```ts
 * const tiny = await getFlavor(kv, "1");
 * ```
 */
export async function getFlavor(kv: Deno.Kv, flavorid: string): Promise<FlavorRecord | null> {
  const entry = await retryLocked(() => kv.get<StoredFlavor>(keys.flavor(flavorid)));
  if (!entry.value) return null;
  return await inflate(entry.value, (list) => readMany(kv, list));
}

/**
 * The versionstamp of `["flavors", "generation"]`, which moves with every flavor write (records,
 * access rows, extra specs), or null on a store no flavor write has touched since that key came
 * in. What is derived from flavors read after this call can be kept under it: while a later call
 * answers the same stamp, nothing it was derived from has changed (in any process).
 */
export async function flavorsGeneration(kv: Deno.Kv): Promise<string | null> {
  // Read by every listing: concurrent requests share the read (never one made before they asked).
  const [generation] = await gatheredRead(kv, [keys.flavorsGeneration()]);
  return generation.versionstamp;
}

/** The records last read from each store, with the flavors generation read before them. */
const recordCache = new WeakMap<Deno.Kv, { stamp: string; records: readonly FlavorRecord[] }>();

/**
 * Every flavor in key order, from {@link recordCache} while the generation has not moved. The
 * generation is read before the records, so a write that lands between the two leaves a cache
 * tagged older than what it holds, which is read again next time: never stale.
 */
async function cachedFlavors(kv: Deno.Kv): Promise<readonly FlavorRecord[]> {
  // A store no flavor write has touched since this layout has no generation yet: read it through.
  const stamp = await flavorsGeneration(kv);
  const hit = recordCache.get(kv);
  if (stamp !== null && hit?.stamp === stamp) return hit.records;
  const records = await readAllFlavorsUncached(kv);
  if (stamp !== null) recordCache.set(kv, { stamp, records });
  return records;
}

const utf8 = new TextEncoder();

/** A flavor's key part as KV orders it: UTF-8 bytes. */
function keyBytes(flavorid: string): Uint8Array {
  return utf8.encode(keys.flavor(flavorid)[2] as string);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Every flavor, in key (flavorid) order. */
export async function readAllFlavors(kv: Deno.Kv): Promise<FlavorRecord[]> {
  return [...await cachedFlavors(kv)];
}

async function readAllFlavorsUncached(kv: Deno.Kv): Promise<FlavorRecord[]> {
  const stored = await retryLocked(async () => {
    const out: StoredFlavor[] = [];
    for await (const e of listAll<StoredFlavor>(kv, keys.flavors())) out.push(e.value);
    return out;
  });
  const records: FlavorRecord[] = [];
  for (const s of stored) records.push(await inflate(s, (list) => readMany(kv, list)));
  return records;
}

/**
 * Walk the flavors in key order (flavorid ascending), starting after `afterFlavorid` when given,
 * reading `batchSize` entries at a time: a page of a listing reads only as far as it needs.
 */
export async function* scanFlavors(
  kv: Deno.Kv,
  afterFlavorid?: string,
  batchSize = 100,
): AsyncGenerator<FlavorRecord> {
  const stamp = await flavorsGeneration(kv);
  const hit = recordCache.get(kv);
  if (stamp !== null && hit?.stamp === stamp) {
    // Key order is flavorid order as the key parts compare: start after the marker's row.
    let i = 0;
    if (afterFlavorid !== undefined) {
      const start = keyBytes(afterFlavorid);
      while (i < hit.records.length && compareBytes(keyBytes(hit.records[i].flavorid), start) < 0) {
        i++;
      }
    }
    for (; i < hit.records.length; i++) {
      if (hit.records[i].flavorid !== afterFlavorid) yield hit.records[i];
    }
    return;
  }
  if (afterFlavorid === undefined && stamp !== null) {
    // A walk from the start reads them all anyway, once; later walks come from the cache.
    yield* await cachedFlavors(kv);
    return;
  }
  const prefix = keys.flavors();
  const selector = afterFlavorid === undefined
    ? { prefix }
    : { prefix, start: keys.flavor(afterFlavorid) };
  for await (const e of kv.list<StoredFlavor>(selector, { batchSize })) {
    if (e.value.flavorid === afterFlavorid) continue;
    if (e.value.description_parts) yield await inflate(e.value, (list) => readMany(kv, list));
    else yield stripStorage(e.value);
  }
}

/** The project of an access row (its value; rows written before it had one: the key). */
function accessProject(e: Deno.KvEntry<unknown>): string {
  const v = e.value as { projectId?: string } | boolean;
  return typeof v === "object" && v?.projectId ? v.projectId : String(e.key[e.key.length - 1]);
}

/** The projects given access to a flavor, sorted. */
export async function listFlavorAccess(kv: Deno.Kv, flavorid: string): Promise<string[]> {
  return await retryLocked(async () => {
    const out: string[] = [];
    for await (const e of listAll(kv, keys.flavorAccessList(flavorid))) {
      out.push(accessProject(e));
    }
    return out;
  });
}

/** Whether a project was given access to a flavor. */
export async function hasFlavorAccess(
  kv: Deno.Kv,
  flavorid: string,
  projectId: string,
): Promise<boolean> {
  const entry = await retryLocked(() => kv.get(keys.flavorAccess(flavorid, projectId)));
  return entry.value !== null;
}

/** Every access row, as flavorid -> projects. */
export async function listAllFlavorAccess(kv: Deno.Kv): Promise<Map<string, string[]>> {
  return await retryLocked(async () => {
    const out = new Map<string, string[]>();
    for await (const e of listAll(kv, keys.flavorAccessAll())) {
      const flavorid = String(e.key[2]);
      const list = out.get(flavorid) ?? [];
      list.push(accessProject(e));
      out.set(flavorid, list);
    }
    return out;
  });
}

// ---------------------------------------------------------------------------------------------
// Reads inside a transaction (each one is version-checked at commit).

/** A flavor read inside a transaction, description included, or null when there is none. */
export async function readFlavor(tx: Transaction, flavorid: string): Promise<FlavorRow | null> {
  const stored = await tx.get<StoredFlavor>(keys.flavor(flavorid));
  if (!stored) return null;
  return { stored, record: await inflate(stored, (list) => tx.getMany<string>(list)) };
}

/** Whether a flavor with this public id is stored (the description is not read). */
export async function flavorIdTaken(tx: Transaction, flavorid: string): Promise<boolean> {
  return await tx.get(keys.flavor(flavorid)) !== null;
}

/** Whether the name index holds this name. */
export async function flavorNameTaken(tx: Transaction, name: string): Promise<boolean> {
  return await tx.get(keys.flavorName(name)) !== null;
}

/** The last internal id handed out, or null when no flavor was ever stored. */
export async function lastFlavorId(tx: Transaction): Promise<number | null> {
  return await tx.get<number>(keys.flavorSeq());
}

/** Whether any flavor record is stored (read without a version check). */
export async function anyFlavorStored(tx: Transaction): Promise<boolean> {
  for await (const _ of listAll(tx.kv, keys.flavors(), { limit: 1 })) return true;
  return false;
}

/** Whether an access row for this flavor and project is stored. */
export async function accessRowStored(
  tx: Transaction,
  flavorid: string,
  projectId: string,
): Promise<boolean> {
  return await tx.get<unknown>(keys.flavorAccess(flavorid, projectId)) !== null;
}

// ---------------------------------------------------------------------------------------------
// Staged writes (queued on the transaction, committed atomically with it).

/** Transactions that already rewrite the flavors generation. */
const generationStaged = new WeakSet<Transaction>();

/** Queue the rewrite of the flavors generation (once per transaction): listings read again. */
function stageGenerationMove(tx: Transaction): void {
  if (generationStaged.has(tx)) return;
  generationStaged.add(tx);
  tx.set(keys.flavorsGeneration(), true);
}

/** Queue the writes that store `record` (and its description parts) in place of `previous`. */
export function stageFlavor(tx: Transaction, record: FlavorRecord, previous?: FlavorRow): void {
  const { description, ...rest } = record;
  const stored: StoredFlavor = { ...rest, description };
  const oldParts = previous?.stored.description_parts ?? 0;
  let newParts = 0;
  if (description !== null && description.length > INLINE_DESCRIPTION) {
    const parts = descriptionParts(description);
    parts.forEach((part, n) => tx.set(keys.flavorDescriptionPart(record.flavorid, n), part));
    newParts = parts.length;
    stored.description = null;
    stored.description_parts = newParts;
  }
  for (let n = newParts; n < oldParts; n++) {
    tx.delete(keys.flavorDescriptionPart(record.flavorid, n));
  }
  tx.set(keys.flavor(record.flavorid), stored);
  stageGenerationMove(tx);
}

/**
 * Queue a brand-new flavor: its record, its name in the index, the internal-id sequence moved to
 * its id, and any stale access rows left under its flavorid cleared. With `assertFree` the commit
 * also requires the flavorid and name to be absent.
 */
export async function stageNewFlavor(
  tx: Transaction,
  record: FlavorRecord,
  options: { assertFree?: boolean; clearAccess?: boolean } = {},
): Promise<void> {
  if (options.assertFree) {
    tx.assertAbsent(keys.flavor(record.flavorid));
    tx.assertAbsent(keys.flavorName(record.name));
  }
  if (options.clearAccess ?? true) {
    for await (const e of listAll(tx.kv, keys.flavorAccessList(record.flavorid))) {
      tx.delete(e.key);
    }
  }
  stageFlavor(tx, record);
  tx.set(keys.flavorName(record.name), record.flavorid);
  tx.set(keys.flavorSeq(), record.id);
}

/**
 * Queue the removal of a flavor: record, description parts, access rows, and its name in the
 * index when the index still points at it.
 */
export async function stageFlavorDelete(tx: Transaction, row: FlavorRow): Promise<void> {
  const { flavorid, name } = row.record;
  stageGenerationMove(tx);
  for await (const e of listAll(tx.kv, keys.flavorAccessList(flavorid))) tx.delete(e.key);
  for (let n = 0; n < (row.stored.description_parts ?? 0); n++) {
    tx.delete(keys.flavorDescriptionPart(flavorid, n));
  }
  tx.delete(keys.flavor(flavorid));
  if (await tx.get<string>(keys.flavorName(name)) === flavorid) {
    tx.delete(keys.flavorName(name));
  }
}

/**
 * Queue adding (`present`) or removing an access row. The record is rewritten unchanged so that
 * its versionstamp moves: a concurrent delete (which checks the record) retries and sees the row
 * instead of leaving an orphan behind.
 */
export function stageAccessRow(
  tx: Transaction,
  row: FlavorRow,
  projectId: string,
  present: boolean,
): void {
  const key = keys.flavorAccess(row.record.flavorid, projectId);
  if (present) tx.set(key, { projectId });
  else tx.delete(key);
  tx.set(keys.flavor(row.record.flavorid), row.stored);
  stageGenerationMove(tx);
}
