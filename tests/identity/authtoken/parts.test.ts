import assert from "node:assert/strict";
import { parseKeystoneTime, parseTokenBody } from "../../../lib/identity/authtoken/access.ts";
import { pathMatches } from "../../../lib/identity/authtoken/access_rules.ts";
import { TokenCache, tokenKey } from "../../../lib/identity/authtoken/cache.ts";
import { identityEndpoint, v3Root } from "../../../lib/identity/authtoken/catalog.ts";
import { InvalidToken } from "../../../lib/identity/authtoken/errors.ts";
import {
  AUTH_HEADERS,
  removeAuthHeaders,
  setServiceCatalogHeader,
  setUserHeaders,
  userHeaderPairs,
} from "../../../lib/identity/authtoken/headers.ts";
import { passwordAuthBody } from "../../../lib/identity/authtoken/service_auth.ts";

const info = (expiresAt = Infinity) => ({
  ...parseTokenBody({ token: { user: { id: "u" } } }),
  expiresAt,
});

Deno.test("authtoken parts: the headers removed on the way in", () => {
  const expected = [
    "X-Service-Catalog",
    "X-Identity-Status",
    "X-Service-Identity-Status",
    "X-Is-Admin-Project",
    "OpenStack-System-Scope",
    "X-Role",
    "X-User",
    "X-Tenant-Id",
    "X-Tenant-Name",
    "X-Tenant",
    "X-Roles",
    "X-Service-Roles",
  ];
  for (
    const base of [
      "Domain-Id",
      "Domain-Name",
      "Project-Id",
      "Project-Name",
      "Project-Domain-Id",
      "Project-Domain-Name",
      "User-Id",
      "User-Name",
      "User-Domain-Id",
      "User-Domain-Name",
    ]
  ) {
    expected.push(`X-${base}`, `X-Service-${base}`);
  }
  assert.deepEqual([...AUTH_HEADERS].sort(), expected.sort());
  const h = new Headers(Object.fromEntries(expected.map((n) => [n, "x"])));
  h.set("X-Auth-Token", "t");
  h.set("X-Service-Token", "s");
  removeAuthHeaders(h);
  assert.deepEqual([...h.keys()], ["x-auth-token", "x-service-token"]);
});

Deno.test("authtoken parts: token bodies", () => {
  const t = parseTokenBody({
    token: {
      user: { id: "u", name: "n", domain: { id: "default", name: "Default" } },
      project: { id: "p", name: "pn", domain: { id: "pd", name: "PD" } },
      roles: [{ id: "1", name: "Member" }, { id: "2", name: "reader" }],
      expires_at: "2030-01-02T03:04:05.123456Z",
      is_admin_project: false,
    },
  });
  assert.equal(t.userDomainName, "Default");
  assert.equal(t.projectDomainId, "pd");
  assert.deepEqual(t.roles, ["Member", "reader"]);
  assert.equal(t.expiresAt, Date.UTC(2030, 0, 2, 3, 4, 5, 123));
  assert.equal(t.isAdminProject, false);
  assert.equal(t.catalog, null);
  assert.equal(t.systemScope, null);
  assert.throws(() => parseTokenBody({ error: {} }), InvalidToken);
  assert.throws(() => parseTokenBody({ token: { user: {}, expires_at: "soon" } }), InvalidToken);
  assert.equal(parseKeystoneTime("2030-01-02T03:04:05"), Date.UTC(2030, 0, 2, 3, 4, 5));
  assert.equal(parseKeystoneTime("2030-01-02T03:04:05+0100"), Date.UTC(2030, 0, 2, 2, 4, 5));
});

Deno.test("authtoken parts: identity endpoints and v3 roots", () => {
  const catalog = [{
    type: "identity",
    endpoints: [
      { interface: "public", url: "http://pub:5000/", region_id: "R1" },
      { interface: "internal", url: "http://int:5000/v3/", region_id: "R1" },
      { interface: "internal", url: "http://int2/identity", region_id: "R2" },
    ],
  }];
  assert.equal(identityEndpoint(catalog, "internal", null), "http://int:5000/v3/");
  assert.equal(identityEndpoint(catalog, "internalURL", "R2"), "http://int2/identity");
  assert.equal(identityEndpoint(catalog, "admin", null), null);
  assert.equal(v3Root("http://pub:5000/"), "http://pub:5000/v3");
  assert.equal(v3Root("http://int:5000/v3/"), "http://int:5000/v3");
  assert.equal(v3Root("http://ks/v2.0"), "http://ks/v3");
});

Deno.test("authtoken parts: password authentication bodies", () => {
  assert.deepEqual(
    passwordAuthBody({
      authUrl: "x",
      username: "nova",
      password: "pw",
      userDomainName: "Default",
      projectName: "service",
      projectDomainId: "default",
    }),
    {
      auth: {
        identity: {
          methods: ["password"],
          password: { user: { password: "pw", name: "nova", domain: { name: "Default" } } },
        },
        scope: { project: { name: "service", domain: { id: "default" } } },
      },
    },
  );
  const system = passwordAuthBody({
    authUrl: "x",
    userId: "u1",
    password: "pw",
    systemScope: "all",
  });
  assert.deepEqual((system.auth as Record<string, unknown>).scope, { system: { all: true } });
  const fallback = passwordAuthBody({
    authUrl: "x",
    username: "n",
    password: "p",
    projectName: "s",
    defaultDomainId: "default",
  });
  assert.match(
    JSON.stringify(fallback),
    /"user":\{"password":"p","name":"n","domain":\{"id":"default"\}\}/,
  );
  assert.match(JSON.stringify(fallback), /"project":\{"name":"s","domain":\{"id":"default"\}\}/);
});

Deno.test("authtoken parts: access-rule path patterns", () => {
  assert.ok(pathMatches("/v2.1/servers/abc", "/v2.1/servers/*"));
  assert.ok(pathMatches("/v2.1/servers/abc", "/v2.1/servers/{server_id}"));
  assert.ok(!pathMatches("/v2.1/servers/abc/action", "/v2.1/servers/*"));
  assert.ok(pathMatches("/v2.1/servers/abc/action", "/v2.1/servers/**"));
  assert.ok(!pathMatches("/v2x1/servers", "/v2.1/servers"));
});

Deno.test("authtoken parts: the cache is keyed by token, bounded, and shares in-flight work", async () => {
  assert.equal(
    await tokenKey("abc"),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
  let clock = 0;
  const cache = new TokenCache({ ttlMs: 1000, invalidTtlMs: 100, maxEntries: 2, now: () => clock });
  let calls = 0;
  const ok = () => {
    calls++;
    return Promise.resolve(info());
  };
  await Promise.all([cache.fetch("a", ok), cache.fetch("a", ok), cache.fetch("a", ok)]);
  assert.equal(calls, 1);
  await cache.fetch("b", ok);
  await cache.fetch("a", ok); // a is now the most recently used
  await cache.fetch("c", ok); // evicts b
  assert.equal(cache.size, 2);
  assert.equal(calls, 3);
  await cache.fetch("a", ok);
  assert.equal(calls, 3);
  await cache.fetch("b", ok);
  assert.equal(calls, 4);
  clock += 1000;
  await cache.fetch("a", ok);
  assert.equal(calls, 5, "expired after ttl");

  const bad = () => {
    calls++;
    return Promise.reject(new InvalidToken());
  };
  await assert.rejects(cache.fetch("x", bad), InvalidToken);
  await assert.rejects(cache.fetch("x", bad), InvalidToken);
  assert.equal(calls, 6);
  await assert.rejects(cache.fetch("x", bad, "allow_expired"), InvalidToken);
  assert.equal(calls, 7, "a refusal is remembered per variant");
  clock += 100;
  await assert.rejects(cache.fetch("x", bad), InvalidToken);
  assert.equal(calls, 8);

  const broken = () => {
    calls++;
    return Promise.reject(new Error("down"));
  };
  await assert.rejects(cache.fetch("y", broken), /down/);
  await assert.rejects(cache.fetch("y", broken), /down/);
  assert.equal(calls, 10, "other failures are not cached");

  const short = () => Promise.resolve(info(clock + 10));
  await cache.fetch("s", short);
  clock += 10;
  let again = 0;
  await cache.fetch("s", () => {
    again++;
    return short();
  });
  assert.equal(again, 1, "never kept past the token's expiry");
});

Deno.test("authtoken parts: a token's prepared identity headers are what the setters set", () => {
  const tokens = [
    parseTokenBody({
      token: {
        user: { id: "u", name: "démo", domain: { id: "default", name: "Default" } },
        project: { id: "p", name: "p", domain: { id: "default", name: "Default" } },
        roles: [{ name: "member" }, { name: "reader" }],
        catalog: [{ type: "compute", name: "nova", endpoints: [] }],
        is_admin_project: false,
      },
    }),
    parseTokenBody({ token: { user: { id: "s" }, system: { all: true }, roles: [] } }),
  ];
  for (const token of tokens) {
    for (const includeCatalog of [true, false]) {
      const set = new Headers({ accept: "*/*" });
      setUserHeaders(set, token);
      if (includeCatalog) setServiceCatalogHeader(set, token);
      const prepared = new Headers({ accept: "*/*" });
      for (const [name, value] of userHeaderPairs(token, includeCatalog)) prepared.set(name, value);
      assert.deepEqual([...prepared], [...set]);
      assert.equal(userHeaderPairs(token, includeCatalog), userHeaderPairs(token, includeCatalog));
    }
  }
});
