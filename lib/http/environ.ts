/**
 * Per-request state that travels beside a `Request`, like WSGI's environ: where the app is mounted
 * (`scriptName`), the path below it (`pathInfo`), the externally visible origin, the peer address
 * and whatever the pipeline learnt (request id, context, microversion).
 *
 * @module
 */
import type { RequestContext } from "../context/context.ts";

/** The mutable state a pipeline keeps for one request. */
export interface Environ {
  /** The mount prefix that led here, without a trailing slash ("" at the root). */
  scriptName: string;
  /** The path below `scriptName`, starting with "/" (or "" when nothing is left). */
  pathInfo: string;
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
  /** Free-form slots for middleware that need to leave a note for a later one. */
  notes: Record<string, unknown>;
}

const states = new WeakMap<Request, Environ>();

/**
 * The environ of a request, created on first use from the request URL.
 *
 * @example
 * ```ts
 * const env = environ(new Request("http://h/v2.1/flavors"));
 * env.pathInfo; // "/v2.1/flavors"
 * ```
 */
export function environ(request: Request): Environ {
  let env = states.get(request);
  if (!env) {
    const url = new URL(request.url);
    env = {
      scriptName: "",
      pathInfo: url.pathname,
      origin: url.origin,
      remoteAddr: "",
      notes: {},
    };
    states.set(request, env);
  }
  return env;
}

/** Attach an existing environ to another request (used when a middleware rebuilds the request). */
export function adoptEnviron(request: Request, env: Environ): Request {
  states.set(request, env);
  return request;
}

/** The application URL a client sees: origin plus script name (no trailing slash). */
export function applicationUrl(request: Request): string {
  const env = environ(request);
  return env.origin + env.scriptName;
}
