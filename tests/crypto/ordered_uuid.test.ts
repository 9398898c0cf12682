import assert from "node:assert/strict";
import { orderedUuid } from "../../lib/crypto/ordered_uuid.ts";

const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

Deno.test("ordered uuids read as uuid4s, carry the time first and differ within a millisecond", () => {
  const t = Date.parse("2026-12-05T05:00:00.000Z");
  const ids = [orderedUuid(t), orderedUuid(t), orderedUuid(t + 1), orderedUuid(t + 1000)];
  for (const id of ids) assert.match(id, UUID4);
  assert.equal(new Set(ids).size, 4);
  assert.equal(ids[0].slice(0, 13).replace("-", ""), t.toString(16).padStart(12, "0"));
  assert.ok(ids[0] < ids[2] && ids[1] < ids[2] && ids[2] < ids[3]);
  assert.ok(orderedUuid(0).startsWith("00000000-0000-4"));
});
