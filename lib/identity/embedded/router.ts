/**
 * A small path router: patterns such as `/v3/users/{id}` (a `{...}` segment matches one path
 * segment), each with handlers per method. HEAD falls back to GET without the body, as in Flask.
 *
 * @module
 */

import { methodNotAllowed, noSuchPath } from "./errors.ts";

/** A route's handlers by method (upper case). */
export type MethodTable<C> = Record<string, (context: C, params: string[]) => Promise<Response>>;

/** A compiled route table. */
export interface Router<C> {
  /** Answers with the matching handler; throws 404 or 405 as Keystone's `IdentityError`. */
  dispatch(method: string, path: string, context: C): Promise<Response>;
}

/** Turns a pattern into a regular expression capturing its `{...}` segments. */
function compile(pattern: string): RegExp {
  const source = pattern.split("/").map((segment) =>
    /^\{\w+\}$/.test(segment) ? "([^/]+)" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
  ).join("/");
  return new RegExp(`^${source}$`);
}

/**
 * Compiles `routes` (pattern to method table) into a router.
 *
 * @example
 * ```ts
 * const router = createRouter<Ctx>({ "/v3/users/{id}": { GET: (ctx, [id]) => showUser(ctx, id) } });
 * ```
 */
export function createRouter<C>(routes: Record<string, MethodTable<C>>): Router<C> {
  const table = Object.entries(routes).map(([pattern, methods]) => ({
    regex: compile(pattern),
    methods,
  }));
  return {
    async dispatch(method, path, context) {
      for (const { regex, methods } of table) {
        const match = regex.exec(path);
        if (!match) continue;
        let params: string[];
        try {
          params = match.slice(1).map((p) => decodeURIComponent(p));
        } catch {
          throw noSuchPath();
        }
        const own = Object.hasOwn(methods, method) ? methods[method] : undefined;
        const handler = own ?? (method === "HEAD" ? methods.GET : undefined);
        if (!handler) throw methodNotAllowed();
        const response = await handler(context, params);
        if (method !== "HEAD" || response.body === null) return response;
        await response.body.cancel();
        return new Response(null, { status: response.status, headers: response.headers });
      }
      throw noSuchPath();
    },
  };
}
