/**
 * Per-request state that travels beside a `Request`, like WSGI's environ: where the app is mounted
 * (`scriptName`), the path below it (`pathInfo`), the query string, the externally visible origin,
 * the peer address and whatever the pipeline learnt (request id, context, microversion).
 *
 * The environ is derived from what the client sent, not from `request.url` as Deno spells it. Deno
 * builds that URL from the request-target when it is in absolute form
 * (`GET http://evil.example/v2.1 HTTP/1.1`) and otherwise pastes the `Host` header in front of the
 * path, so a `Host` holding `/` or `?` moves part of it into the path or query. Here, as webob's
 * `host_url` does, the origin is the server's scheme plus the `Host` header (a default port
 * dropped), or the server's own name when there is no `Host`; the path and query are the
 * request-target's.
 *
 * @module
 */
import type { RequestContext } from "../context/context.ts";

/** The mutable state a pipeline keeps for one request. */
export interface Environ {
  /** The mount prefix that led here, without a trailing slash ("" at the root). */
  scriptName: string;
  /**
   * The part of `scriptName` the innermost urlmap added (e.g. `/identity`), so an app can tell its
   * own mount from what lies in front of it (a proxy's `X-Forwarded-Prefix`); "" when none did.
   */
  mountPrefix?: string;
  /** The path below `scriptName`, starting with "/" (or "" when nothing is left). */
  pathInfo: string;
  /** The query string of the request-target with its `?` ("" when there is none). */
  query: string;
  /** The scheme and host clients see (`http://host:port`); rewritten by http_proxy_to_wsgi. */
  origin: string;
  /** The peer's IP address, when known. */
  remoteAddr: string;
  /** `req-<uuid>` set by compute_req_id. */
  requestId?: string;
  /** The request context set by the auth filters. */
  context?: RequestContext;
  /** The negotiated microversion, as `major.minor`, once the compute router has parsed it. */
  apiVersion?: string;
  /**
   * The `X-Service-Catalog` text an auth filter passed on (auth_token with
   * `include_service_catalog`), for the context filter: handed over here, not as a header of
   * the onward request, which would check a kilobyte value per request. Null: no catalog.
   */
  serviceCatalog?: string | null;
  /** Free-form slots for middleware that need to leave a note for a later one. */
  notes: Record<string, unknown>;
}

/** What the request line and the `Host` header said, recovered from a `Request`. */
export interface RequestTarget {
  /** `http` or `https`: the scheme the server was reached by. */
  scheme: string;
  /** The `Host` header, or the server's own `host:port` when the request had none. */
  host: string;
  /** The path and query of the request-target, starting with "/". */
  target: string;
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

/**
 * Recover the request-target and host of `request` from Deno's `request.url`.
 *
 * @example
 * ```ts
 * const r = new Request("http://evil.example/v2.1", { headers: { host: "cloud:8774" } });
 * requestTarget(r); // { scheme: "http", host: "cloud:8774", target: "/v2.1" }
 * ```
 */
export function requestTarget(request: Request): RequestTarget {
  const raw = request.url;
  const header = request.headers.get("host") ?? "";
  const m = SCHEME.exec(raw);
  const claimed = m ? m[1].toLowerCase() : "http";
  const rest = m ? raw.slice(m[0].length) : raw;
  // Origin-form: Deno wrote `scheme://<Host header><target>`, with the server's scheme.
  if (header !== "" && rest.startsWith(header)) {
    const after = rest.slice(header.length);
    if (after === "" || after.startsWith("/") || after.startsWith("?")) {
      return { scheme: webScheme(claimed), host: header, target: slashed(after) };
    }
  }
  // Absolute-form, or no Host header (Deno then names the server itself).
  const end = rest.search(/[/?#]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  const target = slashed(end < 0 ? "" : rest.slice(end).replace(/#.*$/, ""));
  if (header !== "") {
    // The scheme in an absolute-form target is the client's claim, not how it reached us; this
    // port serves plain HTTP itself (TLS ends at a proxy, which http_proxy_to_wsgi may trust).
    return { scheme: "http", host: header, target };
  }
  return { scheme: webScheme(claimed), host: authority, target };
}

function webScheme(scheme: string): string {
  return scheme === "https" ? "https" : "http";
}

function slashed(target: string): string {
  return target.startsWith("/") ? target : "/" + target;
}

/**
 * webob's `host_url`: `scheme://host[:port]` with the host as the client wrote it and the port
 * dropped when it is the scheme's default. A `Host` that is not a `host[:port]` (spaces, a path,
 * user info) cannot name this server; `localhost` stands in for it.
 *
 * @example
 * ```ts
 * hostUrl("http", "cloud.example:80"); // "http://cloud.example"
 * hostUrl("https", "[::1]:8774"); // "https://[::1]:8774"
 * ```
 */
export function hostUrl(scheme: string, host: string): string {
  if (!isHostAndPort(scheme, host)) host = "localhost";
  let name = host;
  let port = "";
  const colon = host.lastIndexOf(":");
  if (colon >= 0 && !host.endsWith("]")) {
    name = host.slice(0, colon);
    port = host.slice(colon + 1);
  }
  if ((scheme === "http" && port === "80") || (scheme === "https" && port === "443")) port = "";
  return `${scheme}://${name}${port ? `:${port}` : ""}`;
}

function isHostAndPort(scheme: string, host: string): boolean {
  if (host === "" || /[\s/?#@\\]/.test(host)) return false;
  try {
    const url = new URL(`${scheme}://${host}`);
    return url.pathname === "/" && url.search === "" && url.username === "";
  } catch {
    return false;
  }
}

/** `hostUrl` answers by `scheme host` (a server sees few distinct Host headers). */
const ORIGINS_MAX = 256;
const origins = new Map<string, string>();

/** {@link hostUrl}, remembered for the Host headers seen recently. */
function originOf(scheme: string, host: string): string {
  const key = `${scheme} ${host}`;
  let origin = origins.get(key);
  if (origin === undefined) {
    origin = hostUrl(scheme, host);
    if (host.length <= 1024) {
      if (origins.size >= ORIGINS_MAX) origins.delete(origins.keys().next().value!);
      origins.set(key, origin);
    }
  }
  return origin;
}

const states = new WeakMap<Request, Environ>();

/**
 * The environ of a request, created on first use from what the client sent.
 *
 * @example
 * ```ts
 * const env = environ(new Request("http://h/v2.1/flavors?limit=1"));
 * env.pathInfo; // "/v2.1/flavors"
 * env.query; // "?limit=1"
 * ```
 */
export function environ(request: Request): Environ {
  let env = states.get(request);
  if (!env) {
    const { scheme, host, target } = requestTarget(request);
    const { path, query } = splitTarget(target);
    env = {
      scriptName: "",
      pathInfo: path,
      query,
      origin: originOf(scheme, host),
      remoteAddr: "",
      notes: {},
    };
    states.set(request, env);
  }
  return env;
}

/** The path (WHATWG-normalised, as `URL.pathname` spells it) and query of a request-target. */
function splitTarget(target: string): { path: string; query: string } {
  try {
    const url = new URL(`http://h${target}`);
    return { path: url.pathname, query: url.search };
  } catch {
    const q = target.indexOf("?");
    return q < 0
      ? { path: target, query: "" }
      : { path: target.slice(0, q), query: target.slice(q) };
  }
}

/** Attach an existing environ to another request (used when a middleware rebuilds the request). */
export function adoptEnviron(request: Request, env: Environ): Request {
  states.set(request, env);
  return request;
}

/**
 * A URL `new Request` accepts for a copy of `request`: its own URL when that parses, otherwise
 * (a `Host` header Deno pasted in verbatim, such as `a b`) the request-target on `localhost`.
 */
export function parseableUrl(request: Request): string {
  if (URL.canParse(request.url)) return request.url;
  const { scheme, target } = requestTarget(request);
  return `${scheme}://localhost${target}`;
}

/** The application URL a client sees: origin plus script name (no trailing slash). */
export function applicationUrl(request: Request): string {
  const env = environ(request);
  return env.origin + env.scriptName;
}

/** The query parameters of the request-target (not of Deno's `request.url`). */
export function queryParams(request: Request): URLSearchParams {
  return new URLSearchParams(environ(request).query);
}
