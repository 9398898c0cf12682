/** Query string parsing (webob rules), validation messages and stripping of unknown parameters. */

import { deepEqual, equal, ok, throws } from "node:assert/strict";
import { NovaFault } from "../../lib/http/fault.ts";
import {
  parseQueryString,
  type QueryDict,
  stripAdditionalQueryParameters,
  toQueryDict,
  validateQuery,
} from "../../lib/validation/query.ts";
import * as pt from "../../lib/validation/parameter_types.ts";
import type { Schema } from "../../lib/validation/types.ts";

const UUID = "70a599e0-31e7-49b7-b260-868f441e862b";

function plain(dict: QueryDict): Record<string, string[]> {
  return Object.fromEntries(Object.entries(dict));
}

function fault(message: string) {
  return (error: unknown) => {
    ok(error instanceof NovaFault, `expected NovaFault, got ${error}`);
    equal(error.status, 400);
    equal(error.message, message);
    return true;
  };
}

Deno.test("parseQueryString: dict of lists, in order of first appearance", () => {
  deepEqual(plain(parseQueryString("?limit=10&sort_key=name&sort_key=id&deleted")), {
    limit: ["10"],
    sort_key: ["name", "id"],
    deleted: [""],
  });
  deepEqual(Object.keys(parseQueryString("b=1&a=2&b=3")), ["b", "a"]);
});

Deno.test("parseQueryString: webob's splitting and unquoting rules", () => {
  deepEqual(plain(parseQueryString("a=1;b=2&&c=")), { a: ["1"], b: ["2"], c: [""] });
  deepEqual(plain(parseQueryString("name=my+server&x=a%20b")), { name: ["my server"], x: ["a b"] });
  deepEqual(plain(parseQueryString("q=%E6%97%A5%E6%9C%AC")), { q: ["日本"] });
  deepEqual(plain(parseQueryString("e=a=b")), { e: ["a=b"] });
  deepEqual(plain(parseQueryString("p=100%&q=%zz&r=%4")), { p: ["100%"], q: ["%zz"], r: ["\x04"] });
  deepEqual(plain(parseQueryString("s=%4%41")), { s: ["\x04A"] });
  deepEqual(plain(parseQueryString("")), {});
  deepEqual(plain(parseQueryString("__proto__=x")), { ["__proto__"]: ["x"] });
});

Deno.test("parseQueryString: bytes that are not UTF-8 are a 400", () => {
  throws(() => parseQueryString("foo=%88"), fault("Query string is not UTF-8 encoded"));
  throws(() => parseQueryString("%C3=1"), fault("Query string is not UTF-8 encoded"));
});

Deno.test("toQueryDict: from URLSearchParams, strings and dicts", () => {
  deepEqual(plain(toQueryDict(new URLSearchParams("a=1&a=2&b"))), { a: ["1", "2"], b: [""] });
  deepEqual(plain(toQueryDict("a=1;b=2")), { a: ["1"], b: ["2"] });
  deepEqual(plain(toQueryDict({ a: ["x"] })), { a: ["x"] });
});

// The schema from Nova's query-parameter validation tests.
const SCHEMA: Schema = {
  type: "object",
  properties: {
    foo: pt.singleParam({ type: "string", format: "uuid" }),
    foos: pt.multiParams({ type: "string" }),
  },
  patternProperties: { "^_": pt.multiParams({ type: "string" }) },
  additionalProperties: true,
};

Deno.test("validateQuery: valid parameters come back as lists", () => {
  deepEqual(plain(validateQuery(SCHEMA, `foo=${UUID}`)), { foo: [UUID] });
  deepEqual(plain(validateQuery(SCHEMA, "foos=abc&foos=def")), { foos: ["abc", "def"] });
});

Deno.test("validateQuery: errors name the parameter", () => {
  throws(
    () => validateQuery(SCHEMA, "foo=abc"),
    fault("Invalid input for query parameters foo. Value: abc. 'abc' is not a 'uuid'"),
  );
  throws(
    () => validateQuery(SCHEMA, `foo=${UUID}&foo=${UUID}`),
    fault(
      `Invalid input for query parameters foo. Value: ['${UUID}', '${UUID}']. ['${UUID}', '${UUID}'] is too long`,
    ),
  );
  throws(() => validateQuery(SCHEMA, "foo=%88"), fault("Query string is not UTF-8 encoded"));
});

Deno.test("validateQuery: unknown parameters are stripped, pattern matches kept", () => {
  const stripped = validateQuery(
    SCHEMA,
    new URLSearchParams(`foos=abc&foo=${UUID}&bar=123&-bar=456`),
  );
  deepEqual(Object.keys(stripped).sort(), ["foo", "foos"]);
  const kept = validateQuery(SCHEMA, `foos=abc&foo=${UUID}&bar=123&_foo_=456`);
  deepEqual(Object.keys(kept).sort(), ["_foo_", "foo", "foos"]);
  // patternProperties match at the start of the name only (re.match).
  deepEqual(Object.keys(validateQuery(SCHEMA, "x_y=1&_z=2")), ["_z"]);
  const untouched = validateQuery(SCHEMA, "bar=1", { stripAdditional: false });
  deepEqual(plain(untouched), { bar: ["1"] });
});

Deno.test("validateQuery: from 2.75 on, unknown parameters are an error", () => {
  const v275: Schema = {
    type: "object",
    properties: { limit: pt.multiParams(pt.nonNegativeInteger), marker: pt.commonQueryParam },
    additionalProperties: false,
  };
  deepEqual(plain(validateQuery(v275, "limit=5&marker=abc")), { limit: ["5"], marker: ["abc"] });
  throws(
    () => validateQuery(v275, "limit=5&bogus=1"),
    fault("Additional properties are not allowed ('bogus' was unexpected)"),
  );
  throws(
    () => validateQuery(v275, "limit=abc"),
    fault("Invalid input for query parameters limit. Value: abc. 'abc' does not match '^[0-9]*$'"),
  );
  throws(
    () => validateQuery(v275, "limit="),
    fault("Invalid input for query parameters limit. Value: . '' should be non-empty"),
  );
});

Deno.test("stripAdditionalQueryParameters: only when additionalProperties is truthy", () => {
  const dict = toQueryDict("a=1&b=2");
  const schema: Schema = { type: "object", properties: { a: pt.commonQueryParam } };
  deepEqual(Object.keys(stripAdditionalQueryParameters(schema, dict)), ["a"]);
  deepEqual(
    Object.keys(stripAdditionalQueryParameters({ ...schema, additionalProperties: false }, dict)),
    ["a", "b"],
  );
  deepEqual(Object.keys(dict), ["a", "b"], "the input is not modified");
});
