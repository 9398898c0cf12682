/**
 * Fetch one flavor the way Nova's `Flavor.get_by_flavor_id` does for a request: admins see every
 * flavor; others see public flavors and private ones their project was given access to. Anything
 * else is {@link FlavorNotFound}.
 *
 * @module
 */
import { type FlavorRecord, getFlavor, hasFlavorAccess } from "../store/flavors.ts";
import { FlavorNotFound } from "./errors.ts";
import type { Viewer } from "./listing.ts";

/**
 * The flavor, or {@link FlavorNotFound} when it does not exist or the viewer may not see it.
 *
 * @example
 * ```ts
 * const flavor = await visibleFlavor(kv, req.context, req.params.id);
 * ```
 */
export async function visibleFlavor(
  kv: Deno.Kv,
  viewer: Viewer,
  flavorid: string,
): Promise<FlavorRecord> {
  const flavor = await getFlavor(kv, flavorid);
  if (!flavor) throw new FlavorNotFound(flavorid);
  if (viewer.isAdmin || flavor.is_public) return flavor;
  if (viewer.projectId !== null && await hasFlavorAccess(kv, flavorid, viewer.projectId)) {
    return flavor;
  }
  throw new FlavorNotFound(flavorid);
}
