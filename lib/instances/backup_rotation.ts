/**
 * Backup rotation (Nova's compute manager `_rotate_backups`): when a backup's upload ends, the
 * server keeps only the newest `rotation` images of that backup type, deleting the older ones
 * (with a rotation of 0, the new backup too), in the change that finishes the backup.
 *
 * @module
 */
import { type ImageRecord, readInstanceImages, removeImageRecord } from "../store/images.ts";
import type { Transaction } from "../store/transaction.ts";

/** Newest first: created_at, then id (Glance's sort). */
function newestFirst(a: ImageRecord, b: ImageRecord): number {
  if (a.created_at !== b.created_at) return a.created_at < b.created_at ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * Stage deleting server `uuid`'s backups of image `imageId`'s backup type beyond that image's
 * rotation. Nothing happens when the image is gone or is not a backup. Returns the ids deleted.
 */
export async function rotateBackups(
  tx: Transaction,
  uuid: string,
  imageId: string,
): Promise<string[]> {
  const images = await readInstanceImages(tx, uuid);
  const image = images.find((i) => i.id === imageId);
  if (!image || image.rotation === null) return [];
  const type = image.properties.backup_type;
  const backups = images
    .filter((i) => i.properties.image_type === "backup" && i.properties.backup_type === type)
    .sort(newestFirst);
  const excess = backups.slice(image.rotation);
  for (const old of excess) removeImageRecord(tx, old);
  return excess.map((i) => i.id);
}
