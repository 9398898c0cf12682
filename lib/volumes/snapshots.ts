/**
 * Volume snapshots, the domain side: find one as a caller may see it, list a project's (or every
 * project's), create one of a volume (an attached one only when forced, as Cinder), rename it and
 * delete it. A snapshot is `available` at once on the simulated backend.
 *
 * @module
 */
import {
  getSnapshot,
  insertSnapshot,
  listSnapshots,
  readSnapshot,
  readVolume,
  removeSnapshot,
  type SnapshotRecord,
  updateSnapshot,
} from "../store/volumes.ts";
import { transact } from "../store/transaction.ts";
import { InvalidVolume, SnapshotNotFound, VolumeNotFound } from "./errors.ts";
import { ownedBy, type VolumeActor } from "./volumes.ts";

export type { SnapshotRecord };

/** The snapshot, as the caller may see it, or {@link SnapshotNotFound}. */
export async function findSnapshot(
  kv: Deno.Kv,
  id: string,
  actor: VolumeActor,
): Promise<SnapshotRecord> {
  const record = await getSnapshot(kv, id);
  if (!record || !ownedBy(record, actor)) throw new SnapshotNotFound(id);
  return record;
}

/** The caller's project's snapshots, or every project's when an admin asks for all. */
export function listSnapshotsOf(
  kv: Deno.Kv,
  actor: VolumeActor,
  allProjects = false,
): Promise<SnapshotRecord[]> {
  return listSnapshots(kv, actor.isAdmin && allProjects ? undefined : actor.projectId ?? "");
}

/** A snapshot to create, as the API validated it. */
export interface NewSnapshot {
  volumeId: string;
  name?: string | null;
  description?: string | null;
  /** Snapshot an in-use volume too. */
  force?: boolean;
  metadata?: Record<string, string> | null;
}

/** Snapshot a volume the caller may see, in one transaction. */
export function createSnapshot(
  kv: Deno.Kv,
  actor: VolumeActor,
  spec: NewSnapshot,
  now: Date,
): Promise<SnapshotRecord> {
  return transact(kv, async (tx) => {
    const volume = await readVolume(tx, spec.volumeId);
    if (!volume || !ownedBy(volume, actor)) throw new VolumeNotFound(spec.volumeId);
    const valid = spec.force ? ["available", "in-use"] : ["available"];
    if (!valid.includes(volume.status)) {
      throw new InvalidVolume(
        `Volume ${volume.id} status must be ${valid.join(", ")}, but current status is: ` +
          `${volume.status}.`,
      );
    }
    const record: SnapshotRecord = {
      id: crypto.randomUUID(),
      volume_id: volume.id,
      project_id: actor.projectId ?? volume.project_id,
      user_id: actor.userId ?? "",
      name: spec.name ?? null,
      description: spec.description ?? null,
      size: volume.size,
      status: "available",
      metadata: { ...(spec.metadata ?? {}) },
      created_at: now.toISOString(),
      updated_at: null,
    };
    insertSnapshot(tx, record);
    return record;
  });
}

/** Rename or describe a snapshot the caller may see. */
export function changeSnapshot(
  kv: Deno.Kv,
  id: string,
  actor: VolumeActor,
  changes: { name?: string | null; description?: string | null },
  now: Date,
): Promise<SnapshotRecord> {
  return transact(kv, async (tx) => {
    const record = await readSnapshot(tx, id);
    if (!record || !ownedBy(record, actor)) throw new SnapshotNotFound(id);
    const next: SnapshotRecord = { ...record, updated_at: now.toISOString() };
    if (changes.name !== undefined) next.name = changes.name;
    if (changes.description !== undefined) next.description = changes.description;
    updateSnapshot(tx, next);
    return next;
  });
}

/** Delete a snapshot the caller may see. */
export async function deleteSnapshot(kv: Deno.Kv, id: string, actor: VolumeActor): Promise<void> {
  await transact(kv, async (tx) => {
    const record = await readSnapshot(tx, id);
    if (!record || !ownedBy(record, actor)) throw new SnapshotNotFound(id);
    removeSnapshot(tx, record);
  });
}
