/**
 * A server's migrations over real HTTP: the list and show of in-progress live migrations (2.23,
 * `uuid` from 2.59, `user_id`/`project_id` from 2.80, against Nova's samples), Nova's 404s,
 * `force_complete` (2.22) and abort (2.24; queued and preparing from 2.65) with their 400s and
 * 409s, the states, migration status and host usage they leave, and the policies per role.
 */
import assert from "node:assert/strict";
import { getHostUsage } from "../../../lib/store/hosts.ts";
import { listInstanceMigrations } from "../../../lib/store/server_migrations.ts";
import { faultMessage, type Harness, type Persona } from "../../support/compute.ts";
import { assertSameShape, sampleTemplate } from "../../support/samples.ts";
import { act, activeServer, liveMigrating, SECONDS, startMoving } from "../migrations/_support.ts";
import type { TestClock } from "../../instances/support.ts";

// deno-lint-ignore no-explicit-any
type Json = any;

const NULLABLE = [
  "dest_compute",
  "dest_host",
  "dest_node",
  "source_compute",
  "source_node",
];

async function ram(h: Harness): Promise<number[]> {
  const u = await getHostUsage(h.kv, ["compute-1", "compute-2"]);
  return [u.get("compute-1")!.memory_mb, u.get("compute-2")!.memory_mb];
}

async function brief(h: Harness, id: string): Promise<string> {
  const res = await h.json(`/servers/${id}`, { as: "admin" });
  const s = res.body.server;
  return [s.status, s["OS-EXT-STS:task_state"], s["OS-EXT-SRV-ATTR:host"]].join("/");
}

/** The newest migration's status, once a read has brought the server up to the clock. */
async function status(h: Harness, id: string): Promise<string> {
  await brief(h, id);
  return (await listInstanceMigrations(h.kv, id))[0].status;
}

function forceComplete(
  h: Harness,
  id: string,
  mid: string | number,
  as: Persona = "admin",
  version = "2.22",
) {
  return h.json(`/servers/${id}/migrations/${mid}/action`, {
    as,
    version,
    json: { force_complete: null },
  });
}

function abort(
  h: Harness,
  id: string,
  mid: string | number,
  as: Persona = "admin",
  version = "2.24",
) {
  return h.json(`/servers/${id}/migrations/${mid}`, { method: "DELETE", as, version });
}

function expect(
  res: { status: number; text: string; body: unknown },
  code: number,
  message?: string,
) {
  assert.equal(res.status, code, res.text);
  if (message !== undefined) assert.equal(faultMessage(res.body), message);
  if (code === 202) assert.equal(res.text, "");
}

async function running(): Promise<{ h: Harness; clock: TestClock; id: string }> {
  // Nova's response schema wants the byte counters null or at least 1, but libvirt (and Nova
  // with it) reports 0 before the first copy and for disks that are not copied: in-progress
  // migrations are outside that schema, so these responses are only warned about.
  const { h, clock } = await startMoving({ api: { response_validation: "warn" } });
  const id = await activeServer(h, clock);
  await liveMigrating(h, clock, id, "running");
  return { h, clock, id };
}

Deno.test("list and show of an in-progress live migration at 2.23, 2.59 and 2.80 (samples)", async () => {
  const { h, id } = await running();
  try {
    const v223 = await h.json(`/servers/${id}/migrations`, { as: "admin", version: "2.23" });
    assert.equal(v223.status, 200, v223.text);
    assert.equal(v223.body.migrations.length, 1);
    const m = v223.body.migrations[0];
    assert.deepEqual([m.id, m.server_uuid, m.status], [1, id, "running"]);
    assert.equal(m.memory_total_bytes, 512 * 2 ** 20);
    assert.equal(m.memory_processed_bytes, 0);
    assert.equal(m.dest_host, "127.0.0.1");
    assert.equal("uuid" in m, false);
    assertSameShape(
      v223.body,
      await sampleTemplate("server-migrations/v2.23/migrations-index.json"),
      {
        nullable: NULLABLE,
      },
    );
    const show223 = await h.json(`/servers/${id}/migrations/1`, { as: "admin", version: "2.23" });
    assert.equal(show223.status, 200, show223.text);
    assert.deepEqual(show223.body.migration, m);
    assertSameShape(
      show223.body,
      await sampleTemplate("server-migrations/v2.23/migrations-get.json"),
      {
        nullable: NULLABLE,
      },
    );
    for (const [version, dir] of [["2.59", "v2.59"], ["2.80", "v2.80"]]) {
      const list = await h.json(`/servers/${id}/migrations`, { as: "admin", version });
      assertSameShape(
        list.body,
        await sampleTemplate(`server-migrations/${dir}/migrations-index.json`),
        {
          nullable: NULLABLE,
        },
      );
      const one = await h.json(`/servers/${id}/migrations/1`, { as: "admin", version });
      assertSameShape(
        one.body,
        await sampleTemplate(`server-migrations/${dir}/migrations-get.json`),
        {
          nullable: NULLABLE,
        },
      );
      assert.match(one.body.migration.uuid, /^[0-9a-f-]{36}$/);
      assert.equal("user_id" in one.body.migration, version === "2.80");
    }
    const v280 = await h.json(`/servers/${id}/migrations/1`, { as: "admin", version: "2.80" });
    assert.deepEqual([v280.body.migration.user_id, v280.body.migration.project_id], [
      "admin-user",
      "admin-project",
    ]);
    // Below 2.23 the list and show are not routes; above 2.101 they take no query.
    assert.equal(
      (await h.json(`/servers/${id}/migrations`, { as: "admin", version: "2.22" })).status,
      404,
    );
    assert.equal(
      (await h.json(`/servers/${id}/migrations?x=1`, { as: "admin", version: "2.101" })).status,
      200,
    );
    assert.equal(
      (await h.json(`/servers/${id}/migrations?x=1`, { as: "admin", version: "2.102" })).status,
      400,
    );
    assert.equal(
      (await h.json(`/servers/${id}/migrations/1?x=1`, { as: "admin", version: "2.102" })).status,
      400,
    );
  } finally {
    await h.close();
  }
});

Deno.test("list shows only in-progress live migrations; show's three 404s", async () => {
  const { h, clock } = await startMoving();
  try {
    const resized = await activeServer(h, clock);
    await act(h, resized, { resize: { flavorRef: "2" } }, 202, "member");
    const list = await h.json(`/servers/${resized}/migrations`, { as: "admin", version: "2.23" });
    assert.deepEqual(list.body, { migrations: [] });
    const notLive = await h.json(`/servers/${resized}/migrations/1`, {
      as: "admin",
      version: "2.23",
    });
    expect(notLive, 404, `Migration 1 for server ${resized} is not live-migration.`);
    for (const mid of ["2", "abc", "-1"]) {
      const res = await h.json(`/servers/${resized}/migrations/${mid}`, {
        as: "admin",
        version: "2.23",
      });
      expect(res, 404, `In-progress live migration ${mid} is not found for server ${resized}.`);
    }
    const id = await activeServer(h, clock);
    await liveMigrating(h, clock, id, "queued");
    const queued = await h.json(`/servers/${id}/migrations`, { as: "admin", version: "2.23" });
    assert.deepEqual(queued.body.migrations.map((m: Json) => m.status), ["queued"]);
    clock.advance(10);
    const done = await h.json(`/servers/${id}/migrations`, { as: "admin", version: "2.23" });
    assert.deepEqual(done.body, { migrations: [] });
    const gone = await h.json(`/servers/${id}/migrations/2`, { as: "admin", version: "2.23" });
    expect(gone, 404, `Live migration 2 for server ${id} is not in progress.`);
    const missing = crypto.randomUUID();
    const nobody = await h.json(`/servers/${missing}/migrations`, { as: "admin", version: "2.23" });
    expect(nobody, 404, `Instance ${missing} could not be found.`);
  } finally {
    await h.close();
  }
});

Deno.test("policies: the list for managers (hosts for admins), show for admins, actions for managers", async () => {
  const { h, id } = await running();
  try {
    const listAs = (as: Persona) => h.json(`/servers/${id}/migrations`, { as, version: "2.80" });
    for (const as of ["member", "reader"] as const) {
      expect(
        await listAs(as),
        403,
        "Policy doesn't allow os_compute_api:servers:migrations:index to be performed.",
      );
    }
    expect(await listAs("other"), 404, `Instance ${id} could not be found.`);
    const manager = await listAs("manager");
    assert.equal(manager.status, 200, manager.text);
    const m = manager.body.migrations[0];
    assert.deepEqual(
      [m.source_compute, m.source_node, m.dest_compute, m.dest_node, m.dest_host],
      [null, null, null, null, null],
    );
    assert.equal(m.status, "running");
    const admin = await listAs("admin");
    assert.equal(admin.body.migrations[0].source_compute, "compute-1");
    const showAs = (as: Persona) => h.json(`/servers/${id}/migrations/1`, { as, version: "2.80" });
    expect(
      await showAs("manager"),
      403,
      "Policy doesn't allow os_compute_api:servers:migrations:show to be performed.",
    );
    expect(
      await forceComplete(h, id, 1, "member"),
      403,
      "Policy doesn't allow os_compute_api:servers:migrations:force_complete to be performed.",
    );
    expect(
      await abort(h, id, 1, "reader"),
      403,
      "Policy doesn't allow os_compute_api:servers:migrations:delete to be performed.",
    );
    expect(await abort(h, id, 1, "other"), 404, `Instance ${id} could not be found.`);
    expect(await abort(h, id, 1, "manager"), 202);
    assert.equal(await status(h, id), "cancelled");
  } finally {
    await h.close();
  }
});

Deno.test("force_complete: the running migration completes at once on the destination", async () => {
  const { h, id } = await running();
  try {
    assert.equal(await brief(h, id), "MIGRATING/migrating/compute-1");
    assert.deepEqual(await ram(h), [512, 512]);
    expect(await forceComplete(h, id, 1), 202);
    assert.equal(await brief(h, id), "ACTIVE//compute-2");
    assert.equal(await status(h, id), "completed");
    assert.deepEqual(await ram(h), [0, 512]);
    const [m] = await listInstanceMigrations(h.kv, id);
    assert.deepEqual([m.memory_processed, m.memory_remaining], [512 * 2 ** 20, 0]);
    const actions = await h.json(`/servers/${id}/os-instance-actions`, { as: "admin" });
    assert.deepEqual(
      actions.body.instanceActions.map((a: Json) => a.action),
      ["live_migration_force_complete", "live-migration", "create"],
    );
    const rid = actions.body.instanceActions[0].request_id;
    const one = await h.json(`/servers/${id}/os-instance-actions/${rid}`, {
      as: "admin",
      version: "2.51",
    });
    assert.deepEqual(one.body.instanceAction.events.map((e: Json) => e.event), [
      "compute_live_migration_force_complete",
    ]);
    // Nothing left to complete: the server has no task any more.
    expect(
      await forceComplete(h, id, 1),
      409,
      `Cannot 'force_complete' instance ${id} while it is in task_state None`,
    );
  } finally {
    await h.close();
  }
});

Deno.test("force_complete refusals: version, body, state, migration, lock", async () => {
  const { h, clock } = await startMoving();
  try {
    const id = await activeServer(h, clock);
    expect(await forceComplete(h, id, 1, "admin", "2.21"), 404);
    const bad = await h.json(`/servers/${id}/migrations/1/action`, {
      as: "admin",
      version: "2.22",
      json: { force_complete: {} },
    });
    expect(bad, 400);
    expect(
      await forceComplete(h, id, 1),
      409,
      `Cannot 'force_complete' instance ${id} while it is in task_state None`,
    );
    await liveMigrating(h, clock, id, "queued");
    expect(
      await forceComplete(h, id, 1),
      400,
      `Migration 1 state of instance ${id} is queued. Cannot force complete while the ` +
        "migration is in this state.",
    );
    clock.advance(2);
    for (const mid of ["7", "x"]) {
      expect(
        await forceComplete(h, id, mid),
        400,
        `Migration ${mid} not found for instance ${id}`,
      );
    }
    // A locked server is a conflict for a project manager, not for an admin.
    await act(h, id, { lock: null }, 202, "admin");
    expect(await forceComplete(h, id, 1, "manager"), 409, `Instance ${id} is locked`);
    expect(await forceComplete(h, id, 1, "admin"), 202);
    // A paused server migrates too, but only an ACTIVE one can be forced.
    const paused = await activeServer(h, clock);
    await act(h, paused, { pause: null }, 202);
    clock.advance(SECONDS);
    await liveMigrating(h, clock, paused, "running");
    expect(
      await forceComplete(h, paused, 2),
      409,
      `Cannot 'force_complete' instance ${paused} while it is in vm_state paused`,
    );
  } finally {
    await h.close();
  }
});

Deno.test("abort: the server stays ACTIVE on its source, the migration is cancelled, the claim freed", async () => {
  const { h, id } = await running();
  try {
    assert.deepEqual(await ram(h), [512, 512]);
    expect(await abort(h, id, 1), 202);
    assert.equal(await brief(h, id), "ACTIVE//compute-1");
    assert.equal(await status(h, id), "cancelled");
    assert.deepEqual(await ram(h), [512, 0]);
    const actions = await h.json(`/servers/${id}/os-instance-actions`, { as: "admin" });
    assert.deepEqual(
      actions.body.instanceActions.map((a: Json) => a.action),
      ["live_migration_cancel", "live-migration", "create"],
    );
    const [cancel, live] = actions.body.instanceActions.map((a: Json) => a.request_id);
    const events = async (rid: string) =>
      (await h.json(`/servers/${id}/os-instance-actions/${rid}`, { as: "admin", version: "2.51" }))
        .body.instanceAction.events;
    assert.deepEqual((await events(cancel)).map((e: Json) => e.event), [
      "compute_live_migration_abort",
    ]);
    // The live migration's open events are closed.
    for (const e of await events(live)) assert.notEqual(e.finish_time, null, e.event);
    const list = await h.json(`/servers/${id}/migrations`, { as: "admin", version: "2.23" });
    assert.deepEqual(list.body, { migrations: [] });
    expect(
      await abort(h, id, 1),
      409,
      `Cannot 'abort live migration' instance ${id} while it is in task_state None`,
    );
    // The server can migrate again.
    const again = await h.json(`/servers/${id}/action`, {
      as: "admin",
      version: "2.34",
      json: { "os-migrateLive": { block_migration: "auto", host: null } },
    });
    assert.equal(again.status, 202, again.text);
  } finally {
    await h.close();
  }
});

Deno.test("abort of a queued or preparing migration: 400 before 2.65, cancelled from it", async () => {
  const { h, clock } = await startMoving();
  try {
    const id = await activeServer(h, clock);
    expect(await abort(h, id, 1, "admin", "2.23"), 404);
    expect(
      await abort(h, id, 1),
      409,
      `Cannot 'abort live migration' instance ${id} while it is in task_state None`,
    );
    await liveMigrating(h, clock, id, "queued");
    expect(
      await abort(h, id, 1, "admin", "2.64"),
      400,
      `Migration 1 state of instance ${id} is queued. Cannot abort live migration while the ` +
        "migration is in this state.",
    );
    expect(await abort(h, id, 9), 404, `Migration 9 not found for instance ${id}`);
    expect(await abort(h, id, 1, "admin", "2.65"), 202);
    assert.equal(await brief(h, id), "ACTIVE//compute-1");
    assert.equal(await status(h, id), "cancelled");
    assert.deepEqual(await ram(h), [512, 0]);

    const other = await activeServer(h, clock);
    const base = await ram(h);
    await liveMigrating(h, clock, other, "preparing");
    assert.notDeepEqual(await ram(h), base);
    assert.equal(await status(h, other), "preparing");
    expect(await abort(h, other, 2, "admin", "2.65"), 202);
    assert.equal(await status(h, other), "cancelled");
    assert.equal((await brief(h, other)).split("/")[1], "");
    // Nothing is left to happen: later reads find the same state.
    clock.advance(10);
    assert.equal(await status(h, other), "cancelled");
    assert.deepEqual(await ram(h), base);
  } finally {
    await h.close();
  }
});
