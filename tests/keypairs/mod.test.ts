import assert from "node:assert/strict";
import { DomainError } from "../../lib/errors/mod.ts";
import {
  deleteKeypair,
  getKeypair,
  importKeypair,
  type KeypairActor,
  type KeypairDeps,
  KeyPairExists,
  KeypairNotFound,
  listKeypairs,
  MarkerNotFound,
} from "../../lib/keypairs/mod.ts";
import { OverQuota } from "../../lib/quota/mod.ts";
import { readKeypairCount } from "../../lib/store/quotas.ts";
import { kvReader } from "../../lib/store/quotas.ts";
import { withQuota } from "../support/quota.ts";
import { ED25519_KEY, RSA_KEY } from "../compute/keypairs/fixtures.ts";

const ME: KeypairActor = { projectId: "p", userId: "u", ownerId: "u" };

function withDeps(quota: Record<string, unknown>, body: (deps: KeypairDeps) => Promise<void>) {
  return withQuota({ quota }, (kv, quotas) => body({ kv, quotas }));
}

Deno.test("keypair domain errors carry their kind and Nova's message", async () => {
  await withDeps({}, async (deps) => {
    await importKeypair(deps, ME, "a", RSA_KEY, "ssh");
    const dup = await importKeypair(deps, ME, "a", ED25519_KEY, "ssh").catch((e) => e);
    assert.ok(dup instanceof KeyPairExists);
    assert.equal(dup.kind, "conflict");
    assert.equal(dup.message, "Key pair 'a' already exists.");

    const missing = await getKeypair(deps.kv, "u", "nope").catch((e) => e);
    assert.ok(missing instanceof KeypairNotFound);
    assert.equal(missing.kind, "not-found");
    assert.equal(missing.message, "Keypair nope not found for user u");

    const bad = await importKeypair(deps, ME, "b", "ssh-rsa not-base64!", "ssh").catch((e) => e);
    assert.ok(bad instanceof DomainError);
    assert.equal(bad.kind, "invalid");
    assert.match(bad.message, /^Keypair data is invalid: /);

    const marker = await listKeypairs(deps.kv, "u", { marker: "zz" }).catch((e) => e);
    assert.ok(marker instanceof MarkerNotFound);
    assert.equal(marker.kind, "invalid");
    assert.equal(marker.message, "Marker zz could not be found.");

    const gone = await deleteKeypair(deps, ME, "zz").catch((e) => e);
    assert.ok(gone instanceof KeypairNotFound);
    // Nothing of the failed attempts was counted.
    assert.equal(await readKeypairCount(kvReader(deps.kv), "u"), 1);
  });
});

Deno.test("listKeypairs pages after an existing marker in name order", async () => {
  await withDeps({}, async (deps) => {
    for (const name of ["c", "a", "b", "d"]) await importKeypair(deps, ME, name, RSA_KEY, "ssh");
    const page = await listKeypairs(deps.kv, "u", { marker: "a", limit: 2 });
    assert.deepEqual(page.map((k) => k.name), ["b", "c"]);
    assert.deepEqual((await listKeypairs(deps.kv, "u")).map((k) => k.name), ["a", "b", "c", "d"]);
  });
});

Deno.test("an admin's import for another user counts the owner's keypairs", async () => {
  await withDeps({ key_pairs: 1 }, async (deps) => {
    const admin: KeypairActor = { projectId: "p", userId: "admin", ownerId: "u" };
    await importKeypair(deps, admin, "a", RSA_KEY, "ssh");
    assert.equal(await readKeypairCount(kvReader(deps.kv), "u"), 1);
    assert.equal(await readKeypairCount(kvReader(deps.kv), "admin"), 0);
    const over = await importKeypair(deps, admin, "b", RSA_KEY, "ssh").catch((e) => e);
    assert.ok(over instanceof OverQuota);
    await deleteKeypair(deps, admin, "a");
    assert.equal(await readKeypairCount(kvReader(deps.kv), "u"), 0);
  });
});

Deno.test("concurrent keypair imports at key_pairs=3: exactly 3 succeed, 3 counted", async () => {
  await withDeps({ key_pairs: 3 }, async (deps) => {
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => importKeypair(deps, ME, `k${i}`, RSA_KEY, "ssh")),
    );
    const ok = results.filter((r) => r.status === "fulfilled").length;
    const over = results.filter((r) => r.status === "rejected" && r.reason instanceof OverQuota);
    assert.equal(ok, 3);
    assert.equal(over.length, 7);
    assert.equal(over[0].status === "rejected" && over[0].reason.kind, "over-quota");
    assert.equal((await listKeypairs(deps.kv, "u")).length, 3);
    assert.equal(await readKeypairCount(kvReader(deps.kv), "u"), 3);
  });
});
