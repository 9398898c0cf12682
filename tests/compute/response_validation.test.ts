/**
 * The router's response validation (Nova's `@validation.response_body_schema` with
 * `[api] response_validation`): a row's response schema is checked after its handler returns,
 * per microversion, and a failure is a 400 fault (`error`), one log line (`warn`) or nothing
 * (`ignore`).
 */
import assert from "node:assert/strict";
import type { Route } from "../../lib/compute/route.ts";
import {
  type CheckedRequest,
  checkResponse,
  responseSchemaAt,
} from "../../lib/compute/response_validation.ts";
import { json, jsonBytes } from "../../lib/http/respond.ts";
import { ApiVersion } from "../../lib/compute/api_version.ts";
import { NovaFault } from "../../lib/http/fault.ts";
import type { SchemaObject } from "../../lib/validation/types.ts";
import { startCompute } from "../support/compute.ts";

const THING: SchemaObject = {
  type: "object",
  properties: {
    thing: {
      type: "object",
      properties: { id: { type: "string" }, size: { type: "integer" } },
      required: ["id", "size"],
      additionalProperties: false,
    },
  },
  required: ["thing"],
  additionalProperties: false,
};
const THING_253: SchemaObject = {
  ...THING,
  properties: {
    thing: {
      type: "object",
      properties: { id: { type: "string" } },
      required: ["id"],
      additionalProperties: false,
    },
  },
};
const NULL: SchemaObject = { type: "null" };

let calls = 0;
/** An encoded answer a handler keeps and sends again (the same bytes each time). */
const KEPT_BAD = new TextEncoder().encode(JSON.stringify({ thing: { id: "b", size: "big" } }));
const ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/things/good",
    response: THING,
    handler: () => Response.json({ thing: { id: "a", size: 1 } }),
  },
  {
    method: "GET",
    path: "/things/bad",
    response: THING,
    handler: () => {
      calls++;
      return Response.json({ thing: { id: "a", size: "big" } });
    },
  },
  {
    // The 2.53 schema drops `size`: a body with it passes before 2.53 and fails from 2.53.
    method: "GET",
    path: "/things/versioned",
    response: [["2.53", THING_253], ["2.1", THING]],
    handler: () => Response.json({ thing: { id: "a", size: 1 } }),
  },
  {
    method: "DELETE",
    path: "/things/good",
    response: NULL,
    handler: () => new Response(null, { status: 204 }),
  },
  {
    method: "DELETE",
    path: "/things/bad",
    response: NULL,
    handler: () => Response.json({ surprise: true }, { status: 202 }),
  },
  {
    method: "GET",
    path: "/things/built-bad",
    response: THING,
    handler: () => json({ thing: { id: "a", size: "big" } }),
  },
  {
    method: "GET",
    path: "/things/bytes-bad",
    response: THING,
    handler: () => jsonBytes(KEPT_BAD),
  },
  {
    method: "GET",
    path: "/things/fault",
    response: THING,
    handler: () => {
      throw new NovaFault(404, "Thing not found.");
    },
  },
];

async function withMode(
  mode: string | undefined,
  body: (h: Awaited<ReturnType<typeof startCompute>>) => Promise<void>,
): Promise<void> {
  const h = await startCompute({
    routes: ROUTES,
    config: mode === undefined ? {} : { api: { response_validation: mode } },
  });
  try {
    await body(h);
  } finally {
    await h.close();
  }
}

const BAD_DETAIL = "Invalid input for field/attribute size. Value: big. 'big' is not of type " +
  "'integer'";

Deno.test("error: a body that fails its schema is Nova's 400 fault with the detail", async () => {
  await withMode("error", async (h) => {
    const before = calls;
    const r = await h.json("/things/bad");
    assert.equal(r.status, 400, r.text);
    assert.deepEqual(r.body, { badRequest: { code: 400, message: BAD_DETAIL } });
    assert.equal(calls, before + 1, "the handler ran once");
    // The fault still carries the negotiated version headers.
    assert.equal(r.headers.get("openstack-api-version"), "compute 2.1");
    const ok = await h.json("/things/good");
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body, { thing: { id: "a", size: 1 } });
  });
});

Deno.test("error: an empty body is validated as null", async () => {
  await withMode("error", async (h) => {
    const ok = await h.fetch("/things/good", { method: "DELETE" });
    assert.equal(ok.status, 204);
    await ok.body?.cancel();
    const bad = await h.json("/things/bad", { method: "DELETE" });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body, {
      badRequest: { code: 400, message: "{'surprise': True} is not of type 'null'" },
    });
  });
});

Deno.test("error: the schema is picked by microversion", async () => {
  await withMode("error", async (h) => {
    assert.equal((await h.json("/things/versioned", { version: "2.52" })).status, 200);
    const r = await h.json("/things/versioned", { version: "2.53" });
    assert.equal(r.status, 400);
    assert.match(r.body.badRequest.message, /Additional properties are not allowed \('size' was/);
  });
});

Deno.test("a fault the handler raises is not validated", async () => {
  await withMode("error", async (h) => {
    const r = await h.json("/things/fault");
    assert.equal(r.status, 404);
    assert.equal(r.body.itemNotFound.message, "Thing not found.");
  });
});

Deno.test("warn: the response goes out unchanged and one line names route, version, path", async () => {
  await withMode("warn", async (h) => {
    const r = await h.json("/things/bad", { version: "2.7" });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { thing: { id: "a", size: "big" } });
    const lines = h.logs.filter((l) => l.startsWith("response validation:"));
    assert.deepEqual(lines, [
      "response validation: GET /things/bad 2.7: thing.size: 'big' is not of type 'integer'",
    ]);
    await (await h.fetch("/things/good")).body?.cancel();
    assert.equal(h.logs.filter((l) => l.startsWith("response validation:")).length, 1);
  });
});

Deno.test("warn is the default of [api] response_validation", async () => {
  const { configFromValues } = await import("../../lib/config/mod.ts");
  assert.equal(configFromValues({}).get("api", "response_validation"), "warn");
});

Deno.test("ignore: nothing is checked or logged", async () => {
  await withMode("ignore", async (h) => {
    const r = await h.json("/things/bad");
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { thing: { id: "a", size: "big" } });
    assert.deepEqual(h.logs.filter((l) => l.startsWith("response validation:")), []);
  });
});

/** A tenant Nova's addTenantAccess takes but its response schema (project ids only) refuses. */
const ODD_TENANT = { addTenantAccess: { tenant: "odd_tenant" } };
const PRIVATE = {
  flavor: { name: "p", ram: 64, vcpus: 1, disk: 1, id: "77", "os-flavor-access:is_public": false },
};

Deno.test("a real route through the paste pipeline: error by default in tests, warn by setting", async () => {
  const strict = await startCompute({ pipeline: "paste" });
  try {
    assert.equal((await strict.json("/v2.1/flavors", { json: PRIVATE })).status, 200);
    const r = await strict.json("/v2.1/flavors/77/action", { json: ODD_TENANT });
    assert.equal(r.status, 400, r.text);
    assert.equal(
      r.body.badRequest.message,
      "Invalid input for field/attribute tenant_id. Value: odd_tenant. 'odd_tenant' does not " +
        "match '^[a-zA-Z0-9-]*$'",
    );
  } finally {
    await strict.close();
  }
  const lax = await startCompute({
    pipeline: "paste",
    env: { OS_API__RESPONSE_VALIDATION: "warn" },
  });
  try {
    await lax.json("/v2.1/flavors", { json: PRIVATE });
    const r = await lax.json("/v2.1/flavors/77/action", { json: ODD_TENANT });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, { flavor_access: [{ flavor_id: "77", tenant_id: "odd_tenant" }] });
    assert.equal(
      lax.logs.filter((l) => l.startsWith("response validation:")).join("\n"),
      "response validation: POST /flavors/{id}/action (addTenantAccess) 2.1: " +
        "flavor_access[0].tenant_id: 'odd_tenant' does not match '^[a-zA-Z0-9-]*$'",
    );
  } finally {
    await lax.close();
  }
});

Deno.test("an unknown [api] response_validation stops start-up", async () => {
  const failed = await startCompute({
    pipeline: "paste",
    env: { OS_API__RESPONSE_VALIDATION: "bogus" },
  }).then(() => null, (e: Error) => e);
  assert.ok(failed instanceof Error);
  assert.match(failed.message, /response_validation/);
});

Deno.test("responseSchemaAt: versions, and legacy v2 only from the start", () => {
  const v = (s: string) => ApiVersion.parse(s);
  assert.equal(responseSchemaAt(THING, v("2.90")), THING);
  assert.equal(responseSchemaAt([["2.53", THING_253], ["2.1", THING]], v("2.52")), THING);
  assert.equal(responseSchemaAt([["2.53", THING_253], ["2.1", THING]], v("2.53")), THING_253);
  assert.equal(responseSchemaAt([["2.53", THING_253]], v("2.52")), undefined);
  assert.equal(responseSchemaAt(THING, v("2.1"), true), THING);
  assert.equal(responseSchemaAt([["2.53", THING_253], ["2.1", THING]], v("2.1"), true), undefined);
  assert.equal(responseSchemaAt([["2.53", THING_253], ["2.0", THING]], v("2.1"), true), THING);
});

Deno.test("a body seen again keeps its verdict, and the checked response goes out whole", async () => {
  await withMode("error", async (h) => {
    for (let i = 0; i < 3; i++) {
      const bad = await h.json("/things/bad");
      assert.equal(bad.status, 400, `attempt ${i}`);
      assert.deepEqual(bad.body, { badRequest: { code: 400, message: BAD_DETAIL } });
      const ok = await h.json("/things/good");
      assert.equal(ok.status, 200, `attempt ${i}`);
      assert.match(ok.headers.get("content-type") ?? "", /application\/json/);
      assert.deepEqual(ok.body, { thing: { id: "a", size: 1 } });
    }
  });
});

Deno.test("bodies built by json() and jsonBytes() are checked from their source, every time", async () => {
  await withMode("error", async (h) => {
    for (let i = 0; i < 2; i++) {
      const built = await h.json("/things/built-bad");
      assert.equal(built.status, 400, `attempt ${i}`);
      assert.deepEqual(built.body, { badRequest: { code: 400, message: BAD_DETAIL } });
      const bytes = await h.json("/things/bytes-bad");
      assert.equal(bytes.status, 400, `attempt ${i}`);
      assert.deepEqual(bytes.body, { badRequest: { code: 400, message: BAD_DETAIL } });
    }
  });
});

Deno.test("checkResponse passes a json() or jsonBytes() response on as is, its body unread", async () => {
  const req = {
    route: { method: "GET" as const, path: "/things/good", response: THING },
    version: ApiVersion.parse("2.1"),
    legacyV2: false,
    log: () => {},
  };
  for (const response of [json({ thing: { id: "a", size: 1 } }), jsonBytes(KEPT_GOOD)]) {
    const checked = await checkResponse(response, "error", req);
    assert.equal(checked, response);
    assert.equal(response.bodyUsed, false);
    assert.deepEqual(await checked.json(), { thing: { id: "a", size: 1 } });
  }
  const lines: string[] = [];
  const bad = json({ thing: { id: "a" } }, 200);
  const warned = await checkResponse(bad, "warn", { ...req, log: (l) => void lines.push(l) });
  assert.equal(warned, bad);
  assert.deepEqual(await warned.json(), { thing: { id: "a" } });
  assert.deepEqual(lines, [
    "response validation: GET /things/good 2.1: thing: 'size' is a required property",
  ]);
});

const KEPT_GOOD = new TextEncoder().encode(JSON.stringify({ thing: { id: "a", size: 1 } }));

Deno.test("checkResponse: a body built by json() is checked without reading the response", async () => {
  const lines: string[] = [];
  const req: CheckedRequest = {
    route: { method: "GET", path: "/things/good", response: THING },
    version: new ApiVersion(2, 1),
    legacyV2: false,
    log: (line: string) => void lines.push(line),
  };
  const good = json({ thing: { id: "a", size: 1 } });
  assert.equal(await checkResponse(good, "error", req), good);
  assert.equal(good.bodyUsed, false);
  const bad = json({ thing: { id: "a", size: "big" } });
  assert.equal(await checkResponse(bad, "warn", req), bad);
  assert.equal(bad.bodyUsed, false);
  assert.equal(lines.length, 1);
  assert.match(lines[0], /thing\.size/);
  await assert.rejects(checkResponse(json({ thing: {} }), "error", req), NovaFault);
  // Any other response is read and sent as a copy of what was read.
  const other = Response.json({ thing: { id: "b", size: 2 } });
  const sent = await checkResponse(other, "error", req);
  assert.notEqual(sent, other);
  assert.deepEqual(await sent.json(), { thing: { id: "b", size: 2 } });
});
