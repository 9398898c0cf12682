/**
 * A server's API `status` from its `vm_state` and `task_state`, as Nova's
 * `common.status_from_state` maps them, and the way back for the `status` list filter
 * (`common.task_and_vm_state_from_status`).
 *
 * @module
 */

/** Per vm_state: the status for each task_state that changes it, and the default. */
const STATE_MAP: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  active: {
    default: "ACTIVE",
    rebooting: "REBOOT",
    reboot_pending: "REBOOT",
    reboot_started: "REBOOT",
    rebooting_hard: "HARD_REBOOT",
    reboot_pending_hard: "HARD_REBOOT",
    reboot_started_hard: "HARD_REBOOT",
    updating_password: "PASSWORD",
    rebuilding: "REBUILD",
    rebuild_block_device_mapping: "REBUILD",
    rebuild_spawning: "REBUILD",
    migrating: "MIGRATING",
    resize_prep: "RESIZE",
    resize_migrating: "RESIZE",
    resize_migrated: "RESIZE",
    resize_finish: "RESIZE",
  },
  building: { default: "BUILD" },
  stopped: {
    default: "SHUTOFF",
    resize_prep: "RESIZE",
    resize_migrating: "RESIZE",
    resize_migrated: "RESIZE",
    resize_finish: "RESIZE",
    rebuilding: "REBUILD",
    rebuild_block_device_mapping: "REBUILD",
    rebuild_spawning: "REBUILD",
  },
  resized: { default: "VERIFY_RESIZE", resize_reverting: "REVERT_RESIZE" },
  paused: { default: "PAUSED", migrating: "MIGRATING" },
  suspended: { default: "SUSPENDED" },
  rescued: { default: "RESCUE" },
  error: {
    default: "ERROR",
    rebuilding: "REBUILD",
    rebuild_block_device_mapping: "REBUILD",
    rebuild_spawning: "REBUILD",
  },
  deleted: { default: "DELETED" },
  "soft-delete": { default: "SOFT_DELETED" },
  shelved: { default: "SHELVED" },
  shelved_offloaded: { default: "SHELVED_OFFLOADED" },
};

/**
 * The API status of a server in `vmState` with `taskState` (`UNKNOWN` for a vm_state Nova does
 * not know).
 *
 * @example
 * ```ts
 * statusFromState("active", "rebooting_hard"); // "HARD_REBOOT"
 * statusFromState("building", "spawning"); // "BUILD"
 * ```
 */
export function statusFromState(vmState: string, taskState: string | null): string {
  const tasks = Object.hasOwn(STATE_MAP, vmState) ? STATE_MAP[vmState] : undefined;
  if (tasks === undefined) return "UNKNOWN";
  if (taskState !== null && taskState !== "default" && Object.hasOwn(tasks, taskState)) {
    return tasks[taskState];
  }
  return tasks.default;
}

/**
 * The vm_states and task_states a list of statuses stands for (case-insensitive), sorted; the
 * task state `default` stands for "any other task state", as in Nova.
 *
 * @example
 * ```ts
 * statesFromStatus(["shutoff"]); // { vmStates: ["stopped"], taskStates: ["default"] }
 * ```
 */
export function statesFromStatus(
  statuses: readonly string[],
): { vmStates: string[]; taskStates: string[] } {
  const wanted = new Set(statuses.map((s) => s.toLowerCase()));
  const vmStates = new Set<string>();
  const taskStates = new Set<string>();
  for (const [vmState, tasks] of Object.entries(STATE_MAP)) {
    for (const [taskState, status] of Object.entries(tasks)) {
      if (wanted.has(status.toLowerCase())) {
        vmStates.add(vmState);
        taskStates.add(taskState);
      }
    }
  }
  const sort = (s: Set<string>) => [...s].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { vmStates: sort(vmStates), taskStates: sort(taskStates) };
}
