/**
 * Glance v2's JSON for images: the image record with Glance's fixed fields and its properties
 * flattened beside them, and the links Glance gives as paths.
 *
 * @module
 */
import type { Image } from "../images/types.ts";

/** One image as `GET /v2/images/{id}` answers it. */
export function imageView(image: Image): Record<string, unknown> {
  return {
    ...image.properties,
    id: image.id,
    name: image.name,
    status: image.status,
    visibility: image.visibility,
    protected: false,
    os_hidden: false,
    owner: image.owner,
    checksum: null,
    os_hash_algo: null,
    os_hash_value: null,
    size: image.size,
    virtual_size: null,
    min_disk: image.min_disk,
    min_ram: image.min_ram,
    disk_format: image.disk_format,
    container_format: image.container_format,
    tags: [],
    created_at: image.created_at,
    updated_at: image.updated_at,
    self: `/v2/images/${image.id}`,
    file: `/v2/images/${image.id}/file`,
    schema: "/v2/schemas/image",
  };
}
