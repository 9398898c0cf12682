/**
 * The URLs a response names: the compute API's base (configured, or the request's origin) and the
 * identity service's mount URL below it, from the request's environ (`scriptName` is the mount
 * prefix, e.g. `/identity`).
 *
 * @module
 */

import { environ } from "../../http/environ.ts";
import type { CatalogBases } from "./catalog.ts";

/**
 * The bases for one request. Without a configured public endpoint the compute API's base is the
 * request's origin plus whatever stands in front of the identity mount (a reverse proxy's
 * `X-Forwarded-Prefix`, through http_proxy_to_wsgi), so a catalog rendered behind
 * `https://cloud/compute/identity` names `https://cloud/compute/v2.1`.
 *
 * @example
 * ```ts
 * // a request for http://127.0.0.1:8774/identity/v3 mounted at /identity:
 * requestBases("", request); // { public: "http://127.0.0.1:8774", identity: "http://127.0.0.1:8774/identity" }
 * ```
 */
export function requestBases(publicEndpoint: string, request: Request): CatalogBases {
  const env = environ(request);
  const mount = env.mountPrefix ?? env.scriptName;
  const split = env.scriptName.endsWith(mount) ? env.scriptName.length - mount.length : 0;
  const base = publicEndpoint || env.origin + env.scriptName.slice(0, split);
  return { public: base, identity: base + env.scriptName.slice(split) };
}

/** The `/v3` URL of the identity service, e.g. `http://127.0.0.1:8774/identity/v3`. */
export function v3Url(bases: CatalogBases): string {
  return `${bases.identity}/v3`;
}
