/**
 * `/os-hypervisors` (Nova's `HypervisorsController`) on the simulated compute nodes
 * (`lib/virt/hypervisors.ts`): list and detail (2.33 pages with `limit` and `marker`, 2.53 adds
 * `hypervisor_hostname_pattern` and `with_servers`), show (2.53 `with_servers`), and, up to their
 * ceilings, statistics and uptime (2.87) and the search and servers routes (2.52); past a ceiling
 * the capped rows (`../capped/routes.ts`) answer 404. Integer ids below 2.53, uuids from it.
 * Admin only by default. A host whose compute service was deleted has no hypervisor.
 *
 * @module
 */
import { NovaFault } from "../../http/fault.ts";
import { json } from "../../http/respond.ts";
import { getInstances, hostInstanceUuids } from "../../store/instances.ts";
import { isUuidLike } from "../../validation/formats/uuid.ts";
import { pyIntFromString } from "../../validation/pynumber.ts";
import {
  BOOTED_AT,
  type ComputeNode,
  hostUptime,
  listComputeNodes,
  nodeStatistics,
} from "../../virt/hypervisors.ts";
import { collectionLinks, lastParam, limitAndMarker } from "../collection.ts";
import { boolFromWord } from "../flavors/bool_words.ts";
import type { ApiRequest, Route } from "../route.ts";
import { instanceName } from "../servers/views.ts";
import { LIST_QUERY, SHOW_QUERY } from "./schemas.ts";
import { type HostedServer, hypervisorView } from "./views.ts";
import {
  DETAIL_HYPERVISORS_RESPONSE,
  LIST_HYPERVISORS_RESPONSE,
  SEARCH_RESPONSE,
  SERVERS_RESPONSE,
  SHOW_HYPERVISOR_RESPONSE,
  STATISTICS_RESPONSE,
  UPTIME_RESPONSE,
} from "./response_schemas.ts";

const P = (name: string) => `os_compute_api:os-hypervisors:${name}`;
const ADMIN_TARGET = { target: () => ({}) };

function nodes(req: ApiRequest): Promise<ComputeNode[]> {
  return listComputeNodes(req.runtime.kv, req.runtime.instances.hosts, req.runtime.config);
}

/** The servers on `host` (Nova's `instance_get_all_by_host`), by instance name. */
async function hostedServers(req: ApiRequest, host: string): Promise<HostedServer[]> {
  const kv = req.runtime.kv;
  const found = await getInstances(kv, await hostInstanceUuids(kv, host));
  return found.filter((i) => i !== null && i.host === host)
    .sort((a, b) => a!.created_at < b!.created_at ? -1 : a!.created_at > b!.created_at ? 1 : 0)
    .map((i) => ({ name: instanceName(i!), uuid: i!.uuid }));
}

/** The uptime of a node's host, or null when its service is down (Nova cannot ask it). */
function uptimeOf(req: ApiRequest, node: ComputeNode): string | null {
  return node.service.up ? hostUptime(BOOTED_AT, req.runtime.instances.clock()) : null;
}

/** Nova's `hypervisor_hostname LIKE %pattern%`: `_` any character, case-insensitive. */
function matching(all: readonly ComputeNode[], pattern: string): ComputeNode[] {
  const body = [...pattern].map((c) =>
    c === "_" ? "." : c === "%" ? ".*" : c.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&")
  ).join("");
  const re = new RegExp(body, "i");
  const found = all.filter((n) => re.test(n.hypervisor_hostname));
  if (!found.length) {
    throw new NovaFault(404, `No hypervisor matching '${pattern}' could be found.`);
  }
  return found;
}

function withServersParam(req: ApiRequest): boolean {
  if (!req.version.atLeast("2.53")) return false;
  const value = lastParam(req.query, "with_servers");
  return value === null ? false : boolFromWord(value) ?? false;
}

async function listing(req: ApiRequest, detail: boolean): Promise<Response> {
  const paged = req.version.atLeast("2.33");
  const maxLimit = req.runtime.config.get<number>("api", "max_limit");
  const pattern = req.version.atLeast("2.53")
    ? lastParam(req.query, "hypervisor_hostname_pattern")
    : null;
  const withServers = withServersParam(req);
  let links = paged;
  let shown: ComputeNode[];
  const all = await nodes(req);
  if (pattern !== null) {
    if (req.query.has("limit") || lastParam(req.query, "marker")) {
      throw new NovaFault(
        400,
        "Paging over hypervisors with the hypervisor_hostname_pattern query parameter is not " +
          "supported.",
      );
    }
    links = false;
    shown = matching(all, pattern);
  } else if (paged) {
    const { limit, marker } = limitAndMarker(req.query, maxLimit);
    let start = 0;
    if (marker !== undefined) {
      const uuids = req.version.atLeast("2.53");
      const at = all.findIndex((n) =>
        uuids ? n.uuid === marker : BigInt(n.id) === pyIntFromString(marker)
      );
      if (at < 0) throw new NovaFault(400, `marker [${marker}] not found`);
      start = at + 1;
    }
    shown = all.slice(start, start + limit);
  } else {
    shown = all;
  }
  const views = [];
  for (const node of shown) {
    views.push(hypervisorView(node, req.version, {
      detail,
      servers: withServers ? await hostedServers(req, node.host) : undefined,
      withServers,
      uptime: detail && req.version.atLeast("2.88") ? uptimeOf(req, node) : undefined,
    }));
  }
  const body: Record<string, unknown> = { hypervisors: views };
  if (links) {
    const last = views.at(-1);
    const next = collectionLinks({
      count: views.length,
      lastMarker: last === undefined ? undefined : String(last.id),
      collectionUrl: `${req.links.self}/os-hypervisors${detail ? "/detail" : ""}`,
      query: req.query,
      maxLimit,
    });
    if (next) body.hypervisors_links = next;
  }
  return json(body);
}

/** The node named by a path id, or Nova's 400 (2.53, not a uuid) or 404. */
async function nodeById(req: ApiRequest): Promise<ComputeNode> {
  const id = req.params.id;
  const missing = () => new NovaFault(404, `Hypervisor with ID '${id}' could not be found.`);
  const all = await nodes(req);
  if (req.version.atLeast("2.53")) {
    if (!isUuidLike(id)) throw new NovaFault(400, `Invalid uuid ${id}`);
    return all.find((n) => n.uuid === id.toLowerCase()) ?? (() => {
      throw missing();
    })();
  }
  const n = pyIntFromString(id);
  const found = n === null ? undefined : all.find((node) => BigInt(node.id) === n);
  if (!found) throw missing();
  return found;
}

async function show(req: ApiRequest): Promise<Response> {
  const withServers = withServersParam(req);
  const node = await nodeById(req);
  return json({
    hypervisor: hypervisorView(node, req.version, {
      detail: true,
      servers: withServers ? await hostedServers(req, node.host) : undefined,
      withServers,
      uptime: req.version.atLeast("2.88") ? uptimeOf(req, node) : undefined,
    }),
  });
}

async function uptime(req: ApiRequest): Promise<Response> {
  const node = await nodeById(req);
  const up = uptimeOf(req, node);
  if (up === null) {
    throw new NovaFault(400, `Compute service of ${node.host} is unavailable at this time.`);
  }
  return json({
    hypervisor: { ...hypervisorView(node, req.version, { detail: false }), uptime: up },
  });
}

async function search(req: ApiRequest, withServers: boolean): Promise<Response> {
  const found = matching(await nodes(req), req.params.id);
  const views = [];
  for (const node of found) {
    views.push(hypervisorView(node, req.version, {
      detail: false,
      servers: withServers ? await hostedServers(req, node.host) : undefined,
    }));
  }
  return json({ hypervisors: views });
}

/** The `/os-hypervisors` rows (literal paths before `{id}`). */
export const HYPERVISOR_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/os-hypervisors",
    response: LIST_HYPERVISORS_RESPONSE,
    query: LIST_QUERY,
    policy: { rule: P("list"), ...ADMIN_TARGET },
    handler: (req) => listing(req, false),
  },
  {
    method: "GET",
    path: "/os-hypervisors/detail",
    response: DETAIL_HYPERVISORS_RESPONSE,
    query: LIST_QUERY,
    policy: { rule: P("list-detail"), ...ADMIN_TARGET },
    handler: (req) => listing(req, true),
  },
  {
    method: "GET",
    path: "/os-hypervisors/statistics",
    response: STATISTICS_RESPONSE,
    max: "2.87",
    policy: { rule: P("statistics"), ...ADMIN_TARGET },
    handler: async (req) => json({ hypervisor_statistics: nodeStatistics(await nodes(req)) }),
  },
  {
    method: "GET",
    path: "/os-hypervisors/{id}",
    response: SHOW_HYPERVISOR_RESPONSE,
    query: SHOW_QUERY,
    policy: { rule: P("show"), ...ADMIN_TARGET },
    handler: show,
  },
  {
    method: "GET",
    path: "/os-hypervisors/{id}/uptime",
    response: UPTIME_RESPONSE,
    max: "2.87",
    policy: { rule: P("uptime"), ...ADMIN_TARGET },
    handler: uptime,
  },
  {
    method: "GET",
    path: "/os-hypervisors/{id}/search",
    response: SEARCH_RESPONSE,
    max: "2.52",
    policy: { rule: P("search"), ...ADMIN_TARGET },
    handler: (req) => search(req, false),
  },
  {
    method: "GET",
    path: "/os-hypervisors/{id}/servers",
    response: SERVERS_RESPONSE,
    max: "2.52",
    policy: { rule: P("servers"), ...ADMIN_TARGET },
    handler: (req) => search(req, true),
  },
];
