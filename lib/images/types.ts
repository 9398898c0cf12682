/**
 * Images as this port knows them without Glance: a configured catalog, read-only. The shapes follow
 * Glance v2's image fields, so the Glance read subset and Nova's server views render from them.
 *
 * @module
 */

/** One image of the catalog (Glance v2's fields, properties flattened beside them there). */
export interface Image {
  /** UUID. */
  id: string;
  name: string;
  /** Always `active` for a configured image; a snapshot is `queued`, then `saving`, then `active`. */
  status: "queued" | "saving" | "active";
  visibility: "public" | "private" | "shared" | "community";
  /** The owning project, null for an operator's public image. */
  owner: string | null;
  disk_format: string;
  container_format: string;
  /** Bytes. */
  size: number;
  /** GiB the flavor's root disk must have at least. */
  min_disk: number;
  /** MiB the flavor must have at least. */
  min_ram: number;
  /** Free-form properties (`architecture`, `os_distro`, `hw_*`, ...), string values. */
  properties: Record<string, string>;
  /** ISO 8601. */
  created_at: string;
  /** ISO 8601. */
  updated_at: string;
}
