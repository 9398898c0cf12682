/**
 * The `host_status` a server view shows from 2.16 (Nova's `get_instance_host_status`), read from
 * the compute service records before the view is built.
 *
 * @module
 */
import type { ApiRequest } from "../route.ts";
import type { ServerViewOptions } from "../servers/views.ts";
import { hostStatuses } from "../../virt/service_list.ts";

/**
 * `options` with `hostStatusOf` answering from the stored service states, when the request's
 * version and policy show `host_status` at all (otherwise nothing is read).
 */
export async function withHostStatus(
  req: ApiRequest,
  options: ServerViewOptions,
): Promise<ServerViewOptions> {
  if (!req.version.atLeast("2.16") || options.hostStatus === "none") return options;
  const statuses = await hostStatuses(
    req.runtime.kv,
    req.runtime.instances.hosts,
    req.runtime.config,
  );
  return { ...options, hostStatusOf: (host) => statuses.get(host) ?? "" };
}
