/**
 * `/os-volumes_boot` over real HTTP: the servers collection under its old name up to 2.102 (create,
 * list, show, stop through it), only the servers' own actions, and 404 from 2.103.
 */
import assert from "node:assert/strict";
import { serverBody, start } from "../servers/_support.ts";

Deno.test("os-volumes_boot: creates, lists and shows servers as /servers does, up to 2.102", async () => {
  const h = await start();
  try {
    const made = await h.json("/os-volumes_boot", { as: "member", json: serverBody() });
    assert.equal(made.status, 202, made.text);
    const id = made.body.server.id;
    for (const version of ["2.1", "2.102"]) {
      const viaAlias = await h.json(`/os-volumes_boot/${id}`, { as: "member", version });
      const viaServers = await h.json(`/servers/${id}`, { as: "member", version });
      assert.equal(viaAlias.status, 200, viaAlias.text);
      assert.deepEqual(viaAlias.body, viaServers.body);
      const list = await h.json("/os-volumes_boot/detail", { as: "member", version });
      assert.deepEqual(
        list.body,
        (await h.json("/servers/detail", { as: "member", version })).body,
      );
    }
    const stop = await h.json(`/os-volumes_boot/${id}/action`, {
      as: "member",
      json: { "os-stop": null },
    });
    assert.equal(stop.status, 202, stop.text);
    // pause belongs to another controller of /servers/{id}/action, not to the alias.
    const pause = await h.json(`/os-volumes_boot/${id}/action`, {
      as: "member",
      json: { pause: null },
    });
    assert.equal(pause.status, 400);
    assert.equal(pause.body.badRequest.message, "There is no such action: pause");
    for (const path of ["/os-volumes_boot", `/os-volumes_boot/${id}`]) {
      const gone = await h.json(path, { as: "member", version: "2.103" });
      assert.equal(gone.status, 404, path);
      assert.deepEqual(gone.body, {
        itemNotFound: { code: 404, message: "The resource could not be found." },
      });
    }
  } finally {
    await h.close();
  }
});
