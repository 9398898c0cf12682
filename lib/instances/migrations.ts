/**
 * Migrations as the operator APIs see them (Nova's `os-migrations` and server migrations):
 * filtered, paged listings of the stored records (newest first, as Nova's `created_at desc,
 * id desc`; a destroyed instance's records are soft-deleted and never listed), a server's
 * in-progress live migrations, and the two things a caller can do to a running live migration:
 * force it to complete (its remaining steps take effect at once, as a paused guest converges)
 * and abort it (the server stays on its source host with no task, the destination's claim is
 * given back, the migration ends `cancelled`).
 *
 * @module
 */
import { DomainError } from "../errors/mod.ts";
import { updateInstance } from "../store/instances.ts";
import {
  getInstanceMigration as readInstanceMigration,
  getMigration,
  getMigrationByUuid,
  listInstanceMigrationsLazily,
  listMigrations,
  type MigrationRecord,
  readMigration,
} from "../store/server_migrations.ts";
import { transact } from "../store/transaction.ts";
import { LIVE_MIGRATION_EVENTS } from "../virt/move_timeline.ts";
import type { Step } from "../virt/types.ts";
import type { ActionActor } from "./actions.ts";
import type { InstanceDeps } from "./deps.ts";
import { InstanceInvalidState, InstanceIsLocked } from "./errors.ts";
import { recordActionStart, recordInstantEvent } from "./instance_actions.ts";
import { getServer } from "./read.ts";
import { readSettled, settleInTx } from "./settle.ts";
import type { Instance } from "./types.ts";

export type { MigrationRecord } from "../store/server_migrations.ts";

/** Statuses of a live migration in progress (Nova's list for the server migrations API). */
export const LIVE_IN_PROGRESS: readonly string[] = [
  "queued",
  "preparing",
  "running",
  "post-migrating",
];

/** Nova's `MarkerNotFound` for a migration list (400). */
export class MigrationMarkerNotFound extends DomainError {
  constructor(marker: string) {
    super("invalid", `Marker ${marker} could not be found.`);
  }
}

/** Nova's `MigrationNotFoundForInstance`; its status depends on the caller (404 or 400). */
export class MigrationNotFoundForInstance extends DomainError {
  constructor(id: string, uuid: string, kind: "not-found" | "invalid" = "not-found") {
    super(kind, `Migration ${id} not found for instance ${uuid}`);
  }
}

/** Nova's `InvalidMigrationState` (400). */
export class InvalidMigrationState extends DomainError {
  constructor(id: string, uuid: string, state: string, method: string) {
    super(
      "invalid",
      `Migration ${id} state of instance ${uuid} is ${state}. Cannot ${method} while the ` +
        "migration is in this state.",
    );
  }
}

/** The filters of `GET /os-migrations` (each one exact, as Nova's database query). */
export interface MigrationFilter {
  status?: string;
  /** Source or destination compute host. */
  host?: string;
  /** Source compute host (ignored when `host` is given, as Nova does). */
  sourceCompute?: string;
  migrationType?: string;
  hidden?: boolean;
  instanceUuid?: string;
  userId?: string;
  projectId?: string;
  /** Updated at or after this time, ms since the epoch. */
  changesSince?: number;
  /** Updated at or before this time, ms since the epoch. */
  changesBefore?: number;
}

/** A page request: at most `limit` records after the one whose uuid is `marker`. */
export interface MigrationPage {
  limit?: number;
  marker?: string;
}

function matches(m: MigrationRecord, f: MigrationFilter): boolean {
  if (m.deleted_at !== null) return false;
  if (f.status !== undefined && m.status !== f.status) return false;
  if (f.host !== undefined) {
    if (m.source_compute !== f.host && m.dest_compute !== f.host) return false;
  } else if (f.sourceCompute !== undefined && m.source_compute !== f.sourceCompute) return false;
  if (f.migrationType !== undefined && m.migration_type !== f.migrationType) return false;
  if (f.hidden !== undefined && m.hidden !== f.hidden) return false;
  if (f.instanceUuid !== undefined && m.instance_uuid !== f.instanceUuid) return false;
  if (f.userId !== undefined && m.user_id !== f.userId) return false;
  if (f.projectId !== undefined && m.project_id !== f.projectId) return false;
  if (f.changesSince !== undefined || f.changesBefore !== undefined) {
    if (m.updated_at === null) return false;
    const t = Date.parse(m.updated_at);
    if (f.changesSince !== undefined && t < f.changesSince) return false;
    if (f.changesBefore !== undefined && t > f.changesBefore) return false;
  }
  return true;
}

/** Statuses after which a migration no longer changes on its own. */
const SETTLED = new Set([
  "completed",
  "done",
  "error",
  "failed",
  "cancelled",
  "confirmed",
  "reverted",
]);

/**
 * The record as it stands now: a move still under way advances as its server's steps fall due,
 * so its server is brought up to the clock first (which may also finish a delete).
 */
async function current(
  kv: Deno.Kv,
  deps: InstanceDeps,
  record: MigrationRecord,
): Promise<MigrationRecord | null> {
  if (SETTLED.has(record.status)) return record;
  await getServer(kv, record.instance_uuid, deps);
  return await getMigration(kv, record.id);
}

/**
 * The migrations matching `filter`, newest first, after the `marker` migration (by uuid) and at
 * most `limit` of them; moves under way are brought up to the clock first. Reads the instance index when the filter names an instance, else the
 * deployment-wide one, from the marker on, and stops once the page is full.
 * {@link MigrationMarkerNotFound} (400) when no listed migration has the marker's uuid.
 */
export async function listMigrationPage(
  kv: Deno.Kv,
  deps: InstanceDeps,
  filter: MigrationFilter,
  page: MigrationPage = {},
): Promise<MigrationRecord[]> {
  let below: number | undefined;
  if (page.marker !== undefined) {
    const marker = await getMigrationByUuid(kv, page.marker);
    if (!marker || marker.deleted_at !== null) throw new MigrationMarkerNotFound(page.marker);
    below = marker.id;
  }
  if (page.limit === 0) return [];
  const source = filter.instanceUuid !== undefined
    ? listInstanceMigrationsLazily(kv, filter.instanceUuid, { below })
    : listMigrations(kv, { below });
  const out: MigrationRecord[] = [];
  for await (const stored of source) {
    const record = await current(kv, deps, stored);
    if (!record || !matches(record, filter)) continue;
    out.push(record);
    if (page.limit !== undefined && out.length >= page.limit) break;
  }
  return out;
}

/** A server's live migrations in progress (queued, preparing, running, post-migrating). */
export async function listLiveMigrationsInProgress(
  kv: Deno.Kv,
  uuid: string,
): Promise<MigrationRecord[]> {
  const out: MigrationRecord[] = [];
  for await (const m of listInstanceMigrationsLazily(kv, uuid)) {
    if (m.migration_type === "live-migration" && LIVE_IN_PROGRESS.includes(m.status)) out.push(m);
  }
  return out.reverse();
}

/** A migration id as the path gives it: a decimal number, else none (no row has that id). */
function parseId(id: string): number | null {
  return /^[0-9]{1,15}$/.test(id) ? Number(id) : null;
}

/** The migration `id` of server `uuid`, or null (Nova's `get_by_id_and_instance`). */
export async function getInstanceMigration(
  kv: Deno.Kv,
  uuid: string,
  id: string,
): Promise<MigrationRecord | null> {
  const n = parseId(id);
  const m = n === null ? null : await readInstanceMigration(kv, uuid, n);
  return m && m.deleted_at === null ? m : null;
}

/** What a force-complete or abort of a live migration asks. */
interface LiveOperation {
  /** The API's name in Nova's conflict message. */
  name: string;
  /** The instance action recorded. */
  action: string;
  /** The compute event recorded on it. */
  event: string;
  /** The vm_states allowed (any when absent). */
  vmStates?: readonly string[];
  /** The migration statuses allowed. */
  statuses: readonly string[];
  /** The method named by {@link InvalidMigrationState}. */
  method: string;
  /** The status of a migration not found for the instance (400 for force, 404 for abort). */
  notFound: "not-found" | "invalid";
  /** The steps replacing the server's pending ones. */
  steps(current: Instance, migration: MigrationRecord, now: Date): Step[];
}

async function operate(
  kv: Deno.Kv,
  uuid: string,
  migrationId: string,
  actor: ActionActor,
  deps: InstanceDeps,
  op: LiveOperation,
): Promise<Instance> {
  return await transact(kv, async (tx) => {
    const { now, found, current } = await readSettled(tx, deps, uuid);
    if (current.locked && !actor.isAdmin) throw new InstanceIsLocked(uuid);
    if (op.vmStates && !op.vmStates.includes(current.vm_state)) {
      throw new InstanceInvalidState(op.name, uuid, "vm_state", current.vm_state);
    }
    if (current.task_state !== "migrating") {
      // Python's words for no task, as Nova's message shows it.
      throw new InstanceInvalidState(op.name, uuid, "task_state", current.task_state ?? "None");
    }
    const n = parseId(migrationId);
    const migration = n === null ? null : await readMigration(tx, n);
    if (!migration || migration.instance_uuid !== uuid || migration.deleted_at !== null) {
      throw new MigrationNotFoundForInstance(migrationId, uuid, op.notFound);
    }
    if (!op.statuses.includes(migration.status)) {
      throw new InvalidMigrationState(migrationId, uuid, migration.status, op.method);
    }
    const requestId = await recordActionStart(tx, uuid, op.action, actor, now);
    await recordInstantEvent(tx, uuid, requestId, op.event, current.host, now);
    const next: Instance = { ...current, pending: op.steps(current, migration, now) };
    const after = await settleInTx(tx, deps, next, now) ?? next;
    updateInstance(tx, found, after);
    return after;
  });
}

/**
 * Force the running live migration `migrationId` of server `uuid` to complete (Nova's
 * `live_migrate_force_complete`, 2.22): the server must be ACTIVE with task migrating and the
 * migration `running`; its remaining steps take effect at once, so the server is on the
 * destination, ACTIVE with no task, and the migration `completed` on return. Records the
 * `live_migration_force_complete` action.
 *
 * Errors: {@link InstanceNotFound} (404); {@link InstanceIsLocked}, {@link InstanceInvalidState}
 * (409); {@link MigrationNotFoundForInstance}, {@link InvalidMigrationState} (400).
 */
export function forceCompleteLiveMigration(
  kv: Deno.Kv,
  uuid: string,
  migrationId: string,
  actor: ActionActor,
  deps: InstanceDeps,
): Promise<Instance> {
  return operate(kv, uuid, migrationId, actor, deps, {
    name: "force_complete",
    action: "live_migration_force_complete",
    event: "compute_live_migration_force_complete",
    vmStates: ["active"],
    statuses: ["running"],
    method: "force complete",
    notFound: "invalid",
    steps: (current, _m, now) => current.pending.map((s) => ({ ...s, due: now.toISOString() })),
  });
}

/** Events of a live migration that open with a start step and close with a finish step. */
const STARTED_EVENTS: readonly string[] = [
  LIVE_MIGRATION_EVENTS.liveMigration,
  LIVE_MIGRATION_EVENTS.pre,
  LIVE_MIGRATION_EVENTS.postAtDestination,
];

/** The steps that end an aborted live migration now: its open events closed, then cancelled. */
function abortSteps(current: Instance, migration: MigrationRecord, now: Date): Step[] {
  const due = now.toISOString();
  const base = {
    due,
    vm_state: current.vm_state,
    power_state: current.power_state,
    task_state: "migrating" as const,
  };
  const pendingStarts = new Set(
    current.pending.filter((s) => s.event?.phase === "start").map((s) => s.event!.name),
  );
  const steps: Step[] = [];
  for (const s of current.pending) {
    const e = s.event;
    if (!e || e.phase !== "finish" || !STARTED_EVENTS.includes(e.name)) continue;
    if (pendingStarts.has(e.name)) continue;
    steps.push({ ...base, event: { ...e, result: "Success" } });
  }
  steps.push({
    ...base,
    task_state: null,
    move: {
      migration_id: migration.id,
      status: "cancelled",
      ...(migration.dest_compute && migration.dest_compute !== current.host
        ? { unclaim: migration.dest_compute }
        : {}),
    },
  });
  return steps;
}

/**
 * Abort the live migration `migrationId` of server `uuid` (Nova's `live_migrate_abort`, 2.24):
 * the server must have task migrating and the migration be `running` (or, with `queued` - from
 * 2.65 - `queued` or `preparing`). The server stays on its source host with its vm_state and no
 * task, the destination's claim is given back and the migration is `cancelled`, all on return.
 * Records the `live_migration_cancel` action.
 *
 * Errors: {@link InstanceNotFound}, {@link MigrationNotFoundForInstance} (404);
 * {@link InstanceIsLocked}, {@link InstanceInvalidState} (409); {@link InvalidMigrationState}
 * (400).
 */
export function abortLiveMigration(
  kv: Deno.Kv,
  uuid: string,
  migrationId: string,
  actor: ActionActor,
  deps: InstanceDeps,
  options: { queued: boolean },
): Promise<Instance> {
  return operate(kv, uuid, migrationId, actor, deps, {
    name: "abort live migration",
    action: "live_migration_cancel",
    event: "compute_live_migration_abort",
    statuses: options.queued ? ["running", "queued", "preparing"] : ["running"],
    method: "abort live migration",
    notFound: "not-found",
    steps: abortSteps,
  });
}
