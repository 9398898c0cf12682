/**
 * Pieces of the request path on their own: microversion negotiation, the compute router's
 * matching and dispatch (with controllers stubbed out), and policy checks.
 *
 * Run: `deno bench -P=test bench/`
 *
 * @module
 */
import { negotiateVersion } from "../lib/compute/api_version.ts";
import { createRouter, type Route } from "../lib/compute/router.ts";
import { allRoutes } from "../lib/compute/route.ts";
import { COMPUTE_ROUTES } from "../lib/compute/routes.ts";
import { createComputeRuntime } from "../lib/compute/runtime_factory.ts";
import { configFromValues } from "../lib/config/mod.ts";
import type { RequestContext } from "../lib/context/context.ts";
import { environ } from "../lib/http/environ.ts";
import { ALL_RULE_DEFAULTS, Enforcer } from "../lib/policy/mod.ts";
import { pyFloat } from "../lib/http/pyfloat.ts";

// --- microversion negotiation -------------------------------------------------------------------

const NO_HEADER = new Headers();
const CURRENT = new Headers({ "OpenStack-API-Version": "compute 2.79" });
const LATEST = new Headers({ "OpenStack-API-Version": "compute latest" });
const LEGACY = new Headers({ "X-OpenStack-Nova-API-Version": "2.53" });
const MIXED = new Headers({ "OpenStack-API-Version": "identity 3.0, volume 3.59, compute 2.90" });

Deno.bench({
  name: "negotiateVersion: no header (2.1)",
  group: "microversion",
  baseline: true,
  fn() {
    negotiateVersion(NO_HEADER);
  },
});

Deno.bench({
  name: "negotiateVersion: OpenStack-API-Version: compute 2.79",
  group: "microversion",
  fn() {
    negotiateVersion(CURRENT);
  },
});

Deno.bench({
  name: "negotiateVersion: compute latest",
  group: "microversion",
  fn() {
    negotiateVersion(LATEST);
  },
});

Deno.bench({
  name: "negotiateVersion: legacy X-OpenStack-Nova-API-Version",
  group: "microversion",
  fn() {
    negotiateVersion(LEGACY);
  },
});

Deno.bench({
  name: "negotiateVersion: three services in one header",
  group: "microversion",
  fn() {
    negotiateVersion(MIXED);
  },
});

// --- router dispatch -----------------------------------------------------------------------------

const config = configFromValues({});
const kv = await Deno.openKv(":memory:");
globalThis.addEventListener("unload", () => kv.close());
const policy = new Enforcer({ defaults: ALL_RULE_DEFAULTS });
const runtime = createComputeRuntime({ config, kv, policy, log: () => {} });

// The real route table (every row, in order) with each controller replaced by a constant answer
// and no schemas or policy, so only negotiation, matching, parameter decoding, link bases and
// header stamping are timed.
const stubbed: Route[] = (await allRoutes(COMPUTE_ROUTES)).map((route) => ({
  method: route.method,
  path: route.path,
  action: route.action,
  min: route.min,
  max: route.max,
  handler: () => new Response(null, { status: 204 }),
}));
const router = createRouter(stubbed, runtime);

const ADMIN: RequestContext = {
  userId: "admin",
  projectId: "0123456789abcdef0123456789abcdef",
  roles: ["admin", "member", "reader"],
  isAdmin: true,
  requestId: "req-00000000-0000-0000-0000-000000000000",
};

function routed(path: string, init: RequestInit = {}): Request {
  const request = new Request(`http://127.0.0.1:8774/v2.1${path}`, init);
  const env = environ(request);
  env.scriptName = "/v2.1";
  env.pathInfo = path;
  env.context = ADMIN;
  return request;
}

async function dispatch(path: string, want: number, init?: RequestInit): Promise<void> {
  const response = await router(routed(path, init));
  if (response.status !== want) throw new Error(`${path}: ${response.status}, wanted ${want}`);
}

Deno.bench({
  name: "baseline: build the Request and its environ only",
  group: "router",
  baseline: true,
  fn() {
    routed("/flavors/detail");
  },
});

Deno.bench({
  name: "dispatch GET /flavors/detail (early row)",
  group: "router",
  async fn() {
    await dispatch("/flavors/detail", 204);
  },
});

Deno.bench({
  name: "dispatch GET /flavors/{id}/os-extra_specs/{key}",
  group: "router",
  async fn() {
    await dispatch("/flavors/1/os-extra_specs/hw:cpu_policy", 204);
  },
});

Deno.bench({
  name: "dispatch GET /{project}/os-quota-sets/{id}/detail (late row, project prefix)",
  group: "router",
  async fn() {
    await dispatch("/0123456789abcdef0123456789abcdef/os-quota-sets/admin/detail", 204);
  },
});

Deno.bench({
  name: "dispatch POST /flavors/{id}/action (addTenantAccess, JSON body)",
  group: "router",
  async fn() {
    await dispatch("/flavors/1/action", 204, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: '{"addTenantAccess":{"tenant":"demo"}}',
    });
  },
});

Deno.bench({
  name: "dispatch a path no row matches (404 page)",
  group: "router",
  async fn() {
    await dispatch("/servers/detail", 404);
  },
});

// --- policy --------------------------------------------------------------------------------------

const MEMBER: RequestContext = {
  userId: "u1",
  projectId: "p1",
  roles: ["member", "reader"],
  isAdmin: false,
  requestId: "req-00000000-0000-0000-0000-000000000001",
};

Deno.bench({
  name: "policy: os_compute_api:os-flavor-manage:create as admin",
  group: "policy",
  baseline: true,
  fn() {
    policy.enforce(
      "os_compute_api:os-flavor-manage:create",
      { project_id: ADMIN.projectId },
      ADMIN,
    );
  },
});

Deno.bench({
  name: "policy: os_compute_api:os-keypairs:index as member (owner check)",
  group: "policy",
  fn() {
    policy.enforce("os_compute_api:os-keypairs:index", { user_id: "u1" }, MEMBER);
  },
});

// --- JSON with Python floats ---------------------------------------------------------------------

const plainFlavors = Array.from({ length: 100 }, (_, n) => ({
  id: String(n),
  name: `m1.f${n}`,
  ram: 512 * n,
  vcpus: 1 + n % 8,
  disk: n,
  "OS-FLV-EXT-DATA:ephemeral": 0,
  swap: 0,
  rxtx_factor: 1,
  "os-flavor-access:is_public": true,
}));
const pyFloatFlavors = plainFlavors.map((f) => ({ ...f, rxtx_factor: pyFloat(f.rxtx_factor) }));

Deno.bench({
  name: "JSON.stringify 100 flavors, rxtx_factor a plain number",
  group: "pyfloat",
  baseline: true,
  fn() {
    JSON.stringify({ flavors: plainFlavors });
  },
});

Deno.bench({
  name: "JSON.stringify 100 flavors, rxtx_factor a Python float (JSON.rawJSON)",
  group: "pyfloat",
  fn() {
    JSON.stringify({ flavors: pyFloatFlavors });
  },
});

Deno.bench({
  name: "pyFloat for 100 flavors, then JSON.stringify",
  group: "pyfloat",
  fn() {
    JSON.stringify({ flavors: plainFlavors.map((f) => ({ ...f, rxtx_factor: pyFloat(1) })) });
  },
});
