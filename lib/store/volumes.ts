/**
 * Stored block storage volumes and their snapshots: the records behind the small Cinder-like
 * subset this port serves (`/v3/{project}/volumes`), Nova's `os-volumes` and `os-snapshots`
 * proxies, and server volume attachments. One record per volume under its id, listed per project
 * and overall in creation order; a volume carries its attachments (Cinder's `attachments`), so an
 * attach or detach is one write of the volume and one of the server, in one transaction.
 *
 * @module
 */
import { keys, listAll } from "./keys.ts";
import { readValues, retryLocked, type Transaction } from "./transaction.ts";

/** Cinder's volume statuses that this port uses. */
export type VolumeStatus =
  | "creating"
  | "available"
  | "reserved"
  | "attaching"
  | "in-use"
  | "detaching"
  | "deleting"
  | "error"
  | "extending";

/** One attachment of a volume to a server (Cinder's attachment record, flattened). */
export interface VolumeAttachmentRecord {
  /** The attachment id (Cinder's; Nova's 2.89 `attachment_id`). */
  attachment_id: string;
  /** The server's uuid. */
  server_id: string;
  /** The compute host the server was on at attach time, or null. */
  host_name: string | null;
  /** The device name in the guest, e.g. `/dev/vdb`. */
  device: string;
  /** ISO 8601 time of the attach. */
  attached_at: string;
}

/** A stored volume. */
export interface VolumeRecord {
  /** UUID. */
  id: string;
  project_id: string;
  user_id: string;
  /** Display name; null when none was given. */
  name: string | null;
  description: string | null;
  /** GiB. */
  size: number;
  status: VolumeStatus;
  /** The volume type's name. */
  volume_type: string;
  availability_zone: string;
  /** Whether it holds a bootable image. */
  bootable: boolean;
  multiattach: boolean;
  /** The snapshot it was created from, or null. */
  snapshot_id: string | null;
  /** The volume it was cloned from, or null. */
  source_volid: string | null;
  /** The image it was created from, or null. */
  image_id: string | null;
  metadata: Record<string, string>;
  /** Current attachments, in attach order. */
  attachments: VolumeAttachmentRecord[];
  /**
   * Cinder's `migration_status` (`migrating` while Cinder moves the volume, which is when it asks
   * Nova to swap it); absent or null when none.
   */
  migration_status?: string | null;
  /** ISO 8601 times (UTC). */
  created_at: string;
  updated_at: string | null;
}

/** A stored volume snapshot. */
export interface SnapshotRecord {
  /** UUID. */
  id: string;
  volume_id: string;
  project_id: string;
  user_id: string;
  name: string | null;
  description: string | null;
  /** GiB, the volume's size at the time. */
  size: number;
  status: "creating" | "available" | "deleting" | "error";
  metadata: Record<string, string>;
  /** ISO 8601 times (UTC). */
  created_at: string;
  updated_at: string | null;
}

/** Read one volume, or null. */
export async function getVolume(kv: Deno.Kv, id: string): Promise<VolumeRecord | null> {
  return (await retryLocked(() => kv.get<VolumeRecord>(keys.volume(id)))).value;
}

/** Read one volume through `tx` (its version is checked at commit), or null. */
export function readVolume(tx: Transaction, id: string): Promise<VolumeRecord | null> {
  return tx.get<VolumeRecord>(keys.volume(id));
}

/** Every volume of a project (or of all projects), oldest first. */
export async function listVolumes(kv: Deno.Kv, projectId?: string): Promise<VolumeRecord[]> {
  const prefix = projectId === undefined ? keys.allVolumes() : keys.projectVolumes(projectId);
  const ids: string[] = [];
  for await (const entry of listAll<string>(kv, prefix)) ids.push(entry.value);
  const records = await readValues<VolumeRecord>(kv, ids.map((id) => keys.volume(id)));
  return records.filter((r): r is VolumeRecord => r !== null);
}

/** Queue a new volume and its indexes; the commit fails if the id is taken. */
export function insertVolume(tx: Transaction, record: VolumeRecord): void {
  const key = keys.volume(record.id);
  tx.assertAbsent(key);
  tx.set(key, record);
  tx.set(keys.projectVolume(record.project_id, record.created_at, record.id), record.id);
  tx.set(keys.globalVolume(record.created_at, record.id), record.id);
}

/** Queue the new state of a volume read through `tx`. */
export function updateVolume(tx: Transaction, record: VolumeRecord): void {
  tx.set(keys.volume(record.id), record);
}

/** Queue removing a volume read through `tx` and its indexes. */
export function removeVolume(tx: Transaction, record: VolumeRecord): void {
  tx.delete(keys.volume(record.id));
  tx.delete(keys.projectVolume(record.project_id, record.created_at, record.id));
  tx.delete(keys.globalVolume(record.created_at, record.id));
}

/** Read one snapshot, or null. */
export async function getSnapshot(kv: Deno.Kv, id: string): Promise<SnapshotRecord | null> {
  return (await retryLocked(() => kv.get<SnapshotRecord>(keys.volumeSnapshot(id)))).value;
}

/** Read one snapshot through `tx`, or null. */
export function readSnapshot(tx: Transaction, id: string): Promise<SnapshotRecord | null> {
  return tx.get<SnapshotRecord>(keys.volumeSnapshot(id));
}

/** Every snapshot of a project (or of all projects), oldest first. */
export async function listSnapshots(kv: Deno.Kv, projectId?: string): Promise<SnapshotRecord[]> {
  const prefix = projectId === undefined
    ? keys.allVolumeSnapshots()
    : keys.projectVolumeSnapshots(projectId);
  const ids: string[] = [];
  for await (const entry of listAll<string>(kv, prefix)) ids.push(entry.value);
  const records = await readValues<SnapshotRecord>(kv, ids.map((id) => keys.volumeSnapshot(id)));
  return records.filter((r): r is SnapshotRecord => r !== null);
}

/** Queue a new snapshot and its indexes; the commit fails if the id is taken. */
export function insertSnapshot(tx: Transaction, record: SnapshotRecord): void {
  const key = keys.volumeSnapshot(record.id);
  tx.assertAbsent(key);
  tx.set(key, record);
  tx.set(keys.projectVolumeSnapshot(record.project_id, record.created_at, record.id), record.id);
  tx.set(keys.globalVolumeSnapshot(record.created_at, record.id), record.id);
}

/** Queue the new state of a snapshot read through `tx`. */
export function updateSnapshot(tx: Transaction, record: SnapshotRecord): void {
  tx.set(keys.volumeSnapshot(record.id), record);
}

/** Queue removing a snapshot read through `tx` and its indexes. */
export function removeSnapshot(tx: Transaction, record: SnapshotRecord): void {
  tx.delete(keys.volumeSnapshot(record.id));
  tx.delete(keys.projectVolumeSnapshot(record.project_id, record.created_at, record.id));
  tx.delete(keys.globalVolumeSnapshot(record.created_at, record.id));
}
