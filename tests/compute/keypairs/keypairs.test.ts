import assert from "node:assert/strict";
import { KEYPAIR_ROUTES } from "../../../lib/compute/keypairs/controller.ts";
import { type Harness, type HarnessOptions, startCompute } from "../../support/compute.ts";
import { assertMatchesSample } from "../../support/samples.ts";
import {
  ED25519_KEY,
  ED25519_KEY_MD5,
  RSA_KEY,
  RSA_KEY_MD5,
  X509_CERT,
  X509_CERT_SHA1,
} from "./fixtures.ts";

async function withHarness(
  body: (h: Harness) => Promise<void>,
  options: Partial<HarnessOptions> = {},
): Promise<void> {
  const h = await startCompute({ routes: KEYPAIR_ROUTES, ...options });
  try {
    await body(h);
  } finally {
    await h.close();
  }
}

const S = "os-keypairs";

/** Names in a list body. */
function names(body: { keypairs: { keypair: { name: string } }[] }): string[] {
  return body.keypairs.map((k) => k.keypair.name);
}

function importBody(name: string, extra: Record<string, unknown> = {}) {
  return { keypair: { name, public_key: RSA_KEY, ...extra } };
}

Deno.test("2.1: import 200, generate 200, show, list, delete 202 match the base samples", async () => {
  await withHarness(async (h) => {
    const opts = { as: "member" as const, version: "2.1" };
    const imported = await h.json("/os-keypairs", {
      ...opts,
      method: "POST",
      json: importBody("imp"),
    });
    assert.equal(imported.status, 200);
    await assertMatchesSample(imported.body, `${S}/keypairs-import-post-resp.json`);
    assert.equal(imported.body.keypair.fingerprint, RSA_KEY_MD5);
    assert.equal(imported.body.keypair.user_id, "member-user");

    const generated = await h.json("/os-keypairs", {
      ...opts,
      method: "POST",
      json: { keypair: { name: "gen" } },
    });
    assert.equal(generated.status, 200);
    await assertMatchesSample(generated.body, `${S}/keypairs-post-resp.json`);
    assert.match(generated.body.keypair.private_key, /^-----BEGIN RSA PRIVATE KEY-----\n/);
    assert.match(generated.body.keypair.public_key, /^ssh-rsa \S+ Generated-by-Nova$/);

    const shown = await h.json("/os-keypairs/imp", opts);
    assert.equal(shown.status, 200);
    await assertMatchesSample(shown.body, `${S}/keypairs-get-resp.json`);
    assert.equal(shown.body.keypair.deleted, false);
    assert.match(shown.body.keypair.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);

    const listed = await h.json("/os-keypairs", opts);
    assert.equal(listed.status, 200);
    await assertMatchesSample(listed.body, `${S}/keypairs-list-resp.json`);
    assert.deepEqual(names(listed.body), ["gen", "imp"]);

    const deleted = await h.fetch("/os-keypairs/imp", { ...opts, method: "DELETE" });
    assert.equal(deleted.status, 202);
    assert.equal(await deleted.text(), "");
  });
});

Deno.test("2.2: type appears, create answers 201, delete 204", async () => {
  await withHarness(async (h) => {
    const opts = { as: "member" as const, version: "2.2" };
    const imported = await h.json("/os-keypairs", {
      ...opts,
      method: "POST",
      json: importBody("imp", { type: "ssh" }),
    });
    assert.equal(imported.status, 201);
    await assertMatchesSample(imported.body, `${S}/v2.2/keypairs-import-post-resp.json`);
    const generated = await h.json("/os-keypairs", {
      ...opts,
      method: "POST",
      json: { keypair: { name: "gen", type: "ssh" } },
    });
    assert.equal(generated.status, 201);
    await assertMatchesSample(generated.body, `${S}/v2.2/keypairs-post-resp.json`);
    await assertMatchesSample(
      (await h.json("/os-keypairs/imp", opts)).body,
      `${S}/v2.2/keypairs-get-resp.json`,
    );
    await assertMatchesSample(
      (await h.json("/os-keypairs", opts)).body,
      `${S}/v2.2/keypairs-list-resp.json`,
    );
    const deleted = await h.fetch("/os-keypairs/imp", { ...opts, method: "DELETE" });
    assert.equal(deleted.status, 204);
    await deleted.body?.cancel();
  });
});

Deno.test("2.1 refuses type; 2.9 refuses user_id; 2.10 lets an admin act for a user", async () => {
  await withHarness(async (h) => {
    const typed = await h.json("/os-keypairs", {
      as: "member",
      version: "2.1",
      method: "POST",
      json: importBody("t", { type: "ssh" }),
    });
    assert.equal(typed.status, 400);
    assert.match(typed.body.badRequest.message, /Additional properties are not allowed/);

    const early = await h.json("/os-keypairs", {
      version: "2.9",
      method: "POST",
      json: importBody("k", { user_id: "member-user" }),
    });
    assert.equal(early.status, 400);

    const forUser = await h.json("/os-keypairs", {
      version: "2.10",
      method: "POST",
      json: importBody("k", { type: "ssh", user_id: "member-user" }),
    });
    assert.equal(forUser.status, 201);
    await assertMatchesSample(forUser.body, `${S}/v2.10/keypairs-import-post-resp.json`);
    assert.equal(forUser.body.keypair.user_id, "member-user");

    // The member sees it as their own; the admin reaches it with user_id.
    assert.equal((await h.json("/os-keypairs/k", { as: "member", version: "2.10" })).status, 200);
    assert.equal((await h.json("/os-keypairs/k", { version: "2.10" })).status, 404);
    const shown = await h.json("/os-keypairs/k?user_id=member-user", { version: "2.10" });
    assert.equal(shown.status, 200);
    await assertMatchesSample(shown.body, `${S}/v2.10/keypairs-get-resp.json`);
    const listed = await h.json("/os-keypairs?user_id=member-user", { version: "2.10" });
    assert.equal(listed.body.keypairs.length, 1);
    await assertMatchesSample(listed.body, `${S}/v2.10/keypairs-list-resp.json`);

    // Before 2.10 the user_id query is ignored: the admin's own (empty) namespace.
    const ignored = await h.json("/os-keypairs?user_id=member-user", { version: "2.9" });
    assert.equal(ignored.body.keypairs.length, 0);

    const generated = await h.json("/os-keypairs", {
      version: "2.10",
      method: "POST",
      json: { keypair: { name: "gen", type: "ssh", user_id: "member-user" } },
    });
    assert.equal(generated.status, 201);
    await assertMatchesSample(generated.body, `${S}/v2.10/keypairs-post-resp.json`);

    const removed = await h.fetch("/os-keypairs/k?user_id=member-user", {
      version: "2.10",
      method: "DELETE",
    });
    assert.equal(removed.status, 204);
    await removed.body?.cancel();
    assert.equal((await h.json("/os-keypairs/k", { as: "member", version: "2.10" })).status, 404);
  });
});

Deno.test("roles: users reach only their own keypairs", async () => {
  await withHarness(async (h) => {
    const v = "2.10";
    const made = await h.json("/os-keypairs", {
      as: "member2",
      version: v,
      method: "POST",
      json: importBody("mine"),
    });
    assert.equal(made.status, 201);

    // Another member of the same project cannot look, list, delete or create for that user.
    for (
      const [path, method] of [
        ["/os-keypairs/mine?user_id=member2-user", "GET"],
        ["/os-keypairs?user_id=member2-user", "GET"],
        ["/os-keypairs/mine?user_id=member2-user", "DELETE"],
      ] as const
    ) {
      const res = await h.json(path, { as: "member", version: v, method });
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.equal(
        res.body.forbidden.message,
        `Policy doesn't allow os_compute_api:os-keypairs:${
          method === "DELETE" ? "delete" : path.includes("mine") ? "show" : "index"
        } to be performed.`,
      );
    }
    const forOther = await h.json("/os-keypairs", {
      as: "member",
      version: v,
      method: "POST",
      json: importBody("x", { user_id: "member2-user" }),
    });
    assert.equal(forOther.status, 403);

    // Without user_id a member looks in their own namespace: not found.
    const notMine = await h.json("/os-keypairs/mine", { as: "member", version: v });
    assert.equal(notMine.status, 404);
    assert.equal(notMine.body.itemNotFound.message, "Keypair mine not found for user member-user");

    // Keypairs belong to users, so Nova's policy lets a reader manage their own…
    const readerOwn = await h.json("/os-keypairs", {
      as: "reader",
      version: v,
      method: "POST",
      json: importBody("r"),
    });
    assert.equal(readerOwn.status, 201);
    // …but nobody else's.
    const readerOther = await h.json("/os-keypairs", {
      as: "reader",
      version: v,
      method: "POST",
      json: importBody("r2", { user_id: "member-user" }),
    });
    assert.equal(readerOther.status, 403);
    assert.equal(
      readerOther.body.forbidden.message,
      "Policy doesn't allow os_compute_api:os-keypairs:create to be performed.",
    );
  });
});

Deno.test("2.35 pages the list with keypairs_links; 2.34 ignores limit", async () => {
  await withHarness(async (h) => {
    for (const name of ["c", "a", "b"]) {
      const res = await h.json("/os-keypairs", {
        as: "member",
        version: "2.35",
        method: "POST",
        json: importBody(name),
      });
      assert.equal(res.status, 201);
    }
    const old = await h.json("/os-keypairs?limit=1", { as: "member", version: "2.34" });
    assert.equal(old.body.keypairs.length, 3);
    assert.equal(old.body.keypairs_links, undefined);

    const first = await h.json("/os-keypairs?limit=2", { as: "member", version: "2.35" });
    assert.equal(first.status, 200);
    await assertMatchesSample(first.body, `${S}/v2.35/keypairs-list-resp.json`);
    assert.deepEqual(names(first.body), ["a", "b"]);
    assert.deepEqual(first.body.keypairs_links, [
      { rel: "next", href: `${h.base}/os-keypairs?limit=2&marker=b` },
    ]);
    // Undescribed parameters are dropped (up to 2.74) and so stay out of the link.
    const extra = await h.json("/os-keypairs?limit=2&zz=1", { as: "member", version: "2.35" });
    assert.equal(extra.body.keypairs_links[0].href, `${h.base}/os-keypairs?limit=2&marker=b`);
    const second = await h.json("/os-keypairs?limit=2&marker=b", { as: "member", version: "2.35" });
    assert.deepEqual(names(second.body), ["c"]);
    assert.equal(second.body.keypairs_links, undefined);

    const badMarker = await h.json("/os-keypairs?marker=zzz", { as: "member", version: "2.35" });
    assert.equal(badMarker.status, 400);
    assert.equal(badMarker.body.badRequest.message, "Marker zzz could not be found.");
    const badLimit = await h.json("/os-keypairs?limit=-1", { as: "member", version: "2.35" });
    assert.equal(badLimit.status, 400);
    const zero = await h.json("/os-keypairs?limit=0", { as: "member", version: "2.35" });
    assert.deepEqual(zero.body, { keypairs: [] });

    // Unknown query parameters: ignored up to 2.74, refused from 2.75.
    assert.equal(
      (await h.json("/os-keypairs?foo=1", { as: "member", version: "2.74" })).status,
      200,
    );
    assert.equal(
      (await h.json("/os-keypairs?foo=1", { as: "member", version: "2.75" })).status,
      400,
    );
    assert.equal(
      (await h.json("/os-keypairs/a?foo=1", { as: "member", version: "2.75" })).status,
      400,
    );
  });
});

Deno.test("2.92: public_key required, '@' and '.' allowed in names", async () => {
  await withHarness(async (h) => {
    const name = "me.and.myself@this.nice.domain.com mooh.";
    const before = await h.json("/os-keypairs", {
      as: "member",
      version: "2.91",
      method: "POST",
      json: importBody(name),
    });
    assert.equal(before.status, 400);
    const gen291 = await h.json("/os-keypairs", {
      as: "member",
      version: "2.91",
      method: "POST",
      json: { keypair: { name: "gen" } },
    });
    assert.equal(gen291.status, 201);
    assert.equal(typeof gen291.body.keypair.private_key, "string");

    const gen292 = await h.json("/os-keypairs", {
      as: "member",
      version: "2.92",
      method: "POST",
      json: { keypair: { name: "gen2" } },
    });
    assert.equal(gen292.status, 400);
    assert.equal(
      gen292.body.badRequest.message,
      "Invalid input for field/attribute keypair. Value: {'name': 'gen2'}. " +
        "'public_key' is a required property",
    );
    for (const version of ["2.92", "latest"]) {
      const res = await h.json("/os-keypairs", {
        as: "member",
        version,
        method: "POST",
        json: importBody(version === "latest" ? "x@y" : name, { type: "ssh" }),
      });
      assert.equal(res.status, 201);
      await assertMatchesSample(res.body, `${S}/v2.92/keypairs-import-post-resp.json`);
    }
  });
});

Deno.test("fingerprints match ssh-keygen -l -E md5 and openssl's SHA-1", async () => {
  await withHarness(async (h) => {
    const post = (json: unknown) =>
      h.json("/os-keypairs", { as: "member", version: "2.2", method: "POST", json });
    assert.equal((await post(importBody("rsa"))).body.keypair.fingerprint, RSA_KEY_MD5);
    const ed = await post({ keypair: { name: "ed", public_key: ED25519_KEY } });
    assert.equal(ed.body.keypair.fingerprint, ED25519_KEY_MD5);
    const cert = await post({ keypair: { name: "cert", type: "x509", public_key: X509_CERT } });
    assert.equal(cert.status, 201);
    assert.equal(cert.body.keypair.type, "x509");
    assert.equal(cert.body.keypair.fingerprint, X509_CERT_SHA1);

    // A generated key's fingerprint is what ssh-keygen says of its public half.
    const gen = await post({ keypair: { name: "gen" } });
    const dir = await Deno.makeTempDir();
    try {
      await Deno.writeTextFile(`${dir}/k.pub`, gen.body.keypair.public_key + "\n");
      const out = await new Deno.Command("ssh-keygen", {
        args: ["-l", "-E", "md5", "-f", `${dir}/k.pub`],
        stdout: "piped",
        stderr: "null",
      }).output().catch(() => null);
      if (out?.success) {
        const text = new TextDecoder().decode(out.stdout);
        assert.equal(text.split(" ")[1], `MD5:${gen.body.keypair.fingerprint}`);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
});

Deno.test("x509 generation (2.2–2.91) returns a certificate and a PKCS#12 key", async () => {
  await withHarness(async (h) => {
    const res = await h.json("/os-keypairs", {
      as: "member",
      version: "2.2",
      method: "POST",
      json: { keypair: { name: "win", type: "x509" } },
    });
    assert.equal(res.status, 201);
    await assertMatchesSample(res.body, `${S}/v2.2/keypairs-post-resp.json`);
    assert.match(res.body.keypair.public_key, /^-----BEGIN CERTIFICATE-----/);
    assert.match(res.body.keypair.fingerprint, /^([0-9a-f]{2}:){19}[0-9a-f]{2}$/);
  });
});

Deno.test("errors: duplicate 409, missing 404, bad key 400, bad bodies 400 (never 500)", async () => {
  await withHarness(async (h) => {
    const post = (json: unknown, version = "2.10") =>
      h.json("/os-keypairs", { as: "member", version, method: "POST", json });
    assert.equal((await post(importBody("dup"))).status, 201);
    const dup = await post(importBody("dup"));
    assert.equal(dup.status, 409);
    assert.equal(dup.body.conflictingRequest.message, "Key pair 'dup' already exists.");

    const missing = await h.json("/os-keypairs/nope", { as: "member", method: "DELETE" });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.itemNotFound.message, "Keypair nope not found for user member-user");

    const bad = await post({ keypair: { name: "bad", public_key: "ssh-rsa not-a-key" } });
    assert.equal(bad.status, 400);
    assert.equal(
      bad.body.badRequest.message,
      "Keypair data is invalid: failed to generate fingerprint",
    );
    const badCert = await post({ keypair: { name: "bad", type: "x509", public_key: "nope" } });
    assert.equal(badCert.status, 400);
    assert.match(
      badCert.body.badRequest.message,
      /^Keypair data is invalid: failed to generate X509/,
    );

    const bodies: unknown[] = [
      null,
      [],
      "keypair",
      42,
      {},
      { keypair: null },
      { keypair: {} },
      { keypair: { name: "" } },
      { keypair: { name: " lead" } },
      { keypair: { name: "a/b" } },
      { keypair: { name: "x".repeat(256) } },
      { keypair: { name: 7 } },
      { keypair: { name: "ok", public_key: 5 } },
      { keypair: { name: "ok", type: "dsa" } },
      { keypair: { name: "ok", user_id: 3 } },
      { keypair: { name: "ok", extra: true } },
      { keypair: { name: "ok" }, other: 1 },
    ];
    for (const body of bodies) {
      const res = await post(body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(typeof res.body.badRequest.message, "string");
    }
    const malformed = await h.fetch("/os-keypairs", {
      as: "member",
      method: "POST",
      body: "{not json",
      headers: { "content-type": "application/json" },
    });
    assert.equal(malformed.status, 400);
    await malformed.body?.cancel();
  });
});

Deno.test("key_pairs quota: 403 past the limit, a delete frees a slot", async () => {
  await withHarness(async (h) => {
    const post = (name: string) =>
      h.json("/os-keypairs", {
        as: "member",
        version: "2.2",
        method: "POST",
        json: importBody(name),
      });
    assert.equal((await post("k1")).status, 201);
    assert.equal((await post("k2")).status, 201);
    const over = await post("k3");
    assert.equal(over.status, 403);
    assert.equal(over.body.forbidden.message, "Quota exceeded, too many key pairs.");
    // A duplicate name past the limit is still the quota error (Nova checks quota first).
    assert.equal((await post("k1")).status, 403);
    const del = await h.fetch("/os-keypairs/k1", {
      as: "member",
      method: "DELETE",
      version: "2.2",
    });
    assert.equal(del.status, 204);
    await del.body?.cancel();
    assert.equal((await post("k3")).status, 201);
  }, { config: { quota: { key_pairs: 2 } } });
});

Deno.test("20 concurrent keypair imports against key_pairs=5: exactly 5 succeed", async () => {
  await withHarness(async (h) => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        h.json("/os-keypairs", {
          as: "member",
          version: "2.2",
          method: "POST",
          json: importBody(`k${i}`),
        })),
    );
    const statuses = results.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 201).length, 5, statuses.join(","));
    assert.equal(statuses.filter((s) => s === 403).length, 15, statuses.join(","));
    for (const r of results.filter((r) => r.status === 403)) {
      assert.equal(r.body.forbidden.message, "Quota exceeded, too many key pairs.");
    }
    const listed = await h.json("/os-keypairs", { as: "member", version: "2.2" });
    assert.equal(listed.body.keypairs.length, 5);
    const ids = new Set<number>();
    for (const k of listed.body.keypairs) {
      ids.add((await h.json(`/os-keypairs/${k.keypair.name}`, { as: "member" })).body.keypair.id);
    }
    assert.equal(ids.size, 5);
  }, { config: { quota: { key_pairs: 5 } } });
});

Deno.test("x509 generation for a user id too long for a certificate is a 400, not a 500", async () => {
  const h = await startCompute({ routes: KEYPAIR_ROUTES });
  try {
    const r = await h.json("/os-keypairs", {
      method: "POST",
      version: "2.10",
      json: { keypair: { name: "long-x509", type: "x509", user_id: "u".repeat(70) } },
    });
    assert.equal(r.status, 400);
    assert.match(r.body.badRequest.message, /longer than 64 characters/);
  } finally {
    await h.close();
  }
});
