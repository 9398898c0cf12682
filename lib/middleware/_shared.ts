/**
 * Small helpers the filters in this folder share: editing the headers of a response that may be
 * immutable (one that came from `fetch`, say) and rebuilding a request while keeping its environ.
 *
 * @module
 */
import { adoptEnviron, environ } from "../http/environ.ts";

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
  /** New request headers. */
  headers?: Headers;
  /** A new body; `undefined` keeps the original body stream. */
  body?: ReadableStream<Uint8Array> | null;
}

/**
 * A copy of `request` with other headers and/or another body, sharing the same environ. The original
 * body stream is handed over, never read. The abort signal is not carried over (reading a served
 * request's `signal` opts into Deno's legacy abort behaviour and warns).
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
  const body = changes.body === undefined ? request.body : changes.body;
  const init: RequestInit & { duplex?: "half" } = {
    method: request.method,
    headers: changes.headers ?? request.headers,
    redirect: request.redirect,
  };
  if (body) {
    init.body = body;
    init.duplex = "half";
  }
  return adoptEnviron(new Request(request.url, init), env);
}
