/**
 * Attaching volumes to servers and detaching them (Nova's `compute.API.attach_volume`,
 * `detach_volume`, `swap_volume` and the conductor and compute manager work behind them), on the
 * stored volume records (`lib/store/volumes.ts`). Each is one atomic change of the server (its
 * block device mappings), the volumes concerned and the instance action with its event.
 *
 * The simulated compute finishes at once: an attach leaves the volume `in-use` with an attachment
 * and the server with a mapping (`attach_volume`, event `compute_attach_volume`); a detach leaves
 * the volume `available` once no attachment remains (`detach_volume`, `compute_detach_volume`).
 * A shelved-offloaded server has no compute: Nova's API does the work (events `api_...`) and the
 * mapping gets no device.
 *
 * @module
 */
import {
  readVolume,
  removeVolume,
  updateVolume,
  type VolumeAttachmentRecord,
  type VolumeRecord,
} from "../store/volumes.ts";
import { updateInstance } from "../store/instances.ts";
import { transact, type Transaction } from "../store/transaction.ts";
import { isServiceUp } from "../virt/services.ts";
import { type ActionActor, InstanceNotLaunched } from "./actions.ts";
import type { InstanceDeps } from "./deps.ts";
import { InstanceInvalidState, InstanceIsLocked } from "./errors.ts";
import { newRequestId, recordActionStart, recordInstantEvent } from "./instance_actions.ts";
import { readSettled } from "./settle.ts";
import type { BlockDeviceMapping, Instance, VmState } from "./types.ts";
import { nextDeviceName, type VolumeBdm, volumeBdms } from "./volume_bdms.ts";
import { withoutAttachment } from "./volume_release.ts";
import {
  BodyVolumeNotFound,
  InvalidInput,
  InvalidVolume,
  MultiattachNotSupportedOldMicroversion,
  MultiattachSwapVolumeNotSupported,
  MultiattachToShelvedNotSupported,
  NotMutable,
  RootVolumeDetach,
  ServiceUnavailable,
  VolumeBDMNotFound,
  VolumeNotAttached,
  VolumeNotFound,
  VolumeNotMigrating,
  VolumeTaggedAttachToShelvedNotSupported,
} from "./volume_errors.ts";

/** The states Nova's `attach_volume` and `detach_volume` accept. */
const ATTACH_STATES: readonly VmState[] = [
  "active",
  "paused",
  "stopped",
  "resized",
  "soft-delete",
  "shelved",
  "shelved_offloaded",
];

/** The states Nova's `swap_volume` accepts. */
const SWAP_STATES: readonly VmState[] = ["active", "paused", "resized"];

/** Nova's `check_instance_lock` then `check_instance_state(vm_state=...)` (no task, launched). */
function checkState(
  instance: Instance,
  actor: ActionActor,
  method: string,
  vmStates: readonly VmState[],
): void {
  if (instance.locked && !actor.isAdmin) throw new InstanceIsLocked(instance.uuid);
  if (!vmStates.includes(instance.vm_state)) {
    throw new InstanceInvalidState(method, instance.uuid, "vm_state", instance.vm_state);
  }
  if (instance.task_state !== null) {
    throw new InstanceInvalidState(method, instance.uuid, "task_state", instance.task_state);
  }
  if (!instance.launched_at) throw new InstanceNotLaunched(method, instance.uuid);
}

/** Cinder's view of a volume for the caller: another project's is not found (but for admins). */
async function visibleVolume(
  tx: Transaction,
  volumeId: string,
  actor: ActionActor,
): Promise<VolumeRecord | null> {
  const volume = await readVolume(tx, volumeId);
  if (!volume) return null;
  if (!actor.isAdmin && volume.project_id !== actor.projectId) return null;
  return volume;
}

/** How cinderclient words a refusal that Nova passes on: message, status, request id. */
function cinderRefusal(message: string): string {
  return `${message} (HTTP 400) (Request-ID: ${newRequestId()})`;
}

/**
 * Nova's `_check_volume_already_attached`: a volume that is not multiattach may be attached to
 * no server; a multiattach one not twice to the same server.
 */
function checkNotAttached(volume: VolumeRecord, instance: Instance, mapped: boolean): void {
  const servers = volume.attachments.map((a) => a.server_id);
  if (mapped && !servers.includes(instance.uuid)) servers.push(instance.uuid);
  if (servers.length === 0) return;
  if (!volume.multiattach) {
    throw new InvalidVolume(
      `volume ${volume.id} is already attached to instances: ${servers.join(" ")}`,
    );
  }
  if (servers.includes(instance.uuid)) {
    throw new InvalidVolume(`volume ${volume.id} already attached`);
  }
}

/** Cinder's reserve (`attachment_create`): the statuses a new attachment needs. */
function checkReservable(volume: VolumeRecord): void {
  const statuses = volume.multiattach
    ? ["available", "in-use", "downloading"]
    : ["available", "downloading"];
  if (statuses.includes(volume.status)) return;
  throw new InvalidInput(cinderRefusal(
    `Invalid volume: Volume ${volume.id} status must be ${
      statuses.join(" or ")
    } to reserve, but the current status is ${volume.status}.`,
  ));
}

/** Cinder's `begin_detaching`: the volume must be in use, else Nova's `InvalidVolume`. */
function checkDetachable(volume: VolumeRecord): void {
  if (volume.status === "in-use" && volume.attachments.length > 0) return;
  throw new InvalidVolume(
    new InvalidInput(cinderRefusal(
      "Invalid volume: Unable to detach volume. Volume status must be 'in-use' and " +
        "attach_status must be 'attached' to detach.",
    )).message,
  );
}

/** The volume with `attachment` added: in use. */
function withAttachment(
  volume: VolumeRecord,
  attachment: VolumeAttachmentRecord,
  now: string,
): VolumeRecord {
  return {
    ...volume,
    status: "in-use",
    attachments: [...volume.attachments, attachment],
    updated_at: now,
  };
}

/** What an attach asks for. */
export interface AttachRequest {
  volumeId: string;
  /** 2.49 device tag, null when none. */
  tag: string | null;
  /** 2.79; false when not given. */
  deleteOnTermination: boolean;
  /** Whether the microversion allows multiattach volumes (2.60). */
  supportsMultiattach: boolean;
  /**
   * Whether the API casts to the conductor (2.101: no device to return), so that the conductor's
   * refusals (Cinder's reserve, multiattach) leave everything as it was without failing the call.
   */
  cast?: boolean;
}

/** What an attach made. */
export interface Attached {
  /** The new mapping; null when a cast attach failed in the conductor (nothing changed). */
  bdm: VolumeBdm | null;
  instance: Instance;
}

async function findBdm(instance: Instance, volumeId: string): Promise<VolumeBdm | undefined> {
  return (await volumeBdms(instance)).find((b) => b.volume_id === volumeId);
}

/**
 * Attach a volume (`POST /servers/{id}/os-volume_attachments`). Checks in Nova's order: the lock
 * and state ({@link InstanceIsLocked}, {@link InstanceInvalidState}, 409), the volume
 * ({@link VolumeNotFound}, 404), that it is not attached already ({@link InvalidVolume}), the
 * shelved-offloaded limits, multiattach before 2.60 and Cinder's reserve (400s).
 */
export async function attachVolume(
  kv: Deno.Kv,
  uuid: string,
  request: AttachRequest,
  actor: ActionActor,
  deps: InstanceDeps,
): Promise<Attached> {
  return await transact(kv, async (tx) => {
    const { now, found, current } = await readSettled(tx, deps, uuid);
    checkState(current, actor, "attach_volume", ATTACH_STATES);
    const volume = await visibleVolume(tx, request.volumeId, actor);
    if (!volume) throw new VolumeNotFound(request.volumeId);
    const existing = await volumeBdms(current);
    const mapped = existing.some((b) => b.volume_id === volume.id);
    checkNotAttached(volume, current, mapped);
    const offloaded = current.vm_state === "shelved_offloaded";
    if (offloaded) {
      if (request.tag) throw new VolumeTaggedAttachToShelvedNotSupported();
      if (volume.multiattach) throw new MultiattachToShelvedNotSupported();
    }
    try {
      if (volume.multiattach && !request.supportsMultiattach) {
        throw new MultiattachNotSupportedOldMicroversion();
      }
      checkReservable(volume);
    } catch (e) {
      // From 2.101 the API casts to the conductor: what fails there is not the caller's answer.
      if (request.cast && !offloaded) return { bdm: null, instance: current };
      throw e;
    }
    const time = now.toISOString();
    const bdmUuid = crypto.randomUUID();
    const attachmentId = crypto.randomUUID();
    const device = offloaded ? null : nextDeviceName(current, existing);
    const record: BlockDeviceMapping = {
      uuid: bdmUuid,
      source_type: "volume",
      destination_type: "volume",
      boot_index: null,
      volume_id: volume.id,
      device_name: device,
      tag: offloaded ? null : request.tag,
      delete_on_termination: request.deleteOnTermination,
      attachment_id: attachmentId,
      guest_format: null,
      disk_bus: null,
      device_type: null,
      volume_size: volume.size,
    };
    const requestId = await recordActionStart(tx, uuid, "attach_volume", actor, now);
    await recordInstantEvent(
      tx,
      uuid,
      requestId,
      offloaded ? "api_attach_volume" : "compute_attach_volume",
      offloaded ? null : current.host,
      now,
    );
    updateVolume(
      tx,
      withAttachment(volume, {
        attachment_id: attachmentId,
        server_id: uuid,
        host_name: offloaded ? null : current.host,
        device: device ?? "",
        attached_at: time,
      }, time),
    );
    const next: Instance = {
      ...current,
      block_device_mapping: [...current.block_device_mapping, record],
    };
    updateInstance(tx, found, next);
    const bdm = (await findBdm(next, volume.id))!;
    return { bdm, instance: next };
  });
}

/**
 * Detach a volume (`DELETE /servers/{id}/os-volume_attachments/{volume_id}`): the volume
 * ({@link VolumeNotFound}), the mapping ({@link VolumeNotAttached}, 404s), not the boot disk
 * ({@link RootVolumeDetach}, 400), then the lock and state (409s), a compute service that is up
 * ({@link ServiceUnavailable}, 409) and Cinder's `begin_detaching` ({@link InvalidVolume}, 400).
 * A shelved-offloaded server's volume is released at once and deleted if it was to be deleted
 * with the server, as Nova's API does.
 */
export async function detachVolume(
  kv: Deno.Kv,
  uuid: string,
  volumeId: string,
  actor: ActionActor,
  deps: InstanceDeps,
): Promise<Instance> {
  return await transact(kv, async (tx) => {
    const { now, found, current } = await readSettled(tx, deps, uuid);
    const volume = await visibleVolume(tx, volumeId, actor);
    if (!volume) throw new VolumeNotFound(volumeId);
    const bdm = await findBdm(current, volumeId);
    if (!bdm) throw new VolumeNotAttached(uuid, volumeId);
    if (bdm.is_root) throw new RootVolumeDetach();
    checkState(current, actor, "detach_volume", ATTACH_STATES);
    const offloaded = current.vm_state === "shelved_offloaded";
    if (!offloaded) {
      if (current.host && !(await isServiceUp(kv, current.host))) throw new ServiceUnavailable();
      checkDetachable(volume);
    }
    const time = now.toISOString();
    const requestId = await recordActionStart(tx, uuid, "detach_volume", actor, now);
    await recordInstantEvent(
      tx,
      uuid,
      requestId,
      offloaded ? "api_detach_volume" : "compute_detach_volume",
      offloaded ? null : current.host,
      now,
    );
    const released = withoutAttachment(volume, uuid, time);
    if (offloaded && bdm.delete_on_termination && released.attachments.length === 0) {
      removeVolume(tx, released);
    } else {
      updateVolume(tx, released);
    }
    const next: Instance = {
      ...current,
      block_device_mapping: current.block_device_mapping.filter((_, i) => i !== bdm.index),
    };
    updateInstance(tx, found, next);
    return next;
  });
}

/** The fields of a 2.85 attachment update (`PUT` with the same volume). */
export interface AttachmentChanges {
  id?: string;
  serverId?: string;
  device?: string | null;
  tag?: string;
  deleteOnTermination?: boolean;
}

/**
 * Update a mapping (2.85): only `delete_on_termination` may change; `id`, `serverId`, `device`
 * and `tag` must repeat what they are ({@link NotMutable}, 400). {@link VolumeBDMNotFound} (404)
 * when the server has no mapping of the volume. Nova checks neither lock nor state here.
 */
export async function updateVolumeAttachment(
  kv: Deno.Kv,
  uuid: string,
  volumeId: string,
  changes: AttachmentChanges,
  deps: InstanceDeps,
): Promise<Instance> {
  return await transact(kv, async (tx) => {
    const { found, current } = await readSettled(tx, deps, uuid);
    const bdm = await findBdm(current, volumeId);
    if (!bdm) throw new VolumeBDMNotFound(volumeId);
    if (changes.id !== undefined && changes.id !== volumeId) throw new NotMutable("id");
    if (changes.serverId !== undefined && changes.serverId !== uuid) {
      throw new NotMutable("serverId");
    }
    if (changes.device !== undefined && changes.device !== bdm.device_name) {
      throw new NotMutable("device");
    }
    if (changes.tag !== undefined && changes.tag !== bdm.tag) throw new NotMutable("tag");
    if (changes.deleteOnTermination === undefined) return current;
    const mappings = [...current.block_device_mapping];
    mappings[bdm.index] = {
      ...mappings[bdm.index],
      delete_on_termination: changes.deleteOnTermination,
    };
    const next: Instance = { ...current, block_device_mapping: mappings };
    updateInstance(tx, found, next);
    return next;
  });
}

/**
 * Swap a volume for another (Cinder's volume migration calls it): the old volume must exist
 * ({@link VolumeNotFound}, 404) and be migrating ({@link VolumeNotMigrating}, 409), the new one
 * exist ({@link BodyVolumeNotFound}, 400); then the lock and state (ACTIVE, PAUSED, RESIZED; 409s)
 * and Nova's volume checks (400s). The mapping keeps its device and takes the new volume and a
 * new attachment; the old volume is released.
 */
export async function swapVolume(
  kv: Deno.Kv,
  uuid: string,
  oldVolumeId: string,
  newVolumeId: string,
  actor: ActionActor,
  deps: InstanceDeps,
): Promise<Instance> {
  return await transact(kv, async (tx) => {
    const { now, found, current } = await readSettled(tx, deps, uuid);
    const oldVolume = await visibleVolume(tx, oldVolumeId, actor);
    if (!oldVolume) throw new VolumeNotFound(oldVolumeId);
    if (!oldVolume.migration_status) throw new VolumeNotMigrating(oldVolumeId);
    const newVolume = await visibleVolume(tx, newVolumeId, actor);
    if (!newVolume) throw new BodyVolumeNotFound(newVolumeId);
    checkState(current, actor, "swap_volume", SWAP_STATES);
    if (!oldVolume.attachments.some((a) => a.server_id === uuid)) {
      throw new InvalidVolume("Old volume is attached to a different instance.");
    }
    if (newVolume.attachments.length > 0) {
      throw new InvalidVolume("New volume must be detached in order to swap.");
    }
    if (newVolume.size < oldVolume.size) {
      throw new InvalidVolume("New volume must be the same size or larger.");
    }
    checkDetachable(oldVolume);
    if (oldVolume.attachments.length > 1) throw new MultiattachSwapVolumeNotSupported();
    const bdm = await findBdm(current, oldVolumeId);
    if (!bdm) throw new VolumeBDMNotFound(oldVolumeId);
    checkNotAttached(newVolume, current, false);
    checkReservable(newVolume);
    const time = now.toISOString();
    const requestId = await recordActionStart(tx, uuid, "swap_volume", actor, now);
    await recordInstantEvent(tx, uuid, requestId, "compute_swap_volume", current.host, now);
    const attachmentId = crypto.randomUUID();
    updateVolume(tx, withoutAttachment(oldVolume, uuid, time));
    updateVolume(
      tx,
      withAttachment(newVolume, {
        attachment_id: attachmentId,
        server_id: uuid,
        host_name: current.host,
        device: bdm.device_name ?? "",
        attached_at: time,
      }, time),
    );
    const mappings = [...current.block_device_mapping];
    const was = mappings[bdm.index];
    mappings[bdm.index] = {
      ...was,
      // A create request's entry named its volume in `uuid`; the swapped one is an attach's.
      uuid: typeof was.volume_id === "string" && typeof was.uuid === "string" ? was.uuid : bdm.uuid,
      source_type: "volume",
      destination_type: "volume",
      volume_id: newVolume.id,
      device_name: bdm.device_name,
      attachment_id: attachmentId,
      volume_size: newVolume.size,
    };
    const next: Instance = { ...current, block_device_mapping: mappings };
    updateInstance(tx, found, next);
    return next;
  });
}
