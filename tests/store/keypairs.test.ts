import assert from "node:assert/strict";
import { insertKeypair, listKeypairs } from "../../lib/store/keypairs.ts";
import { transact } from "../../lib/store/transaction.ts";
import { withKv } from "../support/kv.ts";

function withKeypairs(names: string[], body: (kv: Deno.Kv) => Promise<void>) {
  return withKv(async (kv) => {
    for (const name of names) {
      await transact(
        kv,
        (tx) =>
          insertKeypair(tx, { name, userId: "u", type: "ssh", publicKey: "k", fingerprint: "f" }),
      );
    }
    await body(kv);
  });
}

const names = async (kv: Deno.Kv, after?: string) =>
  (await listKeypairs(kv, "u", { after })).map((k) => k.name);

Deno.test("listKeypairs lists in name order and starts after the marker", async () => {
  await withKeypairs(["b", "a", "c d", "a b"], async (kv) => {
    assert.deepEqual(await names(kv), ["a", "a b", "b", "c d"]);
    assert.deepEqual(await names(kv, "a"), ["a b", "b", "c d"]);
    assert.deepEqual(await names(kv, "c d"), []);
    // The store does not judge markers (the keypair domain does): after "zz" there is nothing.
    assert.deepEqual(await names(kv, "zz"), []);
  });
});
