/**
 * The compute router as Nova's routes mapper plus `wsgi.Resource` behave: over real HTTP through
 * the whole pipeline (noauth2) for request handling, faults and links, and directly on a small
 * route table for matching order, microversion ranges and actions.
 */
import assert from "node:assert/strict";
import {
  type ApiRequest,
  createRouter,
  type Route,
  type RouteEntry,
} from "../../lib/compute/router.ts";
import { isRouteFamily } from "../../lib/compute/route.ts";
import { COMPUTE_ROUTES } from "../../lib/compute/routes.ts";
import type { RequestContext } from "../../lib/context/context.ts";
import type { ComputeRuntime } from "../../lib/compute/runtime.ts";
import { environ } from "../../lib/http/environ.ts";
import { NovaFault } from "../../lib/http/fault.ts";
import { type Harness as Pipeline, read, startCompute } from "../support/compute.ts";

async function withPipeline(
  body: (p: Pipeline) => Promise<void>,
  env: Record<string, string> = {},
): Promise<void> {
  const p = await startCompute({ pipeline: "paste", env });
  try {
    await body(p);
  } finally {
    await p.close();
  }
}

type Read = Awaited<ReturnType<typeof read>>;

/** A Nova fault: JSON with charset, one top-level key whose value has `code` and `message`. */
function assertFault(r: Read, status: number, name: string, message: string, label = ""): void {
  assert.equal(r.status, status, `${label}: ${r.text}`);
  assert.equal(r.headers.get("content-type"), "application/json; charset=UTF-8", label);
  assert.deepEqual(r.body, { [name]: { code: status, message } }, label);
  assertRequestIds(r.headers, label);
}

function assertRequestIds(headers: Headers, label = ""): void {
  const id = headers.get("x-openstack-request-id");
  assert.match(id ?? "", /^req-[0-9a-f-]{36}$/, label);
  assert.equal(headers.get("x-compute-request-id"), id, label);
}

const WEBOB_404_JSON = {
  message: "The resource could not be found.<br /><br />\n\n\n",
  code: "404 Not Found",
  title: "Not Found",
};

/** webob's own 404 page (routes found nothing): no fault body, no version headers. */
function assertWebob404(r: Read, label: string): void {
  assert.equal(r.status, 404, `${label}: ${r.text}`);
  assert.deepEqual(r.body, WEBOB_404_JSON, label);
  assert.equal(r.headers.get("openstack-api-version"), null, label);
  assertRequestIds(r.headers, label);
}

const json404 = { headers: { accept: "application/json" } };

Deno.test("malformed JSON bodies are 400 'Malformed request body' on every body route", async () => {
  await withPipeline(async (p) => {
    const routes: [string, string][] = [
      ["POST", "/v2.1/flavors"],
      ["PUT", "/v2.1/flavors/1"],
      ["POST", "/v2.1/flavors/1/action"],
      ["POST", "/v2.1/flavors/1/os-extra_specs"],
      ["PUT", "/v2.1/flavors/1/os-extra_specs/k"],
      ["POST", "/v2.1/os-keypairs"],
      ["PUT", "/v2.1/os-quota-sets/admin"],
      ["PUT", "/v2.1/os-quota-class-sets/default"],
    ];
    const enc = new TextEncoder();
    const bodies: [string, BodyInit][] = [
      ["truncated", "{"],
      ["trailing garbage", '{"flavor": {}} x'],
      ["single quotes", "{'a': 1}"],
      ["whitespace only", "   "],
      ["not UTF-8", new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])],
      ["a byte-order mark", new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode('{"a": 1}')])],
    ];
    for (const [method, path] of routes) {
      for (const [label, body] of bodies) {
        const r = await read(
          await p.fetch(path, {
            method,
            body,
            version: "2.60",
            headers: { "content-type": "application/json" },
          }),
        );
        assertFault(r, 400, "badRequest", "Malformed request body", `${method} ${path} ${label}`);
        assert.equal(r.headers.get("openstack-api-version"), "compute 2.60");
      }
    }
  });
});

Deno.test("Content-Type: only JSON types, compared as webob reads them", async () => {
  await withPipeline(async (p) => {
    const flavor = (name: string) =>
      JSON.stringify({ flavor: { name, ram: 1, vcpus: 1, disk: 1 } });
    const unsupported = [
      "application/x-www-form-urlencoded",
      "application/xml",
      "text/html",
      "multipart/form-data; boundary=x",
      // webob takes the header up to ';' as is: not lower-cased, not trimmed.
      "Application/JSON",
      "application/json ; charset=UTF-8",
      "TEXT/PLAIN",
    ];
    for (const type of unsupported) {
      const r = await read(
        await p.fetch("/v2.1/flavors", {
          method: "POST",
          body: flavor("never"),
          headers: { "content-type": type },
        }),
      );
      assertFault(r, 415, "badMediaType", "Unsupported Content-Type", type);
      assert.equal(r.headers.get("openstack-api-version"), "compute 2.1", type);
    }
    // The type is checked before the body is read or the action peeked at.
    const early = await read(
      await p.fetch("/v2.1/flavors/1/action", {
        method: "POST",
        body: "{not json",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      }),
    );
    assertFault(early, 415, "badMediaType", "Unsupported Content-Type", "before the body");
    // ...and on any method, a GET included.
    const get = await read(
      await p.fetch("/v2.1/flavors", { headers: { "content-type": "application/xml" } }),
    );
    assertFault(get, 415, "badMediaType", "Unsupported Content-Type", "GET");

    const accepted: [string, Record<string, string>][] = [
      ["json", { "content-type": "application/json" }],
      ["json+charset", { "content-type": "application/json;charset=UTF-8" }],
      ["compute+json", { "content-type": "application/vnd.openstack.compute+json" }],
      // text/plain is what some servers default to; Nova treats it as no type, i.e. JSON.
      ["text/plain", { "content-type": "text/plain" }],
      ["text/plain+charset", { "content-type": "text/plain; charset=utf-8" }],
      ["empty", { "content-type": "" }],
      ["none", {}],
    ];
    for (const [label, headers] of accepted) {
      // A Uint8Array body makes fetch send no Content-Type of its own.
      const r = await read(
        await p.fetch("/v2.1/flavors", {
          method: "POST",
          body: new TextEncoder().encode(flavor(`ct-${label}`)),
          headers,
        }),
      );
      assert.equal(r.status, 200, `${label}: ${r.text}`);
      assert.equal(r.body.flavor.name, `ct-${label}`);
      assert.equal(r.headers.get("content-type"), "application/json");
    }
    // A string body: fetch labels it text/plain;charset=UTF-8, which is JSON to Nova.
    const plain = await read(
      await p.fetch("/v2.1/flavors", { method: "POST", body: flavor("ct-string") }),
    );
    assert.equal(plain.status, 200, plain.text);
  });
});

Deno.test("action bodies: exactly one key naming a known action", async () => {
  await withPipeline(async (p) => {
    const created = await read(
      await p.fetch("/v2.1/flavors", {
        json: {
          flavor: {
            name: "private",
            ram: 1,
            vcpus: 1,
            disk: 1,
            id: "priv",
            "os-flavor-access:is_public": false,
          },
        },
      }),
    );
    assert.equal(created.status, 200, created.text);

    const post = (body: string) =>
      p.fetch("/v2.1/flavors/priv/action", {
        method: "POST",
        body,
        headers: { "content-type": "application/json" },
      }).then(read);

    const malformed = [
      "",
      "{}",
      '{"addTenantAccess": {"tenant": "p1"}, "removeTenantAccess": {"tenant": "p1"}}',
      "[]",
      "[1, 2]",
      '""',
      '"ab"',
      "{",
    ];
    for (const body of malformed) {
      assertFault(await post(body), 400, "badRequest", "Malformed request body", body);
    }
    // Nova takes len() of the body and then its keys: a one-element list or one-character string,
    // or a value without len() (number, boolean, null), fails on the keys and becomes a bare 404.
    for (const body of ["null", "1", "0", "true", "false", "1.5", '["x"]', '"a"', '"é"']) {
      assertFault(await post(body), 404, "itemNotFound", "The resource could not be found.", body);
    }
    assertFault(
      await post('{"foo": {}}'),
      400,
      "badRequest",
      "There is no such action: foo",
      "unknown",
    );
    assertFault(
      await post('{"addtenantaccess": {"tenant": "p1"}}'),
      400,
      "badRequest",
      "There is no such action: addtenantaccess",
      "case matters",
    );
    // A known action reaches its handler (and its schema).
    const added = await post('{"addTenantAccess": {"tenant": "p1"}}');
    assert.equal(added.status, 200, added.text);
    assert.deepEqual(added.body, { flavor_access: [{ flavor_id: "priv", tenant_id: "p1" }] });
    const bad = await post('{"addTenantAccess": {"tenant": 1}}');
    assert.equal(bad.status, 400);
    assert.equal(Object.keys(bad.body).join(), "badRequest");
  });
});

Deno.test("unmatched paths and methods are webob's 404 page, never 405", async () => {
  await withPipeline(async (p) => {
    const cases: [string, string][] = [
      ["GET", "/v2.1/no-such-thing"],
      ["DELETE", "/v2.1/os-hypervisors"],
      ["DELETE", "/v2.1/flavors"],
      ["PUT", "/v2.1/flavors"],
      ["PATCH", "/v2.1/flavors/1"],
      ["POST", "/v2.1/flavors/detail"],
      ["GET", "/v2.1/flavors/1/action"],
      ["PUT", "/v2.1/os-keypairs/k"],
      ["POST", "/v2.1/os-quota-sets/admin"],
      ["DELETE", "/v2.1/os-quota-class-sets/default"],
      ["POST", "/v2.1/limits"],
      ["GET", "/v2.1/flavors/1/os-extra_specs/k/extra"],
      // No trailing slash in a routes template (no minimization): /flavors/ is not /flavors.
      ["GET", "/v2.1/flavors/"],
      ["GET", "/v2.1/flavors/1/"],
      ["GET", "/v2.1/flavors//"],
      // The path is matched decoded, as PATH_INFO is: %2F separates segments.
      ["GET", "/v2.1/flavors/a%2Fb"],
      // Project ids in the path are lower-case hex and dashes only.
      ["GET", "/v2.1/ABC/flavors"],
      ["GET", "/v2.1/admin/flavors"],
    ];
    for (const [method, path] of cases) {
      const r = await read(await p.fetch(path, { method, ...json404 }));
      assertWebob404(r, `${method} ${path}`);
    }
    // The page follows Accept, as webob's does: HTML first (fetch sends */*), then JSON, else text.
    const plain = await read(await p.fetch("/v2.1/nothing", { headers: { accept: "image/png" } }));
    assert.equal(plain.status, 404);
    assert.equal(plain.headers.get("content-type"), "text/plain; charset=UTF-8");
    assert.equal(plain.text, "404 Not Found\n\nThe resource could not be found.\n\n   ");
    const html = await read(await p.fetch("/v2.1/nothing"));
    assert.equal(html.headers.get("content-type"), "text/html; charset=UTF-8");
    assert.match(html.text, /<title>404 Not Found<\/title>/);
  });
});

Deno.test("HEAD matches no route (routes' method condition is GET): 404 without a body", async () => {
  await withPipeline(async (p) => {
    for (const path of ["/v2.1/flavors", "/v2.1/flavors/1", "/v2.1/os-keypairs", "/v2.1/limits"]) {
      const get = await p.fetch(path);
      await get.body?.cancel();
      assert.equal(get.status, 200, `GET ${path}`);
      const head = await p.fetch(path, { method: "HEAD", ...json404 });
      assert.equal(head.status, 404, `HEAD ${path}`);
      assert.equal(await head.text(), "");
      assert.equal(head.headers.get("openstack-api-version"), null);
      assertRequestIds(head.headers, `HEAD ${path}`);
    }
  });
});

Deno.test("percent-escapes in ids: decoded once; bytes that are not UTF-8 never cause a 500", async () => {
  await withPipeline(async (p) => {
    const spaced = await read(await p.fetch("/v2.1/flavors/no%20such"));
    assertFault(spaced, 404, "itemNotFound", "Flavor no such could not be found.");
    const twice = await read(await p.fetch("/v2.1/flavors/a%2541"));
    assertFault(twice, 404, "itemNotFound", "Flavor a%41 could not be found.");
    const utf8 = await read(await p.fetch("/v2.1/flavors/%C3%A9"));
    assertFault(utf8, 404, "itemNotFound", "Flavor é could not be found.");
    // Not UTF-8: taken byte for byte (latin-1), as a PEP 3333 server hands PATH_INFO over.
    const latin1 = await read(await p.fetch("/v2.1/flavors/%E0x"));
    assertFault(latin1, 404, "itemNotFound", "Flavor àx could not be found.");
    const keypair = await read(await p.fetch("/v2.1/os-keypairs/%FF%FE"));
    assert.equal(keypair.status, 404, keypair.text);
  });
});

Deno.test("the /{project_id} form: routed, checked against the caller's project", async () => {
  await withPipeline(async (p) => {
    const ok = await read(await p.fetch("/v2.1/abc123/flavors", { token: "admin:abc123" }));
    assert.equal(ok.status, 200, ok.text);
    const tiny = ok.body.flavors.find((f: { id: string }) => f.id === "1");
    assert.deepEqual(tiny.links, [
      { rel: "self", href: `${p.origin}/v2.1/abc123/flavors/1` },
      { rel: "bookmark", href: `${p.origin}/abc123/flavors/1` },
    ]);
    const detail = await read(
      await p.fetch("/v2.1/abc123/flavors/detail", { token: "admin:abc123" }),
    );
    assert.equal(detail.status, 200);
    const keypairs = await read(await p.fetch("/v2.1/0-f/os-keypairs", { token: "u:0-f" }));
    assert.equal(keypairs.status, 200, keypairs.text);

    const mismatch = await read(await p.fetch("/v2.1/abc/flavors", { token: "admin:def" }));
    assertFault(
      mismatch,
      400,
      "badRequest",
      "Malformed request URL: URL's project_id 'abc' doesn't match Context's project_id 'def'",
    );
    assert.equal(mismatch.headers.get("openstack-api-version"), "compute 2.1");
    // admin:admin has project "admin", which is not hex: the URL names project "ad".
    const admin = await read(await p.fetch("/v2.1/ad/flavors/1"));
    assertFault(
      admin,
      400,
      "badRequest",
      "Malformed request URL: URL's project_id 'ad' doesn't match Context's project_id 'admin'",
    );
    // Nova checks the project after the body and the action name, before the handler's version.
    const action = await read(
      await p.fetch("/v2.1/abc/flavors/1/action", { token: "admin:def", json: { foo: 1 } }),
    );
    assertFault(action, 400, "badRequest", "There is no such action: foo");
    const body = await read(
      await p.fetch("/v2.1/abc/flavors", {
        method: "POST",
        token: "admin:def",
        body: "{",
        headers: { "content-type": "application/json" },
      }),
    );
    assertFault(body, 400, "badRequest", "Malformed request body");
    const early = await read(
      await p.fetch("/v2.1/abc/flavors/1", {
        method: "PUT",
        token: "admin:def",
        json: {},
        version: "2.54",
      }),
    );
    assert.match(early.body.badRequest.message, /^Malformed request URL/);
  });
});

/** One HTTP/1.1 exchange on a raw connection (fetch will not send a Host of our choosing). */
async function rawGet(
  port: number,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: unknown }> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    const lines = [`GET ${path} HTTP/1.1`, "Connection: close"];
    for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
    await conn.write(new TextEncoder().encode(lines.join("\r\n") + "\r\n\r\n"));
    const chunks: Uint8Array[] = [];
    const buf = new Uint8Array(65536);
    for (;;) {
      const n = await conn.read(buf);
      if (n === null) break;
      chunks.push(buf.slice(0, n));
    }
    const all = new Uint8Array(chunks.reduce((a, c) => a + c.length, 0));
    let off = 0;
    for (const c of chunks) {
      all.set(c, off);
      off += c.length;
    }
    const text = new TextDecoder().decode(all);
    const split = text.indexOf("\r\n\r\n");
    const head = text.slice(0, split);
    let body = text.slice(split + 4);
    if (/\r\ntransfer-encoding: chunked/i.test(head)) {
      let out = "";
      let rest = body;
      for (;;) {
        const eol = rest.indexOf("\r\n");
        const size = parseInt(rest.slice(0, eol), 16);
        if (!size) break;
        out += rest.slice(eol + 2, eol + 2 + size);
        rest = rest.slice(eol + 2 + size + 2);
      }
      body = out;
    }
    return { status: Number(head.split(" ")[1]), body: JSON.parse(body) };
  } finally {
    try {
      conn.close();
    } catch { /* already closed */ }
  }
}

Deno.test("links use the request's Host; bookmarks drop /v2.1", async () => {
  await withPipeline(async (p) => {
    const r = await rawGet(p.port, "/v2.1/flavors/1", {
      Host: "example.test:1234",
      "X-Auth-Token": "admin:admin",
    });
    assert.equal(r.status, 200);
    assert.deepEqual((r.body as { flavor: { links: unknown } }).flavor.links, [
      { rel: "self", href: "http://example.test:1234/v2.1/flavors/1" },
      { rel: "bookmark", href: "http://example.test:1234/flavors/1" },
    ]);
    const list = await rawGet(p.port, "/v2.1/flavors?limit=1", {
      Host: "example.test:1234",
      "X-Auth-Token": "admin:admin",
    });
    const page = list.body as { flavors_links: { rel: string; href: string }[] };
    assert.deepEqual(page.flavors_links, [
      { rel: "next", href: "http://example.test:1234/v2.1/flavors?limit=1&marker=1" },
    ]);
  });
});

Deno.test("[api] compute_link_prefix replaces scheme and host and goes in front of the path", async () => {
  await withPipeline(async (p) => {
    const r = await read(await p.fetch("/v2.1/flavors/1"));
    assert.deepEqual(r.body.flavor.links, [
      { rel: "self", href: "https://api.example.com/compute/v2.1/flavors/1" },
      { rel: "bookmark", href: "https://api.example.com/compute/flavors/1" },
    ]);
    const projected = await read(await p.fetch("/v2.1/abc/flavors/1", { token: "admin:abc" }));
    assert.deepEqual(projected.body.flavor.links, [
      { rel: "self", href: "https://api.example.com/compute/v2.1/abc/flavors/1" },
      { rel: "bookmark", href: "https://api.example.com/compute/abc/flavors/1" },
    ]);
    const doc = await read(await p.fetch("/v2.1/", { token: null }));
    assert.equal(doc.body.version.links[0].href, "https://api.example.com/compute/v2.1/");
  }, { OS_API__COMPUTE_LINK_PREFIX: "https://api.example.com/compute" });
});

Deno.test("links carry the caller's project whenever the URL contains it (Nova's substring test)", async () => {
  await withPipeline(async (p) => {
    // Project "1" occurs in "127.0.0.1", so Nova's _get_project_id puts it into the links.
    const one = await read(await p.fetch("/v2.1/flavors/1", { token: "demo:1" }));
    assert.deepEqual(one.body.flavor.links, [
      { rel: "self", href: `${p.origin}/v2.1/1/flavors/1` },
      { rel: "bookmark", href: `${p.origin}/1/flavors/1` },
    ]);
    const other = await read(await p.fetch("/v2.1/flavors/1", { token: "demo:xyz" }));
    assert.deepEqual(other.body.flavor.links, [
      { rel: "self", href: `${p.origin}/v2.1/flavors/1` },
      { rel: "bookmark", href: `${p.origin}/flavors/1` },
    ]);
  });
});

// --- The router alone, on a table of its own ---------------------------------------------------

function context(projectId: string | null = "p"): RequestContext {
  return {
    userId: "u",
    projectId,
    roles: [],
    isAdmin: false,
    requestId: "req-00000000-0000-0000-0000-000000000000",
  };
}

function echo(tag: string) {
  return (req: ApiRequest) =>
    Response.json({
      tag,
      params: req.params,
      version: req.version.toString(),
      body: req.body,
      links: req.links,
    });
}

/** No row of the table reads the runtime. */
const RUNTIME = {} as ComputeRuntime;

/** A table with families reads `[api] response_validation` (their rows may have schemas). */
const WITH_CONFIG = { config: { get: () => "ignore" } } as unknown as ComputeRuntime;

const TABLE: Route[] = [
  { method: "GET", path: "/things", handler: echo("index") },
  { method: "GET", path: "/things/special", handler: echo("special") },
  { method: "GET", path: "/things/{id}", max: "2.9", handler: echo("show-old") },
  { method: "GET", path: "/things/{id}", min: "2.10", handler: echo("show-new") },
  { method: "PUT", path: "/things/{id}", min: "2.20", handler: echo("update") },
  { method: "GET", path: "/things/{thing_id}/parts/{id}", handler: echo("part") },
  { method: "POST", path: "/things/{id}/action", action: "poke", handler: echo("poke") },
  {
    method: "POST",
    path: "/things/{id}/action",
    action: "prod",
    max: "2.5",
    handler: echo("prod-old"),
  },
  {
    method: "POST",
    path: "/things/{id}/action",
    action: "prod",
    min: "2.6",
    handler: echo("prod-new"),
  },
];

async function call(
  method: string,
  path: string,
  init: { version?: string; body?: string; projectId?: string | null } = {},
) {
  const router = createRouter(TABLE, RUNTIME);
  const headers = new Headers();
  if (init.version) headers.set("OpenStack-API-Version", `compute ${init.version}`);
  if (init.body !== undefined) headers.set("content-type", "application/json");
  const request = new Request(`http://h:1/v2.1${path}`, { method, headers, body: init.body });
  const env = environ(request);
  env.scriptName = "/v2.1";
  env.pathInfo = path;
  env.context = context(init.projectId === undefined ? "p" : init.projectId);
  const response = await router(request);
  return { status: response.status, body: await response.json(), headers: response.headers };
}

async function fault(promise: Promise<unknown>): Promise<NovaFault> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof NovaFault, String(e));
    return e;
  }
  assert.fail("expected a fault");
}

Deno.test("router: literal rows before templates; params; versions choose among rows", async () => {
  assert.equal((await call("GET", "/things")).body.tag, "index");
  assert.equal((await call("GET", "/things/special")).body.tag, "special");
  const old = await call("GET", "/things/7", { version: "2.9" });
  assert.deepEqual([old.body.tag, old.body.params], ["show-old", { id: "7" }]);
  assert.equal((await call("GET", "/things/7", { version: "2.10" })).body.tag, "show-new");
  assert.equal((await call("GET", "/things/7", { version: "latest" })).body.tag, "show-new");
  const part = await call("GET", "/things/a/parts/b");
  assert.deepEqual(part.body.params, { thing_id: "a", id: "b" });
  assert.equal(part.headers.get("openstack-api-version"), "compute 2.1");

  const early = await fault(call("PUT", "/things/7", { version: "2.19", body: "{}" }));
  assert.deepEqual([early.status, early.message], [404, "The resource could not be found."]);
  const update = await call("PUT", "/things/7", { version: "2.20", body: '{"a": [1]}' });
  assert.deepEqual(update.body.body, { a: [1] });
  // No body at all reaches the handler as null, as does a JSON null.
  assert.equal((await call("PUT", "/things/7", { version: "2.20" })).body.body, null);
  assert.equal((await call("PUT", "/things/7", { version: "2.20", body: "null" })).body.body, null);
});

Deno.test("router: actions dispatch by key, then by microversion", async () => {
  const poke = await call("POST", "/things/7/action", { body: '{"poke": null}' });
  assert.deepEqual([poke.body.tag, poke.body.body], ["poke", { poke: null }]);
  assert.equal(
    (await call("POST", "/things/7/action", { body: '{"prod": 1}', version: "2.5" })).body.tag,
    "prod-old",
  );
  assert.equal(
    (await call("POST", "/things/7/action", { body: '{"prod": 1}', version: "2.6" })).body.tag,
    "prod-new",
  );
  const unknown = await fault(call("POST", "/things/7/action", { body: '{"push": 1}' }));
  assert.deepEqual([unknown.status, unknown.message], [400, "There is no such action: push"]);
  const empty = await fault(call("POST", "/things/7/action"));
  assert.deepEqual([empty.status, empty.message], [400, "Malformed request body"]);
});

Deno.test("router: the project form, link bases and a missing context", async () => {
  const r = await call("GET", "/0a-1/things/x", { projectId: "0a-1" });
  assert.equal(r.body.tag, "show-old");
  assert.deepEqual(r.body.links, { self: "http://h:1/v2.1/0a-1", bookmark: "http://h:1/0a-1" });
  const plain = await call("GET", "/things/x", { projectId: "zz" });
  assert.deepEqual(plain.body.links, { self: "http://h:1/v2.1", bookmark: "http://h:1" });
  // A context without a project cannot mismatch.
  assert.equal((await call("GET", "/0a/things", { projectId: null })).body.tag, "index");
  const mismatch = await fault(call("GET", "/0a/things", { projectId: "0b" }));
  assert.equal(mismatch.status, 400);

  const router = createRouter(TABLE, RUNTIME);
  const request = new Request("http://h/v2.1/things");
  environ(request).scriptName = "/v2.1";
  environ(request).pathInfo = "/things";
  const anonymous = await fault(router(request));
  assert.equal(anonymous.status, 401);
  const again = new Request("http://h/v2.1/things");
  environ(again).scriptName = "/v2.1";
  environ(again).pathInfo = "/things";
  environ(again).context = context();
  assert.equal((await router(again)).status, 200);
});

Deno.test("router: a query string seen again is kept the same way, in params of the request's own", async () => {
  const table: Route[] = [{
    method: "GET",
    path: "/filtered",
    query: {
      type: "object",
      properties: { limit: { type: "array", items: { type: "string", pattern: "^[0-9]*$" } } },
      additionalProperties: true,
    },
    handler: (req) => {
      const seen = [...req.query];
      req.query.append("limit", "added by the handler");
      return Promise.resolve(Response.json(seen));
    },
  }];
  const router = createRouter(table, RUNTIME);
  const get = async (query: string) => {
    const request = new Request(`http://h:1/v2.1/filtered${query}`);
    const env = environ(request);
    env.scriptName = "/v2.1";
    env.pathInfo = "/filtered";
    env.context = context();
    return await (await router(request)).json();
  };
  for (let i = 0; i < 2; i++) {
    assert.deepEqual(await get("?limit=5&junk=1&limit=6"), [["limit", "5"], ["limit", "6"]]);
    assert.deepEqual(await get(""), []);
    const refused = await fault(get("?limit=abc"));
    assert.equal(refused.status, 400);
    assert.match(refused.message, /'abc' does not match/);
  }
});

Deno.test("router: a family's rows load when a request first reaches its segment, in their table place", async () => {
  let loads = 0;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => release = resolve);
  const table: RouteEntry[] = [
    { method: "GET", path: "/things", handler: echo("index") },
    {
      segments: ["widgets", "gadgets"],
      load: async () => {
        loads++;
        await gate;
        return [
          { method: "GET", path: "/widgets/detail", handler: echo("widgets-detail") },
          { method: "GET", path: "/gadgets", handler: echo("gadgets") },
          {
            method: "GET",
            path: "/widgets/hidden",
            enabled: () => false,
            handler: echo("hidden"),
          },
        ];
      },
    },
    // After the family: its literal row must still win over this template.
    { method: "GET", path: "/widgets/{id}", handler: echo("widget") },
  ];
  const router = createRouter(table, WITH_CONFIG);
  const get = async (path: string) => {
    const request = new Request(`http://h:1/v2.1${path}`);
    const env = environ(request);
    env.scriptName = "/v2.1";
    env.pathInfo = path;
    env.context = context("0a");
    const response = await router(request);
    return { status: response.status, body: await response.json() };
  };
  // Another segment answers without the family.
  assert.equal((await get("/things")).body.tag, "index");
  assert.equal(loads, 0);
  // Two requests at once wait for one load.
  const both = Promise.all([get("/widgets/detail"), get("/0a/gadgets")]);
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(loads, 1);
  release();
  const [detail, gadgets] = await both;
  assert.equal(detail.body.tag, "widgets-detail");
  assert.equal(gadgets.body.tag, "gadgets");
  assert.equal((await get("/widgets/7")).body.tag, "widget");
  // A row the configuration turns off does not exist: the template after the family serves it.
  assert.equal((await get("/widgets/hidden")).body.tag, "widget");
  assert.equal(loads, 1);
});

Deno.test("router: a family whose import fails is tried again by the next request", async () => {
  let tries = 0;
  const table: RouteEntry[] = [{
    segments: ["flaky"],
    load: () => {
      tries++;
      return tries === 1
        ? Promise.reject(new Error("import failed"))
        : Promise.resolve([{ method: "GET", path: "/flaky", handler: echo("flaky") }] as Route[]);
    },
  }];
  const router = createRouter(table, WITH_CONFIG);
  const get = () => {
    const request = new Request("http://h:1/v2.1/flaky");
    const env = environ(request);
    env.scriptName = "/v2.1";
    env.pathInfo = "/flaky";
    env.context = context();
    return router(request);
  };
  await assert.rejects(get(), /import failed/);
  assert.equal((await (await get()).json()).tag, "flaky");
  assert.equal(tries, 2);
});

Deno.test("COMPUTE_ROUTES: each family names every first segment its rows start with", async () => {
  const families = COMPUTE_ROUTES.filter(isRouteFamily);
  assert.ok(families.length >= 20, "the operator APIs are families");
  for (const family of families) {
    const rows = await family.load();
    assert.ok(rows.length > 0);
    for (const row of rows) {
      const first = row.path.split("/")[1];
      assert.ok(
        family.segments.includes(first),
        `${row.method} ${row.path} starts with a segment its family does not name`,
      );
    }
  }
  // The servers' rows and the flavors' come with the table.
  const eager = COMPUTE_ROUTES.filter((e) => !isRouteFamily(e)) as Route[];
  assert.ok(eager.some((r) => r.path === "/servers/detail"));
  assert.ok(eager.some((r) => r.path === "/flavors/detail"));
});
