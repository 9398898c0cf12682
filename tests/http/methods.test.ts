/**
 * Request methods, however odd, never reach a 500 on either service: TRACE, TRACK and CONNECT
 * (which the Fetch standard refuses to build a `Request` with), lowercase spellings (which it
 * would rename), and methods nobody routes. Sent over a raw socket against the full pipelines.
 */
import assert from "node:assert/strict";
import { startCompute } from "../support/compute.ts";
import { startMetadata } from "../metadata/_pipeline.ts";
import { rawRequest } from "./_raw.ts";

const METHODS = [
  "TRACE",
  "TRACK",
  "CONNECT",
  "get",
  "post",
  "put",
  "delete",
  "head",
  "options",
  "patch",
  "Get",
  "FOO",
  "PROPFIND",
  "M-SEARCH",
  "X_Y",
  "GET",
  "POST",
  "PUT",
  "DELETE",
  "PATCH",
  "OPTIONS",
  "HEAD",
];

const COMPUTE_PATHS = [
  "/",
  "/v2.1",
  "/v2.1/",
  "/v2.1/flavors",
  "/v2/flavors",
  "/v2.1/flavors/1",
  "/v2.1/flavors/detail",
  "/v2.1/os-keypairs",
  "/v2.1/os-keypairs/nope",
  "/v2.1/limits",
  "/identity/v3",
  "/identity/v3/auth/tokens",
];

const METADATA_PATHS = [
  "/",
  "/openstack",
  "/openstack/latest/meta_data.json",
  "/latest/meta-data/",
];

/** Send every method to every path (with and without a small body) and list the 5xx answers. */
async function serverErrors(port: number, paths: string[], token: boolean): Promise<string[]> {
  const failures: string[] = [];
  for (const method of METHODS) {
    for (const path of paths) {
      for (const body of ["", '{"flavor": {"name": "x", "ram": 1, "vcpus": 1, "disk": 1}}']) {
        const head = [`${method} ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`];
        if (token) head.push("X-Auth-Token: admin:admin");
        if (body) head.push("Content-Type: application/json");
        const res = await rawRequest(port, head, body);
        if (res.status >= 500) {
          failures.push(`${method} ${path} (body: ${body !== ""}) → ${res.status}`);
        }
      }
    }
  }
  return failures;
}

Deno.test("methods: no method reaches a 5xx on the compute API", async () => {
  const p = await startCompute({
    pipeline: "paste",
    env: {
      OS_IDENTITY__USERS: "admin:secret:admin:admin",
      OS_IDENTITY__SIGNING_KEY_FILE: "",
    },
  });
  try {
    assert.deepEqual(await serverErrors(p.port, COMPUTE_PATHS, true), []);
  } finally {
    await p.close();
  }
});

Deno.test("methods: TRACE and TRACK on a routed path are the routes library's 404", async () => {
  const p = await startCompute({ pipeline: "paste" });
  try {
    for (const method of ["TRACE", "TRACK"]) {
      for (const path of ["/v2.1/flavors", "/v2/flavors", "/v2.1/flavors/1", "/v2.1/os-keypairs"]) {
        const res = await rawRequest(p.port, [
          `${method} ${path} HTTP/1.1`,
          "Host: 127.0.0.1",
          "X-Auth-Token: admin:admin",
        ]);
        assert.equal(res.status, 404, `${method} ${path}`);
        assert.equal(res.body, "404 Not Found\n\nThe resource could not be found.\n\n   ");
      }
    }
  } finally {
    await p.close();
  }
});

Deno.test("methods: a lowercase method is not the uppercase one (the routes library compares exactly)", async () => {
  const p = await startCompute({ pipeline: "paste" });
  try {
    const body = JSON.stringify({ flavor: { name: "lower", ram: 1, vcpus: 1, disk: 1 } });
    const post = await rawRequest(p.port, [
      "post /v2.1/flavors HTTP/1.1",
      "Host: 127.0.0.1",
      "X-Auth-Token: admin:admin",
      "Content-Type: application/json",
    ], body);
    assert.equal(post.status, 404);
    const get = await rawRequest(p.port, [
      "get /v2.1/flavors HTTP/1.1",
      "Host: 127.0.0.1",
      "X-Auth-Token: admin:admin",
    ]);
    assert.equal(get.status, 404);
    const list = await (await p.fetch("/v2.1/flavors")).json();
    assert.ok(!list.flavors.some((f: { name: string }) => f.name === "lower"), "no flavor created");
    assert.match(p.logs.join("\n"), /"post \/v2\.1\/flavors" status: 404/);
  } finally {
    await p.close();
  }
});

Deno.test("methods: no method reaches a 5xx on the metadata API", async () => {
  for (const proxy of ["false", "true"]) {
    const m = await startMetadata({
      OS_NEUTRON__SERVICE_METADATA_PROXY: proxy,
      OS_NEUTRON__METADATA_PROXY_SHARED_SECRET: "s3cret",
    });
    try {
      assert.deepEqual(await serverErrors(m.port, METADATA_PATHS, false), [], `proxy ${proxy}`);
    } finally {
      await m.close();
    }
  }
});

Deno.test("methods: CONNECT with an authority-form target reaches neither service's 5xx", async () => {
  const p = await startCompute({ pipeline: "paste" });
  const m = await startMetadata();
  try {
    for (const port of [p.port, m.port]) {
      const res = await rawRequest(port, [
        `CONNECT 127.0.0.1:${port} HTTP/1.1`,
        `Host: 127.0.0.1:${port}`,
        "X-Auth-Token: admin:admin",
      ]);
      assert.ok(res.status < 500, `port ${port}: ${res.status}`);
    }
  } finally {
    await p.close();
    await m.close();
  }
});
