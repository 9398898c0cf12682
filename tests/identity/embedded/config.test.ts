import assert from "node:assert/strict";
import { ConfigError, configFromValues, loadConfig } from "../../../lib/config/mod.ts";
import {
  hashPassword,
  identityAppFactory,
  identityOptions,
} from "../../../lib/identity/embedded/mod.ts";
import { configHash } from "../../../lib/identity/embedded/hash_password.ts";
import { named, passwordAuth, postToken, startIdentity } from "./_serve.ts";

/** Reads `nova.conf` text through the real loader. */
function load(text: string) {
  const files: Record<string, string> = { "/e/nova.conf": text };
  return loadConfig({
    env: {},
    files: Object.keys(files),
    readTextFile: (path) => Promise.resolve(files[path]),
  });
}

Deno.test("[identity] defaults", () => {
  const config = configFromValues({});
  assert.deepEqual(config.get("identity", "users"), []);
  assert.deepEqual(config.get("identity", "projects"), []);
  assert.equal(config.get("identity", "token_expiration"), 3600);
  assert.equal(config.get("identity", "signing_key_file"), "./identity-signing.key");
  assert.equal(config.get("identity", "public_endpoint"), "");
  assert.equal(config.get("identity", "region"), "RegionOne");
  assert.deepEqual(config.get("identity", "catalog"), []);
});

Deno.test("identityOptions reads nova.conf: repeated lines, hashes with $$, extras", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const hash = await configHash("s3cret");
    const config = await load(
      [
        "[identity]",
        `users = admin:${hash}:admin:admin`,
        "users = demo:demo:demo:member",
        "users = demo::shared:reader+member",
        "projects = spare, other",
        "token_expiration = 120",
        `signing_key_file = ${dir}/state/identity.key`,
        "public_endpoint = https://cloud.example:8774/",
        "region = North",
        "catalog = image:glance:http://glance.example:9292",
        "catalog = placement:placement:/placement",
        "",
      ].join("\n"),
    );
    const options = await identityOptions(config);
    assert.deepEqual(options.directory.users.map((u) => u.name), ["admin", "demo"]);
    assert.deepEqual(
      options.directory.projects.map((p) => p.name),
      ["admin", "demo", "shared", "spare", "other"],
    );
    assert.equal(options.directory.users[0].plainPassword, undefined);
    assert.equal(options.directory.users[1].plainPassword, "demo");
    assert.equal(options.tokenExpiration, 120);
    assert.equal(options.publicEndpoint, "https://cloud.example:8774");
    assert.equal(options.region, "North");
    assert.equal((await Deno.stat(`${dir}/state/identity.key`)).mode! & 0o777, 0o600);

    const server = await startIdentity({}, options);
    try {
      const result = await postToken(server, passwordAuth(named("admin"), "s3cret"));
      assert.equal(result.status, 201);
      const catalog = result.body.token.catalog;
      assert.deepEqual(catalog.map((s: { type: string }) => s.type), [
        "compute",
        "identity",
        "image",
        "network",
        "block-storage",
        "volumev3",
        "placement",
      ]);
      assert.equal(catalog[0].endpoints[0].url, "https://cloud.example:8774/v2.1");
      assert.equal(catalog[0].endpoints[0].region, "North");
      assert.equal(catalog[1].endpoints[0].url, "https://cloud.example:8774/identity/v3");
      assert.equal(catalog[2].endpoints[0].url, "http://glance.example:9292");
      assert.equal(catalog[3].endpoints[0].url, "https://cloud.example:8774/network");
      assert.equal(catalog[4].endpoints[0].url, "https://cloud.example:8774/volume/v3");
      assert.equal(catalog[5].endpoints[0].url, "https://cloud.example:8774/volume/v3");
      assert.equal(catalog[6].endpoints[0].url, "https://cloud.example:8774/placement");
      const lifetime = Date.parse(result.body.token.expires_at) -
        Date.parse(result.body.token.issued_at);
      assert.equal(lifetime, 120_000);
      const wrong = await postToken(server, passwordAuth(named("admin"), "$$s3cret"));
      assert.equal(wrong.status, 401);
    } finally {
      await server.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("ids are derived from names, so they are the same at every start", async () => {
  const values = { identity: { users: ["demo:pw:demo:member"], signing_key_file: "" } };
  const first = await identityOptions(configFromValues(values));
  const second = await identityOptions(configFromValues(values));
  assert.equal(first.directory.users[0].id, second.directory.users[0].id);
  assert.equal(first.directory.projects[0].id, second.directory.projects[0].id);
  assert.deepEqual(first.directory.roles, second.directory.roles);
  assert.deepEqual(first.catalog, second.catalog);
  assert.match(first.directory.projects[0].id, /^[0-9a-f]{32}$/);
  assert.notEqual(first.directory.users[0].id, first.directory.projects[0].id);
});

Deno.test("unusable [identity] values are one-line ConfigErrors naming the option", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ users: ["demo"] }, "users", /expected a value matching/],
      [{ users: ["demo:pw:demo:"] }, "users", /line 1: no role is given on project demo/],
      [{ users: ["demo:pw::member"] }, "users", /without a project/],
      [{ users: ["demo::demo:member"] }, "users", /user demo has no password/],
      [
        { users: ["demo:a:demo:member", "demo:b:other:member"] },
        "users",
        /two different passwords/,
      ],
      [{ catalog: ["image:glance"] }, "catalog", /expected a value matching/],
      [{ catalog: ["image:glance:ftp://x"] }, "catalog", /must be http/],
      [{ token_expiration: 0 }, "token_expiration", /greater than or equal to 1/],
    ];
    for (const [values, option, reason] of cases) {
      const error = await (async () => {
        try {
          await identityOptions(
            configFromValues({ identity: { signing_key_file: "", ...values } }),
          );
        } catch (e) {
          return e;
        }
      })();
      assert.ok(error instanceof ConfigError, `${option}: ${error}`);
      assert.equal(error.option, option);
      assert.match(error.message, reason);
      assert.ok(!error.message.includes("\n"));
      if (option === "users") assert.ok(!/pw|"a"|"b"/.test(error.message), error.message);
    }

    await Deno.writeTextFile(`${dir}/short.key`, "c2hvcnQ\n");
    for (const path of [`${dir}/short.key`, `${dir}/short.key/below`, dir]) {
      await assert.rejects(
        identityOptions(configFromValues({ identity: { signing_key_file: path } })),
        (e) => e instanceof ConfigError && e.option === "signing_key_file",
        path,
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("hashPassword output parses back; a plain password that merely has $ is plain", async () => {
  const hash = await hashPassword("pw", 1000);
  assert.match(hash, /^pbkdf2-sha256\$1000\$[A-Za-z0-9./]{22}\$[A-Za-z0-9./]{43}$/);
  const escaped = hash.replaceAll("$", () => "$$");
  const options = await identityOptions(configFromValues({
    identity: {
      users: [`a:${escaped}:p:member`, "b:pa$$$$word:p:member"],
      signing_key_file: "",
    },
  }));
  assert.equal(options.directory.users[0].plainPassword, undefined);
  assert.equal(options.directory.users[0].password.rounds, 1000);
  assert.equal(options.directory.users[1].plainPassword, "pa$$word");
});

Deno.test("the paste app factory serves discovery from the runtime's configuration", async () => {
  const config = configFromValues({
    identity: { users: ["admin:pw:admin:admin"], signing_key_file: "" },
  });
  const app = await identityAppFactory({
    globalConf: {},
    localConf: {},
    section: "app:identity",
    file: "api-paste.ini",
    runtime: { config },
  });
  const response = await app(new Request("http://h:8774/"));
  assert.equal(response.status, 300);
  assert.equal(response.headers.get("location"), "http://h:8774/v3/");
});
