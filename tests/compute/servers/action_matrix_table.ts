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
 * Where this project differs from Nova, the row keeps Nova's expectation and names the gap
 * (`knownGap`); the runner then checks that the row still fails, so closing a gap shows.
 *
 * @module
 */
import { CIRROS_IMAGE_ID } from "../../../lib/images/catalog.ts";

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
  | "powering-off"
  | "resized";

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
  "resized",
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
  /** Before the request, the server's compute service is forced down (evacuate's precondition). */
  forceDownHost?: boolean;
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
  resized: {
    create: "normal",
    then: [post({ resize: { flavorRef: "2" } })],
    record: ["resized", null, 1],
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
  resize: post({ resize: { flavorRef: "2" } }),
  confirmResize: post({ confirmResize: null }),
  revertResize: post({ revertResize: null }),
  migrate: post({ migrate: null }, "2.1", "admin"),
  "os-migrateLive": post(
    { "os-migrateLive": { host: null, block_migration: "auto" } },
    "2.25",
    "admin",
  ),
  evacuate: { ...post({ evacuate: {} }, "2.14", "admin"), forceDownHost: true },
  rebuild: { ...post({ rebuild: { imageRef: CIRROS_IMAGE_ID } }), responds: true },
  createImage: { ...post({ createImage: { name: "snap" } }, "2.45"), responds: true },
  createBackup: {
    ...post({ createBackup: { name: "bak", backup_type: "daily", rotation: 1 } }, "2.45"),
    responds: true,
  },
  "os-resetState": post({ "os-resetState": { state: "error" } }, "2.1", "admin"),
  changePassword: post({ changePassword: { adminPass: "s3cret" } }),
  injectNetworkInfo: post({ injectNetworkInfo: null }, "2.1", "admin"),
  "os-getConsoleOutput": { ...post({ "os-getConsoleOutput": { length: 1 } }), responds: true },
  removeSecurityGroup: post({ removeSecurityGroup: { name: "default" } }),
  addSecurityGroup: post({ addSecurityGroup: { name: "default" } }),
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
  /** Accepted only: the names of actions recorded just before it, newest first. */
  alsoRecorded?: readonly string[];
  /**
   * Where this project differs from Nova on this row: the row keeps Nova's expectation, and the
   * runner checks that it still fails (so a fix shows up as a row to unmark).
   */
  knownGap?: string;
}

/** A row for an accepted request. */
export function accepted(
  action: string,
  from: FromState,
  status: number,
  sequence: readonly Seen[],
  recorded: Recorded | null,
  knownGap?: string,
): MatrixRow {
  return knownGap
    ? { action, from, status, sequence, recorded, knownGap }
    : { action, from, status, sequence, recorded };
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

/** A resize or cold migration from `[vm_state, power_state]` to VERIFY_RESIZE. */
function moveFrom(vm: string, power: number): Seen[] {
  return [
    [vm, "resize_prep", power],
    [vm, "resize_migrating", power],
    [vm, "resize_migrated", power],
    [vm, "resize_finish", power],
    ["resized", null, power],
  ];
}

/** A snapshot or backup from `[vm_state, power_state]`: its first task, then the upload's. */
function snapshotFrom(vm: string, power: number, first: string): Seen[] {
  return [
    [vm, first, power],
    [vm, "image_pending_upload", power],
    [vm, "image_uploading", power],
    [vm, null, power],
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
  resized: ["resized", 1],
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

/**
 * A delete of a server in VERIFY_RESIZE: Nova's `_confirm_resize_on_deleting` first records a
 * `confirmResize` action and casts the confirm; the vm_state stays resized until the delete ends.
 */
function confirmingFirst(row: MatrixRow): MatrixRow {
  return row.from === "resized" ? { ...row, alsoRecorded: ["confirmResize"] } : row;
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
  ...(["active", "paused", "rescued", "resized"] as const).map((from) =>
    unchanged("trigger_crash_dump", from, did("trigger_crash_dump", "compute_trigger_crash_dump"))
  ),
  ...refusedElsewhere("trigger_crash_dump", ["active", "paused", "rescued", "resized"]),

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
  ...FROM_STATES.map(forceDeleteFrom).map(confirmingFirst),
  ...FROM_STATES.map(deleteFrom).map(confirmingFirst),
  ...FROM_STATES.map(softDeleteFrom).map(confirmingFirst),

  // resize / migrate (admin): lock, ACTIVE or STOPPED with no task, launched, a host that is up.
  // The conductor's migrate_server (conductor_) and cold_migrate reporters, then the compute's
  // prep_resize (destination), resize_instance (source) and finish_resize (destination).
  ...(["active", "stopped"] as const).flatMap((from) =>
    (["resize", "migrate"] as const).map((action) =>
      accepted(
        action,
        from,
        202,
        moveFrom(AT[from][0], AT[from][1]),
        did(
          action,
          "conductor_migrate_server",
          "cold_migrate",
          "compute_prep_resize",
          "compute_resize_instance",
          "compute_finish_resize",
        ),
      )
    )
  ),
  ...refusedElsewhere("resize", ["active", "stopped"]),
  ...refusedElsewhere("migrate", ["active", "stopped"]),

  // confirmResize (204) / revertResize: lock, RESIZED with no task. A confirm sets no task; the source
  // compute's confirm_resize puts the server back to ACTIVE. A revert sets resize_reverting; the
  // destination's revert_resize, then the source's finish_revert_resize.
  accepted(
    "confirmResize",
    "resized",
    204,
    [["resized", null, 1], ["active", null, 1]],
    did("confirmResize", "compute_confirm_resize"),
  ),
  ...refusedElsewhere("confirmResize", ["resized"]),
  accepted(
    "revertResize",
    "resized",
    202,
    [["resized", "resize_reverting", 1], ["active", null, 1]],
    did("revertResize", "compute_revert_resize", "compute_finish_revert_resize"),
  ),
  ...refusedElsewhere("revertResize", ["resized"]),

  // os-migrateLive (admin, host null): lock, ACTIVE or PAUSED with no task, launched. Task
  // migrating until the destination's post_live_migration_at_destination is done.
  ...(["active", "paused"] as const).map((from) =>
    accepted(
      "os-migrateLive",
      from,
      202,
      [[AT[from][0], "migrating", AT[from][1]], [AT[from][0], null, AT[from][1]]],
      did(
        "live-migration",
        "conductor_live_migrate_instance",
        "compute_check_can_live_migrate_destination",
        "compute_check_can_live_migrate_source",
        "compute_pre_live_migration",
        "compute_live_migration",
        "compute_post_live_migration_at_destination",
      ),
    )
  ),
  ...refusedElsewhere("os-migrateLive", ["active", "paused"]),

  // evacuate (admin, 2.14, the source's service forced down): ACTIVE, STOPPED or ERROR with no
  // task, launched (so not the ERROR of a NoValidHost build). The conductor's rebuild_server
  // reporter, then the destination's rebuild_instance; a STOPPED server is stopped again after.
  accepted(
    "evacuate",
    "active",
    200,
    [
      ["active", "rebuilding", 1],
      ["active", "rebuilding", 0],
      ["active", "rebuild_block_device_mapping", 0],
      ["active", "rebuild_spawning", 0],
      ["active", null, 1],
    ],
    did("evacuate", "rebuild_server", "compute_rebuild_instance"),
  ),
  accepted(
    "evacuate",
    "stopped",
    200,
    [
      ["stopped", "rebuilding", 4],
      ["stopped", "rebuilding", 0],
      ["stopped", "rebuild_block_device_mapping", 0],
      ["stopped", "rebuild_spawning", 0],
      ["active", "powering-off", 1],
      ["stopped", null, 4],
    ],
    did("evacuate", "rebuild_server", "compute_rebuild_instance", "compute_stop_instance"),
  ),
  // Nova's controller compares the server's host with the requested one before the state checks:
  // a server with no host and no host asked for is a 400.
  ...(["shelved_offloaded", "error"] as const).map((from): MatrixRow => ({
    action: "evacuate",
    from,
    status: 400,
  })),
  ...refusedElsewhere("evacuate", ["active", "stopped", "shelved_offloaded", "error"]),

  // rebuild: lock, ACTIVE, STOPPED or ERROR with no task, launched; 202 with the server.
  ...(["active", "stopped"] as const).map((from) =>
    accepted(
      "rebuild",
      from,
      202,
      [
        [AT[from][0], "rebuilding", AT[from][1]],
        [AT[from][0], "rebuild_block_device_mapping", AT[from][1]],
        [AT[from][0], "rebuild_spawning", AT[from][1]],
        [AT[from][0], null, AT[from][1]],
      ],
      did("rebuild", "rebuild_server", "compute_rebuild_instance"),
    )
  ),
  ...refusedElsewhere("rebuild", ["active", "stopped"]),

  // createImage / createBackup (2.45, the image id in the body): no lock check; ACTIVE, STOPPED,
  // PAUSED or SUSPENDED with no task, launched. The API sets image_snapshot_pending (the compute
  // then image_snapshot) or image_backup, then the driver's pending-upload and uploading tasks.
  ...(["active", "stopped", "paused", "suspended"] as const).flatMap((from) => [
    accepted(
      "createImage",
      from,
      202,
      [
        [AT[from][0], "image_snapshot_pending", AT[from][1]],
        ...snapshotFrom(AT[from][0], AT[from][1], "image_snapshot"),
      ],
      did("createImage", "compute_snapshot_instance"),
    ),
    accepted(
      "createBackup",
      from,
      202,
      snapshotFrom(AT[from][0], AT[from][1], "image_backup"),
      did("createBackup", "compute_backup_instance"),
    ),
  ]),
  ...refusedElsewhere("createImage", ["active", "stopped", "paused", "suspended"]),
  ...refusedElsewhere("createBackup", ["active", "stopped", "paused", "suspended"]),

  // os-resetState (admin): no check at all; vm_state set, task cleared, resetState recorded by
  // the API with no event.
  ...FROM_STATES.map((from) =>
    accepted("os-resetState", from, 202, [["error", null, AT[from][1]]], did("resetState"))
  ),

  // changePassword: lock, ACTIVE with no task, launched. The API's call to the compute is
  // synchronous: the task updating_password is over when the response comes.
  accepted(
    "changePassword",
    "active",
    202,
    [["active", null, 1]],
    did("changePassword", "compute_set_admin_password"),
  ),
  ...refusedElsewhere("changePassword", ["active"]),

  // injectNetworkInfo (admin): lock only; no instance action, no event. With no host (offloaded,
  // or ERROR from NoValidHost) Nova's RPC client fails to find one and answers 500; this project
  // answers 202 and does nothing (it never answers 500).
  ...FROM_STATES.map((from) => ({
    ...unchanged("injectNetworkInfo", from, did("-")),
    recorded: null,
  })),

  // os-getConsoleOutput: only a host (check_instance_host); 200 with the output, no action.
  ...FROM_STATES.filter((from) => from !== "shelved_offloaded" && from !== "error").map((
    from,
  ) => ({ ...unchanged("os-getConsoleOutput", from, did("-")), status: 200, recorded: null })),
  ...(["shelved_offloaded", "error"] as const).map((from): MatrixRow => ({
    action: "os-getConsoleOutput",
    from,
    status: 409,
  })),

  // removeSecurityGroup / addSecurityGroup: Neutron's port update; Nova checks neither state nor
  // lock (a server keeps its ports when offloaded).
  accepted("removeSecurityGroup", "active", 202, [["active", null, 1]], null),
  accepted("removeSecurityGroup", "stopped", 202, [["stopped", null, 4]], null),
  accepted("addSecurityGroup", "active", 202, [["active", null, 1]], null),
  accepted("addSecurityGroup", "shelved_offloaded", 202, [["shelved_offloaded", null, 4]], null),
];
