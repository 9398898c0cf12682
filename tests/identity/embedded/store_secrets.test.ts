import assert from "node:assert/strict";
import { configFromValues } from "../../../lib/config/mod.ts";
import { identityOptions, issueToken, validateToken } from "../../../lib/identity/embedded/mod.ts";
import { revokeToken } from "../../../lib/identity/embedded/tokens.ts";
import { keys } from "../../../lib/store/keys.ts";

const VALUES = { identity: { users: ["demo:pw:demo:member"], signing_key_file: "" } };

/** Two identity services, as two isolates or processes sharing one store would build them. */
async function twoServices(kv: Deno.Kv, deployed: boolean) {
  const store = { kv: () => Promise.resolve(kv), deployed };
  const first = await identityOptions(configFromValues(VALUES), store);
  const second = await identityOptions(configFromValues(VALUES), store);
  return { first, second };
}

function grant(options: Awaited<ReturnType<typeof identityOptions>>) {
  const user = options.directory.users[0];
  const project = options.directory.projects[0];
  return { user, project, methods: ["password"] };
}

Deno.test("on Deno Deploy the signing key and revocations live in the store", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const { first, second } = await twoServices(kv, true);
    const key = await kv.get<Uint8Array>(keys.identitySigningKey());
    assert.ok(key.value instanceof Uint8Array && key.value.length === 32);
    const token = await issueToken(first, grant(first));
    // The other service accepts it: one key, from the store.
    const seen = await validateToken(second, token.id);
    assert.equal(seen.user.id, token.user.id);
    // A revocation through one is refused by the other, and is a store entry.
    await revokeToken(first, token);
    await assert.rejects(() => validateToken(second, token.id));
    const entry = await kv.get<number>(keys.identityRevoked(token.payload.auditIds[0]));
    assert.ok(typeof entry.value === "number" && entry.value >= token.payload.expiresAt);
  } finally {
    kv.close();
  }
});

Deno.test("off Deno Deploy an empty signing_key_file still keeps a key in memory only", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const { first, second } = await twoServices(kv, false);
    assert.equal((await kv.get(keys.identitySigningKey())).value, null);
    const token = await issueToken(first, grant(first));
    await assert.rejects(() => validateToken(second, token.id));
  } finally {
    kv.close();
  }
});
