/**
 * Stored images: the snapshots and backups servers make (Nova's `createImage`, `createBackup`,
 * shelve), kept under `["images", "id", id]` with an index by the server they were taken of. The
 * configured catalog is not stored; `lib/images` lists both. A record carries the times its upload
 * starts and ends, so its status is a function of the record and the clock.
 *
 * @module
 */
import { keys } from "./keys.ts";
import { retryLocked, transact, type Transaction } from "./transaction.ts";

/** One stored image (Glance v2's fields, plus when its upload starts and ends). */
export interface ImageRecord {
  /** UUID. */
  id: string;
  name: string;
  visibility: "public" | "private" | "shared" | "community";
  /** The project that made it. */
  owner: string | null;
  disk_format: string;
  container_format: string;
  /** Bytes. */
  size: number;
  min_disk: number;
  min_ram: number;
  /** Free-form properties (`instance_uuid`, `image_type`, `backup_type`, ...). */
  properties: Record<string, string>;
  /** ISO 8601. */
  created_at: string;
  /** ISO 8601: the image is `saving` from here. */
  saving_at: string;
  /** ISO 8601: the image is `active` from here. */
  active_at: string;
  /** The server it was taken of, null when none. */
  instance_uuid: string | null;
  /** A backup's rotation (how many backups of its type the server keeps), null otherwise. */
  rotation: number | null;
  /** ISO 8601: when its properties were last changed through the API, absent when never. */
  updated_at?: string;
}

/** The record of image `id`, or null. */
export async function readImageRecord(kv: Deno.Kv, id: string): Promise<ImageRecord | null> {
  return (await retryLocked(() => kv.get<ImageRecord>(keys.image(id)))).value;
}

/** The record of image `id` read through `tx` (checked at commit), or null. */
export async function readImageRecordInTx(
  tx: Transaction,
  id: string,
): Promise<ImageRecord | null> {
  const staged = STAGED.get(tx)?.get(id);
  if (staged !== undefined) return staged;
  return await tx.get<ImageRecord>(keys.image(id));
}

/** Every stored image record, in key order. */
export async function listImageRecords(kv: Deno.Kv): Promise<ImageRecord[]> {
  const out: ImageRecord[] = [];
  for await (const entry of kv.list<ImageRecord>({ prefix: keys.images() })) out.push(entry.value);
  return out;
}

/** Images staged on a transaction (null: removed), so its later reads see them (KV's do not). */
const STAGED = new WeakMap<Transaction, Map<string, ImageRecord | null>>();

function stage(tx: Transaction, id: string, record: ImageRecord | null): void {
  let staged = STAGED.get(tx);
  if (!staged) STAGED.set(tx, staged = new Map());
  staged.set(id, record);
}

/** Stage a new image and its server index (the commit fails if the id is taken). */
export function insertImageRecord(tx: Transaction, record: ImageRecord): void {
  stage(tx, record.id, record);
  tx.assertAbsent(keys.image(record.id));
  tx.set(keys.image(record.id), record);
  if (record.instance_uuid) tx.set(keys.instanceImage(record.instance_uuid, record.id), record.id);
}

/** Stage removing an image and its server index. */
export function removeImageRecord(tx: Transaction, record: ImageRecord): void {
  stage(tx, record.id, null);
  tx.delete(keys.image(record.id));
  if (record.instance_uuid) tx.delete(keys.instanceImage(record.instance_uuid, record.id));
}

/**
 * The images taken of server `uuid`, read through `tx` (each read checked at commit), with what
 * this module staged on `tx` already.
 */
export async function readInstanceImages(tx: Transaction, uuid: string): Promise<ImageRecord[]> {
  const ids: string[] = [];
  for await (const entry of tx.kv.list<string>({ prefix: keys.instanceImages(uuid) })) {
    ids.push(entry.value);
  }
  const records = await tx.getMany<ImageRecord>(ids.map((id) => keys.image(id)));
  const byId = new Map<string, ImageRecord>();
  for (const r of records) if (r) byId.set(r.id, r);
  for (const [id, r] of STAGED.get(tx) ?? []) {
    if (r === null) byId.delete(id);
    else if (r.instance_uuid === uuid) byId.set(id, r);
  }
  return [...byId.values()];
}

/**
 * Delete image `id` when `allowed` accepts its record; the record deleted, or null when there
 * was none. `allowed` may throw to refuse.
 */
export function deleteImageRecord(
  kv: Deno.Kv,
  id: string,
  allowed: (record: ImageRecord) => void = () => {},
): Promise<ImageRecord | null> {
  return transact(kv, async (tx) => {
    const record = await tx.get<ImageRecord>(keys.image(id));
    if (!record) return null;
    allowed(record);
    removeImageRecord(tx, record);
    return record;
  });
}

/**
 * Replace image `id`'s record with what `change` makes of it; the record written, or null when
 * there was none. `change` may throw to refuse.
 */
export function updateImageRecord(
  kv: Deno.Kv,
  id: string,
  change: (record: ImageRecord) => ImageRecord,
): Promise<ImageRecord | null> {
  return transact(kv, async (tx) => {
    const record = await tx.get<ImageRecord>(keys.image(id));
    if (!record) return null;
    const next = { ...change(record), id: record.id, instance_uuid: record.instance_uuid };
    stage(tx, id, next);
    tx.set(keys.image(id), next);
    return next;
  });
}
