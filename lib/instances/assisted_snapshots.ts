/**
 * Assisted volume snapshots (Nova's `compute.API.volume_snapshot_create` and
 * `volume_snapshot_delete`): a Cinder driver whose volumes are files on the compute host asks
 * Nova to snapshot, or merge away the snapshot of, a volume attached to a server. Nova finds the
 * server by the volume's mapping, which must be the only one; the server needs a host and no task
 * (in any vm_state). Nova's API answers every refusal 400.
 *
 * The simulated compute finishes at once: the stored snapshot named by `create_info.snapshot_id`
 * (when it exists and belongs to the volume) becomes `available`; a deleted one is removed.
 *
 * @module
 */
import { DomainError } from "../errors/mod.ts";
import { readInstance } from "../store/instances.ts";
import { readSnapshot, readVolume, removeSnapshot, updateSnapshot } from "../store/volumes.ts";
import { transact, type Transaction } from "../store/transaction.ts";
import type { InstanceDeps } from "./deps.ts";
import { settleInTx } from "./settle.ts";
import type { Instance } from "./types.ts";
import { volumeBdms } from "./volume_bdms.ts";
import { VolumeBDMIsMultiAttach, VolumeBDMNotFound } from "./volume_errors.ts";

/** Nova's `InstanceInvalidState` as this API answers it: 400 with the exception's own words. */
export class SnapshotInstanceInvalidState extends DomainError {
  constructor(uuid: string, attr: string, state: string | null, method: string) {
    super(
      "invalid",
      `Instance ${uuid} in ${attr} ${state ?? "None"}. Cannot ${method} while the instance is ` +
        "in this state.",
    );
  }
}

/** Nova's `InstanceNotReady` as this API answers it (400). */
export class SnapshotInstanceNotReady extends DomainError {
  constructor(uuid: string) {
    super("invalid", `Instance ${uuid} is not ready`);
  }
}

/** Nova's `create_info`. */
export interface SnapshotCreateInfo {
  snapshot_id: string;
  type: string;
  new_file: string;
  id?: string;
}

/** The server holding `volumeId`'s one mapping, read through `tx` and settled. */
async function mappedServer(
  tx: Transaction,
  deps: InstanceDeps,
  volumeId: string,
): Promise<Instance> {
  const volume = await readVolume(tx, volumeId);
  const servers = new Set(volume?.attachments.map((a) => a.server_id) ?? []);
  const holders: Instance[] = [];
  for (const serverId of servers) {
    const found = await readInstance(tx, serverId);
    const current = found && await settleInTx(tx, deps, found, deps.clock());
    if (!current) continue;
    if ((await volumeBdms(current)).some((b) => b.volume_id === volumeId)) holders.push(current);
  }
  if (holders.length === 0) throw new VolumeBDMNotFound(volumeId, "invalid");
  if (holders.length > 1) throw new VolumeBDMIsMultiAttach(volumeId);
  return holders[0];
}

/** `check_instance_host` then `check_instance_state(vm_state=None)`: a host, no task, launched. */
function checkReady(instance: Instance, method: string): void {
  if (!instance.host) throw new SnapshotInstanceNotReady(instance.uuid);
  if (instance.task_state !== null) {
    throw new SnapshotInstanceInvalidState(
      instance.uuid,
      "task_state",
      instance.task_state,
      method,
    );
  }
  if (!instance.launched_at) {
    throw new SnapshotInstanceInvalidState(instance.uuid, "launched_at", null, method);
  }
}

/**
 * `POST /os-assisted-volume-snapshots`: snapshot an attached volume; returns Nova's answer, the
 * `create_info.id` (null when absent) and the volume. Errors: {@link VolumeBDMNotFound},
 * {@link VolumeBDMIsMultiAttach}, {@link SnapshotInstanceNotReady},
 * {@link SnapshotInstanceInvalidState} (all 400).
 */
export async function createAssistedSnapshot(
  kv: Deno.Kv,
  volumeId: string,
  createInfo: SnapshotCreateInfo,
  deps: InstanceDeps,
): Promise<{ id: string | null; volumeId: string }> {
  return await transact(kv, async (tx) => {
    const instance = await mappedServer(tx, deps, volumeId);
    checkReady(instance, "do_volume_snapshot_create");
    const snapshot = await readSnapshot(tx, createInfo.snapshot_id);
    if (snapshot && snapshot.volume_id === volumeId) {
      updateSnapshot(tx, {
        ...snapshot,
        status: "available",
        updated_at: deps.clock().toISOString(),
      });
    }
    return { id: createInfo.id ?? null, volumeId };
  });
}

/**
 * `DELETE /os-assisted-volume-snapshots/{id}`: merge a snapshot of an attached volume away. A
 * `merge_target_file` needs an ACTIVE server (Nova refuses offline merges). Errors as
 * {@link createAssistedSnapshot}.
 */
export async function deleteAssistedSnapshot(
  kv: Deno.Kv,
  volumeId: string,
  snapshotId: string,
  deleteInfo: Record<string, unknown>,
  deps: InstanceDeps,
): Promise<void> {
  await transact(kv, async (tx) => {
    const instance = await mappedServer(tx, deps, volumeId);
    checkReady(instance, "do_volume_snapshot_delete");
    const merge = deleteInfo.merge_target_file;
    if (merge !== undefined && merge !== null && instance.vm_state !== "active") {
      throw new SnapshotInstanceInvalidState(
        instance.uuid,
        "vm_state",
        instance.vm_state,
        "volume_snapshot_delete",
      );
    }
    const snapshot = await readSnapshot(tx, snapshotId);
    if (snapshot && snapshot.volume_id === volumeId) removeSnapshot(tx, snapshot);
  });
}
