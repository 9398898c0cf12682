/**
 * `os-instance-actions` bodies (Nova's `InstanceActionsController._format_action` and
 * `_format_event`): an action's fields in Nova's order (`updated_at` from 2.58), and an event's
 * (`traceback` for those allowed all events, `host` for them from 2.62, `hostId` for everyone
 * from 2.62, `details` from 2.84 for those the details policy allows). Times are naive UTC with
 * microseconds, as Nova's JSON shows its datetimes.
 *
 * @module
 */
import type { InstanceAction, InstanceActionEvent } from "../../instances/mod.ts";
import { novaTimestampOrNull as time } from "../timestamps.ts";
import { hostId } from "../servers/views.ts";

/**
 * An action as the list and show render it.
 *
 * @example
 * ```ts
 * actionView(action, { updatedAt: true }).updated_at; // "2024-05-01T12:00:04.000000"
 * ```
 */
export function actionView(
  action: InstanceAction,
  options: { updatedAt: boolean },
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    action: action.action,
    instance_uuid: action.instance_uuid,
    request_id: action.request_id,
    user_id: action.user_id,
    project_id: action.project_id,
    start_time: time(action.start_time),
    message: action.message,
  };
  if (options.updatedAt) out.updated_at = time(action.updated_at);
  return out;
}

/** What an event shows, per caller and microversion. */
export interface EventViewOptions {
  traceback: boolean;
  host: boolean;
  hostId: boolean;
  details: boolean;
  /** The project the obfuscated host id is computed for. */
  projectId: string;
}

/** An event as the show renders it. */
export function eventView(
  event: InstanceActionEvent,
  options: EventViewOptions,
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    event: event.event,
    start_time: time(event.start_time),
    finish_time: time(event.finish_time),
    result: event.result,
  };
  if (options.traceback) out.traceback = event.traceback;
  if (options.host) out.host = event.host;
  if (options.hostId) out.hostId = hostId(options.projectId, event.host);
  if (options.details) out.details = event.details;
  return out;
}
