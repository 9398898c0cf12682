/**
 * Reset the cloud to the quick-start seed (an emulator control, `POST /os-emulator/reset`): what
 * an empty store gets on the first start of the compute API, and nothing else. Servers, their
 * actions, ports, volumes, images, keypairs, quotas, aggregates, groups, services' states and the
 * emulator's own settings and faults go; the identity's keys, users and revocations and the
 * schema version stay (`lib/store/keys.ts`, "Epochs").
 *
 * The store does the hard part (`lib/store/epoch.ts`): the seed is written into a new epoch while
 * the old one is still served, one atomic operation moves every process to it, and the old
 * epoch's keys are deleted in the background. The seed is the one start-up uses: the classic
 * flavors when `[deno] seed_flavors` is on (`lib/flavors/seed.ts`); services, host usage and
 * quotas need none (absent records are their defaults).
 *
 * @module
 */
import { DomainError } from "../errors/mod.ts";
import { seedClassicFlavors } from "../flavors/seed.ts";
import { EpochsUnsupported, ResetInProgress, resetStore } from "../store/epoch.ts";

/** What the quick-start seed holds. */
export interface SeedOptions {
  /** Seed the classic m1.* flavors (`[deno] seed_flavors`). */
  seedFlavors: boolean;
  /** The time the seed's records are created at. */
  now?: Date;
}

/** A reset asked for while another one runs (409). */
export class ResetConflict extends DomainError {
  constructor(message: string) {
    super("conflict", message);
  }
}

/** Write the quick-start seed into `kv` (an empty store, or a new epoch). */
export async function quickStartSeed(kv: Deno.Kv, options: SeedOptions): Promise<void> {
  if (options.seedFlavors) await seedClassicFlavors(kv, options.now);
}

/**
 * Reset the cloud to the quick-start seed; returns the store's new epoch. {@link ResetConflict}
 * while another reset runs, or for a store opened without epochs.
 *
 * @example
 * ```ts
 * await resetCloud(kv, { seedFlavors: true }); // only m1.tiny ... m1.xlarge are left
 * ```
 */
export async function resetCloud(
  kv: Deno.Kv,
  options: SeedOptions & { purgeDelayMs?: number },
): Promise<number> {
  try {
    return await resetStore(kv, (fresh) => quickStartSeed(fresh, options), {
      purgeDelayMs: options.purgeDelayMs,
    });
  } catch (e) {
    if (e instanceof ResetInProgress) {
      throw new ResetConflict("Another reset of the cloud is in progress.");
    }
    if (e instanceof EpochsUnsupported) {
      throw new ResetConflict("This store was opened without epochs and cannot be reset.");
    }
    throw e;
  }
}
