/**
 * The boot volume check of a server create without an image (Nova's `get_bdm_image_metadata`):
 * the mapping with `boot_index` 0 that names a volume (or a snapshot, whose volume counts) must
 * name one the caller can get, else 400 `InvalidBDMVolume`, and that volume must be bootable,
 * else 400 `InvalidBDMVolumeNotBootable`.
 *
 * @module
 */
import { NovaFault } from "../../http/fault.ts";
import { findSnapshot } from "../../volumes/snapshots.ts";
import { findVolume, type VolumeActor } from "../../volumes/volumes.ts";
import { VolumeNotFound } from "../../volumes/errors.ts";

/** The volume a root mapping names: `source_type` volume's `uuid`, or a snapshot's volume. */
async function rootVolumeId(
  kv: Deno.Kv,
  bdm: Record<string, unknown>,
  actor: VolumeActor,
): Promise<string | null> {
  const uuid = typeof bdm.uuid === "string" ? bdm.uuid : null;
  const legacyVolume = typeof bdm.volume_id === "string" ? bdm.volume_id : null;
  const legacySnapshot = typeof bdm.snapshot_id === "string" ? bdm.snapshot_id : null;
  const snapshotId = bdm.source_type === "snapshot" ? uuid : legacySnapshot;
  if (snapshotId) {
    try {
      return (await findSnapshot(kv, snapshotId, actor)).volume_id;
    } catch {
      // Nova lets the snapshot look-up's error through; the volume check below cannot run.
      return null;
    }
  }
  return bdm.source_type === "volume" ? uuid : legacyVolume;
}

/**
 * Checks the boot volume of a create request that gives no image. Mappings whose `boot_index`
 * is not 0 are not looked at, as in Nova.
 *
 * @example
 * ```ts
 * await checkBootVolume(kv, [{ source_type: "volume", uuid: id, boot_index: 0 }], actor);
 * ```
 */
export async function checkBootVolume(
  kv: Deno.Kv,
  mappings: readonly Record<string, unknown>[],
  actor: VolumeActor,
): Promise<void> {
  for (const bdm of mappings) {
    if (bdm.boot_index !== 0 && bdm.boot_index !== "0") continue;
    if (bdm.source_type === "image" || bdm.image_id) return;
    const volumeId = await rootVolumeId(kv, bdm, actor);
    if (!volumeId) return;
    let bootable: boolean;
    try {
      bootable = (await findVolume(kv, volumeId, actor)).bootable;
    } catch (e) {
      if (!(e instanceof VolumeNotFound)) throw e;
      throw new NovaFault(
        400,
        `Block Device Mapping is Invalid: failed to get volume ${volumeId}.`,
      );
    }
    if (!bootable) throw new NovaFault(400, `Block Device ${volumeId} is not bootable.`);
    return;
  }
}
