/**
 * The compute API's keystone pipeline (Nova master's api-paste.ini: … authtoken keystonecontext …)
 * against a real Keystone: tokens issued by Keystone for users with different roles, checked by
 * our auth_token through Keystone's own API, turned into contexts and judged by Nova's default
 * policies.
 *
 * Needs a running Keystone: `scripts/keystone/start.sh`, then
 * `KEYSTONE_URL=http://127.0.0.1:15100 deno test -P=test tests/interop/keystone.test.ts`
 * (or `scripts/keystone/run-tests.sh`). Without `KEYSTONE_URL` every test is skipped with a note.
 * The outage test stops and restarts that Keystone with scripts/keystone/stop.sh and start.sh; it
 * runs only when `$KS_STATE` (default /tmp/nova-deno-keystone) holds the pidfile of a Keystone
 * those scripts started.
 */
import assert from "node:assert/strict";
import { FACTORIES } from "../../lib/service/factories.ts";
import { createServiceRuntime, type ServiceRuntime } from "../../lib/service/runtime.ts";
import { configFromValues } from "../../lib/config/mod.ts";
import { loadPasteApp } from "../../lib/paste/mod.ts";
import type { FactoryTable } from "../../lib/paste/types.ts";
import { environ } from "../../lib/http/environ.ts";
import { authToken, authTokenOptions } from "../../lib/identity/authtoken/mod.ts";
import { keystoneContext } from "../../lib/middleware/keystonecontext.ts";
import { createEnforcer, isAdminByPolicy } from "../../lib/policy/mod.ts";
import { issueToken, seedKeystone, type SeedResult } from "../../scripts/keystone/seed.ts";
import { CLIENTS_REQUIRED } from "./_osc.ts";

const KEYSTONE_URL = Deno.env.get("KEYSTONE_URL")?.replace(/\/+$/, "").replace(/\/v3$/, "");
const KS_STATE = Deno.env.get("KS_STATE") ?? "/tmp/nova-deno-keystone";
const USER_PASSWORD = Deno.env.get("KS_USER_PASSWORD") ?? "secret";
const NOVA_PASSWORD = Deno.env.get("KS_NOVA_PASSWORD") ?? "secret";
const ADMIN_PASSWORD = Deno.env.get("KS_ADMIN_PASSWORD") ?? "secret";
const here = new URL(".", import.meta.url).pathname;
const root = new URL("../../", import.meta.url).pathname;

if (!KEYSTONE_URL && CLIENTS_REQUIRED) {
  throw new Error("the interop run needs a Keystone: KEYSTONE_URL is not set");
}
if (!KEYSTONE_URL) {
  console.error(
    "skipping keystone interop tests: KEYSTONE_URL is not set (start one with " +
      "scripts/keystone/start.sh, then KEYSTONE_URL=http://127.0.0.1:15100)",
  );
}

async function pidfileAlive(): Promise<boolean> {
  try {
    const pid = (await Deno.readTextFile(`${KS_STATE}/run/uwsgi.pid`)).trim();
    const probe = await new Deno.Command("kill", { args: ["-0", pid], stderr: "null" }).output();
    return probe.success;
  } catch {
    return false;
  }
}
const canRestart = KEYSTONE_URL !== undefined && await pidfileAlive();
if (KEYSTONE_URL && !canRestart && CLIENTS_REQUIRED) {
  throw new Error(`the interop run's Keystone has no pidfile in ${KS_STATE}`);
}
if (KEYSTONE_URL && !canRestart) {
  console.error(`skipping the keystone outage test: no keystone pidfile in ${KS_STATE}`);
}

/** Factories for the two keystone filters (the same code lib/service/factories.ts is to call). */
function keystoneTable(log: (line: string) => void): FactoryTable<ServiceRuntime> {
  return {
    ...FACTORIES,
    filters: {
      ...FACTORIES.filters,
      "keystonemiddleware.auth_token:filter_factory": ({ runtime, globalConf, localConf }) =>
        authToken({ ...authTokenOptions(runtime.config, { ...globalConf, ...localConf }), log }),
      "nova.api.auth:NovaKeystoneContext.factory": async ({ runtime: { config } }) => {
        const enforcer = await createEnforcer({
          configDir: config.dir,
          enforceScope: config.get<boolean>("oslo_policy", "enforce_scope"),
          enforceNewDefaults: config.get<boolean>("oslo_policy", "enforce_new_defaults"),
        });
        return keystoneContext({
          isAdmin: (ctx) => isAdminByPolicy(enforcer, ctx),
          useForwardedFor: config.get<boolean>("api", "use_forwarded_for"),
        });
      },
    },
  };
}

/** A compute API (master paste file, keystone pipeline) served on an ephemeral port. */
interface Compute {
  url: string;
  logs: string[];
  close(): Promise<void>;
}

async function startCompute(identityUrl: string, cacheTime: number): Promise<Compute> {
  const config = configFromValues({
    api: { auth_strategy: "keystone" },
    database: { connection: ":memory:" },
    keystone_authtoken: {
      www_authenticate_uri: `${identityUrl}/v3`,
      auth_url: `${identityUrl}/v3`,
      auth_type: "password",
      username: "nova",
      password: NOVA_PASSWORD,
      user_domain_name: "Default",
      project_name: "service",
      project_domain_name: "Default",
      token_cache_time: cacheTime,
      http_request_max_retries: 1,
      http_connect_timeout: 10,
    },
  }, { dir: here });
  const logs: string[] = [];
  const log = (line: string) => logs.push(line);
  const runtime = createServiceRuntime(config, log);
  const file = `${root}tests/fixtures/paste/api-paste.master.ini`;
  const handler = await loadPasteApp({
    file,
    text: await Deno.readTextFile(file),
    name: "osapi_compute",
    table: keystoneTable(log),
    runtime,
  });
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (req, info) => {
    environ(req).remoteAddr = info.remoteAddr.hostname;
    return handler(req);
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    logs,
    async close() {
      await server.shutdown();
      runtime.close();
    },
  };
}

/**
 * An HTTP proxy in front of Keystone that counts requests by method and path and rewrites
 * Keystone's own URL in answers to its own, so that the catalog's Identity endpoint (where
 * auth_token validates) leads back through it.
 */
function startCountingProxy(upstream: string) {
  const counts = new Map<string, number>();
  let self = "";
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (req) => {
    const url = new URL(req.url);
    const key = `${req.method} ${url.pathname}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const headers = new Headers(req.headers);
    headers.delete("host");
    const res = await fetch(`${upstream}${url.pathname}${url.search}`, {
      method: req.method,
      headers,
      body: req.body,
    });
    const text = (await res.text()).replaceAll(`${upstream}/`, `${self}/`);
    const out = new Headers(res.headers);
    out.delete("content-length");
    return new Response(text, { status: res.status, headers: out });
  });
  self = `http://127.0.0.1:${server.addr.port}`;
  return {
    url: self,
    count: (key: string) => counts.get(key) ?? 0,
    close: () => server.shutdown(),
  };
}

async function call(
  compute: Compute,
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
  extra: Record<string, string> = {},
): Promise<{ status: number; json: () => unknown; headers: Headers; text: string }> {
  const headers: Record<string, string> = { accept: "application/json", ...extra };
  if (token) headers["x-auth-token"] = token;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${compute.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}

async function keystoneScript(name: "start.sh" | "stop.sh") {
  const port = new URL(KEYSTONE_URL!).port;
  const out = await new Deno.Command(`${root}scripts/keystone/${name}`, {
    env: { KS_STATE, KS_PORT: port },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stderr);
  assert.ok(out.success, `${name} failed: ${text}`);
}

/** Tokens of every seeded persona (project-scoped to their own project). */
async function personaTokens(url: string) {
  const [admin, demo, reader, alt, nova] = await Promise.all([
    issueToken(url, "admin", ADMIN_PASSWORD, "admin"),
    issueToken(url, "demo", USER_PASSWORD, "demo"),
    issueToken(url, "reader", USER_PASSWORD, "demo"),
    issueToken(url, "alt", USER_PASSWORD, "alt"),
    issueToken(url, "nova", NOVA_PASSWORD, "service"),
  ]);
  return { admin, demo, reader, alt, nova };
}

let seeded: Promise<SeedResult> | undefined;
const seed = () =>
  seeded ??= seedKeystone({
    url: KEYSTONE_URL!,
    adminPassword: ADMIN_PASSWORD,
    userPassword: USER_PASSWORD,
    novaPassword: NOVA_PASSWORD,
  });

const suffix = () => crypto.randomUUID().slice(0, 8);

Deno.test({
  name: "keystone: roles against read, create and admin calls; projects stay apart; forged headers",
  ignore: !KEYSTONE_URL,
  async fn(t) {
    const ids = await seed();
    const tokens = await personaTokens(KEYSTONE_URL!);
    const compute = await startCompute(KEYSTONE_URL!, 300);
    try {
      await t.step("no token: 401 with WWW-Authenticate; version documents need none", async () => {
        const res = await call(compute, "GET", "/v2.1/flavors", null);
        assert.equal(res.status, 401);
        assert.equal(res.headers.get("www-authenticate"), `Keystone uri="${KEYSTONE_URL}/v3"`);
        assert.deepEqual(res.json(), {
          error: {
            code: 401,
            title: "Unauthorized",
            message: "The request you have made requires authentication.",
          },
        });
        assert.equal((await call(compute, "GET", "/v2.1/", null)).status, 200);
        assert.equal((await call(compute, "GET", "/", null)).status, 200);
        const bogus = await call(compute, "GET", "/v2.1/flavors", "gAAAAAB-not-a-token");
        assert.equal(bogus.status, 401);
      });

      const expect: Record<string, { flavorCreate: number; demoQuota: number }> = {
        admin: { flavorCreate: 200, demoQuota: 200 },
        nova: { flavorCreate: 200, demoQuota: 200 },
        demo: { flavorCreate: 403, demoQuota: 200 },
        reader: { flavorCreate: 403, demoQuota: 200 },
        alt: { flavorCreate: 403, demoQuota: 403 },
      };
      for (const [who, want] of Object.entries(expect)) {
        const token = tokens[who as keyof typeof tokens];
        await t.step(
          `${who}: list flavors, create a keypair, create a flavor, read demo's quotas`,
          async () => {
            const list = await call(compute, "GET", "/v2.1/flavors", token);
            assert.equal(list.status, 200, list.text);
            const kp = await call(compute, "POST", "/v2.1/os-keypairs", token, {
              keypair: { name: `kp-${who}-${suffix()}` },
            });
            assert.equal(kp.status, 200, kp.text);
            const flavor = await call(compute, "POST", "/v2.1/flavors", token, {
              flavor: { name: `ks-${who}-${suffix()}`, ram: 64, vcpus: 1, disk: 1 },
            });
            assert.equal(flavor.status, want.flavorCreate, flavor.text);
            const quota = await call(
              compute,
              "GET",
              `/v2.1/os-quota-sets/${ids.projects.demo}`,
              token,
            );
            assert.equal(quota.status, want.demoQuota, quota.text);
          },
        );
      }

      await t.step("keypairs belong to their user: alt does not see demo's", async () => {
        const name = `kp-private-${suffix()}`;
        const made = await call(compute, "POST", "/v2.1/os-keypairs", tokens.demo, {
          keypair: { name },
        });
        assert.equal(made.status, 200, made.text);
        const mine = await call(compute, "GET", "/v2.1/os-keypairs", tokens.demo);
        const names = (mine.json() as { keypairs: { keypair: { name: string } }[] }).keypairs
          .map((k) => k.keypair.name);
        assert.ok(names.includes(name));
        const theirs = await call(compute, "GET", "/v2.1/os-keypairs", tokens.alt);
        assert.ok(!theirs.text.includes(name));
        assert.equal(
          (await call(compute, "GET", `/v2.1/os-keypairs/${name}`, tokens.alt)).status,
          404,
        );
        // ?user_id= exists from microversion 2.10 on
        const mv = { "X-OpenStack-Nova-API-Version": "2.10" };
        const asOther = await call(
          compute,
          "GET",
          `/v2.1/os-keypairs?user_id=${ids.users.demo}`,
          tokens.alt,
          undefined,
          mv,
        );
        assert.equal(asOther.status, 403, asOther.text);
        const asAdmin = await call(
          compute,
          "GET",
          `/v2.1/os-keypairs?user_id=${ids.users.demo}`,
          tokens.admin,
          undefined,
          mv,
        );
        assert.equal(asAdmin.status, 200, asAdmin.text);
        assert.ok(asAdmin.text.includes(name));
      });

      await t.step("projects stay apart: quota sets and limits", async () => {
        assert.equal(
          (await call(compute, "GET", `/v2.1/os-quota-sets/${ids.projects.alt}`, tokens.demo))
            .status,
          403,
        );
        assert.equal(
          (await call(compute, "GET", `/v2.1/os-quota-sets/${ids.projects.alt}`, tokens.alt))
            .status,
          200,
        );
        const limits = await call(
          compute,
          "GET",
          `/v2.1/limits?tenant_id=${ids.projects.demo}`,
          tokens.alt,
        );
        assert.equal(limits.status, 403, limits.text);
      });

      await t.step("forged identity headers change nothing", async () => {
        const forged = {
          "X-Roles": "admin",
          "X-Role": "admin",
          "X-Is-Admin-Project": "True",
          "X-Project-Id": ids.projects.alt,
          "X-Tenant-Id": ids.projects.alt,
          "X-User-Id": ids.users.admin,
          "X-Identity-Status": "Confirmed",
          "OpenStack-System-Scope": "all",
          "X-Service-Roles": "service,admin",
        };
        const flavor = await call(compute, "POST", "/v2.1/flavors", tokens.demo, {
          flavor: { name: `forged-${suffix()}`, ram: 64, vcpus: 1, disk: 1 },
        }, forged);
        assert.equal(flavor.status, 403, flavor.text);
        const quota = await call(
          compute,
          "GET",
          `/v2.1/os-quota-sets/${ids.projects.alt}`,
          tokens.demo,
          undefined,
          forged,
        );
        assert.equal(quota.status, 403, quota.text);
        const noToken = await call(compute, "GET", "/v2.1/flavors", null, undefined, forged);
        assert.equal(noToken.status, 401);
      });

      await t.step("service tokens: a service-role token counts, a member's does not", async () => {
        const ok = await call(compute, "GET", "/v2.1/flavors", tokens.demo, undefined, {
          "X-Service-Token": tokens.nova,
        });
        assert.equal(ok.status, 200, ok.text);
        const refused = await call(compute, "GET", "/v2.1/flavors", tokens.demo, undefined, {
          "X-Service-Token": tokens.alt,
        });
        assert.equal(refused.status, 401);
      });
    } finally {
      await compute.close();
    }
  },
});

Deno.test({
  name: "keystone: a revoked token is refused once token_cache_time has passed",
  ignore: !KEYSTONE_URL,
  async fn() {
    await seed();
    const admin = await issueToken(KEYSTONE_URL!, "admin", ADMIN_PASSWORD, "admin");
    const victim = await issueToken(KEYSTONE_URL!, "demo", USER_PASSWORD, "demo");
    const compute = await startCompute(KEYSTONE_URL!, 2);
    try {
      assert.equal((await call(compute, "GET", "/v2.1/flavors", victim)).status, 200);
      const revoke = await fetch(`${KEYSTONE_URL}/v3/auth/tokens`, {
        method: "DELETE",
        headers: { "x-auth-token": admin, "x-subject-token": victim },
      });
      await revoke.body?.cancel();
      assert.equal(revoke.status, 204);
      // still cached: keystonemiddleware's documented window
      assert.equal((await call(compute, "GET", "/v2.1/flavors", victim)).status, 200);
      await new Promise((r) => setTimeout(r, 2100));
      const after = await call(compute, "GET", "/v2.1/flavors", victim);
      assert.equal(after.status, 401, after.text);
    } finally {
      await compute.close();
    }
  },
});

Deno.test({
  name: "keystone: 1,000 requests with one token cost Keystone one validation",
  ignore: !KEYSTONE_URL,
  async fn() {
    await seed();
    const token = await issueToken(KEYSTONE_URL!, "demo", USER_PASSWORD, "demo");
    const proxy = startCountingProxy(KEYSTONE_URL!);
    const compute = await startCompute(proxy.url, 300);
    try {
      const started = performance.now();
      for (let batch = 0; batch < 20; batch++) {
        const results = await Promise.all(
          Array.from({ length: 50 }, () => call(compute, "GET", "/v2.1/flavors", token)),
        );
        for (const res of results) assert.equal(res.status, 200, res.text);
      }
      const ms = performance.now() - started;
      console.error(`1000 authenticated requests in ${ms.toFixed(0)} ms`);
      assert.equal(proxy.count("GET /v3/auth/tokens"), 1);
      assert.equal(proxy.count("POST /v3/auth/tokens"), 1, "one service-user login");
    } finally {
      await compute.close();
      await proxy.close();
    }
  },
});

Deno.test({
  name: "keystone: Keystone stopped mid-run is a 503; after a restart requests pass again",
  ignore: !canRestart,
  async fn() {
    await seed();
    const tokens = await personaTokens(KEYSTONE_URL!);
    const compute = await startCompute(KEYSTONE_URL!, 2);
    let stopped = false;
    try {
      assert.equal((await call(compute, "GET", "/v2.1/flavors", tokens.demo)).status, 200);
      await keystoneScript("stop.sh");
      stopped = true;
      // a token the filter has not seen must be checked with Keystone, which is gone
      const down = await call(compute, "GET", "/v2.1/flavors", tokens.reader);
      assert.equal(down.status, 503, down.text);
      assert.match(down.text, /The Keystone service is temporarily unavailable\./);
      assert.ok(compute.logs.some((l) => l.startsWith("CRITICAL Unable to validate token")));
      await keystoneScript("start.sh");
      stopped = false;
      const back = await call(compute, "GET", "/v2.1/flavors", tokens.reader);
      assert.equal(back.status, 200, back.text);
    } finally {
      if (stopped) await keystoneScript("start.sh");
      await compute.close();
    }
  },
});
