/**
 * The bare-metal node reads over real HTTP: admin only; for an admin, the 500 Nova answers when
 * it has no Ironic credentials (keystoneauth's `MissingAuthPlugin`, unexpected to the API), up to
 * 2.35; the 404 fault from 2.36.
 */
import assert from "node:assert/strict";
import { IRONIC_ERROR_CLASS } from "../../../lib/compute/baremetal_nodes/routes.ts";
import { startCompute } from "../../support/compute.ts";

const NODE = "1e4f3b2a-5c6d-4e7f-8a9b-0c1d2e3f4a5b";
const PATHS = ["/os-baremetal-nodes", `/os-baremetal-nodes/${NODE}`];

Deno.test("bare-metal nodes: list and show fail as Nova's do without Ironic", async () => {
  const h = await startCompute();
  try {
    for (const path of PATHS) {
      for (const version of ["2.1", "2.35"]) {
        const res = await h.json(path, { version });
        assert.equal(res.status, 500, `${path} @${version}`);
        assert.deepEqual(res.body, {
          computeFault: {
            code: 500,
            message: "Unexpected API Error. Please contact the administrator\n" +
              `<class '${IRONIC_ERROR_CLASS}'>`,
          },
        });
        assert.equal(res.headers.get("openstack-api-version"), `compute ${version}`);
      }
      const past = await h.json(path, { version: "2.36" });
      assert.equal(past.status, 404);
      assert.equal(past.body.itemNotFound.message, "The resource could not be found.");
    }
  } finally {
    await h.close();
  }
});

Deno.test("bare-metal nodes: the reads are admin only", async () => {
  const h = await startCompute();
  try {
    for (const path of PATHS) {
      for (const as of ["member", "reader", "service"] as const) {
        const res = await h.json(path, { as });
        assert.equal(res.status, 403, `${as} ${path}`);
        const rule = path === PATHS[0] ? "list" : "show";
        assert.equal(
          res.body.forbidden.message,
          `Policy doesn't allow os_compute_api:os-baremetal-nodes:${rule} to be performed.`,
        );
      }
    }
  } finally {
    await h.close();
  }
});

Deno.test("bare-metal nodes: through the paste pipeline, the support string is the configured one", async () => {
  const h = await startCompute({ pipeline: "paste" });
  try {
    const res = await h.json("/v2.1/os-baremetal-nodes");
    assert.equal(res.status, 500);
    assert.match(res.body.computeFault.message, /^Unexpected API Error\. /);
    assert.ok(res.body.computeFault.message.endsWith(`\n<class '${IRONIC_ERROR_CLASS}'>`));
  } finally {
    await h.close();
  }
});
