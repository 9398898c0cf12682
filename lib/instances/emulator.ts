/**
 * The emulator controls of the simulated hypervisor (what no Nova has, for test authors): armed
 * faults that make the next starts of an action fail, step delays that override the configured
 * ones, and advancing the clock of every pending step. All of it is kept in the store
 * (`lib/store/emulator.ts`), and an advance rewrites stored due times, so the compute and metadata
 * processes see one state. Nothing here runs unless `[emulator] enabled = true`
 * ({@link InstanceDeps.emulator}): with it off, tasks read neither delays nor faults.
 *
 * ## The hook: one call where an action stores its task's steps
 *
 * Every path that starts a task builds its steps through {@link emulatedSteps}, inside its
 * transaction, after recording the action's start (it needs the request id):
 *
 * ```ts
 * // before: pending: forRequest(resizeSteps(now, current, { seconds: deps.bootSeconds }), requestId)
 * pending: await emulatedSteps(
 *   tx,
 *   deps,
 *   { instance: current, action: "resize", requestId, now },
 *   (d) => resizeSteps(now, current, { seconds: d.bootSeconds }),
 * ),
 * ```
 *
 * `instance` is the record as it stood before the API set the task (a failure in `rollback` mode
 * returns to its vm_state and power state), `action` the instance action's name (what a fault
 * names), and the builder gets the deps with the stored delays applied (`bootSeconds` is
 * `action_seconds` for actions, `boot_seconds` for a build; `deleteSeconds` is `delete_seconds`).
 * The result is tagged with the request id and, when an armed fault matches, rewritten to fail
 * (`lib/virt/failure.ts`), the fault's count going down in the same transaction. Wired into the
 * power and reboot actions (`actions.ts`), create, delete and soft delete (`write.ts`), restore,
 * rescue and unrescue, shelve, shelveOffload and unshelve; resize and migrate (`resize.ts`, the
 * branch that found a destination), confirmResize and revertResize, live-migration
 * (`live_migrate.ts`) and evacuate (`evacuate.ts`) when the conductor placed the server, rebuild,
 * createImage and createBackup (`snapshot.ts`, an image-backed server's), changePassword
 * (`admin.ts`, answered in the call: Nova's 409). A move fails as Nova's does, its claims and
 * migration with it (`lib/virt/move_failure.ts`); a failed upload deletes its image
 * (`failed_upload.ts`).
 *
 * @module
 */
import { DomainError } from "../errors/mod.ts";
import {
  deleteFaultRecord,
  type EmulatorSettings,
  type FaultRecord,
  getEmulatorSettings,
  getServerEmulatorSettings,
  listFaultRecords,
  readEmulatorSettings,
  readFaultRecord,
  readServerEmulatorSettings,
  writeEmulatorSettings,
  writeFaultRecord,
  writeServerEmulatorSettings,
} from "../store/emulator.ts";
import { getInstance, instanceUuids, readInstance, updateInstance } from "../store/instances.ts";
import { transact, type Transaction } from "../store/transaction.ts";
import { failedSteps, type FailureMode } from "../virt/failure.ts";
import { NO_VALID_HOST_MESSAGE } from "../virt/timeline.ts";
import type { Step } from "../virt/types.ts";
import type { InstanceDeps } from "./deps.ts";
import { InstanceNotFound } from "./errors.ts";
import { forRequest } from "./instance_actions.ts";
import { settleInTx } from "./settle.ts";
import type { Instance } from "./types.ts";

export type { EmulatorSettings, FaultRecord as EmulatorFault } from "../store/emulator.ts";

/** A fault id that names no armed fault (404). */
export class EmulatorFaultNotFound extends DomainError {
  constructor(id: string) {
    super("not-found", `Fault ${id} could not be found.`);
  }
}

/** The delays a settings answer shows: every one, null where the configured one applies. */
export type Delays = { [K in keyof EmulatorSettings]-?: number | null };

const DELAY_NAMES = ["boot_seconds", "delete_seconds", "action_seconds"] as const;

function delays(settings: EmulatorSettings): Delays {
  return {
    boot_seconds: settings.boot_seconds ?? null,
    delete_seconds: settings.delete_seconds ?? null,
    action_seconds: settings.action_seconds ?? null,
  };
}

/** `settings` with `changes` applied: a number sets a delay, null clears it, absent keeps it. */
function merged(settings: EmulatorSettings, changes: EmulatorSettings): Delays {
  const out = delays(settings);
  for (const name of DELAY_NAMES) {
    if (changes[name] !== undefined) out[name] = changes[name] ?? null;
  }
  return out;
}

/** The deployment-wide step delays. */
export async function getEmulatorDelays(kv: Deno.Kv): Promise<Delays> {
  return delays(await getEmulatorSettings(kv));
}

/**
 * Change the deployment-wide step delays (a number sets one, null clears it, an absent one stays)
 * and return them all.
 *
 * @example
 * ```ts
 * await setEmulatorDelays(kv, { boot_seconds: 0 }); // builds are ACTIVE at once
 * ```
 */
export async function setEmulatorDelays(kv: Deno.Kv, changes: EmulatorSettings): Promise<Delays> {
  return await transact(kv, async (tx) => {
    const next = merged(await readEmulatorSettings(tx), changes);
    writeEmulatorSettings(tx, next);
    return next;
  });
}

/** One live server's own step delays; {@link InstanceNotFound} when there is no such server. */
export async function getServerEmulatorDelays(kv: Deno.Kv, uuid: string): Promise<Delays> {
  if (!(await getInstance(kv, uuid))) throw new InstanceNotFound(uuid);
  return delays(await getServerEmulatorSettings(kv, uuid));
}

/** Change one live server's own step delays (over the deployment-wide ones), as the global ones. */
export async function setServerEmulatorDelays(
  kv: Deno.Kv,
  uuid: string,
  changes: EmulatorSettings,
): Promise<Delays> {
  return await transact(kv, async (tx) => {
    if (!(await readInstance(tx, uuid))) throw new InstanceNotFound(uuid);
    const next = merged(await readServerEmulatorSettings(tx, uuid), changes);
    writeServerEmulatorSettings(tx, uuid, next);
    return next;
  });
}

/**
 * `deps` with the stored delays applied for a task of `action` on server `uuid` (none for a
 * build: the server is new): its own delays over the deployment-wide ones over configuration.
 */
async function delayedDeps(
  tx: Transaction,
  deps: InstanceDeps,
  action: string,
  uuid: string | null,
): Promise<InstanceDeps> {
  const global = await readEmulatorSettings(tx);
  const own = uuid === null ? {} : await readServerEmulatorSettings(tx, uuid);
  const pick = (name: keyof EmulatorSettings) => own[name] ?? global[name] ?? undefined;
  const boot = pick("boot_seconds");
  return {
    ...deps,
    bootSeconds: action === "create"
      ? boot ?? deps.bootSeconds
      : pick("action_seconds") ?? boot ?? deps.bootSeconds,
    deleteSeconds: pick("delete_seconds") ?? deps.deleteSeconds,
  };
}

/** What arming a fault asks for. */
export interface FaultRequest {
  /** The instance action's name whose next starts fail (`reboot`, `stop`, `create`, ...). */
  action: string;
  /** Only this server's (it must exist); any server's when absent. */
  serverId?: string | null;
  /** How many starts fail (default 1). */
  count?: number;
  /** How the task ends (default `error`; see `lib/virt/failure.ts`). */
  mode?: FailureMode;
  /** The instance fault's message (default: Nova's generic one, NoValidHost's for a build). */
  message?: string | null;
}

/**
 * Arm a fault: the next `count` starts of `action` (on one server, or any) fail. Errors:
 * {@link InstanceNotFound} for a server that does not exist.
 *
 * @example
 * ```ts
 * await armFault(kv, { action: "reboot", serverId: uuid, mode: "rollback" }, deps);
 * ```
 */
export async function armFault(
  kv: Deno.Kv,
  request: FaultRequest,
  deps: InstanceDeps,
): Promise<FaultRecord> {
  return await transact(kv, async (tx) => {
    const serverId = request.serverId ?? null;
    if (serverId !== null && !(await readInstance(tx, serverId))) {
      throw new InstanceNotFound(serverId);
    }
    const fault: FaultRecord = {
      id: crypto.randomUUID(),
      action: request.action,
      server_id: serverId,
      count: request.count ?? 1,
      mode: request.mode ?? "error",
      message: request.message ?? null,
      created_at: deps.clock().toISOString(),
    };
    writeFaultRecord(tx, fault);
    return fault;
  });
}

function byAge(a: FaultRecord, b: FaultRecord): number {
  return a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : 1;
}

/** The armed faults, oldest first. */
export async function listFaults(kv: Deno.Kv): Promise<FaultRecord[]> {
  return (await listFaultRecords(kv)).sort(byAge);
}

/** Disarm a fault; {@link EmulatorFaultNotFound} when none has that id. */
export async function disarmFault(kv: Deno.Kv, id: string): Promise<void> {
  await transact(kv, async (tx) => {
    if (!(await readFaultRecord(tx, id))) throw new EmulatorFaultNotFound(id);
    deleteFaultRecord(tx, id);
  });
}

/** Counts a transaction has already taken down (its reads do not see its own writes). */
const TAKEN = new WeakMap<Transaction, Map<string, number>>();

/**
 * Stage taking one start off the armed fault that matches `action` on `uuid`, if any: one of
 * the server's own first, else a global one, oldest first. A fault whose count reaches 0 goes.
 */
async function takeFault(
  tx: Transaction,
  action: string,
  uuid: string,
): Promise<FaultRecord | null> {
  const candidates = (await listFaultRecords(tx.kv))
    .filter((f) => f.action === action && (f.server_id === uuid || f.server_id === null))
    .sort((a, b) => (a.server_id === null ? 1 : 0) - (b.server_id === null ? 1 : 0) || byAge(a, b));
  if (candidates.length === 0) return null;
  let taken = TAKEN.get(tx);
  if (!taken) TAKEN.set(tx, taken = new Map());
  for (const candidate of candidates) {
    const stored = await readFaultRecord(tx, candidate.id);
    if (!stored) continue;
    const left = taken.get(stored.id) ?? stored.count;
    if (left <= 0) continue;
    taken.set(stored.id, left - 1);
    if (left === 1) deleteFaultRecord(tx, stored.id);
    else writeFaultRecord(tx, { ...stored, count: left - 1 });
    return stored;
  }
  return null;
}

/** Nova's generic `NovaException` message, the default of an injected fault. */
export const INJECTED_FAULT_MESSAGE = "An unknown exception occurred.";

/** The start of a task, as {@link emulatedSteps} needs it. */
export interface TaskStart {
  /** The record before the API set the task (for a build: the new record). */
  instance: Instance;
  /** The instance action's name (`create`, `delete`, `reboot`, ...). */
  action: string;
  /** The action's request id (the steps' events are tagged with it). */
  requestId: string;
  now: Date;
}

/**
 * `steps` of a task that starts as `start` says, failed when an armed fault matches (its count
 * taken down in `tx`); `steps` themselves otherwise, or when the emulator is off.
 */
export async function armedFaultSteps(
  tx: Transaction,
  deps: InstanceDeps,
  start: TaskStart,
  steps: Step[],
): Promise<Step[]> {
  if (!deps.emulator || steps.length === 0) return steps;
  const fault = await takeFault(tx, start.action, start.instance.uuid);
  if (!fault) return steps;
  const build = start.action === "create";
  const message = fault.message ?? (build ? NO_VALID_HOST_MESSAGE : INJECTED_FAULT_MESSAGE);
  const exception = build ? "NoValidHost" : "NovaException";
  const details = `nova.exception.${exception}: ${message}`;
  return failedSteps(steps, start.instance, { mode: fault.mode, message, details, build }) ??
    steps;
}

/**
 * The hook (see the module doc): the steps a task stores, built by `build` from the deps with the
 * stored delays applied, tagged with the action's request id, and failed when an armed fault
 * matches. With the emulator off this is `forRequest(build(deps), requestId)`.
 */
export async function emulatedSteps(
  tx: Transaction,
  deps: InstanceDeps,
  start: TaskStart,
  build: (deps: InstanceDeps) => Step[],
): Promise<Step[]> {
  if (!deps.emulator) return forRequest(build(deps), start.requestId);
  const uuid = start.action === "create" ? null : start.instance.uuid;
  const effective = await delayedDeps(tx, deps, start.action, uuid);
  return await armedFaultSteps(tx, deps, start, forRequest(build(effective), start.requestId));
}

/**
 * Move the pending steps of one server `seconds` earlier (never before now; a step already due
 * stays as it is) and apply what came due, in one atomic change. Whether it had steps to move.
 */
async function advanceOne(
  kv: Deno.Kv,
  deps: InstanceDeps,
  uuid: string,
  seconds: number,
): Promise<boolean | null> {
  return await transact(kv, async (tx) => {
    const found = await readInstance(tx, uuid);
    if (!found) return null;
    if (found.pending.length === 0) return false;
    const now = deps.clock();
    const floor = now.getTime();
    const shift = seconds * 1000;
    const moved: Instance = {
      ...found,
      pending: found.pending.map((step) => {
        const due = Date.parse(step.due);
        if (due <= floor) return step;
        return { ...step, due: new Date(Math.max(due - shift, floor)).toISOString() };
      }),
    };
    const after = await settleInTx(tx, deps, moved, now);
    // Nothing came due: settling wrote nothing, so the moved steps are stored here.
    if (after === moved) updateInstance(tx, found, moved);
    return true;
  });
}

/**
 * Advance the simulated clock by `seconds`: every pending step of every live server (or of
 * `serverId` alone) becomes due that much sooner, and what came due is applied. Each server is
 * its own atomic change (so any number of servers stays within KV's per-operation limits).
 * Returns how many servers had steps moved. Errors: {@link InstanceNotFound} for an unknown
 * `serverId`.
 *
 * @example
 * ```ts
 * await advanceClock(kv, deps, 3600); // a soft-deleted server's reclaim comes an hour sooner
 * ```
 */
export async function advanceClock(
  kv: Deno.Kv,
  deps: InstanceDeps,
  seconds: number,
  serverId?: string,
): Promise<{ servers: number }> {
  if (serverId !== undefined) {
    const moved = await advanceOne(kv, deps, serverId, seconds);
    if (moved === null) throw new InstanceNotFound(serverId);
    return { servers: moved ? 1 : 0 };
  }
  let servers = 0;
  const uuids: string[] = [];
  for await (const uuid of instanceUuids(kv, { desc: false, batchSize: 500 })) uuids.push(uuid);
  for (const uuid of uuids) {
    if (await advanceOne(kv, deps, uuid, seconds)) servers++;
  }
  return { servers };
}
