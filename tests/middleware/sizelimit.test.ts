import assert from "node:assert/strict";
import { compose } from "../../lib/http/compose.ts";
import { faultwrap } from "../../lib/middleware/faultwrap.ts";
import { sizeLimit } from "../../lib/middleware/sizelimit.ts";
import { chunkedBody, serve } from "./_serve.ts";

const MAX = 1024;

/** An app that reads the whole body and reports its size and declared length. */
function echoSize(calls: string[]) {
  return async (request: Request) => {
    calls.push(request.headers.get("content-length") ?? "chunked");
    const body = await request.arrayBuffer();
    return Response.json({ got: body.byteLength });
  };
}

function post(base: string, body: BodyInit, accept = "application/json", extra: HeadersInit = {}) {
  return fetch(`${base}/v2.1/servers`, {
    method: "POST",
    body,
    headers: { accept, ...extra },
    duplex: "half",
  } as RequestInit);
}

Deno.test("sizelimit: a declared length over the limit is refused before the app runs", async () => {
  const calls: string[] = [];
  const logged: string[] = [];
  const app = compose(
    [sizeLimit({ maxBytes: MAX, log: (m) => logged.push(m) })],
    echoSize(calls),
  );
  const server = serve(app);
  try {
    const res = await post(server.base, new Uint8Array(MAX + 1));
    assert.equal(res.status, 413);
    assert.equal(res.headers.get("content-type"), "application/json");
    assert.equal(
      await res.text(),
      '{"message": "Request is too large. Larger than max_request_body_size (1024).' +
        '<br /><br />\\n\\n\\n", "code": "413 Request Entity Too Large", ' +
        '"title": "Request Entity Too Large"}',
    );
    assert.deepEqual(calls, []);
    assert.deepEqual(logged, ["Request is too large. Larger than max_request_body_size (1024)."]);

    const ok = await post(server.base, new Uint8Array(MAX));
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { got: MAX });
    assert.deepEqual(calls, [String(MAX)]);
  } finally {
    await server.close();
  }
});

Deno.test("sizelimit: webob page follows Accept (plain, html)", async () => {
  const app = compose([sizeLimit({ maxBytes: MAX })], echoSize([]));
  const server = serve(app);
  try {
    const plain = await post(server.base, new Uint8Array(MAX + 1), "");
    assert.equal(plain.status, 413);
    assert.equal(plain.headers.get("content-type"), "text/plain; charset=UTF-8");
    assert.equal(
      await plain.text(),
      "413 Request Entity Too Large\n\n" +
        "Request is too large. Larger than max_request_body_size (1024).\n\n   ",
    );
    const html = await post(server.base, new Uint8Array(MAX + 1), "*/*");
    assert.equal(html.headers.get("content-type"), "text/html; charset=UTF-8");
    const page = await html.text();
    assert.match(page, /<title>413 Request Entity Too Large<\/title>/);
    assert.match(page, /Larger than max_request_body_size \(1024\)\.<br \/><br \/>/);
    const json = await post(server.base, new Uint8Array(MAX + 1), "text/html;q=0.5, application/*");
    assert.equal(json.headers.get("content-type"), "application/json");
    await json.body?.cancel();
  } finally {
    await server.close();
  }
});

Deno.test("sizelimit: a chunked body is counted as the app reads it", async () => {
  const calls: string[] = [];
  const app = compose([sizeLimit({ maxBytes: MAX })], echoSize(calls));
  const server = serve(app);
  try {
    const small = await post(server.base, chunkedBody(4, 256));
    assert.equal(small.status, 200);
    assert.deepEqual(await small.json(), { got: 1024 });

    const big = await post(server.base, chunkedBody(5, 256));
    assert.equal(big.status, 413);
    const body = await big.json();
    assert.equal(body.code, "413 Request Entity Too Large");
    assert.equal(body.message, "Request is too large. Larger than 1024.<br /><br />\n\n\n");
    // Both requests really went out without a Content-Length.
    assert.deepEqual(calls, ["chunked", "chunked"]);
  } finally {
    await server.close();
  }
});

Deno.test("sizelimit: the 413 wins even if the app swallowed the read error", async () => {
  const app = compose([sizeLimit({ maxBytes: MAX })], async (request) => {
    try {
      await request.text();
    } catch {
      return new Response("Malformed request body", { status: 400 });
    }
    return new Response("read");
  });
  const server = serve(app);
  try {
    const res = await post(server.base, chunkedBody(8, 200));
    assert.equal(res.status, 413);
    await res.text();
  } finally {
    await server.close();
  }
});

Deno.test("sizelimit: fault style lets faultwrap render overLimit", async () => {
  const app = compose(
    [faultwrap({}), sizeLimit({ maxBytes: MAX, style: "fault" })],
    echoSize([]),
  );
  const server = serve(app);
  try {
    const declared = await post(server.base, new Uint8Array(MAX + 10));
    assert.equal(declared.status, 413);
    assert.deepEqual(await declared.json(), {
      overLimit: {
        code: 413,
        message: "Request is too large. Larger than max_request_body_size (1024).",
      },
    });
    const streamed = await post(server.base, chunkedBody(3, 512));
    assert.equal(streamed.status, 413);
    assert.deepEqual(await streamed.json(), {
      overLimit: { code: 413, message: "Request is too large. Larger than 1024." },
    });
  } finally {
    await server.close();
  }
});

Deno.test("sizelimit: bodiless requests and unread bodies pass", async () => {
  const app = compose([sizeLimit({ maxBytes: 10 })], () => Promise.resolve(new Response("ok")));
  const server = serve(app);
  try {
    const get = await fetch(`${server.base}/v2.1`);
    assert.equal(await get.text(), "ok");
    // Nova only notices a chunked body when it is read.
    const unread = await post(server.base, chunkedBody(1, 5));
    assert.equal(await unread.text(), "ok");
  } finally {
    await server.close();
  }
});
