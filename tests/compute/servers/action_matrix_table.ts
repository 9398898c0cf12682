/**
 * The server action matrix as data: for each action (request, microversion, configuration) and
 * each vm_state a test can reach, the status Nova answers and, where it accepts, the
 * (vm_state, task_state, power_state) records seen until the server is at rest and the instance
 * action it records. `action_matrix.test.ts` runs every row over real HTTP on a test clock.
 *
 * The expectations come from Nova's source, not from this project's code: the statuses from the
 * `check_instance_lock` / `check_instance_host` / `check_instance_state` decorators in
 * `nova/compute/api.py` (with `vm_states.ALLOW_*` and `must_have_launched`), the states from the
 * task states the API sets and the compute manager's steps, the events from
 * `wrap_instance_event(prefix='compute')` (`compute_<method>`), `prefix='api'` (lock, unlock) and
 * the conductor's `EventReporter`s. A server in ERROR here comes from a NoValidHost build: it never
 * launched (`launched_at` is null) and has no host, which Nova's decorators both check.
 *
 * To add an action: add an {@link ACTIONS} entry (its request) and its rows: one
 * {@link accepted} row per state it is accepted from, then {@link refusedElsewhere} for the rest.
 *
 * @module
 */

/**
 * A state the matrix starts from: a vm_state at rest (soft_deleted is Nova's `soft-delete`), or
 * ACTIVE with a task in progress (`rebooting`: a SOFT reboot just accepted; `powering-off`: a
 * stop just accepted), which checks the decorators' task_state column.
 */
export type FromState =
  | "active"
  | "stopped"
  | "paused"
  | "suspended"
  | "rescued"
  | "shelved"
  | "shelved_offloaded"
  | "soft_deleted"
  | "error"
  | "rebooting"
  | "powering-off";

/** Every state the matrix starts from. */
export const FROM_STATES: readonly FromState[] = [
  "active",
  "stopped",
  "paused",
  "suspended",
  "rescued",
  "shelved",
  "shelved_offloaded",
  "soft_deleted",
  "error",
  "rebooting",
  "powering-off",
];

/** Option overrides by group, as the compute harness takes them. */
export type Config = Record<string, Record<string, unknown>>;

/** One request of an action or of a recipe: `POST /servers/{id}/action` with `body`, or DELETE. */
export interface ActionRequest {
  method: "POST" | "DELETE";
  /** The `/action` body (POST only). */
  body?: unknown;
  /** The microversion sent (default 2.1). */
  microversion?: string;
  /** Options the action needs (merged with the starting state's). */
  config?: Config;
  /** Who sends it (default `member`, the server's owner; `admin` where Nova's policy says so). */
  as?: "admin" | "member";
  /** An accepted request answers with a body (rescue's adminPass); others answer none. */
  responds?: boolean;
}

/** How a test reaches a starting state from a fresh server. */
export interface Recipe {
  /** `too-big`: the server is created with a flavor no host can take (NoValidHost → ERROR). */
  create: "normal" | "too-big";
  /** Then these requests, each followed by waiting until the server is at rest. */
  then: ActionRequest[];
  /** The last request's task is left in progress: the clock does not move after it. */
  midTask?: boolean;
  /** Options the state needs. */
  config?: Config;
  /** The record once reached: [vm_state, task_state, power_state]. */
  record: Seen;
}

/** A server record as observed: [vm_state, task_state, power_state], or `gone` (404). */
export type Seen = readonly [string, string | null, number] | "gone";

const post = (body: unknown, microversion?: string, as?: "admin"): ActionRequest => ({
  method: "POST",
  body,
  microversion,
  as,
});

/** Every configuration runs with these: steps of 12 s, shelved servers stay, no quota limits. */
export const BASE_CONFIG: Config = {
  deno: { fake_boot_seconds: 12 },
  virt: { fake_delete_seconds: 12 },
  DEFAULT: { shelved_offload_time: -1 },
  quota: { instances: -1, cores: -1, ram: -1 },
};

/** `[DEFAULT] reclaim_instance_interval` of an hour: DELETE soft-deletes a launched server. */
export const DEFERRED_DELETE: Config = { DEFAULT: { reclaim_instance_interval: 3600 } };

/** How to reach each starting state. */
export const RECIPES: Readonly<Record<FromState, Recipe>> = {
  active: { create: "normal", then: [], record: ["active", null, 1] },
  stopped: { create: "normal", then: [post({ "os-stop": null })], record: ["stopped", null, 4] },
  paused: { create: "normal", then: [post({ pause: null })], record: ["paused", null, 3] },
  suspended: {
    create: "normal",
    then: [post({ suspend: null })],
    record: ["suspended", null, 7],
  },
  rescued: { create: "normal", then: [post({ rescue: null })], record: ["rescued", null, 1] },
  shelved: { create: "normal", then: [post({ shelve: null })], record: ["shelved", null, 4] },
  shelved_offloaded: {
    create: "normal",
    then: [post({ shelve: null }), post({ shelveOffload: null }, "2.1", "admin")],
    record: ["shelved_offloaded", null, 4],
  },
  soft_deleted: {
    create: "normal",
    then: [{ method: "DELETE" }],
    config: DEFERRED_DELETE,
    record: ["soft-delete", null, 4],
  },
  error: { create: "too-big", then: [], record: ["error", null, 0] },
  rebooting: {
    create: "normal",
    then: [post({ reboot: { type: "SOFT" } })],
    midTask: true,
    record: ["active", "rebooting", 1],
  },
  "powering-off": {
    create: "normal",
    then: [post({ "os-stop": null })],
    midTask: true,
    record: ["active", "powering-off", 1],
  },
};

/** The actions under test, by the name rows use. */
export const ACTIONS: Readonly<Record<string, ActionRequest>> = {
  "reboot SOFT": post({ reboot: { type: "SOFT" } }),
  "reboot HARD": post({ reboot: { type: "HARD" } }),
  "os-stop": post({ "os-stop": null }),
  "os-start": post({ "os-start": null }),
  pause: post({ pause: null }),
  unpause: post({ unpause: null }),
  suspend: post({ suspend: null }),
  resume: post({ resume: null }),
  trigger_crash_dump: post({ trigger_crash_dump: null }, "2.17"),
  lock: post({ lock: null }),
  unlock: post({ unlock: null }),
  rescue: { ...post({ rescue: null }), responds: true },
  unrescue: post({ unrescue: null }),
  shelve: post({ shelve: null }),
  shelveOffload: post({ shelveOffload: null }, "2.1", "admin"),
  unshelve: post({ unshelve: null }),
  forceDelete: post({ forceDelete: null }),
  restore: post({ restore: null }),
  delete: { method: "DELETE" },
  "delete (reclaim_instance_interval set)": { method: "DELETE", config: DEFERRED_DELETE },
};

/** The instance action an accepted request records: its name and its events with results. */
export interface Recorded {
  action: string;
  events: readonly (readonly [event: string, result: string | null])[];
}

/** One cell of the matrix. */
export interface MatrixRow {
  /** A key of {@link ACTIONS}. */
  action: string;
  from: FromState;
  /** The HTTP status Nova answers. */
  status: number;
  /**
   * Accepted only: the records seen, the first right after the response, each change after, until
   * the server is at rest (no task, nothing due within the steps' time) or gone.
   */
  sequence?: readonly Seen[];
  /** Accepted only: the instance action recorded (null: none). */
  recorded?: Recorded | null;
}

/** A row for an accepted request. */
export function accepted(
  action: string,
  from: FromState,
  status: number,
  sequence: readonly Seen[],
  recorded: Recorded | null,
): MatrixRow {
  return { action, from, status, sequence, recorded };
}

/** 409 rows for every starting state not listed in `except`. */
export function refusedElsewhere(action: string, except: readonly FromState[]): MatrixRow[] {
  return FROM_STATES.filter((s) => !except.includes(s)).map((from) => ({
    action,
    from,
    status: 409,
  }));
}

const ok = (event: string): readonly [string, string] => [event, "Success"];
const did = (action: string, ...events: string[]): Recorded => ({
  action,
  events: events.map(ok),
});

/** A reboot from `[vm_state, power_state]`: the pending and started tasks, then ACTIVE. */
function rebootFrom(vm: string, power: number, hard: boolean): Seen[] {
  const sfx = hard ? "_hard" : "";
  return [
    [vm, hard ? "rebooting_hard" : "rebooting", power],
    [vm, `reboot_pending${sfx}`, power],
    [vm, `reboot_started${sfx}`, power],
    ["active", null, 1],
  ];
}

/** A shelve from `[vm_state, power_state]` with offloading off: snapshot tasks, then SHELVED. */
function shelveFrom(vm: string, power: number): Seen[] {
  return [
    [vm, "shelving", power],
    [vm, "shelving_image_pending_upload", power],
    [vm, "shelving_image_uploading", power],
    ["shelved", null, 4],
  ];
}

/** Where each starting state's server is, for the actions that accept any state. */
const AT: Readonly<Record<FromState, readonly [string, number]>> = {
  active: ["active", 1],
  stopped: ["stopped", 4],
  paused: ["paused", 3],
  suspended: ["suspended", 7],
  rescued: ["rescued", 1],
  shelved: ["shelved", 4],
  shelved_offloaded: ["shelved_offloaded", 4],
  soft_deleted: ["soft-delete", 4],
  error: ["error", 0],
  rebooting: ["active", 1],
  "powering-off": ["active", 1],
};

/** What a starting state's task in progress goes on to show when nothing replaces it. */
const IN_FLIGHT: Readonly<Partial<Record<FromState, readonly Seen[]>>> = {
  rebooting: rebootFrom("active", 1, false),
  "powering-off": [["active", "powering-off", 1], ["stopped", null, 4]],
};

/**
 * A delete from `from`: a server with a host is terminated by its compute (task deleting, then
 * gone, `compute_terminate_instance`); one with none (offloaded, or ERROR from NoValidHost, which
 * Nova keeps in cell0) is deleted by the API at once and no compute records an event.
 */
function deleteFrom(from: FromState): MatrixRow {
  const [vm, power] = AT[from];
  // A soft-deleted server exists only with the interval set, so DELETE soft-deletes it again.
  if (from === "soft_deleted") return { ...softDeleteFrom(from), action: "delete" };
  if (from === "shelved_offloaded" || from === "error") {
    return accepted("delete", from, 204, ["gone"], did("delete"));
  }
  return accepted(
    "delete",
    from,
    204,
    [[vm, "deleting", power], "gone"],
    did("delete", "compute_terminate_instance"),
  );
}

/** forceDelete: a delete that never soft-deletes, whatever the vm_state (Nova checks none). */
function forceDeleteFrom(from: FromState): MatrixRow {
  if (from === "soft_deleted") {
    return accepted(
      "forceDelete",
      from,
      202,
      [["soft-delete", "deleting", 4], "gone"],
      did("delete", "compute_terminate_instance"),
    );
  }
  return { ...deleteFrom(from), action: "forceDelete", status: 202 };
}

/**
 * A DELETE with `reclaim_instance_interval` set: Nova's `soft_delete` for a server that launched
 * (task soft-deleting, then SOFT_DELETED, `compute_soft_delete_instance`); one that never
 * launched fails `must_have_launched` and the API deletes it instead. A server without a host is
 * deleted by the API itself (`_local_delete` destroys the record after the soft delete's callback).
 */
function softDeleteFrom(from: FromState): MatrixRow {
  const action = "delete (reclaim_instance_interval set)";
  if (from === "error" || from === "shelved_offloaded") {
    return accepted(action, from, 204, ["gone"], did("delete"));
  }
  const [vm, power] = AT[from];
  return accepted(
    action,
    from,
    204,
    [[vm, "soft-deleting", power], ["soft-delete", null, 4]],
    did("delete", "compute_soft_delete_instance"),
  );
}

/** A request that changes no state: the record stays as it was. */
function unchanged(action: string, from: FromState, recorded: Recorded): MatrixRow {
  const [vm, power] = AT[from];
  return accepted(action, from, 202, IN_FLIGHT[from] ?? [[vm, null, power]], recorded);
}

/** The matrix. */
export const MATRIX: readonly MatrixRow[] = [
  // reboot: SOFT from ALLOW_SOFT_REBOOT (ACTIVE) with no task; HARD from ALLOW_HARD_REBOOT
  // (ACTIVE, STOPPED, PAUSED, SUSPENDED, ERROR) also during a task of ALLOW_REBOOT (a SOFT
  // reboot among them, not a stop); both must have launched.
  accepted(
    "reboot SOFT",
    "active",
    202,
    rebootFrom("active", 1, false),
    did("reboot", "compute_reboot_instance"),
  ),
  ...refusedElsewhere("reboot SOFT", ["active"]),
  ...(["active", "stopped", "paused", "suspended", "rebooting"] as const).map((from) =>
    accepted(
      "reboot HARD",
      from,
      202,
      rebootFrom(AT[from][0], AT[from][1], true),
      did("reboot", "compute_reboot_instance"),
    )
  ),
  ...refusedElsewhere("reboot HARD", ["active", "stopped", "paused", "suspended", "rebooting"]),

  // os-stop: host, then ACTIVE or ERROR. os-start: host, then STOPPED.
  accepted(
    "os-stop",
    "active",
    202,
    [["active", "powering-off", 1], ["stopped", null, 4]],
    did("stop", "compute_stop_instance"),
  ),
  ...refusedElsewhere("os-stop", ["active"]),
  accepted(
    "os-start",
    "stopped",
    202,
    [["stopped", "powering-on", 4], ["active", null, 1]],
    did("start", "compute_start_instance"),
  ),
  ...refusedElsewhere("os-start", ["stopped"]),

  // pause / suspend from ACTIVE; unpause from PAUSED; resume from SUSPENDED.
  accepted(
    "pause",
    "active",
    202,
    [["active", "pausing", 1], ["paused", null, 3]],
    did("pause", "compute_pause_instance"),
  ),
  ...refusedElsewhere("pause", ["active"]),
  accepted(
    "unpause",
    "paused",
    202,
    [["paused", "unpausing", 3], ["active", null, 1]],
    did("unpause", "compute_unpause_instance"),
  ),
  ...refusedElsewhere("unpause", ["paused"]),
  accepted(
    "suspend",
    "active",
    202,
    [["active", "suspending", 1], ["suspended", null, 7]],
    did("suspend", "compute_suspend_instance"),
  ),
  ...refusedElsewhere("suspend", ["active"]),
  accepted(
    "resume",
    "suspended",
    202,
    [["suspended", "resuming", 7], ["active", null, 1]],
    did("resume", "compute_resume_instance"),
  ),
  ...refusedElsewhere("resume", ["suspended"]),

  // trigger_crash_dump (2.17): host, then ALLOW_TRIGGER_CRASH_DUMP (ACTIVE, PAUSED, RESCUED,
  // RESIZED, ERROR); no state change.
  ...(["active", "paused", "rescued"] as const).map((from) =>
    unchanged("trigger_crash_dump", from, did("trigger_crash_dump", "compute_trigger_crash_dump"))
  ),
  ...refusedElsewhere("trigger_crash_dump", ["active", "paused", "rescued"]),

  // lock / unlock: no state check at all; the API records the action and an api_ event; a task
  // in progress goes on.
  ...FROM_STATES.map((from) => unchanged("lock", from, did("lock", "api_lock"))),
  ...FROM_STATES.map((from) => unchanged("unlock", from, did("unlock", "api_unlock"))),

  // rescue from ACTIVE, STOPPED or ERROR (launched), 200 with the adminPass; unrescue from
  // RESCUED.
  accepted(
    "rescue",
    "active",
    200,
    [["active", "rescuing", 1], ["rescued", null, 1]],
    did("rescue", "compute_rescue_instance"),
  ),
  accepted(
    "rescue",
    "stopped",
    200,
    [["stopped", "rescuing", 4], ["rescued", null, 1]],
    did("rescue", "compute_rescue_instance"),
  ),
  ...refusedElsewhere("rescue", ["active", "stopped"]),
  accepted(
    "unrescue",
    "rescued",
    202,
    [["rescued", "unrescuing", 1], ["active", null, 1]],
    did("unrescue", "compute_unrescue_instance"),
  ),
  ...refusedElsewhere("unrescue", ["rescued"]),

  // shelve from ACTIVE, STOPPED, PAUSED, SUSPENDED; shelveOffload from SHELVED; unshelve from
  // SHELVED (the conductor starts it) or SHELVED_OFFLOADED (scheduled and spawned).
  ...(["active", "stopped", "paused", "suspended"] as const).map((from) =>
    accepted(
      "shelve",
      from,
      202,
      shelveFrom(AT[from][0], AT[from][1]),
      did("shelve", "compute_shelve_instance"),
    )
  ),
  ...refusedElsewhere("shelve", ["active", "stopped", "paused", "suspended"]),
  accepted(
    "shelveOffload",
    "shelved",
    202,
    [["shelved", "shelving_offloading", 4], ["shelved_offloaded", null, 4]],
    did("shelveOffload", "compute_shelve_offload_instance"),
  ),
  ...refusedElsewhere("shelveOffload", ["shelved"]),
  accepted(
    "unshelve",
    "shelved",
    202,
    [["shelved", "unshelving", 4], ["shelved", "powering-on", 4], ["active", null, 1]],
    did("unshelve", "compute_start_instance"),
  ),
  accepted(
    "unshelve",
    "shelved_offloaded",
    202,
    [
      ["shelved_offloaded", "unshelving", 4],
      ["shelved_offloaded", "spawning", 4],
      ["active", null, 1],
    ],
    did("unshelve", "get_image_info", "schedule_instances", "compute_unshelve_instance"),
  ),
  ...refusedElsewhere("unshelve", ["shelved", "shelved_offloaded"]),

  // restore from SOFT_DELETED; forceDelete and DELETE check neither vm_state nor task_state (the
  // delete replaces a task in progress).
  accepted(
    "restore",
    "soft_deleted",
    202,
    [["soft-delete", "restoring", 4], ["active", null, 1]],
    did("restore", "compute_restore_instance"),
  ),
  ...refusedElsewhere("restore", ["soft_deleted"]),
  ...FROM_STATES.map(forceDeleteFrom),
  ...FROM_STATES.map(deleteFrom),
  ...FROM_STATES.map(softDeleteFrom),
];
