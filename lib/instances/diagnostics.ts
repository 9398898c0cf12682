/**
 * A server's diagnostics, as Nova's compute API and manager serve them: the instance needs a host
 * (`InstanceNotReady`, 409) and a running guest (`InstanceInvalidState` on the power state, 409:
 * "Cannot 'get_diagnostics' instance X while it is in power state shutdown"); the simulated
 * libvirt driver then reports its counters (`lib/virt/diagnostics.ts`).
 *
 * @module
 */
import {
  type DiagnosticFacts,
  legacyDiagnostics,
  type StandardDiagnostics,
  standardDiagnostics,
} from "../virt/diagnostics.ts";
import { InstanceNotReady } from "./actions.ts";
import type { InstanceDeps } from "./deps.ts";
import { InstanceInvalidState, InstanceNotFound } from "./errors.ts";
import { getServer } from "./read.ts";
import type { Instance, PowerState } from "./types.ts";

export type { StandardDiagnostics } from "../virt/diagnostics.ts";

/** Nova's `power_state.STATE_MAP`. */
export const POWER_STATE_NAMES: Readonly<Record<PowerState, string>> = {
  0: "pending",
  1: "running",
  3: "paused",
  4: "shutdown",
  6: "crashed",
  7: "suspended",
};

/** The domain's disks in libvirt's order: root, ephemeral, swap, then the config drive. */
function disksOf(instance: Instance): string[] {
  const disks = ["vda"];
  if (instance.flavor.ephemeral_gb > 0) disks.push(`vd${String.fromCharCode(97 + disks.length)}`);
  if (instance.flavor.swap > 0) disks.push(`vd${String.fromCharCode(97 + disks.length)}`);
  if (instance.config_drive) disks.push("sda");
  return disks;
}

function factsOf(instance: Instance, now: Date): DiagnosticFacts {
  const launched = Date.parse(instance.launched_at ?? instance.created_at);
  return {
    vcpus: instance.flavor.vcpus,
    memoryMb: instance.flavor.memory_mb,
    disks: disksOf(instance),
    nics: instance.ports.map((p) => ({ mac: p.mac_address, dev: `tap${p.id.slice(0, 11)}` })),
    configDrive: instance.config_drive,
    uptime: Math.max(0, Math.floor((now.getTime() - launched) / 1000)),
  };
}

async function runningServer(kv: Deno.Kv, uuid: string, deps: InstanceDeps): Promise<Instance> {
  const instance = await getServer(kv, uuid, deps);
  if (!instance) throw new InstanceNotFound(uuid);
  if (!instance.host) throw new InstanceNotReady(uuid);
  if (instance.power_state !== 1) {
    throw new InstanceInvalidState(
      "get_diagnostics",
      uuid,
      "power state",
      POWER_STATE_NAMES[instance.power_state],
    );
  }
  return instance;
}

/**
 * The free-form diagnostics of a running server (below 2.48).
 *
 * @example
 * ```ts
 * (await serverDiagnostics(kv, uuid, deps)).memory; // 524288 for m1.tiny
 * ```
 */
export async function serverDiagnostics(
  kv: Deno.Kv,
  uuid: string,
  deps: InstanceDeps,
): Promise<Record<string, number>> {
  const instance = await runningServer(kv, uuid, deps);
  return legacyDiagnostics(factsOf(instance, deps.clock()));
}

/** The standard diagnostics of a running server (2.48). */
export async function instanceDiagnostics(
  kv: Deno.Kv,
  uuid: string,
  deps: InstanceDeps,
): Promise<StandardDiagnostics> {
  const instance = await runningServer(kv, uuid, deps);
  return standardDiagnostics(factsOf(instance, deps.clock()));
}
