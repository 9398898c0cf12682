/**
 * The bodies of `/os-hosts` (Nova's `HostController`): the list rows, one per service that is
 * not disabled, and a host's resource rows: `(total)` (the node's capacity), `(used_now)` (what
 * the node reports in use), `(used_max)` (the sums of the flavors of the servers on it) and one
 * row per project with servers there, in the order their first server was created.
 *
 * @module
 */
import type { Instance } from "../../instances/types.ts";
import type { ComputeNode } from "../../virt/hypervisors.ts";
import type { Service } from "../../virt/service_list.ts";

/** One row of `GET /os-hosts`: the host, its service's topic and its zone. */
export interface HostRow {
  host_name: string;
  service: string;
  zone: string;
}

/** A service's topic, as Nova's services table stores it (`nova-compute` -> `compute`). */
export function serviceTopic(binary: string): string {
  return binary.startsWith("nova-") ? binary.slice("nova-".length) : binary;
}

/** The list row of a service. */
export function hostRow(service: Service): HostRow {
  return { host_name: service.host, service: serviceTopic(service.binary), zone: service.zone };
}

/** One resource row of `GET /os-hosts/{host_name}`. */
export interface HostResource {
  host: string;
  project: string;
  cpu: number;
  memory_mb: number;
  disk_gb: number;
}

/**
 * The resource rows of `host`: its node's capacity and usage, then the flavors of `instances`
 * (the servers on it, oldest first) summed, in total and per project.
 *
 * @example
 * ```ts
 * hostResources("compute-1", node, []).map((r) => r.resource.project);
 * // ["(total)", "(used_now)", "(used_max)"]
 * ```
 */
export function hostResources(
  host: string,
  node: ComputeNode,
  instances: readonly Instance[],
): { resource: HostResource }[] {
  const row = (project: string): HostResource => ({
    host,
    project,
    cpu: 0,
    memory_mb: 0,
    disk_gb: 0,
  });
  const max = row("(used_max)");
  const byProject = new Map<string, HostResource>();
  for (const instance of instances) {
    const f = instance.flavor;
    let mine = byProject.get(instance.project_id);
    if (!mine) byProject.set(instance.project_id, mine = row(instance.project_id));
    for (const r of [max, mine]) {
      r.cpu += f.vcpus;
      r.memory_mb += f.memory_mb;
      r.disk_gb += f.root_gb + f.ephemeral_gb;
    }
  }
  const rows: HostResource[] = [
    {
      host,
      project: "(total)",
      cpu: node.vcpus,
      memory_mb: node.memory_mb,
      disk_gb: node.local_gb,
    },
    {
      host,
      project: "(used_now)",
      cpu: node.vcpus_used,
      memory_mb: node.memory_mb_used,
      disk_gb: node.local_gb_used,
    },
    max,
    ...byProject.values(),
  ];
  return rows.map((resource) => ({ resource }));
}
