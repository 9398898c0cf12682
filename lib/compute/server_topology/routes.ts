/**
 * `GET /servers/{server_id}/topology` (2.78; Nova's `ServerTopologyController`): the server's
 * NUMA nodes (vCPUs, siblings, memory) and page size, from its flavor (`lib/instances/topology.ts`);
 * `{"nodes": [], "pagesize_kb": null}` for a server without NUMA topology. The host's node and
 * the CPU pinning are shown only to those `compute:server:topology:host:index` allows (admins).
 *
 * @module
 */
import { json } from "../../http/respond.ts";
import { type NumaTopology, numaTopology } from "../../instances/mod.ts";
import type { ApiRequest, Route } from "../route.ts";
import { findServer } from "../servers/handlers.ts";
import { NO_PARAMS_QUERY } from "../servers/schemas.ts";
import { TOPOLOGY_RESPONSE } from "./response_schemas.ts";

const POLICY = (name: string) => `compute:server:topology:${name}`;

/** The topology body; `hostInfo` adds each node's `host_node` and `cpu_pinning`. */
export function topologyView(
  topology: NumaTopology | null,
  hostInfo: boolean,
): Record<string, unknown> {
  if (topology === null) return { nodes: [], pagesize_kb: null };
  const nodes = topology.cells.map((cell) => {
    const node: Record<string, unknown> = {
      vcpu_set: cell.vcpus,
      siblings: [],
      memory_mb: cell.memoryMb,
    };
    if (hostInfo) {
      node.host_node = cell.hostNode;
      node.cpu_pinning = cell.pinning ?? {};
    }
    return node;
  });
  return { nodes, pagesize_kb: topology.pagesizeKb };
}

/** `GET /servers/{server_id}/topology`. */
async function index(req: ApiRequest): Promise<Response> {
  const instance = await findServer(req, req.params.server_id);
  const target = { project_id: instance.project_id };
  req.runtime.authorize(POLICY("index"), req.context, target);
  const hostInfo = req.runtime.allowed(POLICY("host:index"), req.context, target);
  return json(topologyView(numaTopology(instance.flavor), hostInfo));
}

/** The server topology row (2.78 and later). */
export const SERVER_TOPOLOGY_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/servers/{server_id}/topology",
    min: "2.78",
    query: NO_PARAMS_QUERY,
    response: TOPOLOGY_RESPONSE,
    handler: index,
  },
];
