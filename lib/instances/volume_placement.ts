/**
 * Keeping a server's volume attachments in step with where the server runs: when a settled step
 * moves the server to another host (a migration, an evacuation, an unshelve), each attachment
 * names the new host; a volume attached while the server was shelved-offloaded gets its guest
 * device when the server lands again (Nova names such devices when the unshelve spawns it).
 *
 * @module
 */
import { readVolume, updateVolume } from "../store/volumes.ts";
import type { Transaction } from "../store/transaction.ts";
import type { Instance } from "./types.ts";
import { nextDeviceName, volumeBdms, volumeIdOf } from "./volume_bdms.ts";

/**
 * Stage the attachment changes that settling `before` into `after` (the same server, read through
 * `tx`) implies: on a new host every attachment names it; a server on a host (not offloaded)
 * names the devices its offloaded attaches left unnamed. Returns `after` with those devices.
 */
export async function placeVolumes(
  tx: Transaction,
  before: Instance,
  after: Instance,
): Promise<Instance> {
  if (!after.host || after.vm_state === "shelved_offloaded") return after;
  const moved = before.host !== after.host;
  const unnamed = after.block_device_mapping.some((b) =>
    volumeIdOf(b) !== null && typeof b.volume_id === "string" && !b.device_name
  );
  if (!moved && !unnamed) return after;
  const bdms = await volumeBdms(after);
  const mappings = [...after.block_device_mapping];
  const named = [...bdms];
  for (const [i, bdm] of bdms.entries()) {
    let device = bdm.device_name;
    if (device === null) {
      device = nextDeviceName(after, named);
      named[i] = { ...bdm, device_name: device };
      mappings[bdm.index] = { ...mappings[bdm.index], device_name: device };
    } else if (!moved) {
      continue;
    }
    const volume = await readVolume(tx, bdm.volume_id);
    if (!volume) continue;
    updateVolume(tx, {
      ...volume,
      attachments: volume.attachments.map((a) =>
        a.server_id === after.uuid ? { ...a, host_name: after.host, device: device ?? "" } : a
      ),
    });
  }
  return { ...after, block_device_mapping: mappings };
}
