/**
 * A simulated restart of one host's compute service (what Nova's `ComputeManager.init_host` does
 * for evacuations): the evacuations that left the host (`done`) become `completed`, their
 * instances having been destroyed on the source. Until then Nova refuses to force the service up
 * again (`os-services`), so test clouds need a way to say "the compute came back".
 *
 * @module
 */
import { listMigrations, readMigration, writeMigration } from "../store/server_migrations.ts";
import { transact } from "../store/transaction.ts";

/**
 * Restart `host`'s compute service: every `done` evacuation from it becomes `completed` (each in
 * its own atomic change, checked against the record as read). Returns how many changed.
 *
 * @example
 * ```ts
 * await restartCompute(kv, "compute-1", new Date()); // 1 after one evacuation from compute-1
 * ```
 */
export async function restartCompute(kv: Deno.Kv, host: string, now: Date): Promise<number> {
  const ids: number[] = [];
  for await (const m of listMigrations(kv)) {
    if (m.migration_type === "evacuation" && m.source_compute === host && m.status === "done") {
      ids.push(m.id);
    }
  }
  let changed = 0;
  for (const id of ids) {
    changed += await transact(kv, async (tx) => {
      const m = await readMigration(tx, id);
      if (!m || m.status !== "done") return 0;
      writeMigration(tx, { ...m, status: "completed", updated_at: now.toISOString() });
      return 1;
    });
  }
  return changed;
}
