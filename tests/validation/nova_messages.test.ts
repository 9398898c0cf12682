/**
 * Expected error details taken from Nova's own unit tests
 * (`nova/tests/unit/test_api_validation.py` and API tests), checked through
 * `validateBody` / `validateQuery` so the full NovaFault path is covered.
 */

import { deepEqual, equal, ok } from "node:assert/strict";
import { NovaFault } from "../../lib/http/fault.ts";
import { validateBody } from "../../lib/validation/body.ts";
import { validateQuery } from "../../lib/validation/query.ts";
import * as pt from "../../lib/validation/parameter_types.ts";
import type { Schema } from "../../lib/validation/types.ts";

function objectWith(foo: Schema, extra: Record<string, unknown> = {}): Schema {
  // Same key order as Nova's test schemas: required comes before additionalProperties.
  return { type: "object", properties: { foo }, ...extra, additionalProperties: false };
}

function bodyDetail(schema: Schema, body: unknown): string | null {
  try {
    validateBody(schema, body);
    return null;
  } catch (error) {
    ok(error instanceof NovaFault);
    equal(error.status, 400);
    return error.message;
  }
}

interface Case {
  schema: Schema;
  body: unknown;
  /** One expected detail, or several acceptable ones (Nova accepts either). */
  expected: string | string[];
}

const NAME_ERROR = "An invalid 'name' value was provided. The name must be: " +
  "printable characters. Can not start or end with whitespace.";
const NAME_SPACES_ERROR = "An invalid 'name' value was provided. The name must be: " +
  "printable characters with at least one non space character";
const BOOLEAN_ENUM = "[True, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', " +
  "'yes', False, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no']";
const int = objectWith({ type: "integer" });
const str = objectWith({ type: "string" });
const integerString = objectWith({ type: ["integer", "string"], pattern: "^[0-9]+$" });
const range = objectWith({
  type: ["integer", "string"],
  pattern: "^[0-9]+$",
  minimum: 1,
  maximum: 10,
});
const nullable = (format: string) => objectWith({ type: ["string", "null"], format });
const field = (value: string, message: string) =>
  `Invalid input for field/attribute foo. Value: ${value}. ${message}`;

const CASES: Record<string, Case[]> = {
  "integer schema": [
    { schema: int, body: { foo: "bar" }, expected: field("bar", "'bar' is not of type 'integer'") },
  ],
  "required": [
    {
      schema: objectWith({ type: "integer" }, { required: ["foo"] }),
      body: { abc: 1 },
      expected: "'foo' is a required property",
    },
  ],
  "additionalProperties": [
    {
      schema: objectWith({ type: "integer" }, { required: ["foo"] }),
      body: { foo: 1, ext: 1 },
      expected: "Additional properties are not allowed ('ext' was unexpected)",
    },
  ],
  "patternProperties": [
    ...["__", "", "0123456789a"].map((key) => ({
      schema: {
        patternProperties: { "^[a-zA-Z0-9]{1,10}$": { type: "string" } },
        additionalProperties: false,
      } as Schema,
      body: { [key]: "bar" },
      expected: [
        `Additional properties are not allowed ('${key}' was unexpected)`,
        `'${key}' does not match any of the regexes: '^[a-zA-Z0-9]{1,10}$'`,
      ],
    })),
  ],
  "string": [
    { schema: str, body: { foo: 1 }, expected: field("1", "1 is not of type 'string'") },
    { schema: str, body: { foo: 1.5 }, expected: field("1.5", "1.5 is not of type 'string'") },
    { schema: str, body: { foo: true }, expected: field("True", "True is not of type 'string'") },
  ],
  "string length": [
    {
      schema: objectWith({ type: "string", minLength: 1, maxLength: 10 }),
      body: { foo: "" },
      expected: [field("", "'' is too short"), field("", "'' should be non-empty")],
    },
    {
      schema: objectWith({ type: "string", minLength: 1, maxLength: 10 }),
      body: { foo: "0123456789a" },
      expected: field("0123456789a", "'0123456789a' is too long"),
    },
  ],
  "integer": [
    {
      schema: integerString,
      body: { foo: "abc" },
      expected: field("abc", "'abc' does not match '^[0-9]+$'"),
    },
    {
      schema: integerString,
      body: { foo: true },
      expected: field("True", "True is not of type 'integer', 'string'"),
    },
    {
      schema: integerString,
      body: { foo: "0xffff" },
      expected: field("0xffff", "'0xffff' does not match '^[0-9]+$'"),
    },
    {
      schema: integerString,
      body: { foo: 1.01 },
      expected: field("1.01", "1.01 is not of type 'integer', 'string'"),
    },
    {
      schema: integerString,
      body: { foo: "1.0" },
      expected: field("1.0", "'1.0' does not match '^[0-9]+$'"),
    },
  ],
  "integer range": [
    { schema: range, body: { foo: 0 }, expected: field("0", "0 is less than the minimum of 1") },
    {
      schema: range,
      body: { foo: 11 },
      expected: field("11", "11 is greater than the maximum of 10"),
    },
    { schema: range, body: { foo: "0" }, expected: field("0", "0 is less than the minimum of 1") },
    {
      schema: range,
      body: { foo: "11" },
      expected: field("11", "11 is greater than the maximum of 10"),
    },
  ],
  "boolean": [
    {
      schema: objectWith(pt.boolean),
      body: { foo: "bar" },
      expected: field("bar", `'bar' is not one of ${BOOLEAN_ENUM}`),
    },
    {
      schema: objectWith(pt.boolean),
      body: { foo: "2" },
      expected: field("2", `'2' is not one of ${BOOLEAN_ENUM}`),
    },
  ],
  "fqdn": [
    {
      schema: objectWith(pt.fqdn),
      body: { foo: true },
      expected: field("True", "True is not of type 'string'"),
    },
    {
      schema: objectWith(pt.fqdn),
      body: { foo: 1 },
      expected: field("1", "1 is not of type 'string'"),
    },
    {
      schema: objectWith(pt.fqdn),
      body: { foo: "my$host" },
      expected: field("my$host", "'my$host' does not match '^[a-zA-Z0-9-._]*$'"),
    },
  ],
  "name": [" ", " server", "server ", "a\xa0", "\uffff", "\u{10000}"].map((foo) => ({
    schema: objectWith(pt.name),
    body: { foo },
    expected: NAME_ERROR,
  })),
  "name with leading/trailing spaces": [" ", "\xa0", "\uffff", "\u{10000}"].map((foo) => ({
    schema: objectWith(pt.nameWithLeadingTrailingSpaces),
    body: { foo },
    expected: NAME_SPACES_ERROR,
  })),
  "name or none": [
    {
      schema: objectWith(pt.nameOrNone),
      body: { foo: 1234 },
      expected: field("1234", "1234 is not valid under any of the given schemas"),
    },
    {
      schema: objectWith(pt.nameOrNone),
      body: { foo: "" },
      expected: field("", "'' is not valid under any of the given schemas"),
    },
    {
      schema: objectWith(pt.nameOrNone),
      body: { foo: "k".repeat(256) },
      expected: field(
        "k".repeat(256),
        `'${"k".repeat(256)}' is not valid under any of the given schemas`,
      ),
    },
  ],
  "cidr": [
    ["bar", "'bar' is not a 'cidr'"],
    ["", "'' is not a 'cidr'"],
    ["192.168.1.0", "'192.168.1.0' is not a 'cidr'"],
    ["192.168.1.0 /24", "'192.168.1.0 /24' is not a 'cidr'"],
  ].map(([foo, message]) => ({
    schema: nullable("cidr"),
    body: { foo },
    expected: field(foo, message),
  })),
  "date-time": [
    ["2014-13-14T01:00:00Z", "'2014-13-14T01:00:00Z' is not a 'date-time'"],
    ["bar", "'bar' is not a 'date-time'"],
    ["1", "'1' is not a 'date-time'"],
  ].map(([foo, message]) => ({
    schema: nullable("date-time"),
    body: { foo },
    expected: field(foo, message),
  })),
  "uuid": [
    ["70a599e031e749b7b260868f441e862", "'70a599e031e749b7b260868f441e862' is not a 'uuid'"],
    ["1", "'1' is not a 'uuid'"],
    ["abc", "'abc' is not a 'uuid'"],
  ].map(([foo, message]) => ({
    schema: nullable("uuid"),
    body: { foo },
    expected: field(foo, message),
  })),
  "uri": [
    "http://localhost:8774/v2.1/servers##",
    "http://[fdf8:01]:8774/v2.1/servers",
    "1",
    "abc",
  ].map((foo) => ({
    schema: nullable("uri"),
    body: { foo },
    expected: field(foo, `'${foo}' is not a 'uri'`),
  })),
  "ipv4": [
    ["abc", "'abc' is not a 'ipv4'"],
    ["localhost", "'localhost' is not a 'ipv4'"],
    ["2001:db8::1234:0:0:9abc", "'2001:db8::1234:0:0:9abc' is not a 'ipv4'"],
  ].map(([foo, message]) => ({
    schema: nullable("ipv4"),
    body: { foo },
    expected: field(foo, message),
  })),
  "ipv6": [
    ["abc", "'abc' is not a 'ipv6'"],
    ["localhost", "'localhost' is not a 'ipv6'"],
    ["192.168.0.100", "'192.168.0.100' is not a 'ipv6'"],
  ].map(([foo, message]) => ({
    schema: nullable("ipv6"),
    body: { foo },
    expected: field(foo, message),
  })),
  "base64": [
    {
      schema: nullable("base64"),
      body: { foo: "A random string" },
      expected: field("A random string", "'A random string' is not a 'base64'"),
    },
  ],
  "regex": [
    { schema: nullable("regex"), body: { foo: "[" }, expected: field("[", "'[' is not a 'regex'") },
  ],
  "disk config": [
    {
      schema: {
        type: "object",
        properties: { "OS-DCF:diskConfig": pt.diskConfig },
        additionalProperties: false,
      },
      body: { "OS-DCF:diskConfig": "auto" },
      expected: "Invalid input for field/attribute OS-DCF:diskConfig. Value: auto. " +
        "'auto' is not one of ['AUTO', 'MANUAL']",
    },
  ],
};

for (const [name, cases] of Object.entries(CASES)) {
  Deno.test(`Nova message: ${name}`, () => {
    for (const { schema, body, expected } of cases) {
      const detail = bodyDetail(schema, body);
      if (Array.isArray(expected)) ok(expected.includes(detail!), `unexpected detail: ${detail}`);
      else equal(detail, expected);
    }
  });
}

Deno.test("Nova message: values Nova's tests accept", () => {
  const accepted: [Schema, unknown][] = [
    [range, 1],
    [range, 10],
    [range, "1"],
    [integerString, "0123456789"],
    ...[true, false, "True", "False", "1", "0"].map((v) =>
      [objectWith(pt.boolean), v] as [Schema, unknown]
    ),
    ...["localhost", "localhost.localdomain.com", "my-host", "my_host"].map((v) =>
      [objectWith(pt.fqdn), v] as [Schema, unknown]
    ),
    ...["m1.small", "my server", "a", "\u0434", "\u0434\u2006\ufffd"].map((v) =>
      [objectWith(pt.name), v] as [Schema, unknown]
    ),
    ...["m1.small", "  abc  ", "abc  abc  abc", "  abc  abc  abc  ", "\xa0abc"].map((v) =>
      [objectWith(pt.nameWithLeadingTrailingSpaces), v] as [Schema, unknown]
    ),
    [objectWith(pt.nameOrNone), null],
    [nullable("cidr"), "192.168.10.0/24"],
    [nullable("date-time"), "2014-01-14T01:00:00Z"],
    [nullable("uuid"), "70a599e0-31e7-49b7-b260-868f441e862b"],
    [nullable("uri"), "http://localhost:8774/v2.1/servers"],
    [nullable("uri"), "http://[::1]:8774/v2.1/servers"],
    [nullable("ipv4"), "192.168.0.100"],
    [nullable("ipv6"), "2001:db8::1234:0:0:9abc"],
    [nullable("base64"), "aGVsbG8gd29ybGQ="],
    [nullable("regex"), "Myserver"],
    [nullable("uuid"), null],
  ];
  for (const [schema, foo] of accepted) {
    equal(bodyDetail(schema, { foo }), null, JSON.stringify(foo));
  }
});

Deno.test("Nova message: query parameter errors name the parameter", () => {
  const schema: Schema = {
    type: "object",
    properties: {
      foo: pt.singleParam({ type: "string", format: "uuid" }),
      foos: pt.multiParams({ type: "string" }),
    },
    patternProperties: { "^_": pt.multiParams({ type: "string" }) },
    additionalProperties: true,
  };
  let detail = "";
  try {
    validateQuery(schema, "foo=abc");
  } catch (error) {
    ok(error instanceof NovaFault);
    detail = error.message;
  }
  equal(detail, "Invalid input for query parameters foo. Value: abc. 'abc' is not a 'uuid'");
  const uuid = "70a599e0-31e7-49b7-b260-868f441e862b";
  deepEqual(Object.keys(validateQuery(schema, `foo=${uuid}`)), ["foo"]);
});
