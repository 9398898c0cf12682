/**
 * How `POST /servers/{id}/action` picks its action, as Nova's `wsgi.Resource` does: an unknown
 * key is 400 "There is no such action" before the server is looked up; a known action outside its
 * microversion range is a bare 404 before its body is checked.
 */
import assert from "node:assert/strict";
import { faultMessage } from "../../support/compute.ts";
import { createServer, start } from "./_support.ts";

Deno.test("an unknown action is 400 at every version, before the server is looked up", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    for (const version of ["2.1", "2.44", "latest"]) {
      for (const target of [id, crypto.randomUUID()]) {
        const res = await h.json(`/servers/${target}/action`, {
          as: "reader",
          version,
          json: { "os-frobnicate": { x: 1 } },
        });
        assert.equal(res.status, 400, res.text);
        assert.equal(faultMessage(res.body), "There is no such action: os-frobnicate");
      }
    }
  } finally {
    await h.close();
  }
});

Deno.test("an action past its ceiling is a bare 404 whatever its body", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    for (
      const body of [
        { addFixedIp: { networkId: "x" } },
        { addFixedIp: "not an object" },
        { removeFloatingIp: null },
      ]
    ) {
      const res = await h.json(`/servers/${id}/action`, {
        as: "member",
        version: "2.44",
        json: body,
      });
      assert.equal(res.status, 404, res.text);
      assert.deepEqual(res.body, {
        itemNotFound: { code: 404, message: "The resource could not be found." },
      });
      // Below the ceiling the same body meets the schema.
      const below = await h.json(`/servers/${id}/action`, {
        as: "member",
        version: "2.43",
        json: body,
      });
      assert.notEqual(below.status, 404, below.text);
    }
  } finally {
    await h.close();
  }
});
