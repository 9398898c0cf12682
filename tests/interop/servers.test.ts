/**
 * The stock `openstack` CLI boots, lists, shows, renames and deletes a server through the
 * embedded identity, resolving the image, flavor, network and key by name as a user would:
 * `server create --image cirros --flavor m1.tiny --network private --key-name k1 --wait vm1`.
 * Builds and deletes take a second (`[deno] fake_boot_seconds`, `[virt] fake_delete_seconds`), so
 * `--wait` really polls.
 */
import assert from "node:assert/strict";
import { configDir, startService } from "../e2e/_process.ts";
import { authtokenSection, freePort, HAS_OSC, oscRunner, writeClouds } from "./_osc.ts";
import { CIRROS_IMAGE_ID } from "../../lib/images/catalog.ts";

Deno.test({
  name: "openstack CLI: server create --wait, list, show, set --name, delete --wait",
  ignore: !HAS_OSC,
  async fn(t) {
    const port = freePort();
    const dir = await configDir(`[DEFAULT]
osapi_compute_listen = 127.0.0.1
osapi_compute_listen_port = ${port}
[api]
auth_strategy = keystone
[database]
connection = :memory:
[deno]
seed_flavors = true
fake_boot_seconds = 1
[virt]
fake_delete_seconds = 1
[identity]
users = demo:demo-pw:demo:member
users = nova:nova-pw:service:admin+service
signing_key_file =
${authtokenSection(port)}`);
    const svc = await startService("compute.ts", { OS_NOVA_CONFIG_DIR: dir });
    const clouds = await writeClouds(dir, svc.url, [
      { name: "demo", username: "demo", password: "demo-pw", project: "demo" },
    ]);
    const osc = oscRunner(clouds, dir);
    const run = (...args: string[]) => osc("demo", ...args);
    const openstack = async (...args: string[]) => JSON.parse(await run(...args, "-f", "json"));
    try {
      assert.ok(svc.url, svc.stderr());
      let id = "";
      await t.step("keypair create k1", async () => {
        await run("keypair", "create", "k1");
      });
      await t.step("server create --wait ends ACTIVE with an address on private", async () => {
        const server = await openstack(
          "server",
          "create",
          "--image",
          "cirros",
          "--flavor",
          "m1.tiny",
          "--network",
          "private",
          "--key-name",
          "k1",
          "--wait",
          "vm1",
        );
        id = server.id;
        assert.equal(server.status, "ACTIVE");
        assert.equal(server.name, "vm1");
        assert.equal(server.key_name, "k1");
        assert.match(JSON.stringify(server.addresses), /10\.0\.0\.\d+/);
      });
      await t.step("server list and show", async () => {
        const list = await openstack("server", "list");
        assert.deepEqual(list.map((s: { Name: string }) => s.Name), ["vm1"]);
        assert.equal(list[0].Status, "ACTIVE");
        assert.equal(list[0].Image, "cirros");
        assert.equal(list[0].Flavor, "m1.tiny");
        const shown = await openstack("server", "show", "vm1");
        assert.equal(shown.id, id);
        assert.match(JSON.stringify(shown.image), new RegExp(CIRROS_IMAGE_ID));
      });
      await t.step("server set --name renames", async () => {
        await run("server", "set", "--name", "vm2", "vm1");
        const shown = await openstack("server", "show", id);
        assert.equal(shown.name, "vm2");
      });
      await t.step("server delete --wait leaves nothing", async () => {
        await run("server", "delete", "--wait", "vm2");
        assert.deepEqual(await openstack("server", "list"), []);
      });
    } finally {
      await svc.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
