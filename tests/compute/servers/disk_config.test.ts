/**
 * `OS-DCF:diskConfig` over real HTTP, as Nova's disk config: create, update (PUT), rebuild and
 * resize each set the server's AUTO/MANUAL; an absent value on resize makes it MANUAL.
 */
import assert from "node:assert/strict";
import { CIRROS_IMAGE_ID } from "../../../lib/images/catalog.ts";
import type { Harness } from "../../support/compute.ts";
import { createServer, serverBody, start } from "./_support.ts";

async function diskConfig(h: Harness, id: string): Promise<string> {
  const res = await h.json(`/servers/${id}`, { as: "member" });
  assert.equal(res.status, 200, res.text);
  return res.body.server["OS-DCF:diskConfig"];
}

async function act(h: Harness, id: string, body: unknown, status = 202): Promise<void> {
  const res = await h.json(`/servers/${id}/action`, { as: "member", json: body });
  assert.equal(res.status, status, `${JSON.stringify(body)}: ${res.text}`);
}

Deno.test("create with AUTO → AUTO in the create answer and on show; absent → MANUAL", async () => {
  const h = await start();
  try {
    const res = await h.json("/servers", {
      as: "member",
      json: serverBody({ "OS-DCF:diskConfig": "AUTO" }),
    });
    assert.equal(res.status, 202, res.text);
    assert.equal(res.body.server["OS-DCF:diskConfig"], "AUTO");
    assert.equal(await diskConfig(h, res.body.server.id), "AUTO");
    assert.equal(await diskConfig(h, await createServer(h)), "MANUAL");
  } finally {
    await h.close();
  }
});

Deno.test("update (PUT) sets diskConfig both ways", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    for (const value of ["AUTO", "MANUAL"]) {
      const res = await h.json(`/servers/${id}`, {
        as: "member",
        method: "PUT",
        json: { server: { "OS-DCF:diskConfig": value } },
      });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.server["OS-DCF:diskConfig"], value);
      assert.equal(await diskConfig(h, id), value);
    }
  } finally {
    await h.close();
  }
});

Deno.test("rebuild with MANUAL makes an AUTO server MANUAL, and AUTO back", async () => {
  const h = await start();
  try {
    const id = await createServer(h, "member", { "OS-DCF:diskConfig": "AUTO" });
    await act(h, id, { rebuild: { imageRef: CIRROS_IMAGE_ID, "OS-DCF:diskConfig": "MANUAL" } });
    assert.equal(await diskConfig(h, id), "MANUAL");
  } finally {
    await h.close();
  }
});

Deno.test("resize sets diskConfig; without it the server becomes MANUAL, as Nova's", async () => {
  const h = await start({ DEFAULT: { allow_resize_to_same_host: true } });
  try {
    const id = await createServer(h);
    await act(h, id, { resize: { flavorRef: "2", "OS-DCF:diskConfig": "AUTO" } });
    assert.equal(await diskConfig(h, id), "AUTO");
    await act(h, id, { confirmResize: null }, 204);
    await act(h, id, { resize: { flavorRef: "3" } });
    assert.equal(await diskConfig(h, id), "MANUAL");
  } finally {
    await h.close();
  }
});
