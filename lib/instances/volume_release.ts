/**
 * Letting a server's volumes go when the server is gone (Nova's compute manager detaches them
 * while it shuts the instance down, then deletes those marked `delete_on_termination`): staged on
 * the transaction that removes the server, so no volume stays attached to a deleted server.
 *
 * @module
 */
import { readVolume, removeVolume, updateVolume, type VolumeRecord } from "../store/volumes.ts";
import type { Transaction } from "../store/transaction.ts";
import type { Instance } from "./types.ts";
import { volumeIdOf } from "./volume_bdms.ts";

const TRUE_STRINGS = ["1", "t", "true", "on", "y", "yes"];

function truthy(value: unknown): boolean {
  if (typeof value === "string") return TRUE_STRINGS.includes(value.toLowerCase());
  return Boolean(value);
}

/** The volume without its attachment to `serverId`: `available` when none remains. */
export function withoutAttachment(
  volume: VolumeRecord,
  serverId: string,
  now: string,
): VolumeRecord {
  const attachments = volume.attachments.filter((a) => a.server_id !== serverId);
  return {
    ...volume,
    status: attachments.length ? "in-use" : "available",
    attachments,
    updated_at: now,
  };
}

/**
 * Stage detaching every volume `instance` maps (read through `tx`) and deleting those to be
 * deleted with it that no other server holds; return the record without its volume mappings.
 * A mapping whose volume has no record is dropped all the same.
 */
export async function releaseVolumes(
  tx: Transaction,
  instance: Instance,
  now: Date,
): Promise<Instance> {
  const kept = [];
  let released = false;
  for (const bdm of instance.block_device_mapping) {
    const volumeId = volumeIdOf(bdm);
    if (volumeId === null) {
      kept.push(bdm);
      continue;
    }
    released = true;
    const volume = await readVolume(tx, volumeId);
    if (!volume) continue;
    const next = withoutAttachment(volume, instance.uuid, now.toISOString());
    if (truthy(bdm.delete_on_termination) && next.attachments.length === 0) {
      removeVolume(tx, next);
    } else {
      updateVolume(tx, next);
    }
  }
  return released ? { ...instance, block_device_mapping: kept } : instance;
}
