/**
 * Fetch one flavor the way Nova's `Flavor.get_by_flavor_id` does for a request: admins see every
 * flavor; others see public flavors and private ones their project was given access to. Anything
 * else is a 404 with Nova's message.
 *
 * @module
 */
import type { RequestContext } from "../../context/context.ts";
import { NovaFault } from "../../http/fault.ts";
import { type FlavorRecord, getFlavor, hasFlavorAccess } from "../../store/flavors.ts";

/** Nova's `FlavorNotFound` as an HTTP 404. */
export function flavorNotFound(flavorid: string): NovaFault {
  return new NovaFault(404, `Flavor ${flavorid} could not be found.`);
}

/**
 * The flavor, or a 404 when it does not exist or the caller may not see it.
 *
 * @example
 * ```ts
 * const flavor = await visibleFlavor(kv, req.context, req.params.id);
 * ```
 */
export async function visibleFlavor(
  kv: Deno.Kv,
  context: RequestContext,
  flavorid: string,
): Promise<FlavorRecord> {
  const flavor = await getFlavor(kv, flavorid);
  if (!flavor) throw flavorNotFound(flavorid);
  if (context.isAdmin || flavor.is_public) return flavor;
  if (context.projectId !== null && await hasFlavorAccess(kv, flavorid, context.projectId)) {
    return flavor;
  }
  throw flavorNotFound(flavorid);
}
