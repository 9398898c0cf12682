/**
 * Private flavor access (Nova's `flavor_access.py`): list the projects of a private flavor, and
 * the `addTenantAccess` / `removeTenantAccess` actions.
 *
 * Nova asks Keystone whether the project exists before adding it; this port does not (as Nova
 * behaves when Keystone cannot be asked), so any project id of the right shape is accepted.
 *
 * @module
 */
import type { ApiRequest } from "../route.ts";
import { NovaFault } from "../../http/fault.ts";
import { json } from "../../http/respond.ts";
import {
  addFlavorAccess,
  flavorAccessList,
  removeFlavorAccess,
  visibleFlavor,
} from "../../flavors/mod.ts";

/** Nova's flavor-access policy rules. */
export const ACCESS_POLICY = {
  index: "os_compute_api:os-flavor-access",
  add: "os_compute_api:os-flavor-access:add_tenant_access",
  remove: "os_compute_api:os-flavor-access:remove_tenant_access",
} as const;

/** `{"flavor_access": [{"flavor_id", "tenant_id"}]}`. */
export function flavorAccessView(
  flavorid: string,
  projects: readonly string[],
): { flavor_access: { flavor_id: string; tenant_id: string }[] } {
  return {
    flavor_access: projects.map((tenant_id) => ({ flavor_id: flavorid, tenant_id })),
  };
}

/** `GET /flavors/{flavor_id}/os-flavor-access`. */
export async function index(req: ApiRequest): Promise<Response> {
  const flavor = await visibleFlavor(req.runtime.kv, req.context, req.params.flavor_id);
  // A public flavor is open to every project: there is no list to show.
  if (flavor.is_public) {
    throw new NovaFault(404, "Access list not available for public flavors.");
  }
  const projects = await flavorAccessList(req.runtime.kv, flavor.flavorid);
  return json(flavorAccessView(flavor.flavorid, projects));
}

/** `POST /flavors/{id}/action` `{"addTenantAccess": {"tenant": ...}}`. */
export async function addTenantAccess(req: ApiRequest): Promise<Response> {
  const runtime = req.runtime;
  const { tenant } = (req.body as { addTenantAccess: { tenant: string } }).addTenantAccess;
  const flavor = await visibleFlavor(runtime.kv, req.context, req.params.id);
  // From 2.7 a public flavor refuses access rows (they would mean nothing).
  if (req.version.atLeast("2.7") && flavor.is_public) {
    throw new NovaFault(409, "Can not add access to a public flavor.");
  }
  const projects = await addFlavorAccess(runtime.kv, flavor.flavorid, tenant);
  return json(flavorAccessView(flavor.flavorid, projects));
}

/** `POST /flavors/{id}/action` `{"removeTenantAccess": {"tenant": ...}}`. */
export async function removeTenantAccess(req: ApiRequest): Promise<Response> {
  const runtime = req.runtime;
  const { tenant } = (req.body as { removeTenantAccess: { tenant: string } }).removeTenantAccess;
  const flavor = await visibleFlavor(runtime.kv, req.context, req.params.id);
  const projects = await removeFlavorAccess(runtime.kv, flavor.flavorid, tenant);
  return json(flavorAccessView(flavor.flavorid, projects));
}
