/**
 * `changePassword` over real HTTP: 202 and the `changePassword` action with its compute event,
 * the posted metadata password untouched, Nova's 409s (state, task, lock, a guest not running),
 * the body schema and the policy.
 */
import assert from "node:assert/strict";
import { storePasswordOnce } from "../../../lib/store/passwords.ts";
import { faultMessage, type Harness, type Persona, startCompute } from "../../support/compute.ts";
import { createServer, INSTANT, start } from "./_support.ts";

function action(h: Harness, id: string, body: unknown, as: Persona = "member", version?: string) {
  return h.json(`/servers/${id}/action`, { as, json: body, version });
}

const CHANGE = { changePassword: { adminPass: "n3w-secret" } };

Deno.test("changePassword: 202, server at rest, action and event recorded, posted password kept", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    assert.equal(await storePasswordOnce(h.kv, id, "c2VjcmV0"), "stored");
    const res = await action(h, id, CHANGE);
    assert.equal(res.status, 202, res.text);
    assert.equal(res.text, "");
    const server = (await h.json(`/servers/${id}`, { as: "admin" })).body.server;
    assert.equal(server.status, "ACTIVE");
    assert.equal(server["OS-EXT-STS:task_state"], null);
    const actions = await h.json(`/servers/${id}/os-instance-actions`, { as: "member" });
    const change = actions.body.instanceActions.find((a: { action: string }) =>
      a.action === "changePassword"
    );
    assert.ok(change, actions.text);
    assert.equal(change.user_id, "member-user");
    const detail = await h.json(`/servers/${id}/os-instance-actions/${change.request_id}`, {
      as: "admin",
    });
    assert.deepEqual(
      detail.body.instanceAction.events.map((e: { event: string; result: string }) => [
        e.event,
        e.result,
      ]),
      [["compute_set_admin_password", "Success"]],
    );
    const posted = await h.json(`/servers/${id}/os-server-password`, { as: "member" });
    assert.deepEqual(posted.body, { password: "c2VjcmV0" });
  } finally {
    await h.close();
  }
});

Deno.test("changePassword: 409 when not ACTIVE, during a task, when locked, guest not running", async () => {
  const kv = await Deno.openKv(":memory:");
  const h = await startCompute({ seedFlavors: true, config: INSTANT, kv });
  const slow = await startCompute({
    config: { deno: { fake_boot_seconds: 3600 }, virt: { fake_delete_seconds: 0 } },
    kv,
  });
  try {
    const id = await createServer(h);
    assert.equal((await action(h, id, { "os-stop": null })).status, 202);
    const stopped = await action(h, id, CHANGE);
    assert.equal(stopped.status, 409, stopped.text);
    assert.equal(
      faultMessage(stopped.body),
      `Cannot 'changePassword' instance ${id} while it is in vm_state stopped`,
    );
    // Reset to active while shut off: the guest is not running.
    const reset = await action(h, id, { "os-resetState": { state: "active" } }, "admin");
    assert.equal(reset.status, 202, reset.text);
    const off = await action(h, id, CHANGE);
    assert.equal(off.status, 409, off.text);
    assert.equal(
      faultMessage(off.body),
      `Failed to set admin password on ${id} because instance ${id} is not running`,
    );
    const task = (await h.json(`/servers/${id}`, { as: "admin" })).body.server;
    assert.equal(task["OS-EXT-STS:task_state"], null);

    const busy = await createServer(h);
    assert.equal((await action(slow, busy, { pause: null })).status, 202);
    const during = await action(slow, busy, CHANGE);
    assert.equal(during.status, 409, during.text);
    assert.equal(
      faultMessage(during.body),
      `Cannot 'changePassword' instance ${busy} while it is in task_state pausing`,
    );

    const locked = await createServer(h);
    assert.equal((await action(h, locked, { lock: null })).status, 202);
    const refused = await action(h, locked, CHANGE);
    assert.equal(refused.status, 409, refused.text);
    assert.equal(faultMessage(refused.body), `Instance ${locked} is locked`);
    assert.equal((await action(h, locked, CHANGE, "admin")).status, 202);
  } finally {
    await slow.close();
    await h.close();
    kv.close();
  }
});

Deno.test("changePassword: schema and policy", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    for (
      const body of [
        { changePassword: {} },
        { changePassword: null },
        { changePassword: { adminPass: 1 } },
        { changePassword: { adminPass: "x", other: 1 } },
        { changePassword: { adminPass: "x" }, other: 1 },
      ]
    ) {
      const res = await action(h, id, body);
      assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
    }
    const reader = await action(h, id, CHANGE, "reader");
    assert.equal(reader.status, 403, reader.text);
    assert.equal(
      faultMessage(reader.body),
      "Policy doesn't allow os_compute_api:os-admin-password to be performed.",
    );
    assert.equal((await action(h, id, CHANGE, "other")).status, 404);
    assert.equal((await action(h, id, CHANGE, "admin", "latest")).status, 202);
  } finally {
    await h.close();
  }
});
