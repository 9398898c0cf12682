/**
 * `os-migrateLive` over real HTTP: the body at each microversion (2.25 auto and no
 * disk_over_commit, 2.30 force, 2.34 asynchronous checks, 2.68 no force), policies, Nova's
 * 400s and 409s, the states a client observes while the server migrates (on a test clock), the
 * migration record and the hosts' usage before and after.
 */
import assert from "node:assert/strict";
import { getHostUsage } from "../../../lib/store/hosts.ts";
import { listInstanceMigrations } from "../../../lib/store/server_migrations.ts";
import { setServiceForcedDown } from "../../../lib/virt/services.ts";
import { faultMessage, type Harness, type Persona } from "../../support/compute.ts";
import { TestClock } from "../../instances/support.ts";
import { createServer, start } from "./_support.ts";

// deno-lint-ignore no-explicit-any
async function show(h: Harness, id: string): Promise<any[]> {
  const res = await h.json(`/servers/${id}`, { as: "admin" });
  assert.equal(res.status, 200, res.text);
  const s = res.body.server;
  return [
    s.status,
    s["OS-EXT-STS:task_state"],
    s["OS-EXT-STS:power_state"],
    s["OS-EXT-SRV-ATTR:host"],
  ];
}

function live(h: Harness, id: string, body: unknown, version: string, as: Persona = "admin") {
  return h.json(`/servers/${id}/action`, { as, version, json: { "os-migrateLive": body } });
}

async function accepted(h: Harness, id: string, body: unknown, version: string) {
  const res = await live(h, id, body, version);
  assert.equal(res.status, 202, `${version} ${JSON.stringify(body)}: ${res.text}`);
  assert.equal(res.text, "");
}

async function refused(
  h: Harness,
  id: string,
  body: unknown,
  version: string,
  status: number,
  message?: string | RegExp,
  as: Persona = "admin",
) {
  const res = await live(h, id, body, version, as);
  assert.equal(res.status, status, `${version} ${JSON.stringify(body)}: ${res.text}`);
  if (typeof message === "string") assert.equal(faultMessage(res.body), message);
  else if (message) assert.match(faultMessage(res.body), message);
}

async function ram(h: Harness): Promise<number[]> {
  const u = await getHostUsage(h.kv, ["compute-1", "compute-2"]);
  return [u.get("compute-1")!.memory_mb, u.get("compute-2")!.memory_mb];
}

const OLD = { block_migration: false, disk_over_commit: false, host: null };

Deno.test("the state sequence, migration record and host usage of a live migration", async () => {
  const h = await start({ deno: { fake_boot_seconds: 6 } });
  const clock = new TestClock();
  h.runtime.instances.clock = clock.now;
  try {
    const id = await createServer(h);
    clock.advance(6);
    assert.deepEqual(await show(h, id), ["ACTIVE", null, 1, "compute-1"]);
    assert.deepEqual(await ram(h), [512, 0]);
    await accepted(h, id, { block_migration: "auto", host: null }, "2.34");
    const seen = [(await show(h, id)).join("/")];
    const statuses = [(await listInstanceMigrations(h.kv, id))[0].status];
    const usage = [await ram(h)];
    const progress: number[] = [];
    for (let t = 0; t < 6; t++) {
      clock.advance(1);
      seen.push((await show(h, id)).join("/"));
      const res = await h.json(`/servers/${id}`, { as: "admin" });
      progress.push(res.body.server.progress);
      statuses.push((await listInstanceMigrations(h.kv, id))[0].status);
      usage.push(await ram(h));
    }
    assert.deepEqual(seen, [
      "MIGRATING/migrating/1/compute-1",
      "MIGRATING/migrating/1/compute-1",
      "MIGRATING/migrating/1/compute-1",
      "MIGRATING/migrating/1/compute-1",
      "MIGRATING/migrating/1/compute-1",
      "MIGRATING/migrating/1/compute-1",
      "ACTIVE//1/compute-2",
    ]);
    // Libvirt's monitor: the share of memory copied; 0 again on the destination.
    assert.deepEqual(progress, [0, 0, 0, 50, 100, 0]);
    assert.deepEqual(statuses, [
      "accepted",
      "queued",
      "preparing",
      "running",
      "running",
      "running",
      "completed",
    ]);
    assert.deepEqual(usage.at(0), [512, 512]);
    assert.deepEqual(usage.at(-2), [512, 512]);
    assert.deepEqual(usage.at(-1), [0, 512]);
    const [m] = await listInstanceMigrations(h.kv, id);
    assert.deepEqual(
      [m.migration_type, m.source_compute, m.dest_compute, m.old_instance_type_id],
      ["live-migration", "compute-1", "compute-2", 1],
    );
    assert.deepEqual([m.memory_total, m.memory_processed, m.memory_remaining], [
      512 * 2 ** 20,
      512 * 2 ** 20,
      0,
    ]);
    const actions = await h.json(`/servers/${id}/os-instance-actions`, { as: "admin" });
    assert.equal(actions.body.instanceActions[0].action, "live-migration");
    const rid = actions.body.instanceActions[0].request_id;
    const one = await h.json(`/servers/${id}/os-instance-actions/${rid}`, {
      as: "admin",
      version: "2.51",
    });
    assert.equal(one.status, 200, one.text);
    const events = one.body.instanceAction.events.map((e: { event: string }) => e.event).sort();
    assert.deepEqual(events, [
      "compute_check_can_live_migrate_destination",
      "compute_check_can_live_migrate_source",
      "compute_live_migration",
      "compute_post_live_migration_at_destination",
      "compute_pre_live_migration",
      "conductor_live_migrate_instance",
    ]);
  } finally {
    await h.close();
  }
});

Deno.test("bodies at 2.1, 2.25, 2.30 and 2.68", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    // Up to 2.24: disk_over_commit required, no "auto".
    await refused(h, id, { block_migration: false, host: null }, "2.24", 400);
    await refused(h, id, { ...OLD, block_migration: "auto" }, "2.24", 400);
    await refused(h, id, { ...OLD, block_migration: "maybe" }, "2.1", 400);
    await refused(h, id, { ...OLD, extra: 1 }, "2.1", 400);
    await refused(h, id, { block_migration: false, disk_over_commit: false }, "2.1", 400);
    await accepted(h, id, { ...OLD, block_migration: "yes", disk_over_commit: "0" }, "2.1");
    assert.deepEqual(await show(h, id), ["ACTIVE", null, 1, "compute-2"]);
    // 2.25: disk_over_commit is gone, "auto" allowed.
    await refused(h, id, OLD, "2.25", 400);
    await accepted(h, id, { block_migration: "auto", host: null }, "2.25");
    assert.equal((await show(h, id))[3], "compute-1");
    await refused(h, id, { block_migration: "auto", host: null, force: false }, "2.29", 400);
    // 2.30: force, which needs a host.
    await refused(
      h,
      id,
      { block_migration: "auto", host: null, force: true },
      "2.30",
      400,
      "Can't force to a non-provided destination",
    );
    await accepted(h, id, { block_migration: true, host: "compute-2", force: "true" }, "2.30");
    assert.equal((await show(h, id))[3], "compute-2");
    await accepted(h, id, { block_migration: "auto", host: "compute-1", force: false }, "2.67");
    assert.equal((await show(h, id))[3], "compute-1");
    // 2.68: force is gone again.
    await refused(h, id, { block_migration: "auto", host: null, force: false }, "2.68", 400);
    await accepted(h, id, { block_migration: "auto", host: "compute-2" }, "2.68");
    assert.equal((await show(h, id))[3], "compute-2");
    const all = await listInstanceMigrations(h.kv, id);
    assert.equal(all.length, 5);
    assert.ok(all.every((m) => m.status === "completed"));
  } finally {
    await h.close();
  }
});

Deno.test("before 2.34 the conductor's refusals are 400s; from 2.34 they end the migration", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    await refused(
      h,
      id,
      { ...OLD, host: "compute-1" },
      "2.1",
      400,
      `Unable to migrate instance (${id}) to current host (compute-1).`,
    );
    await refused(
      h,
      id,
      { block_migration: "auto", host: "compute-1", force: false },
      "2.33",
      400,
      "No valid host was found. There are not enough hosts available.",
    );
    await setServiceForcedDown(h.kv, "compute-2", true);
    await refused(
      h,
      id,
      { ...OLD, host: "compute-2" },
      "2.1",
      400,
      "Compute service of compute-2 is unavailable at this time.",
    );
    await refused(
      h,
      id,
      OLD,
      "2.1",
      400,
      "No valid host was found. There are not enough hosts available.",
    );
    // From 2.34 the same refusal is accepted and ends with the migration in error.
    await accepted(h, id, { block_migration: "auto", host: "compute-2" }, "2.34");
    assert.deepEqual(await show(h, id), ["ACTIVE", null, 1, "compute-1"]);
    const all = await listInstanceMigrations(h.kv, id);
    assert.equal(all.length, 5);
    assert.ok(all.every((m) => m.status === "error" && m.migration_type === "live-migration"));
    assert.deepEqual(await ram(h), [512, 0]);
    // An unknown host is the API's own 400, at every version, before anything is recorded.
    await refused(
      h,
      id,
      { block_migration: "auto", host: "nowhere" },
      "2.34",
      400,
      "Compute host nowhere could not be found.",
    );
    assert.equal((await listInstanceMigrations(h.kv, id)).length, 5);
  } finally {
    await h.close();
  }
});

Deno.test("policies, the lock and Nova's 409 for a server in the wrong state", async () => {
  const h = await start({});
  try {
    const id = await createServer(h);
    await refused(h, id, OLD, "2.1", 403, undefined, "member");
    const stop = await h.json(`/servers/${id}/action`, { as: "member", json: { "os-stop": null } });
    assert.equal(stop.status, 202, stop.text);
    await refused(
      h,
      id,
      OLD,
      "2.1",
      409,
      `Cannot 'os-migrateLive' instance ${id} while it is in vm_state stopped`,
    );
    await refused(h, "00000000-0000-0000-0000-000000000000", OLD, "2.1", 404);
  } finally {
    await h.close();
  }
});

Deno.test("a locked server is a 409 for a non-admin the policy lets migrate", async () => {
  const { startCompute } = await import("../../support/compute.ts");
  const { INSTANT } = await import("./_support.ts");
  const h = await startCompute({
    seedFlavors: true,
    config: INSTANT,
    policy: {
      "os_compute_api:os-migrate-server:migrate_live": "",
      "os_compute_api:os-migrate-server:migrate_live:host": "",
    },
  });
  try {
    const id = await createServer(h);
    const lock = await h.json(`/servers/${id}/action`, { as: "member", json: { lock: null } });
    assert.equal(lock.status, 202, lock.text);
    await refused(h, id, OLD, "2.1", 409, `Instance ${id} is locked`, "member");
    await accepted(h, id, OLD, "2.1");
    assert.equal((await show(h, id))[3], "compute-2");
  } finally {
    await h.close();
  }
});

Deno.test("a named host needs migrate_live:host, none migrate_live", async () => {
  const { startCompute } = await import("../../support/compute.ts");
  const { INSTANT } = await import("./_support.ts");
  const h = await startCompute({
    seedFlavors: true,
    config: INSTANT,
    // (migrate_live:host falls back to its deprecated predecessor unless set itself.)
    policy: {
      "os_compute_api:os-migrate-server:migrate_live": "",
      "os_compute_api:os-migrate-server:migrate_live:host": "role:admin",
    },
  });
  try {
    const id = await createServer(h);
    await refused(h, id, { ...OLD, host: "compute-2" }, "2.1", 403, undefined, "member");
    const res = await live(h, id, OLD, "2.1", "member");
    assert.equal(res.status, 202, res.text);
    assert.equal((await show(h, id))[3], "compute-2");
  } finally {
    await h.close();
  }
});

Deno.test("default policy: a project manager may live-migrate without a host", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    await refused(h, id, { ...OLD, host: "compute-2" }, "2.1", 403, undefined, "manager");
    await refused(h, id, OLD, "2.1", 403, undefined, "member");
    const lock = await h.json(`/servers/${id}/action`, { as: "member", json: { lock: null } });
    assert.equal(lock.status, 202, lock.text);
    await refused(h, id, OLD, "2.1", 409, `Instance ${id} is locked`, "manager");
    const unlock = await h.json(`/servers/${id}/action`, { as: "member", json: { unlock: null } });
    assert.equal(unlock.status, 202, unlock.text);
    const res = await live(h, id, OLD, "2.1", "manager");
    assert.equal(res.status, 202, res.text);
    assert.equal((await show(h, id))[3], "compute-2");
  } finally {
    await h.close();
  }
});
