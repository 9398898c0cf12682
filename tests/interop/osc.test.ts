/**
 * The real, unmodified `openstack` CLI (Debian's python3-openstackclient) against a compute API
 * process: flavors, keypairs, limits and quotas at microversion 2.1 and 2.92. Needs `openstack`
 * on PATH (`scripts/install-clients.sh`); skipped with a message when it is missing, except in CI.
 */
import assert from "node:assert/strict";
import { configDir, startService } from "../e2e/_process.ts";
import { HAS_OSC } from "./_osc.ts";

if (!HAS_OSC) console.error("skipping osc interop tests: `openstack` is not installed");

const CONF = `[DEFAULT]
osapi_compute_listen = 127.0.0.1
osapi_compute_listen_port = 0
[api]
auth_strategy = noauth2
[database]
connection = :memory:
[deno]
seed_flavors = true
`;

async function run(endpoint: string, mv: string, ...args: string[]) {
  const env: Record<string, string> = { OS_CLIENT_CONFIG_FILE: "/dev/null", PATH: "/usr/bin:/bin" };
  const out = await new Deno.Command("openstack", {
    args: [
      "--os-auth-type",
      "admin_token",
      "--os-endpoint",
      endpoint,
      "--os-token",
      "admin:admin",
      "--os-compute-api-version",
      mv,
      ...args,
    ],
    env,
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  const stderr = new TextDecoder().decode(out.stderr);
  return { ok: out.success, stdout, stderr, json: () => JSON.parse(stdout) };
}

Deno.test({
  name: "openstack CLI: flavors, keypairs, limits and quotas",
  ignore: !HAS_OSC,
  sanitizeResources: false,
  async fn(t) {
    const dir = await configDir(CONF);
    const svc = await startService("compute.ts", { OS_NOVA_CONFIG_DIR: dir });
    const ep = `${svc.url}/v2.1`;
    try {
      assert.ok(svc.url, svc.stderr());
      for (const mv of ["2.1", "2.92"]) {
        await t.step(`flavor list at ${mv} shows the seeded flavors`, async () => {
          const r = await run(ep, mv, "flavor", "list", "-f", "json");
          assert.ok(r.ok, r.stderr);
          const names = r.json().map((f: { Name: string }) => f.Name);
          assert.ok(names.includes("m1.tiny") && names.includes("m1.xlarge"), names.join());
        });
      }
      await t.step("flavor create, show, set property, delete", async () => {
        let r = await run(
          ep,
          "2.92",
          "flavor",
          "create",
          "--ram",
          "256",
          "--disk",
          "1",
          "--vcpus",
          "1",
          "osc-flv",
          "-f",
          "json",
        );
        assert.ok(r.ok, r.stderr);
        const id = r.json().id;
        r = await run(ep, "2.92", "flavor", "set", "--property", "hw:cpu_policy=dedicated", id);
        assert.ok(r.ok, r.stderr);
        r = await run(ep, "2.92", "flavor", "show", id, "-f", "json");
        assert.ok(r.ok, r.stderr);
        assert.equal(r.json().ram, 256);
        assert.deepEqual(r.json().properties, { "hw:cpu_policy": "dedicated" });
        r = await run(ep, "2.92", "flavor", "delete", id);
        assert.ok(r.ok, r.stderr);
      });
      await t.step("keypair import: fingerprint equals ssh-keygen's md5", async () => {
        const keyDir = await Deno.makeTempDir();
        const gen = await new Deno.Command("ssh-keygen", {
          args: ["-q", "-t", "ed25519", "-N", "", "-f", `${keyDir}/k`],
        }).output();
        assert.ok(gen.success);
        const fp = new TextDecoder().decode(
          (await new Deno.Command("ssh-keygen", {
            args: ["-l", "-E", "md5", "-f", `${keyDir}/k.pub`],
          }).output()).stdout,
        ).split(" ")[1].replace(/^MD5:/, "");
        let r = await run(
          ep,
          "2.92",
          "keypair",
          "create",
          "--public-key",
          `${keyDir}/k.pub`,
          "osc-kp",
          "-f",
          "json",
        );
        assert.ok(r.ok, r.stderr);
        assert.equal(r.json().fingerprint, fp);
        r = await run(ep, "2.92", "keypair", "list", "-f", "json");
        assert.ok(r.json().some((k: { Name: string }) => k.Name === "osc-kp"));
        r = await run(ep, "2.92", "keypair", "delete", "osc-kp");
        assert.ok(r.ok, r.stderr);
        await Deno.remove(keyDir, { recursive: true });
      });
      await t.step("keypair create at 2.1 generates a private key", async () => {
        const r = await run(ep, "2.1", "keypair", "create", "osc-gen");
        assert.ok(r.ok, r.stderr);
        assert.match(r.stdout, /BEGIN (RSA )?PRIVATE KEY/);
      });
      await t.step("limits show --absolute has the compute rows", async () => {
        const r = await run(ep, "2.92", "limits", "show", "--absolute", "-f", "json");
        const rows = r.ok ? r.json() : [];
        const names = rows.map((x: { Name: string }) => x.Name);
        assert.ok(
          names.includes("maxTotalInstances") && names.includes("totalRAMUsed"),
          r.stderr + r.stdout,
        );
      });
    } finally {
      await svc.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
