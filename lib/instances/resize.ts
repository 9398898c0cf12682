/**
 * Resizing and cold-migrating servers (Nova's `compute.API.resize`, `confirm_resize` and
 * `revert_resize`): a resize moves an ACTIVE or STOPPED server to a new flavor, a cold migration
 * to another host with the same flavor; both end in VERIFY_RESIZE (vm_state resized) with one
 * migration record, then a confirm frees the source or a revert goes back to the old flavor and
 * host. Each call is one atomic change that applies the due steps, checks Nova's preconditions
 * in Nova's order, records the instance action and the migration, claims the destination host
 * (the scheduler's pick) and stores the conductor's and compute manager's steps
 * (`lib/virt/resize_timeline.ts`). During a move the source keeps the old flavor's claim and the
 * destination holds the new one's; quota follows the instance's flavor, which changes when the
 * destination finishes (and back when a revert finishes).
 *
 * @module
 */
import { DomainError } from "../errors/mod.ts";
import { effectiveHostsInTx } from "../virt/host_zones.ts";
import { ComputeHostNotFound } from "./move_errors.ts";
import { OverQuota } from "../quota/mod.ts";
import { getFlavor } from "../store/flavors.ts";
import { updateInstance } from "../store/instances.ts";
import { readProjectUsage, readUserUsage } from "../store/quotas.ts";
import type { MigrationContext } from "../store/records.ts";
import {
  insertMigration,
  type MigrationRecord,
  type MigrationType,
  newMigration,
  readMigrationSeq,
} from "../store/server_migrations.ts";
import { transact, type Transaction } from "../store/transaction.ts";
import {
  confirmResizeSteps,
  type MoveFrom,
  RESIZE_EVENTS,
  resizeNoValidHostSteps,
  resizeSteps,
  revertResizeSteps,
} from "../virt/resize_timeline.ts";
import { flavorRequest } from "../virt/scheduler.ts";
import { readServiceStates } from "../virt/services.ts";
import { scheduleMove } from "./move_schedule.ts";
import type { Step } from "../virt/types.ts";
import { type ActionActor, InstanceNotReady } from "./actions.ts";
import type { InstanceDeps } from "./deps.ts";
import { emulatedSteps } from "./emulator.ts";
import { InstanceInvalidState, InstanceIsLocked, InstanceNotFound } from "./errors.ts";
import {
  type ActionRequester,
  forRequest,
  recordActionStart,
  recordInstantEvent,
} from "./instance_actions.ts";
import {
  changeClaim,
  readMigrationInTx,
  readUsageInTx,
  writeMigrationInTx,
} from "./resize_settle.ts";
import { readSettled, settleInTx } from "./settle.ts";
import { movePlacement } from "./server_groups.ts";
import type { FlavorSnapshot, Instance, VmState } from "./types.ts";

/** Nova's `CannotResizeToSameFlavor` (400). */
export class CannotResizeToSameFlavor extends DomainError {
  constructor() {
    super("invalid", "When resizing, instances must change flavor!");
  }
}

/** Nova's `CannotResizeDisk` (400), e.g. a resize of a local disk to a zero-disk flavor. */
export class CannotResizeDisk extends DomainError {
  constructor(reason: string) {
    super("invalid", `Server disk was unable to be resized because: ${reason}`);
  }
}

/** Nova's `CannotMigrateToSameHost` (400). */
export class CannotMigrateToSameHost extends DomainError {
  constructor() {
    super("invalid", "Cannot migrate to the host where the server exists.");
  }
}

/** The API's 400 for a confirm or revert with no finished migration (Nova's MigrationNotFound). */
export class InstanceNotResized extends DomainError {
  constructor() {
    super("invalid", "Instance has not been resized.");
  }
}

/** The flavor a resize moves to, as the API resolved it. */
export interface ResizeFlavor {
  snapshot: FlavorSnapshot;
  /** Nova's internal flavor id, for the migration record. */
  id: number;
  disabled: boolean;
}

/** What a resize asks for; the callbacks run in Nova's order, after the state checks. */
export interface ResizeRequest {
  /** The new flavor (throws the API's 400 when there is none the caller may use). */
  flavor: () => Promise<ResizeFlavor>;
  /** Nova's image checks of the new flavor (throws a 400), given whether it is volume-backed. */
  checkImage?: (flavor: FlavorSnapshot, volumeBacked: boolean, current: Instance) => void;
  /** `OS-DCF:diskConfig` (AUTO true); Nova sets the server MANUAL when it is absent. */
  autoDiskConfig?: boolean;
}

const MOVABLE: readonly VmState[] = ["active", "stopped"];

function checkMovable(current: Instance, name: string, actor: ActionActor): void {
  if (current.locked && !actor.isAdmin) throw new InstanceIsLocked(current.uuid);
  if (!MOVABLE.includes(current.vm_state)) {
    throw new InstanceInvalidState(name, current.uuid, "vm_state", current.vm_state);
  }
  if (current.task_state !== null) {
    throw new InstanceInvalidState(name, current.uuid, "task_state", current.task_state);
  }
  if (!current.host) throw new InstanceNotReady(current.uuid);
}

function checkResized(current: Instance, name: string, actor: ActionActor): void {
  if (current.locked && !actor.isAdmin) throw new InstanceIsLocked(current.uuid);
  if (current.vm_state !== "resized") {
    throw new InstanceInvalidState(name, current.uuid, "vm_state", current.vm_state);
  }
  if (current.task_state !== null) {
    throw new InstanceInvalidState(name, current.uuid, "task_state", current.task_state);
  }
}

/**
 * Nova's `_check_quota_for_upsize`: the growth in cores and ram from `from` to `to` must fit the
 * project's and the user's limits on top of what is counted now. Throws {@link OverQuota} (403,
 * Nova's "Quota exceeded for cores: Requested ..." text). Nothing is counted here.
 */
export async function checkUpsizeQuota(
  tx: Transaction,
  deps: InstanceDeps,
  instance: Instance,
  from: FlavorSnapshot,
  to: FlavorSnapshot,
): Promise<void> {
  if (deps.quota.noop) return;
  const deltas: Record<string, number> = {};
  if (to.vcpus > from.vcpus) deltas.cores = to.vcpus - from.vcpus;
  if (to.memory_mb > from.memory_mb) deltas.ram = to.memory_mb - from.memory_mb;
  const names = Object.keys(deltas);
  if (names.length === 0) return;
  const pid = instance.project_id;
  const uid = instance.user_id;
  const [pLimits, uLimits, pUsage, uUsage] = await Promise.all([
    deps.quota.projectLimits(tx, pid, names),
    deps.quota.userLimits(tx, pid, uid, names),
    readProjectUsage(tx, pid, names),
    readUserUsage(tx, pid, uid, names),
  ]);
  const over = (limit: number, used: number, d: number) => limit >= 0 && used + d > limit;
  for (
    const [limits, usage, scope] of [
      [pLimits, pUsage, "project"],
      [uLimits, uUsage, "user"],
    ] as const
  ) {
    const overs = names.filter((n) => over(limits[n], usage[n] ?? 0, deltas[n])).sort();
    if (overs.length) {
      throw new OverQuota({ overs, quotas: limits, usages: usage, deltas, scope });
    }
  }
}

function withoutAutoConfirmRequest(steps: Step[]): Step[] {
  return steps.map((s) => {
    if (s.effect !== "resize-confirmed" || !s.event) return s;
    const { request_id: _, ...event } = s.event;
    return { ...s, event };
  });
}

async function flavorId(tx: Transaction, flavorid: string): Promise<number | null> {
  return (await getFlavor(tx.kv, flavorid))?.id ?? null;
}

/** Stage a new migration (seen by later reads of the same change). */
function stageMigration(tx: Transaction, record: MigrationRecord): void {
  insertMigration(tx, record);
  writeMigrationInTx(tx, record);
}

interface MoveSpec {
  name: "resize" | "migrate";
  type: MigrationType;
  /** The flavor to move to (the current one for a cold migration). */
  newFlavor: FlavorSnapshot;
  newFlavorId: number | null;
  /** Whether the current host may be chosen. */
  sameHostAllowed: boolean;
  /** A requested destination (cold migration from 2.56). */
  host?: string;
}

async function stageMove(
  tx: Transaction,
  deps: InstanceDeps,
  current: Instance,
  actor: ActionActor,
  spec: MoveSpec,
  now: Date,
): Promise<Instance> {
  const source = current.host!;
  const usage = await readUsageInTx(tx, deps.hosts.map((h) => h.name));
  const needs = flavorRequest(spec.newFlavor);
  // The hosts in the zones their aggregates give them.
  const hosts = await effectiveHostsInTx(tx, deps.hosts);
  // Nova's scheduler: placement leaves out disabled computes, the filters those down, the
  // source (unless a resize may stay) and what the group's policy forbids.
  const services = await readServiceStates(tx, deps.hosts.map((h) => h.name));
  const choice = scheduleMove(hosts, usage, services, {
    ...needs,
    availabilityZone: current.pinned_availability_zone ?? undefined,
    host: spec.host,
    ignoreHosts: spec.sameHostAllowed ? [] : [source],
    group: await movePlacement(tx, current.uuid),
  });
  const dest = choice.host;
  const id = (await readMigrationSeq(tx)) + 1;
  const time = now.toISOString();
  stageMigration(
    tx,
    newMigration({
      id,
      instance_uuid: current.uuid,
      migration_type: spec.type,
      status: "pre-migrating",
      source_compute: source,
      source_node: current.node ?? source,
      dest_compute: dest?.name ?? null,
      dest_node: dest?.name ?? null,
      old_instance_type_id: await flavorId(tx, current.flavor.flavorid),
      new_instance_type_id: spec.newFlavorId,
      user_id: actor.userId ?? null,
      project_id: actor.projectId || null,
      created_at: time,
    }),
  );
  const requestId = await recordActionStart(tx, current.uuid, spec.name, actor, now);
  const from: MoveFrom = {
    vm_state: current.vm_state === "stopped" ? "stopped" : "active",
    power_state: current.power_state,
  };
  const seconds = deps.bootSeconds;
  let context: MigrationContext | null = null;
  let steps: Step[];
  if (dest) {
    await changeClaim(tx, dest.name, needs, 1);
    const sourceSpec = hosts.find((h) => h.name === source);
    context = {
      migration_id: id,
      source_compute: source,
      source_zone: current.availability_zone ?? sourceSpec?.availability_zone ?? null,
      dest_compute: dest.name,
      dest_zone: dest.availability_zone,
      source_claim: flavorRequest(current.flavor),
      dest_claim: needs,
      dest_claimed: true,
      old_vm_state: from.vm_state,
    };
    steps = withoutAutoConfirmRequest(
      await emulatedSteps(
        tx,
        deps,
        { instance: current, action: spec.name, requestId, now },
        (d) =>
          resizeSteps(now, from, id, {
            seconds: d.bootSeconds,
            confirmWindow: deps.resizeConfirmWindow ?? 0,
          }),
      ),
    );
  } else {
    steps = forRequest(
      resizeNoValidHostSteps(now, from, id, { seconds, reason: choice.reason }),
      requestId,
    );
  }
  return {
    ...current,
    task_state: "resize_prep",
    progress: 0,
    updated_at: time,
    old_flavor: current.flavor,
    new_flavor: spec.newFlavor,
    migration_context: context,
    pending: steps,
  };
}

async function change(
  kv: Deno.Kv,
  uuid: string,
  deps: InstanceDeps,
  edit: (tx: Transaction, current: Instance, now: Date) => Promise<Instance>,
): Promise<Instance> {
  return await transact(kv, async (tx) => {
    const { now, found, current } = await readSettled(tx, deps, uuid);
    const next = await edit(tx, current, now);
    // Settle against the record as stored (found): its staged writes are replaced by these.
    const after = await settleInTx(tx, deps, next, now);
    if (after === null) throw new InstanceNotFound(uuid);
    updateInstance(tx, found, after);
    return after;
  });
}

/**
 * `resize`: an ACTIVE or STOPPED server with a host and no task moves to the new flavor on a host
 * the scheduler picks (its own only with `[DEFAULT] allow_resize_to_same_host`), ending in
 * VERIFY_RESIZE; when nothing fits, the conductor puts it back with a NoValidHost fault. Errors
 * in Nova's order: {@link InstanceNotFound}, {@link InstanceIsLocked},
 * {@link InstanceInvalidState}, {@link InstanceNotReady} (409s); the flavor's 400,
 * {@link CannotResizeDisk}, {@link CannotResizeToSameFlavor}; {@link OverQuota} (403); the image
 * checks' 400s.
 */
export function resizeServer(
  kv: Deno.Kv,
  uuid: string,
  actor: ActionActor,
  deps: InstanceDeps,
  request: ResizeRequest,
): Promise<Instance> {
  return change(kv, uuid, deps, async (tx, current, now) => {
    checkMovable(current, "resize", actor);
    const flavor = await request.flavor();
    const next = flavor.snapshot;
    const volumeBacked = current.image_ref === "";
    if (next.root_gb === 0 && current.flavor.root_gb !== 0 && !volumeBacked) {
      throw new CannotResizeDisk("Resize to zero disk flavor is not allowed.");
    }
    const same = next.flavorid === current.flavor.flavorid;
    if (same) throw new CannotResizeToSameFlavor();
    if (flavor.disabled) {
      throw new DomainError("invalid", `Flavor ${next.flavorid} could not be found.`);
    }
    await checkUpsizeQuota(tx, deps, current, current.flavor, next);
    request.checkImage?.(next, volumeBacked, current);
    const moved = await stageMove(tx, deps, current, actor, {
      name: "resize",
      type: "resize",
      newFlavor: next,
      newFlavorId: flavor.id,
      sameHostAllowed: deps.allowResizeToSameHost ?? false,
    }, now);
    const auto = request.autoDiskConfig ?? false;
    if (auto || moved.auto_disk_config !== undefined) moved.auto_disk_config = auto;
    return moved;
  });
}

/**
 * `migrate` (cold migration): as {@link resizeServer} with the same flavor, never onto the
 * server's own host; `host` (2.56) names the destination. Errors as resize, and
 * {@link CannotMigrateToSameHost} / {@link ComputeHostNotFound} (400s) for the host.
 */
export function migrateServer(
  kv: Deno.Kv,
  uuid: string,
  actor: ActionActor,
  deps: InstanceDeps,
  host?: string,
): Promise<Instance> {
  return change(kv, uuid, deps, async (tx, current, now) => {
    checkMovable(current, "migrate", actor);
    if (host !== undefined) {
      if (host === current.host) throw new CannotMigrateToSameHost();
      if (!deps.hosts.some((h) => h.name === host)) throw new ComputeHostNotFound(host);
    }
    return await stageMove(tx, deps, current, actor, {
      name: "migrate",
      type: "migration",
      newFlavor: current.flavor,
      newFlavorId: await flavorId(tx, current.flavor.flavorid),
      sameHostAllowed: false,
      host,
    }, now);
  });
}

async function finishedMigration(tx: Transaction, current: Instance): Promise<MigrationRecord> {
  const id = current.migration_context?.migration_id;
  const record = id === undefined ? null : await readMigrationInTx(tx, id);
  if (!record || record.status !== "finished") throw new InstanceNotResized();
  return record;
}

/**
 * `confirmResize`: a VERIFY_RESIZE server with no task whose migration is `finished` -> the
 * migration is `confirming`, then the source frees the old flavor and the server is ACTIVE (or
 * STOPPED). Errors: {@link InstanceNotFound}, {@link InstanceIsLocked},
 * {@link InstanceInvalidState} (409s), {@link InstanceNotResized} (400).
 */
export function confirmResize(
  kv: Deno.Kv,
  uuid: string,
  actor: ActionActor,
  deps: InstanceDeps,
): Promise<Instance> {
  return change(kv, uuid, deps, async (tx, current, now) => {
    checkResized(current, "confirmResize", actor);
    const migration = await finishedMigration(tx, current);
    writeMigrationInTx(tx, { ...migration, status: "confirming", updated_at: now.toISOString() });
    const requestId = await recordActionStart(tx, uuid, "confirmResize", actor, now);
    const steps = await emulatedSteps(
      tx,
      deps,
      { instance: current, action: "confirmResize", requestId, now },
      (d) => confirmResizeSteps(now, current.power_state, migration.id, { seconds: d.bootSeconds }),
    );
    return { ...current, updated_at: now.toISOString(), pending: steps };
  });
}

/**
 * `revertResize`: a VERIFY_RESIZE server with no task whose migration is `finished` -> task
 * resize_reverting (migration `reverting`); the destination drops the new flavor, then the
 * server is back on its source with the old flavor, ACTIVE or STOPPED as before. A revert that
 * grows the flavor back must fit the quota. Errors as {@link confirmResize}, and
 * {@link OverQuota} (403).
 */
export function revertResize(
  kv: Deno.Kv,
  uuid: string,
  actor: ActionActor,
  deps: InstanceDeps,
): Promise<Instance> {
  return change(kv, uuid, deps, async (tx, current, now) => {
    checkResized(current, "revertResize", actor);
    const migration = await finishedMigration(tx, current);
    const ctx = current.migration_context!;
    await checkUpsizeQuota(tx, deps, current, current.flavor, current.old_flavor ?? current.flavor);
    writeMigrationInTx(tx, { ...migration, status: "reverting", updated_at: now.toISOString() });
    const requestId = await recordActionStart(tx, uuid, "revertResize", actor, now);
    const steps = await emulatedSteps(
      tx,
      deps,
      { instance: current, action: "revertResize", requestId, now },
      (d) => revertResizeSteps(now, ctx.old_vm_state, migration.id, { seconds: d.bootSeconds }),
    );
    return {
      ...current,
      task_state: "resize_reverting",
      // Nova's API moves the zone back to the source's before the compute services revert.
      availability_zone: ctx.source_zone,
      updated_at: now.toISOString(),
      pending: steps,
    };
  });
}

/**
 * What Nova's delete does first for a VERIFY_RESIZE server (`_confirm_resize_on_deleting`): when
 * its migration is `finished` or `confirming`, a `confirmResize` action is recorded for `who` and
 * the confirm runs at once (the source's claim freed, the migration `confirmed`), so the delete
 * that follows frees the destination alone. Returns the record to delete.
 */
export async function confirmResizeOnDelete(
  tx: Transaction,
  current: Instance,
  who: ActionRequester,
  now: Date,
): Promise<Instance> {
  const ctx = current.migration_context;
  if (current.vm_state !== "resized" || !ctx) return current;
  const migration = await readMigrationInTx(tx, ctx.migration_id);
  if (!migration || !["finished", "confirming"].includes(migration.status)) return current;
  const time = now.toISOString();
  writeMigrationInTx(tx, { ...migration, status: "confirmed", updated_at: time });
  const requestId = await recordActionStart(tx, current.uuid, "confirmResize", who, now);
  await recordInstantEvent(
    tx,
    current.uuid,
    requestId,
    RESIZE_EVENTS.confirm,
    ctx.source_compute,
    now,
  );
  await changeClaim(tx, ctx.source_compute, ctx.source_claim, -1);
  // The vm_state stays VERIFY_RESIZE: Nova's API only casts the confirm, and its delete goes on.
  return {
    ...current,
    task_state: null,
    old_flavor: null,
    new_flavor: null,
    migration_context: null,
    updated_at: time,
  };
}
