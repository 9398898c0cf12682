import assert from "node:assert/strict";
import { novaTimestamp, novaTimestampOrNull, parseIsoTime } from "../../lib/compute/timestamps.ts";

Deno.test("novaTimestamp: six fractional digits always, no zone, as oslo's JSON writes datetimes", () => {
  assert.equal(novaTimestamp("2024-05-01T12:00:04.000Z"), "2024-05-01T12:00:04.000000");
  assert.equal(novaTimestamp("2024-05-01T12:00:04Z"), "2024-05-01T12:00:04.000000");
  assert.equal(novaTimestamp("2013-09-23T13:37:00.880302Z"), "2013-09-23T13:37:00.880302");
  assert.equal(novaTimestamp("2024-05-01T14:00:04.5+02:00"), "2024-05-01T12:00:04.500000");
  assert.equal(novaTimestampOrNull(null), null);
});

Deno.test("parseIsoTime reads oslo's ISO 8601 forms as UTC ms, and refuses the rest", () => {
  assert.equal(parseIsoTime("2026-01-02T03:04:05Z"), Date.UTC(2026, 0, 2, 3, 4, 5));
  assert.equal(parseIsoTime("2026-01-02T03:04:05"), Date.UTC(2026, 0, 2, 3, 4, 5));
  assert.equal(parseIsoTime("2026-01-02 03:04:05.25+01:00"), Date.UTC(2026, 0, 2, 2, 4, 5, 250));
  assert.equal(parseIsoTime("2026-01-02"), Date.UTC(2026, 0, 2));
  assert.equal(parseIsoTime("yesterday"), null);
});
