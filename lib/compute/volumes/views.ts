/**
 * Nova's views of Cinder's volumes and snapshots (`_translate_volume_summary_view` and
 * `_translate_snapshot_summary_view`; the detail views are the same): camelCase keys, the first
 * attachment only (or `[{}]` when there is none), the volume type's name.
 *
 * @module
 */
import type { SnapshotRecord, VolumeRecord } from "../../store/volumes.ts";
import { cinderTime } from "../../volumes/time.ts";

/** Nova's volume view (`status` may be overridden: a create answers Cinder's `creating`). */
export function novaVolumeView(
  volume: VolumeRecord,
  status: string = volume.status,
): Record<string, unknown> {
  const first = volume.attachments[0];
  const attachment: Record<string, unknown> = first === undefined ? {} : {
    id: volume.id,
    volumeId: volume.id,
    serverId: first.server_id,
    ...(first.device ? { device: first.device } : {}),
  };
  return {
    id: volume.id,
    status,
    size: volume.size,
    availabilityZone: volume.availability_zone,
    createdAt: cinderTime(volume.created_at),
    attachments: [attachment],
    displayName: volume.name,
    displayDescription: volume.description,
    volumeType: volume.volume_type,
    snapshotId: volume.snapshot_id,
    metadata: { ...volume.metadata },
  };
}

/** Nova's snapshot view. */
export function novaSnapshotView(
  snapshot: SnapshotRecord,
  status: string = snapshot.status,
): Record<string, unknown> {
  return {
    id: snapshot.id,
    volumeId: snapshot.volume_id,
    status,
    size: snapshot.size,
    createdAt: cinderTime(snapshot.created_at),
    displayName: snapshot.name,
    displayDescription: snapshot.description,
  };
}
