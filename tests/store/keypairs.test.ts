import assert from "node:assert/strict";
import { insertKeypair, KeypairMarkerNotFound, listKeypairs } from "../../lib/store/keypairs.ts";
import { transact } from "../../lib/store/transaction.ts";

async function withKeypairs(names: string[], body: (kv: Deno.Kv) => Promise<void>) {
  const kv = await Deno.openKv(":memory:");
  try {
    for (const name of names) {
      await transact(
        kv,
        (tx) =>
          insertKeypair(tx, { name, userId: "u", type: "ssh", publicKey: "k", fingerprint: "f" }),
      );
    }
    await body(kv);
  } finally {
    kv.close();
  }
}

const names = async (kv: Deno.Kv, marker?: string) =>
  (await listKeypairs(kv, "u", { marker })).map((k) => k.name);

Deno.test("listKeypairs lists in name order and starts after the marker", async () => {
  await withKeypairs(["b", "a", "c d", "a b"], async (kv) => {
    assert.deepEqual(await names(kv), ["a", "a b", "b", "c d"]);
    assert.deepEqual(await names(kv, "a"), ["a b", "b", "c d"]);
    assert.deepEqual(await names(kv, "c d"), []);
    await assert.rejects(names(kv, "zz"), KeypairMarkerNotFound);
  });
});

// Bug (latent): names over 256 bytes are stored under their sha256 part (keys.ts), so
// listKeypairs sorts them by hash, not by name, and a marker over 256 bytes starts the listing at
// the raw name (`[...prefix, marker + "\0"]`) instead of at its stored key, which skips the wrong
// entries. The API in this port only accepts ASCII names of at most 255 characters, so it cannot
// happen through it today (Nova's legacy /v2 schema would allow 255 multi-byte characters).
Deno.test({
  name: "listKeypairs keeps name order and markers for names over 256 bytes",
  ignore: true,
  fn: async () => {
    const long = "€".repeat(100); // 300 bytes
    await withKeypairs(["a", long, "zz"], async (kv) => {
      assert.deepEqual(await names(kv), ["a", "zz", long]);
      assert.deepEqual(await names(kv, "zz"), [long]);
      assert.deepEqual(await names(kv, long), []);
      assert.deepEqual(await names(kv, "a"), ["zz", long]);
    });
  },
});
