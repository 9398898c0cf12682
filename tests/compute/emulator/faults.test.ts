/**
 * Fault injection over real HTTP: an armed fault makes the next starts of an action fail, in
 * mode `error` (ERROR with Nova's instance fault) or `rollback` (back to the states before), the
 * action's event finished with result Error; counts go down; a server's own fault is taken
 * before a global one, and never by another server.
 */
import assert from "node:assert/strict";
import type { Harness } from "../../support/compute.ts";
import { createServer, latestAction, show, startEmulator, states } from "./_support.ts";

async function arm(h: Harness, fault: Record<string, unknown>): Promise<string> {
  const res = await h.json("/os-emulator/faults", { as: "admin", json: { fault } });
  assert.equal(res.status, 201, res.text);
  return res.body.fault.id;
}

async function act(h: Harness, id: string, body: unknown): Promise<void> {
  const res = await h.json(`/servers/${id}/action`, { as: "member", json: body });
  // A rescue answers 200 with the admin password, the others 202.
  assert.equal(res.status, "rescue" in (body as object) ? 200 : 202, res.text);
}

// deno-lint-ignore no-explicit-any
async function faults(h: Harness): Promise<any[]> {
  return (await h.json("/os-emulator/faults", { as: "admin" })).body.faults;
}

Deno.test("error: a reboot ends in ERROR with an instance fault and a failed event", async () => {
  const h = await startEmulator();
  try {
    const id = await createServer(h);
    await arm(h, { action: "reboot", server_id: id, message: "hypervisor on fire" });
    await act(h, id, { reboot: { type: "SOFT" } });
    const server = await show(h, id);
    assert.deepEqual(states(server), ["ERROR", "error", null, 1]);
    assert.equal(server.fault.code, 500);
    assert.equal(server.fault.message, "hypervisor on fire");
    assert.equal(server.fault.details, "nova.exception.NovaException: hypervisor on fire");
    const member = await h.json(`/servers/${id}`, { as: "member" });
    assert.equal(member.body.server.fault.details, undefined, "a 500's details are admin-only");
    const action = await latestAction(h, id);
    assert.equal(action.action, "reboot");
    assert.equal(action.message, "Error");
    assert.deepEqual(
      action.events.map((e: Record<string, unknown>) => [e.event, e.result, e.details]),
      [["compute_reboot_instance", "Error", "hypervisor on fire"]],
    );
    assert.deepEqual(await faults(h), [], "a count of 1 is used up");
    // An ERROR server can be hard-rebooted back, the fault gone.
    await act(h, id, { reboot: { type: "HARD" } });
    assert.deepEqual(states(await show(h, id)), ["ACTIVE", "active", null, 1]);
  } finally {
    await h.close();
  }
});

Deno.test("rollback: a global stop fault, count 2, returns two servers to ACTIVE", async () => {
  const h = await startEmulator();
  try {
    const a = await createServer(h);
    const b = await createServer(h);
    await arm(h, { action: "stop", count: 2, mode: "rollback" });
    await act(h, a, { "os-stop": null });
    const server = await show(h, a);
    assert.deepEqual(states(server), ["ACTIVE", "active", null, 1]);
    assert.equal(server.fault, undefined, "Nova shows a fault only on ERROR or DELETED");
    const action = await latestAction(h, a);
    assert.equal(action.action, "stop");
    assert.equal(action.message, "Error");
    assert.deepEqual(
      action.events.map((e: Record<string, unknown>) => [e.event, e.result]),
      [["compute_stop_instance", "Error"]],
    );
    const [left] = await faults(h);
    assert.equal(left.count, 1);
    await act(h, b, { "os-stop": null });
    assert.deepEqual(states(await show(h, b)), ["ACTIVE", "active", null, 1]);
    assert.deepEqual(await faults(h), []);
    await act(h, a, { "os-stop": null });
    assert.deepEqual(states(await show(h, a)), ["SHUTOFF", "stopped", null, 4]);
    assert.equal((await latestAction(h, a)).message, null);
  } finally {
    await h.close();
  }
});

Deno.test("per server: another server's fault is not taken; a server's own goes first", async () => {
  const h = await startEmulator();
  try {
    const a = await createServer(h);
    const b = await createServer(h);
    const global = await arm(h, { action: "reboot", mode: "rollback" });
    const own = await arm(h, { action: "reboot", server_id: a });
    await act(h, a, { reboot: { type: "SOFT" } });
    assert.deepEqual(states(await show(h, a)), ["ERROR", "error", null, 1], "its own: error");
    assert.deepEqual((await faults(h)).map((f) => f.id), [global]);
    const lone = await arm(h, { action: "pause", server_id: a });
    await act(h, b, { pause: null });
    assert.deepEqual(states(await show(h, b)), ["PAUSED", "paused", null, 3]);
    assert.deepEqual((await faults(h)).map((f) => f.id), [global, lone]);
    assert.notEqual(own, lone);
  } finally {
    await h.close();
  }
});

Deno.test("create: the build fails NoValidHost-like, ERROR with no host, quota released", async () => {
  const h = await startEmulator();
  try {
    await arm(h, { action: "create" });
    const id = await createServer(h);
    const server = await show(h, id);
    assert.deepEqual(states(server), ["ERROR", "error", null, 0]);
    assert.equal(server.fault.message, "No valid host was found. ");
    assert.equal(server["OS-EXT-SRV-ATTR:host"], null);
    const action = await latestAction(h, id);
    assert.equal(action.action, "create");
    assert.equal(action.message, "Error");
    const limits = await h.json("/limits", { as: "member" });
    assert.equal(limits.body.limits.absolute.totalInstancesUsed, 0);
    // The next create builds.
    const next = await createServer(h);
    assert.deepEqual(states(await show(h, next)), ["ACTIVE", "active", null, 1]);
  } finally {
    await h.close();
  }
});

Deno.test("delete, rescue and shelve take faults too", async () => {
  const h = await startEmulator();
  try {
    const id = await createServer(h);
    await arm(h, { action: "delete", message: "cannot unplug" });
    assert.equal((await h.fetch(`/servers/${id}`, { as: "member", method: "DELETE" })).status, 204);
    const failed = await show(h, id);
    assert.deepEqual(states(failed), ["ERROR", "error", null, 1]);
    assert.equal(failed.fault.message, "cannot unplug");
    await act(h, id, { reboot: { type: "HARD" } });

    await arm(h, { action: "shelve", mode: "rollback" });
    await act(h, id, { shelve: null });
    assert.deepEqual(states(await show(h, id)), ["ACTIVE", "active", null, 1]);

    await arm(h, { action: "rescue" });
    await act(h, id, { rescue: null });
    assert.deepEqual(states(await show(h, id)), ["ERROR", "error", null, 1]);

    assert.equal((await h.fetch(`/servers/${id}`, { as: "member", method: "DELETE" })).status, 204);
    assert.equal((await h.json(`/servers/${id}`, { as: "admin" })).status, 404);
  } finally {
    await h.close();
  }
});
