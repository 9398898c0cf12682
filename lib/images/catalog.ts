/**
 * The image catalog: the images `[images] image` configures (or the quick start's CirrOS image),
 * built once per configuration and read-only afterwards. The Glance read subset (`lib/glance/`)
 * and the servers API resolve images through it; a real Glance could replace it behind the same
 * {@link ImageCatalog} interface.
 *
 * @module
 */
import { ConfigError } from "../config/mod.ts";
import type { ImageLine } from "../config/options/images.ts";
import { derivedUuid } from "../networks/ids.ts";
import type { Image } from "./types.ts";

/** What the rest of the port asks of the image service. */
export interface ImageCatalog {
  /** The image with this id, or null. */
  get(id: string): Image | null;
  /** Every image, ordered by created_at then id, newest first (Glance's default sort). */
  list(): Image[];
  /** Whether a caller of `projectId` (an admin when `isAdmin`) may see the image. */
  visibleTo(image: Image, projectId: string | null, isAdmin: boolean): boolean;
}

/** The fixed id of the quick start's CirrOS image. */
export const CIRROS_IMAGE_ID = "155d900f-4e14-4e4c-a73d-069cbf4541e6";

/** When configured images say they were made (fixed, so restarts do not change them). */
const EPOCH = "2025-01-01T00:00:00Z";

/** The quick start's image: a public CirrOS 0.6 qcow2, as devstack uploads it. */
export const DEFAULT_IMAGE: Image = Object.freeze({
  id: CIRROS_IMAGE_ID,
  name: "cirros",
  status: "active",
  visibility: "public",
  owner: null,
  disk_format: "qcow2",
  container_format: "bare",
  size: 21430272,
  min_disk: 0,
  min_ram: 0,
  properties: Object.freeze({ os_distro: "cirros", os_type: "linux" }) as Record<string, string>,
  created_at: EPOCH,
  updated_at: EPOCH,
}) as Image;

/** Reads options (a `Config` also says where a value came from). */
interface ConfigLike {
  get<T = unknown>(group: string, name: string): T;
  source?(group: string, name: string): string;
}

/** Builds an image from its configured line. */
export function imageFromLine(line: ImageLine): Image {
  const visibility = line.visibility ?? "public";
  return {
    id: line.id ?? derivedUuid("image", line.name),
    name: line.name,
    status: "active",
    visibility,
    owner: line.owner ?? null,
    disk_format: line.disk_format ?? "qcow2",
    container_format: line.container_format ?? "bare",
    size: line.size ?? 0,
    min_disk: line.min_disk ?? 0,
    min_ram: line.min_ram ?? 0,
    properties: { ...line.properties },
    created_at: EPOCH,
    updated_at: EPOCH,
  };
}

/** Whether a caller may see an image, as Glance decides for a read. */
export function imageVisibleTo(image: Image, projectId: string | null, isAdmin: boolean): boolean {
  if (isAdmin || image.visibility === "public" || image.visibility === "community") return true;
  return image.owner !== null && image.owner === projectId;
}

/** A catalog over a fixed list of images (ids must be unique). */
export function catalogOf(images: readonly Image[]): ImageCatalog {
  const byId = new Map(images.map((i) => [i.id, i]));
  const sorted = [...images].sort((a, b) =>
    a.created_at === b.created_at
      ? (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)
      : (a.created_at < b.created_at ? 1 : -1)
  );
  return {
    get: (id) => byId.get(id.toLowerCase()) ?? null,
    list: () => [...sorted],
    visibleTo: imageVisibleTo,
  };
}

const built = new WeakMap<object, ImageCatalog>();

/**
 * The catalog of a configuration, built on first call and kept for that configuration object.
 * Throws {@link ConfigError} when two lines give the same id.
 *
 * @example
 * ```ts
 * const catalog = imageCatalog(config);
 * catalog.get(CIRROS_IMAGE_ID)?.name; // "cirros" when nothing is configured
 * ```
 */
export function imageCatalog(config: ConfigLike): ImageCatalog {
  const known = built.get(config);
  if (known) return known;
  const lines = config.get<ImageLine[]>("images", "image") ?? [];
  const images = lines.length === 0 ? [DEFAULT_IMAGE] : lines.map(imageFromLine);
  const seen = new Set<string>();
  for (const image of images) {
    if (seen.has(image.id)) {
      const where = config.source?.("images", "image") ?? "configuration";
      throw new ConfigError(
        `${where}: [images] image: two images have the id ${image.id} (name ${image.name})`,
        where,
        "images",
        "image",
      );
    }
    seen.add(image.id);
  }
  const catalog = catalogOf(images);
  built.set(config, catalog);
  return catalog;
}
