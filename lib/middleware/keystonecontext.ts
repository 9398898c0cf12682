/**
 * Nova's `NovaKeystoneContext` filter (`nova.api.auth`): turns the identity headers auth_token set
 * into the request context (`environ(request).context`), as oslo.context's `from_environ` reads
 * them:
 *
 * - user id: `X-User-Id`, else `X-User`; project id: `X-Project-Id`, else `X-Tenant-Id`, else
 *   `X-Tenant`; project name: `X-Project-Name`, else `X-Tenant-Name`; user name `X-User-Name`;
 *   domains `X-Domain-Id`, `X-User-Domain-Id`, `X-Project-Domain-Id`; system scope
 *   `OpenStack-System-Scope`; token `X-Auth-Token`, else `X-Storage-Token`;
 * - roles: `X-Roles` (else `X-Role`) split on commas, trimmed and lower-cased; service roles,
 *   user and project from the `X-Service-*` headers;
 * - `X-Service-Catalog` (or the text auth_token left in `environ(request).serviceCatalog`)
 *   parsed as JSON and reduced to the services Nova talks to (image, block-storage, volumev3,
 *   key-manager, placement, network, accelerator, sharev2); bad JSON is webob's 500 "Invalid
 *   service catalog json.";
 * - request id from compute_req_id, global request id from an inbound `X-OpenStack-Request-ID`,
 *   remote address the peer's (or `X-Forwarded-For` with `[api] use_forwarded_for`);
 * - `isAdmin` from `opts.isAdmin` (the `context_is_admin` policy rule), else the `admin` role.
 *
 * Without a user id the answer is webob's plain 401 (auth_token adds `WWW-Authenticate` on its
 * way out). Empty header values count as absent.
 *
 * @module
 */
import { environ } from "../http/environ.ts";
import type { Middleware } from "../http/types.ts";
import type { RequestContext } from "../context/context.ts";
import { decodeHeaderText } from "../http/header_text.ts";
import { webobDetailResponse } from "../http/webob_detail.ts";
import { generateRequestId } from "./request_id.ts";
import { webobErrorResponse } from "../http/webob_error.ts";

/** Settings of the context filter. */
export interface KeystoneContextOptions {
  /** Decides `ctx.isAdmin` (Nova: the `context_is_admin` rule); default: holds the admin role. */
  isAdmin?: (ctx: RequestContext) => boolean;
  /** `[api] use_forwarded_for`: take the remote address from `X-Forwarded-For`. */
  useForwardedFor?: boolean;
}

/** The catalog entries Nova keeps in its context (`nova.context.RequestContext`). */
export const CONTEXT_CATALOG_TYPES: readonly string[] = [
  "image",
  "block-storage",
  "volumev3",
  "key-manager",
  "placement",
  "network",
  "accelerator",
  "sharev2",
];

/** Catalog header texts kept with their parsed, filtered catalog (or null: not a JSON list). */
const PARSED_CATALOGS_MAX = 256;
/** Longer catalog texts are parsed every time rather than remembered. */
const PARSED_CATALOG_TEXT_MAX = 64 * 1024;
const parsedCatalogs = new Map<string, unknown[] | null>();

/**
 * The services of an `X-Service-Catalog` text Nova keeps ({@link CONTEXT_CATALOG_TYPES}), or null
 * when the text is JSON but not a list; throws on bad JSON. A text seen before (every request of
 * one token carries the same one) is not parsed again.
 */
function contextCatalog(text: string): unknown[] | null {
  const known = parsedCatalogs.get(text);
  if (known !== undefined) return known;
  const parsed: unknown = JSON.parse(text);
  const catalog = Array.isArray(parsed) ? keptServices(parsed) : null;
  if (text.length <= PARSED_CATALOG_TEXT_MAX) {
    if (parsedCatalogs.size >= PARSED_CATALOGS_MAX) {
      parsedCatalogs.delete(parsedCatalogs.keys().next().value!);
    }
    parsedCatalogs.set(text, catalog);
  }
  return catalog;
}

/** The entries of a parsed catalog whose type Nova keeps in its context. */
function keptServices(catalog: unknown[]): unknown[] {
  return catalog.filter((s) =>
    s !== null && typeof s === "object" &&
    CONTEXT_CATALOG_TYPES.includes((s as Record<string, unknown>).type as string)
  );
}

/** The first of `names` present in `headers` (decoded; "" included, as oslo.context reads it). */
function first(headers: Headers, ...names: string[]): string | null {
  for (const name of names) {
    const value = headers.get(name);
    if (value !== null) return decodeHeaderText(value);
  }
  return null;
}

/** A role list header: split on commas, trimmed, lower-cased; empty -> []. */
function roleList(value: string | null): string[] {
  if (!value) return [];
  return value.split(",").map((r) => r.trim().toLowerCase());
}

/**
 * Build the context from the headers (exported for tests and for callers without the filter).
 * Returns null when there is no user id.
 */
export function contextFromHeaders(
  request: Request,
  serviceCatalog: unknown[] | null,
  opts: KeystoneContextOptions = {},
): RequestContext | null {
  const h = request.headers;
  const env = environ(request);
  const userId = first(h, "x-user-id", "x-user") || null;
  if (userId === null) return null;
  let remoteAddress = env.remoteAddr || undefined;
  if (opts.useForwardedFor) remoteAddress = h.get("x-forwarded-for") ?? remoteAddress;
  const catalog = keptServices(serviceCatalog ?? []);
  const ctx: RequestContext = {
    userId,
    projectId: first(h, "x-project-id", "x-tenant-id", "x-tenant") || null,
    userName: first(h, "x-user-name"),
    projectName: first(h, "x-project-name", "x-tenant-name"),
    userDomainId: first(h, "x-user-domain-id"),
    projectDomainId: first(h, "x-project-domain-id"),
    domainId: first(h, "x-domain-id"),
    roles: roleList(first(h, "x-roles") ?? first(h, "x-role")),
    isAdmin: false,
    systemScope: first(h, "openstack-system-scope"),
    requestId: env.requestId ?? generateRequestId(),
    globalRequestId: (env.notes.globalRequestId as string | undefined) ?? null,
    remoteAddress,
    authToken: first(h, "x-auth-token", "x-storage-token"),
    serviceCatalog: catalog,
    serviceRoles: roleList(first(h, "x-service-roles")),
    serviceUserId: first(h, "x-service-user-id"),
    serviceProjectId: first(h, "x-service-project-id"),
  };
  ctx.isAdmin = opts.isAdmin ? opts.isAdmin(ctx) : ctx.roles.includes("admin");
  return ctx;
}

/**
 * The context filter.
 *
 * @example
 * ```ts
 * const filter = keystoneContext({ isAdmin: (ctx) => isAdminByPolicy(enforcer, ctx) });
 * ```
 */
export function keystoneContext(opts: KeystoneContextOptions = {}): Middleware {
  return (request, next) => {
    let catalog: unknown[] | null = null;
    // auth_token leaves its catalog in the environ; without it in front, the header is read.
    const passed = environ(request).serviceCatalog;
    const header = passed !== undefined ? passed : request.headers.get("x-service-catalog");
    if (header !== null) {
      try {
        catalog = contextCatalog(header);
      } catch {
        return Promise.resolve(webobDetailResponse(request, {
          status: 500,
          title: "Internal Server Error",
          explanation:
            "The server has either erred or is incapable of performing the requested operation.",
        }, "Invalid service catalog json."));
      }
    }
    const ctx = contextFromHeaders(request, catalog, opts);
    if (!ctx) {
      return Promise.resolve(webobErrorResponse(request, {
        status: 401,
        title: "Unauthorized",
        explanation: "This server could not verify that you are authorized to access the " +
          "document you requested. Either you supplied the wrong credentials (e.g., bad " +
          "password), or your browser does not understand how to supply the credentials " +
          "required.",
      }));
    }
    environ(request).context = ctx;
    return next(request);
  };
}
