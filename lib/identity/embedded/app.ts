/**
 * The embedded identity service as a handler: a Keystone v3 subset (version discovery, tokens,
 * catalog, the directory with admins' writes) for mounting under a prefix such as `/identity` in the compute
 * process, so unmodified clients (openstack CLI, openstacksdk, keystoneauth) authenticate
 * against it. Every URL it names is built from the request's origin and mount prefix, or from
 * `[identity] public_endpoint`.
 *
 * @module
 */

import { environ } from "../../http/environ.ts";
import type { Handler } from "../../http/types.ts";
import { AUTH_ROUTES } from "./auth_routes.ts";
import { versionResponse, versionsResponse } from "./discovery.ts";
import { DIRECTORY_ROUTES } from "./directory_routes.ts";
import { DIRECTORY_WRITE_ROUTES } from "./directory_writes.ts";
import { errorResponse, IdentityError, unexpected } from "./errors.ts";
import type { IdentityOptions } from "./options.ts";
import { type RequestContext, requestContext } from "./request_context.ts";
import { createRouter, type MethodTable } from "./router.ts";

/** Route tables merged: a pattern in several tables answers every method any of them has. */
function merged<C>(...tables: Record<string, MethodTable<C>>[]): Record<string, MethodTable<C>> {
  const out: Record<string, MethodTable<C>> = {};
  for (const table of tables) {
    for (const [pattern, methods] of Object.entries(table)) {
      out[pattern] = { ...out[pattern], ...methods };
    }
  }
  return out;
}

/** Every route of the service. */
const router = createRouter<RequestContext>(merged({
  "/": { GET: (ctx) => Promise.resolve(versionsResponse(ctx.v3)) },
  "/v3": { GET: (ctx) => Promise.resolve(versionResponse(ctx.v3)) },
  ...AUTH_ROUTES,
  ...DIRECTORY_ROUTES,
}, DIRECTORY_WRITE_ROUTES));

/** Adds the headers every Keystone response has. */
function finish(response: Response, requestId: string): Response {
  response.headers.set("vary", "X-Auth-Token");
  if (!response.headers.has("x-openstack-request-id")) {
    response.headers.set("x-openstack-request-id", requestId);
  }
  return response;
}

/**
 * The identity service handler.
 *
 * @example
 * ```ts
 * const options = await identityOptions(config);
 * const identity = identityApp(options); // mount at /identity
 * ```
 */
export function identityApp(options: IdentityOptions): Handler {
  return async (request) => {
    const ctx = requestContext(options, request);
    const requestId = environ(request).requestId ?? `req-${crypto.randomUUID()}`;
    try {
      // Created users, projects and roles may have changed in another process: one small read.
      await options.directory.refresh();
      return finish(await router.dispatch(request.method, ctx.path, ctx), requestId);
    } catch (e) {
      const error = e instanceof IdentityError ? e : unexpected();
      if (!(e instanceof IdentityError)) console.error("identity: unexpected error", e);
      return finish(errorResponse(error, ctx.v3), requestId);
    }
  };
}
