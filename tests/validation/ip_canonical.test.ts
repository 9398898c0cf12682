import assert from "node:assert/strict";
import { canonicalIPv6 } from "../../lib/validation/formats/ip.ts";

Deno.test("canonicalIPv6 writes an address as Nova shows it (RFC 5952)", () => {
  // Tempest's accessIPv6 round trip: an embedded IPv4 tail and leading zero groups.
  assert.equal(canonicalIPv6("0000:0000:0000:0000:0000:babe:220.12.22.2"), "::babe:dc0c:1602");
  assert.equal(canonicalIPv6("2001:DB8:0:0:1:0:0:1"), "2001:db8::1:0:0:1");
  assert.equal(canonicalIPv6("2001:db8:0:1:1:1:1:1"), "2001:db8:0:1:1:1:1:1");
  assert.equal(canonicalIPv6("0:0:0:0:0:0:0:0"), "::");
  assert.equal(canonicalIPv6("0:0:0:0:0:0:0:1"), "::1");
  assert.equal(canonicalIPv6("fe80:0:0:0:0:0:0:0"), "fe80::");
  assert.equal(canonicalIPv6("1:0:0:2:0:0:0:3"), "1:0:0:2::3");
  assert.equal(canonicalIPv6("not an address"), "not an address");
});
