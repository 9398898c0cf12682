/**
 * The compute API's router: a data table of routes (method, path template, microversion range,
 * handler) interpreted once per request, as Nova's `APIRouterV21` with `wsgi.Resource` does:
 * negotiate the microversion, match the route (with or without a `/{project_id}` prefix), check the
 * content type, parse the body, dispatch `POST …/action` by its body key, and stamp the version
 * headers on whatever comes back.
 *
 * @module
 */
import { ApiVersion, negotiateVersion, versionHeaders } from "./api_version.ts";
import { environ } from "../http/environ.ts";
import { applyLinkPrefix } from "./link_prefix.ts";
import { NovaFault } from "../http/fault.ts";
import { webobErrorResponse } from "../http/webob_error.ts";
import type { Handler } from "../http/types.ts";
import type { RequestContext } from "../context/context.ts";

/** What a controller receives for one request. */
export interface ApiRequest {
  /** The original request. */
  request: Request;
  /** Path parameters from the template (`{id}` → `params.id`). */
  params: Record<string, string>;
  /** The query string. */
  query: URLSearchParams;
  /** The negotiated microversion. */
  version: ApiVersion;
  /** The caller; the auth filters put it there. */
  context: RequestContext;
  /** The parsed JSON body (`null` when the request had none). */
  body: unknown;
  /** Link bases for views. */
  links: LinkBases;
}

/** Where links point: Nova's `href` (versioned) and `bookmark` (unversioned) bases. */
export interface LinkBases {
  /** e.g. `http://host:8774/v2.1` (plus `/<project_id>` when the URL carried one). */
  self: string;
  /** e.g. `http://host:8774` (plus `/<project_id>` when the URL carried one). */
  bookmark: string;
}

/** A controller method. */
export type Controller = (req: ApiRequest) => Promise<Response> | Response;

/** One row of the route table. */
export interface Route {
  method: "GET" | "HEAD" | "POST" | "PUT" | "DELETE" | "PATCH";
  /** A template such as `/flavors/{flavor_id}/os-extra_specs/{id}`. */
  path: string;
  /** For `POST …/action` routes: the body key that selects this handler. */
  action?: string;
  /** Lowest microversion served by this handler (inclusive). */
  min?: string;
  /** Highest microversion served by this handler (inclusive). */
  max?: string;
  handler: Controller;
}

interface CompiledRoute extends Route {
  pattern: RegExp;
  names: string[];
  minV?: ApiVersion;
  maxV?: ApiVersion;
}

const SUPPORTED_CONTENT_TYPES = new Set([
  "application/json",
  "application/vnd.openstack.compute+json",
]);

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(
    /\\?\{(\w+)\\?\}|\{(\w+)\}/g,
    (_m, a, b) => {
      names.push(a ?? b);
      return "([^/]+)";
    },
  );
  return {
    ...route,
    names,
    // Nova also routes every path under an optional hex/dash project id.
    pattern: new RegExp(`^(?:/([0-9a-f-]+))?${source}/?$`),
    minV: route.min ? ApiVersion.parse(route.min) : undefined,
    maxV: route.max ? ApiVersion.parse(route.max) : undefined,
  };
}

/** The media type of a request body, or null when there is none to speak of (as Nova reads it). */
function contentType(request: Request): string | null {
  const raw = request.headers.get("content-type");
  if (raw === null) return null;
  const type = raw.split(";")[0].trim().toLowerCase();
  if (type === "" || type === "text/plain") return null;
  if (!SUPPORTED_CONTENT_TYPES.has(type)) throw new NovaFault(415, "Unsupported Content-Type");
  return type;
}

async function readBody(request: Request): Promise<unknown> {
  if (request.method !== "POST" && request.method !== "PUT") return null;
  const text = request.body ? await request.text() : "";
  if (text.length === 0) return null;
  try {
    return JSON.parse(text);
  } catch {
    throw new NovaFault(400, "Malformed request body");
  }
}

function actionName(body: unknown): string {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new NovaFault(400, "Malformed request body");
  }
  const keys = Object.keys(body);
  if (keys.length !== 1) throw new NovaFault(400, "Malformed request body");
  return keys[0];
}

function stamp(response: Response, version: ApiVersion): Response {
  const headers = versionHeaders(version);
  // A Response from fetch or Response.redirect has immutable headers; rebuild only then.
  try {
    for (const [k, v] of Object.entries(headers)) response.headers.set(k, v);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    for (const [k, v] of Object.entries(headers)) copy.headers.set(k, v);
    return copy;
  }
}

/** Options of {@link createRouter}. */
export interface RouterOptions {
  /** Replaces scheme, host and port of links (`[api] compute_link_prefix`). */
  linkPrefix?: string;
  /** The context to use when no auth filter set one (never in a real pipeline). */
  anonymous?: () => RequestContext;
}

function linkBases(request: Request, projectInUrl: string | undefined, prefix?: string): LinkBases {
  const env = environ(request);
  const self = applyLinkPrefix(env.origin + env.scriptName, prefix).replace(/\/$/, "");
  const bookmark = self.replace(/\/v\d+(\.\d+)?$/, "");
  const project = projectInUrl ? `/${projectInUrl}` : "";
  return { self: self + project, bookmark: bookmark + project };
}

/**
 * Build the handler for a route table.
 *
 * @example
 * ```ts
 * const app = createRouter([{ method: "GET", path: "/flavors", handler: listFlavors }]);
 * ```
 */
export function createRouter(routes: readonly Route[], options: RouterOptions = {}): Handler {
  const table = routes.map(compile);
  return async (request) => {
    const env = environ(request);
    const path = env.pathInfo === "" ? "/" : env.pathInfo;
    let version: ApiVersion;
    try {
      version = negotiateVersion(request.headers);
    } catch (e) {
      if (e instanceof NovaFault && e.status === 406) {
        env.apiVersion = e.headers["X-OpenStack-Nova-API-Version"];
      }
      throw e;
    }
    env.apiVersion = version.toString();

    // Match path first (any method), then method, as the routes library with method conditions.
    let projectInUrl: string | undefined;
    let params: Record<string, string> | undefined;
    const candidates: CompiledRoute[] = [];
    for (const route of table) {
      if (
        route.method !== request.method && !(request.method === "HEAD" && route.method === "GET")
      ) {
        continue;
      }
      const m = route.pattern.exec(path);
      if (!m) continue;
      // A path that also matches a literal route (e.g. /flavors/detail) prefers the literal one:
      // routes are tried in table order, so list literal segments before templates.
      if (params === undefined) {
        projectInUrl = m[1];
        params = {};
        route.names.forEach((name, i) => params![name] = decodeURIComponent(m[i + 2]));
      } else if (route.path !== candidates[0].path) {
        continue;
      }
      candidates.push(route);
    }
    if (candidates.length === 0 || params === undefined) {
      // The routes library answers an unmatched path with webob's own 404 page (not a fault).
      return stamp(
        webobErrorResponse(request, {
          status: 404,
          title: "Not Found",
          explanation: "The resource could not be found.",
        }),
        version,
      );
    }

    contentType(request);
    const body = await readBody(request);
    const context = env.context as RequestContext | undefined ?? options.anonymous?.();
    if (!context) throw new NovaFault(401, "The request you have made requires authentication.");
    if (projectInUrl && context.projectId && projectInUrl !== context.projectId) {
      throw new NovaFault(
        400,
        `Malformed request URL: URL's project_id '${projectInUrl}' doesn't match Context's ` +
          `project_id '${context.projectId}'`,
      );
    }

    let chosen: CompiledRoute | undefined;
    if (candidates[0].action !== undefined) {
      const name = actionName(body);
      const named = candidates.filter((r) => r.action === name);
      if (named.length === 0) throw new NovaFault(400, `There is no such action: ${name}`);
      chosen = named.find((r) => version.within(r.minV, r.maxV));
    } else {
      chosen = candidates.find((r) => version.within(r.minV, r.maxV));
    }
    if (!chosen) throw new NovaFault(404, "The resource could not be found.");

    const url = new URL(request.url);
    const response = await chosen.handler({
      request,
      params,
      query: url.searchParams,
      version,
      context,
      body,
      links: linkBases(request, projectInUrl, options.linkPrefix),
    });
    return stamp(response, version);
  };
}
