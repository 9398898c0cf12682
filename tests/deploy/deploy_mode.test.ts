/**
 * compute.ts and metadata.ts as Deno Deploy runs them: `deno serve -A` (Deploy calls the default
 * export's `fetch`), `DENO_DEPLOYMENT_ID` set, an empty `OS_NOVA_CONFIG_DIR` (no nova.conf, no
 * api-paste.ini: the built-in paste), every setting an `OS_<GROUP>__<OPTION>` variable and the
 * store a KV file both processes open (standing in for Deploy's managed KV, which an empty
 * `[database] connection` opens). End to end:
 *
 * - the embedded identity issues a token, its signing key is in the store (no key file is
 *   written anywhere) and the compute API accepts the token through keystonemiddleware;
 * - a server is created and reaches ACTIVE with no background process: it is seen building, and
 *   only reads move its timeline on;
 * - the metadata process reads the server's meta_data.json from the same store (signed
 *   `X-Instance-ID`);
 * - a revoked token is refused (revocations are in the store too);
 * - `[deno] log_format = json` (`OS_DENO__LOG_FORMAT`) makes each request one JSON line.
 *
 * Runs under `deno task test:deploy`.
 */
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { freePort } from "../support/ports.ts";
import { CIRROS_IMAGE_ID } from "../../lib/images/catalog.ts";
import { PRIVATE_NETWORK_ID } from "../../lib/networks/catalog.ts";

const ROOT = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");
const SECRET = "deploy-mode-secret";

interface Child {
  name: string;
  base: string;
  process: Deno.ChildProcess;
  output: Promise<string>;
}

function spawn(name: string, entry: string, port: number, env: Record<string, string>): Child {
  const process = new Deno.Command(Deno.execPath(), {
    args: ["serve", "-A", "--host", "127.0.0.1", "--port", String(port), entry],
    cwd: ROOT,
    clearEnv: true,
    env: {
      NO_COLOR: "1",
      PATH: Deno.env.get("PATH") ?? "",
      HOME: Deno.env.get("HOME") ?? "",
      ...env,
    },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const output = Promise.all([
    new Response(process.stdout).text(),
    new Response(process.stderr).text(),
  ]).then(([o, e]) => o + e);
  return { name, base: `http://127.0.0.1:${port}`, process, output };
}

async function waitUp(child: Child): Promise<void> {
  for (let waited = 0; waited < 60_000; waited += 100) {
    try {
      const response = await fetch(`${child.base}/healthcheck`, {
        signal: AbortSignal.timeout(5_000),
      });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${child.name} did not come up:\n${await stop(child)}`);
}

async function stop(child: Child): Promise<string> {
  try {
    child.process.kill("SIGTERM");
  } catch { /* gone */ }
  await child.process.status;
  return await child.output;
}

async function call(
  base: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; json?: unknown } = {},
): Promise<{ status: number; headers: Headers; body: string }> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.json !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? (init.json === undefined ? "GET" : "POST"),
    headers,
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
    signal: AbortSignal.timeout(60_000),
  });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

Deno.test({
  name: "Deno Deploy mode: env-only configuration, secrets and timelines in KV, two apps",
  sanitizeResources: false,
  sanitizeOps: false,
}, async () => {
  const work = await Deno.makeTempDir({ prefix: "nova-deploy-mode-" });
  const emptyConfig = `${work}/config`;
  await Deno.mkdir(emptyConfig);
  const computePort = freePort();
  let metadataPort = freePort();
  while (metadataPort === computePort) metadataPort = freePort();
  const identity = `http://127.0.0.1:${computePort}/identity/v3`;
  const env: Record<string, string> = {
    DENO_DEPLOYMENT_ID: "deploy-mode-test",
    OS_NOVA_CONFIG_DIR: emptyConfig,
    OS_DATABASE__CONNECTION: `${work}/kv/nova.sqlite`,
    OS_API__AUTH_STRATEGY: "keystone",
    OS_IDENTITY__USERS: "admin:s3cret:admin:admin",
    OS_IDENTITY__SIGNING_KEY_FILE: "",
    OS_KEYSTONE_AUTHTOKEN__WWW_AUTHENTICATE_URI: identity,
    OS_KEYSTONE_AUTHTOKEN__AUTH_URL: identity,
    OS_KEYSTONE_AUTHTOKEN__AUTH_TYPE: "password",
    OS_KEYSTONE_AUTHTOKEN__USERNAME: "admin",
    OS_KEYSTONE_AUTHTOKEN__PASSWORD: "s3cret",
    OS_KEYSTONE_AUTHTOKEN__PROJECT_NAME: "admin",
    OS_KEYSTONE_AUTHTOKEN__USER_DOMAIN_NAME: "Default",
    OS_KEYSTONE_AUTHTOKEN__PROJECT_DOMAIN_NAME: "Default",
    OS_NEUTRON__SERVICE_METADATA_PROXY: "true",
    OS_NEUTRON__METADATA_PROXY_SHARED_SECRET: SECRET,
    OS_DENO__SEED_FLAVORS: "true",
    OS_DENO__FAKE_BOOT_SECONDS: "0.5",
    OS_DENO__LOG_FORMAT: "json",
  };
  const before = new Set<string>();
  for await (const e of Deno.readDir(ROOT)) before.add(e.name);
  const compute = spawn("compute", "compute.ts", computePort, env);
  const metadata = spawn("metadata", "metadata.ts", metadataPort, env);
  let logs = "";
  let projectOf = "";
  try {
    await waitUp(compute);
    await waitUp(metadata);

    // 1. A token from the embedded identity; its key is in the store, not in a file.
    const auth = await call(compute.base, "/identity/v3/auth/tokens", {
      json: {
        auth: {
          identity: {
            methods: ["password"],
            password: {
              user: { name: "admin", domain: { id: "default" }, password: "s3cret" },
            },
          },
          scope: { project: { name: "admin", domain: { id: "default" } } },
        },
      },
    });
    assert.equal(auth.status, 201, auth.body);
    const token = auth.headers.get("x-subject-token")!;
    assert.ok(token);
    const projectId = JSON.parse(auth.body).token.project.id;
    projectOf = projectId;
    const kv = await Deno.openKv(env.OS_DATABASE__CONNECTION);
    try {
      const key = await kv.get<Uint8Array>(["identity", "signing_key"]);
      assert.ok(key.value instanceof Uint8Array, "the signing key is in the store");
    } finally {
      kv.close();
    }

    // 2. A server, built with no background process: reads move its timeline on.
    const headers = { "X-Auth-Token": token };
    const created = await call(compute.base, "/v2.1/servers", {
      headers,
      json: {
        server: {
          name: "on-deploy",
          imageRef: CIRROS_IMAGE_ID,
          flavorRef: "1",
          networks: [{ uuid: PRIVATE_NETWORK_ID }],
        },
      },
    });
    assert.equal(created.status, 202, created.body);
    const id = JSON.parse(created.body).server.id;
    const first = await call(compute.base, `/v2.1/servers/${id}`, { headers });
    assert.equal(first.status, 200, first.body);
    assert.equal(JSON.parse(first.body).server.status, "BUILD");
    let status = "BUILD";
    for (let i = 0; i < 600 && status === "BUILD"; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const r = await call(compute.base, `/v2.1/servers/${id}`, { headers });
      assert.equal(r.status, 200, r.body);
      status = JSON.parse(r.body).server.status;
    }
    assert.equal(status, "ACTIVE");

    // 3. The metadata app reads the same store.
    const signature = createHmac("sha256", SECRET).update(id).digest("hex");
    const meta = await call(metadata.base, "/openstack/latest/meta_data.json", {
      headers: {
        "X-Instance-ID": id,
        "X-Tenant-ID": projectId,
        "X-Instance-ID-Signature": signature,
      },
    });
    assert.equal(meta.status, 200, meta.body);
    assert.equal(JSON.parse(meta.body).uuid, id);
    assert.equal(JSON.parse(meta.body).name, "on-deploy");

    // 4. Revocation goes through the store: the token no longer works.
    const revoked = await call(compute.base, "/identity/v3/auth/tokens", {
      method: "DELETE",
      headers: { "X-Auth-Token": token, "X-Subject-Token": token },
    });
    assert.equal(revoked.status, 204, revoked.body);
    const check = await call(compute.base, "/identity/v3/auth/tokens", {
      headers: { "X-Auth-Token": token, "X-Subject-Token": token },
    });
    // Keystone refuses a request authenticated by a revoked token.
    assert.equal(check.status, 401, check.body);
    const store = await Deno.openKv(env.OS_DATABASE__CONNECTION);
    try {
      const revokedIds = [];
      for await (const e of store.list({ prefix: ["identity", "revoked"] })) revokedIds.push(e);
      assert.equal(revokedIds.length, 1, "the revocation is in the store");
    } finally {
      store.close();
    }
  } finally {
    logs = (await stop(compute)) + (await stop(metadata));
  }
  try {
    // Nothing was written next to the code (no key file, no state folder).
    const after: string[] = [];
    for await (const e of Deno.readDir(ROOT)) if (!before.has(e.name)) after.push(e.name);
    assert.deepEqual(after, []);
    const emptyAfter = [];
    for await (const e of Deno.readDir(emptyConfig)) emptyAfter.push(e.name);
    assert.deepEqual(emptyAfter, []);
    // One JSON object per request, with its request id.
    const entries = logs.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
    const create = entries.find((e) => e.method === "POST" && e.path === "/v2.1/servers");
    assert.ok(create, logs);
    assert.equal(create.status, 202);
    assert.match(create.request_id, /^req-/);
    assert.equal(create.project_id, projectOf);
    assert.ok(create.user_id, JSON.stringify(create));
  } finally {
    await Deno.remove(work, { recursive: true });
  }
});
