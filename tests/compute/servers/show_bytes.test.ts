/**
 * `GET /servers/{id}` bodies kept per record version and rendering context: the same bytes as
 * the object view, never outliving a change of the record, its groups, its host's status or the
 * context; and over HTTP, a write through another store handle (as another process would make it)
 * is in the next answer.
 */
import assert from "node:assert/strict";
import { ApiVersion } from "../../../lib/compute/api_version.ts";
import { serverShow } from "../../../lib/compute/servers/views.ts";
import { serverShowBytes } from "../../../lib/compute/servers/show_bytes.ts";
import type { ShownServer } from "../../../lib/instances/mod.ts";
import { updateServer } from "../../../lib/instances/mod.ts";
import { activeInstance, adminOptions, LINKS, memberOptions } from "./fixtures.ts";
import { createServer, INSTANT } from "./_support.ts";
import { startCompute } from "../../support/compute.ts";

const v = (text: string) => ApiVersion.parse(text);
const text = (...args: Parameters<typeof serverShowBytes>) =>
  new TextDecoder().decode(serverShowBytes(...args));

Deno.test("show bytes are JSON.stringify of the show view, at each version and policy", () => {
  const kv = {} as Deno.Kv;
  const shown: ShownServer = { instance: activeInstance(), version: "01", serverGroups: ["g1"] };
  const images = { imageProperties: () => ({ architecture: "x86_64" }) };
  for (const version of ["2.1", "2.16", "2.47", "2.71", "2.73", "2.98", "2.100"]) {
    for (const base of [adminOptions(images), memberOptions(images)]) {
      const opts = { ...base, serverGroups: shown.serverGroups };
      // Twice: rendered, then from what the first call kept.
      for (let round = 0; round < 2; round++) {
        assert.equal(
          text(kv, shown, v(version), LINKS, opts),
          JSON.stringify(serverShow(shown.instance, v(version), LINKS, opts)),
        );
      }
    }
  }
});

Deno.test("a kept show body follows the record version, groups, host status and image", () => {
  const kv = {} as Deno.Kv;
  const a = activeInstance();
  const at = (shown: ShownServer, opts = adminOptions()) =>
    JSON.parse(text(kv, shown, v("2.100"), LINKS, { ...opts, serverGroups: shown.serverGroups }))
      .server;
  assert.equal(at({ instance: a, version: "01", serverGroups: [] }).name, a.name);
  // A new stored version: rendered afresh.
  const renamed = { ...a, name: "renamed" };
  assert.equal(at({ instance: renamed, version: "02", serverGroups: [] }).name, "renamed");
  // No stored version (just settled): rendered, never kept.
  const settled = { ...a, name: "settled" };
  assert.equal(at({ instance: settled, version: null, serverGroups: [] }).name, "settled");
  assert.equal(at({ instance: renamed, version: "02", serverGroups: [] }).name, "renamed");
  // The same version with its group gone (a group delete does not rewrite the record).
  assert.deepEqual(at({ instance: renamed, version: "02", serverGroups: ["g"] }).server_groups, [
    "g",
  ]);
  assert.deepEqual(at({ instance: renamed, version: "02", serverGroups: [] }).server_groups, []);
  const shown = { instance: renamed, version: "02", serverGroups: [] };
  assert.equal(at(shown, adminOptions({ hostStatusOf: () => "DOWN" })).host_status, "DOWN");
  assert.equal(at(shown, adminOptions({ hostStatusOf: () => "UP" })).host_status, "UP");
  assert.deepEqual(
    at(shown, adminOptions({ imageProperties: () => ({ os: "b" }) })).image.properties,
    { os: "b" },
  );
  assert.equal(at(shown, memberOptions())["OS-EXT-SRV-ATTR:host"], undefined);
});

Deno.test("GET /servers/{id}: a write through another store handle is in the next answer", async () => {
  const dir = await Deno.makeTempDir();
  const a = await Deno.openKv(`${dir}/kv.sqlite`);
  const b = await Deno.openKv(`${dir}/kv.sqlite`);
  const h = await startCompute({ kv: a, seedFlavors: true, config: INSTANT });
  try {
    const id = await createServer(h);
    const show = async () =>
      (await h.json(`/servers/${id}`, { as: "member", version: "2.100" })).body.server;
    assert.equal((await show()).name, "vm1");
    assert.equal((await show()).name, "vm1");
    await updateServer(b, id, { name: "from-b" }, h.runtime.instances);
    assert.equal((await show()).name, "from-b");
    // Another project's member still gets Nova's 404, kept bytes or not.
    const other = await h.json(`/servers/${id}`, { as: "other", version: "2.100" });
    assert.equal(other.status, 404);
  } finally {
    await h.close();
    a.close();
    b.close();
    await Deno.remove(dir, { recursive: true });
  }
});
