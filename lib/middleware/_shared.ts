/**
 * Small helpers the filters in this folder share: editing the headers of a response that may be
 * immutable (one that came from `fetch`, say) and rebuilding a request while keeping its environ.
 *
 * @module
 */
import { adoptEnviron, environ, parseableUrl } from "../http/environ.ts";

/**
 * Apply `edit` to a response's headers and return the response to pass on. When the headers are
 * immutable, the response is copied first (the body is moved, not read).
 *
 * @example
 * ```ts
 * const out = editHeaders(await fetch("http://example.test/"), (h) => h.set("x-a", "1"));
 * ```
 */
export function editHeaders(response: Response, edit: (headers: Headers) => void): Response {
  try {
    edit(response.headers);
    return response;
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    const copy = new Response(response.body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
    edit(copy.headers);
    return copy;
  }
}

/** What `rebuildRequest` may replace. */
export interface RequestChanges {
  /** New request headers (a `Headers`, or name/value pairs). */
  headers?: HeadersInit;
  /** A new body; `undefined` keeps the original body stream. */
  body?: ReadableStream<Uint8Array> | null;
  /**
   * Edits made to the copy's own headers (after `headers`, when both are given). Cheaper than
   * `headers` for a few changes: a Request built from a large `Headers` converts and re-checks
   * every value.
   */
  editHeaders?: (headers: Headers) => void;
}

/** Methods the Fetch standard upper-cases when a `Request` is built with them. */
const NORMALISED_METHODS = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]);
/** Methods the Fetch standard refuses to build a `Request` with. */
const FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);

/**
 * Whether `new Request(url, { method, body })` keeps `method` exactly as it is: not forbidden
 * (TRACE, TRACK, CONNECT), not renamed (`get` becomes `GET`), and not GET or HEAD with a body.
 */
function buildsAsIs(method: string, hasBody: boolean): boolean {
  const upper = method.toUpperCase();
  if (FORBIDDEN_METHODS.has(upper)) return false;
  if (NORMALISED_METHODS.has(upper) && upper !== method) return false;
  return !(hasBody && (method === "GET" || method === "HEAD"));
}

/**
 * A copy of `request` with other headers and/or another body, sharing the same environ. The original
 * body stream is handed over, never read. The abort signal is not carried over (reading a served
 * request's `signal` opts into Deno's legacy abort behaviour and warns).
 *
 * The copy answers `method` exactly as the client sent it, whatever it was. A server sees methods
 * the Fetch standard will not build a `Request` with (`TRACE`, `TRACK`, `CONNECT`) or would rename
 * (`get` -> `GET`, which WSGI and the routes library keep apart); such a copy is built with `POST`
 * and its `method` property then reads the client's method, so every later filter and the router
 * see what was sent.
 *
 * @example
 * ```ts
 * const headers = new Headers(request.headers);
 * headers.delete("x-secret");
 * const next = rebuildRequest(request, { headers });
 * ```
 */
export function rebuildRequest(request: Request, changes: RequestChanges): Request {
  const env = environ(request);
  const method = request.method;
  const body = changes.body === undefined ? request.body : changes.body;
  const asIs = buildsAsIs(method, body !== null);
  const init: RequestInit & { duplex?: "half" } = {
    method: asIs ? method : "POST",
    headers: changes.headers ?? request.headers,
    redirect: request.redirect,
  };
  if (body) {
    init.body = body;
    init.duplex = "half";
  }
  const copy = new Request(parseableUrl(request), init);
  changes.editHeaders?.(copy.headers);
  if (!asIs) Object.defineProperty(copy, "method", { value: method, enumerable: true });
  return adoptEnviron(copy, env);
}
