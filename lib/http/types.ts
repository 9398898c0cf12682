/**
 * The request-path types shared by every layer: a handler answers a request, a middleware wraps the
 * next handler (Hono's `(request, next)` shape), and an entry module exports `{ fetch }`.
 *
 * @module
 */

/** Answers one request; the analogue of a WSGI application. */
export type Handler = (request: Request) => Promise<Response>;

/**
 * Wraps the rest of the pipeline: inspect or change the request, call `next`, inspect or change the
 * response. The analogue of a paste filter.
 *
 * @example
 * ```ts
 * const stamp: Middleware = async (request, next) => {
 *   const response = await next(request);
 *   response.headers.set("x-stamp", "1");
 *   return response;
 * };
 * ```
 */
export type Middleware = (request: Request, next: Handler) => Promise<Response>;

/** What `Deno.serve` and `deno serve` pass beside the request. */
export interface ServeInfo {
  /** The peer's address, when the transport knows it. */
  remoteAddr?: { hostname?: string; port?: number; transport?: string };
}

/** The shape of `compute.ts` and `metadata.ts`'s default export. */
export interface FetchModule {
  /** Answers a request; `info` carries the peer address when served by Deno. */
  fetch(request: Request, info?: ServeInfo): Promise<Response>;
}
