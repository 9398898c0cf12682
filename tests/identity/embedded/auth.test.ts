import assert from "node:assert/strict";
import { named, passwordAuth, postToken, startIdentity, UNAUTHORIZED } from "./_serve.ts";

Deno.test("password auth scoped to a project by name returns Keystone's token body", async () => {
  const server = await startIdentity();
  try {
    const { directory } = server.options;
    const result = await postToken(
      server,
      passwordAuth(named("admin"), "secret", {
        project: { name: "admin", domain: { name: "Default" } },
      }),
    );
    assert.equal(result.status, 201);
    assert.ok(result.token && result.token.length > 40);
    assert.equal(result.headers.get("content-type"), "application/json");
    const token = result.body.token;
    const admin = directory.users.find((u) => u.name === "admin")!;
    const project = directory.projects.find((p) => p.name === "admin")!;
    assert.deepEqual(token.methods, ["password"]);
    assert.deepEqual(token.user, {
      domain: { id: "default", name: "Default" },
      id: admin.id,
      name: "admin",
      password_expires_at: null,
    });
    assert.deepEqual(token.project, {
      domain: { id: "default", name: "Default" },
      id: project.id,
      name: "admin",
    });
    assert.equal(token.is_domain, false);
    // admin implies manager, member and reader, as keystone-manage bootstrap sets up.
    assert.deepEqual(token.roles.map((r: { name: string }) => r.name), [
      "admin",
      "manager",
      "member",
      "reader",
    ]);
    for (const role of token.roles) assert.match(role.id, /^[0-9a-f]{32}$/);
    assert.equal(token.audit_ids.length, 1);
    assert.match(token.audit_ids[0], /^[A-Za-z0-9_-]{22}$/);
    assert.match(token.issued_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const lifetime = Date.parse(token.expires_at) - Date.parse(token.issued_at);
    assert.equal(lifetime, 3600 * 1000);
  } finally {
    await server.close();
  }
});

Deno.test("the catalog lists compute, identity, image, network and block storage with URLs from the request", async () => {
  const server = await startIdentity({ catalog: ["image:glance:http://glance.example:9292"] });
  try {
    const result = await postToken(server, passwordAuth(named("demo"), "demo-pw"));
    assert.equal(result.status, 201);
    const catalog = result.body.token.catalog;
    assert.deepEqual(catalog.map((s: { type: string }) => s.type), [
      "compute",
      "identity",
      "image",
      "network",
      "block-storage",
      "volumev3",
    ]);
    const [compute, identity, image, network, blockStorage, volumev3] = catalog;
    assert.equal(compute.name, "nova");
    assert.equal(identity.name, "keystone");
    assert.deepEqual(compute.endpoints.map((e: { interface: string }) => e.interface), [
      "public",
      "internal",
      "admin",
    ]);
    for (const endpoint of compute.endpoints) {
      assert.equal(endpoint.url, `${server.base}/v2.1`);
      assert.equal(endpoint.region, "RegionOne");
      assert.equal(endpoint.region_id, "RegionOne");
      assert.match(endpoint.id, /^[0-9a-f]{32}$/);
    }
    assert.equal(identity.endpoints[0].url, `${server.identity}/v3`);
    assert.equal(image.endpoints[0].url, "http://glance.example:9292");
    assert.equal(network.name, "neutron");
    assert.equal(network.endpoints[0].url, `${server.base}/network`);
    assert.equal(blockStorage.name, "cinder");
    assert.equal(blockStorage.endpoints[0].url, `${server.base}/volume/v3`);
    assert.equal(volumev3.endpoints[0].url, `${server.base}/volume/v3`);

    // The same catalog, reached through another host name, names that host.
    const other = await fetch(
      `http://localhost:${new URL(server.base).port}/identity/v3/auth/tokens`,
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(passwordAuth(named("demo"), "demo-pw")),
      },
    );
    const body = await other.json();
    assert.equal(
      body.token.catalog[0].endpoints[0].url,
      `http://localhost:${new URL(server.base).port}/v2.1`,
    );
  } finally {
    await server.close();
  }
});

Deno.test("no scope means the user's default project; 'unscoped' means none", async () => {
  const server = await startIdentity();
  try {
    const scoped = await postToken(server, passwordAuth(named("demo"), "demo-pw"));
    assert.equal(scoped.body.token.project.name, "demo");
    assert.deepEqual(scoped.body.token.roles.map((r: { name: string }) => r.name), [
      "member",
      "reader",
    ]);

    const unscoped = await postToken(server, passwordAuth(named("demo"), "demo-pw", "unscoped"));
    assert.equal(unscoped.status, 201);
    assert.equal(unscoped.body.token.project, undefined);
    assert.equal(unscoped.body.token.roles, undefined);
    assert.equal(unscoped.body.token.catalog, undefined);

    const legacy = await postToken(
      server,
      passwordAuth(named("demo"), "demo-pw", { unscoped: {} }),
    );
    assert.equal(legacy.body.token.project, undefined);
  } finally {
    await server.close();
  }
});

Deno.test("user and project by id; a second project from another users line", async () => {
  const server = await startIdentity();
  try {
    const { directory } = server.options;
    const demo = directory.users.find((u) => u.name === "demo")!;
    const shared = directory.projects.find((p) => p.name === "shared")!;
    const result = await postToken(
      server,
      passwordAuth({ id: demo.id }, "demo-pw", { project: { id: shared.id } }),
    );
    assert.equal(result.status, 201);
    assert.equal(result.body.token.project.id, shared.id);
    assert.deepEqual(result.body.token.roles.map((r: { name: string }) => r.name), ["reader"]);
  } finally {
    await server.close();
  }
});

Deno.test("?nocatalog leaves the catalog out", async () => {
  const server = await startIdentity();
  try {
    const result = await postToken(server, passwordAuth(named("admin"), "secret"), "?nocatalog");
    assert.equal(result.status, 201);
    assert.equal(result.body.token.catalog, undefined);
    assert.ok(result.body.token.project);
  } finally {
    await server.close();
  }
});

Deno.test("bad credentials are Keystone 401s with WWW-Authenticate", async () => {
  const server = await startIdentity();
  try {
    const cases = [
      passwordAuth(named("nobody"), "secret"),
      passwordAuth(named("admin"), "wrong"),
      passwordAuth({ id: "0123456789abcdef0123456789abcdef" }, "secret"),
      passwordAuth({ name: "admin", domain: { name: "elsewhere" } }, "secret"),
      // A project the user has no role on, or that does not exist.
      passwordAuth(named("demo"), "demo-pw", {
        project: { name: "admin", domain: { id: "default" } },
      }),
      passwordAuth(named("demo"), "demo-pw", { project: { id: "missing" } }),
      // Domain and system scopes: nobody holds roles there.
      passwordAuth(named("admin"), "secret", { domain: { id: "default" } }),
      passwordAuth(named("admin"), "secret", { system: { all: true } }),
    ];
    for (const body of cases) {
      const result = await postToken(server, body);
      assert.equal(result.status, 401, JSON.stringify(body));
      assert.deepEqual(result.body, UNAUTHORIZED);
      assert.equal(result.token, null);
      assert.equal(
        result.headers.get("www-authenticate"),
        `Keystone uri="${server.identity}/v3"`,
      );
    }
  } finally {
    await server.close();
  }
});

Deno.test("malformed requests are 400s; unsupported methods 401 listing ours", async () => {
  const server = await startIdentity();
  try {
    const badJson = await fetch(`${server.identity}/v3/auth/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{",
    });
    assert.equal(badJson.status, 400);
    assert.match((await badJson.json()).error.message, /valid JSON/);

    for (
      const body of [
        {},
        { auth: {} },
        { auth: { identity: { methods: ["password"] } } },
        { auth: { identity: { methods: ["password"], password: {} } } },
        passwordAuth({ name: "admin" }, "secret"),
        passwordAuth(named("admin"), "secret", { project: { name: "admin" } }),
        passwordAuth(named("admin"), "secret", { project: { id: "x" }, domain: { id: "y" } }),
      ]
    ) {
      const result = await postToken(server, body);
      assert.equal(result.status, 400, JSON.stringify(body));
      assert.equal(result.body.error.title, "Bad Request");
    }

    const totp = await postToken(server, {
      auth: { identity: { methods: ["totp"], totp: { user: { id: "x", passcode: "1" } } } },
    });
    assert.equal(totp.status, 401);
    assert.deepEqual(totp.body.error.identity, { methods: ["password", "token"] });
  } finally {
    await server.close();
  }
});

Deno.test("the token method re-scopes and keeps expiry and the audit chain", async () => {
  const server = await startIdentity();
  try {
    const first = await postToken(
      server,
      passwordAuth(named("demo"), "demo-pw", "unscoped"),
    );
    assert.equal(first.status, 201);

    const rescoped = await postToken(server, {
      auth: {
        identity: { methods: ["token"], token: { id: first.token } },
        scope: { project: { name: "shared", domain: { name: "Default" } } },
      },
    });
    assert.equal(rescoped.status, 201);
    const token = rescoped.body.token;
    assert.equal(token.project.name, "shared");
    assert.deepEqual(token.methods, ["token", "password"]);
    assert.equal(token.expires_at, first.body.token.expires_at);
    assert.deepEqual(token.audit_ids.slice(1), first.body.token.audit_ids);

    // A body that is not declared JSON is refused, as Keystone does.
    const plain = await fetch(`${server.identity}/v3/auth/tokens`, {
      method: "POST",
      body: JSON.stringify(passwordAuth(named("demo"), "demo-pw")),
    });
    assert.equal(plain.status, 400);
    assert.match((await plain.json()).error.message, /Content-Type header/);

    // An invalid token is a 404, as in Keystone.
    const bogus = await postToken(server, {
      auth: { identity: { methods: ["token"], token: { id: "not-a-token" } } },
    });
    assert.equal(bogus.status, 404);
  } finally {
    await server.close();
  }
});

Deno.test("oversized bodies are refused with 413", async () => {
  const server = await startIdentity();
  try {
    const padding = "x".repeat(120_000);
    const response = await fetch(`${server.identity}/v3/auth/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...passwordAuth(named("demo"), "demo-pw"), padding }),
    });
    assert.equal(response.status, 413);
    assert.equal((await response.json()).error.code, 413);
  } finally {
    await server.close();
  }
});
