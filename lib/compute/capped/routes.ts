/**
 * The capped APIs past their ceiling: Nova keeps these routes but their methods end at a
 * microversion (the proxy APIs at 2.35, image metadata at 2.38, os-hosts at 2.42, the
 * nova-network server actions at 2.43, the hypervisor search and servers at 2.52, hypervisor
 * uptime and statistics at 2.87, os-volumes_boot at 2.102), so from the next version a request
 * gets the resource's 404 fault. Each row is data: method, path, ceiling and, for actions, the
 * body key. Below the ceiling these routes are served by their own modules, or not yet.
 *
 * @module
 */
import { ApiVersion } from "../api_version.ts";
import type { Route } from "../route.ts";
import { NovaFault } from "../../http/fault.ts";

/** Nova's `MAX_PROXY_API_SUPPORT_VERSION`: the last version of the proxy APIs. */
export const PROXY_CEILING = "2.35";

/** One capped route: `[method, path, ceiling]` or `[method, path, ceiling, action]`. */
export type CappedRow =
  | readonly [Route["method"], string, string]
  | readonly [Route["method"], string, string, string];

/**
 * Every capped (method, path, ceiling[, action]) of Nova master's route table whose past-ceiling
 * answer is not already given by an implemented row (the image proxy's rows carry their own
 * ceiling).
 */
export const CAPPED: readonly CappedRow[] = [
  ["GET", "/images/{image_id}/metadata", "2.38"],
  ["POST", "/images/{image_id}/metadata", "2.38"],
  ["PUT", "/images/{image_id}/metadata", "2.38"],
  ["GET", "/images/{image_id}/metadata/{id}", "2.38"],
  ["PUT", "/images/{image_id}/metadata/{id}", "2.38"],
  ["DELETE", "/images/{image_id}/metadata/{id}", "2.38"],
  ["GET", "/os-baremetal-nodes", PROXY_CEILING],
  ["POST", "/os-baremetal-nodes", PROXY_CEILING],
  ["GET", "/os-baremetal-nodes/{id}", PROXY_CEILING],
  ["DELETE", "/os-baremetal-nodes/{id}", PROXY_CEILING],
  ["POST", "/os-baremetal-nodes/{id}/action", PROXY_CEILING, "add_interface"],
  ["POST", "/os-baremetal-nodes/{id}/action", PROXY_CEILING, "remove_interface"],
  ["GET", "/os-floating-ip-pools", PROXY_CEILING],
  ["GET", "/os-floating-ips", PROXY_CEILING],
  ["POST", "/os-floating-ips", PROXY_CEILING],
  ["GET", "/os-floating-ips/{id}", PROXY_CEILING],
  ["DELETE", "/os-floating-ips/{id}", PROXY_CEILING],
  ["GET", "/os-hosts", "2.42"],
  ["GET", "/os-hosts/{id}", "2.42"],
  ["PUT", "/os-hosts/{id}", "2.42"],
  ["GET", "/os-hosts/{id}/reboot", "2.42"],
  ["GET", "/os-hosts/{id}/shutdown", "2.42"],
  ["GET", "/os-hosts/{id}/startup", "2.42"],
  ["GET", "/os-hypervisors/statistics", "2.87"],
  ["GET", "/os-hypervisors/{id}/search", "2.52"],
  ["GET", "/os-hypervisors/{id}/servers", "2.52"],
  ["GET", "/os-hypervisors/{id}/uptime", "2.87"],
  ["GET", "/os-networks", PROXY_CEILING],
  ["GET", "/os-networks/{id}", PROXY_CEILING],
  ["POST", "/os-security-group-rules", PROXY_CEILING],
  ["DELETE", "/os-security-group-rules/{id}", PROXY_CEILING],
  ["GET", "/os-security-groups", PROXY_CEILING],
  ["POST", "/os-security-groups", PROXY_CEILING],
  ["GET", "/os-security-groups/{id}", PROXY_CEILING],
  ["PUT", "/os-security-groups/{id}", PROXY_CEILING],
  ["DELETE", "/os-security-groups/{id}", PROXY_CEILING],
  ["GET", "/os-snapshots", PROXY_CEILING],
  ["POST", "/os-snapshots", PROXY_CEILING],
  ["GET", "/os-snapshots/detail", PROXY_CEILING],
  ["GET", "/os-snapshots/{id}", PROXY_CEILING],
  ["DELETE", "/os-snapshots/{id}", PROXY_CEILING],
  ["GET", "/os-tenant-networks", PROXY_CEILING],
  ["GET", "/os-tenant-networks/{id}", PROXY_CEILING],
  ["GET", "/os-volumes", PROXY_CEILING],
  ["POST", "/os-volumes", PROXY_CEILING],
  ["GET", "/os-volumes/detail", PROXY_CEILING],
  ["GET", "/os-volumes/{id}", PROXY_CEILING],
  ["DELETE", "/os-volumes/{id}", PROXY_CEILING],
  ["GET", "/os-volumes_boot", "2.102"],
  ["POST", "/os-volumes_boot", "2.102"],
  ["GET", "/os-volumes_boot/detail", "2.102"],
  ["GET", "/os-volumes_boot/{id}", "2.102"],
  ["PUT", "/os-volumes_boot/{id}", "2.102"],
  ["DELETE", "/os-volumes_boot/{id}", "2.102"],
  ...[
    "confirmResize",
    "revertResize",
    "reboot",
    "resize",
    "rebuild",
    "createImage",
    "os-start",
    "os-stop",
    "trigger_crash_dump",
  ].map((action) => ["POST", "/os-volumes_boot/{id}/action", "2.102", action] as const),
  ["POST", "/servers/{id}/action", "2.43", "addFixedIp"],
  ["POST", "/servers/{id}/action", "2.43", "removeFixedIp"],
  ["POST", "/servers/{id}/action", "2.43", "addFloatingIp"],
  ["POST", "/servers/{id}/action", "2.43", "removeFloatingIp"],
  ["POST", "/servers/{id}/action", "2.5", "os-getVNCConsole"],
  ["POST", "/servers/{id}/action", "2.5", "os-getSPICEConsole"],
  ["POST", "/servers/{id}/action", "2.5", "os-getRDPConsole"],
  ["POST", "/servers/{id}/action", "2.5", "os-getSerialConsole"],
];

/** The version after a ceiling (`2.35` -> `2.36`). */
export function afterCeiling(ceiling: string): string {
  const v = ApiVersion.parse(ceiling);
  return `${v.major}.${v.minor + 1}`;
}

/** What a capped route answers past its ceiling: the resource's generic 404 fault. */
function pastCeiling(): never {
  throw new NovaFault(404, "The resource could not be found.");
}

/** The capped routes' past-ceiling rows. */
export const CAPPED_ROUTES: readonly Route[] = CAPPED.map(([method, path, ceiling, action]) => ({
  method,
  path,
  ...(action === undefined ? {} : { action }),
  min: afterCeiling(ceiling),
  handler: pastCeiling,
}));
