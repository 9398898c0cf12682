/**
 * `/extensions` over real HTTP: Nova's frozen list and shapes at every version, show by alias,
 * 404 for an unknown alias, the legacy v2 extra, and 2.102's strict query.
 */
import assert from "node:assert/strict";
import { MAX_API_VERSION } from "../../../lib/compute/api_version.ts";
import { startCompute } from "../../support/compute.ts";

const VOLUMES = {
  alias: "os-volumes",
  description: "Volumes support.",
  links: [],
  name: "Volumes",
  namespace: "http://docs.openstack.org/compute/ext/fake_xml",
  updated: "2014-12-03T00:00:00Z",
};

Deno.test("extensions: the frozen list in alias order, with Nova's keys, for any caller", async () => {
  const h = await startCompute();
  try {
    for (const version of ["2.1", MAX_API_VERSION]) {
      const res = await h.json("/extensions", { as: "reader", version });
      assert.equal(res.status, 200, res.text);
      const list = res.body.extensions as { alias: string }[];
      assert.equal(list.length, 99);
      const aliases = list.map((e) => e.alias);
      assert.deepEqual(aliases, [...aliases].sort());
      assert.deepEqual(list.at(-1), VOLUMES);
      assert.deepEqual(Object.keys(list[0]), Object.keys(VOLUMES));
      assert.ok(!aliases.includes("OS-EXT-VIF-NET"));
    }
    const show = await h.json("/extensions/os-volumes", { as: "other" });
    assert.equal(show.status, 200);
    assert.deepEqual(show.body, { extension: VOLUMES });
    const missing = await h.json("/extensions/os-nope");
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, {
      itemNotFound: { code: 404, message: "The resource could not be found." },
    });
  } finally {
    await h.close();
  }
});

Deno.test("extensions: unknown query parameters are kept before 2.102 and refused from it", async () => {
  const h = await startCompute();
  try {
    assert.equal((await h.json("/extensions?x=1", { version: "2.101" })).status, 200);
    const strict = await h.json("/extensions/os-volumes?x=1", { version: "2.102" });
    assert.equal(strict.status, 400, strict.text);
  } finally {
    await h.close();
  }
});

Deno.test("extensions: the legacy v2 endpoint adds OS-EXT-VIF-NET in alias order", async () => {
  const h = await startCompute({ pipeline: "paste" });
  try {
    const res = await h.json("/v2/extensions");
    assert.equal(res.status, 200, res.text);
    const aliases = (res.body.extensions as { alias: string }[]).map((e) => e.alias);
    assert.equal(aliases.length, 100);
    assert.ok(aliases.includes("OS-EXT-VIF-NET"));
    assert.deepEqual(aliases, [...aliases].sort());
    const show = await h.json("/v2/extensions/OS-EXT-VIF-NET");
    assert.equal(show.status, 200);
    assert.equal((await h.json("/v2.1/extensions/OS-EXT-VIF-NET")).status, 404);
  } finally {
    await h.close();
  }
});
