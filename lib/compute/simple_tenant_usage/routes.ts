/**
 * `/os-simple-tenant-usage` (Nova's `SimpleTenantUsageController`): usage over a period for every
 * project (`list`, admin) or one (`show`, its readers or an admin), from the servers active in it,
 * deleted ones included (`lib/instances/usage.ts`). The period is `start` to `end` (each
 * `%Y-%m-%dT%H:%M:%S`, with `.%f`, or `%Y-%m-%d %H:%M:%S.%f`; now when absent; the end capped at
 * now). Up to 2.39 a report covers at most `[api] max_limit` servers; from 2.40 it pages by server
 * (`limit`, `marker` = a server uuid) and links the next page.
 *
 * @module
 */
import { NovaFault } from "../../http/fault.ts";
import { json } from "../../http/respond.ts";
import { instancesActiveInWindow, tenantUsages } from "../../instances/usage.ts";
import { pyStrptime } from "../../validation/strptime.ts";
import { collectionLinks, limitAndMarker } from "../collection.ts";
import type { ApiRequest, Route } from "../route.ts";
import { INDEX_QUERY, SHOW_QUERY } from "./schemas.ts";
import { tenantUsageView } from "./views.ts";
import { LIST_USAGE_RESPONSE, SHOW_USAGE_RESPONSE } from "./response_schemas.ts";

const POLICY = (name: string) => `os_compute_api:os-simple-tenant-usage:${name}`;

const FORMATS = ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%d %H:%M:%S.%f"];

/** The first non-blank value of a parameter (Nova reads the query with `parse_qs`). */
function firstValue(query: URLSearchParams, name: string): string | null {
  return query.getAll(name).find((v) => v !== "") ?? null;
}

/** A period bound: the time given in one of the accepted formats, or `now` when none is. */
function parseTime(text: string | null, now: number): number {
  if (text === null) return now;
  for (const format of FORMATS) {
    const at = pyStrptime(text, format);
    if (at !== null) return at;
  }
  throw new NovaFault(400, "Invalid datetime string: Datetime is in invalid format");
}

/** What a report covers. */
interface Period {
  start: number;
  stop: number;
  detailed: boolean;
  /** The time the report is made at (microseconds), for uptimes. */
  now: number;
}

/**
 * The period of the request (Nova's `_parse_qs_params`, then the end capped at now). Nova reads
 * the clock once for each missing bound and again for the cap; successive readings differ, so
 * here they are a microsecond apart.
 */
function periodOf(req: ApiRequest): Period {
  const clock = req.runtime.instances.clock().getTime() * 1000;
  const start = parseTime(firstValue(req.query, "start"), clock);
  let stop = parseTime(firstValue(req.query, "end"), clock + 1);
  if (!(start < stop)) {
    throw new NovaFault(
      400,
      "Invalid start time. The start time cannot occur after the end time.",
    );
  }
  const now = clock + 2;
  if (stop > now) stop = now;
  return { start, stop, detailed: firstValue(req.query, "detailed") === "1", now };
}

/** The usage of one page of servers, and the page's `next` link when it is full (2.40). */
async function report(req: ApiRequest, projectId: string | undefined) {
  const { runtime, version } = req;
  const period = periodOf(req);
  const maxLimit = runtime.config.get<number>("api", "max_limit");
  const paged = version.atLeast("2.40");
  const page = paged ? limitAndMarker(req.query, maxLimit) : { limit: maxLimit };
  const servers = await instancesActiveInWindow(runtime.kv, runtime.instances, {
    start: period.start,
    stop: period.stop,
    projectId,
    ...page,
  });
  const usage = tenantUsages(servers, period.start, period.stop, period.now);
  const collection = projectId === undefined
    ? "os-simple-tenant-usage"
    : `os-simple-tenant-usage/${projectId}`;
  const links = paged
    ? collectionLinks({
      count: usage.servers.length,
      lastMarker: usage.servers.at(-1)?.instance_id,
      collectionUrl: `${req.links.self}/${collection}`,
      query: req.query,
      maxLimit,
    })
    : undefined;
  return { period, usage, links };
}

/** `GET /os-simple-tenant-usage`. */
async function index(req: ApiRequest): Promise<Response> {
  const { period, usage, links } = await report(req, undefined);
  const body: Record<string, unknown> = {
    tenant_usages: usage.tenants.map((t) => tenantUsageView(t, period.detailed)),
  };
  if (links) body.tenant_usages_links = links;
  return json(body);
}

/** `GET /os-simple-tenant-usage/{tenant_id}`. */
async function show(req: ApiRequest): Promise<Response> {
  const { usage, links } = await report(req, req.params.tenant_id);
  const first = usage.tenants[0];
  const body: Record<string, unknown> = {
    tenant_usage: first ? tenantUsageView(first, true) : {},
  };
  if (links) body.tenant_usage_links = links;
  return json(body);
}

/** The `os-simple-tenant-usage` route rows. */
export const SIMPLE_TENANT_USAGE_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/os-simple-tenant-usage",
    query: INDEX_QUERY,
    policy: { rule: POLICY("list") },
    response: LIST_USAGE_RESPONSE,
    handler: index,
  },
  {
    method: "GET",
    path: "/os-simple-tenant-usage/{tenant_id}",
    query: SHOW_QUERY,
    policy: {
      rule: POLICY("show"),
      target: (req) => ({ project_id: req.params.tenant_id }),
    },
    response: SHOW_USAGE_RESPONSE,
    handler: show,
  },
];
