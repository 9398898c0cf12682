/**
 * Applying the moves' steps (live migration, evacuation) beyond their states: each step's `move`
 * advances its migration record (status, memory and disk progress, the server's `progress`),
 * lands the server on its destination (the source host's capacity given back; the
 * destination's was claimed when the move was accepted), gives back a failed move's claim, or
 * records a fault. Staged on the
 * transaction that applies the steps (`settle.ts`), so a step and its effects are one change.
 *
 * @module
 */
import { readHostUsage, writeHostUsage } from "../store/hosts.ts";
import { type MigrationRecord, readMigration, writeMigration } from "../store/server_migrations.ts";
import type { Transaction } from "../store/transaction.ts";
import { addUsage, flavorRequest } from "../virt/scheduler.ts";
import type { Step } from "../virt/types.ts";
import type { Instance } from "./types.ts";

/** Migration statuses after which a move holds nothing. */
const FINAL = new Set(["completed", "done", "error", "failed", "cancelled"]);

async function unclaim(tx: Transaction, host: string, instance: Instance): Promise<void> {
  const usage = (await readHostUsage(tx, [host])).get(host)!;
  writeHostUsage(tx, host, addUsage(usage, flavorRequest(instance.flavor), -1));
}

/**
 * Stage what the `move` parts of the `due` steps do; `before` is the record they applied to,
 * `after` the record with their states. Returns `after` with a landed move's host, node and zone
 * and a failed move's fault.
 */
export async function applyMoveSteps(
  tx: Transaction,
  before: Instance,
  after: Instance,
  due: readonly Step[],
): Promise<Instance> {
  let next = after;
  const migrations = new Map<number, MigrationRecord | null>();
  let host = before.host;
  for (const step of due) {
    const m = step.move;
    if (!m) continue;
    if (!migrations.has(m.migration_id)) {
      migrations.set(m.migration_id, await readMigration(tx, m.migration_id));
    }
    const record = migrations.get(m.migration_id);
    if (record) {
      const changed: MigrationRecord = { ...record, updated_at: step.due };
      if (m.status) changed.status = m.status;
      if (m.memory) {
        changed.memory_total = m.memory.total;
        changed.memory_processed = m.memory.processed;
        changed.memory_remaining = m.memory.remaining;
      }
      if (m.disk) {
        changed.disk_total = m.disk.total;
        changed.disk_processed = m.disk.processed;
        changed.disk_remaining = m.disk.remaining;
      }
      migrations.set(m.migration_id, changed);
    }
    if (m.memory) {
      // As libvirt's migration monitor: progress is the share of memory no longer remaining.
      const { total, remaining } = m.memory;
      next = { ...next, progress: total ? 100 - Math.round((remaining * 100) / total) : 0 };
    }
    if (m.land) {
      if (host && host !== m.land.host) await unclaim(tx, host, before);
      host = m.land.host;
      next = {
        ...next,
        host: m.land.host,
        node: m.land.node,
        availability_zone: m.land.availability_zone,
        progress: 0,
      };
    }
    if (m.unclaim) await unclaim(tx, m.unclaim, before);
    if (m.fault) next = { ...next, fault: { ...m.fault, created: step.due } };
  }
  for (const record of migrations.values()) if (record) writeMigration(tx, record);
  return next;
}

/**
 * Stage abandoning the move `instance` is in the middle of (its pending steps have a `move`),
 * when it is deleted: a destination claimed but not yet landed on is given back and the
 * migration ends `error`. Nothing happens for a server at rest.
 */
export async function abandonMove(tx: Transaction, instance: Instance, now: Date): Promise<void> {
  const moving = instance.pending.filter((s) => s.move);
  if (moving.length === 0) return;
  const id = moving[0].move!.migration_id;
  const land = moving.find((s) => s.move?.land)?.move?.land;
  // A move set to fail (an armed fault) names the claim it gives back rather than a landing.
  const held = land?.host ?? moving.find((s) => s.move?.unclaim)?.move?.unclaim;
  if (held && held !== instance.host) await unclaim(tx, held, instance);
  const record = await readMigration(tx, id);
  if (record && !FINAL.has(record.status)) {
    writeMigration(tx, { ...record, status: "error", updated_at: now.toISOString() });
  }
}
