/**
 * Flavors for tests: full stored records and small inputs for `createFlavor`.
 *
 * @module
 */
import type { FlavorRecord, NewFlavor } from "../../lib/flavors/mod.ts";

/**
 * A full flavor record with internal `id` and public `flavorid`: name `n<flavorid>`, 512 MiB,
 * 1 vCPU, 1 GiB root, public, enabled, no description or specs, created 2026-01-01, never updated.
 * `extra` overrides any of these.
 */
export function flavorRecord(
  id: number,
  flavorid: string,
  extra: Partial<FlavorRecord> = {},
): FlavorRecord {
  return {
    id,
    flavorid,
    name: `n${flavorid}`,
    memory_mb: 512,
    vcpus: 1,
    root_gb: 1,
    ephemeral_gb: 0,
    swap: 0,
    rxtx_factor: 1,
    is_public: true,
    disabled: false,
    description: null,
    extra_specs: {},
    created_at: "2026-01-01T00:00:00.000Z",
    updated_at: null,
    ...extra,
  };
}

/**
 * A small new-flavor input with public `flavorid`: name `f-<flavorid>`, 64 MiB, 1 vCPU, no root
 * disk; `options` overrides these and may set any other {@link NewFlavor} field.
 */
export function smallFlavor(flavorid: string, options: Partial<NewFlavor> = {}): NewFlavor {
  return { flavorid, name: `f-${flavorid}`, memory_mb: 64, vcpus: 1, root_gb: 0, ...options };
}
