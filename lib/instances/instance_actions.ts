/**
 * Instance actions (Nova's `InstanceAction` and its events): what was asked of a server, by whom
 * and under which request, and what the simulated hypervisor did about it. The start of an action
 * is staged on the transaction of the change that starts it (create, delete, a server action);
 * the events of its task are staged when the steps that carry them are applied (`settle.ts`). So
 * a process killed at any point leaves no change without its action, nor an applied step without
 * its event.
 *
 * @module
 */
import { DomainError } from "../errors/mod.ts";
import {
  getActionByRequest,
  insertAction,
  type InstanceActionEventRecord,
  type InstanceActionRecord,
  listActions,
  listEvents,
  readActionByRequest,
  readActionSeq,
  readEvent,
  writeAction,
  writeEvent,
} from "../store/instance_actions.ts";
import type { Transaction } from "../store/transaction.ts";
import type { Step } from "../virt/types.ts";
import type { Instance } from "./types.ts";

export type {
  InstanceActionEventRecord as InstanceActionEvent,
  InstanceActionRecord as InstanceAction,
} from "../store/instance_actions.ts";

/** Who starts an action: the request's id, user and project (any may be unknown). */
export interface ActionRequester {
  /** The `req-...` id; a new one is made when absent. */
  requestId?: string;
  userId?: string | null;
  projectId?: string | null;
}

/** A request id as Nova's middleware makes them: `req-` and a UUID. */
export function newRequestId(): string {
  return "req-" + crypto.randomUUID();
}

/**
 * Stage the start of `action` on instance `uuid` at `now` and return its request id. `fresh`
 * says the instance is being created in this transaction (no earlier action can exist, so none
 * is read).
 */
export async function recordActionStart(
  tx: Transaction,
  uuid: string,
  action: string,
  who: ActionRequester,
  now: Date,
  fresh = false,
): Promise<string> {
  const requestId = who.requestId ?? newRequestId();
  const time = now.toISOString();
  await insertAction(tx, {
    id: fresh ? 1 : (await readActionSeq(tx, uuid)) + 1,
    action,
    instance_uuid: uuid,
    request_id: requestId,
    user_id: who.userId ?? null,
    project_id: who.projectId ?? null,
    start_time: time,
    updated_at: time,
    finish_time: null,
    message: null,
    event_count: 0,
  }, fresh);
  return requestId;
}

/** `steps` with their events tagged as belonging to the action of `requestId`. */
export function forRequest(steps: Step[], requestId: string): Step[] {
  return steps.map((s) => s.event ? { ...s, event: { ...s.event, request_id: requestId } } : s);
}

/**
 * Stage an event that starts and finishes at `now` with success on the action of `requestId`
 * (what Nova's API records around work it does itself, e.g. `api_lock`).
 */
export async function recordInstantEvent(
  tx: Transaction,
  uuid: string,
  requestId: string,
  name: string,
  host: string | null,
  now: Date,
): Promise<void> {
  const action = await readActionByRequest(tx, uuid, requestId);
  if (!action) return;
  const time = now.toISOString();
  writeEvent(tx, uuid, action.id, {
    id: action.event_count,
    event: name,
    start_time: time,
    finish_time: time,
    result: "Success",
    traceback: null,
    host,
    details: null,
  });
  writeAction(tx, { ...action, event_count: action.event_count + 1, updated_at: time });
}

/**
 * Stage the events the `due` steps of `before` start or finish (`after`: the record once they
 * applied, whose fault explains a failed event). A finish whose start no step recorded starts
 * when its action did. A delete of a server no host holds records no event (Nova deletes it in
 * the API). Steps whose event names no request are skipped. Applying the same steps twice
 * changes nothing more.
 */
export async function recordStepEvents(
  tx: Transaction,
  before: Instance,
  after: Instance,
  due: readonly Step[],
): Promise<void> {
  for (const step of due) {
    const ev = step.event;
    if (!ev?.request_id) continue;
    if (step.effect === "deleted" && !before.host) continue;
    const action = await readActionByRequest(tx, before.uuid, ev.request_id);
    if (!action) continue;
    const found = await readEvent(tx, before.uuid, action.id, ev.name);
    if (ev.phase === "start" && found) continue;
    if (ev.phase === "finish" && found?.finish_time) continue;
    const event: InstanceActionEventRecord = found ?? {
      id: action.event_count,
      event: ev.name,
      start_time: ev.phase === "start" ? step.due : action.start_time,
      finish_time: null,
      result: null,
      traceback: null,
      host: before.host ?? after.host,
      details: null,
    };
    const next: InstanceActionRecord = {
      ...action,
      event_count: found ? action.event_count : action.event_count + 1,
      updated_at: step.due,
    };
    if (ev.phase === "finish") {
      event.finish_time = step.due;
      event.result = ev.result ?? "Success";
      if (event.result === "Error") {
        next.message = "Error";
        event.details = after.fault?.message ?? null;
        event.traceback = after.fault?.details ?? null;
      }
    }
    writeEvent(tx, before.uuid, action.id, event);
    writeAction(tx, next);
  }
}

/** Nova's `MarkerNotFound` for an action list (Nova names the marker it failed to find `None`). */
export class ActionMarkerNotFound extends DomainError {
  constructor() {
    super("invalid", "Marker None could not be found.");
  }
}

/** A page request of {@link listInstanceActions}. */
export interface ActionListQuery {
  /** The most actions to return; all when absent. */
  limit?: number;
  /** The request id of the last action of the previous page. */
  marker?: string;
  /** Only actions updated at or after this time (ms since the epoch). */
  changesSince?: number;
  /** Only actions updated at or before this time (ms since the epoch). */
  changesBefore?: number;
}

/**
 * The actions of instance `uuid`, newest first (Nova's `created_at desc, id desc`), one page: a
 * marker names an action by request id ({@link ActionMarkerNotFound}, 400, when it names none).
 *
 * @example
 * ```ts
 * const [latest] = await listInstanceActions(kv, uuid, { limit: 1 });
 * latest.action; // "stop"
 * ```
 */
export async function listInstanceActions(
  kv: Deno.Kv,
  uuid: string,
  q: ActionListQuery = {},
): Promise<InstanceActionRecord[]> {
  if (q.limit === 0) return [];
  let below: number | undefined;
  if (q.marker !== undefined) {
    const marker = await getActionByRequest(kv, uuid, q.marker);
    if (!marker) throw new ActionMarkerNotFound();
    below = marker.id;
  }
  const out: InstanceActionRecord[] = [];
  const batchSize = Math.min(Math.max(q.limit ?? 100, 10), 500);
  for await (const action of listActions(kv, uuid, { below, batchSize })) {
    const changed = Date.parse(action.updated_at ?? action.start_time);
    if (q.changesSince !== undefined && changed < q.changesSince) continue;
    if (q.changesBefore !== undefined && changed > q.changesBefore) continue;
    out.push(action);
    if (q.limit !== undefined && out.length >= q.limit) break;
  }
  return out;
}

/**
 * The latest action `requestId` started on `uuid` and its events, newest first (Nova's
 * `created_at desc, id desc`), or null.
 */
export async function getInstanceAction(
  kv: Deno.Kv,
  uuid: string,
  requestId: string,
): Promise<{ action: InstanceActionRecord; events: InstanceActionEventRecord[] } | null> {
  const action = await getActionByRequest(kv, uuid, requestId);
  if (!action) return null;
  return { action, events: (await listEvents(kv, uuid, action.id)).reverse() };
}
