/**
 * `deno task start`: run the compute API and the metadata API as two processes of the Deno that
 * runs this script, each under its own permission set, on the quick-start configuration (etc/nova,
 * or `OS_NOVA_CONFIG_DIR`); write `state/clouds.yaml` for the embedded identity and print how to
 * point the `openstack` CLI at it. Ctrl-C stops both.
 *
 * A service counts as up only once its own process has printed its start-up line
 * (`compute: listening on http://127.0.0.1:8774/ (pid N)`, with that process's pid) and answers
 * there, so a port held by another server is a failure, not a success. When a service does not
 * come up, start stops the other, says so in one `start:` line and exits 1, writing nothing.
 * Paths the configuration puts outside a permission set (a config dir in /tmp, a store in /srv)
 * are added to that process's permissions (see `start/permissions.ts`). Each process runs with
 * glibc's `MALLOC_ARENA_MAX=2` unless the caller set it (see `start/service_env.ts`).
 *
 * Options: `--clouds-yaml=PATH` writes the clouds.yaml elsewhere (default `state/clouds.yaml`);
 * `--built` runs the bundle `deno task build` made (`dist/compute.js`, `dist/metadata.js`; see
 * `build.ts`) instead of the modules. It does not build: processes that already run from `dist/`
 * load chunks from it on first use, and a build empties it.
 *
 * @module
 */
import { type Config, loadConfig } from "../lib/config/mod.ts";
import { cloudsYaml, identityOptions } from "../lib/identity/embedded/mod.ts";
import {
  absolute,
  configuredPaths,
  permissionFlags,
  type PermissionSet,
} from "./start/permissions.ts";
import { type ServiceChild, spawnService } from "./start/child.ts";
import { serviceEnv } from "./start/service_env.ts";

const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const START_TIMEOUT_MS = 30_000;

function fail(line: string): never {
  console.error(`start: ${line}`);
  Deno.exit(1);
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

// Relative paths are the caller's: `deno task` runs this in the project folder and says where it
// was called from in INIT_CWD.
const callerDir = Deno.env.get("INIT_CWD") ?? Deno.cwd();
let cloudsPath = `${root}/state/clouds.yaml`;
let built = false;
for (const arg of Deno.args) {
  if (arg.startsWith("--clouds-yaml=")) cloudsPath = absolute(arg.slice(14), callerDir);
  else if (arg === "--built") built = true;
  else fail(`unknown argument ${JSON.stringify(arg)} (expected --clouds-yaml=PATH or --built)`);
}
const configDirEnv = Deno.env.get("OS_NOVA_CONFIG_DIR");
const configDir = configDirEnv ? absolute(configDirEnv, callerDir) : `${root}/etc/nova`;
Deno.chdir(root);

let config: Config;
try {
  config = await loadConfig({ env: { ...Deno.env.toObject(), OS_NOVA_CONFIG_DIR: configDir } });
} catch (e) {
  fail(message(e));
}
const permissionSets: Record<string, PermissionSet> =
  JSON.parse(await Deno.readTextFile(`${root}/deno.json`)).permissions;

const names = ["compute", "metadata"] as const;
let flags: string[][];
try {
  flags = names.map((name) =>
    permissionFlags(permissionSets[name], configuredPaths(config, name, root), root)
  );
} catch (e) {
  fail(message(e));
}
if (built) {
  for (const name of names) {
    try {
      await Deno.stat(`${root}/dist/${name}.js`);
    } catch {
      fail(`dist/${name}.js is missing: run deno task build first`);
    }
  }
}
const children: ServiceChild[] = names.map((name, i) =>
  spawnService({
    name,
    entry: built ? `dist/${name}.js` : `${name}.ts`,
    permissionSet: name,
    flags: flags[i],
    cwd: root,
    env: { OS_NOVA_CONFIG_DIR: configDir, ...serviceEnv(Deno.env.toObject()) },
  })
);

let stopping = false;
const stopAll = () => {
  stopping = true;
  for (const child of children) {
    try {
      child.process.kill("SIGTERM");
    } catch { /* already gone */ }
  }
};
Deno.addSignalListener("SIGINT", stopAll);
Deno.addSignalListener("SIGTERM", stopAll);

function describe(status: Deno.CommandStatus): string {
  return status.signal ? `signal ${status.signal}` : `exit code ${status.code}`;
}

/** Stop what runs, wait for it, and fail with `line`. */
async function abort(line: string): Promise<never> {
  stopAll();
  await Promise.all(children.map((c) => c.process.status));
  fail(line);
}

// Up: every child printed its own start-up line. Down: one exited first, or stayed silent too long.
const seen: (string | undefined)[] = children.map(() => undefined);
const fellOver = new Set<ServiceChild>(); // exited by themselves before saying they listen
let timer: ReturnType<typeof setTimeout> | undefined;
const outcome = await new Promise<"up" | "down" | "timeout">((resolve) => {
  let up = 0;
  children.forEach((child, i) =>
    child.listening.then((url) => {
      seen[i] = url;
      if (!url && !stopping) fellOver.add(child);
      if (!url) resolve("down");
      else if (++up === children.length) resolve("up");
    })
  );
  timer = setTimeout(() => resolve("timeout"), START_TIMEOUT_MS);
});
clearTimeout(timer);
if (stopping) {
  await Promise.all(children.map((c) => c.process.status));
  Deno.exit(0);
}
if (outcome === "timeout") {
  const silent = children.filter((_, i) => !seen[i]).map((c) => c.name);
  await abort(
    `${silent.join(" and ")} did not start within ${START_TIMEOUT_MS / 1000} s; ` +
      "stopped both, wrote nothing",
  );
}
if (outcome === "down") {
  // Say how the one that fell over exited (both, when both did before they were stopped).
  const failed = [...fellOver];
  stopAll();
  const why = [];
  for (const child of failed) {
    why.push(`${child.name} did not start (${describe(await child.process.status)})`);
  }
  await Promise.all(children.map((c) => c.process.status));
  if (why.length === 0) why.push("a service closed its output before it said it listens");
  fail(`${why.join("; ")}; see the lines above. Stopped both, wrote nothing.`);
}

// A wildcard listener is reached on loopback.
const reachable = (url: string) => url.replace(/\/\/(0\.0\.0\.0|\[::\])(?=:)/, "//127.0.0.1");
const [computeUrl, metadataUrl] = seen.map((u) => reachable(u!));
for (const [i, url] of [computeUrl, metadataUrl].entries()) {
  try {
    const res = await fetch(`${url}/`, { signal: AbortSignal.timeout(10_000) });
    await res.body?.cancel();
  } catch (e) {
    await abort(`${children[i].name} listens on ${url} but does not answer there (${message(e)})`);
  }
}

let cli = "";
if (config.get<string[]>("identity", "users").length > 0) {
  try {
    await Deno.mkdir(cloudsPath.slice(0, cloudsPath.lastIndexOf("/")) || "/", { recursive: true });
    await Deno.writeTextFile(cloudsPath, cloudsYaml(await identityOptions(config), computeUrl));
  } catch (e) {
    await abort(`cannot write ${cloudsPath}: ${message(e)}`);
  }
  cli = `
Identity (embedded Keystone v3): ${computeUrl}/identity/v3
A clouds.yaml for it is in ${cloudsPath}:
  export OS_CLIENT_CONFIG_FILE=${cloudsPath}
  openstack --os-cloud nova-deno-admin flavor list
  openstack --os-cloud nova-deno-demo keypair list
  openstack --os-cloud nova-deno-demo server create --image cirros --flavor m1.tiny \\
    --network private --wait vm1
`;
}
console.log(`
compute API:  ${computeUrl}/v2.1/
metadata API: ${metadataUrl}/
${cli}
Served: every route of Nova master's compute API (servers and every server action, flavors,
keypairs, quotas, limits, the operator APIs, volumes and interfaces), the instance metadata, and
small Keystone, Glance, Neutron and Cinder subsets under the compute URL.${
  config.get<boolean>("emulator", "enabled")
    ? `\nThe emulator controls are at ${computeUrl}/v2.1/os-emulator.`
    : ""
}
Deno's start-up warnings above (permission sets are experimental; "did you mean to run deno
serve") are harmless. Ctrl-C stops both.`);

// Once up, a service that exits on its own takes the other down with it, and start fails.
let failed = false;
const results = await Promise.all(children.map(async (child) => {
  const status = await child.process.status;
  if (!stopping) {
    failed = true;
    console.error(`start: ${child.name} exited (${describe(status)}); stopping the other`);
    stopAll();
  }
  return status;
}));
Deno.exit(!failed && results.every((s) => s.success || s.signal === "SIGTERM") ? 0 : 1);
