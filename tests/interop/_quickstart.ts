/**
 * A throw-away quick start for the interop tests: `scripts/start.ts` (what `deno task start` runs)
 * on a copy of `etc/nova` whose ports are free loopback ports and whose store, signing key and
 * clouds.yaml live in a temporary directory, so several runs can share a machine. `stop()` sends
 * SIGTERM to start (which stops both APIs), waits for it and removes the directory.
 *
 * @module
 */
import { freePort } from "../support/ports.ts";
import { spawnStart } from "../../scripts/start/spawn.ts";

const ROOT = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");

/** A running quick start. */
export interface QuickStart {
  /** The compute endpoint with its version: `http://127.0.0.1:<port>/v2.1`. */
  endpoint: string;
  /** The clouds.yaml that start wrote (clouds `nova-deno-admin` and `nova-deno-demo`). */
  cloudsYaml: string;
  /** The temporary directory holding the configuration and the state. */
  dir: string;
  /** What start printed so far (stdout and stderr). */
  output(): string;
  /** Run the `openstack` CLI against the quick start as `cloud`. */
  openstack(cloud: string, ...args: string[]): Promise<Ran>;
  stop(): Promise<void>;
}

/** A finished command. */
export interface Ran {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/** The quick start's nova.conf with free ports and the state under `dir`. */
export function quickStartConf(conf: string, dir: string, compute: number, meta: number): string {
  return conf
    .replace(/^osapi_compute_listen_port = 8774$/m, `osapi_compute_listen_port = ${compute}`)
    .replace(/^metadata_listen_port = 8775$/m, `metadata_listen_port = ${meta}`)
    .replaceAll("127.0.0.1:8774/", `127.0.0.1:${compute}/`)
    .replace(/^connection = .*$/m, `connection = ${dir}/nova.sqlite`)
    .replace(/^signing_key_file = .*$/m, `signing_key_file = ${dir}/identity-signing.key`);
}

/**
 * Start the quick start; throws (after cleaning up) when it does not come up within a minute.
 * `edit` may change the nova.conf it writes (after the ports and paths are set).
 */
export async function startQuickStart(
  edit: (conf: string) => string = (conf) => conf,
): Promise<QuickStart> {
  const dir = await Deno.makeTempDir({ prefix: "nova-deno-interop-" });
  const compute = freePort();
  let meta = freePort();
  while (meta === compute) meta = freePort();
  const conf = await Deno.readTextFile(`${ROOT}/etc/nova/nova.conf`);
  const written = quickStartConf(conf, dir, compute, meta);
  if (!written.includes(`:${compute}/identity`)) {
    throw new Error("etc/nova/nova.conf changed shape");
  }
  await Deno.writeTextFile(`${dir}/nova.conf`, edit(written));
  await Deno.copyFile(`${ROOT}/etc/nova/api-paste.ini`, `${dir}/api-paste.ini`);
  const cloudsYaml = `${dir}/clouds.yaml`;
  let started;
  try {
    started = await spawnStart(dir, cloudsYaml, "the quick start");
  } catch (e) {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    throw e;
  }
  const stop = async () => {
    await started.stop();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  const openstack = async (cloud: string, ...args: string[]): Promise<Ran> => {
    const ran = await new Deno.Command("openstack", {
      args: ["--os-cloud", cloud, ...args],
      env: { OS_CLIENT_CONFIG_FILE: cloudsYaml, PATH: "/usr/bin:/bin", HOME: dir },
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const decode = (b: Uint8Array) => new TextDecoder().decode(b);
    return { ok: ran.success, stdout: decode(ran.stdout), stderr: decode(ran.stderr) };
  };
  return {
    endpoint: `http://127.0.0.1:${compute}/v2.1`,
    cloudsYaml,
    dir,
    output: started.output,
    openstack,
    stop,
  };
}
