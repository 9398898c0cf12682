/**
 * Bounded, deterministic fuzzing: random and mutated JSON values, body texts
 * and query strings must only ever produce a ValidationError or a 400
 * NovaFault — never another exception.
 */

import { equal, ok } from "node:assert/strict";
import { NovaFault } from "../../lib/http/fault.ts";
import { parseJsonBody, validateBody } from "../../lib/validation/body.ts";
import { ValidationError } from "../../lib/validation/errors.ts";
import * as pt from "../../lib/validation/parameter_types.ts";
import { validateQuery } from "../../lib/validation/query.ts";
import type { Schema } from "../../lib/validation/types.ts";
import { validate } from "../../lib/validation/validator.ts";

/** A small deterministic PRNG (mulberry32) so failures are reproducible. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FLAVOR_CREATE: Schema = {
  type: "object",
  properties: {
    flavor: {
      type: "object",
      properties: {
        name: pt.name,
        id: {
          type: ["string", "number", "null"],
          minLength: 1,
          maxLength: 255,
          pattern: "^(?! )[a-zA-Z0-9. _-]+(?<! )$",
        },
        ram: pt.flavorParamPositive,
        vcpus: pt.flavorParamPositive,
        disk: pt.flavorParamNonNegative,
        swap: pt.flavorParamNonNegative,
        rxtx_factor: {
          type: ["number", "string"],
          pattern: "^[0-9]+(\\.[0-9]+)?$",
          exclusiveMinimum: 0,
          maximum: 3.40282e+38,
        },
        description: pt.description,
        "os-flavor-access:is_public": pt.boolean,
      },
      required: ["name", "ram", "vcpus", "disk"],
      additionalProperties: false,
    },
  },
  required: ["flavor"],
  additionalProperties: false,
};

const SERVER_CREATE: Schema = {
  type: "object",
  properties: {
    server: {
      type: "object",
      properties: {
        name: pt.name,
        imageRef: pt.imageIdOrEmptyString,
        flavorRef: pt.flavorRef,
        adminPass: pt.adminPassword,
        metadata: pt.metadata,
        networks: {
          oneOf: [
            {
              type: "array",
              items: {
                type: "object",
                properties: {
                  uuid: { type: "string" },
                  port: { oneOf: [{ type: "string", format: "uuid" }, { type: "null" }] },
                  fixed_ip: pt.ipAddress,
                  tag: pt.tag,
                },
                additionalProperties: false,
              },
            },
            { type: "string", enum: ["none", "auto"] },
          ],
        },
        accessIPv4: pt.accessIPv4,
        accessIPv6: pt.accessIPv6,
        personality: pt.personality,
        tags: { type: "array", items: pt.tag, maxItems: 50 },
        trusted_image_certificates: pt.trustedCerts,
        min_count: pt.positiveInteger,
      },
      required: ["name", "flavorRef"],
      additionalProperties: false,
    },
  },
  required: ["server"],
  additionalProperties: false,
};

const SCHEMAS: Schema[] = [
  FLAVOR_CREATE,
  SERVER_CREATE,
  pt.boolean,
  pt.metadataWithNull,
  pt.trustedCerts,
  pt.nameWithLeadingTrailingSpaces,
  {
    type: "object",
    patternProperties: { "^[a-z]+$": pt.cidr },
    additionalProperties: { type: "string", format: "date-time" },
  },
  {
    anyOf: [{ type: "string", format: "uri" }, {
      type: "array",
      uniqueItems: true,
      items: { not: { type: "null" } },
    }],
  },
];

const ATOMS: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1,
  1.5,
  1e300,
  -1e-300,
  2147483648,
  "",
  " ",
  "0",
  "1",
  "-1",
  "1e3",
  "abc",
  "m1.small",
  " x ",
  "\u0000",
  "\ud800",
  "\u{1F600}",
  "日本",
  "it's",
  "a\\b",
  "70a599e0-31e7-49b7-b260-868f441e862b",
  "2014-01-14T01:00:00Z",
  "http://[::1]/",
  "10.0.0.0/8",
  "::1",
  "aGVsbG8=",
  "(",
  "[",
  "true",
  "on",
  "x".repeat(300),
];
const KEYS = [
  "flavor",
  "server",
  "name",
  "ram",
  "vcpus",
  "disk",
  "id",
  "networks",
  "metadata",
  "uuid",
  "port",
  "tags",
  "__proto__",
  "constructor",
  "",
  " ",
  "a",
  "ZZ",
  "rxtx_factor",
  "fixed_ip",
  "description",
  "0",
];

function randomValue(rand: () => number, depth: number): unknown {
  const roll = rand();
  if (depth > 6 || roll < 0.45) return ATOMS[Math.floor(rand() * ATOMS.length)];
  if (roll < 0.55) {
    return String.fromCodePoint(
      ...Array.from({ length: Math.floor(rand() * 8) }, () => Math.floor(rand() * 0x11000)),
    );
  }
  if (roll < 0.75) {
    return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
  }
  const object: Record<string, unknown> = {};
  for (let i = Math.floor(rand() * 5); i > 0; i--) {
    Object.defineProperty(object, KEYS[Math.floor(rand() * KEYS.length)], {
      value: randomValue(rand, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return object;
}

function expectOnly400(action: () => void): void {
  try {
    action();
  } catch (error) {
    ok(error instanceof NovaFault, `unexpected ${error}`);
    equal(error.status, 400);
  }
}

Deno.test("fuzz: validate only ever returns null or a ValidationError", () => {
  const rand = prng(20240601);
  for (let i = 0; i < 3000; i++) {
    const schema = SCHEMAS[i % SCHEMAS.length];
    const instance = randomValue(rand, 0);
    const error = validate(schema, instance);
    if (error === null) continue;
    ok(error instanceof ValidationError);
    equal(typeof error.detail("body"), "string");
    equal(typeof error.detail("query"), "string");
  }
});

Deno.test("fuzz: mutated valid bodies fail only with 400s", () => {
  const rand = prng(7);
  const base = {
    flavor: { name: "m1.tiny", ram: 512, vcpus: 1, disk: 1, id: "tiny", rxtx_factor: 1.0 },
  };
  validateBody(FLAVOR_CREATE, base);
  for (let i = 0; i < 2000; i++) {
    const body = structuredClone(base) as { flavor: Record<string, unknown> };
    const keys = Object.keys(body.flavor);
    const key = rand() < 0.9
      ? keys[Math.floor(rand() * keys.length)]
      : KEYS[Math.floor(rand() * KEYS.length)];
    if (rand() < 0.15) delete body.flavor[key];
    else body.flavor[key] = randomValue(rand, 3);
    expectOnly400(() => validateBody(FLAVOR_CREATE, body));
    expectOnly400(() => validateBody(FLAVOR_CREATE, body, { relaxAdditionalProperties: true }));
  }
});

Deno.test("fuzz: random body texts parse or fail with 400 Malformed request body", async () => {
  const rand = prng(99);
  const pieces = [
    "{",
    "}",
    "[",
    "]",
    '"',
    ":",
    ",",
    "1",
    "-",
    ".",
    "e",
    "null",
    "true",
    " ",
    "\\",
    "u",
    "\u00e9",
    "\ud800",
    "x",
  ];
  for (let i = 0; i < 500; i++) {
    let text = "";
    for (let n = Math.floor(rand() * 12); n > 0; n--) {
      text += pieces[Math.floor(rand() * pieces.length)];
    }
    const request = new Request("http://nova.test/", { method: "POST", body: text });
    try {
      const body = await parseJsonBody(request);
      expectOnly400(() => validateBody(SERVER_CREATE, body));
    } catch (error) {
      ok(error instanceof NovaFault, `unexpected ${error}`);
      equal(error.status, 400);
      equal(error.message, "Malformed request body");
    }
  }
});

Deno.test("fuzz: deeply nested input does not overflow", async () => {
  const depth = 50_000;
  const text = "[".repeat(depth) + "]".repeat(depth);
  const body = await parseJsonBody(
    new Request("http://nova.test/", { method: "POST", body: text }),
  );
  expectOnly400(() =>
    validateBody(SERVER_CREATE, { server: { name: "x", flavorRef: "1", tags: body } })
  );
  const error = validate({ type: "array", uniqueItems: true }, [body, body]);
  equal(error?.keyword, "uniqueItems");
});

Deno.test("fuzz: random query strings fail only with 400s", () => {
  const rand = prng(4242);
  const schema: Schema = {
    type: "object",
    properties: {
      limit: pt.multiParams(pt.nonNegativeInteger),
      marker: pt.commonQueryParam,
      name: pt.commonQueryRegexParam,
      "changes-since": pt.multiParams({ type: "string", format: "date-time" }),
      id: pt.singleParam({ type: "string", format: "uuid" }),
    },
    patternProperties: { "^_": pt.commonQueryParam },
    additionalProperties: true,
  };
  const pieces = [
    "limit",
    "marker",
    "name",
    "id",
    "changes-since",
    "_x",
    "=",
    "&",
    ";",
    "%",
    "%4",
    "%41",
    "%e6%97",
    "%88",
    "+",
    "1",
    "-1",
    "(",
    "[",
    "abc",
    "2014-01-14T01:00:00Z",
    "\u00e9",
  ];
  for (let i = 0; i < 2000; i++) {
    let query = "";
    for (let n = Math.floor(rand() * 10); n > 0; n--) {
      query += pieces[Math.floor(rand() * pieces.length)];
    }
    expectOnly400(() => validateQuery(schema, query));
    expectOnly400(() => validateQuery(schema, new URLSearchParams(query)));
  }
});
