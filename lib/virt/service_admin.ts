/**
 * What an operator does to a service record beyond enabling, disabling and forcing it down
 * (`./services.ts`): delete it, which Nova refuses while the compute host still hosts instances
 * or takes part in a migration in progress, and the check before forcing a compute service up
 * again, which Nova refuses while an evacuation from the host is `done` (the records turn
 * `completed` only when the compute service restarts, which nothing simulates here).
 *
 * @module
 */
import { DomainError } from "../errors/mod.ts";
import { hostInstanceUuids } from "../store/instances.ts";
import { readHostUsage } from "../store/hosts.ts";
import { listMigrations } from "../store/server_migrations.ts";
import { readDeletedServices, writeServiceDeleted } from "../store/services.ts";
import { transact } from "../store/transaction.ts";
import { COMPUTE_BINARY, type ServiceSpec } from "./service_list.ts";

/** The migration states Nova does not count as in progress. */
const FINISHED = new Set([
  "confirmed",
  "reverted",
  "error",
  "failed",
  "completed",
  "cancelled",
  "done",
]);

/** Nova's 409 for a compute service that still hosts instances. */
export class ServiceHostsInstances extends DomainError {
  constructor() {
    super(
      "conflict",
      "Unable to delete compute service that is hosting instances. Migrate or delete the " +
        "instances first.",
    );
  }
}

/** Nova's 409 for a compute service taking part in a migration in progress. */
export class ServiceHasMigrations extends DomainError {
  constructor() {
    super(
      "conflict",
      "Unable to delete compute service that has in-progress migrations. Complete the " +
        "migrations or delete the instances first.",
    );
  }
}

/** Nova's 404 for deleting a service that is gone. */
export class ServiceNotFound extends DomainError {
  constructor(id: string) {
    super("not-found", `Service ${id} not found.`);
  }
}

/** Nova's 400 for forcing up a host whose evacuations are `done`. */
export class EvacuationsPending extends DomainError {
  constructor(host: string) {
    super(
      "invalid",
      `Unable to force up host ${host} as \`done\` evacuation migration records remain ` +
        "associated with the host. Ensure the compute service has been restarted, allowing " +
        "these records to move to `completed` before retrying this request.",
    );
  }
}

/** Throw {@link EvacuationsPending} when an evacuation from `host` is `done`. */
export async function assertNoDoneEvacuations(kv: Deno.Kv, host: string): Promise<void> {
  for await (const m of listMigrations(kv)) {
    if (m.migration_type === "evacuation" && m.source_compute === host && m.status === "done") {
      throw new EvacuationsPending(host);
    }
  }
}

async function hasMigrationInProgress(kv: Deno.Kv, host: string): Promise<boolean> {
  for await (const m of listMigrations(kv)) {
    if (FINISHED.has(m.status)) continue;
    if (m.source_compute === host || m.dest_compute === host) return true;
  }
  return false;
}

/**
 * Delete `service` (as Nova's `DELETE /os-services/{id}`): a compute service must host no
 * instance and take part in no migration in progress. `id` names it in the not-found error.
 */
export async function deleteService(
  kv: Deno.Kv,
  service: ServiceSpec,
  id: string,
  now: Date,
): Promise<void> {
  const compute = service.binary === COMPUTE_BINARY;
  if (compute) {
    if ((await hostInstanceUuids(kv, service.host)).length) throw new ServiceHostsInstances();
    if (await hasMigrationInProgress(kv, service.host)) throw new ServiceHasMigrations();
  }
  await transact(kv, async (tx) => {
    const [gone] = await readDeletedServices(tx, [service]);
    if (gone) throw new ServiceNotFound(id);
    if (compute) {
      // Read in the transaction that places servers, so a build racing the delete loses.
      const usage = (await readHostUsage(tx, [service.host])).get(service.host);
      if (usage && usage.instances > 0) throw new ServiceHostsInstances();
    }
    writeServiceDeleted(tx, service, now.toISOString());
  });
}
