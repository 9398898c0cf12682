/**
 * Nova's `noauth2` filter (`NoAuthMiddleware`, removed from Nova in 2025 together with
 * `[api] auth_strategy`): a fake authentication for development and tests. It trusts whatever the
 * client says; never use it in production.
 *
 * - Without an `X-Auth-Token` header the request is answered here with `204` and
 *   `X-Auth-Token: <user>:<project>` (from `X-Auth-User` / `X-Auth-Project-Id`, each defaulting to
 *   `admin`), `X-Server-Management-Url: <request URL without trailing slashes>/<project>` (or without
 *   the project part when `projectIdInPath` is false, Nova's `NoAuthMiddlewareV2_18`) and
 *   `Content-Type: text/plain; charset=UTF-8`. The URL is the request's URL as the application sees
 *   it (origin, script name, path and query), so it follows http_proxy_to_wsgi.
 * - With a token `user:project` (or just `user`, the project then being the user) a request context
 *   is stored in `environ(request).context`: user and project ids (`null` when empty),
 *   `isAdmin` true only for user `admin`, no roles (as Nova; `rolesFor` may grant some), the
 *   request id from compute_req_id and the peer address. Nova sets no global request id here.
 *
 * @module
 */
import { applicationUrl, environ } from "../http/environ.ts";
import type { Middleware } from "../http/types.ts";
import type { RequestContext } from "../context/context.ts";
import { generateRequestId } from "./request_id.ts";

/** Settings of the fake auth filter. */
export interface NoAuth2Options {
  /** Append the project id to `X-Server-Management-Url` (Nova's `NoAuthMiddleware`); default true. */
  projectIdInPath?: boolean;
  /** Roles to put in the context (Nova puts none). */
  rolesFor?: (userId: string, projectId: string) => string[];
  /** Receives a one-time warning when the filter is built. */
  log?: (msg: string) => void;
}

/**
 * The fake auth filter.
 *
 * @example
 * ```ts
 * const filter = noauth2({ log: console.warn });
 * // curl -i http://h/v2.1 -H "X-Auth-User: demo" -H "X-Auth-Project-Id: p1"
 * //   -> 204, X-Auth-Token: demo:p1, X-Server-Management-Url: http://h/v2.1/p1
 * // curl http://h/v2.1/servers -H "X-Auth-Token: demo:p1"
 * //   -> environ(request).context = { userId: "demo", projectId: "p1", isAdmin: false, ... }
 * ```
 */
export function noauth2(opts: NoAuth2Options = {}): Middleware {
  const projectIdInPath = opts.projectIdInPath ?? true;
  opts.log?.("noauth2 is enabled: any client can act as any user, including admin");
  return (request, next) => {
    const env = environ(request);
    const token = request.headers.get("x-auth-token");
    if (token === null) {
      const user = request.headers.get("x-auth-user") ?? "admin";
      const project = request.headers.get("x-auth-project-id") ?? "admin";
      const url = (applicationUrl(request) + env.pathInfo + env.query)
        .replace(/\/+$/, "");
      const headers = new Headers({
        "X-Auth-Token": `${user}:${project}`,
        "X-Server-Management-Url": projectIdInPath ? `${url}/${project}` : url,
        "Content-Type": "text/plain; charset=UTF-8",
      });
      return Promise.resolve(new Response(null, { status: 204, headers }));
    }
    const colon = token.indexOf(":");
    const user = colon < 0 ? token : token.slice(0, colon);
    const project = (colon < 0 ? "" : token.slice(colon + 1)) || user;
    const context: RequestContext = {
      userId: user || null,
      projectId: project || null,
      roles: opts.rolesFor ? opts.rolesFor(user, project) : [],
      isAdmin: user === "admin",
      requestId: env.requestId ?? generateRequestId(),
      globalRequestId: null,
      remoteAddress: env.remoteAddr || undefined,
      authToken: null,
      serviceCatalog: [],
    };
    env.context = context;
    return next(request);
  };
}
