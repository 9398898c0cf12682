/**
 * What the steps of a resize or cold migration stage besides the record (see
 * `lib/virt/resize_timeline.ts`): the migration record's status, the host claims a confirm or a
 * revert frees, the quota's cores and ram following the instance's flavor (Nova counts them from
 * the instance, whose flavor changes when the destination finishes and when a revert finishes),
 * and the action of a confirm the `resize_confirm_window` made. Reads and writes of migrations
 * and host usage here see what was staged earlier in the same transaction, so a settle and the
 * action that follows it in one change never lose each other's writes.
 *
 * @module
 */
import type { HostUsage, ResourceClaim } from "../store/records.ts";
import { readHostUsage, writeHostUsage } from "../store/hosts.ts";
import { addUsage as addQuotaUsage, readProjectUsage, readUserUsage } from "../store/quotas.ts";
import { type MigrationRecord, readMigration, writeMigration } from "../store/server_migrations.ts";
import type { Transaction } from "../store/transaction.ts";
import { addUsage } from "../virt/scheduler.ts";
import type { Step } from "../virt/types.ts";
import type { InstanceDeps } from "./deps.ts";
import { newRequestId, recordActionStart, recordInstantEvent } from "./instance_actions.ts";
import type { FlavorSnapshot, Instance } from "./types.ts";

const MIGRATIONS = new WeakMap<Transaction, Map<number, MigrationRecord>>();
const USAGE = new WeakMap<Transaction, Map<string, HostUsage>>();

function staged<K, V>(map: WeakMap<Transaction, Map<K, V>>, tx: Transaction): Map<K, V> {
  let m = map.get(tx);
  if (!m) map.set(tx, m = new Map());
  return m;
}

/** A migration through `tx`, as staged earlier in it if it was. */
export async function readMigrationInTx(
  tx: Transaction,
  id: number,
): Promise<MigrationRecord | null> {
  const got = staged(MIGRATIONS, tx).get(id);
  return got ? { ...got } : await readMigration(tx, id);
}

/** Stage a migration's new state (seen by later {@link readMigrationInTx} on `tx`). */
export function writeMigrationInTx(tx: Transaction, record: MigrationRecord): void {
  staged(MIGRATIONS, tx).set(record.id, { ...record });
  writeMigration(tx, record);
}

/** Hosts' usage through `tx`, as staged earlier in it where it was. */
export async function readUsageInTx(
  tx: Transaction,
  hosts: readonly string[],
): Promise<Map<string, HostUsage>> {
  const mine = staged(USAGE, tx);
  const missing = hosts.filter((h) => !mine.has(h));
  const read = missing.length ? await readHostUsage(tx, missing) : new Map();
  return new Map(hosts.map((h) => [h, { ...(mine.get(h) ?? read.get(h)!) }]));
}

/** Stage a host's new usage (seen by later {@link readUsageInTx} on `tx`). */
export function writeUsageInTx(tx: Transaction, host: string, usage: HostUsage): void {
  staged(USAGE, tx).set(host, { ...usage });
  writeHostUsage(tx, host, usage);
}

/** Stage adding (`sign` 1) or freeing (-1) `claim` on `host`. */
export async function changeClaim(
  tx: Transaction,
  host: string,
  claim: ResourceClaim,
  sign: 1 | -1,
): Promise<void> {
  const before = (await readUsageInTx(tx, [host])).get(host)!;
  writeUsageInTx(tx, host, addUsage(before, claim, sign));
}

/**
 * Stage freeing what an instance with an open move holds: the old flavor on the source and,
 * unless a revert dropped it, the new flavor on the destination. False when no move is open.
 */
export async function releaseMoveClaims(tx: Transaction, instance: Instance): Promise<boolean> {
  const ctx = instance.migration_context;
  if (!ctx) return false;
  await changeClaim(tx, ctx.source_compute, ctx.source_claim, -1);
  if (ctx.dest_claimed) await changeClaim(tx, ctx.dest_compute, ctx.dest_claim, -1);
  return true;
}

/**
 * Stage moving the instance's counted cores and ram from flavor `from` to flavor `to` (no limit
 * is checked: the API checked an upsize, as Nova does, before the move began).
 */
export async function shiftQuota(
  tx: Transaction,
  deps: InstanceDeps,
  instance: Instance,
  from: FlavorSnapshot,
  to: FlavorSnapshot,
): Promise<void> {
  if (!instance.quota_counted) return;
  const deltas = { cores: to.vcpus - from.vcpus, ram: to.memory_mb - from.memory_mb };
  const up: Record<string, number> = {};
  const down: Record<string, number> = {};
  for (const [name, d] of Object.entries(deltas)) {
    if (d > 0) up[name] = d;
    if (d < 0) down[name] = -d;
  }
  const who = { projectId: instance.project_id, userId: instance.user_id };
  if (Object.keys(down).length) await deps.quota.release(tx, { ...who, deltas: down });
  const names = Object.keys(up);
  if (names.length) {
    const [project, user] = await Promise.all([
      readProjectUsage(tx, who.projectId, names),
      readUserUsage(tx, who.projectId, who.userId, names),
    ]);
    addQuotaUsage(tx, who.projectId, who.userId, { project, user }, up);
  }
}

/** Whether a step belongs to a move (it advances a migration or has a move effect). */
function isMoveStep(step: Step): boolean {
  return step.migration !== undefined || (step.effect !== undefined &&
    (step.effect.startsWith("resize") || step.effect === "revert-dest-dropped"));
}

/**
 * Stage what the due move steps of `before` do besides the record (`after` is the record after
 * them). Called by `settleInTx` for every settle; does nothing when no move step is due.
 */
export async function settleMoveSteps(
  tx: Transaction,
  deps: InstanceDeps,
  before: Instance,
  after: Instance,
  due: readonly Step[],
): Promise<void> {
  if (!due.some(isMoveStep)) return;
  const ctx = before.migration_context;
  let flavor = before.flavor;
  for (const step of due) {
    if (step.migration) {
      const record = await readMigrationInTx(tx, step.migration.id);
      if (record) {
        writeMigrationInTx(tx, { ...record, status: step.migration.status, updated_at: step.due });
      }
    }
    switch (step.effect) {
      case "resize-finish":
        if (before.new_flavor) {
          await shiftQuota(tx, deps, before, flavor, before.new_flavor);
          flavor = before.new_flavor;
        }
        break;
      case "resize-reverted":
        if (before.old_flavor) {
          await shiftQuota(tx, deps, before, flavor, before.old_flavor);
          flavor = before.old_flavor;
        }
        break;
      case "resize-confirmed":
        if (ctx) await changeClaim(tx, ctx.source_compute, ctx.source_claim, -1);
        if (!step.event?.request_id) {
          // The confirm window's periodic confirm: Nova records it as an admin's confirmResize.
          const requestId = await recordActionStart(
            tx,
            before.uuid,
            "confirmResize",
            { requestId: newRequestId() },
            new Date(step.due),
          );
          await recordInstantEvent(
            tx,
            before.uuid,
            requestId,
            step.event?.name ?? "compute_confirm_resize",
            ctx?.source_compute ?? after.host,
            new Date(step.due),
          );
        }
        break;
      case "revert-dest-dropped":
        if (ctx?.dest_claimed) await changeClaim(tx, ctx.dest_compute, ctx.dest_claim, -1);
        break;
      case "resize-failed":
        // A failed move gives the destination back and counts the old flavor again.
        if (ctx?.dest_claimed) await changeClaim(tx, ctx.dest_compute, ctx.dest_claim, -1);
        if (before.old_flavor) {
          await shiftQuota(tx, deps, before, flavor, before.old_flavor);
          flavor = before.old_flavor;
        }
        break;
    }
  }
}
