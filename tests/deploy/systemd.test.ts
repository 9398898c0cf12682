/**
 * The shipped systemd units (`etc/systemd/nova-deno-{compute,metadata}.service`): systemd's own
 * `systemd-analyze verify` accepts them, they carry the hardening the README promises, and the
 * command line each would run (ExecStart, its Environment and WorkingDirectory, with only the
 * paths swapped for a temporary install) really starts that API, which then drains and exits 0
 * on SIGTERM as systemd stops it.
 *
 * Runs under `deno task test:deploy`.
 */
import assert from "node:assert/strict";
import { freePort } from "../support/ports.ts";
import { MALLOC_ARENA_MAX } from "../../scripts/start/service_env.ts";

const ROOT = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");
const UNITS = ["compute", "metadata"] as const;

/** `key=value` lines of a unit file, each key with every value in order. */
function directives(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of text.split("\n")) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (!m) continue;
    out.set(m[1], [...(out.get(m[1]) ?? []), m[2]]);
  }
  return out;
}

async function unitText(api: string): Promise<string> {
  return await Deno.readTextFile(`${ROOT}/etc/systemd/nova-deno-${api}.service`);
}

Deno.test("systemd-analyze verify accepts both units", async () => {
  const dir = await Deno.makeTempDir({ prefix: "nova-deno-units-" });
  try {
    const paths = [];
    for (const api of UNITS) {
      // verify checks that ExecStart's binary exists: point it at the Deno running this test.
      const text = (await unitText(api)).replace("/usr/local/bin/deno", Deno.execPath());
      const path = `${dir}/nova-deno-${api}.service`;
      await Deno.writeTextFile(path, text);
      paths.push(path);
    }
    const out = await new Deno.Command("systemd-analyze", {
      args: ["verify", ...paths],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const said = new TextDecoder().decode(out.stderr) + new TextDecoder().decode(out.stdout);
    assert.ok(out.success, said);
    // Only complaints about this machine's other units are tolerated, none about ours.
    assert.ok(!said.includes("nova-deno"), said);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("both units are hardened and restart on failure", async () => {
  for (const api of UNITS) {
    const d = directives(await unitText(api));
    const one = (key: string) => d.get(key)?.at(-1);
    assert.equal(one("Restart"), "on-failure", api);
    assert.equal(one("NoNewPrivileges"), "yes", api);
    assert.equal(one("ProtectSystem"), "strict", api);
    assert.equal(one("CapabilityBoundingSet"), "", api);
    assert.equal(one("DynamicUser"), "yes", api);
    assert.deepEqual(d.get("ReadWritePaths"), ["/var/lib/nova"], api);
    assert.equal(one("KillSignal"), "SIGTERM", api);
    assert.match(one("ExecStart") ?? "", new RegExp(` -P=${api} .*${api}\\.ts$`), api);
  }
});

for (const api of UNITS) {
  Deno.test({
    name: `the ${api} unit's command line serves the API and drains on SIGTERM`,
    sanitizeResources: false,
    sanitizeOps: false,
  }, async () => {
    const d = directives(await unitText(api));
    const exec = (d.get("ExecStart")?.at(-1) ?? "").split(" ");
    assert.equal(exec[0], "/usr/local/bin/deno");
    const env: Record<string, string> = {};
    for (const line of d.get("Environment") ?? []) {
      const at = line.indexOf("=");
      env[line.slice(0, at)] = line.slice(at + 1);
    }
    assert.equal(env.OS_NOVA_CONFIG_DIR, "/etc/nova");
    // The arena limit deno task start gives its processes (scripts/start/service_env.ts).
    assert.equal(env.MALLOC_ARENA_MAX, MALLOC_ARENA_MAX);
    assert.equal(d.get("WorkingDirectory")?.at(-1), "/opt/nova-deno");
    // The install, swapped: the checkout for /opt/nova-deno, and for /etc/nova and /var/lib/nova
    // a directory under ./state, which both permission sets may read (and write).
    const store = `state/unit-test-${api}-${Deno.pid}`;
    const conf = `${ROOT}/${store}/etc`;
    await Deno.mkdir(conf, { recursive: true });
    const port = freePort();
    await Deno.copyFile(`${ROOT}/etc/nova/api-paste.ini`, `${conf}/api-paste.ini`);
    await Deno.writeTextFile(
      `${conf}/nova.conf`,
      `[DEFAULT]
osapi_compute_listen = 127.0.0.1
osapi_compute_listen_port = ${port}
metadata_listen = 127.0.0.1
metadata_listen_port = ${port}

[api]
auth_strategy = noauth2

[database]
connection = sqlite:///${store}/nova.sqlite
`,
    );
    const child = new Deno.Command(Deno.execPath(), {
      args: exec.slice(1),
      cwd: ROOT,
      env: { ...env, OS_NOVA_CONFIG_DIR: conf },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const stderr = new Response(child.stderr).text();
    const stdout = new Response(child.stdout).text();
    try {
      let answered = 0;
      for (let waited = 0; waited < 30_000 && answered === 0; waited += 100) {
        try {
          const response = await fetch(`http://127.0.0.1:${port}/`, {
            signal: AbortSignal.timeout(5_000),
          });
          await response.arrayBuffer();
          answered = response.status;
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      if (answered !== 200) {
        try {
          child.kill("SIGKILL");
        } catch { /* exited */ }
      }
      // (stderr ends only when the child does: await it only once the child is gone.)
      if (answered !== 200) assert.fail(`${api} did not answer: ${await stderr}`);
      child.kill("SIGTERM");
      const status = await Promise.race([
        child.status,
        new Promise<null>((r) => setTimeout(() => r(null), 20_000)),
      ]);
      if (status === null) child.kill("SIGKILL");
      if (status === null) assert.fail(`${api} did not stop on SIGTERM: ${await stderr}`);
      assert.equal(status.code, 0, await stderr);
    } finally {
      try {
        child.kill("SIGKILL");
      } catch { /* exited */ }
      await child.status;
      await stdout;
      await stderr;
      await Deno.remove(`${ROOT}/${store}`, { recursive: true });
    }
  });
}
