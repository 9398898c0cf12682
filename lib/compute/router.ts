/**
 * The compute API's router: a data table of routes (method, path template, microversion range,
 * handler) interpreted once per request, as Nova's `APIRouterV21` with `wsgi.Resource` does:
 * match the route by method and path (with or without a `/{project_id}` prefix; no match is
 * webob's 404 page), then negotiate the microversion, check the content type, parse the body,
 * dispatch `POST .../action` by its body key, check the URL's project id, pick the handler for the
 * microversion, and stamp the version headers on whatever comes back.
 *
 * @module
 */
import { ApiVersion, negotiateRequestVersion } from "./api_version.ts";
import { asFault } from "./faults.ts";
import { applyLinkPrefix } from "./link_prefix.ts";
import { checkResponse, type ResponseValidationMode } from "./response_validation.ts";
import type { ApiRequest, LinkBases, Route, RouteEntry, RouteFamily } from "./route.ts";
import { isRouteFamily, schemaAt } from "./route.ts";
import type { ComputeRuntime } from "./runtime.ts";
import { environ } from "../http/environ.ts";
import { NovaFault } from "../http/fault.ts";
import type { Handler as HttpHandler } from "../http/types.ts";
import { stampVersionHeaders } from "../http/version_headers.ts";
import { notFoundPage } from "../http/webob_error.ts";
import { parseJsonBody, peekAction, validateBody } from "../validation/body.ts";
import { validateQuery } from "../validation/query.ts";
import { emptiedWhenIdle } from "../caches/mod.ts";

export type { ApiRequest, Handler, LinkBases, Route, RouteEntry, RouteFamily } from "./route.ts";

interface CompiledRoute extends Route {
  /** Its place in the table (rows are tried in table order). */
  index: number;
  pattern: RegExp;
  names: string[];
  minV?: ApiVersion;
  maxV?: ApiVersion;
}

function compile(route: Route, index: number): CompiledRoute {
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
    index,
    names,
    // Nova also routes every path under an optional hex/dash project id. No trailing slash: the
    // routes library (without minimization) anchors the template at both ends.
    pattern: new RegExp(`^(?:/([0-9a-f-]+))?${source}$`),
    minV: route.min ? ApiVersion.parse(route.min) : undefined,
    maxV: route.max ? ApiVersion.parse(route.max) : undefined,
  };
}

/** The first segment of a path or template (`/servers/{id}` -> `servers`). */
function firstSegment(path: string): string {
  const end = path.indexOf("/", 1);
  return end < 0 ? path.slice(1) : path.slice(1, end);
}

const PROJECT_ID = /^[0-9a-f-]+$/;

/** The rows of a table by method and first segment, and the families not loaded yet. */
interface RowIndex {
  /**
   * The rows worth trying for a request, in table order: those of its method whose template
   * starts with the path's first segment (or, when that segment could be a project id, its
   * second), plus rows whose template starts with a variable. The regexes of the others could
   * not match, so a table of hundreds of rows costs what a dozen do.
   */
  rows(method: string, path: string): CompiledRoute[];
  /** Loads the families the path's first (or second) segment reaches, if any are still out. */
  ready(path: string): Promise<void> | undefined;
}

/** How many rows a family may hold: each family's rows take their places in a range this long. */
const FAMILY_ROWS_MAX = 10_000;

/**
 * Index a table: its rows now, each family's rows when a request first reaches one of the
 * family's segments (they take the family's place in table order, so a table that loads its
 * families late answers exactly as one that had them all along).
 */
function indexTable(
  table: readonly RouteEntry[],
  enabled: (route: Route) => boolean,
): RowIndex {
  const buckets = new Map<string, CompiledRoute[]>();
  const add = (rows: CompiledRoute[]) => {
    const touched = new Set<CompiledRoute[]>();
    for (const row of rows) {
      const first = firstSegment(row.path);
      const key = `${row.method} ${first.startsWith("{") ? "*" : first}`;
      const list = buckets.get(key);
      if (list) list.push(row);
      else buckets.set(key, [row]);
      touched.add(buckets.get(key)!);
    }
    for (const list of touched) list.sort((a, b) => a.index - b.index);
  };
  // Per segment, the families still to load (and whose load is under way).
  const waiting = new Map<string, { family: RouteFamily; base: number }[]>();
  const loading = new Map<RouteFamily, Promise<void>>();
  const eager: CompiledRoute[] = [];
  let index = 0;
  for (const entry of table) {
    if (isRouteFamily(entry)) {
      const pending = { family: entry, base: index };
      for (const segment of entry.segments) {
        const list = waiting.get(segment);
        if (list) list.push(pending);
        else waiting.set(segment, [pending]);
      }
      index += FAMILY_ROWS_MAX;
    } else if (enabled(entry)) {
      eager.push(compile(entry, index++));
    } else {
      index++;
    }
  }
  add(eager);

  const load = (family: RouteFamily, base: number): Promise<void> => {
    let done = loading.get(family);
    if (!done) {
      done = family.load().then((rows) => {
        if (rows.length > FAMILY_ROWS_MAX) throw new Error("a route family holds too many rows");
        add(rows.flatMap((row, i) => enabled(row) ? [compile(row, base + i)] : []));
        for (const segment of family.segments) {
          const left = waiting.get(segment)?.filter((p) => p.family !== family) ?? [];
          if (left.length > 0) waiting.set(segment, left);
          else waiting.delete(segment);
        }
      });
      // A failed import is tried again by the next request that needs it.
      done.catch(() => loading.delete(family));
      loading.set(family, done);
    }
    return done;
  };
  const none: CompiledRoute[] = [];
  return {
    ready(path) {
      if (waiting.size === 0) return undefined;
      // Most requests (servers, flavors) reach no family: two lookups, nothing allocated.
      const first = firstSegment(path);
      const direct = waiting.get(first);
      const second = PROJECT_ID.test(first)
        ? waiting.get(firstSegment(path.slice(first.length + 1)))
        : undefined;
      if (direct === undefined && second === undefined) return undefined;
      const families = [...direct ?? [], ...second ?? []];
      return Promise.all(families.map((p) => load(p.family, p.base))).then(() => {});
    },
    rows(method, path) {
      const first = firstSegment(path);
      const direct = buckets.get(`${method} ${first}`) ?? none;
      const wild = buckets.get(`${method} *`) ?? none;
      const next = PROJECT_ID.test(first) ? firstSegment(path.slice(first.length + 1)) : "";
      const second = next && next !== first ? buckets.get(`${method} ${next}`) ?? none : none;
      if (wild.length === 0 && second.length === 0) return direct;
      return [...direct, ...second, ...wild].sort((a, b) => a.index - b.index);
    },
  };
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

/** Options of {@link createRouter}. */
export interface RouterOptions {
  /** Replaces scheme, host and port of links (`[api] compute_link_prefix`). */
  linkPrefix?: string;
}

/** Per query schema, the parameters it kept of each query string seen recently. */
let keptQueries = new WeakMap<object, Map<string, [string, string][]>>();
emptiedWhenIdle(() => keptQueries = new WeakMap());
/** Query strings remembered per schema, and the longest remembered. */
const KEPT_QUERIES_MAX = 64;
const KEPT_QUERY_TEXT_MAX = 2048;

/**
 * The query parameters a schema keeps (Nova's `_strip_additional_query_parameters`). The answer
 * depends only on the schema and the query string, so a string seen again (most requests send
 * the same few, or none) is not validated again; a refused one is, every time.
 */
function keptQuery(req: ApiRequest, route: CompiledRoute, raw: string): URLSearchParams {
  const schema = schemaAt(route.query, req.version);
  if (!schema) return req.query;
  let seen = keptQueries.get(schema);
  const known = seen?.get(raw);
  if (known !== undefined) return new URLSearchParams(known);
  const pairs: [string, string][] = [];
  for (const [name, values] of Object.entries(validateQuery(schema, req.query))) {
    for (const value of values) pairs.push([name, value]);
  }
  if (raw.length <= KEPT_QUERY_TEXT_MAX) {
    if (seen === undefined) keptQueries.set(schema, seen = new Map());
    if (seen.size >= KEPT_QUERIES_MAX) seen.delete(seen.keys().next().value!);
    seen.set(raw, pairs);
  }
  return new URLSearchParams(pairs);
}

/** Nova's order inside the resource: body schema, query schema, policy, then the method. */
async function dispatch(
  route: CompiledRoute,
  req: ApiRequest,
  rawQuery: string,
): Promise<Response> {
  const bodySchema = schemaAt(route.body, req.version);
  if (bodySchema) validateBody(bodySchema, req.body);
  req.query = keptQuery(req, route, rawQuery);
  if (route.policy) {
    req.runtime.authorize(route.policy.rule, req.context, route.policy.target?.(req));
  }
  try {
    return await route.handler(req);
  } catch (e) {
    throw asFault(e);
  }
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
 * Build the handler for a route table; every handler gets `runtime` in its {@link ApiRequest}.
 *
 * @example
 * ```ts
 * const app = createRouter(computeRoutes, runtime, { linkPrefix: "" });
 * ```
 */
export function createRouter(
  routes: readonly RouteEntry[],
  runtime: ComputeRuntime,
  options: RouterOptions = {},
): HttpHandler {
  const enabled = (r: Route) => r.enabled === undefined || r.enabled(runtime.config);
  const index = indexTable(routes, enabled);
  // Read once: with `ignore` (or no row with a response schema) a request pays nothing for them.
  const validation: ResponseValidationMode =
    routes.some((r) => isRouteFamily(r) || (r.response !== undefined && enabled(r)))
      ? runtime.config.get<ResponseValidationMode>("api", "response_validation")
      : "ignore";
  const log = (line: string) => runtime.log(line);
  return async (request) => {
    const env = environ(request);
    const path = decodePath(env.pathInfo === "" ? "/" : env.pathInfo);
    const loading = index.ready(path);
    if (loading) await loading;
    const table = index.rows(request.method, path);

    // Match path and method first, as the routes library with method conditions does (so HEAD
    // matches no GET route). Only a matched request reaches Nova's resource, which negotiates the
    // microversion: an unmatched one is webob's 404 page whatever its version headers say, and
    // carries no version headers.
    let projectInUrl: string | undefined;
    let params: Record<string, string> | undefined;
    const candidates: CompiledRoute[] = [];
    for (const route of table) {
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

    const version = negotiateRequestVersion(request);

    // Nova's order: content type and body, then the action's name (peeked from the body), then
    // the URL's project id, then the row for the microversion.
    const body = await parseJsonBody(request);
    let named = candidates;
    if (candidates[0].action !== undefined) {
      const name = peekAction(body);
      named = candidates.filter((r) => r.action === name);
      if (named.length === 0) throw new NovaFault(400, `There is no such action: ${name}`);
    }
    const context = env.context;
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

    let response = await dispatch(chosen, {
      request,
      params,
      query: new URLSearchParams(env.query),
      version,
      context,
      body: body ?? null,
      links: linkBases(request, context.projectId, options.linkPrefix),
      runtime,
    }, env.query);
    if (validation !== "ignore" && chosen.response !== undefined) {
      const legacyV2 = env.notes.legacyV2 === true;
      response = await checkResponse(response, validation, {
        route: chosen,
        version,
        legacyV2,
        log,
      });
    }
    return stampVersionHeaders(response, version);
  };
}
