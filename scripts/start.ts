/**
 * `deno task start`: run the compute API and the metadata API as two processes, each under its own
 * permission set, on the quick-start configuration (etc/nova); write `state/clouds.yaml` for the
 * embedded identity and print how to point the `openstack` CLI at it. Ctrl-C stops both.
 *
 * @module
 */
import { loadConfig } from "../lib/config/mod.ts";
import { cloudsYaml, identityOptions } from "../lib/identity/embedded/mod.ts";

const root = new URL("..", import.meta.url).pathname;
const configDir = Deno.env.get("OS_NOVA_CONFIG_DIR") ?? `${root}etc/nova`;
Deno.chdir(root);

function spawn(permissionSet: string, entry: string): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", `-P=${permissionSet}`, entry],
    env: { OS_NOVA_CONFIG_DIR: configDir },
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
}

async function waitFor(url: string, child: Deno.ChildProcess, timeoutMs = 30000): Promise<boolean> {
  let exited = false;
  child.status.then(() => exited = true);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !exited) {
    try {
      const res = await fetch(url);
      await res.body?.cancel();
      return true;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return false;
}

const config = await loadConfig({ env: { ...Deno.env.toObject(), OS_NOVA_CONFIG_DIR: configDir } });
const host = (h: string) => h === "0.0.0.0" || h === "::" ? "127.0.0.1" : h;
const computeUrl = `http://${host(config.get<string>("DEFAULT", "osapi_compute_listen"))}:${
  config.get<number>("DEFAULT", "osapi_compute_listen_port")
}`;
const metadataUrl = `http://${host(config.get<string>("DEFAULT", "metadata_listen"))}:${
  config.get<number>("DEFAULT", "metadata_listen_port")
}`;

const compute = spawn("compute", "compute.ts");
const metadata = spawn("metadata", "metadata.ts");
const children = [compute, metadata];
const stop = () => {
  for (const c of children) {
    try {
      c.kill("SIGTERM");
    } catch { /* already gone */ }
  }
};
Deno.addSignalListener("SIGINT", stop);
Deno.addSignalListener("SIGTERM", stop);

const [okC, okM] = await Promise.all([
  waitFor(`${computeUrl}/`, compute),
  waitFor(`${metadataUrl}/`, metadata),
]);
if (okC && okM) {
  let cli = "";
  if (config.get<string[]>("identity", "users").length > 0) {
    await Deno.mkdir("state", { recursive: true });
    await Deno.writeTextFile(
      "state/clouds.yaml",
      cloudsYaml(await identityOptions(config), computeUrl),
    );
    cli = `
Identity (embedded Keystone v3): ${computeUrl}/identity/v3
A clouds.yaml for it is in state/clouds.yaml:
  export OS_CLIENT_CONFIG_FILE=${root}state/clouds.yaml
  openstack --os-cloud nova-deno-admin flavor list
  openstack --os-cloud nova-deno-demo keypair list`;
  }
  console.log(`
compute API:  ${computeUrl}/v2.1/
metadata API: ${metadataUrl}/
${cli}
Ctrl-C stops both.`);
} else {
  console.error("start: a service did not come up; see the messages above");
  stop();
}

const results = await Promise.all(children.map((c) => c.status));
Deno.exit(results.every((s) => s.success || s.signal === "SIGTERM") ? 0 : 1);
