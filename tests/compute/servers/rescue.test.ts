/** Rescue and unrescue over real HTTP: states, the password answer, Nova's 409s and 400s. */
import assert from "node:assert/strict";
import { CIRROS_IMAGE_ID } from "../../../lib/images/catalog.ts";
import type { Harness } from "../../support/compute.ts";
import { createServer, start } from "./_support.ts";

// deno-lint-ignore no-explicit-any
async function show(h: Harness, id: string): Promise<any> {
  const res = await h.json(`/servers/${id}`, { as: "admin" });
  assert.equal(res.status, 200, res.text);
  const s = res.body.server;
  return [s.status, s["OS-EXT-STS:vm_state"], s["OS-EXT-STS:task_state"]];
}

function action(h: Harness, id: string, body: unknown) {
  return h.json(`/servers/${id}/action`, { as: "member", json: body });
}

Deno.test("rescue returns the password and leaves RESCUE; unrescue goes back to ACTIVE", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const res = await action(h, id, { rescue: { adminPass: "s3cret" } });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body, { adminPass: "s3cret" });
    assert.deepEqual(await show(h, id), ["RESCUE", "rescued", null]);
    const again = await action(h, id, { rescue: null });
    assert.equal(again.status, 409, again.text);
    assert.match(again.text, /vm_state rescued/);
    const un = await action(h, id, { unrescue: null });
    assert.equal(un.status, 202, un.text);
    assert.equal(un.text, "");
    assert.deepEqual(await show(h, id), ["ACTIVE", "active", null]);
    const un2 = await action(h, id, { unrescue: null });
    assert.equal(un2.status, 409, un2.text);
  } finally {
    await h.close();
  }
});

Deno.test("rescue: generated password, known image ref accepted, unknown one 400", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const missing = await action(h, id, {
      rescue: { rescue_image_ref: "11111111-2222-3333-4444-555555555555" },
    });
    assert.equal(missing.status, 400, missing.text);
    assert.match(
      missing.text,
      /Requested rescue image '11111111-2222-3333-4444-555555555555' is not supported/,
    );
    const bad = await action(h, id, { rescue: { bogus: 1 } });
    assert.equal(bad.status, 400, bad.text);
    const res = await action(h, id, { rescue: { rescue_image_ref: CIRROS_IMAGE_ID } });
    assert.equal(res.status, 200, res.text);
    assert.equal(typeof res.body.adminPass, "string");
    assert.equal(res.body.adminPass.length, 12);
  } finally {
    await h.close();
  }
});

Deno.test("rescue answers {} with [api] enable_instance_password off", async () => {
  const h = await start({ api: { enable_instance_password: false } });
  try {
    const id = await createServer(h);
    const res = await action(h, id, { rescue: null });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body, {});
  } finally {
    await h.close();
  }
});

Deno.test("rescue policies: a reader may not rescue or unrescue; another project sees a 404", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    for (const body of [{ rescue: null }, { unrescue: null }]) {
      const reader = await h.json(`/servers/${id}/action`, { as: "reader", json: body });
      assert.equal(reader.status, 403, reader.text);
      const other = await h.json(`/servers/${id}/action`, { as: "other", json: body });
      assert.equal(other.status, 404, other.text);
    }
    assert.deepEqual(await show(h, id), ["ACTIVE", "active", null]);
  } finally {
    await h.close();
  }
});
