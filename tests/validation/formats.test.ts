/**
 * Format checks. Each row is `[value, conforms]`; the booleans are what
 * Nova's FormatChecker (with its real dependencies: iso8601, rfc3986,
 * netaddr, oslo.utils) answers for the same value.
 */

import { equal } from "node:assert/strict";
import { FORMAT_CHECKERS } from "../../lib/validation/formats/mod.ts";

const NOVA: Record<string, [string, boolean][]> = {
  "uuid": [
    ["70a599e0-31e7-49b7-b260-868f441e862b", true],
    ["70a599e031e749b7b260868f441e862b", true],
    ["70A599E0-31E7-49B7-B260-868F441E862B", true],
    ["{70a599e0-31e7-49b7-b260-868f441e862b}", true],
    ["urn:uuid:70a599e0-31e7-49b7-b260-868f441e862b", true],
    ["70a599e0-31e749b7-b260-868f441e862b", true],
    ["70a599e031e749b7b260868f441e862", false],
    ["70a599e0-31e7-49b7-b260-868f441e862bb", false],
    ["g0a599e0-31e7-49b7-b260-868f441e862b", false],
    [" 70a599e031e749b7b260868f441e862b", false],
    ["", false],
    ["abc", false],
    ["1", false],
    ["+0a599e031e749b7b260868f441e862b", false],
  ],
  "date-time": [
    ["2014-01-14T01:00:00Z", true],
    ["2014-13-14T01:00:00Z", false],
    ["2014", true],
    ["2014-1", true],
    ["2014-1-5", true],
    ["201401", false],
    ["20140114", true],
    ["20140114T0100", true],
    ["2014-01-14 01:00", true],
    ["2014-01-14T01", true],
    ["2014-01-14T01:00:5", true],
    ["2014-01-14T01:00:00.123456789Z", true],
    ["2014-01-14T01:00:00,5+05:30", true],
    ["2014-01-14T01:00:00-0800", true],
    ["2014-01-14T01:00:00+05", true],
    ["2016-02-29T00:00:00Z", true],
    ["2015-02-29T00:00:00Z", false],
    ["2014-04-31", false],
    ["2014-01-14T24:00:00Z", false],
    ["2014-01-14T23:60:00Z", false],
    ["2014-01-14T23:59:60Z", false],
    ["2014-01-14T01:00:00+23:59", true],
    ["2014-01-14T01:00:00+24:00", false],
    ["0000-01-01", false],
    ["2014-01-14T01:00:00Z\n", true],
    ["bar", false],
    ["1", false],
    ["", false],
    ["2014-01-14t01:00:00z", false],
    ["2014-01-14T01:00:00 Z", false],
  ],
  "uri": [
    ["http://localhost:8774/v2.1/servers", true],
    ["http://[::1]:8774/v2.1/servers", true],
    ["http://localhost:8774/v2.1/servers##", false],
    ["http://[fdf8:01]:8774/v2.1/servers", false],
    ["1", false],
    ["abc", false],
    ["", false],
    ["http://", false],
    ["http:///x", false],
    ["https://user:pw@example.com:443/a/b?c=d#e", true],
    ["ftp://999.1.1.1/", false],
    ["http://1.2.3.4/", true],
    ["http://ex ample.com/", false],
    ["http://a.com/a b", true],
    ["http://a.com/[x]", false],
    ["http://a.com:99999/", true],
    ["http://[v1.x]/", true],
    ["http://[fe80::1%25eth0]/", true],
    ["http://[fe80::1%eth0]/", false],
    ["mailto:a@b", false],
    ["http://host\n", true],
    ["HTTP://EXAMPLE.COM", true],
    ["http://a.com/%zz", true],
    ["http://a.com/?q=[1]", false],
    ["http://\u00e9.com/", false],
    ["http://a.com/\u00e9", true],
    ["1http://a.com", false],
    ["http://a.com#x#y", false],
  ],
  "ipv4": [
    ["192.168.0.100", true],
    ["0.0.0.0", true],
    ["255.255.255.255", true],
    ["192.168.0.01", false],
    ["256.1.1.1", false],
    ["1.2.3", false],
    ["1.2.3.4.5", false],
    ["localhost", false],
    ["2001:db8::1", false],
    [" 1.2.3.4", false],
    ["1.2.3.4/32", false],
    ["", false],
    ["\u0661.2.3.4", false],
  ],
  "ipv6": [
    ["2001:db8::1234:0:0:9abc", true],
    ["::", true],
    ["::1", true],
    ["1::", true],
    ["1:2:3:4:5:6:7:8", true],
    ["1:2:3:4:5:6:7::", true],
    ["::2:3:4:5:6:7:8", true],
    ["1::2:3:4:5:6:7:8", false],
    ["::ffff:1.2.3.4", true],
    ["::ffff:1.2.3.04", false],
    ["1::2::3", false],
    ["fe80::1%eth0", false],
    [":1::2", false],
    ["1:2:3:4:5:6:7:8:9", false],
    ["12345::1", false],
    ["1:2:3:4:5:6:1.2.3.4", true],
    ["1:2:3:4:5:6:7:1.2.3.4", false],
    ["192.168.0.100", false],
    ["abc", false],
    ["", false],
    ["::/64", false],
  ],
  "cidr": [
    ["192.168.10.0/24", true],
    ["192.168.1.0", false],
    ["192.168.1.0 /24", false],
    ["10.0.0.0/255.0.0.0", true],
    ["10.0.0.0/0.0.0.255", true],
    ["10.0.0.0/255.0.255.0", false],
    ["10.0.0.0/33", false],
    ["10.0.0.0/+8", true],
    ["10.0.0.0/08", true],
    ["::/0", true],
    ["2001:db8::/129", false],
    ["2001:db8::/64", true],
    ["2001:db8::/ffff:ffff::", true],
    ["10.0.0.0/", false],
    ["/8", false],
    ["010.0.0.0/8", false],
    ["bar", false],
    ["", false],
    ["10/8", false],
  ],
  "base64": [
    ["aGVsbG8gd29ybGQ=", true],
    ["A random string", false],
    ["aGVsbG8", false],
    ["aGVsbG8=", true],
    ["aGVsbA==", true],
    ["aGVs bG8=", true],
    ["====", true],
    ["a===", false],
    ["ab==cd", true],
    ["abc", false],
    ["ab", false],
    ["a", false],
    ["YQ==YQ==", true],
    ["", true],
    ["-_-_", true],
    ["YQ", false],
    ["Y Q = =", true],
  ],
};

for (const [format, rows] of Object.entries(NOVA)) {
  Deno.test(`format ${format}: agrees with Nova`, () => {
    const checker = FORMAT_CHECKERS.get(format)!;
    for (const [value, conforms] of rows) {
      equal(checker.check(value), conforms, JSON.stringify(value));
    }
  });
}

Deno.test("format: non-strings pass (type checking is not format's job)", () => {
  for (const format of ["uuid", "date-time", "uri", "ipv4", "ipv6", "cidr", "base64", "regex"]) {
    for (const value of [null, 1, true, [], {}]) {
      equal(FORMAT_CHECKERS.get(format)!.check(value), true);
    }
  }
});

Deno.test("format: name formats reject non-strings and carry Nova's InvalidName detail", () => {
  const name = FORMAT_CHECKERS.get("name")!;
  equal(name.check(null), false);
  equal(name.check("ok name"), true);
  equal(
    name.detail,
    "An invalid 'name' value was provided. The name must be: printable characters. " +
      "Can not start or end with whitespace.",
  );
  equal(
    FORMAT_CHECKERS.get("az_name_with_leading_trailing_spaces")!.detail,
    "An invalid 'name' value was provided. The name must be: printable characters except :, " +
      "with at least one non space character",
  );
});

Deno.test("format: regex, email and date", () => {
  const regex = FORMAT_CHECKERS.get("regex")!;
  equal(regex.check(""), false);
  equal(regex.check("["), false);
  equal(regex.check("^web-\\d+$"), true);
  equal(FORMAT_CHECKERS.get("email")!.check("a@b"), true);
  equal(FORMAT_CHECKERS.get("email")!.check("ab"), false);
  equal(FORMAT_CHECKERS.get("date")!.check("2020-02-29"), true);
  equal(FORMAT_CHECKERS.get("date")!.check("2021-02-29"), false);
  equal(FORMAT_CHECKERS.get("date")!.check("2021-02-01T00:00"), false);
});

Deno.test("format: unknown formats are not registered", () => {
  equal(FORMAT_CHECKERS.has("mac-address"), false);
  equal(FORMAT_CHECKERS.has("hostname"), false);
});
