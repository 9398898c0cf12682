import type { Handler, Middleware } from "./types.ts";

/**
 * Build one handler from middleware (outermost first) and the app at the end, as a paste pipeline
 * does.
 *
 * @example
 * ```ts
 * const app = compose([requestId, faultwrap], router);
 * ```
 */
export function compose(middleware: readonly Middleware[], app: Handler): Handler {
  return middleware.reduceRight<Handler>(
    (next, layer) => (request) => layer(request, next),
    app,
  );
}
