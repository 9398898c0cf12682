import assert from "node:assert/strict";
import { insertMigration, type MigrationRecord } from "../../lib/store/server_migrations.ts";
import { transact } from "../../lib/store/transaction.ts";
import { assertNoDoneEvacuations, deleteService } from "../../lib/virt/service_admin.ts";
import { withKv } from "../instances/support.ts";

function migration(id: number, fields: Partial<MigrationRecord>): MigrationRecord {
  return {
    id,
    uuid: `m-${id}`,
    instance_uuid: "i1",
    migration_type: "evacuation",
    status: "done",
    source_compute: "compute-1",
    source_node: "compute-1",
    dest_compute: "compute-2",
    dest_node: "compute-2",
    dest_host: null,
    old_instance_type_id: null,
    new_instance_type_id: null,
    memory_total: null,
    memory_processed: null,
    memory_remaining: null,
    disk_total: null,
    disk_processed: null,
    disk_remaining: null,
    created_at: "2024-01-01T00:00:00Z",
    updated_at: null,
    project_id: "p",
    user_id: "u",
    hidden: false,
    deleted_at: null,
    ...fields,
  };
}

Deno.test("a done evacuation from a host blocks forcing it up; others do not", async () => {
  await withKv(async (kv) => {
    await assertNoDoneEvacuations(kv, "compute-1");
    await transact(kv, (tx) => {
      insertMigration(tx, migration(1, {}));
      return Promise.resolve();
    });
    await assert.rejects(
      () => assertNoDoneEvacuations(kv, "compute-1"),
      /Unable to force up host compute-1 as `done` evacuation migration records remain/,
    );
    await assertNoDoneEvacuations(kv, "compute-2");
  });
});

Deno.test("a compute service in a migration in progress is not deleted; twice is not found", async () => {
  await withKv(async (kv) => {
    await transact(kv, (tx) => {
      insertMigration(tx, migration(1, { migration_type: "migration", status: "migrating" }));
      return Promise.resolve();
    });
    const now = new Date();
    await assert.rejects(
      () =>
        deleteService(kv, { binary: "nova-compute", host: "compute-2", zone: "nova" }, "4", now),
      /Unable to delete compute service that has in-progress migrations/,
    );
    const sched = { binary: "nova-scheduler", host: "c", zone: "internal" };
    await deleteService(kv, sched, "2", now);
    await assert.rejects(() => deleteService(kv, sched, "2", now), /Service 2 not found\./);
  });
});
