import assert from "node:assert/strict";
import { configFromValues } from "../../../lib/config/mod.ts";
import { identityOptions } from "../../../lib/identity/embedded/mod.ts";
import { DeferredPasswordHash, verifyPassword } from "../../../lib/identity/embedded/password.ts";

Deno.test("plain-text configured passwords are hashed on first use, not at start-up", async () => {
  const options = await identityOptions(configFromValues({
    identity: { users: ["a:secret:p:member"], signing_key_file: "" },
  }));
  const stored = options.directory.users[0].password;
  assert.ok(stored instanceof DeferredPasswordHash, "no PBKDF2 before the first login");
  assert.equal(await verifyPassword("secret", stored), true);
  assert.equal(await verifyPassword("wrong", stored), false);
  assert.equal(await stored.get(), await stored.get(), "made once, then kept");
});

Deno.test("a deferred hash uses its rounds and a fresh salt", async () => {
  const deferred = new DeferredPasswordHash("pw", 1000);
  const made = await deferred.get();
  assert.equal(made.rounds, 1000);
  assert.equal(made.salt.length, 16);
  assert.equal(await verifyPassword("pw", made), true);
});
