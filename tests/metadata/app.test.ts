/** The metadata app with look-ups plugged in: what an identified instance reaches. */
import assert from "node:assert/strict";
import { metadataApp, normpath } from "../../lib/metadata/app.ts";
import { proxySignature } from "../../lib/metadata/identify.ts";
import { environ } from "../../lib/http/environ.ts";

const TODAY = () => new Date("2024-01-01T00:00:00Z");

function from(address: string, path: string, headers: HeadersInit = {}): Request {
  const request = new Request(`http://169.254.169.254${path}`, { headers });
  environ(request).remoteAddr = address;
  return request;
}

Deno.test("normpath: Python's posixpath.normpath", () => {
  const cases: [string, string][] = [
    ["", "."],
    ["/", "/"],
    ["//", "//"],
    ["///", "/"],
    ["/openstack/..", "/"],
    ["/..", "/"],
    ["/a/./b/", "/a/b"],
    ["a/../..", ".."],
    ["//a//b", "//a/b"],
  ];
  for (const [path, expected] of cases) assert.equal(normpath(path), expected, path);
});

Deno.test("metadata app: an instance found by address reaches the listing", async () => {
  const seen: string[] = [];
  const app = metadataApp({
    now: TODAY,
    lookupByAddress: (address) => {
      seen.push(address);
      return Promise.resolve(address === "10.0.0.5" ? { projectId: "p" } : null);
    },
  });
  const res = await app(from("10.0.0.5", "/openstack"));
  assert.equal(res.status, 200);
  assert.equal((await res.text()).split("\n").at(-1), "latest");
  assert.equal((await app(from("10.0.0.6", "/openstack"))).status, 404);
  assert.equal((await app(from("10.0.0.5", "/openstack/nothing"))).status, 404);
  assert.deepEqual(seen, ["10.0.0.5", "10.0.0.6", "10.0.0.5"]);
});

Deno.test("metadata app: through the proxy, the instance's project must be the one named", async () => {
  const asked: [string, string | null][] = [];
  const app = metadataApp({
    now: TODAY,
    serviceMetadataProxy: true,
    sharedSecret: "k",
    lookupById: (id, address) => {
      asked.push([id, address]);
      return Promise.resolve({ projectId: "p" });
    },
  });
  const headers = (tenant: string) => ({
    "x-instance-id": "i-1",
    "x-tenant-id": tenant,
    "x-instance-id-signature": proxySignature("k", "i-1"),
    "x-forwarded-for": "10.0.0.5",
  });
  assert.equal((await app(from("192.0.2.1", "/openstack", headers("p")))).status, 200);
  assert.equal((await app(from("192.0.2.1", "/openstack", headers("q")))).status, 404);
  assert.deepEqual(asked, [["i-1", "10.0.0.5"], ["i-1", "10.0.0.5"]]);
});

Deno.test("metadata app: a failing look-up is Nova's 500, an unknown peer address too", async () => {
  const logs: string[] = [];
  const app = metadataApp({
    log: (line) => logs.push(line),
    lookupByAddress: () => Promise.reject(new Error("store down")),
  });
  const res = await app(from("10.0.0.5", "/openstack"));
  assert.equal(res.status, 500);
  assert.equal(
    await res.text(),
    "500 Internal Server Error\n\nAn unknown error has occurred. Please try your request again.\n\n   ",
  );
  assert.match(logs[0], /^ERROR Failed to get metadata for IP 10\.0\.0\.5: Error: store down/);
  assert.equal((await metadataApp()(from("", "/openstack"))).status, 500);
});

Deno.test("proxySignature: hex HMAC-SHA256 of the id keyed with the secret", () => {
  // RFC 4231 test case 2.
  assert.equal(
    proxySignature("Jefe", "what do ya want for nothing?"),
    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
  );
});
