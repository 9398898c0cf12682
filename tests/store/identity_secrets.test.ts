import assert from "node:assert/strict";
import { StoredRevocations, storedSigningKey } from "../../lib/store/identity_secrets.ts";

Deno.test("storedSigningKey: racing makers all get the first key written", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const made = await Promise.all(Array.from({ length: 8 }, () => storedSigningKey(kv, 32)));
    for (const key of made) assert.deepEqual(key, made[0]);
    assert.equal(made[0].length, 32);
    assert.deepEqual(await storedSigningKey(kv, 32), made[0]);
  } finally {
    kv.close();
  }
});

Deno.test("StoredRevocations: an entry counts until its token would have expired", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    let now = 1_000_000;
    const list = new StoredRevocations(kv, () => now);
    assert.equal(await list.isRevoked(["a"]), false);
    await list.revoke("a", now + 5000);
    assert.equal(await list.isRevoked(["b", "a"]), true);
    assert.equal(await new StoredRevocations(kv, () => now).isRevoked(["a"]), true);
    assert.equal(await list.isRevoked([]), false);
    now += 5000;
    assert.equal(await list.isRevoked(["a"]), false);
  } finally {
    kv.close();
  }
});
