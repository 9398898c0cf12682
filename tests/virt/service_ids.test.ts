import assert from "node:assert/strict";
import { computeNodeUuid, nameUuid, serviceUuid } from "../../lib/virt/service_ids.ts";
import { isUuidLike } from "../../lib/validation/formats/uuid.ts";

Deno.test("derived uuids are version 5, stable, and differ per name", async () => {
  const a = await serviceUuid("nova-compute", "compute-1");
  assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.ok(isUuidLike(a));
  assert.equal(await serviceUuid("nova-compute", "compute-1"), a);
  assert.notEqual(await serviceUuid("nova-compute", "compute-2"), a);
  assert.notEqual(await serviceUuid("nova-scheduler", "compute-1"), a);
  assert.notEqual(await computeNodeUuid("compute-1"), a);
  assert.equal(await nameUuid("service:nova-compute:compute-1"), a);
});
