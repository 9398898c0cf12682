/**
 * The image proxy (Nova's `ImagesController`, microversions 2.1 to 2.35): the configured image
 * catalog as the compute API showed Glance's images before the proxy APIs were removed. From 2.36
 * the routes answer 404, as Nova's do. Real clients still use it: the `openstack` CLI resolves
 * `--image` through it when it has no catalog.
 *
 * @module
 */
import { collectionLinks, lastParam, limitAndMarker } from "../collection.ts";
import type { ApiRequest, Route } from "../route.ts";
import { json } from "../../http/respond.ts";
import { DomainError } from "../../errors/mod.ts";
import type { Image } from "../../images/types.ts";
import { environ } from "../../http/environ.ts";
import { deleteImage, findImage, imageVisible, listAllImages } from "../../images/stored.ts";
import { empty } from "../../http/respond.ts";
import { imageBasic, imageDetail } from "./views.ts";
import {
  DELETE_IMAGE_RESPONSE,
  DETAIL_IMAGES_RESPONSE,
  LIST_IMAGES_RESPONSE,
  SHOW_IMAGE_RESPONSE,
} from "./response_schemas.ts";

/** The last microversion of the proxy APIs (Nova's `MAX_PROXY_API_SUPPORT_VERSION`). */
export const MAX_PROXY_API_VERSION = "2.35";

const SHOW_QUERY = { type: "object", properties: {}, additionalProperties: true } as const;

/** Nova never validated these filters; it keeps them (and `property-*`) as they come. */
const INDEX_QUERY = {
  type: "object",
  properties: {
    name: {},
    status: {},
    "changes-since": {},
    server: {},
    type: {},
    minRam: {},
    minDisk: {},
    limit: {},
    page_size: {},
    marker: {},
    offset: {},
  },
  patternProperties: { "^property-.*$": {} },
  additionalProperties: true,
} as const;

class ImageNotFound extends DomainError {
  constructor() {
    super("not-found", "Image not found.");
  }
}

class ImageNotAuthorized extends DomainError {
  constructor() {
    super("forbidden", "You are not allowed to delete the image.");
  }
}

function visible(req: ApiRequest, image: Image): boolean {
  return imageVisible(image, req.context.projectId, req.context.isAdmin);
}

/** The image (configured or a server's snapshot) the caller may see, or Nova's 404. */
async function find(req: ApiRequest): Promise<Image> {
  const now = req.runtime.instances.clock();
  const image = await findImage(req.runtime.kv, req.runtime.images, req.params.id, now);
  if (!image || !visible(req, image)) throw new ImageNotFound();
  return image;
}

/** An integer filter (`minRam`, `minDisk`); a value that is not one filters nothing out. */
function atLeast(text: string | null): number | null {
  if (text === null || !/^\s*[+-]?\d+\s*$/.test(text)) return null;
  return Number(text);
}

/** Nova's `_get_filters` applied to the catalog, then one page from the marker. */
async function select(req: ApiRequest): Promise<Image[]> {
  const q = req.query;
  const name = lastParam(q, "name");
  const status = lastParam(q, "status")?.toLowerCase() ?? null;
  const minRam = atLeast(lastParam(q, "minRam"));
  const minDisk = atLeast(lastParam(q, "minDisk"));
  const server = lastParam(q, "server")?.split("/").at(-1) ?? null;
  const properties = [...new Set(q.keys())].filter((k) => k.startsWith("property-"));
  let images = (await imageCatalog(req)).filter((image) =>
    visible(req, image) &&
    (name === null || image.name === name) &&
    (status === null || image.status === status) &&
    (minRam === null || image.min_ram >= minRam) &&
    (minDisk === null || image.min_disk >= minDisk) &&
    (server === null || image.properties.instance_uuid === server) &&
    properties.every((p) => image.properties[p.slice(9)] === lastParam(q, p))
  );
  const { limit, marker } = limitAndMarker(q, req.runtime.config.get<number>("api", "max_limit"));
  if (marker !== undefined) {
    const at = images.findIndex((image) => image.id === marker);
    if (at < 0) throw new DomainError("invalid", `marker [${marker}] not found`);
    images = images.slice(at + 1);
  }
  return images.slice(0, limit);
}

function imageCatalog(req: ApiRequest): Promise<Image[]> {
  return listAllImages(req.runtime.kv, req.runtime.images, req.runtime.instances.clock());
}

/** The image service's URL for `alternate` links: the Glance subset mounted beside the API. */
function imageServiceUrl(req: ApiRequest): string {
  return `${environ(req.request).origin}/image`;
}

async function list(req: ApiRequest, detail: boolean): Promise<Response> {
  const images = await select(req);
  const service = imageServiceUrl(req);
  const view = detail ? imageDetail : imageBasic;
  const body: Record<string, unknown> = {
    images: images.map((image) => view(image, req.links, service)),
  };
  const links = collectionLinks({
    count: images.length,
    lastMarker: images.at(-1)?.id,
    collectionUrl: `${req.links.self}/images${detail ? "/detail" : ""}`,
    query: req.query,
    maxLimit: req.runtime.config.get<number>("api", "max_limit"),
  });
  if (links) body.images_links = links;
  return json(body);
}

/** The image proxy's route rows (2.1-2.35). */
export const IMAGE_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/images",
    response: LIST_IMAGES_RESPONSE,
    max: MAX_PROXY_API_VERSION,
    query: INDEX_QUERY,
    handler: (req) => list(req, false),
  },
  {
    method: "GET",
    path: "/images/detail",
    response: DETAIL_IMAGES_RESPONSE,
    max: MAX_PROXY_API_VERSION,
    query: INDEX_QUERY,
    handler: (req) => list(req, true),
  },
  {
    method: "GET",
    path: "/images/{id}",
    response: SHOW_IMAGE_RESPONSE,
    max: MAX_PROXY_API_VERSION,
    query: SHOW_QUERY,
    handler: async (req) =>
      json({ image: imageDetail(await find(req), req.links, imageServiceUrl(req)) }),
  },
  {
    method: "DELETE",
    path: "/images/{id}",
    response: DELETE_IMAGE_RESPONSE,
    max: MAX_PROXY_API_VERSION,
    handler: async (req) => {
      await find(req);
      const { projectId, isAdmin } = req.context;
      const id = req.params.id;
      const result = await deleteImage(req.runtime.kv, req.runtime.images, id, projectId, isAdmin);
      // The configured catalog (and another project's shared snapshot) cannot be deleted.
      if (result === "forbidden") throw new ImageNotAuthorized();
      if (result === "not-found") throw new ImageNotFound();
      return empty(204);
    },
  },
];
