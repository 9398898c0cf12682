/**
 * 2.104 `PUT /servers/{id}` with `pinned_availability_zone`: pin to the server's zone, unpin,
 * and Nova's 409s for another zone or a direct change of a pin.
 */
import assert from "node:assert/strict";
import { faultMessage } from "../../support/compute.ts";
import { createServer, start } from "./_support.ts";

const V = "2.104";

Deno.test("2.104 pinned_availability_zone: pin, keep, refuse, unpin", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const put = (pinned: string | null, version = V) =>
      h.json(`/servers/${id}`, {
        as: "member",
        method: "PUT",
        version,
        json: { server: { pinned_availability_zone: pinned } },
      });
    const shown = await h.json(`/servers/${id}`, { as: "member", version: V });
    assert.equal(shown.body.server.pinned_availability_zone, null);

    const elsewhere = await put("mars");
    assert.equal(elsewhere.status, 409);
    assert.equal(
      faultMessage(elsewhere.body),
      "Server can only be pinned to its current availability zone 'nova', but 'mars' was requested.",
    );
    const pinned = await put("nova");
    assert.equal(pinned.status, 200, pinned.text);
    assert.equal(pinned.body.server.pinned_availability_zone, "nova");
    const again = await put("nova");
    assert.equal(again.status, 200, again.text);
    const change = await put("mars");
    assert.equal(change.status, 409);
    assert.equal(
      faultMessage(change.body),
      "Cannot change pinned availability zone directly. Unpin first by setting " +
        "pinned_availability_zone to null.",
    );
    const unpinned = await put(null);
    assert.equal(unpinned.status, 200, unpinned.text);
    assert.equal(unpinned.body.server.pinned_availability_zone, null);
    // Before 2.104 the field is not accepted.
    const old = await put("nova", "2.103");
    assert.equal(old.status, 400);
    const after = await h.json(`/servers/${id}`, { as: "member", version: V });
    assert.equal(after.body.server.pinned_availability_zone, null);
  } finally {
    await h.close();
  }
});

Deno.test("2.104: a server created in a zone is pinned to it and can be unpinned", async () => {
  const h = await start();
  try {
    const id = await createServer(h, "member", { availability_zone: "nova" });
    const shown = await h.json(`/servers/${id}`, { as: "member", version: V });
    assert.equal(shown.body.server.pinned_availability_zone, "nova");
    const res = await h.json(`/servers/${id}`, {
      as: "member",
      method: "PUT",
      version: V,
      json: { server: { pinned_availability_zone: null, name: "renamed" } },
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.server.pinned_availability_zone, null);
    assert.equal(res.body.server.name, "renamed");
  } finally {
    await h.close();
  }
});
