/**
 * The service catalog: `compute` (nova) at `<base>/v2.1`, `identity` (keystone) at the embedded
 * service's own `/v3`, `image` (glance) at `<base>/image` and `network` (neutron) at
 * `<base>/network` (the compute process's read-only subsets of them), `block-storage` and
 * `volumev3` (cinder) at `<base>/volume/v3` (its volume subset), and configured extras, each
 * with public, internal and admin endpoints.
 * URLs are built per request unless a public endpoint is configured; ids are stable.
 *
 * @module
 */

import { type CatalogLine, parseCatalogLines } from "./catalog_lines.ts";
import { stableId } from "./ids.ts";

/** The endpoint interfaces listed for every service. */
export const INTERFACES = ["public", "internal", "admin"] as const;

/** One of {@link INTERFACES}. */
export type Interface = typeof INTERFACES[number];

/** Where a service's URL starts. */
export type UrlBase =
  /** The compute API's base URL (public endpoint, or the request's origin). */
  | "public"
  /** The embedded identity service's mount URL (the public base plus the mount prefix). */
  | "identity"
  /** Nothing: the path is a whole URL. */
  | "none";

/** A catalog service whose URLs are made when a catalog is rendered. */
export interface ServiceTemplate {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly base: UrlBase;
  readonly path: string;
  /** The endpoint id of each interface. */
  readonly endpointIds: Readonly<Record<Interface, string>>;
}

/** The base URLs a catalog is rendered against, without trailing slashes. */
export interface CatalogBases {
  /** The compute API's base URL, e.g. `http://127.0.0.1:8774`. */
  public: string;
  /** The identity service's mount URL, e.g. `http://127.0.0.1:8774/identity`. */
  identity: string;
}

/** A rendered endpoint, as Keystone lists it. */
export interface CatalogEndpoint {
  id: string;
  interface: Interface;
  region: string;
  region_id: string;
  url: string;
}

/** A rendered service, as Keystone lists it. */
export interface CatalogService {
  endpoints: CatalogEndpoint[];
  id: string;
  type: string;
  name: string;
}

/** A template with ids derived from its type. */
async function template(
  type: string,
  name: string,
  base: UrlBase,
  path: string,
): Promise<ServiceTemplate> {
  const ids = await Promise.all(INTERFACES.map((i) => stableId("endpoint", type, i)));
  return {
    id: await stableId("service", type),
    type,
    name,
    base,
    path: path.replace(/\/+$/, ""),
    endpointIds: { public: ids[0], internal: ids[1], admin: ids[2] },
  };
}

/**
 * The catalog's services: the built-in six, then each configured line (a line of a built-in
 * type takes its place).
 */
export async function catalogTemplates(lines: readonly CatalogLine[]): Promise<ServiceTemplate[]> {
  const services = [
    await template("compute", "nova", "public", "/v2.1"),
    await template("identity", "keystone", "identity", "/v3"),
    await template("image", "glance", "public", "/image"),
    await template("network", "neutron", "public", "/network"),
    await template("block-storage", "cinder", "public", "/volume/v3"),
    await template("volumev3", "cinderv3", "public", "/volume/v3"),
  ];
  for (const line of lines) {
    const made = await template(
      line.type,
      line.name,
      line.url.startsWith("/") ? "public" : "none",
      line.url,
    );
    const at = services.findIndex((s) => s.type === line.type);
    if (at >= 0) services[at] = made;
    else services.push(made);
  }
  return services;
}

/** Parses configured `TYPE:NAME:URL` lines (reporting the line number) into the catalog. */
export function catalogFromLines(lines: readonly string[]): Promise<ServiceTemplate[]> {
  return catalogTemplates(parseCatalogLines(lines));
}

/** The URL of a service for the given bases. */
export function serviceUrl(service: ServiceTemplate, bases: CatalogBases): string {
  const prefix = service.base === "none" ? "" : bases[service.base];
  return prefix + service.path;
}

/** Renders the catalog for one request. */
export function renderCatalog(
  services: readonly ServiceTemplate[],
  bases: CatalogBases,
  region: string,
): CatalogService[] {
  return services.map((service) => {
    const url = serviceUrl(service, bases);
    return {
      endpoints: INTERFACES.map((i) => ({
        id: service.endpointIds[i],
        interface: i,
        region,
        region_id: region,
        url,
      })),
      id: service.id,
      type: service.type,
      name: service.name,
    };
  });
}
