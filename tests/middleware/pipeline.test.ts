import assert from "node:assert/strict";
import { compose } from "../../lib/http/compose.ts";
import { environ } from "../../lib/http/environ.ts";
import { NovaFault } from "../../lib/http/fault.ts";
import type { Middleware } from "../../lib/http/types.ts";
import * as mw from "../../lib/middleware/mod.ts";
import { chunkedBody, serve } from "./_serve.ts";

const mount: Middleware = (request, next) => {
  const env = environ(request);
  env.scriptName = "/v2.1";
  env.pathInfo = env.pathInfo.slice(5);
  return next(request);
};

Deno.test("pipeline: Nova's v2.1 filter order over HTTP", async () => {
  const lines: string[] = [];
  const errors: string[] = [];
  const app = compose([
    mount,
    mw.cors({
      allowedOrigin: ["https://ui.example.com"],
      allowCredentials: true,
      exposeHeaders: ["X-OpenStack-Request-ID"],
      maxAge: null,
      allowMethods: ["GET", "POST"],
      allowHeaders: ["X-Auth-Token"],
    }),
    mw.httpProxyToWsgi({ enabled: true }),
    mw.computeRequestId(),
    mw.faultwrap({ log: (m) => errors.push(m) }),
    mw.requestLog({ log: (l) => lines.push(l) }),
    mw.sizeLimit({ maxBytes: 64 }),
    mw.osprofiler({ enabled: false }),
    mw.noauth2(),
  ], async (request) => {
    const env = environ(request);
    env.apiVersion = "2.1";
    if (env.pathInfo === "/boom") throw new Error("secret detail");
    if (env.pathInfo === "/nope") throw new NovaFault(404, "Server x could not be found.");
    const body = request.body ? await request.text() : "";
    return Response.json({ path: env.pathInfo, bytes: body.length });
  });
  const server = serve(app);
  const headers = { "X-Auth-Token": "demo:p1", Origin: "https://ui.example.com" };
  try {
    const ok = await fetch(`${server.base}/v2.1/servers`, { headers });
    assert.deepEqual(await ok.json(), { path: "/servers", bytes: 0 });
    assert.equal(ok.headers.get("access-control-allow-origin"), "https://ui.example.com");
    assert.match(ok.headers.get("x-openstack-request-id") ?? "", /^req-/);

    const boom = await fetch(`${server.base}/v2.1/boom`, { headers });
    assert.equal(boom.status, 500);
    const fault = await boom.json();
    assert.equal(
      fault.computeFault.message,
      "Unexpected API Error. Please contact the administrator\n<class 'Error'>",
    );
    assert.equal(boom.headers.get("openstack-api-version"), "compute 2.1");
    assert.equal(boom.headers.get("access-control-allow-origin"), "https://ui.example.com");
    assert.match(boom.headers.get("x-compute-request-id") ?? "", /^req-/);

    const nope = await fetch(`${server.base}/v2.1/nope`, { headers });
    assert.equal(nope.status, 404);
    await nope.json();

    const big = await fetch(`${server.base}/v2.1/servers`, {
      method: "POST",
      headers: { ...headers, Accept: "application/json" },
      body: chunkedBody(3, 32),
      duplex: "half",
    } as RequestInit);
    assert.equal(big.status, 413);
    const bigText = await big.text();
    assert.equal(JSON.parse(bigText).title, "Request Entity Too Large");
    assert.equal(bigText.length, 147);
    assert.match(big.headers.get("x-openstack-request-id") ?? "", /^req-/);

    for (let i = 0; i < 100 && lines.length < 4; i++) await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(
      lines.map((l) => l.replace(/ time: \d+\.\d{6}$/, "")),
      [
        '127.0.0.1 "GET /v2.1/servers" status: 200 len: 29 microversion: 2.1',
        '127.0.0.1 "GET /v2.1/boom" status: 500 len: 0 microversion: 2.1',
        '127.0.0.1 "GET /v2.1/nope" status: 404 len: 70 microversion: 2.1',
        '127.0.0.1 "POST /v2.1/servers" status: 413 len: 147 microversion: 2.1',
      ],
    );
    assert.ok(errors.some((e) => e.includes("secret detail")));
  } finally {
    await server.close();
  }
});
