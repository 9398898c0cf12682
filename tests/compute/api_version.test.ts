/**
 * Unit tests of the microversion value type and of negotiation from request headers, against the
 * rules of Nova's `APIVersionRequest` and microversion-parse's `get_version`.
 */
import assert from "node:assert/strict";
import {
  API_VERSION_HEADER,
  ApiVersion,
  LEGACY_API_VERSION_HEADER,
  MAX_API_VERSION,
  MIN_API_VERSION,
  negotiateVersion,
  SERVED_RANGE,
  versionHeaders,
} from "../../lib/compute/api_version.ts";
import { NovaFault } from "../../lib/http/fault.ts";

const invalid = (text: string) =>
  `API Version String ${text} is of invalid format. Must be of format MajorNum.MinorNum.`;

function assertFault(fn: () => unknown, status: number, message: string): NovaFault {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof NovaFault, `expected a NovaFault, got ${caught}`);
  assert.equal(caught.status, status);
  assert.equal(caught.message, message);
  return caught;
}

Deno.test("the served range is 2.1 to 2.104", () => {
  assert.equal(MIN_API_VERSION, "2.1");
  assert.equal(MAX_API_VERSION, "2.104");
  assert.equal(SERVED_RANGE.min.toString(), "2.1");
  assert.equal(SERVED_RANGE.max.toString(), "2.104");
});

Deno.test("ApiVersion.parse accepts MajorNum.MinorNum without leading zeros", () => {
  for (
    const [text, major, minor] of [
      ["2.1", 2, 1],
      ["2.104", 2, 104],
      ["2.0", 2, 0],
      ["3.0", 3, 0],
      ["1.1", 1, 1],
      ["10.20", 10, 20],
      ["2.999", 2, 999],
    ] as const
  ) {
    const v = ApiVersion.parse(text);
    assert.equal(v.major, major, text);
    assert.equal(v.minor, minor, text);
    assert.equal(v.toString(), text);
  }
});

Deno.test("ApiVersion.parse refuses anything else with Nova's 400 message", () => {
  for (
    const text of [
      "",
      "2",
      "2.",
      ".1",
      "2.01",
      "02.1",
      "0.1",
      "2.00",
      "2.1.1",
      "2.latest",
      "latest",
      "abc",
      " 2.1",
      "2.1 ",
      "+2.1",
      "-2.1",
      "2.-1",
      "2.1e1",
      "2,1",
      "v2.1",
      "2.1a",
    ]
  ) {
    assertFault(() => ApiVersion.parse(text), 400, invalid(text));
  }
});

Deno.test("ApiVersion compares by major, then minor", () => {
  const v = (s: string) => ApiVersion.parse(s);
  assert.ok(v("2.1").compare("2.2") < 0);
  assert.ok(v("2.10").compare("2.9") > 0, "numeric, not lexical");
  assert.ok(v("3.0").compare("2.104") > 0);
  assert.ok(v("1.200").compare("2.0") < 0);
  assert.equal(v("2.53").compare(v("2.53")), 0);
  assert.ok(v("2.53").atLeast("2.53"));
  assert.ok(v("2.53").atLeast("2.1"));
  assert.ok(!v("2.53").atLeast("2.54"));
  assert.ok(v("2.53").atMost("2.53"));
  assert.ok(v("2.53").atMost("2.100"));
  assert.ok(!v("2.53").atMost("2.52"));
  // A bound given as text is parsed with the same rules.
  assert.throws(() => v("2.1").compare("2.01"), NovaFault);
});

Deno.test("ApiVersion.within: inclusive bounds, either may be omitted", () => {
  const v = ApiVersion.parse("2.55");
  assert.ok(v.within());
  assert.ok(v.within("2.55"));
  assert.ok(v.within(undefined, "2.55"));
  assert.ok(v.within("2.55", "2.55"));
  assert.ok(v.within("2.1", "2.104"));
  assert.ok(v.within(ApiVersion.parse("2.54"), ApiVersion.parse("2.56")));
  assert.ok(!v.within("2.56"));
  assert.ok(!v.within(undefined, "2.54"));
  assert.ok(!v.within("2.56", "2.54"), "an empty range holds nothing");
});

function negotiate(headers: Record<string, string>): string {
  return negotiateVersion(new Headers(headers)).toString();
}

Deno.test("negotiateVersion: default, standard header, legacy header, latest", () => {
  assert.equal(negotiate({}), "2.1");
  assert.equal(negotiate({ [API_VERSION_HEADER]: "compute 2.53" }), "2.53");
  assert.equal(negotiate({ [API_VERSION_HEADER]: "compute latest" }), "2.104");
  assert.equal(negotiate({ [LEGACY_API_VERSION_HEADER]: "2.20" }), "2.20");
  assert.equal(negotiate({ [LEGACY_API_VERSION_HEADER]: "latest" }), "2.104");
  assert.equal(negotiate({ [API_VERSION_HEADER]: "compute 2.1" }), "2.1");
  assert.equal(negotiate({ [API_VERSION_HEADER]: "compute 2.104" }), "2.104");
  // Header names are case-insensitive; so is the service name, not the version.
  assert.equal(negotiate({ "openstack-api-version": "COMPUTE 2.30" }), "2.30");
  assert.equal(negotiate({ "OPENSTACK-API-VERSION": "Compute  2.31" }), "2.31");
});

Deno.test("negotiateVersion: the standard header wins over the legacy one", () => {
  assert.equal(
    negotiate({ [API_VERSION_HEADER]: "compute 2.40", [LEGACY_API_VERSION_HEADER]: "2.10" }),
    "2.40",
  );
  // ...unless it names no compute version: then the legacy header counts, else the default.
  assert.equal(
    negotiate({ [API_VERSION_HEADER]: "volume 3.0", [LEGACY_API_VERSION_HEADER]: "2.10" }),
    "2.10",
  );
  assert.equal(negotiate({ [API_VERSION_HEADER]: "volume 3.0" }), "2.1");
  assert.equal(negotiate({ [API_VERSION_HEADER]: "compute" }), "2.1", "no version: skipped");
  assert.equal(negotiate({ [API_VERSION_HEADER]: "" }), "2.1");
  assert.equal(negotiate({ [API_VERSION_HEADER]: "computer 2.5" }), "2.1");
});

Deno.test("negotiateVersion: several entries, the last compute one counts (microversion-parse)", () => {
  assert.equal(negotiate({ [API_VERSION_HEADER]: "volume 3.5, compute 2.60" }), "2.60");
  assert.equal(negotiate({ [API_VERSION_HEADER]: "compute 2.60,volume 3.5" }), "2.60");
  assert.equal(negotiate({ [API_VERSION_HEADER]: "compute 2.5, compute 2.10" }), "2.10");
  assert.equal(negotiate({ [API_VERSION_HEADER]: "compute 2.5, compute" }), "2.5");
  assert.equal(negotiate({ [API_VERSION_HEADER]: "compute 2.5,, image 2.0" }), "2.5");
  // Two header lines are joined by a comma, as a WSGI server does.
  const headers = new Headers();
  headers.append(API_VERSION_HEADER, "compute 2.7");
  headers.append(API_VERSION_HEADER, "compute 2.9");
  assert.equal(negotiateVersion(headers).toString(), "2.9");
  // The legacy header: its last comma-separated value.
  assert.equal(negotiate({ [LEGACY_API_VERSION_HEADER]: "2.5, 2.12" }), "2.12");
  assert.equal(negotiate({ [LEGACY_API_VERSION_HEADER]: " 2.13 " }), "2.13");
});

Deno.test("negotiateVersion: a malformed version is a 400 naming it", () => {
  for (const bad of ["2.latest", "abc", "2.01", "2", "LATEST", "Latest", "2.5 extra"]) {
    const fault = assertFault(
      () => negotiateVersion(new Headers({ [API_VERSION_HEADER]: `compute ${bad}` })),
      400,
      invalid(bad),
    );
    assert.deepEqual(fault.headers, {}, "no version to echo");
  }
  assertFault(
    () => negotiateVersion(new Headers({ [LEGACY_API_VERSION_HEADER]: "2.x" })),
    400,
    invalid("2.x"),
  );
  // An empty legacy value is a version string too (an empty one).
  assertFault(
    () => negotiateVersion(new Headers({ [LEGACY_API_VERSION_HEADER]: "2.1," })),
    400,
    invalid(""),
  );
});

Deno.test("negotiateVersion: outside 2.1..2.104 is a 406 echoing the requested version", () => {
  for (const text of ["2.999", "3.0", "1.1", "2.0", "2.105", "1.0", "99.99"]) {
    const fault = assertFault(
      () => negotiateVersion(new Headers({ [API_VERSION_HEADER]: `compute ${text}` })),
      406,
      `Version ${text} is not supported by the API. Minimum is 2.1 and maximum is 2.104.`,
    );
    // The two version headers only: faultwrap adds Vary, once.
    assert.deepEqual(fault.headers, {
      [API_VERSION_HEADER]: `compute ${text}`,
      [LEGACY_API_VERSION_HEADER]: text,
    });
  }
  // Python ints are exact; the message repeats the digits as sent, not a rounded double.
  const huge = "2.123456789012345678901234567890";
  assertFault(
    () => negotiateVersion(new Headers({ [LEGACY_API_VERSION_HEADER]: huge })),
    406,
    `Version ${huge} is not supported by the API. Minimum is 2.1 and maximum is 2.104.`,
  );
});

Deno.test("versionHeaders: both version headers and a Vary naming them", () => {
  assert.deepEqual(versionHeaders(ApiVersion.parse("2.79")), {
    "OpenStack-API-Version": "compute 2.79",
    "X-OpenStack-Nova-API-Version": "2.79",
    "Vary": "OpenStack-API-Version, X-OpenStack-Nova-API-Version",
  });
});
