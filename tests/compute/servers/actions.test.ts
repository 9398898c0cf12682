/**
 * The power and lock actions over real HTTP: 202 with no body, the states each one leads to,
 * Nova's 409s (wrong state, a task in progress, a lock), policies, body schemas per microversion.
 * Most servers build and act at once (`fake_boot_seconds = 0`); where a task must be seen in
 * progress, a second harness on the same store acts with an hour-long step delay.
 */
import assert from "node:assert/strict";
import { CIRROS_IMAGE_ID } from "../../../lib/images/catalog.ts";
import { PRIVATE_NETWORK_ID } from "../../../lib/networks/catalog.ts";
import { faultMessage, type Harness, type Persona, startCompute } from "../../support/compute.ts";

const INSTANT = { deno: { fake_boot_seconds: 0 }, virt: { fake_delete_seconds: 0 } };

async function createActive(h: Harness, as: Persona = "member"): Promise<string> {
  const res = await h.json("/servers", {
    as,
    json: {
      server: {
        name: "vm1",
        imageRef: CIRROS_IMAGE_ID,
        flavorRef: "1",
        networks: [{ uuid: PRIVATE_NETWORK_ID }],
      },
    },
  });
  assert.equal(res.status, 202, res.text);
  const id = res.body.server.id;
  // Builds take no time: the first read finds the server ACTIVE.
  assert.equal((await show(h, id)).status, "ACTIVE");
  return id;
}

// deno-lint-ignore no-explicit-any
async function show(h: Harness, id: string, version = "2.73"): Promise<any> {
  const res = await h.json(`/servers/${id}`, { as: "admin", version });
  assert.equal(res.status, 200, res.text);
  return res.body.server;
}

function states(server: Record<string, unknown>) {
  return [
    server.status,
    server["OS-EXT-STS:vm_state"],
    server["OS-EXT-STS:task_state"],
    server["OS-EXT-STS:power_state"],
  ];
}

function action(h: Harness, id: string, body: unknown, as: Persona = "member", version?: string) {
  return h.json(`/servers/${id}/action`, { as, json: body, version });
}

async function accepted(h: Harness, id: string, body: unknown, as: Persona = "member") {
  const res = await action(h, id, body, as);
  assert.equal(res.status, 202, `${JSON.stringify(body)}: ${res.text}`);
  assert.equal(res.text, "");
}

Deno.test("stop, start, reboot, pause, unpause, suspend, resume: 202 and Nova's states", async () => {
  const h = await startCompute({ seedFlavors: true, config: INSTANT });
  try {
    const id = await createActive(h);
    const seen: unknown[] = [];
    for (
      const body of [
        { "os-stop": null },
        { "os-start": null },
        { reboot: { type: "SOFT" } },
        { reboot: { type: "hard" } },
        { pause: null },
        { unpause: null },
        { suspend: {} },
        { resume: null },
      ]
    ) {
      await accepted(h, id, body);
      seen.push([Object.keys(body)[0], ...states(await show(h, id))]);
    }
    assert.deepEqual(seen, [
      ["os-stop", "SHUTOFF", "stopped", null, 4],
      ["os-start", "ACTIVE", "active", null, 1],
      ["reboot", "ACTIVE", "active", null, 1],
      ["reboot", "ACTIVE", "active", null, 1],
      ["pause", "PAUSED", "paused", null, 3],
      ["unpause", "ACTIVE", "active", null, 1],
      ["suspend", "SUSPENDED", "suspended", null, 7],
      ["resume", "ACTIVE", "active", null, 1],
    ]);
  } finally {
    await h.close();
  }
});

Deno.test("Nova's 409s for an action the vm_state does not allow", async () => {
  const h = await startCompute({ seedFlavors: true, config: INSTANT });
  try {
    const id = await createActive(h);
    const conflict = async (body: unknown, message: string) => {
      const res = await action(h, id, body);
      assert.equal(res.status, 409, res.text);
      assert.deepEqual(res.body, { conflictingRequest: { code: 409, message } });
    };
    await conflict(
      { "os-start": null },
      `Cannot 'start' instance ${id} while it is in vm_state active`,
    );
    await conflict(
      { unpause: null },
      `Cannot 'unpause' instance ${id} while it is in vm_state active`,
    );
    await conflict(
      { resume: null },
      `Cannot 'resume' instance ${id} while it is in vm_state active`,
    );
    await accepted(h, id, { "os-stop": null });
    await conflict(
      { "os-stop": null },
      `Cannot 'stop' instance ${id} while it is in vm_state stopped`,
    );
    await conflict(
      { pause: null },
      `Cannot 'pause' instance ${id} while it is in vm_state stopped`,
    );
    await conflict(
      { suspend: null },
      `Cannot 'suspend' instance ${id} while it is in vm_state stopped`,
    );
    await conflict(
      { reboot: { type: "SOFT" } },
      `Cannot 'reboot' instance ${id} while it is in vm_state stopped`,
    );
    // A HARD reboot starts a stopped server.
    await accepted(h, id, { reboot: { type: "HARD" } });
    assert.equal((await show(h, id)).status, "ACTIVE");
  } finally {
    await h.close();
  }
});

Deno.test("a task in progress is observable and refuses a second action", async () => {
  const kv = await Deno.openKv(":memory:");
  const fast = await startCompute({ seedFlavors: true, config: INSTANT, kv });
  const slow = await startCompute({
    config: { deno: { fake_boot_seconds: 3600 }, virt: { fake_delete_seconds: 0 } },
    kv,
  });
  try {
    const id = await createActive(fast);
    await accepted(slow, id, { "os-stop": null });
    assert.deepEqual(states(await show(slow, id)), ["ACTIVE", "active", "powering-off", 1]);
    const res = await action(slow, id, { pause: null });
    assert.equal(res.status, 409);
    assert.equal(
      faultMessage(res.body),
      `Cannot 'pause' instance ${id} while it is in task_state powering-off`,
    );
    const other = await createActive(fast);
    await accepted(slow, other, { reboot: { type: "HARD" } });
    assert.deepEqual(states(await show(slow, other)), [
      "HARD_REBOOT",
      "active",
      "rebooting_hard",
      1,
    ]);
    // Deleting during a task is allowed, as Nova's.
    assert.equal(
      (await slow.fetch(`/servers/${id}`, { method: "DELETE", as: "member" })).status,
      204,
    );
  } finally {
    await slow.close();
    await fast.close();
    kv.close();
  }
});

Deno.test("lock: reason from 2.73, a lock blocks non-admins (409), unlock_override for others' locks", async () => {
  const h = await startCompute({ seedFlavors: true, config: INSTANT });
  try {
    const id = await createActive(h);
    const lock = await action(h, id, { lock: { locked_reason: "maintenance" } }, "member", "2.73");
    assert.equal(lock.status, 202, lock.text);
    const server = await show(h, id);
    assert.equal(server.locked, true);
    assert.equal(server.locked_reason, "maintenance");
    const locked = `Instance ${id} is locked`;
    for (const body of [{ "os-stop": null }, { reboot: { type: "HARD" } }, { pause: null }]) {
      const res = await action(h, id, body);
      assert.equal(res.status, 409, res.text);
      assert.equal(faultMessage(res.body), locked);
    }
    const del = await h.json(`/servers/${id}`, { method: "DELETE", as: "member" });
    assert.equal(del.status, 409);
    assert.equal(faultMessage(del.body), locked);
    // An admin is not held by the lock.
    await accepted(h, id, { pause: null }, "admin");
    await accepted(h, id, { unlock: null });
    assert.equal((await show(h, id)).locked, false);
    await accepted(h, id, { unpause: null });

    // An admin's lock: the owner may not lift it (unlock_override is admin-only).
    await accepted(h, id, { lock: null }, "admin");
    const refused = await action(h, id, { unlock: null });
    assert.equal(refused.status, 403, refused.text);
    assert.equal(
      faultMessage(refused.body),
      "Policy doesn't allow os_compute_api:os-lock-server:unlock:unlock_override to be performed.",
    );
    await accepted(h, id, { unlock: null }, "admin");
  } finally {
    await h.close();
  }
});

Deno.test("bodies: schemas per microversion, unknown actions, others' servers, policies", async () => {
  const h = await startCompute({ seedFlavors: true, config: INSTANT });
  try {
    const id = await createActive(h);
    const bad = await action(h, id, { reboot: { type: "MEDIUM" } });
    assert.equal(bad.status, 400, bad.text);
    assert.match(faultMessage(bad.body), /^Invalid input for field\/attribute type\./);
    const extra = await action(h, id, { "os-stop": null, force: true });
    assert.equal(extra.status, 400, extra.text);
    const unknown = await action(h, id, { frobnicate: null });
    assert.equal(unknown.status, 400);
    assert.equal(faultMessage(unknown.body), "There is no such action: frobnicate");
    // lock's reason is checked from 2.73; before, any value goes.
    const empty273 = await action(h, id, { lock: { locked_reason: "" } }, "member", "2.73");
    assert.equal(empty273.status, 400, empty273.text);
    const any272 = await action(h, id, { lock: { locked_reason: "" } }, "member", "2.72");
    assert.equal(any272.status, 202, any272.text);
    assert.equal((await show(h, id)).locked_reason, null);
    // Nova's action peek refuses a second body key before any schema.
    const two = await action(h, id, { unlock: null, lock: null }, "member", "2.73");
    assert.equal(two.status, 400, two.text);
    assert.equal(faultMessage(two.body), "Malformed request body");
    const unlock = await action(h, id, { unlock: { any: "value" } }, "member", "2.80");
    assert.equal(unlock.status, 202, unlock.text);

    const hidden = await action(h, id, { "os-stop": null }, "other");
    assert.equal(hidden.status, 404);
    assert.equal(faultMessage(hidden.body), `Instance ${id} could not be found.`);
    const missing = await action(h, crypto.randomUUID(), { pause: null });
    assert.equal(missing.status, 404);
    const reader = await action(h, id, { pause: null }, "reader");
    assert.equal(reader.status, 403, reader.text);
    assert.equal(
      faultMessage(reader.body),
      "Policy doesn't allow os_compute_api:os-pause-server:pause to be performed.",
    );
  } finally {
    await h.close();
  }
});

Deno.test("trigger_crash_dump: from 2.17, null body, no state change, 409 when stopped", async () => {
  const h = await startCompute({ seedFlavors: true, config: INSTANT });
  try {
    const id = await createActive(h);
    const before = await action(h, id, { trigger_crash_dump: null }, "member", "2.16");
    assert.equal(before.status, 404, before.text);
    const notNull = await action(h, id, { trigger_crash_dump: {} }, "member", "2.17");
    assert.equal(notNull.status, 400, notNull.text);
    const ok = await action(h, id, { trigger_crash_dump: null }, "member", "2.17");
    assert.equal(ok.status, 202, ok.text);
    assert.deepEqual(states(await show(h, id)), ["ACTIVE", "active", null, 1]);
    await accepted(h, id, { "os-stop": null });
    const stopped = await action(h, id, { trigger_crash_dump: null }, "member", "2.17");
    assert.equal(stopped.status, 409);
    assert.equal(
      faultMessage(stopped.body),
      `Cannot 'trigger_crash_dump' instance ${id} while it is in vm_state stopped`,
    );
  } finally {
    await h.close();
  }
});
