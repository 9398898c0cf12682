/**
 * Whole-pipeline benchmarks: a `Request` goes through the paste pipeline (cors,
 * http_proxy_to_wsgi, compute_req_id, faultwrap, request_log, sizelimit, osprofiler, noauth2),
 * the router, policy, the controller and an in-memory Deno KV, and the body is read back. No
 * socket is involved; `scripts/bench/wrk.sh` measures over HTTP.
 *
 * Run: `deno bench -P=test bench/`
 *
 * @module
 */
import { buildComputeInProcess, call, expect, fillFlavors, fillKeypairs } from "./_support.ts";

const seeded = await buildComputeInProcess();
const twoHundred = await buildComputeInProcess();
await fillFlavors(twoHundred, 200);
const withKeypairs = await buildComputeInProcess();
await fillKeypairs(withKeypairs, 50);
const scratch = await buildComputeInProcess();

// Check once that each scenario answers what it should, so a broken route cannot bench a 404.
{
  const five = JSON.parse(await expect(seeded, 200, "/v2.1/flavors/detail")).flavors;
  if (five.length !== 5) throw new Error(`seeded store lists ${five.length} flavors`);
  const many = JSON.parse(await expect(twoHundred, 200, "/v2.1/flavors/detail")).flavors;
  if (many.length !== 200) throw new Error(`filled store lists ${many.length} flavors`);
  const keys = JSON.parse(await expect(withKeypairs, 200, "/v2.1/os-keypairs")).keypairs;
  if (keys.length !== 50) throw new Error(`store lists ${keys.length} keypairs`);
}

function check(res: { status: number }, want: number): void {
  if (res.status !== want) throw new Error(`status ${res.status}, wanted ${want}`);
}

Deno.bench({
  name: "GET / (version list, no auth)",
  group: "versions",
  baseline: true,
  async fn() {
    check(await call(seeded, "/", { anonymous: true }), 200);
  },
});

Deno.bench({
  name: "GET /v2.1/ (version document, no auth)",
  group: "versions",
  async fn() {
    check(await call(seeded, "/v2.1/", { anonymous: true }), 200);
  },
});

Deno.bench({
  name: "GET /v2.1/flavors/detail, 5 flavors",
  group: "flavors",
  baseline: true,
  async fn() {
    check(await call(seeded, "/v2.1/flavors/detail"), 200);
  },
});

Deno.bench({
  name: "GET /v2.1/flavors/detail, 5 flavors, microversion latest",
  group: "flavors",
  async fn() {
    check(await call(seeded, "/v2.1/flavors/detail", { version: "latest" }), 200);
  },
});

Deno.bench({
  name: "GET /v2.1/flavors/detail, 200 flavors",
  group: "flavors",
  async fn() {
    check(await call(twoHundred, "/v2.1/flavors/detail"), 200);
  },
});

Deno.bench({
  name: "GET /v2.1/flavors/detail?limit=20&minRam=1024, 200 flavors",
  group: "flavors",
  async fn() {
    check(await call(twoHundred, "/v2.1/flavors/detail?limit=20&minRam=1024"), 200);
  },
});

Deno.bench({
  name: "GET /v2.1/flavors/1 (show)",
  group: "flavors",
  async fn() {
    check(await call(seeded, "/v2.1/flavors/1"), 200);
  },
});

let serial = 0;
Deno.bench({
  name: "POST /v2.1/flavors + DELETE /v2.1/flavors/{id}",
  group: "flavors",
  async fn() {
    const created = await call(scratch, "/v2.1/flavors", {
      method: "POST",
      json: { flavor: { name: `bench.scratch.${serial++}`, ram: 1024, vcpus: 2, disk: 20 } },
    });
    check(created, 200);
    const id = JSON.parse(created.text).flavor.id as string;
    check(await call(scratch, `/v2.1/flavors/${id}`, { method: "DELETE" }), 202);
  },
});

Deno.bench({
  name: "GET /v2.1/os-keypairs, 50 keypairs",
  group: "other",
  async fn() {
    check(await call(withKeypairs, "/v2.1/os-keypairs"), 200);
  },
});

Deno.bench({
  name: "GET /v2.1/limits",
  group: "other",
  async fn() {
    check(await call(seeded, "/v2.1/limits"), 200);
  },
});

Deno.bench({
  name: "GET /v2.1/os-quota-sets/admin",
  group: "other",
  async fn() {
    check(await call(seeded, "/v2.1/os-quota-sets/admin"), 200);
  },
});

Deno.bench({
  name: "GET /v2.1/no-such-thing (404 page)",
  group: "other",
  async fn() {
    check(await call(seeded, "/v2.1/no-such-thing"), 404);
  },
});
