/**
 * Task timelines of the moves of the simulated hypervisor: a live migration (task migrating
 * while the guest keeps running, memory copied in rounds, then the guest lives on the
 * destination) and an evacuation (the guest rebuilt on another host while its own host is down).
 * Pure functions building the steps; each step's `move` says what it does to the migration
 * record and the hosts (applied by `lib/instances/move_steps.ts`).
 *
 * @module
 */
import type { MoveChange, Step } from "./types.ts";

/** The instance-action events of a live migration, as Nova's conductor and compute name them. */
export const LIVE_MIGRATION_EVENTS = {
  conductor: "conductor_live_migrate_instance",
  checkDestination: "compute_check_can_live_migrate_destination",
  checkSource: "compute_check_can_live_migrate_source",
  liveMigration: "compute_live_migration",
  pre: "compute_pre_live_migration",
  postAtDestination: "compute_post_live_migration_at_destination",
} as const;

/** The instance-action events of an evacuation, as Nova's conductor and compute name them. */
export const EVACUATE_EVENTS = {
  conductor: "rebuild_server",
  rebuild: "compute_rebuild_instance",
  stop: "compute_stop_instance",
} as const;

function at(now: Date, seconds: number): string {
  return new Date(now.getTime() + Math.round(seconds * 1000)).toISOString();
}

type States = Pick<Step, "vm_state" | "power_state">;

/** Where a move lands: the destination host, its node and zone. */
export interface MoveTarget {
  host: string;
  node: string;
  availability_zone: string;
}

/** What a live migration moves: its migration record, destination and sizes in bytes. */
export interface LiveMigrationPlan {
  migrationId: number;
  target: MoveTarget;
  /** The guest's RAM, bytes. */
  memoryBytes: number;
  /** The disk copied by a block migration, bytes (0 on shared storage). */
  diskBytes: number;
}

/**
 * The steps of a live migration, once the API set task state migrating and the conductor chose
 * the destination (migration `accepted`): the destination and source checks (`queued`), the
 * destination prepared (`preparing`), memory copied in rounds (`running`, with memory_total /
 * processed / remaining growing), then the guest runs on the destination with no task
 * (`completed`). The vm_state and power state stay `from`'s (active or paused) throughout.
 * Spread evenly over `seconds`.
 *
 * @example
 * ```ts
 * liveMigrationSteps(new Date(), { vm_state: "active", power_state: 1 }, plan, { seconds: 1 })
 *   .at(-1)?.move?.status; // "completed"
 * ```
 */
export function liveMigrationSteps(
  now: Date,
  from: States,
  plan: LiveMigrationPlan,
  options: { seconds: number },
): Step[] {
  const s = options.seconds;
  const E = LIVE_MIGRATION_EVENTS;
  const id = plan.migrationId;
  const mem = plan.memoryBytes;
  const disk = plan.diskBytes;
  const progress = (f: number): Pick<MoveChange, "memory" | "disk"> => {
    const m = Math.round(mem * f);
    const d = Math.round(disk * f);
    return {
      memory: { total: mem, processed: m, remaining: mem - m },
      disk: { total: disk, processed: d, remaining: disk - d },
    };
  };
  const migrating = (t: number, extra: Partial<Step> = {}): Step => ({
    due: at(now, s * t),
    ...from,
    task_state: "migrating",
    ...extra,
  });
  const finish = (name: string): Step["event"] => ({ name, phase: "finish", result: "Success" });
  return [
    migrating(1 / 6, { event: finish(E.checkDestination), move: { migration_id: id } }),
    migrating(1 / 6, { event: finish(E.checkSource) }),
    migrating(1 / 6, { event: finish(E.conductor), move: { migration_id: id, status: "queued" } }),
    migrating(2 / 6, {
      event: { name: E.liveMigration, phase: "start" },
      move: { migration_id: id, status: "preparing" },
    }),
    migrating(2 / 6, { event: { name: E.pre, phase: "start" } }),
    migrating(3 / 6, { event: finish(E.pre), move: { migration_id: id, status: "running" } }),
    migrating(3 / 6, { move: { migration_id: id, ...progress(0) } }),
    migrating(4 / 6, { move: { migration_id: id, ...progress(0.5) } }),
    migrating(5 / 6, {
      event: { name: E.postAtDestination, phase: "start" },
      move: { migration_id: id, ...progress(1) },
    }),
    {
      due: at(now, s),
      ...from,
      task_state: null,
      event: finish(E.postAtDestination),
      move: { migration_id: id, status: "completed", land: plan.target },
    },
    { due: at(now, s), ...from, task_state: null, event: finish(E.liveMigration) },
  ];
}

/**
 * The step of a live migration the conductor refused (no destination, a host down, too little
 * memory, ...): after `seconds` the task is cleared (the vm_state and power state stay `from`'s),
 * the migration is `error`, the conductor's event failed and the server carries the fault.
 * `seconds` 0 is the synchronous answer before 2.34.
 */
export function liveMigrationFailureSteps(
  now: Date,
  from: States,
  failure: { migrationId: number; message: string; code: number; details: string },
  options: { seconds: number },
): Step[] {
  return [{
    due: at(now, options.seconds),
    ...from,
    task_state: null,
    event: { name: LIVE_MIGRATION_EVENTS.conductor, phase: "finish", result: "Error" },
    move: {
      migration_id: failure.migrationId,
      status: "error",
      fault: { code: failure.code, message: failure.message, details: failure.details },
    },
  }];
}

/** What an evacuation moves: its migration record, destination, and how the guest ends. */
export interface EvacuationPlan {
  migrationId: number;
  target: MoveTarget;
  /** The server's vm_state when asked (kept while it is rebuilt). */
  from: Step["vm_state"];
  /** End STOPPED (a stopped server, or any server from 2.95) rather than ACTIVE. */
  stopped: boolean;
}

/**
 * The steps of an evacuation, once the API set task state rebuilding (migration `accepted`):
 * the conductor hands the server to the destination, which claims it (`pre-migrating`; the
 * server's host is now the destination, its old host's capacity given back), then
 * rebuild_block_device_mapping, rebuild_spawning, and ACTIVE / RUNNING (`done`). A server that
 * must end stopped is then powered off (task powering-off, then STOPPED / SHUTDOWN), inside the
 * rebuild. Spread evenly over `seconds`.
 */
export function evacuateSteps(
  now: Date,
  plan: EvacuationPlan,
  options: { seconds: number },
): Step[] {
  const s = options.seconds;
  const E = EVACUATE_EVENTS;
  const id = plan.migrationId;
  const vm_state = plan.from;
  const steps: Step[] = [
    {
      due: at(now, s / 5),
      vm_state,
      task_state: "rebuilding",
      power_state: 0,
      event: { name: E.conductor, phase: "finish", result: "Success" },
      move: { migration_id: id, status: "pre-migrating", land: plan.target },
    },
    {
      due: at(now, s / 5),
      vm_state,
      task_state: "rebuilding",
      power_state: 0,
      event: { name: E.rebuild, phase: "start" },
    },
    {
      due: at(now, (2 * s) / 5),
      vm_state,
      task_state: "rebuild_block_device_mapping",
      power_state: 0,
    },
    { due: at(now, (3 * s) / 5), vm_state, task_state: "rebuild_spawning", power_state: 0 },
  ];
  if (plan.stopped) {
    steps.push(
      {
        due: at(now, (4 * s) / 5),
        vm_state: "active",
        task_state: "powering-off",
        power_state: 1,
        event: { name: E.stop, phase: "start" },
      },
      {
        due: at(now, s),
        vm_state: "stopped",
        task_state: null,
        power_state: 4,
        event: { name: E.stop, phase: "finish", result: "Success" },
      },
    );
  }
  const end: States = plan.stopped
    ? { vm_state: "stopped", power_state: 4 }
    : { vm_state: "active", power_state: 1 };
  steps.push({
    due: at(now, s),
    ...end,
    task_state: null,
    event: { name: E.rebuild, phase: "finish", result: "Success" },
    move: { migration_id: id, status: "done" },
  });
  return steps;
}

/**
 * The step of an evacuation no host could take: after a fifth of `seconds` the server is ERROR
 * with no task and Nova's NoValidHost fault, the migration `error`, the conductor's event
 * failed. The server stays on its (down) host.
 */
export function evacuateNoValidHostSteps(
  now: Date,
  failure: { migrationId: number; message: string },
  options: { seconds: number },
): Step[] {
  return [{
    due: at(now, options.seconds / 5),
    vm_state: "error",
    task_state: null,
    power_state: 0,
    event: { name: EVACUATE_EVENTS.conductor, phase: "finish", result: "Error" },
    move: {
      migration_id: failure.migrationId,
      status: "error",
      fault: {
        code: 500,
        message: failure.message,
        details: "nova.exception.NoValidHost: " + failure.message,
      },
    },
  }];
}
