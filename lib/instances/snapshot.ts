/**
 * Snapshots and backups of a server (Nova's `compute.API.snapshot`, `snapshot_volume_backed` and
 * `backup`): an image is added to the store with Nova's snapshot properties (the base image's
 * properties, `base_image_ref`, `instance_uuid`, `user_id`, `image_type`, a backup's
 * `backup_type`, and the caller's metadata), queued until the simulated upload ends; the server
 * walks through Nova's upload task states meanwhile. A backup's last step keeps only the newest
 * `rotation` backups of its type (see `backup_rotation.ts`). Nova checks no lock here (a lock
 * guards against changes, a snapshot changes nothing).
 *
 * @module
 */
import { DomainError } from "../errors/mod.ts";
import type { Image } from "../images/types.ts";
import {
  type ImageRecord,
  insertImageRecord,
  readImageRecordInTx,
  removeImageRecord,
} from "../store/images.ts";
import type { Transaction } from "../store/transaction.ts";
import { updateInstance } from "../store/instances.ts";
import { transact } from "../store/transaction.ts";
import { backupSteps, snapshotSteps, uploadTimes } from "../virt/image_timelines.ts";
import type { ActionActor } from "./actions.ts";
import type { InstanceDeps } from "./deps.ts";
import { InstanceInvalidState, InstanceNotFound } from "./errors.ts";
import { emulatedSteps } from "./emulator.ts";
import { failsUpload, NEVER_ACTIVE } from "./failed_upload.ts";
import { recordActionStart } from "./instance_actions.ts";
import { bootVolumeImage } from "./rebuild.ts";
import { readSettled, settleInTx } from "./settle.ts";
import type { Instance, VmState } from "./types.ts";

/** Nova's `InvalidRequest` for a backup of a volume-backed server (400). */
export class BackupOfVolumeBacked extends DomainError {
  constructor() {
    super("invalid", "Backup is not supported for volume-backed instances.");
  }
}

/** Properties Nova never copies from the base image into a snapshot. */
const NON_INHERITABLE = new Set([
  "cinder_encryption_key_id",
  "cinder_encryption_key_deletion_policy",
  "img_signature",
  "img_signature_hash_method",
  "img_signature_key_type",
  "img_signature_certificate_uuid",
]);

/** What a snapshot or backup asks for. */
export interface SnapshotRequest {
  /** The image's name. */
  name: string;
  /** Extra image properties (the request's `metadata`). */
  metadata: Record<string, string>;
  /** The server's image as the image service knows it (null: volume-backed or gone). */
  baseImage: Image | null;
  /** For a backup: its type and how many of that type to keep. */
  backup?: { type: string; rotation: number };
}

/** What a snapshot or backup made: the server as it now stands and the new image's record. */
export interface SnapshotResult {
  instance: Instance;
  image: ImageRecord;
}

const SNAPSHOTTABLE: readonly VmState[] = ["active", "stopped", "paused", "suspended"];

/** Whether the server boots from a volume (Nova's `is_volume_backed_instance`). */
export function isVolumeBacked(instance: Instance): boolean {
  return instance.image_ref === "";
}

/** The new image's record, as Nova's `compute_utils.create_image` fills it. */
function imageRecord(
  instance: Instance,
  actor: ActionActor,
  request: SnapshotRequest,
  now: Date,
  times: { saving: string; active: string },
  volumeBacked: boolean,
): ImageRecord {
  const base = request.baseImage;
  const properties: Record<string, string> = {};
  for (const [key, value] of Object.entries(base?.properties ?? {})) {
    if (!NON_INHERITABLE.has(key) && !key.startsWith("os_glance")) properties[key] = value;
  }
  const baseRef = instance.image_ref || bootVolumeImage(instance);
  if (baseRef) properties.base_image_ref = baseRef;
  Object.assign(properties, {
    instance_uuid: instance.uuid,
    user_id: String(actor.userId ?? ""),
    image_type: request.backup ? "backup" : "snapshot",
  });
  if (request.backup) properties.backup_type = request.backup.type;
  const shared = actor.projectId !== instance.project_id;
  if (shared) properties.instance_owner = instance.project_id;
  if (volumeBacked) {
    properties.bdm_v2 = "True";
    properties.root_device_name = "/dev/vda";
    properties.block_device_mapping = JSON.stringify(
      instance.block_device_mapping.map((bdm) => ({ ...bdm, source_type: "snapshot" })),
    );
  }
  Object.assign(properties, request.metadata);
  return {
    id: crypto.randomUUID(),
    name: request.name,
    visibility: shared ? "shared" : "private",
    owner: actor.projectId,
    disk_format: base?.disk_format ?? "qcow2",
    container_format: base?.container_format ?? "bare",
    size: volumeBacked ? 0 : base?.size ?? 0,
    min_disk: Math.max(base?.min_disk ?? 0, instance.flavor.root_gb),
    min_ram: base?.min_ram ?? 0,
    properties,
    created_at: now.toISOString(),
    saving_at: times.saving,
    active_at: times.active,
    instance_uuid: instance.uuid,
    rotation: request.backup ? request.backup.rotation : null,
  };
}

async function takeImage(
  kv: Deno.Kv,
  uuid: string,
  actor: ActionActor,
  deps: InstanceDeps,
  request: SnapshotRequest,
): Promise<SnapshotResult> {
  const method = request.backup ? "createBackup" : "createImage";
  return await transact(kv, async (tx) => {
    const { now, found, current } = await readSettled(tx, deps, uuid);
    if (!SNAPSHOTTABLE.includes(current.vm_state)) {
      throw new InstanceInvalidState(method, uuid, "vm_state", current.vm_state);
    }
    if (current.task_state !== null) {
      throw new InstanceInvalidState(method, uuid, "task_state", current.task_state);
    }
    const volumeBacked = isVolumeBacked(current);
    if (volumeBacked && request.backup) throw new BackupOfVolumeBacked();
    if (volumeBacked) {
      // Nova snapshots the volumes and registers an image at once: no task, no instance action.
      const instant = { saving: now.toISOString(), active: now.toISOString() };
      const image = imageRecord(current, actor, request, now, instant, true);
      insertImageRecord(tx, image);
      if (current !== found) updateInstance(tx, found, current);
      return { instance: current, image };
    }
    const imageId = crypto.randomUUID();
    const requestId = await recordActionStart(tx, uuid, method, actor, now);
    const from = { vm_state: current.vm_state, power_state: current.power_state };
    let seconds = { seconds: deps.bootSeconds };
    const steps = await emulatedSteps(
      tx,
      deps,
      { instance: current, action: method, requestId, now },
      (d) => {
        seconds = { seconds: d.bootSeconds };
        return request.backup
          ? backupSteps(now, from, imageId, seconds)
          : snapshotSteps(now, from, imageId, seconds);
      },
    );
    const times = uploadTimes(now, seconds);
    // An upload that will fail never makes its image active: it is deleted when the task fails.
    if (failsUpload(steps)) times.active = NEVER_ACTIVE;
    const image = { ...imageRecord(current, actor, request, now, times, false), id: imageId };
    insertImageRecord(tx, image);
    const next: Instance = {
      ...current,
      task_state: request.backup ? "image_backup" : "image_snapshot_pending",
      updated_at: now.toISOString(),
      pending: steps,
    };
    const after = await settleInTx(tx, deps, next, now);
    if (after === null) throw new InstanceNotFound(uuid);
    updateInstance(tx, found, after);
    return { instance: after, image };
  });
}

/**
 * `createImage`: an ACTIVE, STOPPED, PAUSED or SUSPENDED server with no task -> a snapshot image
 * (queued, saving, then active) and task image_snapshot_pending, image_snapshot,
 * image_pending_upload, image_uploading, none over `[deno] fake_boot_seconds`. A volume-backed
 * server's snapshot is active at once and leaves the server as it is. Errors:
 * {@link InstanceNotFound} (404), {@link InstanceInvalidState} (409).
 */
export function snapshotServer(
  kv: Deno.Kv,
  uuid: string,
  actor: ActionActor,
  deps: InstanceDeps,
  request: Omit<SnapshotRequest, "backup">,
): Promise<SnapshotResult> {
  return takeImage(kv, uuid, actor, deps, { ...request, backup: undefined });
}

/**
 * `createBackup`: as {@link snapshotServer}, with task image_backup and an image of type backup;
 * when the upload ends only the newest `rotation` backups of its type are kept. Errors as
 * {@link snapshotServer}, and {@link BackupOfVolumeBacked} (400).
 */
export function backupServer(
  kv: Deno.Kv,
  uuid: string,
  actor: ActionActor,
  deps: InstanceDeps,
  request: SnapshotRequest & { backup: { type: string; rotation: number } },
): Promise<SnapshotResult> {
  return takeImage(kv, uuid, actor, deps, request);
}

/**
 * Stage the snapshot a shelve of an image-backed server takes (Nova's `<name>-shelved`, type
 * snapshot), uploading until `times.active`; the instance records its id as `shelved_image_id`.
 * Null for a volume-backed server (Nova takes none).
 */
export function stageShelveSnapshot(
  tx: Transaction,
  instance: Instance,
  actor: ActionActor,
  baseImage: Image | null,
  now: Date,
  times: { saving: string; active: string },
): ImageRecord | null {
  if (isVolumeBacked(instance)) return null;
  const request = { name: `${instance.name}-shelved`, metadata: {}, baseImage };
  const image = imageRecord(instance, actor, request, now, times, false);
  insertImageRecord(tx, image);
  return image;
}

/** Stage deleting the snapshot a shelve took (an unshelve no longer needs it), if it is there. */
export async function dropShelveSnapshot(tx: Transaction, instance: Instance): Promise<void> {
  if (!instance.shelved_image_id) return;
  const image = await readImageRecordInTx(tx, instance.shelved_image_id);
  if (image) removeImageRecord(tx, image);
}
