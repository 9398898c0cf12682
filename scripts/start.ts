/**
 * `deno task start`: run the compute API and the metadata API as two processes, each under its own
 * permission set, on the quick-start configuration; print where they listen and how to point the
 * `openstack` CLI at them. Ctrl-C stops both.
 *
 * @module
 */

const configDir = Deno.env.get("OS_NOVA_CONFIG_DIR") ??
  new URL("../etc/nova", import.meta.url).pathname;
const root = new URL("..", import.meta.url).pathname;

function spawn(permissionSet: string, entry: string): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", `-P=${permissionSet}`, entry],
    cwd: root,
    env: { OS_NOVA_CONFIG_DIR: configDir },
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
}

async function waitFor(url: string, timeoutMs = 15000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
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

const computeUrl = "http://127.0.0.1:8774";
const metadataUrl = "http://127.0.0.1:8775";
const [okC, okM] = await Promise.all([waitFor(computeUrl + "/"), waitFor(metadataUrl + "/")]);
if (okC && okM) {
  console.log(`
compute API:  ${computeUrl}/v2.1/
metadata API: ${metadataUrl}/

Point the openstack CLI at the compute API (noauth2 quick start: token "admin:admin"):
  openstack --os-auth-type admin_token --os-endpoint ${computeUrl}/v2.1 \\
            --os-token admin:admin flavor list
Ctrl-C stops both.`);
} else {
  console.error("start: a service did not come up; see the messages above");
}

const results = await Promise.all(children.map((c) => c.status));
stop();
Deno.exit(results.every((s) => s.success || s.signal === "SIGTERM") ? 0 : 1);
