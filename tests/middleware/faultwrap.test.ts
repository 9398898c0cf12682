import assert from "node:assert/strict";
import { compose } from "../../lib/http/compose.ts";
import { environ } from "../../lib/http/environ.ts";
import { NovaFault } from "../../lib/http/fault.ts";
import { faultwrap } from "../../lib/middleware/faultwrap.ts";
import { serve } from "./_serve.ts";

class WidgetError extends Error {}

Deno.test("faultwrap: a NovaFault becomes Nova's fault JSON", async () => {
  const app = compose([faultwrap({})], () => {
    throw new NovaFault(404, "Flavor m1.huge could not be found.");
  });
  const server = serve(app);
  try {
    const res = await fetch(`${server.base}/v2.1/flavors/m1.huge`);
    assert.equal(res.status, 404);
    assert.equal(res.headers.get("content-type"), "application/json; charset=UTF-8");
    assert.deepEqual(await res.json(), {
      itemNotFound: { code: 404, message: "Flavor m1.huge could not be found." },
    });
    assert.equal(res.headers.get("openstack-api-version"), null);
  } finally {
    await server.close();
  }
});

Deno.test("faultwrap: an unexpected TypeError is a 500 that names only the class", async () => {
  const logged: string[] = [];
  const app = compose([faultwrap({ log: (m) => logged.push(m) })], () => {
    throw new TypeError("cannot frob the password hunter2");
  });
  const server = serve(app);
  try {
    const res = await fetch(`${server.base}/v2.1/servers?x=1`);
    assert.equal(res.status, 500);
    const text = await res.text();
    assert.equal(
      text,
      JSON.stringify({
        computeFault: {
          code: 500,
          message: "Unexpected API Error. Please contact the administrator\n<class 'TypeError'>",
        },
      }),
    );
    assert.doesNotMatch(text, /at |\.ts|frob|hunter2/);
    assert.equal(logged.length, 2);
    assert.match(logged[0], /^Caught error: TypeError: cannot frob the password hunter2\n/);
    assert.match(logged[0], /faultwrap\.test\.ts/);
    assert.equal(logged[1], `${server.base}/v2.1/servers?x=1 returned with HTTP 500`);
  } finally {
    await server.close();
  }
});

Deno.test("faultwrap: class names, support string and the generic variant", async () => {
  const thrown: unknown[] = [new WidgetError("secret"), "a string", new RangeError("r")];
  let i = 0;
  const inner = () => Promise.reject(thrown[i++ % thrown.length]);
  const custom = compose([faultwrap({ support: "Call 555-0100." })], inner);
  const messages: string[] = [];
  for (let n = 0; n < 3; n++) {
    const res = await custom(new Request("http://h/"));
    messages.push((await res.json()).computeFault.message);
  }
  assert.deepEqual(messages, [
    "Unexpected API Error. Call 555-0100.\n<class 'WidgetError'>",
    "Unexpected API Error. Call 555-0100.\n<class 'String'>",
    "Unexpected API Error. Call 555-0100.\n<class 'RangeError'>",
  ]);
  const generic = compose([faultwrap({ genericServerError: true })], inner);
  const res = await generic(new Request("http://h/"));
  assert.deepEqual(await res.json(), {
    computeFault: {
      code: 500,
      message: "The server has either erred or is incapable of performing the requested operation.",
    },
  });
});

Deno.test("faultwrap: negotiated microversion is echoed on faults", async () => {
  const app = compose([faultwrap({})], (request) => {
    environ(request).apiVersion = "2.79";
    throw new NovaFault(409, "busy", { "Retry-After": "3" });
  });
  const server = serve(app);
  try {
    const res = await fetch(`${server.base}/v2.1/servers`);
    assert.equal(res.status, 409);
    await res.json();
    assert.equal(res.headers.get("openstack-api-version"), "compute 2.79");
    assert.equal(res.headers.get("x-openstack-nova-api-version"), "2.79");
    assert.equal(res.headers.get("vary"), "OpenStack-API-Version, X-OpenStack-Nova-API-Version");
    assert.equal(res.headers.get("retry-after"), "3");
  } finally {
    await server.close();
  }
});

Deno.test("faultwrap: returned responses pass through untouched", async () => {
  const original = new Response("fine", { status: 418, headers: { "x-a": "1" } });
  const app = compose([faultwrap({})], () => Promise.resolve(original));
  const res = await app(new Request("http://h/"));
  assert.equal(res, original);
  await res.body?.cancel();
});
