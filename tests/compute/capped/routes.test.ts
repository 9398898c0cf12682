/**
 * The capped APIs over real HTTP: past its ceiling every capped route answers Nova's generic 404
 * fault with the version headers; at the ceiling it is not that fault.
 */
import assert from "node:assert/strict";
import { afterCeiling, CAPPED } from "../../../lib/compute/capped/routes.ts";
import { startCompute } from "../../support/compute.ts";

const NOT_FOUND = { itemNotFound: { code: 404, message: "The resource could not be found." } };
const SAMPLE = "7d8f2a5c-0b1e-4c3d-9a6f-1e2d3c4b5a69";

Deno.test("capped APIs: afterCeiling is the next minor version", () => {
  assert.equal(afterCeiling("2.35"), "2.36");
  assert.equal(afterCeiling("2.102"), "2.103");
  assert.equal(afterCeiling("2.5"), "2.6");
});

Deno.test("capped APIs: every row is the 404 fault from the version after its ceiling", async () => {
  const h = await startCompute();
  try {
    for (const [method, path, ceiling, action] of CAPPED) {
      const version = afterCeiling(ceiling);
      const json = method === "POST" || method === "PUT" ? { [action ?? "x"]: {} } : undefined;
      const res = await h.json(path.replace(/\{\w+\}/g, SAMPLE), { method, version, json });
      const what = `${method} ${path} ${action ?? ""} @${version}`;
      assert.equal(res.status, 404, what);
      assert.deepEqual(res.body, NOT_FOUND, what);
      assert.equal(res.headers.get("openstack-api-version"), `compute ${version}`, what);
    }
  } finally {
    await h.close();
  }
});
