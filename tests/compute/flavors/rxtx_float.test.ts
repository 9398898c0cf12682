/**
 * `rxtx_factor` is a float in Nova's JSON (`1.0`, not `1`): the raw response text shows it, which
 * parsed-JSON assertions cannot see.
 */
import assert from "node:assert/strict";
import { startFlavors } from "../../support/compute.ts";

const rxtx = (text: string) => [...text.matchAll(/"rxtx_factor": ?([^,}]+)/g)].map((m) => m[1]);

Deno.test("GET /flavors/detail and /flavors/{id} write rxtx_factor as Python writes a float", async () => {
  const h = await startFlavors();
  try {
    const detail = await (await h.fetch("/flavors/detail")).text();
    assert.ok(/"rxtx_factor": ?1\.0[,}]/.test(detail), detail);
    assert.deepEqual(rxtx(detail), ["1.0", "1.0", "1.0", "1.0", "1.0"]);
    // Still a number to a JSON reader.
    assert.equal(JSON.parse(detail).flavors[0].rxtx_factor, 1);
    assert.deepEqual(rxtx(await (await h.fetch("/flavors/1", { version: "2.101" })).text()), [
      "1.0",
    ]);
    assert.deepEqual(rxtx(await (await h.fetch("/flavors/1", { version: "2.102" })).text()), []);
  } finally {
    await h.close();
  }
});

Deno.test("POST /flavors answers rxtx_factor 2 as 2.0 and 1e-05 as Python writes it", async () => {
  const h = await startFlavors();
  try {
    for (const [factor, text] of [[2, "2.0"], [0.5, "0.5"], [0.00001, "1e-05"]] as const) {
      const res = await h.fetch("/flavors", {
        method: "POST",
        json: { flavor: { name: `f-${text}`, ram: 64, vcpus: 1, disk: 0, rxtx_factor: factor } },
      });
      assert.equal(res.status, 200);
      assert.deepEqual(rxtx(await res.text()), [text]);
    }
  } finally {
    await h.close();
  }
});
