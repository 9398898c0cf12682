/**
 * The image proxy's views (Nova's `views/images.py`): an image of the configured catalog as the
 * compute API showed Glance images up to 2.35. Pure functions of the image, the link bases and the
 * image service's URL.
 *
 * @module
 */
import type { Link } from "../collection.ts";
import type { LinkBases } from "../route.ts";
import type { Image } from "../../images/types.ts";

/** Glance status -> the proxy's status (Nova's `_get_status`). */
const STATUS: Record<string, string> = {
  active: "ACTIVE",
  queued: "SAVING",
  saving: "SAVING",
  deleted: "DELETED",
  pending_delete: "DELETED",
  killed: "ERROR",
};

/** Glance status -> progress percent (Nova's `_get_progress`). */
const PROGRESS: Record<string, number> = { queued: 25, saving: 50, active: 100 };

/** oslo's `bool_from_string` (not strict). */
function truthy(text: string): boolean {
  return ["1", "t", "true", "on", "y", "yes"].includes(text.trim().toLowerCase());
}

/** A time as Nova's `utils.isotime`: seconds precision, `Z`. */
function isotime(iso: string): string {
  return iso.replace(/\.\d+/, "").replace(/\+00:00$/, "Z");
}

/** self, bookmark and the image service's alternate link. */
export function imageLinks(id: string, links: LinkBases, imageService: string): Link[] {
  return [
    { rel: "self", href: `${links.self}/images/${id}` },
    { rel: "bookmark", href: `${links.bookmark}/images/${id}` },
    {
      rel: "alternate",
      type: "application/vnd.openstack.image",
      href: `${imageService}/images/${id}`,
    },
  ];
}

/** `GET /images` item: id, name, links. */
export function imageBasic(
  image: Image,
  links: LinkBases,
  imageService: string,
): Record<string, unknown> {
  return { id: image.id, name: image.name, links: imageLinks(image.id, links, imageService) };
}

/** `GET /images/{id}` and `/images/detail` item. */
export function imageDetail(
  image: Image,
  links: LinkBases,
  imageService: string,
): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: image.id,
    name: image.name,
    minRam: image.min_ram,
    minDisk: image.min_disk,
    metadata: { ...image.properties },
    created: isotime(image.created_at),
    updated: isotime(image.updated_at),
    status: STATUS[image.status] ?? "UNKNOWN",
    progress: PROGRESS[image.status] ?? 0,
    "OS-EXT-IMG-SIZE:size": image.size,
    links: imageLinks(image.id, links, imageService),
  };
  const instance = image.properties.instance_uuid;
  if (instance !== undefined) {
    view.server = {
      id: instance,
      links: [
        { rel: "self", href: `${links.self}/servers/${instance}` },
        { rel: "bookmark", href: `${links.bookmark}/servers/${instance}` },
      ],
    };
  }
  const auto = image.properties.auto_disk_config;
  if (auto !== undefined) view["OS-DCF:diskConfig"] = truthy(auto) ? "AUTO" : "MANUAL";
  return view;
}
