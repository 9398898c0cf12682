/**
 * The stock `openstack` CLI through the embedded identity: it authenticates with a generated
 * clouds.yaml, finds the compute endpoint in the catalog, and the compute API validates its token
 * through the authtoken filter over HTTP, as with a real Keystone.
 */
import assert from "node:assert/strict";
import { configDir, startService } from "../e2e/_process.ts";
import { authtokenSection, freePort, HAS_OSC } from "./_osc.ts";

Deno.test({
  name: "openstack CLI through the embedded identity and the catalog",
  ignore: !HAS_OSC,
  async fn(t) {
    const port = freePort();
    const state = `state/identity-${crypto.randomUUID()}`;
    const dir = await configDir(`[DEFAULT]
osapi_compute_listen = 127.0.0.1
osapi_compute_listen_port = ${port}
[api]
auth_strategy = keystone
[database]
connection = :memory:
[deno]
seed_flavors = true
[identity]
users = admin:admin-pw:admin:admin
users = demo:demo-pw:demo:member
users = nova:nova-pw:service:admin+service
signing_key_file = ${state}/key
${authtokenSection(port)}`);
    const svc = await startService("compute.ts", { OS_NOVA_CONFIG_DIR: dir });
    const clouds = `${dir}/clouds.yaml`;
    const yaml = (user: string, password: string) =>
      `  ${user}:\n    auth:\n      auth_url: ${svc.url}/identity\n      username: ${user}\n` +
      `      password: ${password}\n      project_name: ${user}\n      user_domain_name: Default\n` +
      `      project_domain_name: Default\n    region_name: RegionOne\n    identity_api_version: 3\n`;
    await Deno.writeTextFile(
      clouds,
      `clouds:\n${yaml("admin", "admin-pw")}${yaml("demo", "demo-pw")}`,
    );
    const openstack = async (cloud: string, ...args: string[]) => {
      const out = await new Deno.Command("openstack", {
        args: ["--os-cloud", cloud, ...args],
        env: { OS_CLIENT_CONFIG_FILE: clouds, PATH: "/usr/bin:/bin", HOME: dir },
        clearEnv: true,
        stdout: "piped",
        stderr: "piped",
      }).output();
      return {
        ok: out.success,
        stdout: new TextDecoder().decode(out.stdout),
        stderr: new TextDecoder().decode(out.stderr),
      };
    };
    try {
      assert.ok(svc.url, svc.stderr());
      await t.step("token issue", async () => {
        const r = await openstack("admin", "token", "issue", "-f", "json");
        assert.ok(r.ok, r.stderr);
        assert.ok(JSON.parse(r.stdout).id.length > 20);
      });
      await t.step("admin lists flavors through the catalog", async () => {
        const r = await openstack("admin", "flavor", "list", "-f", "json");
        assert.ok(r.ok, r.stderr);
        assert.equal(JSON.parse(r.stdout).length, 5);
      });
      await t.step("a member may not create flavors (Nova's 403)", async () => {
        const r = await openstack("demo", "flavor", "create", "--ram", "64", "--disk", "1", "nope");
        assert.ok(!r.ok);
        assert.match(r.stderr, /403.*os_compute_api:os-flavor-manage:create/);
      });
      await t.step("a member manages their own keypairs", async () => {
        let r = await openstack("demo", "keypair", "create", "demo-key");
        assert.ok(r.ok, r.stderr);
        r = await openstack("demo", "keypair", "list", "-f", "json");
        assert.deepEqual(JSON.parse(r.stdout).map((k: { Name: string }) => k.Name), ["demo-key"]);
        r = await openstack("admin", "keypair", "list", "-f", "json");
        assert.deepEqual(JSON.parse(r.stdout), [], "keypairs are per user");
      });
    } finally {
      await svc.stop();
      await Deno.remove(dir, { recursive: true });
      await Deno.remove(state, { recursive: true }).catch(() => {});
    }
  },
});
