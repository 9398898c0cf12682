/**
 * Moves honour the zones aggregates give hosts, over real HTTP: an offloaded server unshelved
 * into an aggregate's zone lands on its host, and a zone no host is in is refused.
 */
import assert from "node:assert/strict";
import { faultMessage } from "../../support/compute.ts";
import { createServer, start } from "../servers/_support.ts";
import { action, createAggregate } from "./_support.ts";

Deno.test("unshelve into an aggregate's zone lands on its host (2.77)", async () => {
  const h = await start();
  try {
    const id = await createServer(h, "admin");
    const serverAction = (body: unknown, version = "2.77") =>
      h.json(`/servers/${id}/action`, { version, json: body });
    assert.equal((await serverAction({ shelve: null })).status, 202);
    const early = await serverAction({ unshelve: { availability_zone: "az2" } });
    assert.equal(early.status, 400, early.text);
    assert.equal(faultMessage(early.body), "The requested availability zone is not available");

    const agg = await createAggregate(h, "rack2", "az2");
    assert.equal((await action(h, agg, "add_host", { host: "compute-2" })).status, 200);
    const res = await serverAction({ unshelve: { availability_zone: "az2" } });
    assert.equal(res.status, 202, res.text);
    const shown = (await h.json(`/servers/${id}`)).body.server;
    assert.equal(shown["OS-EXT-SRV-ATTR:host"], "compute-2");
    assert.equal(shown["OS-EXT-AZ:availability_zone"], "az2");
  } finally {
    await h.close();
  }
});
