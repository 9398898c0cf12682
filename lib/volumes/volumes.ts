/**
 * Volumes, the domain side (Cinder's volume API, reduced to what a simulated backend needs): find
 * one as a caller may see it, list a project's (or every project's), create one (empty, from an
 * image, a snapshot or another volume), rename it, and delete it when Cinder would. A new volume is
 * `available` at once: the simulated backend has nothing to wait for. Attachments are set by the
 * attach and detach paths, which read volumes through {@link findVolume}.
 *
 * @module
 */
import {
  getVolume,
  insertVolume,
  listSnapshots,
  listVolumes,
  readSnapshot,
  readVolume,
  removeSnapshot,
  removeVolume,
  updateVolume,
  type VolumeRecord,
} from "../store/volumes.ts";
import { transact } from "../store/transaction.ts";
import {
  InvalidAvailabilityZone,
  InvalidVolume,
  InvalidVolumeInput,
  SnapshotNotFound,
  VolumeNotFound,
  VolumeTypeNotFound,
} from "./errors.ts";
import { findVolumeType, VOLUME_AVAILABILITY_ZONE } from "./types.ts";

export type { VolumeRecord };

/** Who asks: the caller's project and user, and whether the caller is an admin. */
export interface VolumeActor {
  projectId: string | null;
  userId: string | null;
  isAdmin: boolean;
}

/** Whether a caller may see a record of this project (its own, or any for an admin). */
export function ownedBy(record: { project_id: string }, actor: VolumeActor): boolean {
  return actor.isAdmin || record.project_id === actor.projectId;
}

/** The volume, as the caller may see it, or {@link VolumeNotFound}. */
export async function findVolume(
  kv: Deno.Kv,
  id: string,
  actor: VolumeActor,
): Promise<VolumeRecord> {
  const record = await getVolume(kv, id);
  if (!record || !ownedBy(record, actor)) throw new VolumeNotFound(id);
  return record;
}

/** The caller's project's volumes, or every project's when an admin asks for all, oldest first. */
export function listVolumesOf(
  kv: Deno.Kv,
  actor: VolumeActor,
  allProjects = false,
): Promise<VolumeRecord[]> {
  return listVolumes(kv, actor.isAdmin && allProjects ? undefined : actor.projectId ?? "");
}

/** An image a volume is made from: its id, size in bytes and minimum disk in GiB. */
export interface VolumeImage {
  id: string;
  size: number;
  minDisk: number;
}

/** A volume to create, as the API validated it. */
export interface NewVolume {
  /** GiB; may be absent when a snapshot or a source volume gives it. */
  size?: number | null;
  name?: string | null;
  description?: string | null;
  /** A volume type's name or id; the default type when absent. */
  volumeType?: string | null;
  availabilityZone?: string | null;
  metadata?: Record<string, string> | null;
  /** The image to copy, already found by the API. */
  image?: VolumeImage | null;
  snapshotId?: string | null;
  sourceVolid?: string | null;
  multiattach?: boolean;
}

const GIB = 1024 ** 3;

function invalidSize(size: unknown): InvalidVolumeInput {
  return new InvalidVolumeInput(
    `Invalid volume size provided for create request: ${size} (size argument must be an ` +
      "integer (or string representation of an integer) and greater than zero).",
  );
}

/** Create a volume in one transaction (Cinder's `volume_api.create` with its checks). */
export function createVolume(
  kv: Deno.Kv,
  actor: VolumeActor,
  spec: NewVolume,
  now: Date,
): Promise<VolumeRecord> {
  return transact(kv, async (tx) => {
    let size = spec.size ?? null;
    let typeName: string | null = null;
    let zone: string | null = null;
    let bootable = spec.image != null;
    if (spec.snapshotId != null) {
      const snap = await readSnapshot(tx, spec.snapshotId);
      if (!snap || !ownedBy(snap, actor)) throw new SnapshotNotFound(spec.snapshotId);
      if (snap.status !== "available") {
        throw new InvalidVolumeInput("Snapshot must be available to create a volume from it.");
      }
      const parent = await readVolume(tx, snap.volume_id);
      size ??= snap.size;
      if (size < snap.size) {
        throw new InvalidVolumeInput(
          `Volume size ${size}GB cannot be smaller than the snapshot size ${snap.size}GB. ` +
            "They must be >= original snapshot size.",
        );
      }
      if (parent) {
        typeName = parent.volume_type;
        zone = parent.availability_zone;
        bootable = parent.bootable;
      }
    }
    if (spec.sourceVolid != null) {
      const source = await readVolume(tx, spec.sourceVolid);
      if (!source || !ownedBy(source, actor)) throw new VolumeNotFound(spec.sourceVolid);
      size ??= source.size;
      if (size < source.size) {
        throw new InvalidVolumeInput(
          `Volume size ${size}GB cannot be smaller than original volume size ` +
            `${source.size}GB. They must be >= original volume size.`,
        );
      }
      typeName = source.volume_type;
      zone = source.availability_zone;
      bootable = source.bootable;
    }
    if (size === null || !Number.isSafeInteger(size) || size <= 0) throw invalidSize(size);
    if (spec.image) {
      const imageGiB = Math.ceil(spec.image.size / GIB);
      if (imageGiB > size) {
        throw new InvalidVolumeInput(
          `Size of specified image ${imageGiB}GB is larger than volume size ${size}GB.`,
        );
      }
      if (spec.image.minDisk > size) {
        throw new InvalidVolumeInput(
          `Volume size ${size}GB cannot be smaller than the image minDisk size ` +
            `${spec.image.minDisk}GB.`,
        );
      }
    }
    if (spec.volumeType != null) {
      const type = findVolumeType(spec.volumeType);
      if (!type) throw new VolumeTypeNotFound(spec.volumeType, true);
      typeName = type.name;
    }
    if (spec.availabilityZone != null) {
      if (spec.availabilityZone !== VOLUME_AVAILABILITY_ZONE) {
        throw new InvalidAvailabilityZone(spec.availabilityZone);
      }
      zone = spec.availabilityZone;
    }
    const record: VolumeRecord = {
      id: crypto.randomUUID(),
      project_id: actor.projectId ?? "",
      user_id: actor.userId ?? "",
      name: spec.name ?? null,
      description: spec.description ?? null,
      size,
      status: "available",
      volume_type: typeName ?? findVolumeType("__DEFAULT__")!.name,
      availability_zone: zone ?? VOLUME_AVAILABILITY_ZONE,
      bootable,
      multiattach: spec.multiattach ?? false,
      snapshot_id: spec.snapshotId ?? null,
      source_volid: spec.sourceVolid ?? null,
      image_id: spec.image?.id ?? null,
      metadata: { ...(spec.metadata ?? {}) },
      attachments: [],
      created_at: now.toISOString(),
      updated_at: null,
    };
    insertVolume(tx, record);
    return record;
  });
}

/** What a volume update may change (Cinder's `PUT /volumes/{id}`). */
export interface VolumeChanges {
  name?: string | null;
  description?: string | null;
  /** Replaces the metadata when given. */
  metadata?: Record<string, string>;
  /** Cinder's `os-set_bootable` action. */
  bootable?: boolean;
}

/** Rename, describe, set the metadata of or mark bootable a volume the caller may see. */
export function changeVolume(
  kv: Deno.Kv,
  id: string,
  actor: VolumeActor,
  changes: VolumeChanges,
  now: Date,
): Promise<VolumeRecord> {
  return transact(kv, async (tx) => {
    const record = await readVolume(tx, id);
    if (!record || !ownedBy(record, actor)) throw new VolumeNotFound(id);
    const next: VolumeRecord = { ...record, updated_at: now.toISOString() };
    if (changes.name !== undefined) next.name = changes.name;
    if (changes.description !== undefined) next.description = changes.description;
    if (changes.metadata !== undefined) next.metadata = { ...changes.metadata };
    if (changes.bootable !== undefined) next.bootable = changes.bootable;
    updateVolume(tx, next);
    return next;
  });
}

/** The statuses Cinder deletes a volume from. */
export const DELETABLE_STATUSES = [
  "available",
  "error",
  "error_restoring",
  "error_extending",
  "error_managing",
] as const;

/** Cinder's refusal of a delete (an attached volume, or one with snapshots). */
export const CANNOT_DELETE = `Volume status must be ${DELETABLE_STATUSES.join(" or ")} and ` +
  "must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or " +
  "be disassociated from snapshots after volume transfer.";

/**
 * Delete a volume the caller may see: refused ({@link InvalidVolume}) while it is attached, in a
 * status Cinder does not delete from, or has snapshots (unless `cascade`, which deletes them too).
 */
export async function deleteVolume(
  kv: Deno.Kv,
  id: string,
  actor: VolumeActor,
  cascade = false,
): Promise<void> {
  const found = await findVolume(kv, id, actor);
  const snapshots = (await listSnapshots(kv, found.project_id)).filter((s) => s.volume_id === id);
  await transact(kv, async (tx) => {
    const record = await readVolume(tx, id);
    if (!record || !ownedBy(record, actor)) throw new VolumeNotFound(id);
    const deletable = (DELETABLE_STATUSES as readonly string[]).includes(record.status);
    if (!deletable || record.attachments.length > 0) throw new InvalidVolume(CANNOT_DELETE);
    for (const listed of snapshots) {
      const snap = await readSnapshot(tx, listed.id);
      if (!snap) continue;
      if (!cascade) throw new InvalidVolume(CANNOT_DELETE);
      removeSnapshot(tx, snap);
    }
    removeVolume(tx, record);
  });
}
