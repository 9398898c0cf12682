/**
 * Cross-origin resource sharing, as oslo.middleware's `cors` filter does it for Nova.
 *
 * The filter never answers a request itself: every request, preflights included, goes down the
 * pipeline first and the headers are added to whatever comes back.
 *
 * - A response that already carries `Access-Control-Allow-Origin` is left alone.
 * - `OPTIONS` (preflight): a response outside 2xx is swapped for an empty `200` (so a router that does
 *   not know OPTIONS still yields 200). The allow headers are then added only when the `Origin` is
 *   allowed, `Access-Control-Request-Method` is present and listed in `allowMethods` (exact,
 *   case-sensitive), and every name in `Access-Control-Request-Headers` is in `allowHeaders` or the
 *   simple headers (case-insensitive). Otherwise the 200 goes out without CORS headers. This also
 *   holds with no allowed origin configured: an OPTIONS request still gets a 200.
 * - Other methods: when the `Origin` is allowed, `Vary` gains `Origin`, and
 *   `Access-Control-Allow-Origin`, `-Allow-Credentials` and `-Expose-Headers` are set.
 *
 * An origin matches by exact string; when it is not listed but `*` is, the answer is
 * `Access-Control-Allow-Origin: *` (whatever `allowCredentials` says, as oslo does).
 *
 * @module
 */
import type { Middleware } from "../http/types.ts";
import { editHeaders } from "./_shared.ts";

/** The `[cors]` settings, one set for every allowed origin. */
export interface CorsOptions {
  /** Origins allowed to share (`scheme://host[:port]`), or `*`. Empty: no origin is allowed. */
  allowedOrigin: string[];
  /** Whether to send `Access-Control-Allow-Credentials: true`. */
  allowCredentials: boolean;
  /** Headers listed in `Access-Control-Expose-Headers` on actual requests. */
  exposeHeaders: string[];
  /** Seconds for `Access-Control-Max-Age`; `null` or `0` sends none. */
  maxAge: number | null;
  /** Methods a preflight may ask for. */
  allowMethods: string[];
  /** Request headers a preflight may ask for (the simple headers are always allowed). */
  allowHeaders: string[];
}

/** Request headers a preflight may always name (compared case-insensitively). */
export const CORS_SIMPLE_HEADERS: readonly string[] = [
  "Accept",
  "Accept-Language",
  "Content-Type",
  "Cache-Control",
  "Content-Language",
  "Expires",
  "Last-Modified",
  "Pragma",
];

/**
 * The CORS filter.
 *
 * @example
 * ```ts
 * const filter = cors({
 *   allowedOrigin: ["https://dashboard.example.com"],
 *   allowCredentials: true,
 *   exposeHeaders: ["X-OpenStack-Request-ID"],
 *   maxAge: 3600,
 *   allowMethods: ["GET", "PUT", "POST", "DELETE", "PATCH"],
 *   allowHeaders: ["X-Auth-Token", "OpenStack-API-Version"],
 * });
 * ```
 */
export function cors(opts: CorsOptions): Middleware {
  const origins = new Set(opts.allowedOrigin);
  const permittedHeaders = new Set(
    [...opts.allowHeaders, ...CORS_SIMPLE_HEADERS].map((h) => h.toUpperCase()),
  );

  /** The configured origin a request's `Origin` resolves to, or null when it is not allowed. */
  const matchOrigin = (request: Request): string | null => {
    const origin = request.headers.get("origin");
    if (origin === null) return null;
    if (origins.has(origin)) return origin;
    return origins.has("*") ? "*" : null;
  };

  const preflight = (request: Request, response: Response): Response => {
    if (response.status < 200 || response.status >= 300) {
      response.body?.cancel().catch(() => {});
      response = new Response(null, { status: 200 });
    }
    const origin = matchOrigin(request);
    if (origin === null) return response;
    const method = request.headers.get("access-control-request-method");
    if (method === null) return response;
    const asked = (request.headers.get("access-control-request-headers") ?? "")
      .split(",")
      .map((h) => h.trim())
      .filter((h) => h !== "");
    if (!opts.allowMethods.includes(method)) return response;
    if (asked.some((h) => !permittedHeaders.has(h.toUpperCase()))) return response;
    return editHeaders(response, (h) => {
      h.set("Vary", "Origin");
      h.set("Access-Control-Allow-Origin", origin);
      if (opts.allowCredentials) h.set("Access-Control-Allow-Credentials", "true");
      if (opts.maxAge) h.set("Access-Control-Max-Age", String(opts.maxAge));
      h.set("Access-Control-Allow-Methods", method);
      if (asked.length > 0) h.set("Access-Control-Allow-Headers", asked.join(","));
    });
  };

  const actual = (request: Request, response: Response): Response => {
    const origin = matchOrigin(request);
    if (origin === null) return response;
    return editHeaders(response, (h) => {
      const vary = h.get("Vary");
      h.set("Vary", vary === null ? "Origin" : `${vary},Origin`);
      h.set("Access-Control-Allow-Origin", origin);
      if (opts.allowCredentials) h.set("Access-Control-Allow-Credentials", "true");
      if (opts.exposeHeaders.length > 0) {
        h.set("Access-Control-Expose-Headers", opts.exposeHeaders.join(","));
      }
    });
  };

  return async (request, next) => {
    const response = await next(request);
    if (response.headers.has("access-control-allow-origin")) return response;
    return request.method === "OPTIONS" ? preflight(request, response) : actual(request, response);
  };
}
