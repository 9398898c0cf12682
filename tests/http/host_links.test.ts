/**
 * Links come from the `Host` header (or the trusted proxy headers, or `[api] compute_link_prefix`),
 * never from an absolute-form request-target, and odd `Host` values neither break a request nor
 * move its path or query. Raw-socket requests against the full compute pipeline.
 */
import assert from "node:assert/strict";
import { startCompute } from "../support/compute.ts";
import { rawRequest } from "./_raw.ts";

async function links(port: number, head: string[]): Promise<string[]> {
  const res = await rawRequest(port, head);
  assert.ok(res.status < 400, `${head[0]} → ${res.status} ${res.body}`);
  return [...res.body.matchAll(/"href": ?"([^"]+)"/g)].map((m) => m[1])
    .filter((href) => !href.startsWith("http://docs.openstack.org/"));
}

Deno.test("environ: links follow the Host header, not an absolute-form request-target", async () => {
  const p = await startCompute({ pipeline: "paste" });
  try {
    for (const path of ["/v2.1/flavors", "/", "/v2.1"]) {
      const hrefs = await links(p.port, [
        `GET http://evil.example${path} HTTP/1.1`,
        "Host: cloud.example:8774",
        "X-Auth-Token: admin:admin",
      ]);
      assert.ok(hrefs.length > 0, path);
      for (const href of hrefs) {
        assert.ok(href.startsWith("http://cloud.example:8774/"), `${path}: ${href}`);
      }
    }
    // An https target claimed over plain HTTP does not make the links https.
    const hrefs = await links(p.port, [
      "GET https://evil.example/v2.1/flavors HTTP/1.1",
      "Host: cloud.example",
      "X-Auth-Token: admin:admin",
    ]);
    assert.ok(hrefs.every((h) => h.startsWith("http://cloud.example/")), hrefs.join(" "));
  } finally {
    await p.close();
  }
});

Deno.test("environ: proxy headers and compute_link_prefix still win over Host", async () => {
  const proxied = await startCompute({
    pipeline: "paste",
    env: { OS_OSLO_MIDDLEWARE__ENABLE_PROXY_HEADERS_PARSING: "true" },
  });
  try {
    const hrefs = await links(proxied.port, [
      "GET http://evil.example/v2.1/flavors HTTP/1.1",
      "Host: internal:8774",
      "X-Forwarded-Proto: https",
      "X-Forwarded-Host: cloud.example",
      "X-Auth-Token: admin:admin",
    ]);
    assert.ok(hrefs.length > 0);
    assert.ok(hrefs.every((h) => h.startsWith("https://cloud.example/")), hrefs.join(" "));
  } finally {
    await proxied.close();
  }
  const prefixed = await startCompute({
    pipeline: "paste",
    env: { OS_API__COMPUTE_LINK_PREFIX: "https://public.example/c" },
  });
  try {
    const hrefs = await links(prefixed.port, [
      "GET http://evil.example/v2.1/flavors HTTP/1.1",
      "Host: internal:8774",
      "X-Auth-Token: admin:admin",
    ]);
    assert.ok(hrefs.length > 0);
    assert.ok(hrefs.every((h) => h.startsWith("https://public.example/c/")), hrefs.join(" "));
  } finally {
    await prefixed.close();
  }
});

Deno.test("environ: odd Host headers answer without a 5xx and keep path and query", async () => {
  const p = await startCompute({ pipeline: "paste" });
  try {
    for (const host of ["a b", "a/b?c", "user@evil", "[::1", "a:b:c", "%zz"]) {
      for (const path of ["/", "/v2.1", "/v2.1/flavors?limit=1", "/v2.1/flavors/1"]) {
        const res = await rawRequest(p.port, [
          `GET ${path} HTTP/1.1`,
          `Host: ${host}`,
          "X-Auth-Token: admin:admin",
        ]);
        assert.ok(res.status < 500, `Host ${host} ${path} → ${res.status}`);
        if (path === "/v2.1/flavors?limit=1") {
          assert.equal(res.status, 200, `Host ${host}`);
          assert.equal(JSON.parse(res.body).flavors.length, 1, `Host ${host}: the query counts`);
        }
      }
    }
    // A request with a body is rebuilt by sizelimit: that works with such a Host too.
    const created = await rawRequest(p.port, [
      "POST /v2.1/flavors HTTP/1.1",
      "Host: a b",
      "X-Auth-Token: admin:admin",
      "Content-Type: application/json",
    ], JSON.stringify({ flavor: { name: "odd-host", ram: 1, vcpus: 1, disk: 1 } }));
    assert.equal(created.status, 200, created.body);
    assert.match(created.body, /"http:\/\/localhost\/v2\.1\/flavors\//);
    // HTTP/1.0 without Host: the server names itself.
    const res = await rawRequest(p.port, [
      "GET /v2.1/flavors HTTP/1.0",
      "X-Auth-Token: admin:admin",
    ]);
    assert.equal(res.status, 200);
    assert.match(res.body, /"http:\/\/localhost:\d+\/v2\.1\/flavors\/1"/);
  } finally {
    await p.close();
  }
});
