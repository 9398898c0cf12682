import assert from "node:assert/strict";
import { novaTimestamp, novaTimestampOrNull } from "../../lib/compute/timestamps.ts";

Deno.test("novaTimestamp: six fractional digits always, no zone, as oslo's JSON writes datetimes", () => {
  assert.equal(novaTimestamp("2024-05-01T12:00:04.000Z"), "2024-05-01T12:00:04.000000");
  assert.equal(novaTimestamp("2024-05-01T12:00:04Z"), "2024-05-01T12:00:04.000000");
  assert.equal(novaTimestamp("2013-09-23T13:37:00.880302Z"), "2013-09-23T13:37:00.880302");
  assert.equal(novaTimestamp("2024-05-01T14:00:04.5+02:00"), "2024-05-01T12:00:04.500000");
  assert.equal(novaTimestampOrNull(null), null);
});
