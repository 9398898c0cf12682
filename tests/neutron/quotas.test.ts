/**
 * Neutron's `quotas/{project_id}` in the subset, which `openstack quota show` reads next to the
 * compute quotas: Neutron's defaults, `/default`, `/details` with usage, and another project's
 * quotas only for an admin.
 */
import assert from "node:assert/strict";
import { NEUTRON_DEFAULT_QUOTAS, quotaBody, quotaViewOf } from "../../lib/neutron/quotas.ts";
import { startCompute } from "../support/compute.ts";

Deno.test("paste: /network/v2.0/quotas/{project} answers Neutron's default quotas", async () => {
  const h = await startCompute({ pipeline: "paste" });
  try {
    const demo = { token: "demo:demo" };
    const own = await h.json("/network/v2.0/quotas/demo", demo);
    assert.equal(own.status, 200, own.text);
    assert.deepEqual(own.body, { quota: { ...NEUTRON_DEFAULT_QUOTAS } });
    assert.equal(own.body.quota.port, 500);
    const defaults = await h.json("/network/v2.0/quotas/demo/default.json", demo);
    assert.deepEqual(defaults.body, own.body);
    const details = await h.json("/network/v2.0/quotas/demo/details", demo);
    assert.equal(details.status, 200, details.text);
    assert.deepEqual(details.body.quota.port, { limit: 500, used: 0, reserved: 0 });
    assert.deepEqual(details.body.quota.security_group, { limit: 10, used: 1, reserved: 0 });

    const foreign = await h.json("/network/v2.0/quotas/admin", demo);
    assert.equal(foreign.status, 403, foreign.text);
    assert.equal(foreign.body.NeutronError.type, "PolicyNotAuthorized");
    const asAdmin = await h.json("/network/v2.0/quotas/demo", { token: "admin:admin" });
    assert.equal(asAdmin.status, 200, asAdmin.text);
    assert.equal((await h.json("/network/v2.0/quotas/demo/usage", demo)).status, 404);
  } finally {
    await h.close();
  }
});

Deno.test("quotaViewOf and quotaBody", () => {
  assert.equal(quotaViewOf([]), "show");
  assert.equal(quotaViewOf(["details"]), "details");
  assert.equal(quotaViewOf(["x"]), null);
  assert.equal(quotaViewOf(["default", "x"]), null);
  assert.deepEqual(quotaBody("details", { port: 3 }).quota.port, {
    limit: 500,
    used: 3,
    reserved: 0,
  });
});
