/**
 * The bare-metal node writes over real HTTP: Nova's 400 naming the Ironic command up to 2.35, the
 * 404 fault from 2.36.
 */
import assert from "node:assert/strict";
import { startCompute } from "../../support/compute.ts";

const NODE = "1e4f3b2a-5c6d-4e7f-8a9b-0c1d2e3f4a5b";

Deno.test("bare-metal nodes: writes name the Ironic command up to 2.35, 404 after", async () => {
  const h = await startCompute();
  try {
    const cases: [string, string, unknown, string][] = [
      ["POST", "/os-baremetal-nodes", { node: {} }, "node-create"],
      ["DELETE", `/os-baremetal-nodes/${NODE}`, undefined, "node-delete"],
      ["POST", `/os-baremetal-nodes/${NODE}/action`, { add_interface: {} }, "port-create"],
      ["POST", `/os-baremetal-nodes/${NODE}/action`, { remove_interface: {} }, "port-delete"],
    ];
    for (const [method, path, json, command] of cases) {
      for (const version of ["2.1", "2.35"]) {
        const res = await h.json(path, { method, json, version, as: "member" });
        assert.equal(res.status, 400, `${method} ${path} @${version}`);
        assert.deepEqual(res.body, {
          badRequest: {
            code: 400,
            message:
              `Command not supported. Please use Ironic command ${command} to perform this action.`,
          },
        });
      }
      const past = await h.json(path, { method, json, version: "2.36" });
      assert.equal(past.status, 404);
      assert.equal(past.body.itemNotFound.message, "The resource could not be found.");
    }
  } finally {
    await h.close();
  }
});
