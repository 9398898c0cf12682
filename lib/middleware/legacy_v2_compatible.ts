/**
 * Nova's `legacy_v2_compatible` filter (`LegacyV2CompatibleWrapper`), used on the `/v2` mount so that
 * old clients see the frozen v2 API without microversions.
 *
 * - Marks the request as legacy v2: `environ(request).notes.legacyV2 = true` (Nova's
 *   `openstack.legacy_v2` environ key), which the router reads to pin the base version.
 * - Drops the `OpenStack-API-Version` and `X-OpenStack-Nova-API-Version` request headers, so a
 *   microversion a client asks for is ignored.
 * - Drops the same two headers from the response and removes those names from `Vary`
 *   (re-joined with `,`; `Vary` is removed when nothing is left). Names are compared
 *   case-insensitively.
 *
 * @module
 */
import { environ } from "../http/environ.ts";
import type { Middleware } from "../http/types.ts";
import { editHeaders, rebuildRequest } from "./_shared.ts";

/** The microversion headers a legacy v2 request and response must not carry (lower-case). */
export const MICROVERSION_HEADERS: readonly string[] = [
  "openstack-api-version",
  "x-openstack-nova-api-version",
];

/**
 * The legacy v2 filter.
 *
 * @example
 * ```ts
 * const v2 = compose([computeRequestId(), faultwrap({}), legacyV2Compatible()], router);
 * ```
 */
export function legacyV2Compatible(): Middleware {
  return async (request, next) => {
    environ(request).notes.legacyV2 = true;
    let inner = request;
    if (MICROVERSION_HEADERS.some((name) => request.headers.has(name))) {
      const headers = new Headers(request.headers);
      for (const name of MICROVERSION_HEADERS) headers.delete(name);
      inner = rebuildRequest(request, { headers });
    }
    const response = await next(inner);
    const vary = response.headers.get("vary");
    const touched = vary !== null || MICROVERSION_HEADERS.some((n) => response.headers.has(n));
    if (!touched) return response;
    return editHeaders(response, (h) => {
      for (const name of MICROVERSION_HEADERS) h.delete(name);
      if (vary === null) return;
      const kept = vary.split(",").map((v) => v.trim()).filter((v) =>
        v !== "" && !MICROVERSION_HEADERS.includes(v.toLowerCase())
      );
      if (kept.length > 0) h.set("Vary", kept.join(","));
      else h.delete("Vary");
    });
  };
}
