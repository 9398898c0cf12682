/**
 * `/os-hosts` (Nova's deprecated `HostController`, up to 2.42; past it the capped rows answer
 * 404) on the simulated deployment, admin only by default:
 *
 * - list: the services that are not disabled (`host_name`, `service` topic, `zone`), `zone`
 *   filtering them;
 * - show: a compute host's resource rows (`./views.ts`) from its node and the servers on it;
 * - update: `status` answers `enabled` / `disabled` as Nova's compute manager does. Its only
 *   effect in Nova is the `COMPUTE_STATUS_DISABLED` trait on the node's placement provider, which
 *   the resource tracker resets from the service's own `disabled` flag on its next periodic run:
 *   the service record (os-services, the scheduler) is not changed, so nothing is changed here.
 *   `maintenance_mode` is left to the virt driver, and libvirt's does not implement it: 501;
 * - reboot, shutdown, startup: libvirt's driver does not implement `host_power_action`: 501.
 *
 * A host with no compute service (unknown, a controller, or its service deleted) has no host
 * mapping: 404 "Host '...' is not mapped to any cell", checked before anything else is done.
 *
 * @module
 */
import { NovaFault } from "../../http/fault.ts";
import { json } from "../../http/respond.ts";
import type { Instance } from "../../instances/types.ts";
import { getInstances, hostInstanceUuids } from "../../store/instances.ts";
import { type ComputeNode, listComputeNodes } from "../../virt/hypervisors.ts";
import { listServices } from "../../virt/service_list.ts";
import { lastParam } from "../collection.ts";
import type { ApiRequest, Route } from "../route.ts";
import { INDEX_QUERY, UPDATE_BODY } from "./schemas.ts";
import { hostResources, hostRow } from "./views.ts";
import {
  LIST_HOSTS_RESPONSE,
  POWER_ACTION_RESPONSE,
  SHOW_HOST_RESPONSE,
  UPDATE_HOST_RESPONSE,
} from "./response_schemas.ts";

/** The last microversion that serves os-hosts. */
export const HOSTS_CEILING = "2.42";

const P = (name: string) => `os_compute_api:os-hosts:${name}`;
const ADMIN_TARGET = { target: () => ({}) };

/** Nova's `raise_feature_not_supported()`. */
const NOT_SUPPORTED = "The requested functionality is not supported.";

/** The compute node of the host named in the path, or Nova's `HostMappingNotFound` 404. */
async function mappedNode(req: ApiRequest): Promise<ComputeNode> {
  const host = req.params.id;
  const nodes = await listComputeNodes(
    req.runtime.kv,
    req.runtime.instances.hosts,
    req.runtime.config,
  );
  const node = nodes.find((n) => n.host === host);
  if (!node) throw new NovaFault(404, `Host '${host}' is not mapped to any cell`);
  return node;
}

/** The servers on `host` (Nova's `instance_get_all_by_host`), oldest first. */
async function hostedInstances(req: ApiRequest, host: string): Promise<Instance[]> {
  const kv = req.runtime.kv;
  const found = await getInstances(kv, await hostInstanceUuids(kv, host));
  return found.filter((i): i is Instance => i !== null && i.host === host)
    .sort((a, b) =>
      a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.uuid < b.uuid ? -1 : 1
    );
}

async function index(req: ApiRequest): Promise<Response> {
  const zone = lastParam(req.query, "zone");
  const services = await listServices(
    req.runtime.kv,
    req.runtime.instances.hosts,
    req.runtime.config,
  );
  const hosts = services.filter((s) => !s.disabled)
    .filter((s) => !zone || s.zone === zone)
    .map(hostRow);
  return json({ hosts });
}

async function show(req: ApiRequest): Promise<Response> {
  const node = await mappedNode(req);
  const instances = await hostedInstances(req, node.host);
  return json({ host: hostResources(req.params.id, node, instances) });
}

async function update(req: ApiRequest): Promise<Response> {
  const body = req.body as { status?: string; maintenance_mode?: string };
  await mappedNode(req);
  const result: Record<string, string> = { host: req.params.id };
  if (body.status !== undefined) {
    result.status = body.status.trim().toLowerCase() === "enable" ? "enabled" : "disabled";
  }
  if (body.maintenance_mode !== undefined) throw new NovaFault(501, NOT_SUPPORTED);
  return json(result);
}

async function powerAction(req: ApiRequest): Promise<Response> {
  await mappedNode(req);
  throw new NovaFault(501, NOT_SUPPORTED);
}

/** The `/os-hosts` rows (2.1-2.42). */
export const HOST_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/os-hosts",
    response: LIST_HOSTS_RESPONSE,
    max: HOSTS_CEILING,
    query: INDEX_QUERY,
    policy: { rule: P("list"), ...ADMIN_TARGET },
    handler: index,
  },
  {
    method: "GET",
    path: "/os-hosts/{id}",
    response: SHOW_HOST_RESPONSE,
    max: HOSTS_CEILING,
    policy: { rule: P("show"), ...ADMIN_TARGET },
    handler: show,
  },
  {
    method: "PUT",
    path: "/os-hosts/{id}",
    response: UPDATE_HOST_RESPONSE,
    max: HOSTS_CEILING,
    body: UPDATE_BODY,
    policy: { rule: P("update"), ...ADMIN_TARGET },
    handler: update,
  },
  {
    method: "GET",
    path: "/os-hosts/{id}/reboot",
    response: POWER_ACTION_RESPONSE,
    max: HOSTS_CEILING,
    policy: { rule: P("reboot"), ...ADMIN_TARGET },
    handler: powerAction,
  },
  {
    method: "GET",
    path: "/os-hosts/{id}/shutdown",
    response: POWER_ACTION_RESPONSE,
    max: HOSTS_CEILING,
    policy: { rule: P("shutdown"), ...ADMIN_TARGET },
    handler: powerAction,
  },
  {
    method: "GET",
    path: "/os-hosts/{id}/startup",
    response: POWER_ACTION_RESPONSE,
    max: HOSTS_CEILING,
    policy: { rule: P("start"), ...ADMIN_TARGET },
    handler: powerAction,
  },
];
