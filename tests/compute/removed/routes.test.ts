/**
 * The removed APIs over real HTTP: every removed route answers Nova's 410 fault at the lowest and
 * the highest microversion, with the version headers, under the project-id form too; unknown
 * actions and methods the route table lacks answer as Nova's routing does.
 */
import assert from "node:assert/strict";
import { MAX_API_VERSION } from "../../../lib/compute/api_version.ts";
import { GONE_MESSAGE, REMOVED } from "../../../lib/compute/removed/routes.ts";
import { type Harness, startCompute } from "../../support/compute.ts";

const GONE = { computeFault: { code: 410, message: GONE_MESSAGE } };
const SAMPLE = "7d8f2a5c-0b1e-4c3d-9a6f-1e2d3c4b5a69";

/** A template with sample ids in place of its variables. */
function sample(path: string): string {
  return path.replace(/\{\w+\}/g, SAMPLE);
}

async function withCompute(body: (h: Harness) => Promise<void>) {
  const h = await startCompute();
  try {
    await body(h);
  } finally {
    await h.close();
  }
}

Deno.test("removed APIs: every row is Nova's 410 computeFault at 2.1 and the latest version", async () => {
  await withCompute(async (h) => {
    for (const [method, path, action] of REMOVED) {
      for (const version of ["2.1", MAX_API_VERSION]) {
        const json = method === "POST" || method === "PUT" ? { [action ?? "x"]: {} } : undefined;
        const res = await h.json(sample(path), { method, version, json });
        const what = `${method} ${path} ${action ?? ""} @${version}`;
        assert.equal(res.status, 410, `${what}: ${res.text}`);
        assert.deepEqual(res.body, GONE, what);
        assert.equal(res.headers.get("content-type"), "application/json; charset=UTF-8", what);
        assert.equal(res.headers.get("openstack-api-version"), `compute ${version}`, what);
        assert.equal(res.headers.get("x-openstack-nova-api-version"), version, what);
      }
    }
  });
});

Deno.test("removed APIs: the gone message collapses webob's double space", () => {
  assert.equal(
    GONE_MESSAGE,
    "This resource is no longer available. No forwarding address is given.",
  );
});

Deno.test("removed APIs: an unknown action is 400, a method Nova never routed is the 404 page", async () => {
  await withCompute(async (h) => {
    const unknown = await h.json(`/os-fixed-ips/${SAMPLE}/action`, { json: { bogus: null } });
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.body, {
      badRequest: { code: 400, message: "There is no such action: bogus" },
    });
    // os-agents has no GET on an item and os-fping no DELETE: the routes library finds nothing.
    for (const [method, path] of [["GET", "/os-agents/1"], ["DELETE", "/os-fping/1"]]) {
      const res = await h.json(path, { method });
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.equal(res.headers.get("openstack-api-version"), null);
    }
  });
});

Deno.test("removed APIs: the paste pipeline with the project id in the URL says 410 too", async () => {
  const h = await startCompute({ pipeline: "paste" });
  try {
    const res = await h.json("/v2.1/0a1b2c/os-cells/detail", {
      version: "2.60",
      token: "admin:0a1b2c",
    });
    assert.equal(res.status, 410, res.text);
    assert.deepEqual(res.body, GONE);
    const legacy = await h.json("/v2/0a1b2c/os-certificates/root", { token: "admin:0a1b2c" });
    assert.equal(legacy.status, 410, legacy.text);
    assert.deepEqual(legacy.body, GONE);
  } finally {
    await h.close();
  }
});

Deno.test("removed APIs: the RDP remains are webob's bare 400 in their old range, 404 after", async () => {
  await withCompute(async (h) => {
    const bare = {
      badRequest: {
        code: 400,
        message: "The server could not comply with the request since it is either malformed or " +
          "otherwise incorrect.",
      },
    };
    const rdp = `/servers/${SAMPLE}/action`;
    const body = { "os-getRDPConsole": { type: "rdp-html5" } };
    for (const version of ["2.1", "2.5"]) {
      const res = await h.json(rdp, { json: body, version, as: "reader" });
      assert.equal(res.status, 400, res.text);
      assert.deepEqual(res.body, bare);
      const token = await h.json("/os-console-auth-tokens/abc", { version: "2.30", as: "reader" });
      assert.equal(token.status, 400, token.text);
      assert.deepEqual(token.body, bare);
    }
    const past = await h.json(rdp, { json: body, version: "2.6" });
    assert.equal(past.status, 404);
  });
});
