import assert from "node:assert/strict";
import { compose } from "../../lib/http/compose.ts";
import { environ } from "../../lib/http/environ.ts";
import type { Middleware } from "../../lib/http/types.ts";
import { faultwrap } from "../../lib/middleware/faultwrap.ts";
import { requestLog } from "../../lib/middleware/request_log.ts";
import { serve } from "./_serve.ts";

const mount: Middleware = (request, next) => {
  const env = environ(request);
  if (env.pathInfo.startsWith("/v2.1")) {
    env.scriptName = "/v2.1";
    env.pathInfo = env.pathInfo.slice(5);
  }
  return next(request);
};

const LINE =
  /^127\.0\.0\.1 "(\w+) (\S+)" status: (\d+) len: (\d+) microversion: (\S+) time: (\d+\.\d{6})$/;

async function waitFor(lines: string[], count: number) {
  for (let i = 0; i < 100 && lines.length < count; i++) {
    await new Promise((r) => setTimeout(r, 5));
  }
}

Deno.test("request_log: Nova's access line over HTTP", async () => {
  const lines: string[] = [];
  const app = compose([faultwrap({}), mount, requestLog({ log: (l) => lines.push(l) })], (req) => {
    const path = new URL(req.url).pathname;
    if (path.endsWith("/flavors")) {
      environ(req).apiVersion = "2.79";
      return Promise.resolve(new Response('{"flavors": []}'));
    }
    if (path.endsWith("/sized")) {
      return Promise.resolve(new Response("abcdef", { headers: { "content-length": "6" } }));
    }
    if (path.endsWith("/empty")) return Promise.resolve(new Response(null, { status: 204 }));
    throw new Error("kaboom");
  });
  const server = serve(app);
  try {
    const a = await fetch(`${server.base}/v2.1/flavors?limit=1&marker=x`);
    assert.equal(await a.text(), '{"flavors": []}');
    await waitFor(lines, 1);
    const b = await fetch(`${server.base}/v2.1/sized`, { method: "PUT", body: "x" });
    await b.text();
    const c = await fetch(`${server.base}/empty`, { method: "DELETE" });
    await c.body?.cancel();
    const d = await fetch(`${server.base}/v2.1/explode`);
    assert.equal(d.status, 500);
    await d.text();
    await waitFor(lines, 4);
    const parsed = lines.map((l) => {
      const m = LINE.exec(l);
      assert.ok(m, l);
      return m.slice(1, 6);
    });
    assert.deepEqual(parsed, [
      ["GET", "/v2.1/flavors?limit=1&marker=x", "200", "15", "2.79"],
      ["PUT", "/v2.1/sized", "200", "6", "-"],
      ["DELETE", "/empty", "204", "0", "-"],
      ["GET", "/v2.1/explode", "500", "0", "-"],
    ]);
  } finally {
    await server.close();
  }
});

Deno.test("request_log: streaming bodies are counted without buffering", async () => {
  const lines: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => release = r);
  const enc = new TextEncoder();
  const app = compose([requestLog({ log: (l) => lines.push(l) })], () => {
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(enc.encode("first-chunk;"));
        await gate;
        controller.enqueue(enc.encode("second"));
        controller.close();
      },
    });
    return Promise.resolve(new Response(body));
  });
  const server = serve(app);
  try {
    const res = await fetch(`${server.base}/stream`);
    const reader = res.body!.getReader();
    const first = await reader.read();
    // The first chunk arrived while the producer is still blocked: nothing was buffered.
    assert.equal(new TextDecoder().decode(first.value), "first-chunk;");
    assert.equal(lines.length, 0);
    release();
    while (!(await reader.read()).done) { /* drain */ }
    await waitFor(lines, 1);
    assert.match(lines[0], /^127\.0\.0\.1 "GET \/stream" status: 200 len: 18 microversion: - /);
  } finally {
    await server.close();
  }
});

Deno.test("request_log: unknown peer is '-' and errors propagate", async () => {
  const lines: string[] = [];
  const app = compose([requestLog({ log: (l) => lines.push(l) })], () => {
    throw new RangeError("nope");
  });
  await assert.rejects(() => app(new Request("http://h/x")), RangeError);
  assert.match(lines[0], /^- "GET \/x" status: 500 len: 0 microversion: - time: \d+\.\d{6}$/);
});

Deno.test("request_log: a thrown NovaFault is logged with its status and fault length", async () => {
  const { NovaFault, faultResponse } = await import("../../lib/http/fault.ts");
  const lines: string[] = [];
  const fault = new NovaFault(404, "Flavor 7 could not be found.");
  const app = compose([requestLog({ log: (l) => lines.push(l) })], () => Promise.reject(fault));
  await assert.rejects(() => app(new Request("http://h/v2.1/flavors/7")), NovaFault);
  const expected = (await faultResponse(fault).text()).length;
  assert.match(lines[0], new RegExp(`^- "GET /v2.1/flavors/7" status: 404 len: ${expected} `));
});

Deno.test("request_log: json format gives one object per request with ids and timing", async () => {
  const lines: string[] = [];
  const app = compose([
    (request, next) => {
      const env = environ(request);
      env.requestId = "req-8d1c0e7a-0000-4000-8000-000000000001";
      env.remoteAddr = "192.0.2.9";
      env.context = { userId: "u-1", projectId: "p-1" } as typeof env.context;
      return next(request);
    },
    mount,
    requestLog({ log: (l) => lines.push(l), format: "json" }),
  ], (req) => {
    environ(req).apiVersion = "2.96";
    return Promise.resolve(
      new Response("abc", { status: 202, headers: { "content-length": "3" } }),
    );
  });
  const response = await app(new Request("http://h/v2.1/servers?limit=2", { method: "POST" }));
  assert.equal(await response.text(), "abc");
  assert.equal(lines.length, 1);
  const entry = JSON.parse(lines[0]);
  assert.equal(typeof entry.duration, "number");
  assert.ok(entry.duration >= 0);
  delete entry.duration;
  assert.deepEqual(entry, {
    request_id: "req-8d1c0e7a-0000-4000-8000-000000000001",
    method: "POST",
    path: "/v2.1/servers?limit=2",
    status: 202,
    length: 3,
    microversion: "2.96",
    remote_addr: "192.0.2.9",
    project_id: "p-1",
    user_id: "u-1",
  });
});

Deno.test("request_log: json format writes nulls for what the request did not have", async () => {
  const lines: string[] = [];
  const app = compose([requestLog({ log: (l) => lines.push(l), format: "json" })], () => {
    throw new RangeError("nope");
  });
  await assert.rejects(() => app(new Request("http://h/x")), RangeError);
  const entry = JSON.parse(lines[0]);
  assert.equal(entry.status, 500);
  assert.equal(entry.request_id, null);
  assert.equal(entry.microversion, null);
  assert.equal(entry.remote_addr, null);
  assert.equal(entry.project_id, null);
  assert.equal(entry.user_id, null);
});
