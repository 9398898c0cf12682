/**
 * Private-flavor access (Nova's `Flavor.add_access` / `remove_access`): which projects may use a
 * private flavor.
 *
 * @module
 */
import { accessRowStored, listFlavorAccess, readFlavor, stageAccessRow } from "../store/flavors.ts";
import { FlavorAccessExists, FlavorAccessNotFound, FlavorNotFound } from "./errors.ts";
import { writeFlavor } from "./write.ts";

/** The projects given access to a flavor, sorted. */
export function flavorAccessList(kv: Deno.Kv, flavorid: string): Promise<string[]> {
  return listFlavorAccess(kv, flavorid);
}

async function changeAccess(
  kv: Deno.Kv,
  flavorid: string,
  projectId: string,
  add: boolean,
): Promise<string[]> {
  await writeFlavor(kv, flavorid, async (tx) => {
    const row = await readFlavor(tx, flavorid);
    if (!row) throw new FlavorNotFound(flavorid);
    const present = await accessRowStored(tx, flavorid, projectId);
    if (add && present) throw new FlavorAccessExists(row.record.id, projectId);
    if (!add && !present) throw new FlavorAccessNotFound(row.record.id, projectId);
    stageAccessRow(tx, row, projectId, add);
  });
  return await listFlavorAccess(kv, flavorid);
}

/**
 * Give a project access to a flavor; returns the new access list. Throws {@link FlavorNotFound}
 * or {@link FlavorAccessExists}.
 *
 * @example
 * ```ts
 * await addFlavorAccess(kv, "p", "proj-a"); // ["proj-a"]
 * ```
 */
export function addFlavorAccess(
  kv: Deno.Kv,
  flavorid: string,
  projectId: string,
): Promise<string[]> {
  return changeAccess(kv, flavorid, projectId, true);
}

/**
 * Take a project's access away; returns the new access list. Throws {@link FlavorNotFound} or
 * {@link FlavorAccessNotFound}.
 */
export function removeFlavorAccess(
  kv: Deno.Kv,
  flavorid: string,
  projectId: string,
): Promise<string[]> {
  return changeAccess(kv, flavorid, projectId, false);
}
