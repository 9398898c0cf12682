import assert from "node:assert/strict";
import { compose } from "../../lib/http/compose.ts";
import { environ } from "../../lib/http/environ.ts";
import { NovaFault } from "../../lib/http/fault.ts";
import { computeRequestId } from "../../lib/middleware/request_id.ts";
import { faultwrap } from "../../lib/middleware/faultwrap.ts";
import { serve } from "./_serve.ts";

const REQ_ID = /^req-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

Deno.test("compute_req_id: fresh ids on both headers, matching the environ", async () => {
  const seen: { requestId?: string; global?: unknown }[] = [];
  const app = compose([computeRequestId(), faultwrap({})], (request) => {
    const env = environ(request);
    seen.push({ requestId: env.requestId, global: env.notes.globalRequestId });
    return Promise.resolve(new Response("ok"));
  });
  const server = serve(app);
  try {
    const first = await fetch(`${server.base}/v2.1`);
    await first.body?.cancel();
    const second = await fetch(`${server.base}/v2.1`);
    await second.body?.cancel();
    const id1 = first.headers.get("x-openstack-request-id");
    assert.match(id1 ?? "", REQ_ID);
    assert.equal(first.headers.get("x-compute-request-id"), id1);
    assert.equal(seen[0].requestId, id1);
    assert.equal(seen[0].global, undefined);
    assert.notEqual(second.headers.get("x-openstack-request-id"), id1);
  } finally {
    await server.close();
  }
});

Deno.test("compute_req_id: inbound global id kept only in req-<uuid> form", async () => {
  const globals: unknown[] = [];
  const app = compose([computeRequestId()], (request) => {
    globals.push(environ(request).notes.globalRequestId);
    return Promise.resolve(new Response(null, { status: 204 }));
  });
  const server = serve(app);
  const good = "req-0d2a4e1c-93f5-4b8e-a0e1-5c3b7d9f2a61";
  const inputs = [
    good,
    `req-${good.slice(4).toUpperCase()}`,
    "0d2a4e1c-93f5-4b8e-a0e1-5c3b7d9f2a61",
    `${good}x`,
    "req-not-a-uuid",
  ];
  try {
    for (const value of inputs) {
      const res = await fetch(`${server.base}/`, { headers: { "X-OpenStack-Request-ID": value } });
      await res.body?.cancel();
      // The inbound id never replaces the local one.
      assert.notEqual(res.headers.get("x-openstack-request-id"), value);
    }
    assert.deepEqual(globals, [good, undefined, undefined, undefined, undefined]);
  } finally {
    await server.close();
  }
});

Deno.test("compute_req_id: faults rendered by faultwrap carry the ids", async () => {
  const app = compose([computeRequestId(), faultwrap({})], (request) => {
    if (request.url.endsWith("/missing")) throw new NovaFault(404, "nope");
    throw new TypeError("boom");
  });
  const server = serve(app);
  try {
    for (const [path, status] of [["/missing", 404], ["/boom", 500]] as const) {
      const res = await fetch(`${server.base}${path}`);
      await res.text();
      assert.equal(res.status, status);
      assert.match(res.headers.get("x-openstack-request-id") ?? "", REQ_ID);
      assert.equal(
        res.headers.get("x-compute-request-id"),
        res.headers.get("x-openstack-request-id"),
      );
    }
  } finally {
    await server.close();
  }
});

Deno.test("compute_req_id: keeps a header set below and handles immutable responses", async () => {
  const upstream = serve(() => Promise.resolve(new Response("from upstream")));
  const app = compose([computeRequestId()], async (request) => {
    if (request.url.endsWith("/proxied")) return await fetch(upstream.base);
    return new Response("x", { headers: { "x-compute-request-id": "req-set-below" } });
  });
  const server = serve(app);
  try {
    const kept = await fetch(`${server.base}/own`);
    await kept.text();
    assert.equal(kept.headers.get("x-compute-request-id"), "req-set-below");
    assert.match(kept.headers.get("x-openstack-request-id") ?? "", REQ_ID);

    const proxied = await fetch(`${server.base}/proxied`);
    assert.equal(await proxied.text(), "from upstream");
    assert.match(proxied.headers.get("x-compute-request-id") ?? "", REQ_ID);
  } finally {
    await server.close();
    await upstream.close();
  }
});
