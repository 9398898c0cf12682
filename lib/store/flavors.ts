/**
 * Stored flavors: the record, its unique-name index, private-flavor access rows and extra specs,
 * as Nova's API database keeps them (`flavors`, `flavor_projects`, `flavor_extra_specs`).
 *
 * Layout (see `keys.ts`): one record per flavor under `["flavors", "id", flavorid]` holding the
 * extra specs inline; `["flavors", "name", name]` → flavorid; `["flavors", "access", flavorid,
 * projectId]` → true; `["flavors", "seq"]` → the last internal id. A description too long to sit
 * in the record safely (KV values stop at 64 KiB) is spilled into numbered parts under
 * `["flavors", "description", flavorid, n]`.
 *
 * Flavors are few (tens, rarely hundreds), so listing reads every record under the prefix and the
 * caller filters, sorts and pages in memory.
 *
 * Every change is one atomic operation through {@link transact}. Access changes rewrite the
 * record unchanged so that a concurrent delete (which checks the record) notices them and
 * retries, instead of leaving an orphan access row behind.
 *
 * @module
 */
import { keys, listAll } from "./keys.ts";
import { retryLocked, transact, type Transaction } from "./transaction.ts";

/** A flavor as the API layer sees it. */
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

/** What {@link createFlavor} needs; the rest takes Nova's defaults. */
export interface NewFlavor {
  /** Public id. */
  flavorid: string;
  /** Unique name. */
  name: string;
  /** RAM in MiB. */
  memory_mb: number;
  /** Virtual CPUs. */
  vcpus: number;
  /** Root disk in GiB. */
  root_gb: number;
  /** Ephemeral disk in GiB (default 0). */
  ephemeral_gb?: number;
  /** Swap in MiB (default 0). */
  swap?: number;
  /** Default 1.0. */
  rxtx_factor?: number;
  /** Default true. */
  is_public?: boolean;
  /** Default false. */
  disabled?: boolean;
  /** Default null. */
  description?: string | null;
  /** Default none. */
  extra_specs?: Record<string, string>;
}

/** The stored shape: a long description lives in parts beside the record. */
interface StoredFlavor extends Omit<FlavorRecord, "description"> {
  description: string | null;
  /** Number of description parts when the description was spilled. */
  description_parts?: number;
}

/** Descriptions longer than this many UTF-16 units are spilled into parts. */
const INLINE_DESCRIPTION = 4096;
/** Size of one description part: at most 32 KiB serialized even for two-byte text. */
const DESCRIPTION_PART = 16000;

/** Nova's `FlavorExists`. */
export class FlavorNameExists extends Error {
  constructor(name: string) {
    super(`Flavor with name ${name} already exists.`);
    this.name = "FlavorNameExists";
  }
}

/** Nova's `FlavorIdExists`. */
export class FlavorIdExists extends Error {
  constructor(flavorid: string) {
    super(`Flavor with ID ${flavorid} already exists.`);
    this.name = "FlavorIdExists";
  }
}

/** Nova's `FlavorNotFound`. */
export class FlavorNotFound extends Error {
  constructor(flavorid: string | number) {
    super(`Flavor ${flavorid} could not be found.`);
    this.name = "FlavorNotFound";
  }
}

/**
 * Nova's `FlavorAccessExists`. Nova names the flavor by its internal id here, because the row it
 * tried to insert refers to that id.
 */
export class FlavorAccessExists extends Error {
  constructor(internalId: number, projectId: string) {
    super(
      `Flavor access already exists for flavor ${internalId} and project ${projectId} combination.`,
    );
    this.name = "FlavorAccessExists";
  }
}

/** Nova's `FlavorAccessNotFound` (internal id, as Nova reports it). */
export class FlavorAccessNotFound extends Error {
  constructor(internalId: number, projectId: string) {
    super(`Flavor access not found for ${internalId} / ${projectId} combination.`);
    this.name = "FlavorAccessNotFound";
  }
}

/** Nova's `FlavorExtraSpecsNotFound`. */
export class FlavorExtraSpecNotFound extends Error {
  constructor(flavorid: string, key: string) {
    super(`Flavor ${flavorid} has no extra specs with key ${key}.`);
    this.name = "FlavorExtraSpecNotFound";
  }
}

/** The record would outgrow a KV value (only reachable with very many extra specs). */
export class FlavorRecordTooLarge extends Error {
  constructor(flavorid: string) {
    super(`Flavor ${flavorid} extra specs exceed the 64 KiB the store allows per flavor.`);
    this.name = "FlavorRecordTooLarge";
  }
}

function isValueTooLarge(error: unknown): boolean {
  return error instanceof TypeError && /value too large/i.test(error.message);
}

function descriptionParts(text: string): string[] {
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += DESCRIPTION_PART) {
    parts.push(text.slice(i, i + DESCRIPTION_PART));
  }
  return parts;
}

/** Queue the writes that store `record` (and its description parts) in place of `previous`. */
function writeRecord(tx: Transaction, record: FlavorRecord, previous?: StoredFlavor | null): void {
  const { description, ...rest } = record;
  const stored: StoredFlavor = { ...rest, description };
  const oldParts = previous?.description_parts ?? 0;
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
}

/** Turn a stored record back into a {@link FlavorRecord}, reading spilled description parts. */
/** A stored record without description parts, as the record it is. */
function stripStorage(stored: StoredFlavor): FlavorRecord {
  const { description_parts: _parts, ...rest } = stored;
  return rest;
}

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

async function readMany(kv: Deno.Kv, list: Deno.KvKey[]): Promise<(string | null)[]> {
  const out: (string | null)[] = [];
  for (let i = 0; i < list.length; i += 10) {
    const entries = await retryLocked(() => kv.getMany<string[]>(list.slice(i, i + 10)));
    for (const e of entries) out.push(e.value as string | null);
  }
  return out;
}

/** Read a record inside a transaction (version-checked), description included. */
async function readInTx(tx: Transaction, flavorid: string): Promise<[StoredFlavor, FlavorRecord]> {
  const stored = await tx.get<StoredFlavor>(keys.flavor(flavorid));
  if (!stored) throw new FlavorNotFound(flavorid);
  return [stored, await inflate(stored, (list) => tx.getMany<string>(list))];
}

/** Run a transaction, turning KV's "value too large" into {@link FlavorRecordTooLarge}. */
async function write<T>(
  kv: Deno.Kv,
  flavorid: string,
  body: (tx: Transaction) => Promise<T>,
): Promise<T> {
  try {
    return await transact(kv, body);
  } catch (e) {
    if (isValueTooLarge(e)) throw new FlavorRecordTooLarge(flavorid);
    throw e;
  }
}

/**
 * Create a flavor: record, name index and internal id in one atomic step. Refuses a taken
 * flavorid ({@link FlavorIdExists}, checked first) or name ({@link FlavorNameExists}). Stale
 * access rows left under the same flavorid are cleared.
 *
 * @example
 * ```ts
 * const f = await createFlavor(kv, { flavorid: "10", name: "m1.test", memory_mb: 512, vcpus: 1, root_gb: 1 });
 * f.is_public; // true
 * ```
 */
export function createFlavor(
  kv: Deno.Kv,
  input: NewFlavor,
  now: Date = new Date(),
): Promise<FlavorRecord> {
  return write(kv, input.flavorid, async (tx) => {
    if (await tx.get(keys.flavor(input.flavorid)) !== null) {
      throw new FlavorIdExists(input.flavorid);
    }
    if (await tx.get(keys.flavorName(input.name)) !== null) {
      throw new FlavorNameExists(input.name);
    }
    const seq = (await tx.get<number>(keys.flavorSeq())) ?? 0;
    const record: FlavorRecord = {
      id: seq + 1,
      flavorid: input.flavorid,
      name: input.name,
      memory_mb: input.memory_mb,
      vcpus: input.vcpus,
      root_gb: input.root_gb,
      ephemeral_gb: input.ephemeral_gb ?? 0,
      swap: input.swap ?? 0,
      rxtx_factor: input.rxtx_factor ?? 1.0,
      is_public: input.is_public ?? true,
      disabled: input.disabled ?? false,
      description: input.description ?? null,
      extra_specs: { ...(input.extra_specs ?? {}) },
      created_at: now.toISOString(),
      updated_at: null,
    };
    for await (const e of listAll(tx.kv, keys.flavorAccessList(input.flavorid))) {
      tx.delete(e.key);
    }
    writeRecord(tx, record);
    tx.set(keys.flavorName(record.name), record.flavorid);
    tx.set(keys.flavorSeq(), record.id);
    return record;
  });
}

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
 * Every flavor, in key (flavorid) order. Flavors are few: callers filter, sort and page the
 * result in memory.
 */
export async function listFlavors(kv: Deno.Kv): Promise<FlavorRecord[]> {
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

/**
 * Change a flavor's description (Nova's only mutable field) and stamp `updated_at`.
 * Throws {@link FlavorNotFound}.
 */
export function updateFlavorDescription(
  kv: Deno.Kv,
  flavorid: string,
  description: string | null,
  now: Date = new Date(),
): Promise<FlavorRecord> {
  return write(kv, flavorid, async (tx) => {
    const [stored, record] = await readInTx(tx, flavorid);
    const updated: FlavorRecord = { ...record, description, updated_at: now.toISOString() };
    writeRecord(tx, updated, stored);
    return updated;
  });
}

/**
 * Delete a flavor with its name index, access rows and description parts. Returns what was
 * deleted; throws {@link FlavorNotFound}.
 */
export function deleteFlavor(kv: Deno.Kv, flavorid: string): Promise<FlavorRecord> {
  return write(kv, flavorid, async (tx) => {
    const [stored, record] = await readInTx(tx, flavorid);
    for await (const e of listAll(tx.kv, keys.flavorAccessList(flavorid))) tx.delete(e.key);
    for (let n = 0; n < (stored.description_parts ?? 0); n++) {
      tx.delete(keys.flavorDescriptionPart(flavorid, n));
    }
    tx.delete(keys.flavor(flavorid));
    // Only drop the name index if it still points at this flavor.
    if (await tx.get<string>(keys.flavorName(record.name)) === flavorid) {
      tx.delete(keys.flavorName(record.name));
    }
    return record;
  });
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

/** Every access row, as flavorid → projects. */
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

async function changeAccess(
  kv: Deno.Kv,
  flavorid: string,
  projectId: string,
  add: boolean,
): Promise<string[]> {
  await write(kv, flavorid, async (tx) => {
    const stored = await tx.get<StoredFlavor>(keys.flavor(flavorid));
    if (!stored) throw new FlavorNotFound(flavorid);
    const key = keys.flavorAccess(flavorid, projectId);
    const present = await tx.get<unknown>(key) !== null;
    if (add && present) throw new FlavorAccessExists(stored.id, projectId);
    if (!add && !present) throw new FlavorAccessNotFound(stored.id, projectId);
    if (add) tx.set(key, { projectId });
    else tx.delete(key);
    // Bump the record's versionstamp so a concurrent delete retries and sees this row.
    tx.set(keys.flavor(flavorid), stored);
  });
  return await listFlavorAccess(kv, flavorid);
}

/**
 * Give a project access to a flavor; returns the new access list. Throws {@link FlavorNotFound}
 * or {@link FlavorAccessExists}.
 */
export function addFlavorAccess(
  kv: Deno.Kv,
  flavorid: string,
  projectId: string,
): Promise<string[]> {
  return changeAccess(kv, flavorid, projectId, true);
}

/**
 * Take a project's access away; returns the new access list. Throws {@link FlavorNotFound} or
 * {@link FlavorAccessNotFound}.
 */
export function removeFlavorAccess(
  kv: Deno.Kv,
  flavorid: string,
  projectId: string,
): Promise<string[]> {
  return changeAccess(kv, flavorid, projectId, false);
}

/**
 * Add or overwrite extra specs (others are kept). Throws {@link FlavorNotFound} or, when the
 * record would outgrow a KV value, {@link FlavorRecordTooLarge}.
 */
export function setFlavorExtraSpecs(
  kv: Deno.Kv,
  flavorid: string,
  specs: Record<string, string>,
): Promise<FlavorRecord> {
  return write(kv, flavorid, async (tx) => {
    const [stored, record] = await readInTx(tx, flavorid);
    const updated: FlavorRecord = { ...record, extra_specs: { ...record.extra_specs, ...specs } };
    writeRecord(tx, updated, stored);
    return updated;
  });
}

/**
 * Remove one extra spec. Throws {@link FlavorNotFound} or {@link FlavorExtraSpecNotFound}.
 */
export function deleteFlavorExtraSpec(
  kv: Deno.Kv,
  flavorid: string,
  key: string,
): Promise<FlavorRecord> {
  return write(kv, flavorid, async (tx) => {
    const [stored, record] = await readInTx(tx, flavorid);
    if (!Object.hasOwn(record.extra_specs, key)) throw new FlavorExtraSpecNotFound(flavorid, key);
    const extra_specs = { ...record.extra_specs };
    delete extra_specs[key];
    const updated: FlavorRecord = { ...record, extra_specs };
    writeRecord(tx, updated, stored);
    return updated;
  });
}

/** The five flavors Nova's database used to ship with: [flavorid, name, memory MB, vCPUs, disk GB]. */
export const CLASSIC_FLAVORS: readonly (readonly [string, string, number, number, number])[] = [
  ["1", "m1.tiny", 512, 1, 1],
  ["2", "m1.small", 2048, 1, 20],
  ["3", "m1.medium", 4096, 2, 40],
  ["4", "m1.large", 8192, 4, 80],
  ["5", "m1.xlarge", 16384, 8, 160],
];

/**
 * Create the classic m1.* flavors (ids 1–5, internal ids 1–5) in one atomic step, but only in a
 * store that has never held a flavor (no internal id handed out yet): an operator who deleted
 * them does not get them back. Returns whether it seeded.
 *
 * @example
 * ```ts
 * await seedClassicFlavors(kv); // true on a fresh store, false afterwards
 * ```
 */
export function seedClassicFlavors(kv: Deno.Kv, now: Date = new Date()): Promise<boolean> {
  return transact(kv, async (tx) => {
    if (await tx.get<number>(keys.flavorSeq()) !== null) return false;
    for await (const _ of listAll(tx.kv, keys.flavors(), { limit: 1 })) return false;
    CLASSIC_FLAVORS.forEach(([flavorid, name, memory_mb, vcpus, root_gb], i) => {
      tx.assertAbsent(keys.flavor(flavorid));
      tx.assertAbsent(keys.flavorName(name));
      writeRecord(tx, {
        id: i + 1,
        flavorid,
        name,
        memory_mb,
        vcpus,
        root_gb,
        ephemeral_gb: 0,
        swap: 0,
        rxtx_factor: 1.0,
        is_public: true,
        disabled: false,
        description: null,
        extra_specs: {},
        created_at: now.toISOString(),
        updated_at: null,
      });
      tx.set(keys.flavorName(name), flavorid);
    });
    tx.set(keys.flavorSeq(), CLASSIC_FLAVORS.length);
    return true;
  });
}
