/**
 * The admin actions over real HTTP: `os-resetState` (states, the task and its steps cleared, the
 * `resetState` instance action, locked servers), `injectNetworkInfo` and the removed
 * `resetNetwork` (410), with their schemas and policies.
 */
import assert from "node:assert/strict";
import { faultMessage, type Harness, type Persona, startCompute } from "../../support/compute.ts";
import { createServer, INSTANT, start } from "./_support.ts";
import { getInstance } from "../../../lib/store/instances.ts";
import { GONE_MESSAGE } from "../../../lib/compute/removed/routes.ts";

// deno-lint-ignore no-explicit-any
async function show(h: Harness, id: string): Promise<any> {
  const res = await h.json(`/servers/${id}`, { as: "admin" });
  assert.equal(res.status, 200, res.text);
  const s = res.body.server;
  return [s.status, s["OS-EXT-STS:vm_state"], s["OS-EXT-STS:task_state"]];
}

function action(h: Harness, id: string, body: unknown, as: Persona = "admin", version?: string) {
  return h.json(`/servers/${id}/action`, { as, json: body, version });
}

async function actionNames(h: Harness, id: string): Promise<string[]> {
  const res = await h.json(`/servers/${id}/os-instance-actions`, { as: "admin" });
  assert.equal(res.status, 200, res.text);
  return res.body.instanceActions.map((a: { action: string }) => a.action);
}

Deno.test("os-resetState sets vm_state, clears the task and records resetState", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const res = await action(h, id, { "os-resetState": { state: "error" } });
    assert.equal(res.status, 202, res.text);
    assert.equal(res.text, "");
    assert.deepEqual(await show(h, id), ["ERROR", "error", null]);
    assert.ok((await actionNames(h, id)).includes("resetState"));
    // A locked server is reset too (Nova checks no lock for it).
    assert.equal((await action(h, id, { lock: null }, "member")).status, 202);
    const back = await action(h, id, { "os-resetState": { state: "active" } });
    assert.equal(back.status, 202, back.text);
    assert.deepEqual(await show(h, id), ["ACTIVE", "active", null]);
  } finally {
    await h.close();
  }
});

Deno.test("os-resetState interrupts a task in progress; a delete in progress goes on", async () => {
  const kv = await Deno.openKv(":memory:");
  const fast = await startCompute({ seedFlavors: true, config: INSTANT, kv });
  const slow = await startCompute({
    config: { deno: { fake_boot_seconds: 3600 }, virt: { fake_delete_seconds: 3600 } },
    kv,
  });
  try {
    const id = await createServer(fast);
    assert.equal((await action(slow, id, { "os-stop": null }, "member")).status, 202);
    assert.deepEqual(await show(slow, id), ["ACTIVE", "active", "powering-off"]);
    const stuck = await action(slow, id, { suspend: null }, "member");
    assert.equal(stuck.status, 409);
    assert.equal(
      faultMessage(stuck.body),
      `Cannot 'suspend' instance ${id} while it is in task_state powering-off`,
    );
    assert.equal((await action(slow, id, { "os-resetState": { state: "active" } })).status, 202);
    // The stop's steps are gone from the record: it will not turn SHUTOFF later.
    assert.deepEqual(await show(slow, id), ["ACTIVE", "active", null]);
    assert.deepEqual((await getInstance(kv, id))?.pending, []);
    assert.equal((await action(slow, id, { pause: null }, "member")).status, 202);

    const other = await createServer(fast);
    const del = await slow.fetch(`/servers/${other}`, { method: "DELETE", as: "member" });
    assert.equal(del.status, 204);
    assert.equal((await action(slow, other, { "os-resetState": { state: "error" } })).status, 202);
    assert.deepEqual(await show(slow, other), ["ERROR", "error", null]);
    // The delete's steps stay: once due, the server is gone.
    const pending = (await getInstance(kv, other))?.pending ?? [];
    assert.equal(pending.at(-1)?.effect, "deleted");
  } finally {
    await slow.close();
    await fast.close();
    kv.close();
  }
});

Deno.test("os-resetState: schema, policy (admin only), another project's server", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    for (
      const body of [
        { "os-resetState": { state: "stopped" } },
        { "os-resetState": {} },
        { "os-resetState": null },
        { "os-resetState": { state: "active", extra: 1 } },
        { "os-resetState": { state: "active" }, other: 1 },
      ]
    ) {
      const res = await action(h, id, body);
      assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
    }
    const member = await action(h, id, { "os-resetState": { state: "error" } }, "member");
    assert.equal(member.status, 403, member.text);
    assert.equal(
      faultMessage(member.body),
      "Policy doesn't allow os_compute_api:os-admin-actions:reset_state to be performed.",
    );
    const other = await action(h, id, { "os-resetState": { state: "error" } }, "other");
    assert.equal(other.status, 404, other.text);
    const missing = await action(h, crypto.randomUUID(), { "os-resetState": { state: "error" } });
    assert.equal(missing.status, 404, missing.text);
    assert.deepEqual(await show(h, id), ["ACTIVE", "active", null]);
    assert.ok(!(await actionNames(h, id)).includes("resetState"));
  } finally {
    await h.close();
  }
});

Deno.test("injectNetworkInfo: 202 for an admin, even locked; policy and schema", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const before = await actionNames(h, id);
    const res = await action(h, id, { injectNetworkInfo: null });
    assert.equal(res.status, 202, res.text);
    assert.equal(res.text, "");
    assert.deepEqual(await actionNames(h, id), before);
    assert.deepEqual(await show(h, id), ["ACTIVE", "active", null]);
    assert.equal((await action(h, id, { lock: null }, "member")).status, 202);
    assert.equal((await action(h, id, { injectNetworkInfo: {} })).status, 202);
    const extra = await action(h, id, { injectNetworkInfo: null, x: 1 });
    assert.equal(extra.status, 400, extra.text);
    const member = await action(h, id, { injectNetworkInfo: null }, "member");
    assert.equal(member.status, 403, member.text);
    assert.equal(
      faultMessage(member.body),
      "Policy doesn't allow os_compute_api:os-admin-actions:inject_network_info to be performed.",
    );
  } finally {
    await h.close();
  }
});

Deno.test("injectNetworkInfo on a locked server is 409 for a caller the policy lets in", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    assert.equal((await action(h, id, { lock: null }, "member")).status, 202);
    // A project member allowed by a custom rule is still held by the lock.
    const h2 = await startCompute({
      kv: h.kv,
      config: INSTANT,
      policy: { "os_compute_api:os-admin-actions:inject_network_info": "role:member" },
    });
    try {
      const res = await action(h2, id, { injectNetworkInfo: null }, "member");
      assert.equal(res.status, 409, res.text);
      assert.equal(faultMessage(res.body), `Instance ${id} is locked`);
    } finally {
      await h2.close();
    }
  } finally {
    await h.close();
  }
});

Deno.test("resetNetwork is gone (410) at every microversion, for any server and caller", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    for (const version of ["2.1", "2.43", "latest"]) {
      for (const target of [id, crypto.randomUUID()]) {
        const res = await action(h, target, { resetNetwork: { any: 1 } }, "reader", version);
        assert.equal(res.status, 410, res.text);
        assert.deepEqual(res.body, { computeFault: { code: 410, message: GONE_MESSAGE } });
      }
    }
  } finally {
    await h.close();
  }
});

Deno.test("os-resetState and injectNetworkInfo are served at every microversion", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    for (const version of ["2.1", "2.43", "2.44", "latest"]) {
      const reset = await action(h, id, { "os-resetState": { state: "active" } }, "admin", version);
      assert.equal(reset.status, 202, `${version}: ${reset.text}`);
      const inject = await action(h, id, { injectNetworkInfo: null }, "admin", version);
      assert.equal(inject.status, 202, `${version}: ${inject.text}`);
      const change = await action(
        h,
        id,
        { changePassword: { adminPass: "p" } },
        "member",
        version,
      );
      assert.equal(change.status, 202, `${version}: ${change.text}`);
    }
  } finally {
    await h.close();
  }
});
