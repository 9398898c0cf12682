/**
 * Task timelines that touch a server's image: a rebuild (task rebuilding, then Nova's compute
 * manager's rebuild_block_device_mapping and rebuild_spawning), a snapshot (createImage) and a
 * backup (createBackup), whose upload states Nova's compute manager walks through while the image
 * goes from queued to saving to active. Pure functions, as `timeline.ts`.
 *
 * @module
 */
import type { Step } from "./types.ts";

/** The instance-action events of these tasks, as Nova's compute manager names them. */
export const IMAGE_TASK_EVENTS = {
  rebuild: "compute_rebuild_instance",
  /** The conductor's reporter around its part of a rebuild (Nova's `rebuild_server`). */
  rebuildServer: "rebuild_server",
  snapshot: "compute_snapshot_instance",
  backup: "compute_backup_instance",
} as const;

function at(now: Date, seconds: number): string {
  return new Date(now.getTime() + Math.round(seconds * 1000)).toISOString();
}

/** The states a task keeps until its last step. */
type From = { vm_state: Step["vm_state"]; power_state: Step["power_state"] };

/**
 * The steps of a rebuild, once the API has set task state rebuilding: the conductor's part ends
 * (its `rebuild_server` event; the record does not change), rebuild_block_device_mapping and
 * rebuild_spawning (keeping `from`'s states), then ACTIVE / RUNNING, or STOPPED / SHUTDOWN for a
 * server that was stopped (Nova powers it off again), relaunched; spread over `seconds`.
 *
 * @example
 * ```ts
 * rebuildSteps(new Date(), { vm_state: "stopped", power_state: 4 }, { seconds: 1 })
 *   .at(-1)?.vm_state; // "stopped"
 * ```
 */
export function rebuildSteps(now: Date, from: From, options: { seconds: number }): Step[] {
  const s = options.seconds;
  const stopped = from.vm_state === "stopped";
  return [
    {
      due: at(now, s / 6),
      ...from,
      task_state: "rebuilding",
      event: { name: IMAGE_TASK_EVENTS.rebuildServer, phase: "finish", result: "Success" },
    },
    {
      due: at(now, s / 3),
      ...from,
      task_state: "rebuild_block_device_mapping",
      event: { name: IMAGE_TASK_EVENTS.rebuild, phase: "start" },
    },
    { due: at(now, (2 * s) / 3), ...from, task_state: "rebuild_spawning" },
    {
      due: at(now, s),
      vm_state: stopped ? "stopped" : "active",
      task_state: null,
      power_state: stopped ? 4 : 1,
      effect: "launched",
      event: { name: IMAGE_TASK_EVENTS.rebuild, phase: "finish", result: "Success" },
    },
  ];
}

/** When the image of a snapshot or backup starts and ends its upload. */
export interface UploadTimes {
  /** ISO 8601: the image is saving from here (the task is image_uploading). */
  saving: string;
  /** ISO 8601: the image is active from here (the task is over). */
  active: string;
}

/** The upload times of {@link snapshotSteps} / {@link backupSteps} started at `now`. */
export function uploadTimes(now: Date, options: { seconds: number }): UploadTimes {
  return { saving: at(now, (3 * options.seconds) / 4), active: at(now, options.seconds) };
}

/**
 * The steps of a snapshot, once the API has set task state image_snapshot_pending: the compute
 * manager's image_snapshot, image_pending_upload and image_uploading, then no task, the server
 * keeping its states throughout; spread evenly over `seconds` (see {@link uploadTimes}).
 */
export function snapshotSteps(
  now: Date,
  from: From,
  imageId: string,
  options: { seconds: number },
): Step[] {
  const s = options.seconds;
  const { saving, active } = uploadTimes(now, options);
  const event = IMAGE_TASK_EVENTS.snapshot;
  return [
    {
      due: at(now, s / 4),
      ...from,
      task_state: "image_snapshot",
      event: { name: event, phase: "start" },
    },
    { due: at(now, s / 2), ...from, task_state: "image_pending_upload" },
    { due: saving, ...from, task_state: "image_uploading" },
    {
      due: active,
      ...from,
      task_state: null,
      image_id: imageId,
      event: { name: event, phase: "finish", result: "Success" },
    },
  ];
}

/**
 * The steps of a backup, once the API has set task state image_backup: image_pending_upload and
 * image_uploading, then no task; the last step rotates the server's backups of the image's type
 * (`rotate-backups`).
 */
export function backupSteps(
  now: Date,
  from: From,
  imageId: string,
  options: { seconds: number },
): Step[] {
  const s = options.seconds;
  const { saving, active } = uploadTimes(now, options);
  const event = IMAGE_TASK_EVENTS.backup;
  return [
    {
      due: at(now, s / 2),
      ...from,
      task_state: "image_pending_upload",
      event: { name: event, phase: "start" },
    },
    { due: saving, ...from, task_state: "image_uploading" },
    {
      due: active,
      ...from,
      task_state: null,
      effect: "rotate-backups",
      image_id: imageId,
      event: { name: event, phase: "finish", result: "Success" },
    },
  ];
}
