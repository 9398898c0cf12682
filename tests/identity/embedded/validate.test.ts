import assert from "node:assert/strict";
import { toBase64Url } from "../../../lib/identity/embedded/encoding.ts";
import { buildIdentityOptions } from "../../../lib/identity/embedded/mod.ts";
import { call, startIdentity, tokenFor, UNAUTHORIZED, USERS } from "./_serve.ts";

Deno.test("GET and HEAD validate a subject token; DELETE revokes it", async () => {
  const server = await startIdentity();
  try {
    const admin = await tokenFor(server, "admin", "secret", "admin");
    const demo = await tokenFor(server, "demo", "demo-pw", "demo");
    const url = `${server.identity}/v3/auth/tokens`;

    const shown = await call(url, "GET", admin, demo);
    assert.equal(shown.status, 200);
    assert.equal(shown.headers.get("x-subject-token"), demo);
    assert.equal(shown.body.token.user.name, "demo");
    assert.equal(shown.body.token.project.name, "demo");
    assert.ok(shown.body.token.catalog);

    const bare = await call(`${url}?nocatalog`, "GET", admin, demo);
    assert.equal(bare.body.token.catalog, undefined);

    const head = await call(url, "HEAD", admin, demo);
    assert.equal(head.status, 200);
    assert.equal(head.body, null);

    // Users may validate their own tokens.
    assert.equal((await call(url, "GET", demo, demo)).status, 200);

    const deleted = await call(url, "DELETE", admin, demo);
    assert.equal(deleted.status, 204);

    // Revoked: 404 as a subject, 401 as credentials.
    const again = await call(url, "GET", admin, demo);
    assert.equal(again.status, 404);
    assert.equal(again.body.error.code, 404);
    assert.equal((await call(url, "HEAD", admin, demo)).status, 404);
    const used = await call(`${server.identity}/v3/auth/projects`, "GET", demo);
    assert.equal(used.status, 401);
    assert.deepEqual(used.body, UNAUTHORIZED);

    // Other tokens of the same user are untouched.
    const fresh = await tokenFor(server, "demo", "demo-pw", "demo");
    assert.equal((await call(url, "GET", admin, fresh)).status, 200);
  } finally {
    await server.close();
  }
});

Deno.test("validation needs a valid X-Auth-Token and the right to see the subject", async () => {
  const server = await startIdentity();
  try {
    const admin = await tokenFor(server, "admin", "secret", "admin");
    const demo = await tokenFor(server, "demo", "demo-pw", "demo");
    const nova = await tokenFor(server, "nova", "nova-pw", "service");
    const url = `${server.identity}/v3/auth/tokens`;

    const none = await call(url, "GET", null, demo);
    assert.equal(none.status, 401);
    assert.deepEqual(none.body, UNAUTHORIZED);
    assert.equal(none.headers.get("www-authenticate"), `Keystone uri="${server.identity}/v3"`);
    assert.equal((await call(url, "GET", "garbage", demo)).status, 401);

    const nosy = await call(url, "GET", demo, admin);
    assert.equal(nosy.status, 403);
    assert.equal(nosy.body.error.title, "Forbidden");

    // A service user (keystonemiddleware's) may validate anyone's token.
    assert.equal((await call(url, "GET", nova, demo)).status, 200);

    // No subject token at all.
    assert.equal((await call(url, "GET", admin)).status, 404);
  } finally {
    await server.close();
  }
});

Deno.test("expired tokens are refused; allow_expired accepts them for 48 hours", async () => {
  const server = await startIdentity({ tokenExpiration: 60 });
  try {
    const admin = await tokenFor(server, "admin", "secret", "admin");
    const url = `${server.identity}/v3/auth/tokens`;
    server.advance(61_000);

    assert.equal((await call(`${server.identity}/v3/users`, "GET", admin)).status, 401);

    const later = await tokenFor(server, "nova", "nova-pw", "service");
    const expired = await call(url, "GET", later, admin);
    assert.equal(expired.status, 404);
    assert.equal(expired.body.error.message, "Failed to validate token");

    const allowed = await call(`${url}?allow_expired=1`, "GET", later, admin);
    assert.equal(allowed.status, 200);
    assert.equal(allowed.body.token.user.name, "admin");

    server.advance(48 * 3600 * 1000);
    const fresher = await tokenFor(server, "nova", "nova-pw", "service");
    assert.equal((await call(`${url}?allow_expired=1`, "GET", fresher, admin)).status, 404);
  } finally {
    await server.close();
  }
});

Deno.test("forged, altered and foreign tokens are refused", async () => {
  const server = await startIdentity();
  const other = await startIdentity();
  try {
    const admin = await tokenFor(server, "admin", "secret", "admin");
    const demo = await tokenFor(server, "demo", "demo-pw", "demo");
    const url = `${server.identity}/v3/auth/tokens`;
    const [body, signature] = demo.split(".");

    // Claim admin's project and roles with demo's signature.
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.fromBase64(body, {
      alphabet: "base64url",
    })));
    claims.r = ["admin"];
    claims.p = server.options.directory.projects.find((p) => p.name === "admin")!.id;
    const altered = `${toBase64Url(new TextEncoder().encode(JSON.stringify(claims)))}.${signature}`;
    // Same payload, signature flipped in one bit.
    const flipped = signature[0] === "A" ? "B" + signature.slice(1) : "A" + signature.slice(1);
    // A token of another service with the same users but a different key.
    const foreign = await tokenFor(other, "demo", "demo-pw", "demo");

    for (const forged of [altered, `${body}.${flipped}`, `${body}.`, body, foreign, "a.b.c"]) {
      const asSubject = await call(url, "GET", admin, forged);
      assert.equal(asSubject.status, 404, forged);
      assert.equal(asSubject.body.error.title, "Not Found");
      const asCredentials = await call(`${server.identity}/v3/auth/projects`, "GET", forged);
      assert.equal(asCredentials.status, 401);
    }
  } finally {
    await server.close();
    await other.close();
  }
});

Deno.test("revocations and the signing key survive a restart", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const settings = { users: USERS, signingKeyFile: `${dir}/state/signing.key` };
    const first = await startIdentity({}, await buildIdentityOptions(settings));
    let kept: string;
    let revoked: string;
    let admin: string;
    try {
      admin = await tokenFor(first, "admin", "secret", "admin");
      kept = await tokenFor(first, "demo", "demo-pw", "demo");
      revoked = await tokenFor(first, "demo", "demo-pw", "demo");
      const url = `${first.identity}/v3/auth/tokens`;
      assert.equal((await call(url, "DELETE", admin, revoked)).status, 204);
    } finally {
      await first.close();
    }
    const mode = (await Deno.stat(`${dir}/state/signing.key`)).mode! & 0o777;
    assert.equal(mode, 0o600);
    assert.equal((await Deno.stat(`${dir}/state/signing.key.revoked`)).mode! & 0o777, 0o600);

    const second = await startIdentity({}, await buildIdentityOptions(settings));
    try {
      const url = `${second.identity}/v3/auth/tokens`;
      assert.equal((await call(url, "GET", admin, kept)).status, 200);
      assert.equal((await call(url, "GET", admin, revoked)).status, 404);
    } finally {
      await second.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
