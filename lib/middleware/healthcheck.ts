/**
 * oslo.middleware's healthcheck, for load balancers and monitors: `GET` answers `200 OK` (or 503
 * with the failing checks' reasons), `HEAD` the same as 204/503 without a body.
 *
 * Deployed as a filter (`[filter:healthcheck] use = egg:oslo.middleware#healthcheck`, as Debian's
 * and Ubuntu's api-paste.ini do) it answers only its `path`, compared with the whole request path
 * (mount included, as webob's `req.path`), and passes everything else on; deployed as an app it
 * answers every request that reaches it. With `allowed_source_ranges`, only peers in those
 * networks are answered; with `ignore_proxied_requests`, requests carrying proxy headers are not.
 *
 * The body follows `Accept` among text/plain (the default), text/html and application/json. JSON
 * and HTML answers carry details about the process only with `detailed = true`.
 *
 * @module
 */
import { acceptableOffers } from "../http/accept.ts";
import { environ, requestTarget } from "../http/environ.ts";
import { type IpNetwork, networkContains, parseIpAddress } from "../http/ip_network.ts";
import type { Handler, Middleware } from "../http/types.ts";
import type { HealthcheckBackend, HealthcheckResult } from "./healthcheck_backends.ts";
import { processFacts, renderHtml, renderJson, renderText } from "./healthcheck_render.ts";

/** Settings of the healthcheck (see `healthcheck_options.ts` for reading them). */
export interface HealthcheckOptions {
  /** The path a filter answers (`/healthcheck`); ignored by the app form. */
  path: string;
  /** Details about the process in JSON and HTML answers. */
  detailed: boolean;
  /** The checks, in order. */
  backends: readonly HealthcheckBackend[];
  /** When not empty, only peers in these networks are answered. */
  allowedSourceRanges: readonly IpNetwork[];
  /** Pass on requests that carry X-Forwarded(-*) headers. */
  ignoreProxiedRequests: boolean;
  /** The clock (tests). */
  now?: () => Date;
}

const PROXY_HEADERS = [
  "x-forwarded",
  "x-forwarded-proto",
  "x-forwarded-host",
  "x-forwarded-for",
  "x-forwarded-prefix",
];
const OFFERS = ["text/plain", "text/html", "application/json"];
const encoder = new TextEncoder();

/** Characters webob leaves unquoted in `req.path`: unreserved ones and these. */
const PATH_SAFE = "/~!$&'()*+,;=:@";

/**
 * The request path as webob's `req.path` spells it: the bytes of script name and path, with
 * everything but unreserved and `PATH_SAFE` characters percent-encoded (upper-case hex).
 */
export function webobPath(path: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < path.length; i++) {
    const hex = path.slice(i + 1, i + 3);
    if (path[i] === "%" && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...encoder.encode(path[i]));
    }
  }
  let out = "";
  for (const byte of bytes) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9_.~-]/.test(char) || (byte < 128 && PATH_SAFE.includes(char))
      ? char
      : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** The port the request came in on: the `Host` header's, or the scheme's default. */
function serverPort(request: Request): number {
  const { scheme, host } = requestTarget(request);
  const m = /:(\d+)$/.exec(host);
  return m ? Number(m[1]) : scheme === "https" ? 443 : 80;
}

/** Whether this request is one the healthcheck should answer at all. */
function answers(request: Request, opts: HealthcheckOptions): boolean {
  if (opts.allowedSourceRanges.length > 0) {
    const peer = parseIpAddress(environ(request).remoteAddr);
    if (peer === null) return false;
    if (!opts.allowedSourceRanges.some((range) => networkContains(range, peer))) return false;
  }
  if (opts.ignoreProxiedRequests) {
    if (PROXY_HEADERS.some((name) => request.headers.get(name))) return false;
  }
  return true;
}

/** Run the checks and render the answer. */
async function respond(request: Request, opts: HealthcheckOptions): Promise<Response> {
  const port = serverPort(request);
  const results: HealthcheckResult[] = [];
  for (const backend of opts.backends) results.push(await backend(port));
  const healthy = results.every((r) => r.available);
  if (request.method === "HEAD") {
    return new Response(null, {
      status: healthy ? 204 : 503,
      headers: { "content-type": "text/plain; charset=UTF-8", "content-length": "0" },
    });
  }
  const type = acceptableOffers(request.headers.get("accept"), OFFERS)[0]?.[0] ?? "text/plain";
  const now = (opts.now ?? (() => new Date()))();
  const facts = opts.detailed ? processFacts(now) : null;
  const [body, contentType] = type === "application/json"
    ? [renderJson(results, facts), "application/json"]
    : type === "text/html"
    ? [renderHtml(results, facts), "text/html; charset=UTF-8"]
    : [renderText(results), "text/plain; charset=UTF-8"];
  return new Response(encoder.encode(body), {
    status: healthy ? 200 : 503,
    headers: { "content-type": contentType },
  });
}

/**
 * The healthcheck as a filter: answers `opts.path`, passes everything else on.
 *
 * @example
 * ```ts
 * const filter = healthcheck({
 *   path: "/healthcheck",
 *   detailed: false,
 *   backends: [disableByFile("/etc/nova/healthcheck_disable")],
 *   allowedSourceRanges: [],
 *   ignoreProxiedRequests: false,
 * });
 * ```
 */
export function healthcheck(opts: HealthcheckOptions): Middleware {
  return (request, next) => {
    const env = environ(request);
    if (webobPath(env.scriptName + env.pathInfo) !== opts.path) return next(request);
    if (!answers(request, opts)) return next(request);
    return respond(request, opts);
  };
}

/**
 * The healthcheck as an app (`paste.app_factory = oslo_middleware:Healthcheck.app_factory`):
 * answers whatever reaches it. A request it may not answer (source range, proxy headers) gets
 * webob's 404, as an app with nothing behind it has nothing else to give.
 */
export function healthcheckApp(opts: HealthcheckOptions, notFound: Handler): Handler {
  return (request) => answers(request, opts) ? respond(request, opts) : notFound(request);
}
