/**
 * Create, describe and delete flavors (Nova's `flavors.create`, `Flavor.save`, `Flavor.destroy`),
 * each one atomic, with Nova's defaults and errors.
 *
 * @module
 */
import {
  flavorIdTaken,
  flavorNameTaken,
  type FlavorRecord,
  lastFlavorId,
  readFlavor,
  stageFlavor,
  stageFlavorDelete,
  stageNewFlavor,
} from "../store/flavors.ts";
import { FlavorIdExists, FlavorNameExists, FlavorNotFound } from "./errors.ts";
import { writeFlavor } from "./write.ts";

/** What {@link createFlavor} needs; the rest takes Nova's defaults. */
export interface NewFlavor {
  /** Public id. */
  flavorid: string;
  /** Unique name. */
  name: string;
  /** RAM in MiB. */
  memory_mb: number;
  /** Virtual CPUs. */
  vcpus: number;
  /** Root disk in GiB. */
  root_gb: number;
  /** Ephemeral disk in GiB (default 0). */
  ephemeral_gb?: number;
  /** Swap in MiB (default 0). */
  swap?: number;
  /** Default 1.0. */
  rxtx_factor?: number;
  /** Default true. */
  is_public?: boolean;
  /** Default false. */
  disabled?: boolean;
  /** Default null. */
  description?: string | null;
  /** Default none. */
  extra_specs?: Record<string, string>;
}

/** A full record from `input`, Nova's defaults filling what it leaves out. */
export function flavorWithDefaults(input: NewFlavor, id: number, now: Date): FlavorRecord {
  return {
    id,
    flavorid: input.flavorid,
    name: input.name,
    memory_mb: input.memory_mb,
    vcpus: input.vcpus,
    root_gb: input.root_gb,
    ephemeral_gb: input.ephemeral_gb ?? 0,
    swap: input.swap ?? 0,
    rxtx_factor: input.rxtx_factor ?? 1.0,
    is_public: input.is_public ?? true,
    disabled: input.disabled ?? false,
    description: input.description ?? null,
    extra_specs: { ...(input.extra_specs ?? {}) },
    created_at: now.toISOString(),
    updated_at: null,
  };
}

/**
 * Create a flavor: record, name index and internal id in one atomic step. Refuses a taken
 * flavorid ({@link FlavorIdExists}, checked first) or name ({@link FlavorNameExists}). Stale
 * access rows left under the same flavorid are cleared.
 *
 * @example
 * ```ts
 * const f = await createFlavor(kv, { flavorid: "10", name: "m1.test", memory_mb: 512, vcpus: 1, root_gb: 1 });
 * f.is_public; // true
 * ```
 */
export function createFlavor(
  kv: Deno.Kv,
  input: NewFlavor,
  now: Date = new Date(),
): Promise<FlavorRecord> {
  return writeFlavor(kv, input.flavorid, async (tx) => {
    if (await flavorIdTaken(tx, input.flavorid)) throw new FlavorIdExists(input.flavorid);
    if (await flavorNameTaken(tx, input.name)) throw new FlavorNameExists(input.name);
    const record = flavorWithDefaults(input, ((await lastFlavorId(tx)) ?? 0) + 1, now);
    await stageNewFlavor(tx, record);
    return record;
  });
}

/**
 * Change a flavor's description (Nova's only mutable field) and stamp `updated_at`.
 * Throws {@link FlavorNotFound}.
 */
export function updateFlavorDescription(
  kv: Deno.Kv,
  flavorid: string,
  description: string | null,
  now: Date = new Date(),
): Promise<FlavorRecord> {
  return writeFlavor(kv, flavorid, async (tx) => {
    const row = await readFlavor(tx, flavorid);
    if (!row) throw new FlavorNotFound(flavorid);
    const updated: FlavorRecord = { ...row.record, description, updated_at: now.toISOString() };
    stageFlavor(tx, updated, row);
    return updated;
  });
}

/**
 * Delete a flavor with its name index, access rows and description parts. Returns what was
 * deleted; throws {@link FlavorNotFound}.
 */
export function deleteFlavor(kv: Deno.Kv, flavorid: string): Promise<FlavorRecord> {
  return writeFlavor(kv, flavorid, async (tx) => {
    const row = await readFlavor(tx, flavorid);
    if (!row) throw new FlavorNotFound(flavorid);
    await stageFlavorDelete(tx, row);
    return row.record;
  });
}
