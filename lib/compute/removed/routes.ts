/**
 * The removed APIs: routes Nova master still declares but whose controllers only answer 410 Gone
 * (nova-network, cells v1, XenAPI agents, cloudpipe, certificates, XVP consoles, ...). Each row is
 * data: method, path and, for `POST .../action`, the action's body key. Nova's removed methods have
 * no microversion bounds, so they are gone at every version; their body schemas are empty, so any
 * JSON body gets as far as the 410.
 *
 * @module
 */
import type { Route } from "../route.ts";
import { NovaFault } from "../../http/fault.ts";

/**
 * The message of webob's `HTTPGone` as Nova renders it (`computeFault`, 410): webob collapses
 * the runs of spaces in its explanations.
 */
export const GONE_MESSAGE = "This resource is no longer available. No forwarding address is given.";

/** One removed route: `[method, path]` or `[method, path, action]`. */
export type RemovedRow =
  | readonly [Route["method"], string]
  | readonly [Route["method"], string, string];

/** Every removed (method, path[, action]) of Nova master's route table, by family. */
export const REMOVED: readonly RemovedRow[] = [
  // os-agents (XenAPI guest agents)
  ["GET", "/os-agents"],
  ["POST", "/os-agents"],
  ["PUT", "/os-agents/{id}"],
  ["DELETE", "/os-agents/{id}"],
  // os-cells (cells v1); literal paths before /os-cells/{id}
  ["GET", "/os-cells"],
  ["POST", "/os-cells"],
  ["GET", "/os-cells/capacities"],
  ["GET", "/os-cells/detail"],
  ["GET", "/os-cells/info"],
  ["POST", "/os-cells/sync_instances"],
  ["GET", "/os-cells/{id}"],
  ["PUT", "/os-cells/{id}"],
  ["DELETE", "/os-cells/{id}"],
  ["GET", "/os-cells/{id}/capacities"],
  // os-certificates
  ["POST", "/os-certificates"],
  ["GET", "/os-certificates/{id}"],
  // os-cloudpipe
  ["GET", "/os-cloudpipe"],
  ["POST", "/os-cloudpipe"],
  ["PUT", "/os-cloudpipe/{id}"],
  // os-fixed-ips
  ["GET", "/os-fixed-ips/{id}"],
  ["POST", "/os-fixed-ips/{id}/action", "reserve"],
  ["POST", "/os-fixed-ips/{id}/action", "unreserve"],
  // os-floating-ip-dns (domains and entries)
  ["GET", "/os-floating-ip-dns"],
  ["PUT", "/os-floating-ip-dns/{id}"],
  ["DELETE", "/os-floating-ip-dns/{id}"],
  ["GET", "/os-floating-ip-dns/{domain_id}/entries/{id}"],
  ["PUT", "/os-floating-ip-dns/{domain_id}/entries/{id}"],
  ["DELETE", "/os-floating-ip-dns/{domain_id}/entries/{id}"],
  // os-floating-ips-bulk
  ["GET", "/os-floating-ips-bulk"],
  ["POST", "/os-floating-ips-bulk"],
  ["GET", "/os-floating-ips-bulk/{id}"],
  ["PUT", "/os-floating-ips-bulk/{id}"],
  // os-fping
  ["GET", "/os-fping"],
  ["GET", "/os-fping/{id}"],
  // os-networks: the writes and the association actions (the reads are capped, not removed)
  ["POST", "/os-networks"],
  ["POST", "/os-networks/add"],
  ["DELETE", "/os-networks/{id}"],
  ["POST", "/os-networks/{id}/action", "disassociate"],
  ["POST", "/os-networks/{id}/action", "disassociate_host"],
  ["POST", "/os-networks/{id}/action", "disassociate_project"],
  ["POST", "/os-networks/{id}/action", "associate_host"],
  // os-security-group-default-rules
  ["GET", "/os-security-group-default-rules"],
  ["POST", "/os-security-group-default-rules"],
  ["GET", "/os-security-group-default-rules/{id}"],
  ["DELETE", "/os-security-group-default-rules/{id}"],
  // os-tenant-networks: the writes (the reads are capped)
  ["POST", "/os-tenant-networks"],
  ["DELETE", "/os-tenant-networks/{id}"],
  // XVP consoles
  ["GET", "/servers/{server_id}/consoles"],
  ["POST", "/servers/{server_id}/consoles"],
  ["GET", "/servers/{server_id}/consoles/{id}"],
  ["DELETE", "/servers/{server_id}/consoles/{id}"],
  // os-virtual-interfaces (404 from 2.44 until Rocky; now gone at every version)
  ["GET", "/servers/{server_id}/os-virtual-interfaces"],
  // the server action resetNetwork (nova-network)
  ["POST", "/servers/{id}/action", "resetNetwork"],
];

/** The handler of every removed route. */
function gone(): never {
  throw new NovaFault(410, GONE_MESSAGE);
}

/** The removed routes' rows (the RDP console's remains live with the consoles). */
export const REMOVED_ROUTES: readonly Route[] = [
  ...REMOVED.map(([method, path, action]): Route => ({
    method,
    path,
    ...(action === undefined ? {} : { action }),
    handler: gone,
  })),
];
