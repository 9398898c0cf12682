/**
 * The classic m1.* flavors Nova's database used to ship with, seeded into a store that never held
 * a flavor.
 *
 * @module
 */
import { anyFlavorStored, lastFlavorId, stageNewFlavor } from "../store/flavors.ts";
import { transact } from "../store/transaction.ts";
import { flavorWithDefaults } from "./manage.ts";

/** The five classic flavors: [flavorid, name, memory MB, vCPUs, disk GB]. */
export const CLASSIC_FLAVORS: readonly (readonly [string, string, number, number, number])[] = [
  ["1", "m1.tiny", 512, 1, 1],
  ["2", "m1.small", 2048, 1, 20],
  ["3", "m1.medium", 4096, 2, 40],
  ["4", "m1.large", 8192, 4, 80],
  ["5", "m1.xlarge", 16384, 8, 160],
];

/**
 * Create the classic m1.* flavors (ids 1-5, internal ids 1-5) in one atomic step, but only in a
 * store that has never held a flavor (no internal id handed out yet): an operator who deleted
 * them does not get them back. Returns whether it seeded.
 *
 * @example
 * ```ts
 * await seedClassicFlavors(kv); // true on a fresh store, false afterwards
 * ```
 */
export function seedClassicFlavors(kv: Deno.Kv, now: Date = new Date()): Promise<boolean> {
  return transact(kv, async (tx) => {
    if (await lastFlavorId(tx) !== null) return false;
    if (await anyFlavorStored(tx)) return false;
    for (const [i, [flavorid, name, memory_mb, vcpus, root_gb]] of CLASSIC_FLAVORS.entries()) {
      const record = flavorWithDefaults({ flavorid, name, memory_mb, vcpus, root_gb }, i + 1, now);
      await stageNewFlavor(tx, record, { assertFree: true, clearAccess: false });
    }
    return true;
  });
}
