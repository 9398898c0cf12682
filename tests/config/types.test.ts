import assert from "node:assert/strict";
import { thrown } from "./_assert.ts";
import { InvalidValue } from "../../lib/config/errors.ts";
import {
  boolean,
  dict,
  float,
  hostAddress,
  hostDomain,
  integer,
  ipAddress,
  list,
  type OptionType,
  port,
  string,
  uri,
} from "../../lib/config/types.ts";

/** Checks accepted inputs and the reason given for rejected ones. */
function table<T>(
  label: string,
  type: OptionType<T>,
  good: Array<[unknown, T]>,
  bad: Array<[unknown, string]>,
) {
  for (const [input, want] of good) {
    Deno.test(`${label} accepts ${JSON.stringify(input)}`, () => {
      assert.deepEqual(type.parse(input), want);
    });
  }
  for (const [input, reason] of bad) {
    Deno.test(`${label} rejects ${JSON.stringify(input)}`, () => {
      const err = thrown(() => type.parse(input), InvalidValue);
      assert.deepEqual(err.message, reason);
    });
  }
}

const BOOL = "expected a boolean (true/false, yes/no, on/off or 1/0)";
table(
  "boolean",
  boolean(),
  [
    ["true", true],
    ["TRUE", true],
    ["True", true],
    ["yes", true],
    ["YeS", true],
    ["on", true],
    ["ON", true],
    ["1", true],
    ["false", false],
    ["False", false],
    ["no", false],
    ["NO", false],
    ["off", false],
    ["Off", false],
    ["0", false],
    [true, true],
    [false, false],
  ],
  [["", BOOL], ["y", BOOL], ["2", BOOL], ["enabled", BOOL], [" true", BOOL], ["t", BOOL]],
);

table(
  "integer",
  integer(),
  [["42", 42], [" -7 ", -7], ["+3", 3], ["1_000", 1000], ["", null], ["   ", null], [5, 5]],
  [
    ["abc", "expected an integer"],
    ["1.5", "expected an integer"],
    ["0x10", "expected an integer"],
    ["1__0", "expected an integer"],
    ["1e3", "expected an integer"],
    [1.5, "expected an integer"],
  ],
);

table(
  "integer with min and max",
  integer({ min: -1, max: 10 }),
  [["-1", -1], ["10", 10], ["0", 0]],
  [
    ["-2", "expected an integer between -1 and 10"],
    ["11", "expected an integer between -1 and 10"],
  ],
);

table(
  "integer with min only",
  integer({ min: 1 }),
  [["1", 1], ["99999", 99999]],
  [["0", "expected an integer greater than or equal to 1"]],
);

table(
  "integer with max only",
  integer({ max: 5 }),
  [["5", 5]],
  [["6", "expected an integer less than or equal to 5"]],
);

table(
  "integer with choices",
  integer({ choices: [1, 2, 4] }),
  [["4", 4]],
  [["3", "expected one of: 1, 2, 4"]],
);

const PORT = "expected an integer between 0 and 65535";
table(
  "port",
  port(),
  [["0", 0], ["8774", 8774], ["65535", 65535], ["", null]],
  [["65536", PORT], ["-1", PORT], ["http", PORT], ["80.0", PORT]],
);

table(
  "port with narrower bounds",
  port({ min: 1024 }),
  [["1024", 1024]],
  [["80", "expected an integer between 1024 and 65535"]],
);

Deno.test("port bounds outside 0..65535 are a programming error", () => {
  thrown(() => port({ max: 70000 }), RangeError);
});

table(
  "float",
  float({ min: 0 }),
  [
    ["1", 1],
    ["1.5", 1.5],
    [".5", 0.5],
    ["5.", 5],
    ["1e3", 1000],
    ["2.5E-1", 0.25],
    ["inf", Infinity],
    ["", null],
    [0.25, 0.25],
  ],
  [
    ["abc", "expected a number greater than or equal to 0"],
    ["-0.1", "expected a number greater than or equal to 0"],
    ["1.2.3", "expected a number greater than or equal to 0"],
    ["nan", "expected a number greater than or equal to 0"],
  ],
);

table(
  "string with choices",
  string({ choices: ["keystone", "noauth2"] }),
  [["keystone", "keystone"], ["noauth2", "noauth2"]],
  [
    ["Keystone", "expected one of: keystone, noauth2"],
    ["", "expected one of: keystone, noauth2"],
  ],
);

table(
  "string with case-insensitive choices",
  string({ choices: ["None", "MAC"], ignoreCase: true }),
  [["mac", "mac"], ["NONE", "NONE"]],
  [["sha", "expected one of: None, MAC"]],
);

table(
  "plain string keeps quotes and whitespace",
  string(),
  [[`"a"`, `"a"`], [" padded ", " padded "], ["", ""]],
  [],
);

table(
  "string with quotes",
  string({ quotes: true }),
  [[`"a b"`, "a b"], ["'x'", "x"], ["plain", "plain"]],
  [[`"open`, 'expected a closing " quote'], ["'", "expected a closing ' quote"]],
);

table(
  "string with maxLength and regex",
  string({ maxLength: 3, regex: /^[a-z]+$/ }),
  [["abc", "abc"]],
  [["abcd", "expected at most 3 characters"], ["AB", "expected a value matching /^[a-z]+$/"]],
);

table(
  "list",
  list(),
  [
    ["a,b,c", ["a", "b", "c"]],
    [" a , b ,c ", ["a", "b", "c"]],
    ["a,b,", ["a", "b"]],
    ["a,,b", ["a", "", "b"]],
    ["", []],
    ["  ", []],
    [",", []],
    ["single", ["single"]],
    [`"a",'b'`, [`"a"`, "'b'"]],
    [["x", "y"], ["x", "y"]],
  ],
  [],
);

table(
  "list of quoted strings",
  list(string({ quotes: true })),
  [[`"a", 'b', c`, ["a", "b", "c"]], [`"x,y", z`, ["x,y", "z"]]],
  [],
);

table(
  "list with item choices",
  list(string({ choices: ["StaticJSON", "DynamicJSON"] })),
  [["StaticJSON, DynamicJSON", ["StaticJSON", "DynamicJSON"]], ["", []]],
  [["StaticJSON,Bogus", 'list item "Bogus": expected one of: StaticJSON, DynamicJSON']],
);

table(
  "list of integers",
  list(integer({ min: 0 })),
  [["1, 2,3", [1, 2, 3]]],
  [["1,x", 'list item "x": expected an integer greater than or equal to 0']],
);

table(
  "list with bounds",
  list(string(), { bounds: true }),
  [["[a, b]", ["a", "b"]], ["[]", []]],
  [["a, b", 'expected a list inside "[" and "]"']],
);

const PAIRS = 'expected key:value pairs separated by ","';
table(
  "dict",
  dict(),
  [
    ["k1:v1,k2:v2", { k1: "v1", k2: "v2" }],
    [" k1 : v1 , k2:v2 ", { k1: "v1", k2: "v2" }],
    ["url:http://h:80", { url: "http://h:80" }],
    ["k:", { k: "" }],
    ["", {}],
    [{ a: "b" }, { a: "b" }],
  ],
  [
    ["novalue", PAIRS],
    ["a:1,b", PAIRS],
    [":v", `${PAIRS} (found an empty key)`],
    ["a:1,a:2", `${PAIRS} (key "a" repeats)`],
  ],
);

table(
  "dict of integers with another separator",
  dict(integer(), { separator: "=" }),
  [["a=1, b=2", { a: 1, b: 2 }]],
  [["a=x", "expected an integer"], ["a:1", 'expected key=value pairs separated by ","']],
);

table(
  "ipAddress",
  ipAddress(),
  [["10.0.0.1", "10.0.0.1"], ["::1", "::1"], ["fe80::1:2", "fe80::1:2"]],
  [
    ["10.0.0.256", "expected an IP address"],
    ["10.0.0", "expected an IP address"],
    ["01.2.3.4", "expected an IP address"],
    ["host", "expected an IP address"],
    ["", "expected an IP address"],
  ],
);

table(
  "ipAddress v4 only",
  ipAddress({ version: 4 }),
  [["192.0.2.1", "192.0.2.1"]],
  [["::1", "expected an IPv4 address"]],
);

const HOST = "expected a valid host name or IP address";
table(
  "hostAddress",
  hostAddress(),
  [
    ["compute-1", "compute-1"],
    ["api.example.com.", "api.example.com"],
    ["192.0.2.7", "192.0.2.7"],
    ["2001:db8::7", "2001:db8::7"],
  ],
  [
    ["-bad", HOST],
    ["bad-", HOST],
    ["under_score", HOST],
    ["1.2.3.999", HOST],
    ["", HOST],
    ["a".repeat(64), HOST],
  ],
);

table(
  "hostDomain",
  hostDomain(),
  [["under_score.example", "under_score.example"], ["node1", "node1"]],
  [["has space", HOST]],
);

table(
  "uri",
  uri(),
  [["http://keystone:5000/v3", "http://keystone:5000/v3"], [
    "mysql+pymysql://u:p@db/nova",
    "mysql+pymysql://u:p@db/nova",
  ]],
  [["keystone:5000", "expected a URI with a scheme and a host"], [
    "http://",
    "expected a URI with a scheme and a host",
  ]],
);

table(
  "uri with schemes",
  uri({ schemes: ["https"] }),
  [["https://x", "https://x"]],
  [["http://x", "expected a URI with scheme one of: https"]],
);

Deno.test("render gives the text Python would substitute", () => {
  assert.deepEqual(boolean().render(true), "True");
  assert.deepEqual(boolean().render(false), "False");
  assert.deepEqual(integer().render(8774), "8774");
  assert.deepEqual(float().render(1), "1.0");
  assert.deepEqual(float().render(0.25), "0.25");
  assert.deepEqual(list().render(["a", "b"]), "['a', 'b']");
  assert.deepEqual(dict().render({ k: "v" }), "{'k': 'v'}");
  assert.deepEqual(string().render("x"), "x");
});
