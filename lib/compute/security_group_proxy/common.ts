/**
 * What the security group proxy's group and rule rows share: the caller as the network API sees
 * it, and a group looked up as Nova asks Neutron for one (its 404 passed on).
 *
 * @module
 */
import type { ApiRequest } from "../route.ts";
import { NovaFault } from "../../http/fault.ts";
import { getSecurityGroup, type Viewer } from "../../networks/security_group_api.ts";
import type { SecurityGroup } from "../../networks/security_groups.ts";

/** The caller as the network API sees it. */
export function viewerOf(req: ApiRequest): Viewer {
  return { projectId: req.context.projectId, isAdmin: req.context.isAdmin };
}

/** The group `id` the caller sees, or Neutron's 404 as Nova passes it on. */
export async function findGroup(req: ApiRequest, id: string): Promise<SecurityGroup> {
  const group = await getSecurityGroup(req.runtime.kv, id, viewerOf(req));
  if (!group) throw new NovaFault(404, `Security group ${id} does not exist`);
  return group;
}
