import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { hostId, isoTime } from "../../../lib/compute/servers/views.ts";

Deno.test("isoTime cuts stored UTC times as a Date round trip does, impossible days included", () => {
  const cases = [
    "2026-12-05T00:05:46.559Z",
    "2026-01-01T00:00:00Z",
    "2024-02-28T23:59:59.999999Z",
    "2026-02-30T00:00:00Z", // rolls into March through Date
    "2026-04-31T10:00:00.5Z",
    "2026-12-31T23:59:59.000Z",
    "2026-05-01T12:00:04+02:00",
  ];
  for (const iso of cases) {
    assert.equal(isoTime(iso), new Date(iso).toISOString().replace(/\.\d+Z$/, "Z"), iso);
  }
  assert.equal(isoTime("2026-02-30T00:00:00Z"), "2026-03-02T00:00:00Z");
});

Deno.test("hostId is the SHA-224 of project and host, the same on every call", () => {
  const expected = createHash("sha224").update("p1compute-1").digest("hex");
  assert.equal(hostId("p1", "compute-1"), expected);
  assert.equal(hostId("p1", "compute-1"), expected);
  assert.notEqual(hostId("p2", "compute-1"), expected);
  assert.equal(hostId("p1", null), "");
});
