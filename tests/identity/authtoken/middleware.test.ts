import assert from "node:assert/strict";
import { compose } from "../../../lib/http/compose.ts";
import { environ } from "../../../lib/http/environ.ts";
import { NovaFault } from "../../../lib/http/fault.ts";
import {
  AUTH_TOKEN_NOTE,
  authToken,
  type AuthTokenNote,
  type AuthTokenOptions,
} from "../../../lib/identity/authtoken/mod.ts";
import { type FakeKeystone, startFakeKeystone } from "./_fake_keystone.ts";

function options(ks: FakeKeystone, extra: Partial<AuthTokenOptions> = {}): AuthTokenOptions {
  return {
    wwwAuthenticateUri: "http://public.example/identity",
    credentials: {
      authUrl: `${ks.url}/v3`,
      username: "nova",
      password: "pw",
      userDomainName: "Default",
      projectName: "service",
      projectDomainName: "Default",
    },
    authUrl: `${ks.url}/v3`,
    interface: "internal",
    regionName: null,
    delayAuthDecision: false,
    includeServiceCatalog: true,
    serviceTokenRoles: ["service"],
    serviceTokenRolesRequired: true,
    serviceType: "compute",
    tokenCacheTime: 300,
    httpConnectTimeout: null,
    httpRequestMaxRetries: 0,
    cafile: null,
    ...extra,
  };
}

/** The filter in front of an app that records what it saw. */
function pipeline(opts: AuthTokenOptions, app?: (request: Request) => Promise<Response>) {
  const seen: { headers?: Headers; note?: AuthTokenNote; catalog?: string | null } = {};
  const handler = compose([authToken(opts)], async (request) => {
    seen.headers = new Headers(request.headers);
    seen.note = environ(request).notes[AUTH_TOKEN_NOTE] as AuthTokenNote;
    seen.catalog = environ(request).serviceCatalog;
    return app ? await app(request) : new Response("ok");
  });
  return { handler, seen };
}

async function withKeystone(fn: (ks: FakeKeystone) => Promise<void>) {
  const ks = startFakeKeystone();
  try {
    await fn(ks);
  } finally {
    await ks.close();
  }
}

const get = (headers: Record<string, string> = {}, path = "/v2.1/flavors") =>
  new Request(`http://nova.example${path}`, { headers });

Deno.test("authtoken: no token is a 401 with keystonemiddleware's body and WWW-Authenticate", async () => {
  await withKeystone(async (ks) => {
    const { handler, seen } = pipeline(options(ks));
    const res = await handler(get({ "X-User-Id": "forged" }));
    assert.equal(res.status, 401);
    assert.equal(res.headers.get("content-type"), "application/json");
    assert.equal(
      res.headers.get("www-authenticate"),
      'Keystone uri="http://public.example/identity"',
    );
    assert.equal(
      await res.text(),
      '{"error": {"code": 401, "title": "Unauthorized", "message": "The request you have made ' +
        'requires authentication."}}',
    );
    assert.equal(seen.headers, undefined);
    assert.equal(ks.counts.validate, 0);
    const head = await handler(new Request("http://nova.example/v2.1", { method: "HEAD" }));
    assert.equal(head.status, 401);
    assert.equal(await head.text(), "");
  });
});

Deno.test("authtoken: a valid token sets the identity headers and strips forged ones", async () => {
  await withKeystone(async (ks) => {
    ks.add("tok-demo", {
      userId: "u1",
      userName: "demo",
      projectId: "p1",
      projectName: "démo",
      roles: ["member", "reader"],
    });
    const { handler, seen } = pipeline(options(ks));
    const res = await handler(get({
      "X-Auth-Token": " tok-demo ",
      "X-Roles": "admin",
      "X-Is-Admin-Project": "True",
      "X-Service-Roles": "service",
      "X-Service-User-Id": "evil",
      "X-Tenant": "other",
      "X-Domain-Id": "d",
      "OpenStack-System-Scope": "all",
    }));
    assert.equal(res.status, 200);
    await res.body?.cancel();
    const h = seen.headers!;
    assert.equal(h.get("x-identity-status"), "Confirmed");
    assert.equal(h.get("x-user-id"), "u1");
    assert.equal(h.get("x-user-name"), "demo");
    assert.equal(h.get("x-user"), "demo");
    assert.equal(h.get("x-user-domain-id"), "default");
    assert.equal(h.get("x-user-domain-name"), "Default");
    assert.equal(h.get("x-project-id"), "p1");
    assert.equal(h.get("x-tenant-id"), "p1");
    // non-ASCII travels as UTF-8 bytes
    assert.equal(h.get("x-project-name"), "dÃ©mo");
    assert.equal(h.get("x-tenant"), "dÃ©mo");
    assert.equal(h.get("x-project-domain-id"), "default");
    assert.equal(h.get("x-roles"), "member,reader");
    assert.equal(h.get("x-role"), "member,reader");
    assert.equal(h.get("x-is-admin-project"), "True");
    for (
      const gone of [
        "x-service-roles",
        "x-service-user-id",
        "x-domain-id",
        "openstack-system-scope",
        "x-service-identity-status",
      ]
    ) {
      assert.equal(h.get(gone), null, gone);
    }
    assert.equal(h.get("x-auth-token"), "tok-demo");
    // The catalog goes on in the environ, for the context filter, not as a header.
    assert.equal(h.get("x-service-catalog"), null);
    const catalog = JSON.parse(seen.catalog!);
    assert.deepEqual(catalog[0], {
      type: "identity",
      name: "keystone",
      endpoints: [{
        region: "RegionOne",
        publicURL: `${ks.url}/v3/`,
        internalURL: `${ks.url}/v3/`,
      }],
    });
    assert.match(seen.catalog!, /^\[\{"type": "identity", "name": "keystone", /);
    assert.equal(seen.note!.userToken, "tok-demo");
    assert.equal(seen.note!.user!.projectName, "démo");
    assert.equal(seen.note!.service, null);
  });
});

Deno.test("authtoken: an unknown token is a 401; the refusal is remembered briefly", async () => {
  await withKeystone(async (ks) => {
    const { handler } = pipeline(options(ks));
    for (let i = 0; i < 3; i++) {
      const res = await handler(get({ "X-Auth-Token": "nope" }));
      assert.equal(res.status, 401);
      await res.body?.cancel();
    }
    assert.equal(ks.counts.validate, 1);
  });
});

Deno.test("authtoken: delay_auth_decision passes unauthenticated requests on, marked Invalid", async () => {
  await withKeystone(async (ks) => {
    const { handler, seen } = pipeline(options(ks, { delayAuthDecision: true }));
    let res = await handler(get({ "X-Roles": "admin", "OpenStack-System-Scope": "all" }));
    assert.equal(res.status, 200);
    await res.body?.cancel();
    assert.equal(seen.headers!.get("x-identity-status"), "Invalid");
    assert.equal(seen.headers!.get("x-roles"), null);
    assert.equal(seen.headers!.get("openstack-system-scope"), null);
    res = await handler(get({ "X-Auth-Token": "bad" }));
    assert.equal(res.status, 200);
    await res.body?.cancel();
    assert.equal(seen.headers!.get("x-identity-status"), "Invalid");
    assert.equal(seen.note!.user, null);
    ks.mode = "error500";
    res = await handler(get({ "X-Auth-Token": "other" }));
    assert.equal(res.status, 200, "Keystone errors also defer with delay_auth_decision");
    await res.body?.cancel();
  });
});

Deno.test("authtoken: one validation serves concurrent and later requests with the same token", async () => {
  await withKeystone(async (ks) => {
    ks.add("tok", { userId: "u", projectId: "p", roles: ["member"] });
    const { handler } = pipeline(options(ks));
    const burst = await Promise.all(
      Array.from({ length: 50 }, () => handler(get({ "X-Auth-Token": "tok" }))),
    );
    for (const res of burst) {
      assert.equal(res.status, 200);
      await res.body?.cancel();
    }
    for (let i = 0; i < 20; i++) {
      const res = await handler(get({ "X-Auth-Token": "tok" }));
      await res.body?.cancel();
    }
    assert.equal(ks.counts.validate, 1);
    assert.equal(ks.counts.authenticate, 1);
  });
});

Deno.test("authtoken: the cache lasts token_cache_time and never past the token's expiry", async () => {
  await withKeystone(async (ks) => {
    let clock = Date.now();
    ks.add("long", { userId: "u", projectId: "p", roles: ["member"] });
    ks.add("short", { userId: "u", projectId: "p", roles: ["member"], expiresAt: clock + 5_000 });
    const { handler } = pipeline(options(ks, { tokenCacheTime: 60, now: () => clock }));
    const call = async (token: string) => {
      const res = await handler(get({ "X-Auth-Token": token }));
      await res.body?.cancel();
      return res.status;
    };
    assert.equal(await call("long"), 200);
    assert.equal(await call("short"), 200);
    assert.equal(ks.counts.validate, 2);
    clock += 6_000; // "short" expired: it is invalid now, and was not kept past its expiry
    assert.equal(await call("long"), 200);
    assert.equal(ks.counts.validate, 2);
    assert.equal(await call("short"), 401);
    assert.equal(ks.counts.validate, 3, "the expired entry was gone: Keystone was asked");
    clock += 60_000; // past token_cache_time: "long" is validated again
    ks.revoke("long");
    assert.equal(await call("long"), 401);
    assert.equal(ks.counts.validate, 4);
  });
});

Deno.test("authtoken: token_cache_time = -1 validates every time", async () => {
  await withKeystone(async (ks) => {
    ks.add("tok", { userId: "u", projectId: "p", roles: ["member"] });
    const { handler } = pipeline(options(ks, { tokenCacheTime: -1 }));
    for (let i = 0; i < 3; i++) {
      await (await handler(get({ "X-Auth-Token": "tok" }))).body?.cancel();
    }
    assert.equal(ks.counts.validate, 3);
  });
});

Deno.test("authtoken: include_service_catalog = false asks with ?nocatalog and sends no catalog", async () => {
  await withKeystone(async (ks) => {
    ks.add("tok", { userId: "u", projectId: "p", roles: ["member"] });
    const { handler, seen } = pipeline(options(ks, { includeServiceCatalog: false }));
    const res = await handler(get({ "X-Auth-Token": "tok", "X-Service-Catalog": "[]" }));
    await res.body?.cancel();
    assert.equal(res.status, 200);
    assert.deepEqual(ks.queries, ["?nocatalog"]);
    assert.equal(seen.headers!.get("x-service-catalog"), null);
    assert.equal(seen.catalog, null);
  });
});

Deno.test("authtoken: system, domain scope and is_admin_project", async () => {
  await withKeystone(async (ks) => {
    ks.add("sys", { userId: "u", roles: ["admin"], system: true });
    ks.add("dom", { userId: "u", roles: ["admin"], domainId: "d1", isAdminProject: false });
    const { handler, seen } = pipeline(options(ks));
    await (await handler(get({ "X-Auth-Token": "sys" }))).body?.cancel();
    assert.equal(seen.headers!.get("openstack-system-scope"), "all");
    assert.equal(seen.headers!.get("x-project-id"), null);
    assert.equal(seen.headers!.get("x-tenant-id"), null);
    await (await handler(get({ "X-Auth-Token": "dom" }))).body?.cancel();
    assert.equal(seen.headers!.get("openstack-system-scope"), null);
    assert.equal(seen.headers!.get("x-domain-id"), "d1");
    assert.equal(seen.headers!.get("x-domain-name"), "d1");
    assert.equal(seen.headers!.get("x-is-admin-project"), "False");
  });
});

Deno.test("authtoken: service tokens", async (t) => {
  await withKeystone(async (ks) => {
    ks.add("user", { userId: "u", projectId: "p", roles: ["member"] });
    ks.add("svc", {
      userId: "nova-id",
      userName: "nova",
      projectId: "service",
      roles: ["service"],
    });
    ks.add("notsvc", { userId: "x", projectId: "p", roles: ["member"] });
    ks.add("expired", {
      userId: "u",
      projectId: "p",
      roles: ["member"],
      expiresAt: Date.now() - 1000,
    });

    await t.step("a valid service token adds X-Service-* headers", async () => {
      const { handler, seen } = pipeline(options(ks));
      const res = await handler(get({ "X-Auth-Token": "user", "X-Service-Token": "svc" }));
      await res.body?.cancel();
      assert.equal(res.status, 200);
      assert.equal(seen.headers!.get("x-service-identity-status"), "Confirmed");
      assert.equal(seen.headers!.get("x-service-roles"), "service");
      assert.equal(seen.headers!.get("x-service-user-id"), "nova-id");
      assert.equal(seen.headers!.get("x-service-user-name"), "nova");
      assert.equal(seen.headers!.get("x-service-project-id"), "service");
      assert.equal(seen.headers!.get("x-user-id"), "u");
      assert.equal(seen.note!.service!.userId, "nova-id");
    });

    await t.step(
      "a service token without a service role is refused when roles are required",
      async () => {
        const { handler } = pipeline(options(ks));
        const res = await handler(get({ "X-Auth-Token": "user", "X-Service-Token": "notsvc" }));
        await res.body?.cancel();
        assert.equal(res.status, 401);
      },
    );

    await t.step("... and accepted when they are not", async () => {
      const logs: string[] = [];
      const { handler, seen } = pipeline(
        options(ks, { serviceTokenRolesRequired: false, log: (l) => logs.push(l) }),
      );
      for (let i = 0; i < 2; i++) {
        const res = await handler(get({ "X-Auth-Token": "user", "X-Service-Token": "notsvc" }));
        await res.body?.cancel();
        assert.equal(res.status, 200);
      }
      assert.equal(seen.headers!.get("x-service-identity-status"), "Confirmed");
      assert.equal(logs.filter((l) => l.includes("not a valid service token")).length, 1);
    });

    await t.step("an invalid service token is a 401 even with a valid user token", async () => {
      const { handler } = pipeline(options(ks));
      const res = await handler(get({ "X-Auth-Token": "user", "X-Service-Token": "bogus" }));
      await res.body?.cancel();
      assert.equal(res.status, 401);
    });

    await t.step("an expired user token passes only with a real service token", async () => {
      const { handler, seen } = pipeline(options(ks));
      let res = await handler(get({ "X-Auth-Token": "expired" }));
      await res.body?.cancel();
      assert.equal(res.status, 401);
      res = await handler(get({ "X-Auth-Token": "expired", "X-Service-Token": "svc" }));
      await res.body?.cancel();
      assert.equal(res.status, 200);
      assert.equal(seen.headers!.get("x-user-id"), "u");
      assert.ok(ks.queries.includes("?allow_expired=1"));
    });
  });
});

Deno.test("authtoken: a refused service token is renewed and the validation retried once", async () => {
  await withKeystone(async (ks) => {
    ks.add("tok", { userId: "u", projectId: "p", roles: ["member"] });
    ks.add("tok2", { userId: "u", projectId: "p", roles: ["member"] });
    const { handler } = pipeline(options(ks));
    await (await handler(get({ "X-Auth-Token": "tok" }))).body?.cancel();
    assert.equal(ks.counts.authenticate, 1);
    ks.expireServiceTokens();
    const res = await handler(get({ "X-Auth-Token": "tok2" }));
    await res.body?.cancel();
    assert.equal(res.status, 200);
    assert.equal(ks.counts.authenticate, 2);
    assert.equal(ks.counts.refused, 1);
  });
});

Deno.test("authtoken: wrong service credentials give 503, not 401", async () => {
  await withKeystone(async (ks) => {
    ks.add("tok", { userId: "u", projectId: "p", roles: ["member"] });
    const opts = options(ks);
    opts.credentials = { ...opts.credentials!, password: "wrong" };
    const { handler } = pipeline(opts);
    const res = await handler(get({ "X-Auth-Token": "tok" }));
    assert.equal(res.status, 503);
    await res.body?.cancel();
  });
});

Deno.test("authtoken: Keystone errors and outages are a 503 in webob's format, then it recovers", async () => {
  await withKeystone(async (ks) => {
    ks.add("tok", { userId: "u", projectId: "p", roles: ["member"] });
    const logs: string[] = [];
    const { handler } = pipeline(options(ks, { log: (l) => logs.push(l) }));
    ks.mode = "error500";
    let res = await handler(get({ "X-Auth-Token": "tok", Accept: "application/json" }));
    assert.equal(res.status, 503);
    assert.equal(res.headers.get("content-type"), "application/json");
    assert.equal(
      await res.text(),
      '{"message": "The server is currently unavailable. Please try again at a later time.<br />' +
        '<br />\\nThe Keystone service is temporarily unavailable.\\n\\n", "code": "503 Service ' +
        'Unavailable", "title": "Service Unavailable"}',
    );
    res = await handler(get({ "X-Auth-Token": "tok" }));
    assert.equal(res.status, 503);
    assert.equal(res.headers.get("content-type"), "text/plain; charset=UTF-8");
    assert.equal(
      await res.text(),
      "503 Service Unavailable\n\nThe server is currently unavailable. Please try again at a " +
        "later time.\n\n The Keystone service is temporarily unavailable.  ",
    );
    assert.ok(logs.some((l) => l.startsWith("CRITICAL Unable to validate token")));
    ks.mode = "ok";
    res = await handler(get({ "X-Auth-Token": "tok" }));
    assert.equal(res.status, 200);
    await res.body?.cancel();
  });
});

Deno.test("authtoken: an unreachable Keystone is retried http_request_max_retries times, then 503", async () => {
  const ks = startFakeKeystone();
  const url = ks.url;
  await ks.close();
  let attempts = 0;
  const opts = options({ ...ks, url } as FakeKeystone, {
    httpRequestMaxRetries: 2,
    fetch: (input, init) => {
      attempts++;
      return fetch(input, init);
    },
  });
  const { handler } = pipeline(opts);
  const started = Date.now();
  const res = await handler(get({ "X-Auth-Token": "tok", Accept: "text/html" }));
  assert.equal(res.status, 503);
  assert.match(await res.text(), /<h1>503 Service Unavailable<\/h1>\n {2}The server is currently/);
  assert.equal(attempts, 3);
  assert.ok(Date.now() - started >= 1400, "backs off 0.5 s then 1 s");
});

Deno.test("authtoken: 401s from below get WWW-Authenticate", async () => {
  await withKeystone(async (ks) => {
    ks.add("tok", { userId: "u", projectId: "p", roles: ["member"] });
    const opts = options(ks);
    let res = await pipeline(opts, () => Promise.resolve(new Response("no", { status: 401 })))
      .handler(get({ "X-Auth-Token": "tok" }));
    await res.body?.cancel();
    assert.equal(
      res.headers.get("www-authenticate"),
      'Keystone uri="http://public.example/identity"',
    );
    res = await pipeline(opts, () => Promise.resolve(Response.json({}, { status: 403 })))
      .handler(get({ "X-Auth-Token": "tok" }));
    await res.body?.cancel();
    assert.equal(res.headers.get("www-authenticate"), null);
    await assert.rejects(
      pipeline(opts, () => Promise.reject(new NovaFault(401, "nope"))).handler(
        get({ "X-Auth-Token": "tok" }),
      ),
      (e: NovaFault) =>
        e.headers["WWW-Authenticate"] === 'Keystone uri="http://public.example/identity"',
    );
  });
});

Deno.test("authtoken: www_authenticate_uri falls back to the auth URL", async () => {
  await withKeystone(async (ks) => {
    const logs: string[] = [];
    const { handler } = pipeline(
      options(ks, { wwwAuthenticateUri: null, log: (l) => logs.push(l) }),
    );
    const res = await handler(get());
    await res.body?.cancel();
    assert.equal(res.headers.get("www-authenticate"), `Keystone uri="${ks.url}/v3"`);
    assert.ok(logs.some((l) => l.includes("www_authenticate_uri")));
  });
});

Deno.test("authtoken: application credential access rules", async () => {
  await withKeystone(async (ks) => {
    ks.add("ac", {
      userId: "u",
      projectId: "p",
      roles: ["member"],
      applicationCredential: {
        id: "a",
        access_rules: [{ method: "GET", path: "/v2.1/flavors/*", service: "compute" }],
      },
    });
    const { handler } = pipeline(options(ks));
    const status = async (path: string, method = "GET") => {
      const res = await handler(
        new Request(`http://nova.example${path}`, { method, headers: { "X-Auth-Token": "ac" } }),
      );
      await res.body?.cancel();
      return res.status;
    };
    assert.equal(await status("/v2.1/flavors/1"), 200);
    assert.equal(await status("/v2.1/flavors"), 401);
    assert.equal(await status("/v2.1/flavors/1", "DELETE"), 401);
    const noType = pipeline(options(ks, { serviceType: null }));
    const res = await noType.handler(get({ "X-Auth-Token": "ac" }, "/v2.1/flavors/1"));
    await res.body?.cancel();
    assert.equal(res.status, 401, "rules cannot be checked without service_type");
  });
});

Deno.test("authtoken: a cached token's identity headers are those of the edit path, every time", async () => {
  await withKeystone(async (ks) => {
    ks.add("tok", { userId: "u1", userName: "demo", projectId: "p1", roles: ["member"] });
    ks.add("svc", { userId: "nova", projectId: "s", roles: ["service"] });
    const { handler, seen } = pipeline(options(ks));
    const forged = { "X-Roles": "admin", "X-Service-Catalog": "[]", "Accept": "application/json" };
    const call = async (headers: Record<string, string>) => {
      const res = await handler(get(headers));
      assert.equal(res.status, 200);
      await res.body?.cancel();
      return [...seen.headers!];
    };
    const first = await call({ "X-Auth-Token": "tok", ...forged });
    const second = await call({ "X-Auth-Token": "tok", ...forged });
    assert.deepEqual(second, first);
    // With a service token the headers are edited one by one: the user's are the same.
    const withService = await call({ "X-Auth-Token": "tok", "X-Service-Token": "svc", ...forged });
    const user = (pairs: [string, string][]) =>
      pairs.filter(([name]) => !name.startsWith("x-service-") || name === "x-service-catalog");
    assert.deepEqual(user(withService), user(first));
    const map = new Map(first);
    assert.equal(map.get("x-roles"), "member");
    assert.equal(map.get("accept"), "application/json");
    assert.notEqual(map.get("x-service-catalog"), "[]");
    assert.equal(ks.counts.validate, 2);
  });
});
