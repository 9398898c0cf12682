import assert from "node:assert/strict";
import { compose } from "../../lib/http/compose.ts";
import { environ } from "../../lib/http/environ.ts";
import type { RequestContext } from "../../lib/context/context.ts";
import {
  keystoneContext,
  type KeystoneContextOptions,
} from "../../lib/middleware/keystonecontext.ts";

function run(
  headers: Record<string, string>,
  opts: KeystoneContextOptions = {},
  passedCatalog?: string | null,
) {
  let ctx: RequestContext | undefined;
  const app = compose([
    (request, next) => {
      const env = environ(request);
      // What auth_token in front leaves: the catalog text, or null for none.
      if (passedCatalog !== undefined) env.serviceCatalog = passedCatalog;
      env.requestId = "req-local";
      env.remoteAddr = "192.0.2.9";
      env.notes.globalRequestId = "req-00000000-0000-0000-0000-000000000001";
      return next(request);
    },
    keystoneContext(opts),
  ], (request) => {
    ctx = environ(request).context as RequestContext;
    return Promise.resolve(new Response("ok"));
  });
  return app(new Request("http://nova.example/v2.1/flavors", { headers })).then((res) => ({
    res,
    ctx,
  }));
}

const catalog = [
  { type: "identity", name: "keystone", endpoints: [] },
  { type: "image", name: "glance", endpoints: [{ publicURL: "http://glance" }] },
  { type: "network", name: "neutron", endpoints: [] },
];

Deno.test("keystonecontext: the context from auth_token's headers", async () => {
  const { res, ctx } = await run({
    "X-Auth-Token": "tok",
    "X-User-Id": "u1",
    "X-User-Name": "d\u00c3\u00a9mo", // "démo" as UTF-8 bytes
    "X-User-Domain-Id": "default",
    "X-Project-Id": "p1",
    "X-Project-Name": "demo",
    "X-Project-Domain-Id": "default",
    "X-Roles": "Member, reader",
    "X-Service-Roles": "service",
    "X-Service-User-Id": "nova",
    "X-Service-Project-Id": "svc",
    "X-Service-Catalog": JSON.stringify(catalog),
  });
  assert.equal(res.status, 200);
  await res.body?.cancel();
  assert.deepEqual(ctx, {
    userId: "u1",
    projectId: "p1",
    userName: "démo",
    projectName: "demo",
    userDomainId: "default",
    projectDomainId: "default",
    domainId: null,
    roles: ["member", "reader"],
    isAdmin: false,
    systemScope: null,
    requestId: "req-local",
    globalRequestId: "req-00000000-0000-0000-0000-000000000001",
    remoteAddress: "192.0.2.9",
    authToken: "tok",
    serviceCatalog: [catalog[1], catalog[2]],
    serviceRoles: ["service"],
    serviceUserId: "nova",
    serviceProjectId: "svc",
  });
});

Deno.test("keystonecontext: deprecated header names and the admin decision", async () => {
  const { ctx } = await run({ "X-User": "u2", "X-Tenant-Id": "p2", "X-Role": "admin" });
  assert.equal(ctx!.userId, "u2");
  assert.equal(ctx!.projectId, "p2");
  assert.deepEqual(ctx!.roles, ["admin"]);
  assert.equal(ctx!.isAdmin, true, "without a policy hook the admin role decides");
  const other = await run({ "X-User-Id": "u", "X-Tenant": "p3", "X-Roles": "admin" }, {
    isAdmin: (c) => c.projectId === "p-admin",
  });
  assert.equal(other.ctx!.projectId, "p3");
  assert.equal(other.ctx!.isAdmin, false);
  const system = await run({ "X-User-Id": "u", "OpenStack-System-Scope": "all", "X-Roles": "" });
  assert.equal(system.ctx!.systemScope, "all");
  assert.equal(system.ctx!.projectId, null);
  assert.deepEqual(system.ctx!.roles, []);
});

Deno.test("keystonecontext: X-Forwarded-For only with use_forwarded_for", async () => {
  const headers = { "X-User-Id": "u", "X-Forwarded-For": "203.0.113.5, 10.0.0.1" };
  assert.equal((await run(headers)).ctx!.remoteAddress, "192.0.2.9");
  assert.equal(
    (await run(headers, { useForwardedFor: true })).ctx!.remoteAddress,
    "203.0.113.5, 10.0.0.1",
  );
});

Deno.test("keystonecontext: no user id is webob's 401", async () => {
  const cases: Record<string, string>[] = [{}, { "X-User-Id": "" }, { "X-Project-Id": "p" }];
  for (const headers of cases) {
    const { res, ctx } = await run({ ...headers, Accept: "application/json" });
    assert.equal(res.status, 401);
    assert.equal(ctx, undefined);
    assert.equal(res.headers.get("content-type"), "application/json");
    assert.deepEqual(await res.json(), {
      message: "This server could not verify that you are authorized to access the document you " +
        "requested. Either you supplied the wrong credentials (e.g., bad password), or your " +
        "browser does not understand how to supply the credentials required.<br /><br />\n\n\n",
      code: "401 Unauthorized",
      title: "Unauthorized",
    });
  }
});

Deno.test("keystonecontext: a malformed catalog is webob's 500", async () => {
  const { res, ctx } = await run({ "X-User-Id": "u", "X-Service-Catalog": "[{" });
  assert.equal(res.status, 500);
  assert.equal(ctx, undefined);
  assert.equal(
    await res.text(),
    "500 Internal Server Error\n\nThe server has either erred or is incapable of performing the " +
      "requested operation.\n\n Invalid service catalog json.  ",
  );
});

Deno.test("keystonecontext: a catalog text seen again gives the same services, in a list of the request's own", async () => {
  const text = JSON.stringify(catalog);
  const first = await run({ "X-User-Id": "u", "X-Service-Catalog": text });
  await first.res.body?.cancel();
  first.ctx!.serviceCatalog!.push({ type: "image", name: "added by a handler" });
  const second = await run({ "X-User-Id": "u", "X-Service-Catalog": text });
  await second.res.body?.cancel();
  assert.deepEqual(second.ctx!.serviceCatalog, [catalog[1], catalog[2]]);
  assert.notEqual(second.ctx!.serviceCatalog, first.ctx!.serviceCatalog);
  // JSON that is not a list is no catalog, seen once or twice; bad JSON stays a 500 every time.
  for (let i = 0; i < 2; i++) {
    const odd = await run({ "X-User-Id": "u", "X-Service-Catalog": '{"type": "image"}' });
    await odd.res.body?.cancel();
    assert.deepEqual(odd.ctx!.serviceCatalog, []);
    const bad = await run({ "X-User-Id": "u", "X-Service-Catalog": "[{" });
    assert.equal(bad.res.status, 500);
    await bad.res.body?.cancel();
  }
});

Deno.test("keystonecontext: the catalog auth_token passed in the environ wins over any header", async () => {
  const passed = await run(
    { "X-User-Id": "u", "X-Service-Catalog": "[{" },
    {},
    JSON.stringify(catalog),
  );
  assert.equal(passed.res.status, 200);
  await passed.res.body?.cancel();
  assert.deepEqual(passed.ctx!.serviceCatalog, [catalog[1], catalog[2]]);
  // auth_token in front without a catalog to pass on (include_service_catalog = false): none.
  const none = await run(
    { "X-User-Id": "u", "X-Service-Catalog": JSON.stringify(catalog) },
    {},
    null,
  );
  assert.equal(none.res.status, 200);
  await none.res.body?.cancel();
  assert.deepEqual(none.ctx!.serviceCatalog, []);
  // A malformed text passed on is the same 500 as a malformed header.
  const bad = await run({ "X-User-Id": "u" }, {}, "[{");
  assert.equal(bad.res.status, 500);
  await bad.res.body?.cancel();
});
