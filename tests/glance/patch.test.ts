/** Glance's `PATCH /v2/images/{id}` on a snapshot's properties, through the paste pipeline. */
import assert from "node:assert/strict";
import { CIRROS_IMAGE_ID } from "../../lib/images/catalog.ts";
import { startCompute } from "../support/compute.ts";
import { INSTANT, serverBody } from "../compute/servers/_support.ts";

const PATCH_TYPE = "application/openstack-images-v2.1-json-patch";

Deno.test("glance PATCH: add, replace and remove a snapshot's properties, both patch spellings", async () => {
  const h = await startCompute({ pipeline: "paste", config: INSTANT });
  try {
    const token = "demo:p1";
    const boot = await h.json("/v2.1/servers", { token, json: serverBody() });
    assert.equal(boot.status, 202, boot.text);
    const snap = await h.json(`/v2.1/servers/${boot.body.server.id}/action`, {
      token,
      version: "2.45",
      json: { createImage: { name: "rescue-image" } },
    });
    const imageId = snap.body.image_id;
    const patch = (ops: unknown, who = token, type = PATCH_TYPE) =>
      h.json(`/image/v2/images/${imageId}`, {
        token: who,
        method: "PATCH",
        headers: { "Content-Type": type },
        body: JSON.stringify(ops),
      });

    // Tempest's images client sends the older draft's `{"add": path}` form.
    const added = await patch([{ add: "/hw_rescue_bus", value: "scsi" }]);
    assert.equal(added.status, 200, added.text);
    assert.equal(added.body.hw_rescue_bus, "scsi");
    assert.equal(added.body.image_type, "snapshot", "other properties stay");
    const replaced = await patch([
      { op: "replace", path: "/hw_rescue_bus", value: "usb" },
      { op: "add", path: "/hw_rescue_device", value: "disk" },
    ]);
    assert.equal(replaced.status, 200, replaced.text);
    const shown = await h.json(`/image/v2/images/${imageId}`, { token });
    assert.equal(shown.body.hw_rescue_bus, "usb");
    assert.equal(shown.body.hw_rescue_device, "disk");
    const removed = await patch([{ op: "remove", path: "/hw_rescue_device" }]);
    assert.equal(removed.status, 200, removed.text);
    assert.ok(!("hw_rescue_device" in removed.body));

    assert.equal((await patch([{ op: "remove", path: "/nothing" }])).status, 409);
    assert.equal((await patch([{ op: "replace", path: "/nothing", value: "x" }])).status, 409);
    assert.equal((await patch([{ op: "add", path: "/id", value: "x" }])).status, 403);
    assert.equal((await patch([{ op: "add", path: "/k", value: 1 }])).status, 400);
    assert.equal((await patch([{ op: "move", path: "/k" }])).status, 400);
    assert.equal((await patch({ op: "add" })).status, 400);
    assert.equal((await patch([], token, "application/json")).status, 415);
    // Another project does not find it; a configured image is not changed.
    assert.equal((await patch([{ add: "/k", value: "v" }], "demo:p2")).status, 404);
    const configured = await h.json(`/image/v2/images/${CIRROS_IMAGE_ID}`, {
      token,
      method: "PATCH",
      headers: { "Content-Type": PATCH_TYPE },
      body: JSON.stringify([{ add: "/k", value: "v" }]),
    });
    assert.equal(configured.status, 403);
  } finally {
    await h.close();
  }
});
