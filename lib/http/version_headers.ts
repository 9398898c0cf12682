/**
 * The microversion headers of a versioned compute response, stamped in one place for successes
 * (the router) and faults (faultwrap) alike: `OpenStack-API-Version: compute X.Y`, the legacy
 * `X-OpenStack-Nova-API-Version: X.Y`, and `Vary` naming both (added to any `Vary` already there,
 * as Nova's `headers.add` does).
 *
 * @module
 */

/** The current header (`OpenStack-API-Version: compute 2.53`). */
export const API_VERSION_HEADER = "OpenStack-API-Version";
/** The header Nova accepted before 2.27 and still echoes. */
export const LEGACY_API_VERSION_HEADER = "X-OpenStack-Nova-API-Version";

/**
 * The headers Nova adds to every response of a versioned request, as a record.
 *
 * @example
 * ```ts
 * versionHeaders("2.79")["OpenStack-API-Version"]; // "compute 2.79"
 * ```
 */
export function versionHeaders(version: { toString(): string }): Record<string, string> {
  return {
    [API_VERSION_HEADER]: `compute ${version}`,
    [LEGACY_API_VERSION_HEADER]: `${version}`,
    "Vary": `${API_VERSION_HEADER}, ${LEGACY_API_VERSION_HEADER}`,
  };
}

/**
 * Put the version headers on a response. A response whose headers are immutable (from `fetch` or
 * `Response.redirect`) is copied first; otherwise the same response comes back.
 *
 * @example
 * ```ts
 * const res = stampVersionHeaders(new Response(null, { status: 204 }), "2.79");
 * res.headers.get("vary"); // "OpenStack-API-Version, X-OpenStack-Nova-API-Version"
 * ```
 */
export function stampVersionHeaders(response: Response, version: { toString(): string }): Response {
  try {
    apply(response.headers, version);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    apply(copy.headers, version);
    return copy;
  }
}

function apply(headers: Headers, version: { toString(): string }): void {
  headers.set(API_VERSION_HEADER, `compute ${version}`);
  headers.set(LEGACY_API_VERSION_HEADER, `${version}`);
  headers.append("Vary", API_VERSION_HEADER);
  headers.append("Vary", LEGACY_API_VERSION_HEADER);
}
