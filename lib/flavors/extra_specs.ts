/**
 * Flavor extra specs (Nova's `Flavor.extra_specs` with `save()`): merge, read one, delete one.
 *
 * @module
 */
import { type FlavorRecord, readFlavor, stageFlavor } from "../store/flavors.ts";
import { FlavorExtraSpecNotFound, FlavorNotFound } from "./errors.ts";
import { writeFlavor } from "./write.ts";

/**
 * Add or overwrite extra specs (others are kept). Throws {@link FlavorNotFound} or, when the
 * record would outgrow a KV value, `FlavorRecordTooLarge`.
 */
export function setFlavorExtraSpecs(
  kv: Deno.Kv,
  flavorid: string,
  specs: Record<string, string>,
): Promise<FlavorRecord> {
  return writeFlavor(kv, flavorid, async (tx) => {
    const row = await readFlavor(tx, flavorid);
    if (!row) throw new FlavorNotFound(flavorid);
    const extra_specs = { ...row.record.extra_specs, ...specs };
    const updated: FlavorRecord = { ...row.record, extra_specs };
    stageFlavor(tx, updated, row);
    return updated;
  });
}

/** Remove one extra spec. Throws {@link FlavorNotFound} or {@link FlavorExtraSpecNotFound}. */
export function deleteFlavorExtraSpec(
  kv: Deno.Kv,
  flavorid: string,
  key: string,
): Promise<FlavorRecord> {
  return writeFlavor(kv, flavorid, async (tx) => {
    const row = await readFlavor(tx, flavorid);
    if (!row) throw new FlavorNotFound(flavorid);
    const extra_specs = { ...row.record.extra_specs };
    if (!Object.hasOwn(extra_specs, key)) throw new FlavorExtraSpecNotFound(flavorid, key);
    delete extra_specs[key];
    const updated: FlavorRecord = { ...row.record, extra_specs };
    stageFlavor(tx, updated, row);
    return updated;
  });
}

/**
 * One extra spec's value from a flavor already read. Throws {@link FlavorExtraSpecNotFound}.
 *
 * @example
 * ```ts
 * extraSpec(flavor, "hw:cpu_policy"); // "dedicated"
 * ```
 */
export function extraSpec(flavor: FlavorRecord, key: string): string {
  if (!Object.hasOwn(flavor.extra_specs, key)) {
    throw new FlavorExtraSpecNotFound(flavor.flavorid, key);
  }
  return flavor.extra_specs[key];
}
