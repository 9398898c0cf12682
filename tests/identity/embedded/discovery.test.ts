import assert from "node:assert/strict";
import { startIdentity } from "./_serve.ts";

Deno.test("GET / lists v3 with 300 and a Location under the mount", async () => {
  const server = await startIdentity();
  try {
    for (const path of ["/identity", "/identity/"]) {
      const response = await fetch(server.base + path);
      assert.equal(response.status, 300);
      assert.equal(response.headers.get("location"), `${server.identity}/v3/`);
      assert.equal(response.headers.get("vary"), "X-Auth-Token");
      assert.match(response.headers.get("x-openstack-request-id") ?? "", /^req-[0-9a-f-]{36}$/);
      const body = await response.json();
      assert.deepEqual(body, {
        versions: {
          values: [{
            id: "v3.14",
            status: "stable",
            updated: "2020-04-07T00:00:00Z",
            links: [{ rel: "self", href: `${server.identity}/v3/` }],
            "media-types": [{
              base: "application/json",
              type: "application/vnd.openstack.identity-v3+json",
            }],
          }],
        },
      });
    }
  } finally {
    await server.close();
  }
});

Deno.test("GET /v3 describes the version", async () => {
  const server = await startIdentity();
  try {
    for (const path of ["/identity/v3", "/identity/v3/"]) {
      const response = await fetch(server.base + path);
      assert.equal(response.status, 200);
      const body = await response.json();
      assert.equal(body.version.id, "v3.14");
      assert.equal(body.version.status, "stable");
      assert.deepEqual(body.version.links, [{ rel: "self", href: `${server.identity}/v3/` }]);
    }
  } finally {
    await server.close();
  }
});

Deno.test("public_endpoint replaces the request's origin in links", async () => {
  const server = await startIdentity({ publicEndpoint: "https://cloud.example:8774/" });
  try {
    const body = await (await fetch(`${server.identity}/v3`)).json();
    assert.equal(body.version.links[0].href, "https://cloud.example:8774/identity/v3/");
  } finally {
    await server.close();
  }
});

Deno.test("unknown paths are Keystone 404s, wrong methods 405s", async () => {
  const server = await startIdentity();
  try {
    const missing = await fetch(`${server.identity}/v3/nothing-here`);
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), {
      error: { code: 404, title: "Not Found", message: "The resource could not be found." },
    });
    const wrong = await fetch(`${server.identity}/v3`, { method: "POST" });
    assert.equal(wrong.status, 405);
    assert.equal((await wrong.json()).error.title, "Method Not Allowed");
  } finally {
    await server.close();
  }
});
