/**
 * Server actions of the simulated hypervisor (Nova's `compute.API` power and lock methods): stop,
 * start, reboot, pause, unpause, suspend, resume, trigger_crash_dump, lock and unlock. Each is one atomic change that
 * first applies whatever steps are due, checks Nova's preconditions in Nova's order (the lock,
 * then the host, then vm_state, task_state and launched_at), sets the task state the API sets
 * and stores the compute manager's steps (`lib/virt/timeline.ts`) for readers to apply.
 *
 * Each records its instance action (Nova's action name, the caller's request id, user and project)
 * in the same change; the steps carry the events that settling the record adds to it.
 *
 * @module
 */
import { DomainError } from "../errors/mod.ts";
import { updateInstance } from "../store/instances.ts";
import { transact } from "../store/transaction.ts";
import { type PowerAction, powerActionSteps, rebootSteps } from "../virt/timeline.ts";
import type { InstanceDeps } from "./deps.ts";
import { InstanceNotFound } from "./errors.ts";
import { InstanceInvalidState, InstanceIsLocked } from "./errors.ts";
import { emulatedSteps } from "./emulator.ts";
import { recordActionStart, recordInstantEvent } from "./instance_actions.ts";
import { readSettled, settleInTx } from "./settle.ts";
import type { Step } from "../virt/types.ts";
import type { Instance, TaskState, VmState } from "./types.ts";

/** Who asks for an action: Nova's `context.is_admin` and the caller's project. */
export interface ActionActor {
  projectId: string;
  isAdmin: boolean;
  /** The caller, recorded with the action. */
  userId?: string | null;
  /** The request's `req-...` id, recorded with the action (made when absent). */
  requestId?: string;
}

/** Nova's `InstanceNotReady` (409): the instance has no host yet. */
export class InstanceNotReady extends DomainError {
  constructor(uuid: string) {
    super("conflict", `Instance ${uuid} is not ready`);
  }
}

/**
 * Nova's API answer to an `InstanceInvalidState` without a state to name (an instance never
 * launched): 409 "Instance X is in an invalid state for 'action'".
 */
export class InstanceNotLaunched extends DomainError {
  constructor(action: string, uuid: string) {
    super("conflict", `Instance ${uuid} is in an invalid state for '${action}'`);
  }
}

/** Preconditions and effect of one action, as Nova's decorators and API method state them. */
interface ActionSpec {
  /** The action's name in Nova's 409 messages and its instance actions (`stop`, `reboot`, ...). */
  name: string;
  /** The event the compute manager records at once for an action with no task. */
  instantEvent?: string;
  /** `check_instance_host`. */
  needsHost: boolean;
  /** `check_instance_state(vm_state=...)`. */
  vmStates: readonly VmState[];
  /** `check_instance_state(task_state=...)` (Nova's default: no task). */
  taskStates: readonly TaskState[];
  /** The task state the API sets (null: the action changes no state). */
  taskState: string | null;
  /**
   * The compute manager's steps from the record as it stands; `deps` has the emulator's step
   * delays applied (see `./emulator.ts`).
   */
  steps: (now: Date, current: Instance, deps: InstanceDeps) => Step[];
}

/**
 * Whether Nova's record would name a host: the simulation places a server when it is created,
 * but Nova's compute host claims it only after scheduling (the record has no host until then).
 */
function hostChosen(instance: Instance): boolean {
  if (instance.vm_state === "building" && instance.task_state === "scheduling") return false;
  return instance.host !== null;
}

function checkState(instance: Instance, spec: ActionSpec, actor: ActionActor): void {
  if (instance.locked && !actor.isAdmin) throw new InstanceIsLocked(instance.uuid);
  if (spec.needsHost && !hostChosen(instance)) throw new InstanceNotReady(instance.uuid);
  if (!spec.vmStates.includes(instance.vm_state)) {
    throw new InstanceInvalidState(spec.name, instance.uuid, "vm_state", instance.vm_state);
  }
  if (!spec.taskStates.includes(instance.task_state)) {
    throw instance.task_state === null
      ? new InstanceNotLaunched(spec.name, instance.uuid)
      : new InstanceInvalidState(spec.name, instance.uuid, "task_state", instance.task_state);
  }
  if (!instance.launched_at) throw new InstanceNotLaunched(spec.name, instance.uuid);
}

async function act(
  kv: Deno.Kv,
  uuid: string,
  actor: ActionActor,
  deps: InstanceDeps,
  spec: ActionSpec,
): Promise<Instance> {
  return await transact(kv, async (tx) => {
    const { now, found, current } = await readSettled(tx, deps, uuid);
    checkState(current, spec, actor);
    const requestId = await recordActionStart(tx, uuid, spec.name, actor, now);
    // An action with no task stores nothing but its action and what settling the record staged.
    if (spec.taskState === null) {
      if (spec.instantEvent) {
        await recordInstantEvent(tx, uuid, requestId, spec.instantEvent, current.host, now);
      }
      return current;
    }
    const next: Instance = {
      ...current,
      task_state: spec.taskState,
      updated_at: now.toISOString(),
      pending: await emulatedSteps(
        tx,
        deps,
        { instance: current, action: spec.name, requestId, now },
        (d) => spec.steps(now, current, d),
      ),
    };
    if (spec.taskState === "powering-off") next.progress = 0;
    // Settle against the record as stored (found): its staged writes are replaced by these.
    const after = await settleInTx(tx, deps, next, now);
    if (after === null) throw new InstanceNotFound(uuid);
    updateInstance(tx, found, after);
    return after;
  });
}

const NO_TASK: readonly TaskState[] = [null];

/** Nova's `task_states.ALLOW_REBOOT`: the tasks a HARD reboot may interrupt. */
const ALLOW_REBOOT: readonly TaskState[] = [
  null,
  "rebooting",
  "reboot_pending",
  "reboot_started",
  "resuming",
  "rebooting_hard",
  "unpausing",
  "pausing",
  "suspending",
];

function power(
  name: string,
  action: PowerAction,
  vmStates: readonly VmState[],
  taskState: string,
  needsHost = false,
): (deps: InstanceDeps) => ActionSpec {
  return (_deps) => ({
    name,
    needsHost,
    vmStates,
    taskStates: NO_TASK,
    taskState,
    steps: (now, _current, d) => powerActionSteps(now, action, { seconds: d.bootSeconds }),
  });
}

const STOP = power("stop", "stop", ["active", "error"], "powering-off", true);
const START = power("start", "start", ["stopped"], "powering-on", true);
const PAUSE = power("pause", "pause", ["active"], "pausing");
const UNPAUSE = power("unpause", "unpause", ["paused"], "unpausing");
const SUSPEND = power("suspend", "suspend", ["active"], "suspending");
const RESUME = power("resume", "resume", ["suspended"], "resuming");

/**
 * `os-stop`: ACTIVE or ERROR with a host, no task -> task powering-off, then SHUTOFF (vm_state
 * stopped, power state 4). Errors: {@link InstanceNotFound}, {@link InstanceIsLocked} (a
 * non-admin on a locked server), {@link InstanceNotReady}, {@link InstanceInvalidState} (409s).
 *
 * @example
 * ```ts
 * await stopServer(kv, uuid, { projectId: "p1", isAdmin: false }, deps); // task "powering-off"
 * ```
 */
export function stopServer(
  kv: Deno.Kv,
  uuid: string,
  actor: ActionActor,
  deps: InstanceDeps,
): Promise<Instance> {
  return act(kv, uuid, actor, deps, STOP(deps));
}

/** `os-start`: SHUTOFF with a host, no task -> powering-on, then ACTIVE. Errors as stop. */
export function startServer(
  kv: Deno.Kv,
  uuid: string,
  actor: ActionActor,
  deps: InstanceDeps,
): Promise<Instance> {
  return act(kv, uuid, actor, deps, START(deps));
}

/** `pause`: ACTIVE, no task -> pausing, then PAUSED (power state 3). Errors as stop. */
export function pauseServer(
  kv: Deno.Kv,
  uuid: string,
  actor: ActionActor,
  deps: InstanceDeps,
): Promise<Instance> {
  return act(kv, uuid, actor, deps, PAUSE(deps));
}

/** `unpause`: PAUSED, no task -> unpausing, then ACTIVE. Errors as stop. */
export function unpauseServer(
  kv: Deno.Kv,
  uuid: string,
  actor: ActionActor,
  deps: InstanceDeps,
): Promise<Instance> {
  return act(kv, uuid, actor, deps, UNPAUSE(deps));
}

/** `suspend`: ACTIVE, no task -> suspending, then SUSPENDED (power state 7). Errors as stop. */
export function suspendServer(
  kv: Deno.Kv,
  uuid: string,
  actor: ActionActor,
  deps: InstanceDeps,
): Promise<Instance> {
  return act(kv, uuid, actor, deps, SUSPEND(deps));
}

/** `resume`: SUSPENDED, no task -> resuming, then ACTIVE. Errors as stop. */
export function resumeServer(
  kv: Deno.Kv,
  uuid: string,
  actor: ActionActor,
  deps: InstanceDeps,
): Promise<Instance> {
  return act(kv, uuid, actor, deps, RESUME(deps));
}

/**
 * `reboot`: SOFT from ACTIVE with no task (task rebooting); HARD from ACTIVE, SHUTOFF, PAUSED,
 * SUSPENDED or ERROR, also during another reboot, pause, unpause, suspend or resume (task
 * rebooting_hard, replacing that task's steps). Both end ACTIVE. No host check, as Nova's.
 */
export function rebootServer(
  kv: Deno.Kv,
  uuid: string,
  type: "SOFT" | "HARD",
  actor: ActionActor,
  deps: InstanceDeps,
): Promise<Instance> {
  const hard = type === "HARD";
  return act(kv, uuid, actor, deps, {
    name: "reboot",
    needsHost: false,
    vmStates: hard ? ["active", "stopped", "paused", "suspended", "error"] : ["active"],
    taskStates: hard ? ALLOW_REBOOT : NO_TASK,
    taskState: hard ? "rebooting_hard" : "rebooting",
    steps: (now, current, d) => rebootSteps(now, type, current, { seconds: d.bootSeconds }),
  });
}

/** Nova's `vm_states.ALLOW_TRIGGER_CRASH_DUMP`. */
const ALLOW_TRIGGER_CRASH_DUMP: readonly VmState[] = [
  "active",
  "paused",
  "rescued",
  "resized",
  "error",
];

/**
 * `trigger_crash_dump` (2.17): ACTIVE, PAUSED, RESCUED, RESIZED or ERROR with a host and no task.
 * The simulated guest has nothing to dump, and Nova changes no state for it either. Errors as
 * stop.
 */
export function triggerCrashDump(
  kv: Deno.Kv,
  uuid: string,
  actor: ActionActor,
  deps: InstanceDeps,
): Promise<Instance> {
  return act(kv, uuid, actor, deps, {
    name: "trigger_crash_dump",
    instantEvent: "compute_trigger_crash_dump",
    needsHost: true,
    vmStates: ALLOW_TRIGGER_CRASH_DUMP,
    taskStates: NO_TASK,
    taskState: null,
    steps: () => [],
  });
}

/** Whether the caller is whom the lock expects (Nova's `is_expected_locked_by`). */
export function isExpectedLockedBy(instance: Instance, actor: ActionActor): boolean {
  const expected = instance.project_id === actor.projectId ? "owner" : "admin";
  return instance.locked_by === null || instance.locked_by === expected;
}

/**
 * A lock change: `edit` gives the new record (null: nothing to do, nothing recorded); the action
 * `name` is recorded with the event Nova's API wraps the change in (`api_lock`, `api_unlock`).
 */
async function changeLock(
  kv: Deno.Kv,
  uuid: string,
  deps: InstanceDeps,
  name: "lock" | "unlock",
  who: Omit<ActionActor, "isAdmin"> | undefined,
  edit: (current: Instance) => Instance | null,
): Promise<Instance> {
  return await transact(kv, async (tx) => {
    const { now, found, current } = await readSettled(tx, deps, uuid);
    const edited = edit(current);
    if (edited === null) return current;
    const requestId = await recordActionStart(tx, uuid, name, who ?? {}, now);
    await recordInstantEvent(tx, uuid, requestId, `api_${name}`, null, now);
    const next = { ...edited, updated_at: now.toISOString() };
    updateInstance(tx, found, next);
    return next;
  });
}

/**
 * `lock`, in any state: locked by `owner` when the caller is of the server's project, else by
 * `admin`; `reason` (2.73) is kept when given (an earlier one stays otherwise). The owner locking
 * a locked server changes nothing.
 */
export function lockServer(
  kv: Deno.Kv,
  uuid: string,
  actor: ActionActor,
  reason: string | null,
  deps: InstanceDeps,
): Promise<Instance> {
  return changeLock(kv, uuid, deps, "lock", actor, (current) => {
    const isOwner = current.project_id === actor.projectId;
    if (current.locked && isOwner) return null;
    return {
      ...current,
      locked: true,
      locked_by: isOwner ? "owner" : "admin",
      locked_reason: reason ? reason : current.locked_reason,
    };
  });
}

/**
 * `unlock`, in any state: the lock, its owner and its reason go. Whether the caller may (the
 * `unlock_override` policy when {@link isExpectedLockedBy} says no) is the API's to check. The
 * `unlock` action is recorded for `who`.
 */
export function unlockServer(
  kv: Deno.Kv,
  uuid: string,
  deps: InstanceDeps,
  who?: Omit<ActionActor, "isAdmin">,
): Promise<Instance> {
  return changeLock(kv, uuid, deps, "unlock", who, (current) => ({
    ...current,
    locked: false,
    locked_by: null,
    locked_reason: null,
  }));
}
