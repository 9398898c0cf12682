/**
 * Step delays and the clock over real HTTP: stored delays override the configured ones (a
 * server's own over the deployment's), and advancing the clock moves stored due times, so a
 * build completes and a soft-deleted server is reclaimed without waiting.
 */
import assert from "node:assert/strict";
import type { Harness } from "../../support/compute.ts";
import { createServer, show, startEmulator, states } from "./_support.ts";

async function advance(h: Harness, body: Record<string, unknown>): Promise<number> {
  const res = await h.json("/os-emulator/clock", { as: "admin", json: body });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.clock.advance, body.advance);
  return res.body.clock.servers;
}

async function put(h: Harness, settings: unknown, path = "/os-emulator/settings") {
  const res = await h.json(path, { as: "admin", method: "PUT", json: { settings } });
  assert.equal(res.status, 200, res.text);
}

async function usedInstances(h: Harness): Promise<number> {
  const res = await h.json("/limits", { as: "member" });
  return res.body.limits.absolute.totalInstancesUsed;
}

Deno.test("boot_seconds delays a build; advancing the clock completes it", async () => {
  const h = await startEmulator();
  try {
    await put(h, { boot_seconds: 3600 });
    const id = await createServer(h);
    const building = await show(h, id);
    assert.deepEqual(states(building), ["BUILD", "building", "scheduling", 0]);
    assert.equal(await advance(h, { advance: 1800 }), 1);
    assert.deepEqual(states(await show(h, id)), ["BUILD", "building", "block_device_mapping", 0]);
    assert.equal(await advance(h, { advance: 1800 }), 1);
    const active = await show(h, id);
    assert.deepEqual(states(active), ["ACTIVE", "active", null, 1]);
    assert.ok(active["OS-SRV-USG:launched_at"]);
    assert.equal(await advance(h, { advance: 60 }), 0, "nothing left pending");
  } finally {
    await h.close();
  }
});

Deno.test("a soft delete is reclaimed once the clock passes reclaim_instance_interval", async () => {
  const h = await startEmulator({ DEFAULT: { reclaim_instance_interval: 3600 } });
  try {
    const id = await createServer(h);
    assert.equal(await usedInstances(h), 1);
    assert.equal((await h.fetch(`/servers/${id}`, { as: "member", method: "DELETE" })).status, 204);
    assert.deepEqual(states(await show(h, id)), ["SOFT_DELETED", "soft-delete", null, 4]);
    await advance(h, { advance: 1800 });
    assert.deepEqual(states(await show(h, id)), ["SOFT_DELETED", "soft-delete", null, 4]);
    await advance(h, { advance: 1800 });
    assert.equal((await h.json(`/servers/${id}`, { as: "admin" })).status, 404);
    assert.equal(await usedInstances(h), 0);
  } finally {
    await h.close();
  }
});

Deno.test("a server's own action_seconds, delete_seconds, and advancing one server", async () => {
  const h = await startEmulator();
  try {
    const a = await createServer(h);
    const b = await createServer(h);
    await put(h, { action_seconds: 3600 }, `/os-emulator/servers/${a}/settings`);
    for (const id of [a, b]) {
      const res = await h.json(`/servers/${id}/action`, {
        as: "member",
        json: { "os-stop": null },
      });
      assert.equal(res.status, 202, res.text);
    }
    assert.deepEqual(states(await show(h, a)), ["ACTIVE", "active", "powering-off", 1]);
    assert.deepEqual(states(await show(h, b)), ["SHUTOFF", "stopped", null, 4]);
    assert.equal(await advance(h, { advance: 3600, server_id: b }), 0);
    assert.deepEqual(states(await show(h, a)), ["ACTIVE", "active", "powering-off", 1]);
    assert.equal(await advance(h, { advance: 3600, server_id: a }), 1);
    assert.deepEqual(states(await show(h, a)), ["SHUTOFF", "stopped", null, 4]);

    await put(h, { delete_seconds: 600 });
    assert.equal((await h.fetch(`/servers/${b}`, { as: "member", method: "DELETE" })).status, 204);
    assert.equal((await show(h, b))["OS-EXT-STS:task_state"], "deleting");
    await advance(h, { advance: 600 });
    assert.equal((await h.json(`/servers/${b}`, { as: "admin" })).status, 404);
    await put(h, { delete_seconds: null });
    assert.equal((await h.fetch(`/servers/${a}`, { as: "member", method: "DELETE" })).status, 204);
    assert.equal((await h.json(`/servers/${a}`, { as: "admin" })).status, 404);
  } finally {
    await h.close();
  }
});
