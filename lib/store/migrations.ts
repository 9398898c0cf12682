/**
 * Forward migrations of the store, applied in order at start-up and recorded under
 * `["meta", "schema_version"]`. A store written by a newer release refuses to open.
 *
 * @module
 */
import { copyInstancesIntoIndexes, indexTerminatedInstances } from "./instances.ts";
import { keys } from "./keys.ts";
import { retryLocked } from "./transaction.ts";

/** One migration: its number and what it does. */
export interface Migration {
  version: number;
  description: string;
  apply(kv: Deno.Kv): Promise<void>;
}

/** The migrations this release knows, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "initial layout (flavors, keypairs, quotas, usage)",
    apply: () => Promise.resolve(),
  },
  {
    version: 2,
    description: "index deleted servers by the time they ended (usage periods)",
    apply: indexTerminatedInstances,
  },
  {
    version: 3,
    description: "copy each live server's record into its listing indexes (one read per page)",
    apply: copyInstancesIntoIndexes,
  },
];

/** Raised when the store is newer than this code. */
export class SchemaTooNew extends Error {
  constructor(found: number, known: number) {
    super(`the store is at schema version ${found}, this release knows up to ${known}`);
    this.name = "SchemaTooNew";
  }
}

/** How long a migrator may hold the lease before another may take over (a crashed one). */
const LEASE_MS = 60_000;

/**
 * Bring the store up to the newest schema. Safe to run from two processes at once: a step runs
 * only under a lease (`["meta", "migration_lease"]`, taken with an atomic absence check, expiring
 * after a minute should its holder die), and is recorded with a version check; a process that finds
 * the lease taken waits, re-reads the version and moves on.
 */
export async function migrate(kv: Deno.Kv, migrations = MIGRATIONS): Promise<number> {
  const latest = migrations.at(-1)?.version ?? 0;
  const lease = keys.migrationLease();
  for (;;) {
    const entry = await retryLocked(() => kv.get<number>(keys.schemaVersion()));
    const current = entry.value ?? 0;
    if (current > latest) throw new SchemaTooNew(current, latest);
    const next = migrations.find((m) => m.version > current);
    if (!next) return current;
    const holder = crypto.randomUUID();
    const taken = await retryLocked(() =>
      kv.atomic().check(entry).check({ key: lease, versionstamp: null })
        .set(lease, holder, { expireIn: LEASE_MS }).commit()
    );
    if (!taken.ok) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      continue;
    }
    try {
      await next.apply(kv);
      await retryLocked(() =>
        kv.atomic().check(entry).set(keys.schemaVersion(), next.version).delete(lease).commit()
      );
    } catch (e) {
      await retryLocked(() => kv.delete(lease));
      throw e;
    }
  }
}

/** The newest schema version `migrations` lead to (this release's, by default). */
export function latestSchemaVersion(migrations = MIGRATIONS): number {
  return migrations.at(-1)?.version ?? 0;
}

/** The schema version recorded in the store (0 for a store never migrated), without migrating. */
export async function readSchemaVersion(kv: Deno.Kv): Promise<number> {
  const entry = await retryLocked(() => kv.get<number>(keys.schemaVersion()));
  return entry.value ?? 0;
}
