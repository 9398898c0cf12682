/**
 * The compute API's router: a data table of routes (method, path template, microversion range,
 * handler) interpreted once per request, as Nova's `APIRouterV21` with `wsgi.Resource` does:
 * match the route by method and path (with or without a `/{project_id}` prefix; no match is
 * webob's 404 page), then negotiate the microversion, check the content type, parse the body,
 * dispatch `POST …/action` by its body key, check the URL's project id, pick the handler for the
 * microversion, and stamp the version headers on whatever comes back.
 *
 * @module
 */
import { ApiVersion, negotiateVersion, versionHeaders } from "./api_version.ts";
import { environ } from "../http/environ.ts";
import { applyLinkPrefix } from "./link_prefix.ts";
import { NovaFault } from "../http/fault.ts";
import { notFoundPage } from "../http/webob_error.ts";
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
  /** e.g. `http://host:8774/v2.1` (plus `/<project_id>` when the URL contains it). */
  self: string;
  /** e.g. `http://host:8774` (plus `/<project_id>` when the URL contains it). */
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
    // Nova also routes every path under an optional hex/dash project id. No trailing slash: the
    // routes library (without minimization) anchors the template at both ends.
    pattern: new RegExp(`^(?:/([0-9a-f-]+))?${source}$`),
    minV: route.min ? ApiVersion.parse(route.min) : undefined,
    maxV: route.max ? ApiVersion.parse(route.max) : undefined,
  };
}

/**
 * The media type of a request body, or null when there is none to speak of, as Nova reads it:
 * webob's `content_type` is the header up to the first `;`, neither trimmed nor lower-cased, so
 * `Application/JSON` or `application/json ;charset=utf-8` are unsupported there too.
 */
function contentType(request: Request): string | null {
  const raw = request.headers.get("content-type");
  if (raw === null) return null;
  const type = raw.split(";")[0];
  if (type === "" || type === "text/plain") return null;
  if (!SUPPORTED_CONTENT_TYPES.has(type)) throw new NovaFault(415, "Unsupported Content-Type");
  return type;
}

/** What Nova's strict UTF-8 decoding (`oslo_utils.encodeutils.safe_decode`) accepts; a BOM stays. */
const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * The JSON body of a POST or PUT: `undefined` when there is none (no bytes), else the parsed value.
 * Bytes that are not UTF-8, a leading BOM or bad JSON are "Malformed request body", as oslo's
 * `jsonutils.loads` refuses them.
 */
async function readBody(request: Request): Promise<unknown> {
  if (request.method !== "POST" && request.method !== "PUT") return undefined;
  const bytes = request.body ? new Uint8Array(await request.arrayBuffer()) : new Uint8Array();
  if (bytes.length === 0) return undefined;
  try {
    return JSON.parse(UTF8.decode(bytes));
  } catch {
    throw new NovaFault(400, "Malformed request body");
  }
}

/**
 * Nova's `action_peek`: the body's only key. It takes `len()` of whatever the JSON was, so an
 * object, array or string of any other length (and a missing body) is "Malformed request body";
 * a one-element array or one-character string, a number, a boolean or `null` fail when asked for
 * keys, which Nova's resource answers with a bare 404.
 */
function actionName(body: unknown): string {
  if (body !== null && typeof body === "object" && !Array.isArray(body)) {
    const keys = Object.keys(body);
    if (keys.length !== 1) throw new NovaFault(400, "Malformed request body");
    return keys[0];
  }
  if (body === undefined) throw new NovaFault(400, "Malformed request body");
  const length = Array.isArray(body)
    ? body.length
    : typeof body === "string"
    ? [...body].length
    : undefined;
  if (length !== undefined && length !== 1) throw new NovaFault(400, "Malformed request body");
  throw new NovaFault(404, "The resource could not be found.");
}

/**
 * The path as the routes library sees it: WSGI hands it PATH_INFO already percent-decoded, so an
 * encoded `/` separates segments there as well. Escapes that are not UTF-8 are taken byte for
 * byte (latin-1, as PEP 3333 servers decode the path) instead of failing the request.
 */
function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path.replace(/%([0-9a-fA-F]{2})/g, (_m, hex) => String.fromCharCode(parseInt(hex, 16)));
  }
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

/**
 * Nova's `ViewBuilder._get_project_id` puts the caller's project id into links whenever it occurs
 * anywhere in the request URL (a plain substring test, so a project `1` on host `127.0.0.1`
 * qualifies), not only when the URL had the `/{project_id}` form.
 */
function linkBases(
  request: Request,
  projectId: string | null | undefined,
  prefix?: string,
): LinkBases {
  const env = environ(request);
  const self = applyLinkPrefix(env.origin + env.scriptName, prefix).replace(/\/$/, "");
  const bookmark = self.replace(/\/v\d+(\.\d+)?$/, "");
  const url = env.origin + env.scriptName + env.pathInfo + env.query;
  const project = projectId && url.includes(projectId) ? `/${projectId}` : "";
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
    const path = decodePath(env.pathInfo === "" ? "/" : env.pathInfo);

    // Match path and method first, as the routes library with method conditions does (so HEAD
    // matches no GET route). Only a matched request reaches Nova's resource, which negotiates the
    // microversion: an unmatched one is webob's 404 page whatever its version headers say, and
    // carries no version headers.
    let projectInUrl: string | undefined;
    let params: Record<string, string> | undefined;
    const candidates: CompiledRoute[] = [];
    for (const route of table) {
      if (route.method !== request.method) continue;
      const m = route.pattern.exec(path);
      if (!m) continue;
      // A path that also matches a literal route (e.g. /flavors/detail) prefers the literal one:
      // routes are tried in table order, so list literal segments before templates.
      if (params === undefined) {
        projectInUrl = m[1];
        params = {};
        route.names.forEach((name, i) => params![name] = m[i + 2]);
      } else if (route.path !== candidates[0].path) {
        continue;
      }
      candidates.push(route);
    }
    if (candidates.length === 0 || params === undefined) {
      // The routes library answers an unmatched path with webob's own 404 page (not a fault).
      return notFoundPage(request);
    }

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

    // Nova's order: content type, then the action's name (peeked from the body), then the body,
    // then the URL's project id, then the handler for the microversion.
    contentType(request);
    const body = await readBody(request);
    const isAction = candidates[0].action !== undefined;
    let named = candidates;
    if (isAction) {
      const name = actionName(body);
      named = candidates.filter((r) => r.action === name);
      if (named.length === 0) throw new NovaFault(400, `There is no such action: ${name}`);
    }
    const context = env.context as RequestContext | undefined ?? options.anonymous?.();
    if (!context) throw new NovaFault(401, "The request you have made requires authentication.");
    if (projectInUrl && context.projectId && projectInUrl !== context.projectId) {
      throw new NovaFault(
        400,
        `Malformed request URL: URL's project_id '${projectInUrl}' doesn't match Context's ` +
          `project_id '${context.projectId}'`,
      );
    }

    const chosen = named.find((r) => version.within(r.minV, r.maxV));
    if (!chosen) throw new NovaFault(404, "The resource could not be found.");

    const response = await chosen.handler({
      request,
      params,
      query: new URLSearchParams(env.query),
      version,
      context,
      body: body ?? null,
      links: linkBases(request, context.projectId, options.linkPrefix),
    });
    return stamp(response, version);
  };
}
