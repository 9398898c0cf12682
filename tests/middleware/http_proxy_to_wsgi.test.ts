import assert from "node:assert/strict";
import { compose } from "../../lib/http/compose.ts";
import { applicationUrl, environ } from "../../lib/http/environ.ts";
import type { Middleware } from "../../lib/http/types.ts";
import { httpProxyToWsgi } from "../../lib/middleware/http_proxy_to_wsgi.ts";
import { serve } from "./_serve.ts";

/** Mimics the urlmap composite: mount at /v2.1. */
const mount: Middleware = (request, next) => {
  const env = environ(request);
  env.scriptName = "/v2.1";
  env.pathInfo = env.pathInfo.slice("/v2.1".length);
  return next(request);
};

function echo(request: Request): Promise<Response> {
  const env = environ(request);
  return Promise.resolve(Response.json({
    origin: env.origin,
    scriptName: env.scriptName,
    remoteAddr: env.remoteAddr,
    url: applicationUrl(request),
  }));
}

async function ask(enabled: boolean, headers: Record<string, string>) {
  const server = serve(compose([mount, httpProxyToWsgi({ enabled })], echo));
  try {
    const res = await fetch(`${server.base}/v2.1/servers`, { headers });
    return { base: server.base, body: await res.json() };
  } finally {
    await server.close();
  }
}

Deno.test("http_proxy_to_wsgi: disabled ignores proxy headers", async () => {
  const { base, body } = await ask(false, {
    Forwarded: "proto=https;host=cloud.example.com;for=192.0.2.60",
    "X-Forwarded-Prefix": "/compute",
  });
  assert.deepEqual(body, {
    origin: base,
    scriptName: "/v2.1",
    remoteAddr: "127.0.0.1",
    url: `${base}/v2.1`,
  });
});

Deno.test("http_proxy_to_wsgi: RFC 7239 Forwarded, first element wins over X-Forwarded-*", async () => {
  const { body } = await ask(true, {
    Forwarded: 'for=192.0.2.60;Proto=https;host="cloud.example.com", for=198.51.100.17;proto=http',
    "X-Forwarded-Proto": "http",
    "X-Forwarded-Host": "wrong.example.com",
    "X-Forwarded-Prefix": "/compute/",
  });
  assert.deepEqual(body, {
    origin: "https://cloud.example.com",
    scriptName: "/compute/v2.1",
    remoteAddr: "192.0.2.60",
    url: "https://cloud.example.com/compute/v2.1",
  });
});

Deno.test("http_proxy_to_wsgi: X-Forwarded-Proto/Host/For", async () => {
  const { body } = await ask(true, {
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "api.example.com:8774, inner.example.com",
    "X-Forwarded-For": "203.0.113.5, 10.0.0.1",
  });
  assert.deepEqual(body, {
    origin: "https://api.example.com:8774",
    scriptName: "/v2.1",
    remoteAddr: "203.0.113.5",
    url: "https://api.example.com:8774/v2.1",
  });
});

Deno.test("http_proxy_to_wsgi: partial headers keep the rest; default ports drop", async () => {
  const protoOnly = await ask(true, { "X-Forwarded-Proto": "https" });
  assert.equal(protoOnly.body.origin, protoOnly.base.replace("http://", "https://"));
  const defaultPort = await ask(true, { Forwarded: "proto=https;host=cloud.example.com:443" });
  assert.equal(defaultPort.body.origin, "https://cloud.example.com");
  const hostOnly = await ask(true, { "X-Forwarded-Host": "h.example.com" });
  assert.equal(hostOnly.body.origin, "http://h.example.com");
  const garbage = await ask(true, { "X-Forwarded-Host": "bad host/with space" });
  assert.equal(garbage.body.origin, garbage.base);
});
