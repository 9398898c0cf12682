/**
 * Several processes on one store, as an operator scales the APIs out: three compute processes
 * (`deno run -P=compute compute.ts`), `deno serve -P=compute --parallel` of the same module (two
 * workers, each opening the store itself) and two metadata processes (`deno run -P=metadata
 * metadata.ts`), all real processes on their own loopback ports, one config dir and one SQLite KV
 * file. Concurrent work is spread over all of them:
 *
 * - creates of one project whose `[quota] instances` admits exactly K: exactly K are accepted,
 *   every other is Nova's 403, and the usage every process reports is K;
 * - rounds of stop, then start and hard reboot, of the same servers from every compute process at once:
 *   each request is accepted or 409, exactly one stop per server is accepted, every accepted
 *   action is recorded (no lost write) and all processes agree on the final state;
 * - the same keypair name from every process at once: exactly one 201;
 * - each server's meta_data.json through each metadata process (signed `X-Instance-ID`);
 * - every server deleted from every process at once: usage back to zero everywhere.
 *
 * No server shares a fixed IP with another, and no response is a 500 or mentions "database is
 * locked". Runs under `deno task test:deploy`.
 */
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { freePort } from "../support/ports.ts";
import { CIRROS_IMAGE_ID } from "../../lib/images/catalog.ts";
import { PRIVATE_NETWORK_ID } from "../../lib/networks/catalog.ts";

const ROOT = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");
const COMPUTE_PROCESSES = 3;
const METADATA_PROCESSES = 2;
const SERVE_WORKERS = 2;
const QUOTA = 5;
const CREATES = 24;
const ACTION_ROUNDS = 3;
const SECRET = "multiprocess-test-secret";

interface Child {
  name: string;
  base: string;
  process: Deno.ChildProcess;
  output: Promise<string>;
}

/** Every response seen, for the assertions that hold for all of them. */
const seen: { what: string; status: number; body: string }[] = [];

async function call(
  base: string,
  path: string,
  init: { method?: string; token?: string; json?: unknown; headers?: Record<string, string> } = {},
  // deno-lint-ignore no-explicit-any
): Promise<{ status: number; body: string; json: () => any }> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers["X-Auth-Token"] = init.token;
  if (init.json !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? (init.json === undefined ? "GET" : "POST"),
    headers,
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
    signal: AbortSignal.timeout(60_000),
  });
  const body = await response.text();
  seen.push({ what: `${init.method ?? "GET"} ${base}${path}`, status: response.status, body });
  return { status: response.status, body, json: () => JSON.parse(body) };
}

function spawn(name: string, args: string[], env: Record<string, string>, port: number): Child {
  const process = new Deno.Command(Deno.execPath(), {
    args,
    cwd: ROOT,
    env: { NO_COLOR: "1", ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const output = Promise.all([
    new Response(process.stdout).text(),
    new Response(process.stderr).text(),
  ])
    .then(([o, e]) => o + e);
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
  throw new Error(`${child.name} did not come up`);
}

async function stopAll(children: Child[]): Promise<string[]> {
  for (const c of children) {
    try {
      c.process.kill("SIGTERM");
    } catch { /* gone */ }
  }
  const out = [];
  for (const c of children) {
    const timer = setTimeout(() => {
      try {
        c.process.kill("SIGKILL");
      } catch { /* gone */ }
    }, 20_000);
    await c.process.status;
    clearTimeout(timer);
    out.push(`--- ${c.name}\n${await c.output}`);
  }
  return out;
}

const DEMO = "demo:demo";
const ADMIN = "admin:admin";

Deno.test({
  name: "compute and metadata processes (and deno serve --parallel) share one store correctly",
  sanitizeResources: false,
  sanitizeOps: false,
}, async () => {
  const dir = `state/multiproc-test-${Deno.pid}`;
  await Deno.mkdir(`${ROOT}/${dir}`, { recursive: true });
  await Deno.copyFile(`${ROOT}/etc/nova/api-paste.ini`, `${ROOT}/${dir}/api-paste.ini`);
  await Deno.writeTextFile(
    `${ROOT}/${dir}/nova.conf`,
    `[DEFAULT]
osapi_compute_listen = 127.0.0.1
metadata_listen = 127.0.0.1

[api]
auth_strategy = noauth2

[database]
connection = sqlite:///${dir}/nova.sqlite

[deno]
seed_flavors = true
fake_boot_seconds = 0

[virt]
fake_delete_seconds = 0

[quota]
instances = ${QUOTA}

[neutron]
service_metadata_proxy = true
metadata_proxy_shared_secret = ${SECRET}
`,
  );
  const env = { OS_NOVA_CONFIG_DIR: `${ROOT}/${dir}` };
  const children: Child[] = [];
  const ports = new Set<number>();
  const port = () => {
    let p = freePort();
    while (ports.has(p)) p = freePort();
    ports.add(p);
    return p;
  };
  let failed = true;
  try {
    for (let i = 0; i < COMPUTE_PROCESSES; i++) {
      const p = port();
      children.push(spawn(`compute-${i}`, ["run", "-P=compute", "compute.ts"], {
        ...env,
        OS_DEFAULT__OSAPI_COMPUTE_LISTEN_PORT: String(p),
      }, p));
    }
    const servePort = port();
    children.push(spawn(
      "compute-serve-parallel",
      [
        "serve",
        "-P=compute",
        "--parallel",
        "--host",
        "127.0.0.1",
        "--port",
        String(servePort),
        "compute.ts",
      ],
      { ...env, DENO_JOBS: String(SERVE_WORKERS) },
      servePort,
    ));
    for (let i = 0; i < METADATA_PROCESSES; i++) {
      const p = port();
      children.push(spawn(`metadata-${i}`, ["run", "-P=metadata", "metadata.ts"], {
        ...env,
        OS_DEFAULT__METADATA_LISTEN_PORT: String(p),
      }, p));
    }
    await Promise.all(children.map(waitUp));
    const computes = children.filter((c) => c.name.startsWith("compute")).map((c) => c.base);
    const metadatas = children.filter((c) => c.name.startsWith("metadata")).map((c) => c.base);
    // `deno serve --parallel` spreads connections over its workers: give it several turns.
    const turn = (i: number) => computes[i % computes.length];

    // 1. Creates against the quota, spread over every compute process at once.
    const creates = await Promise.all(
      Array.from({ length: CREATES }, (_, i) =>
        call(turn(i), "/v2.1/servers", {
          token: DEMO,
          json: {
            server: {
              name: `vm-${i}`,
              imageRef: CIRROS_IMAGE_ID,
              flavorRef: "1",
              networks: [{ uuid: PRIVATE_NETWORK_ID }],
            },
          },
        })),
    );
    const accepted = creates.filter((r) => r.status === 202);
    const refused = creates.filter((r) => r.status === 403);
    assert.equal(accepted.length, QUOTA, creates.map((r) => r.status).join(","));
    assert.equal(refused.length, CREATES - QUOTA);
    for (const r of refused) assert.match(r.body, /Quota exceeded for instances/);
    const ids = accepted.map((r) => r.json().server.id as string).sort();
    assert.equal(new Set(ids).size, QUOTA);

    // Every process sees exactly those servers, ACTIVE, each with its own fixed IP.
    for (const base of computes) {
      const listed = (await call(base, "/v2.1/servers/detail", { token: DEMO })).json().servers;
      assert.deepEqual(listed.map((s: { id: string }) => s.id).sort(), ids, base);
      const addresses = listed.flatMap((s: { addresses: Record<string, { addr: string }[]> }) =>
        Object.values(s.addresses).flat().map((a) => a.addr)
      );
      assert.equal(addresses.length, QUOTA, base);
      assert.equal(new Set(addresses).size, QUOTA, `duplicate fixed IP: ${addresses}`);
      for (const s of listed) assert.equal(s.status, "ACTIVE", base);
      const limits = (await call(base, "/v2.1/limits", { token: DEMO })).json().limits.absolute;
      assert.equal(limits.totalInstancesUsed, QUOTA, base);
      const quota = (await call(base, "/v2.1/os-quota-sets/demo/detail", { token: ADMIN })).json();
      assert.equal(quota.quota_set.instances.in_use, QUOTA, base);
      assert.equal(quota.quota_set.instances.limit, QUOTA, base);
    }

    // 2. Concurrent actions on the same servers from every process.
    const act = (base: string, id: string, body: unknown) =>
      call(base, `/v2.1/servers/${id}/action`, { token: DEMO, json: body });
    let acceptedActions = 0;
    let refusedActions = 0;
    for (let round = 0; round < ACTION_ROUNDS; round++) {
      const stops = await Promise.all(
        ids.flatMap((id) => computes.map((base) => act(base, id, { "os-stop": null }))),
      );
      for (const r of stops) assert.ok([202, 409].includes(r.status), `${r.status} ${r.body}`);
      // A stop is only accepted from ACTIVE: once one is in, the others find it stopped.
      assert.equal(stops.filter((r) => r.status === 202).length, QUOTA);
      const mixed = await Promise.all(
        ids.flatMap((id) =>
          computes.map((base, i) =>
            act(base, id, i % 2 ? { reboot: { type: "HARD" } } : { "os-start": null })
          )
        ),
      );
      for (const r of mixed) assert.ok([202, 409].includes(r.status), `${r.status} ${r.body}`);
      for (const r of [...stops, ...mixed]) {
        if (r.status === 202) acceptedActions++;
        else refusedActions++;
      }
    }
    let recorded = 0;
    for (const id of ids) {
      const views = await Promise.all(computes.map(async (base) => {
        const s = (await call(base, `/v2.1/servers/${id}`, { token: DEMO })).json().server;
        return `${s.status}/${s["OS-EXT-STS:task_state"]}/${s["OS-EXT-STS:vm_state"]}`;
      }));
      // Every process agrees, and every accepted start or reboot has run: ACTIVE, no task.
      assert.deepEqual(new Set(views), new Set(["ACTIVE/null/active"]), `${id}: ${views}`);
      const actions = (await call(turn(0), `/v2.1/servers/${id}/os-instance-actions`, {
        token: DEMO,
      })).json().instanceActions.map((a: { action: string }) => a.action);
      assert.equal(actions.filter((a: string) => a === "create").length, 1);
      const stopped = actions.filter((a: string) => a === "stop").length;
      assert.equal(stopped, ACTION_ROUNDS, `${id}: ${actions}`);
      recorded += actions.filter((a: string) => a !== "create").length;
    }
    assert.equal(recorded, acceptedActions, "an accepted action was not recorded");

    // 3. One keypair name from every process at once, twice over.
    const keypairs = await Promise.all(
      [...computes, ...computes].map((base) =>
        call(base, "/v2.1/os-keypairs", {
          token: DEMO,
          headers: { "X-OpenStack-Nova-API-Version": "2.2" },
          json: { keypair: { name: "shared-key" } },
        })
      ),
    );
    const statuses = keypairs.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 201).length, 1, statuses.join(","));
    assert.equal(statuses.filter((s) => s === 409).length, statuses.length - 1, statuses.join(","));

    // 4. Each server's metadata through each metadata process, all at once.
    const sign = (id: string) => createHmac("sha256", SECRET).update(id).digest("hex");
    const reads = await Promise.all(ids.flatMap((id) =>
      metadatas.map(async (base) => {
        const r = await call(base, "/openstack/latest/meta_data.json", {
          headers: {
            "X-Instance-ID": id,
            "X-Tenant-ID": "demo",
            "X-Instance-ID-Signature": sign(id),
          },
        });
        assert.equal(r.status, 200, `${base}: ${r.body}`);
        return [id, r.json().uuid];
      })
    ));
    for (const [id, uuid] of reads) assert.equal(uuid, id);

    // 5. Every server deleted from every process at once: usage is back to zero everywhere.
    const deletes = await Promise.all(
      ids.flatMap((id) =>
        computes.map((base) => call(base, `/v2.1/servers/${id}`, { method: "DELETE", token: DEMO }))
      ),
    );
    for (const r of deletes) assert.ok([204, 404].includes(r.status), `${r.status} ${r.body}`);
    const deleted = deletes.filter((r) => r.status === 204).length;
    assert.ok(deleted >= QUOTA, `${deleted} deletes accepted`);
    for (const base of computes) {
      const listed = (await call(base, "/v2.1/servers", { token: DEMO })).json().servers;
      assert.deepEqual(listed, [], base);
      const quota = (await call(base, "/v2.1/os-quota-sets/demo/detail", { token: ADMIN })).json();
      assert.equal(quota.quota_set.instances.in_use, 0, base);
    }

    // Nothing a client saw was a 500 or a lock error.
    const bad = seen.filter((r) => r.status >= 500 || /database is locked/i.test(r.body));
    assert.deepEqual(bad, []);
    console.log(
      `multiprocess: ${seen.length} requests over ${children.length} processes; creates ` +
        `${accepted.length} accepted / ${refused.length} refused (403); actions ` +
        `${acceptedActions} accepted / ${refusedActions} 409; ` +
        `keypairs 1 created / ${statuses.length - 1} 409; ${reads.length} metadata reads; ` +
        `deletes ${deleted} accepted / ${deletes.length - deleted} 404`,
    );
    failed = false;
  } finally {
    const outputs = await stopAll(children);
    const logs = outputs.join("\n");
    await Deno.remove(`${ROOT}/${dir}`, { recursive: true }).catch(() => {});
    if (failed) console.error(logs);
    // Which `deno serve --parallel` workers answered requests (the kernel spreads connections).
    const workers = new Set(
      [...logs.matchAll(/\[(serve-worker-\d+)\s*\] 127\.0\.0\.1 "/g)].map((m) => m[1]),
    );
    console.log(`deno serve --parallel workers that answered: ${[...workers].join(", ")}`);
    assert.doesNotMatch(logs, /database is locked/i);
  }
});
