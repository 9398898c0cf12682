/**
 * Start-up costs: loading a realistic nova.conf (with etc/nova/api-paste.ini, as Nova's WSGI entry
 * point reads both), parsing and loading the paste pipelines, building the whole service
 * in-process, and spawning `deno run -P=compute compute.ts` until it logs "listening on".
 *
 * Run: `deno bench -P=test bench/`
 *
 * @module
 */
import { configFromValues, loadConfig, parseOslo } from "../lib/config/mod.ts";
import { loadPasteApp, parseIni } from "../lib/paste/mod.ts";
import { FACTORIES } from "../lib/service/factories.ts";
import { createServiceRuntime } from "../lib/service/runtime.ts";
import { buildService } from "../lib/service/build.ts";
import { ROOT } from "./_support.ts";

const PASTE_FILE = `${ROOT}etc/nova/api-paste.ini`;
const PASTE_TEXT = await Deno.readTextFile(PASTE_FILE);
const NOVA_CONF = await Deno.readTextFile(new URL("./fixtures/nova.conf", import.meta.url));

// A config directory laid out as /etc/nova is: nova.conf and api-paste.ini side by side.
const confDir = await Deno.makeTempDir({ prefix: "nova-deno-bench-conf-" });
await Deno.writeTextFile(`${confDir}/nova.conf`, NOVA_CONF);
await Deno.writeTextFile(`${confDir}/api-paste.ini`, PASTE_TEXT);
// The compute permission set writes only under ./state, so spawned processes keep their KV there.
const storeName = `bench-${crypto.randomUUID()}`;
const stateDir = `${ROOT}state/${storeName}`;
globalThis.addEventListener("unload", () => {
  Deno.removeSync(confDir, { recursive: true });
  try {
    Deno.removeSync(stateDir, { recursive: true });
  } catch { /* never created */ }
});

// --- configuration ----------------------------------------------------------------------------

Deno.bench({
  name: "parseOslo: the fixture nova.conf (30 groups) alone",
  group: "config",
  baseline: true,
  fn() {
    parseOslo(NOVA_CONF, "nova.conf");
  },
});

Deno.bench({
  name: "loadConfig: api-paste.ini + nova.conf from OS_NOVA_CONFIG_DIR, every option resolved",
  group: "config",
  async fn() {
    const config = await loadConfig({ env: { OS_NOVA_CONFIG_DIR: confDir } });
    if (config.get<number>("quota", "key_pairs") !== 200) throw new Error("fixture not read");
  },
});

Deno.bench({
  name: "configFromValues: defaults plus two values (the no-files path)",
  group: "config",
  fn() {
    configFromValues({ api: { auth_strategy: "noauth2" }, database: { connection: ":memory:" } });
  },
});

// --- paste ----------------------------------------------------------------------------------------

// One runtime whose store and policy engine are already built, so that only the paste work
// (parsing, resolving sections, building filters and urlmaps) is timed.
const pasteRuntime = createServiceRuntime(
  configFromValues({ api: { auth_strategy: "noauth2" }, database: { connection: ":memory:" } }),
  () => {},
);
await pasteRuntime.compute();
globalThis.addEventListener("unload", () => pasteRuntime.close());

Deno.bench({
  name: "parseIni: etc/nova/api-paste.ini alone",
  group: "paste",
  baseline: true,
  fn() {
    parseIni(PASTE_TEXT, PASTE_FILE);
  },
});

Deno.bench({
  name: "loadPasteApp: osapi_compute from etc/nova/api-paste.ini (noauth2)",
  group: "paste",
  async fn() {
    await loadPasteApp({
      file: PASTE_FILE,
      text: PASTE_TEXT,
      name: "osapi_compute",
      table: FACTORIES,
      runtime: pasteRuntime,
    });
  },
});

Deno.bench({
  name: "loadPasteApp: metadata from etc/nova/api-paste.ini",
  group: "paste",
  async fn() {
    await loadPasteApp({
      file: PASTE_FILE,
      text: PASTE_TEXT,
      name: "metadata",
      table: FACTORIES,
      runtime: pasteRuntime,
    });
  },
});

Deno.bench({
  name:
    "buildService: whole compute app in-process (policy files, :memory: KV; flavors seeded on first use)",
  group: "paste",
  async fn() {
    const built = await buildService("osapi_compute", {
      noFiles: true,
      env: {
        OS_API__AUTH_STRATEGY: "noauth2",
        OS_DATABASE__CONNECTION: ":memory:",
        OS_DENO__SEED_FLAVORS: "true",
      },
      log: () => {},
    });
    built.runtime.close();
  },
});

// --- process start-up -----------------------------------------------------------------------------

function processConf(store: string): string {
  return `[DEFAULT]
osapi_compute_listen = 127.0.0.1
osapi_compute_listen_port = 0
[api]
auth_strategy = noauth2
[database]
connection = ${store}
[deno]
seed_flavors = true
`;
}

const processConfDir = await Deno.makeTempDir({ prefix: "nova-deno-bench-proc-" });
await Deno.writeTextFile(`${processConfDir}/api-paste.ini`, PASTE_TEXT);
globalThis.addEventListener("unload", () => Deno.removeSync(processConfDir, { recursive: true }));

/**
 * Spawn compute.ts under its permission set and resolve once it logs "listening on"; returns a
 * function that stops it (SIGTERM) and waits for its exit.
 */
async function spawnCompute(): Promise<() => Promise<void>> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-P=compute", "compute.ts"],
    cwd: ROOT,
    env: { NO_COLOR: "1", OS_NOVA_CONFIG_DIR: processConfDir },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  const deadline = setTimeout(() => child.kill("SIGKILL"), 30_000);
  try {
    while (!text.includes("listening on")) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`compute.ts exited before listening:\n${text}`);
      text += value;
    }
  } finally {
    clearTimeout(deadline);
  }
  const drain = (async () => {
    while (!(await reader.read()).done) { /* discard */ }
  })();
  return async () => {
    child.kill("SIGTERM");
    await child.status;
    await drain;
  };
}

let fresh = 0;
Deno.bench({
  name: "spawn compute.ts until 'listening on': fresh KV file (create, migrate, seed)",
  group: "process",
  baseline: true,
  n: 10,
  warmup: 1,
  async fn(b) {
    await Deno.writeTextFile(
      `${processConfDir}/nova.conf`,
      processConf(`sqlite:///state/${storeName}/${fresh++}.sqlite`),
    );
    b.start();
    const stop = await spawnCompute();
    b.end();
    await stop();
  },
});

Deno.bench({
  name: "spawn compute.ts until 'listening on': existing KV file",
  group: "process",
  n: 10,
  warmup: 1,
  async fn(b) {
    await Deno.writeTextFile(
      `${processConfDir}/nova.conf`,
      processConf(`sqlite:///state/${storeName}/reused.sqlite`),
    );
    b.start();
    const stop = await spawnCompute();
    b.end();
    await stop();
  },
});

Deno.bench({
  name: "spawn compute.ts until 'listening on': :memory: KV",
  group: "process",
  n: 10,
  warmup: 1,
  async fn(b) {
    await Deno.writeTextFile(`${processConfDir}/nova.conf`, processConf(":memory:"));
    b.start();
    const stop = await spawnCompute();
    b.end();
    await stop();
  },
});
