/**
 * Events other services send about servers (Nova's `os-server-external-events` through
 * `compute.API.external_instance_event` and the compute manager's `external_instance_event`).
 *
 * Each event is judged on its own, in order, as Nova's API does: a server that does not exist
 * (live or deleted: Nova looks deleted ones up too) is 404; `volume-extended`, `power-update` and
 * `accelerator-request-bound` without a tag are 400; a server with a host takes the event (200);
 * one without (not scheduled yet, shelved offloaded) is 422.
 *
 * What the taken events do, as Nova records it, each in one atomic change:
 *
 * - `volume-extended`: the API records the action `extend_volume`; the compute manager's
 *   `extend_volume` adds its event `compute_extend_volume` (Success: a volume not attached is
 *   only logged, an attached one the driver extends).
 * - `power-update` tagged `POWER_ON` / `POWER_OFF`: the API records `start` / `stop`; the compute
 *   manager's `power_update` (event `compute_power_update`, Success) turns a stopped server with
 *   no task on (ACTIVE, running) or an active running one with no task off (SHUTOFF, progress 0),
 *   as the driver of a hypervisor managed outside Nova does; in any other state it is a no-op.
 *   Another tag is dropped by the API: nothing is recorded.
 * - the network events, `accelerator-request-bound` and `volume-reimaged` wake whatever waits
 *   for them in the compute manager (nothing here) and record nothing.
 *
 * @module
 */
import { getDeletedInstance, readInstance, updateInstance } from "../store/instances.ts";
import { transact } from "../store/transaction.ts";
import type { InstanceDeps } from "./deps.ts";
import { type ActionRequester, recordActionStart, recordInstantEvent } from "./instance_actions.ts";
import { getServer } from "./read.ts";
import { settleInTx } from "./settle.ts";
import type { Instance } from "./types.ts";

/** Every event name Nova knows (`nova.objects.external_event.EVENT_NAMES`). */
export const EXTERNAL_EVENT_NAMES = [
  "network-changed",
  "network-vif-plugged",
  "network-vif-unplugged",
  "network-vif-deleted",
  "volume-extended",
  "power-update",
  "accelerator-request-bound",
  "volume-reimaged",
] as const;

/** The statuses an event may carry (`EVENT_STATUSES`). */
export const EXTERNAL_EVENT_STATUSES = ["failed", "completed", "in-progress"] as const;

/** The events that mean nothing without a tag. */
export const TAG_REQUIRED: readonly string[] = [
  "volume-extended",
  "power-update",
  "accelerator-request-bound",
];

/** One event as a client sends it. */
export interface ExternalEvent {
  name: string;
  server_uuid: string;
  status?: string;
  tag?: string;
}

/** What became of one event: taken (200), no tag (400), no server (404), no host (422). */
export type ExternalEventCode = 200 | 400 | 404 | 422;

/**
 * Whether Nova's record would name a host: the simulation places a server when it is created,
 * but Nova's record has no host until the scheduler chose one.
 */
function hasHost(instance: Instance): boolean {
  if (instance.vm_state === "building" && instance.task_state === "scheduling") return false;
  return instance.host !== null;
}

async function lookUp(
  kv: Deno.Kv,
  uuids: readonly string[],
  deps: InstanceDeps,
): Promise<Map<string, Instance>> {
  const found = new Map<string, Instance>();
  for (const uuid of uuids) {
    const instance = (await getServer(kv, uuid, deps)) ?? (await getDeletedInstance(kv, uuid));
    if (instance) found.set(uuid, instance);
  }
  return found;
}

/** The state `power-update` turns a server to, or null when it is a no-op for it. */
function powerTarget(instance: Instance, on: boolean): Partial<Instance> | null {
  if (instance.task_state !== null || instance.deleted_at) return null;
  if (on && instance.vm_state === "stopped" && instance.power_state === 4) {
    return { vm_state: "active", power_state: 1 };
  }
  if (!on && instance.vm_state === "active" && instance.power_state === 1) {
    return { vm_state: "stopped", power_state: 4, progress: 0 };
  }
  return null;
}

/**
 * Record `action` on the server with the event the compute manager's handler adds; with `power`
 * (`true` on, `false` off), first apply the power update to a live server.
 */
async function handle(
  kv: Deno.Kv,
  instance: Instance,
  action: string,
  event: string,
  who: ActionRequester,
  deps: InstanceDeps,
  power?: boolean,
): Promise<void> {
  await transact(kv, async (tx) => {
    const now = deps.clock();
    const found = await readInstance(tx, instance.uuid);
    // Null when there is no live record or its delete finished just now (staged by settling).
    const current = found && await settleInTx(tx, deps, found, now);
    let host = instance.host;
    if (found && current) {
      host = current.host ?? host;
      const target = power === undefined ? null : powerTarget(current, power);
      const next: Instance = target
        ? { ...current, ...target, task_state: null, updated_at: now.toISOString() }
        : current;
      if (next !== found) updateInstance(tx, found, next);
    }
    const requestId = await recordActionStart(tx, instance.uuid, action, who, now);
    await recordInstantEvent(tx, instance.uuid, requestId, event, host, now);
  });
}

/**
 * Deliver `events` (already valid against the API's schema) and say what became of each, in
 * order. `who` is the caller (usually another service's user), recorded with the actions.
 *
 * @example
 * ```ts
 * await deliverExternalEvents(kv, [{ name: "network-changed", server_uuid: id }], who, deps);
 * // [200]
 * ```
 */
export async function deliverExternalEvents(
  kv: Deno.Kv,
  events: readonly ExternalEvent[],
  who: ActionRequester,
  deps: InstanceDeps,
): Promise<ExternalEventCode[]> {
  const instances = await lookUp(kv, [...new Set(events.map((e) => e.server_uuid))], deps);
  const codes: ExternalEventCode[] = [];
  const taken: [ExternalEvent, Instance][] = [];
  for (const event of events) {
    const instance = instances.get(event.server_uuid);
    if (!instance) {
      codes.push(404);
    } else if (TAG_REQUIRED.includes(event.name) && event.tag === undefined) {
      codes.push(400);
    } else if (hasHost(instance)) {
      codes.push(200);
      taken.push([event, instance]);
    } else {
      codes.push(422);
    }
  }
  for (const [event, instance] of taken) {
    if (event.name === "volume-extended") {
      await handle(kv, instance, "extend_volume", "compute_extend_volume", who, deps);
    } else if (
      event.name === "power-update" && (event.tag === "POWER_ON" || event.tag === "POWER_OFF")
    ) {
      const on = event.tag === "POWER_ON";
      await handle(kv, instance, on ? "start" : "stop", "compute_power_update", who, deps, on);
    }
  }
  return codes;
}
