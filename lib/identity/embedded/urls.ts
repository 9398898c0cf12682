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
 * The bases for one request.
 *
 * @example
 * ```ts
 * // a request for http://127.0.0.1:8774/identity/v3 mounted at /identity:
 * requestBases("", request); // { public: "http://127.0.0.1:8774", identity: "http://127.0.0.1:8774/identity" }
 * ```
 */
export function requestBases(publicEndpoint: string, request: Request): CatalogBases {
  const env = environ(request);
  const base = publicEndpoint || env.origin;
  return { public: base, identity: base + env.scriptName };
}

/** The `/v3` URL of the identity service, e.g. `http://127.0.0.1:8774/identity/v3`. */
export function v3Url(bases: CatalogBases): string {
  return `${bases.identity}/v3`;
}
