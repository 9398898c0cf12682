/**
 * Writing an image's properties, as Glance answers an image update: a stored image (a server's
 * snapshot or backup) takes new properties from an admin or a member of its owning project;
 * anyone else who can see it (a shared snapshot's server project, a reader) is refused, and one
 * who cannot see it does not find it. The configured catalog is read-only, so every write to one
 * of its images is refused.
 *
 * @module
 */
import { updateImageRecord } from "../store/images.ts";
import type { ImageCatalog } from "./catalog.ts";
import { imageOfRecord, imageVisible } from "./stored.ts";

/** Who writes: the caller's project, admin flag and roles. */
export interface PropertyWriter {
  projectId: string | null;
  isAdmin: boolean;
  roles: readonly string[];
}

/** What {@link writeImageProperties} found: the properties written, or why none were. */
export type PropertyWrite =
  | { result: "updated"; properties: Record<string, string> }
  | { result: "not-found" }
  | { result: "forbidden" };

class Refused extends Error {
  constructor(readonly result: "not-found" | "forbidden") {
    super(result);
  }
}

/** Glance's `modify_image`: an admin, or a member of the owning project. */
function mayModify(owner: string | null, writer: PropertyWriter): boolean {
  if (writer.isAdmin) return true;
  return owner !== null && owner === writer.projectId && writer.roles.includes("member");
}

/**
 * Replace the properties of image `id` with `properties` (Glance's update with every other
 * property purged), stamping `now` as its update time.
 *
 * @example
 * ```ts
 * await writeImageProperties(kv, catalog, id, writer, { os_distro: "cirros" }, new Date());
 * ```
 */
export async function writeImageProperties(
  kv: Deno.Kv,
  catalog: ImageCatalog,
  id: string,
  writer: PropertyWriter,
  properties: Record<string, string>,
  now: Date,
): Promise<PropertyWrite> {
  const configured = catalog.get(id);
  if (configured) {
    const seen = imageVisible(configured, writer.projectId, writer.isAdmin);
    return { result: seen ? "forbidden" : "not-found" };
  }
  try {
    const written = await updateImageRecord(kv, id.toLowerCase(), (record) => {
      const image = imageOfRecord(record, now);
      if (!imageVisible(image, writer.projectId, writer.isAdmin)) throw new Refused("not-found");
      if (!mayModify(record.owner, writer)) throw new Refused("forbidden");
      return { ...record, properties: { ...properties }, updated_at: now.toISOString() };
    });
    return written
      ? { result: "updated", properties: { ...written.properties } }
      : { result: "not-found" };
  } catch (e) {
    if (e instanceof Refused) return { result: e.result };
    throw e;
  }
}
