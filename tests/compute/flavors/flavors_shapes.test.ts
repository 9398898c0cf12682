/**
 * Response shapes of /flavors at every microversion boundary, against Nova's API samples.
 */
import assert from "node:assert/strict";
import { assertMatchesSample as assertSampleShape } from "../../support/samples.ts";
import { startFlavors } from "../../support/compute.ts";
import { sampleDir } from "./fixtures.ts";

const BOUNDARIES = [
  "2.1",
  "2.54",
  "2.55",
  "2.60",
  "2.61",
  "2.74",
  "2.75",
  "2.101",
  "2.102",
  "2.104",
];

Deno.test("GET /flavors, /flavors/detail and /flavors/{id} match the samples at each boundary", async () => {
  const h = await startFlavors();
  try {
    for (const v of BOUNDARIES) {
      const dir = sampleDir(v);
      const list = await h.json("/flavors", { version: v });
      assert.deepEqual(list.status, 200, v);
      await assertSampleShape(list.body, `flavors/${dir}flavors-list-resp.json`);

      const detail = await h.json("/flavors/detail", { version: v });
      assert.deepEqual(detail.status, 200, v);
      await assertSampleShape(detail.body, `flavors/${dir}flavors-detail-resp.json`);

      const show = await h.json("/flavors/1", { version: v });
      assert.deepEqual(show.status, 200, v);
      await assertSampleShape(show.body, `flavors/${dir}flavor-get-resp.json`);
      assert.deepEqual(show.headers.get("OpenStack-API-Version"), `compute ${v}`);
    }
  } finally {
    await h.close();
  }
});

Deno.test("swap is '' for no swap before 2.75 and 0 from 2.75", async () => {
  const h = await startFlavors();
  try {
    assert.deepEqual((await h.json("/flavors/1", { version: "2.74" })).body.flavor.swap, "");
    assert.deepEqual((await h.json("/flavors/1", { version: "2.75" })).body.flavor.swap, 0);
    const made = await h.json("/flavors", {
      method: "POST",
      version: "2.74",
      json: { flavor: { name: "with-swap", ram: 64, vcpus: 1, disk: 0, swap: 512 } },
    });
    assert.deepEqual(made.body.flavor.swap, 512);
  } finally {
    await h.close();
  }
});

Deno.test("2.102 drops rxtx_factor and OS-FLV-DISABLED:disabled, keeps the rest", async () => {
  const h = await startFlavors();
  try {
    const before = (await h.json("/flavors/1", { version: "2.101" })).body.flavor;
    const after = (await h.json("/flavors/1", { version: "2.102" })).body.flavor;
    assert.deepEqual(before.rxtx_factor, 1);
    assert.deepEqual(before["OS-FLV-DISABLED:disabled"], false);
    assert.ok(!("rxtx_factor" in after));
    assert.ok(!("OS-FLV-DISABLED:disabled" in after));
    assert.deepEqual(after["OS-FLV-EXT-DATA:ephemeral"], 0);
    assert.deepEqual(after["os-flavor-access:is_public"], true);
  } finally {
    await h.close();
  }
});

Deno.test("POST /flavors matches the create samples at each boundary", async () => {
  const h = await startFlavors();
  try {
    let n = 10;
    for (const v of BOUNDARIES) {
      const flavor: Record<string, unknown> = {
        name: `test_flavor_${n}`,
        ram: 1024,
        vcpus: 2,
        disk: 10,
        id: String(n),
      };
      if (Number(v.split(".")[1]) < 102) flavor.rxtx_factor = 2.0;
      if (Number(v.split(".")[1]) >= 55) flavor.description = "test description";
      const res = await h.json("/flavors", { method: "POST", version: v, json: { flavor } });
      assert.deepEqual(res.status, 200, `${v}: ${JSON.stringify(res.body)}`);
      await assertSampleShape(
        res.body,
        `flavor-manage/${sampleDir(v)}flavor-create-post-resp.json`,
      );
      n++;
    }
  } finally {
    await h.close();
  }
});

Deno.test("PUT /flavors/{id} exists from 2.55 and matches the update samples", async () => {
  const h = await startFlavors();
  try {
    const body = { flavor: { description: "updated description" } };
    const old = await h.json("/flavors/1", { method: "PUT", version: "2.54", json: body });
    assert.deepEqual(old.status, 404);
    for (const v of ["2.55", "2.60", "2.61", "2.74", "2.75", "2.101", "2.102", "2.104"]) {
      const res = await h.json("/flavors/1", { method: "PUT", version: v, json: body });
      assert.deepEqual(res.status, 200, v);
      assert.deepEqual(res.body.flavor.description, "updated description");
      await assertSampleShape(res.body, `flavor-manage/${sampleDir(v)}flavor-update-resp.json`);
    }
    const cleared = await h.json("/flavors/1", {
      method: "PUT",
      version: "2.55",
      json: { flavor: { description: null } },
    });
    assert.deepEqual(cleared.body.flavor.description, null);
  } finally {
    await h.close();
  }
});

Deno.test("extra_specs appear in flavor views from 2.61 only when the caller may list them", async () => {
  const h = await startFlavors({ policy: { "os_compute_api:os-flavor-extra-specs:index": "!" } });
  try {
    const shown = await h.json("/flavors/1", { version: "2.61" });
    assert.ok(!("extra_specs" in shown.body.flavor));
    const detail = await h.json("/flavors/detail", { version: "2.61" });
    assert.ok(!("extra_specs" in detail.body.flavors[0]));
  } finally {
    await h.close();
  }
  const open = await startFlavors();
  try {
    assert.ok(!("extra_specs" in (await open.json("/flavors/1", { version: "2.60" })).body.flavor));
    const asReader = await open.json("/flavors/1", { version: "2.61", as: "reader" });
    assert.deepEqual(asReader.body.flavor.extra_specs, {});
  } finally {
    await open.close();
  }
});

Deno.test("links use the request's host", async () => {
  const h = await startFlavors();
  try {
    const origin = new URL(h.base).origin;
    const shown = await h.json("/flavors/1");
    assert.deepEqual(shown.body.flavor.links, [
      { rel: "self", href: `${origin}/v2.1/flavors/1` },
      { rel: "bookmark", href: `${origin}/flavors/1` },
    ]);
  } finally {
    await h.close();
  }
});
