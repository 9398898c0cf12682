/**
 * `os-server-password` over real HTTP: the password a guest posted through the metadata API is
 * shown and cleared; a stranger's server is 404; deleting the server forgets it.
 */
import assert from "node:assert/strict";
import { getPassword, storePasswordOnce } from "../../../lib/store/passwords.ts";
import { createServer, start } from "./_support.ts";

Deno.test("os-server-password: shown once posted, cleared, and gone with the server", async () => {
  const h = await start();
  try {
    const id = await createServer(h, "member");
    const path = `/servers/${id}/os-server-password`;
    assert.deepEqual((await h.json(path, { as: "member" })).body, { password: "" });
    assert.equal(await storePasswordOnce(h.kv, id, "c2VjcmV0"), "stored");
    assert.deepEqual((await h.json(path, { as: "member" })).body, { password: "c2VjcmV0" });

    const stranger = await h.json(path, { as: "other" });
    assert.equal(stranger.status, 404);
    assert.equal(stranger.body.itemNotFound.message, `Instance ${id} could not be found.`);

    const cleared = await h.fetch(path, { as: "member", method: "DELETE" });
    assert.equal(cleared.status, 204);
    await cleared.body?.cancel();
    assert.deepEqual((await h.json(path, { as: "member" })).body, { password: "" });

    assert.equal(await storePasswordOnce(h.kv, id, "YWdhaW4="), "stored");
    const deleted = await h.fetch(`/servers/${id}`, { as: "member", method: "DELETE" });
    assert.equal(deleted.status, 204);
    await deleted.body?.cancel();
    assert.equal((await h.json(path, { as: "member" })).status, 404);
    // The password record went with the server, and a new post finds no instance.
    assert.equal(await getPassword(h.kv, id), null);
    assert.equal(await storePasswordOnce(h.kv, id, "eA=="), "no-instance");
  } finally {
    await h.close();
  }
});

Deno.test("os-server-password: from 2.102 unknown query parameters are refused", async () => {
  const h = await start();
  try {
    const id = await createServer(h, "member");
    const path = `/servers/${id}/os-server-password?x=1`;
    assert.equal((await h.json(path, { as: "member", version: "2.101" })).status, 200);
    assert.equal((await h.json(path, { as: "member", version: "2.102" })).status, 400);
  } finally {
    await h.close();
  }
});
