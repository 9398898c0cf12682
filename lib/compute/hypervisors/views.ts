/**
 * The JSON of a hypervisor (Nova's `_view_hypervisor`): the summary (id, hostname, state,
 * status), the detail adding the driver's identity, the service and, up to 2.87, the resource
 * counters and `cpu_info` (a JSON string below 2.28, an object from it); from 2.88 the detail
 * shows `uptime` instead. Integer ids below 2.53, uuids from it. Servers are listed when the host
 * has any, and as an empty list from 2.75 when they were asked for.
 *
 * @module
 */
import type { ApiVersion } from "../api_version.ts";
import { pyJsonDumps } from "../../http/pyjson.ts";
import type { ComputeNode } from "../../virt/hypervisors.ts";

/** A server as the hypervisor views list it. */
export interface HostedServer {
  name: string;
  uuid: string;
}

/** What a view shows beyond the node. */
export interface HypervisorViewOptions {
  detail: boolean;
  /** The servers on the host, when they were looked up. */
  servers?: readonly HostedServer[];
  /** Whether the request asked for servers (2.53's `with_servers`). */
  withServers?: boolean;
  /** 2.88's detail: the host's uptime, null when its service is down. */
  uptime?: string | null;
}

/** One hypervisor's JSON at `version`. */
export function hypervisorView(
  node: ComputeNode,
  version: ApiVersion,
  options: HypervisorViewOptions,
): Record<string, unknown> {
  const uuids = version.atLeast("2.53");
  const view: Record<string, unknown> = {
    id: uuids ? node.uuid : node.id,
    hypervisor_hostname: node.hypervisor_hostname,
    state: node.service.up ? "up" : "down",
    status: node.service.disabled ? "disabled" : "enabled",
  };
  if (options.detail) {
    view.hypervisor_type = node.hypervisor_type;
    view.hypervisor_version = node.hypervisor_version;
    view.host_ip = node.host_ip;
    view.service = {
      id: uuids ? node.service.uuid : node.service.id,
      host: node.host,
      disabled_reason: node.service.disabled_reason,
    };
    if (!version.atLeast("2.88")) {
      view.vcpus = node.vcpus;
      view.memory_mb = node.memory_mb;
      view.local_gb = node.local_gb;
      view.vcpus_used = node.vcpus_used;
      view.memory_mb_used = node.memory_mb_used;
      view.local_gb_used = node.local_gb_used;
      view.free_ram_mb = node.free_ram_mb;
      view.free_disk_gb = node.free_disk_gb;
      view.current_workload = node.current_workload;
      view.running_vms = node.running_vms;
      view.disk_available_least = node.disk_available_least;
      view.cpu_info = version.atLeast("2.28")
        ? structuredClone(node.cpu_info)
        : pyJsonDumps(node.cpu_info);
    } else {
      view.uptime = options.uptime ?? null;
    }
  }
  if (options.servers?.length) {
    view.servers = options.servers.map((s) => ({ name: s.name, uuid: s.uuid }));
  } else if (options.withServers && version.atLeast("2.75")) {
    view.servers = [];
  }
  return view;
}
