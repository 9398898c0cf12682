import assert from "node:assert/strict";
import { compose } from "../../lib/http/compose.ts";
import { environ } from "../../lib/http/environ.ts";
import type { Middleware } from "../../lib/http/types.ts";
import type { RequestContext } from "../../lib/context/context.ts";
import { computeRequestId } from "../../lib/middleware/request_id.ts";
import { httpProxyToWsgi } from "../../lib/middleware/http_proxy_to_wsgi.ts";
import { noauth2, type NoAuth2Options } from "../../lib/middleware/noauth2.ts";
import { serve } from "./_serve.ts";

const mount: Middleware = (request, next) => {
  const env = environ(request);
  env.scriptName = "/v2.1";
  env.pathInfo = env.pathInfo.slice(5);
  return next(request);
};

function start(opts: NoAuth2Options = {}) {
  let captured: RequestContext | undefined;
  const app = compose(
    [httpProxyToWsgi({ enabled: true }), computeRequestId(), mount, noauth2(opts)],
    (request) => {
      captured = environ(request).context as RequestContext;
      return Promise.resolve(new Response("app"));
    },
  );
  const server = serve(app);
  return { server, context: () => captured };
}

Deno.test("noauth2: handshake without a token", async () => {
  const { server, context } = start();
  try {
    const res = await fetch(`${server.base}/v2.1/`, {
      headers: { "X-Auth-User": "user1", "X-Auth-Key": "k", "X-Auth-Project-Id": "user1_project" },
    });
    assert.equal(res.status, 204);
    assert.equal(await res.text(), "");
    assert.equal(res.headers.get("x-auth-token"), "user1:user1_project");
    assert.equal(res.headers.get("x-server-management-url"), `${server.base}/v2.1/user1_project`);
    assert.equal(res.headers.get("content-type"), "text/plain; charset=UTF-8");
    assert.match(res.headers.get("x-compute-request-id") ?? "", /^req-/);
    assert.equal(context(), undefined);

    const defaults = await fetch(`${server.base}/v2.1`);
    await defaults.body?.cancel();
    assert.equal(defaults.headers.get("x-auth-token"), "admin:admin");
    assert.equal(defaults.headers.get("x-server-management-url"), `${server.base}/v2.1/admin`);

    const proxied = await fetch(`${server.base}/v2.1`, {
      headers: { "X-Forwarded-Proto": "https", "X-Forwarded-Host": "cloud.example.com" },
    });
    await proxied.body?.cancel();
    assert.equal(
      proxied.headers.get("x-server-management-url"),
      "https://cloud.example.com/v2.1/admin",
    );
  } finally {
    await server.close();
  }
});

Deno.test("noauth2: V2_18 flavour leaves the project out of the URL", async () => {
  const { server } = start({ projectIdInPath: false });
  try {
    const res = await fetch(`${server.base}/v2.1/`, { headers: { "X-Auth-Project-Id": "p" } });
    await res.body?.cancel();
    assert.equal(res.headers.get("x-auth-token"), "admin:p");
    assert.equal(res.headers.get("x-server-management-url"), `${server.base}/v2.1`);
  } finally {
    await server.close();
  }
});

Deno.test("noauth2: tokens become request contexts", async () => {
  const { server, context } = start();
  const call = async (token: string) => {
    const res = await fetch(`${server.base}/v2.1/servers`, { headers: { "X-Auth-Token": token } });
    assert.equal(await res.text(), "app");
    return { ctx: context()!, requestId: res.headers.get("x-openstack-request-id") };
  };
  try {
    const demo = await call("demo:p1");
    assert.equal(demo.ctx.userId, "demo");
    assert.equal(demo.ctx.projectId, "p1");
    assert.equal(demo.ctx.isAdmin, false);
    assert.deepEqual(demo.ctx.roles, []);
    assert.equal(demo.ctx.requestId, demo.requestId);
    assert.equal(demo.ctx.remoteAddress, "127.0.0.1");
    assert.equal(demo.ctx.globalRequestId, null);

    const admin = await call("admin");
    assert.equal(admin.ctx.userId, "admin");
    assert.equal(admin.ctx.projectId, "admin");
    assert.equal(admin.ctx.isAdmin, true);

    const colons = await call("u:p:q");
    assert.equal(colons.ctx.userId, "u");
    assert.equal(colons.ctx.projectId, "p:q");

    const trailing = await call("solo:");
    assert.equal(trailing.ctx.projectId, "solo");

    const empty = await call("");
    assert.equal(empty.ctx.userId, null);
    assert.equal(empty.ctx.projectId, null);
    assert.equal(empty.ctx.isAdmin, false);
  } finally {
    await server.close();
  }
});

Deno.test("noauth2: rolesFor and the construction warning", async () => {
  const warnings: string[] = [];
  const { server, context } = start({
    rolesFor: (user) => user === "admin" ? ["admin", "member", "reader"] : ["member", "reader"],
    log: (m) => warnings.push(m),
  });
  try {
    assert.equal(warnings.length, 1);
    const res = await fetch(`${server.base}/v2.1/servers`, {
      headers: { "X-Auth-Token": "bob:p" },
    });
    await res.text();
    assert.deepEqual(context()!.roles, ["member", "reader"]);
  } finally {
    await server.close();
  }
});
