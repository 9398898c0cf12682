/**
 * What the entry modules really load before they listen and answer their first request, as Deno 2.9.6's debug log names each ES
 * module it instantiates (`V8 code cache hit for ES module: …` or `Updating V8 code cache for ES
 * module: …`): the static graph of `startup_graph.test.ts` plus whatever the paste factories
 * import while the app is built. Run as deployed (`deno run -P=compute|-P=metadata`) with the
 * quick start's paste file, the embedded identity, keystone auth and Neutron's metadata proxy.
 */
import assert from "node:assert/strict";
import { configDir, startService } from "../e2e/_process.ts";

const CONF = `[DEFAULT]
osapi_compute_listen = 127.0.0.1
osapi_compute_listen_port = 0
metadata_listen = 127.0.0.1
metadata_listen_port = 0
[api]
auth_strategy = keystone
[database]
connection = STATE/nova.sqlite
[identity]
users = admin:admin:admin:admin
users = nova:nova-service-password:service:admin+service
signing_key_file = STATE/identity-signing.key
[keystone_authtoken]
www_authenticate_uri = http://127.0.0.1:8774/identity/v3
auth_url = http://127.0.0.1:8774/identity/v3
auth_type = password
username = nova
password = nova-service-password
user_domain_name = Default
project_name = service
project_domain_name = Default
[neutron]
service_metadata_proxy = true
metadata_proxy_shared_secret = startup-secret
[deno]
seed_flavors = true
`;

/** A module name as the debug log gives it, relative to the checkout. */
function moduleNames(log: string): Set<string> {
  const root = new URL("../../", import.meta.url).href;
  const loaded = new Set<string>();
  for (const m of log.matchAll(/V8 code cache (?:hit )?for ES module: ([^,\s]+),/g)) {
    loaded.add(m[1].startsWith(root) ? m[1].slice(root.length) : m[1]);
  }
  return loaded;
}

/**
 * The modules instantiated before the `listening on` line, and before the access-log line of
 * the first answer (`GET /`, asked at once), as the debug log names them.
 */
async function loadedAtStart(
  entry: "compute.ts" | "metadata.ts",
): Promise<{ listening: Set<string>; answered: Set<string> }> {
  const dir = await configDir(CONF.replaceAll("STATE", "state/" + crypto.randomUUID()));
  const name = entry.replace(".ts", "");
  const svc = await startService(entry, { OS_NOVA_CONFIG_DIR: dir }, [
    "run",
    `-P=${name}`,
    "--log-level=debug",
  ]);
  // The compute API logs each request; the metadata API logs none, and has no code to load
  // later: its first answer is followed by the shutdown asked at once.
  const accessLine = entry === "compute.ts" ? '"GET /" status: 200' : `${name}: SIGTERM`;
  try {
    assert.ok(svc.url, `${entry} did not start: ${svc.stderr().slice(-2000)}`);
    const res = await fetch(`${svc.url}/`);
    await res.body?.cancel();
    assert.equal(res.status, 200);
    for (let i = 0; entry === "compute.ts" && i < 200 && !svc.stderr().includes(accessLine); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    await svc.stop();
    await Deno.remove(dir, { recursive: true });
  }
  const text = svc.stderr();
  assert.ok(text.includes(accessLine), `no "${accessLine}" line: ${text.slice(-2000)}`);
  return {
    listening: moduleNames(text.slice(0, text.indexOf(`${name}: listening on`))),
    answered: moduleNames(text.slice(0, text.indexOf(accessLine))),
  };
}

/** Modules that take milliseconds to load and no first answer (`GET /`) needs. */
const NOT_BEFORE_LISTENING = [
  "lib/compute/routes.ts",
  "lib/compute/router.ts",
  "lib/instances/mod.ts",
  "lib/neutron/app.ts",
  "lib/cinder/app.ts",
  "lib/glance/app.ts",
  "lib/identity/embedded/app.ts",
  "lib/console_ui/app.ts",
  // Nova's rule defaults (some sixty modules): the policy engine is built for the first request
  // that needs it.
  "lib/policy/defaults/mod.ts",
  // node:crypto, node:path, node:buffer (the log names node: modules as a node: or ext: module).
  "node:crypto",
  "ext:deno_node/crypto.ts",
  "node:path",
  "ext:deno_node/path/mod.ts",
  "node:buffer",
  // Deno 2.9 loads node:timers on the first setTimeout (some 15 ms).
  "node:timers",
  "ext:deno_node/timers.ts",
];

/**
 * Nor these, until the first request that needs them: the compute process checks the options of
 * auth_token, the embedded identity and the compute runtime at start-up, and loads their code
 * (and seeds the flavors) later.
 */
const COMPUTE_NOT_BEFORE_ANSWERING = [
  "lib/identity/authtoken/middleware.ts",
  "lib/identity/embedded/options.ts",
  "lib/compute/runtime_factory.ts",
  "lib/instances/deps.ts",
  "lib/quota/engine.ts",
  "lib/flavors/seed.ts",
  "lib/policy/admin.ts",
  // The metadata handler: a compute paste file that names it loads it.
  "lib/metadata/service.ts",
];

/**
 * Nor these in the metadata process: it checks its configuration at start-up and imports its
 * instance reads (the instance domain, the quota engine, the simulated hypervisor's timelines)
 * for the first look-up of an instance.
 */
const METADATA_NOT_BEFORE_ANSWERING = [
  "lib/metadata/store_reads.ts",
  "lib/metadata/source.ts",
  "lib/instances/read.ts",
  "lib/instances/deps.ts",
  "lib/quota/engine.ts",
  "lib/virt/scheduler.ts",
];

/**
 * At most this many of the port's own modules before the first answer (2026-12-05: compute
 * 122, metadata 105; before that day's work 139 and 145, and compute loaded 220 before issue
 * 14's): room for growth, not for another API's graph.
 */
const MOST_OWN_MODULES = { "compute.ts": 135, "metadata.ts": 115 };

for (const entry of ["compute.ts", "metadata.ts"] as const) {
  Deno.test(`${entry} loads no API app and no slow node: module before its first answer`, async () => {
    const { listening, answered } = await loadedAtStart(entry);
    assert.ok(listening.has("lib/service/build_from.ts"), `the log named: ${[...listening]}`);
    assert.deepEqual(NOT_BEFORE_LISTENING.filter((m) => answered.has(m)), []);
    const notYet = entry === "compute.ts"
      ? COMPUTE_NOT_BEFORE_ANSWERING
      : METADATA_NOT_BEFORE_ANSWERING;
    assert.deepEqual(notYet.filter((m) => answered.has(m)), []);
    const own = [...answered].filter((m) => !/^(ext|node):/.test(m));
    assert.ok(
      own.length <= MOST_OWN_MODULES[entry],
      `${own.length} of the port's modules before the first answer, more than ${
        MOST_OWN_MODULES[entry]
      }`,
    );
  });
}
