/**
 * Private flavor access over HTTP: listing, adding, removing, and Nova's errors.
 */
import assert from "node:assert/strict";
import { assertMatchesSample as assertSampleShape } from "../../support/samples.ts";
import { faultMessage, startFlavors } from "../../support/compute.ts";
import { privateFlavor } from "./fixtures.ts";

// Tenants are project ids: Nova accepts any string here, but its response schema (checked in
// error mode) only project-id characters.
const add = (tenant: string) => ({ addTenantAccess: { tenant } });
const remove = (tenant: string) => ({ removeTenantAccess: { tenant } });

Deno.test("add, list and remove tenant access match the samples", async () => {
  const h = await startFlavors();
  try {
    await h.json("/flavors", { method: "POST", json: privateFlavor("10", "test_flavor") });
    const added = await h.json("/flavors/10/action", { method: "POST", json: add("fake-tenant") });
    assert.equal(added.status, 200);
    assert.deepEqual(added.body, {
      flavor_access: [{ flavor_id: "10", tenant_id: "fake-tenant" }],
    });
    await assertSampleShape(added.body, "flavor-access/flavor-access-add-tenant-resp.json");

    const listed = await h.json("/flavors/10/os-flavor-access");
    assert.equal(listed.status, 200);
    await assertSampleShape(listed.body, "flavor-access/flavor-access-list-resp.json");

    await h.json("/flavors/10/action", { method: "POST", json: add("another") });
    assert.deepEqual((await h.json("/flavors/10/os-flavor-access")).body.flavor_access.length, 2);

    await h.json("/flavors/10/action", { method: "POST", json: remove("another") });
    const removed = await h.json("/flavors/10/action", {
      method: "POST",
      json: remove("fake-tenant"),
    });
    assert.equal(removed.status, 200);
    assert.deepEqual(removed.body, { flavor_access: [] });
    await assertSampleShape(removed.body, "flavor-access/flavor-access-remove-tenant-resp.json");
  } finally {
    await h.close();
  }
});

Deno.test("access errors use Nova's codes and messages", async () => {
  const h = await startFlavors();
  try {
    await h.json("/flavors", { method: "POST", json: privateFlavor("p") });
    const publicList = await h.json("/flavors/1/os-flavor-access");
    assert.equal(publicList.status, 404);
    assert.equal(faultMessage(publicList.body), "Access list not available for public flavors.");

    const publicAdd = await h.json("/flavors/1/action", {
      method: "POST",
      version: "2.7",
      json: add("x"),
    });
    assert.equal(publicAdd.status, 409);
    assert.equal(faultMessage(publicAdd.body), "Can not add access to a public flavor.");
    // Before 2.7 Nova let it through.
    const legacyAdd = await h.json("/flavors/1/action", {
      method: "POST",
      version: "2.6",
      json: add("x"),
    });
    assert.equal(legacyAdd.status, 200);

    await h.json("/flavors/p/action", { method: "POST", json: add("proj") });
    const again = await h.json("/flavors/p/action", { method: "POST", json: add("proj") });
    assert.equal(again.status, 409);
    // Nova names the flavor by its internal id here (p is the 6th flavor created).
    assert.equal(
      faultMessage(again.body),
      "Flavor access already exists for flavor 6 and project proj combination.",
    );
    const absent = await h.json("/flavors/p/action", { method: "POST", json: remove("nobody") });
    assert.equal(absent.status, 404);
    assert.equal(faultMessage(absent.body), "Flavor access not found for 6 / nobody combination.");

    const noFlavor = await h.json("/flavors/none/action", { method: "POST", json: add("proj") });
    assert.equal(noFlavor.status, 404);
    assert.equal(faultMessage(noFlavor.body), "Flavor none could not be found.");
    assert.equal((await h.json("/flavors/none/os-flavor-access")).status, 404);

    const unknownAction = await h.json("/flavors/p/action", { method: "POST", json: { fly: {} } });
    assert.equal(unknownAction.status, 400);
    for (
      const body of [
        { addTenantAccess: {} },
        { addTenantAccess: { tenant: "" } },
        { addTenantAccess: { tenant: "t".repeat(256) } },
        { addTenantAccess: { tenant: 5 } },
        { addTenantAccess: { tenant: "t", more: 1 } },
        { removeTenantAccess: null },
      ]
    ) {
      const res = await h.json("/flavors/p/action", { method: "POST", json: body });
      assert.equal(res.status, 400, JSON.stringify(body));
    }
  } finally {
    await h.close();
  }
});

Deno.test("access policies: admin only", async () => {
  const h = await startFlavors();
  try {
    await h.json("/flavors", { method: "POST", json: privateFlavor("p") });
    await h.json("/flavors/p/action", { method: "POST", json: add("project-a") });
    const list = await h.json("/flavors/p/os-flavor-access", { as: "member" });
    assert.equal(list.status, 403);
    assert.equal(
      faultMessage(list.body),
      "Policy doesn't allow os_compute_api:os-flavor-access to be performed.",
    );
    const adding = await h.json("/flavors/p/action", {
      method: "POST",
      as: "member",
      json: add("project-b"),
    });
    assert.equal(adding.status, 403);
    assert.equal(
      faultMessage(adding.body),
      "Policy doesn't allow os_compute_api:os-flavor-access:add_tenant_access to be performed.",
    );
    const removing = await h.json("/flavors/p/action", {
      method: "POST",
      as: "reader",
      json: remove("project-a"),
    });
    assert.equal(removing.status, 403);
  } finally {
    await h.close();
  }
});
