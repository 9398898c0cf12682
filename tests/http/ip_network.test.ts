import assert from "node:assert/strict";
import { networkContains, parseIpAddress, parseIpNetwork } from "../../lib/http/ip_network.ts";

Deno.test("parseIpAddress: IPv4 and IPv6 in their spellings", () => {
  assert.deepEqual(parseIpAddress("192.0.2.1"), { version: 4, value: 0xc0000201n });
  assert.deepEqual(parseIpAddress("::1"), { version: 6, value: 1n });
  assert.deepEqual(parseIpAddress("2001:db8::"), { version: 6, value: 0x20010db8n << 96n });
  assert.deepEqual(parseIpAddress("::ffff:192.0.2.1"), { version: 6, value: 0xffffc0000201n });
  for (const bad of ["", "1.2.3", "01.2.3.4", "256.1.1.1", "x", "1::2::3", "[::1]"]) {
    assert.equal(parseIpAddress(bad), null, bad);
  }
});

Deno.test("parseIpNetwork: strict, as Python's ip_network", () => {
  assert.deepEqual(parseIpNetwork("192.168.0.0/24"), {
    version: 4,
    prefix: 24,
    value: 0xc0a80000n,
  });
  assert.equal(parseIpNetwork("10.0.0.1").prefix, 32);
  assert.equal(parseIpNetwork("fd00::/8").prefix, 8);
  assert.throws(() => parseIpNetwork("192.168.0.1/24"), /host bits set/);
  assert.throws(() => parseIpNetwork("10.0.0.0/33"), /prefix length/);
  assert.throws(() => parseIpNetwork("nope/8"), /IPv4 or IPv6 network/);
});

Deno.test("networkContains: inside, outside, never across versions", () => {
  const net = parseIpNetwork("192.168.0.0/24");
  assert.ok(networkContains(net, parseIpAddress("192.168.0.77")!));
  assert.ok(!networkContains(net, parseIpAddress("192.168.1.1")!));
  assert.ok(!networkContains(net, parseIpAddress("::ffff:192.168.0.77")!));
  assert.ok(networkContains(parseIpNetwork("0.0.0.0/0"), parseIpAddress("8.8.8.8")!));
  assert.ok(networkContains(parseIpNetwork("fd00::/8"), parseIpAddress("fd12::1")!));
});
