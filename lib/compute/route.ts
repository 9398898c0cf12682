/**
 * The shape of the compute API's route table: one {@link Route} row per (method, path, action,
 * microversion range), with the policy rule and the body and query schemas per microversion range
 * as data, and a handler that receives a typed {@link ApiRequest}. The router
 * (`router.ts`) interprets the table; resources declare their rows in `<resource>/routes.ts`.
 *
 * @module
 */
import type { ApiVersion } from "./api_version.ts";
import type { ComputeRuntime } from "./runtime.ts";
import type { RequestContext } from "../context/context.ts";
import type { SchemaObject } from "../validation/types.ts";

/** Where links point: Nova's `href` (versioned) and `bookmark` (unversioned) bases. */
export interface LinkBases {
  /** e.g. `http://host:8774/v2.1` (plus `/<project_id>` when the URL contains it). */
  self: string;
  /** e.g. `http://host:8774` (plus `/<project_id>` when the URL contains it). */
  bookmark: string;
}

/** What a handler receives for one request, everything typed and already checked. */
export interface ApiRequest {
  /** The original request. */
  request: Request;
  /** Path parameters from the template (`{id}` -> `params.id`). */
  params: Record<string, string>;
  /**
   * The query string; when the row has a query schema, only the parameters it kept (Nova strips
   * undescribed ones before the controller sees them).
   */
  query: URLSearchParams;
  /** The negotiated microversion. */
  version: ApiVersion;
  /** The caller, from the auth filters. */
  context: RequestContext;
  /** The parsed JSON body (`null` when the request had none), valid against the row's schema. */
  body: unknown;
  /** Link bases for views. */
  links: LinkBases;
  /** The process-wide services: configuration, store, policy. */
  runtime: ComputeRuntime;
}

/** A route's handler. */
export type Handler = (req: ApiRequest) => Promise<Response> | Response;

/**
 * A schema that changes with the microversion: `[min, schema]` pairs, highest `min` first; the
 * first pair whose `min` the request reaches applies. A plain schema applies at every version.
 */
export type VersionedSchema = SchemaObject | readonly (readonly [string, SchemaObject])[];

/** The policy a row checks after its schemas and before its handler (Nova's `context.can`). */
export interface RoutePolicy {
  /** The rule name, e.g. `os_compute_api:os-keypairs:index`. */
  rule: string;
  /** The target; the caller's own project and user when absent. */
  target?: (req: ApiRequest) => Record<string, unknown>;
}

/** One row of the route table. */
export interface Route {
  method: "GET" | "HEAD" | "POST" | "PUT" | "DELETE" | "PATCH";
  /** A template such as `/flavors/{flavor_id}/os-extra_specs/{id}`. */
  path: string;
  /** For `POST .../action` routes: the body key that selects this row. */
  action?: string;
  /** Lowest microversion served by this row (inclusive). */
  min?: string;
  /** Highest microversion served by this row (inclusive). */
  max?: string;
  /** The body schema (Nova's `@validation.schema`), checked first. */
  body?: VersionedSchema;
  /** The query schema (Nova's `@validation.query_schema`), checked next. */
  query?: VersionedSchema;
  /**
   * The response body schema (Nova's `@validation.response_body_schema`), checked after the
   * handler returns unless `[api] response_validation = ignore` (see `response_validation.ts`).
   */
  response?: VersionedSchema;
  /** The policy, checked last; rows whose target needs a lookup check it in the handler. */
  policy?: RoutePolicy;
  /**
   * Whether the configuration serves this row at all (decided once, when the router is built); a
   * row it turns off does not exist: its path is an unknown route (404).
   */
  enabled?: (config: ComputeRuntime["config"]) => boolean;
  handler: Handler;
}

/**
 * A resource's rows kept out of the process until a request first reaches them: the table names
 * the first path segments the family's rows start with (`os-hosts`), and the router imports the
 * rows when a request's path starts with one of them. For families few deployments call (the
 * operator APIs, the proxies): their modules cost memory only in a process that serves them.
 * Each segment must belong to this family alone (no other row starts with it).
 */
export interface RouteFamily {
  /** The first path segments of every row of the family. */
  segments: readonly string[];
  /** The family's rows, in order. */
  load: () => Promise<readonly Route[]>;
}

/** One entry of a route table: a row, or a family of rows loaded on first use. */
export type RouteEntry = Route | RouteFamily;

/** Whether a table entry is a {@link RouteFamily}. */
export function isRouteFamily(entry: RouteEntry): entry is RouteFamily {
  return "load" in entry;
}

/**
 * Every row of a table, each family's loaded, in table order (for tools and tests that walk the
 * whole table; the router loads families only when it needs them).
 */
export async function allRoutes(table: readonly RouteEntry[]): Promise<Route[]> {
  const rows: Route[] = [];
  for (const entry of table) {
    if (isRouteFamily(entry)) rows.push(...await entry.load());
    else rows.push(entry);
  }
  return rows;
}

/**
 * The schema of a {@link VersionedSchema} at a microversion, or undefined when none applies.
 *
 * @example
 * ```ts
 * schemaAt([["2.10", v210], ["2.1", v21]], ApiVersion.parse("2.15")); // v210
 * ```
 */
export function schemaAt(
  schema: VersionedSchema | undefined,
  version: ApiVersion,
): SchemaObject | undefined {
  if (schema === undefined || !Array.isArray(schema)) return schema as SchemaObject | undefined;
  for (const [min, s] of schema as readonly (readonly [string, SchemaObject])[]) {
    if (version.atLeast(min)) return s;
  }
  return undefined;
}
