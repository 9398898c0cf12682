/**
 * Trust a reverse proxy's view of the request, as oslo.middleware's `http_proxy_to_wsgi` does when
 * `[oslo_middleware] enable_proxy_headers_parsing` is on.
 *
 * Sources, in oslo's order:
 * - RFC 7239 `Forwarded`: only its first element counts; `proto=` sets the scheme, `host=` the host,
 *   `for=` the peer address. When the header is present the `X-Forwarded-*` trio is not consulted.
 * - Otherwise `X-Forwarded-Proto`, `X-Forwarded-Host` and `X-Forwarded-For`.
 * - In both cases `X-Forwarded-Prefix` is put in front of the script name.
 *
 * Differences from oslo, all on malformed or multi-hop input: parameter names and values are
 * trimmed and quoted values unquoted (oslo keeps them raw); for the `X-Forwarded-*` headers only the
 * first comma-separated value is used (oslo takes the whole header); a scheme/host pair that does
 * not form a URL origin is ignored rather than producing a broken application URL; trailing slashes
 * of the prefix are dropped so the script name keeps its no-trailing-slash form.
 *
 * @module
 */
import { environ } from "../http/environ.ts";
import type { Middleware } from "../http/types.ts";

/** Settings of the proxy-header filter. */
export interface HttpProxyToWsgiOptions {
  /** `[oslo_middleware] enable_proxy_headers_parsing`; when false the filter does nothing. */
  enabled: boolean;
}

/** The parameters of the first element of a `Forwarded` header, keys lower-cased. */
function firstForwarded(header: string): Map<string, string> {
  const params = new Map<string, string>();
  const first = header.split(",")[0];
  for (const pair of first.split(";")) {
    const at = pair.indexOf("=");
    const key = (at < 0 ? pair : pair.slice(0, at)).trim().toLowerCase();
    let value = at < 0 ? "" : pair.slice(at + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
      value = value.slice(1, -1).replace(/\\(.)/g, "$1");
    }
    params.set(key, value);
  }
  return params;
}

/** The first comma-separated value of a header, trimmed ("" when absent). */
function firstValue(request: Request, name: string): string {
  return (request.headers.get(name) ?? "").split(",")[0].trim();
}

/** `scheme://host` as a URL origin, or null when the pair does not make one. */
function toOrigin(scheme: string, host: string): string | null {
  try {
    const origin = new URL(`${scheme}://${host}`).origin;
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}

/**
 * The proxy-header filter: rewrites `environ(request).origin`, `.remoteAddr` and `.scriptName`.
 *
 * @example
 * ```ts
 * const filter = httpProxyToWsgi({ enabled: true });
 * // Behind a proxy sending "Forwarded: proto=https;host=cloud.example.com" and
 * // "X-Forwarded-Prefix: /compute", applicationUrl(request) becomes
 * // "https://cloud.example.com/compute" + the original script name.
 * ```
 */
export function httpProxyToWsgi(opts: HttpProxyToWsgiOptions): Middleware {
  if (!opts.enabled) return (request, next) => next(request);
  return (request, next) => {
    const env = environ(request);
    const split = env.origin.indexOf("://");
    const currentScheme = env.origin.slice(0, split);
    const currentHost = env.origin.slice(split + 3);
    let scheme = "";
    let host = "";
    let peer = "";
    const forwarded = request.headers.get("forwarded");
    if (forwarded) {
      const proxy = firstForwarded(forwarded);
      scheme = proxy.get("proto") ?? "";
      host = proxy.get("host") ?? "";
      peer = proxy.get("for") ?? "";
    } else {
      scheme = firstValue(request, "x-forwarded-proto");
      host = firstValue(request, "x-forwarded-host");
      peer = firstValue(request, "x-forwarded-for");
    }
    if (scheme || host) {
      const origin = toOrigin(scheme || currentScheme, host || currentHost);
      if (origin !== null) env.origin = origin;
    }
    if (peer) env.remoteAddr = peer;
    const prefix = request.headers.get("x-forwarded-prefix");
    if (prefix) env.scriptName = prefix.replace(/\/+$/, "") + env.scriptName;
    return next(request);
  };
}
