/**
 * `evacuate` over real HTTP: the body and answer at each microversion (onSharedStorage and the
 * admin password before 2.14, force 2.29–2.67, stopped at the destination from 2.95), policy,
 * Nova's 400s, 404 and 409, the states a client observes (on a test clock), the migration record
 * and the hosts' usage before and after.
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

function evacuate(h: Harness, id: string, body: unknown, version: string, as: Persona = "admin") {
  return h.json(`/servers/${id}/action`, { as, version, json: { evacuate: body } });
}

async function refused(
  h: Harness,
  id: string,
  body: unknown,
  version: string,
  status: number,
  message?: string,
  as: Persona = "admin",
) {
  const res = await evacuate(h, id, body, version, as);
  assert.equal(res.status, status, `${version} ${JSON.stringify(body)}: ${res.text}`);
  if (message) assert.equal(faultMessage(res.body), message);
}

async function ram(h: Harness): Promise<number[]> {
  const u = await getHostUsage(h.kv, ["compute-1", "compute-2"]);
  return [u.get("compute-1")!.memory_mb, u.get("compute-2")!.memory_mb];
}

Deno.test("the state sequence, migration record and host usage of an evacuation", async () => {
  const h = await start({ deno: { fake_boot_seconds: 5 } });
  const clock = new TestClock();
  h.runtime.instances.clock = clock.now;
  try {
    const id = await createServer(h);
    clock.advance(5);
    assert.deepEqual(await show(h, id), ["ACTIVE", null, 1, "compute-1"]);
    await setServiceForcedDown(h.kv, "compute-1", true);
    const res = await evacuate(h, id, {}, "2.14");
    assert.equal(res.status, 200, res.text);
    assert.equal(res.text, "");
    const seen = [(await show(h, id)).join("/")];
    const statuses = [(await listInstanceMigrations(h.kv, id))[0].status];
    const usage = [await ram(h)];
    for (let t = 0; t < 5; t++) {
      clock.advance(1);
      seen.push((await show(h, id)).join("/"));
      statuses.push((await listInstanceMigrations(h.kv, id))[0].status);
      usage.push(await ram(h));
    }
    assert.deepEqual(seen, [
      "REBUILD/rebuilding/1/compute-1",
      "REBUILD/rebuilding/0/compute-2",
      "REBUILD/rebuild_block_device_mapping/0/compute-2",
      "REBUILD/rebuild_spawning/0/compute-2",
      "REBUILD/rebuild_spawning/0/compute-2",
      "ACTIVE//1/compute-2",
    ]);
    assert.deepEqual(statuses, [
      "accepted",
      "pre-migrating",
      "pre-migrating",
      "pre-migrating",
      "pre-migrating",
      "done",
    ]);
    assert.deepEqual(usage[0], [512, 512]);
    assert.deepEqual(usage.at(-1), [0, 512]);
    const [m] = await listInstanceMigrations(h.kv, id);
    assert.deepEqual([m.migration_type, m.source_compute, m.dest_compute], [
      "evacuation",
      "compute-1",
      "compute-2",
    ]);
    const actions = await h.json(`/servers/${id}/os-instance-actions`, { as: "admin" });
    assert.equal(actions.body.instanceActions[0].action, "evacuate");
  } finally {
    await h.close();
  }
});

Deno.test("before 2.14: onSharedStorage required, the admin password in the answer", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    await setServiceForcedDown(h.kv, "compute-1", true);
    await refused(h, id, {}, "2.13", 400);
    await refused(
      h,
      id,
      { onSharedStorage: true, adminPass: "secret" },
      "2.1",
      400,
      "admin password can't be changed on existing disk",
    );
    const given = await evacuate(h, id, { onSharedStorage: "False", adminPass: "s3cret" }, "2.1");
    assert.equal(given.status, 200, given.text);
    assert.deepEqual(given.body, { adminPass: "s3cret" });
    assert.deepEqual(await show(h, id), ["ACTIVE", null, 1, "compute-2"]);
    await setServiceForcedDown(h.kv, "compute-2", true);
    await setServiceForcedDown(h.kv, "compute-1", false);
    const shared = await evacuate(h, id, { onSharedStorage: true }, "2.13");
    assert.equal(shared.status, 200, shared.text);
    assert.deepEqual(shared.body, { adminPass: null });
    await setServiceForcedDown(h.kv, "compute-1", true);
    await setServiceForcedDown(h.kv, "compute-2", false);
    const made = await evacuate(h, id, { onSharedStorage: false }, "2.1");
    assert.equal(typeof made.body.adminPass, "string");
    assert.equal(made.body.adminPass.length, 12);
    // From 2.14 onSharedStorage is refused and nothing comes back.
    await refused(h, id, { onSharedStorage: false }, "2.14", 400);
  } finally {
    await h.close();
  }
});

Deno.test("no password in the answer when enable_instance_password is off", async () => {
  const h = await start({ api: { enable_instance_password: false } });
  try {
    const id = await createServer(h);
    await setServiceForcedDown(h.kv, "compute-1", true);
    const res = await evacuate(h, id, { onSharedStorage: false }, "2.1");
    assert.equal(res.status, 200, res.text);
    assert.equal(res.text, "");
  } finally {
    await h.close();
  }
});

Deno.test("force 2.29–2.67, stopped at the destination from 2.95", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    await setServiceForcedDown(h.kv, "compute-1", true);
    await refused(h, id, { force: true }, "2.28", 400);
    await refused(h, id, { force: true }, "2.29", 400, "Can't force to a non-provided destination");
    await refused(h, id, { host: "compute-2", force: false }, "2.68", 400);
    const forced = await evacuate(h, id, { host: "compute-2", force: true }, "2.67");
    assert.equal(forced.status, 200, forced.text);
    assert.deepEqual(await show(h, id), ["ACTIVE", null, 1, "compute-2"]);
    await setServiceForcedDown(h.kv, "compute-1", false);
    await setServiceForcedDown(h.kv, "compute-2", true);
    const stopped = await evacuate(h, id, {}, "2.95");
    assert.equal(stopped.status, 200, stopped.text);
    assert.deepEqual(await show(h, id), ["SHUTOFF", null, 4, "compute-1"]);
    const all = await listInstanceMigrations(h.kv, id);
    assert.deepEqual(all.map((m) => m.status), ["done", "done"]);
  } finally {
    await h.close();
  }
});

Deno.test("Nova's 404, 400s and 409 in its order; policy", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    await refused(h, id, {}, "2.14", 403, undefined, "member");
    await refused(h, id, { host: "nowhere" }, "2.14", 404, "Compute host nowhere not found.");
    await refused(
      h,
      id,
      { host: "compute-1" },
      "2.14",
      400,
      "The target host can't be the same one.",
    );
    await refused(h, id, {}, "2.14", 400, "Compute service of compute-1 is still in use.");
    const pause = await h.json(`/servers/${id}/action`, { as: "member", json: { pause: null } });
    assert.equal(pause.status, 202, pause.text);
    await setServiceForcedDown(h.kv, "compute-1", true);
    await refused(
      h,
      id,
      {},
      "2.14",
      409,
      `Cannot 'evacuate' instance ${id} while it is in vm_state paused`,
    );
    await refused(h, "00000000-0000-0000-0000-000000000000", {}, "2.14", 404);
    await refused(h, id, { host: "" }, "2.14", 400);
    assert.equal((await listInstanceMigrations(h.kv, id)).length, 0);
  } finally {
    await h.close();
  }
});

Deno.test("no host for the evacuated server: ERROR with NoValidHost", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    await setServiceForcedDown(h.kv, "compute-1", true);
    await setServiceForcedDown(h.kv, "compute-2", true);
    const res = await evacuate(h, id, {}, "2.14");
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(await show(h, id), ["ERROR", null, 0, "compute-1"]);
    const shown = await h.json(`/servers/${id}`, { as: "admin" });
    assert.equal(
      shown.body.server.fault.message,
      "No valid host was found. There are not enough hosts available.",
    );
    const [m] = await listInstanceMigrations(h.kv, id);
    assert.equal(m.status, "error");
    assert.deepEqual(await ram(h), [512, 0]);
  } finally {
    await h.close();
  }
});
