/**
 * The image service as servers see it: the configured catalog plus the images servers made
 * (snapshots and backups, kept in the store). A stored image's status follows the clock: `queued`
 * until its upload starts, `saving` until it ends, `active` afterwards, so every reader (the
 * Glance subset, the compute image proxy, a rebuild) sees the same image at the same moment.
 *
 * @module
 */
import {
  deleteImageRecord,
  type ImageRecord,
  listImageRecords,
  readImageRecord,
} from "../store/images.ts";
import { DomainError } from "../errors/mod.ts";
import { type ImageCatalog, imageVisibleTo } from "./catalog.ts";
import type { Image } from "./types.ts";

/** The image a stored record is at `now`. */
export function imageOfRecord(record: ImageRecord, now: Date): Image {
  const t = now.getTime();
  const status = t >= Date.parse(record.active_at)
    ? "active"
    : t >= Date.parse(record.saving_at)
    ? "saving"
    : "queued";
  const updated = status === "active"
    ? record.active_at
    : status === "saving"
    ? record.saving_at
    : record.created_at;
  const changed = record.updated_at && record.updated_at > updated ? record.updated_at : updated;
  return {
    id: record.id,
    name: record.name,
    status,
    visibility: record.visibility,
    owner: record.owner,
    disk_format: record.disk_format,
    container_format: record.container_format,
    size: status === "active" ? record.size : 0,
    min_disk: record.min_disk,
    min_ram: record.min_ram,
    properties: { ...record.properties },
    created_at: record.created_at,
    updated_at: changed,
  };
}

/**
 * Whether a caller may see an image: Glance's rule, and a `shared` snapshot an admin made of
 * someone's server is visible to the server's project (Nova adds it as a member).
 */
export function imageVisible(image: Image, projectId: string | null, isAdmin: boolean): boolean {
  if (imageVisibleTo(image, projectId, isAdmin)) return true;
  return image.visibility === "shared" && projectId !== null &&
    image.properties.instance_owner === projectId;
}

/** The image `id` (configured or stored) at `now`, or null. */
export async function findImage(
  kv: Deno.Kv,
  catalog: ImageCatalog,
  id: string,
  now: Date,
): Promise<Image | null> {
  const configured = catalog.get(id);
  if (configured) return configured;
  const record = await readImageRecord(kv, id.toLowerCase());
  return record ? imageOfRecord(record, now) : null;
}

/** Every image (configured and stored) at `now`, created_at then id, newest first. */
export async function listAllImages(
  kv: Deno.Kv,
  catalog: ImageCatalog,
  now: Date,
): Promise<Image[]> {
  const stored = (await listImageRecords(kv)).map((r) => imageOfRecord(r, now));
  return [...stored, ...catalog.list()].sort((a, b) =>
    a.created_at === b.created_at
      ? (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)
      : (a.created_at < b.created_at ? 1 : -1)
  );
}

/** A configured image cannot be deleted through the API (Glance's 403 for a protected image). */
export class ImageNotDeletable extends DomainError {
  constructor(id: string) {
    super("forbidden", `Image ${id} is protected and cannot be deleted.`);
  }
}

/** What {@link deleteImage} found. */
export type ImageDelete = "deleted" | "not-found" | "forbidden";

/**
 * Delete a stored image the caller may see: its owner or an admin may; another project that
 * only sees it (a shared snapshot) may not. Configured images are never deleted ("forbidden").
 */
export async function deleteImage(
  kv: Deno.Kv,
  catalog: ImageCatalog,
  id: string,
  projectId: string | null,
  isAdmin: boolean,
): Promise<ImageDelete> {
  const configured = catalog.get(id);
  if (configured) {
    return imageVisible(configured, projectId, isAdmin) ? "forbidden" : "not-found";
  }
  let result: ImageDelete = "not-found";
  const deleted = await deleteImageRecord(kv, id.toLowerCase(), (record) => {
    const image = imageOfRecord(record, new Date(0));
    if (!imageVisible(image, projectId, isAdmin)) throw new HiddenImage();
    if (!isAdmin && record.owner !== projectId) throw new ForeignImage();
  }).catch((e) => {
    if (e instanceof HiddenImage) return null;
    if (e instanceof ForeignImage) {
      result = "forbidden";
      return null;
    }
    throw e;
  });
  return deleted ? "deleted" : result;
}

class HiddenImage extends Error {}
class ForeignImage extends Error {}
