/**
 * The stock `openstack` CLI on a server's volumes and on usage: `server add volume` by names (the
 * CLI resolves the volume through the Cinder subset in the catalog, then posts
 * os-volume_attachments), `server volume list`, the volume seen `in-use` with its attachment and
 * in the server's `volumes_attached`, `server remove volume`, and `usage list` / `usage show`
 * counting the server for today.
 */
import assert from "node:assert/strict";
import { configDir, startService } from "../e2e/_process.ts";
import { authtokenSection, freePort, HAS_OSC, oscRunner, writeClouds } from "./_osc.ts";

Deno.test({
  name: "openstack CLI: server add/remove volume, server volume list, usage list/show",
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
[identity]
users = demo:demo-pw:demo:member
users = nova:nova-pw:service:admin+service
signing_key_file =
[deno]
seed_flavors = true
${authtokenSection(port)}`);
    const svc = await startService("compute.ts", { OS_NOVA_CONFIG_DIR: dir });
    const clouds = await writeClouds(dir, svc.url, [
      { name: "demo", username: "demo", password: "demo-pw", project: "demo" },
      { name: "admin", username: "nova", password: "nova-pw", project: "service" },
    ]);
    const osc = oscRunner(clouds, dir);
    // deno-lint-ignore no-explicit-any
    const openstack = async (cloud: string, ...args: string[]): Promise<any> =>
      JSON.parse(await osc(cloud, ...args, "-f", "json"));
    try {
      assert.ok(svc.url, svc.stderr());
      let serverId = "";
      let volumeId = "";
      await t.step("a server and a volume, by name", async () => {
        const server = await openstack(
          "demo",
          ...["server", "create", "--flavor", "m1.tiny", "--image", "cirros"],
          ...["--network", "private", "--wait", "vm1"],
        );
        assert.equal(server.status, "ACTIVE");
        serverId = server.id;
        volumeId = (await openstack("demo", "volume", "create", "--size", "1", "data1")).id;
      });

      await t.step("server add volume attaches it: in-use, listed, in the server", async () => {
        await osc("demo", "server", "add", "volume", "vm1", "data1");
        const attachments = await openstack("demo", "server", "volume", "list", "vm1");
        assert.equal(attachments.length, 1);
        assert.equal(attachments[0]["Volume ID"], volumeId);
        assert.equal(attachments[0].Device, "/dev/vdb");
        const volume = await openstack("demo", "volume", "show", "data1");
        assert.equal(volume.status, "in-use");
        // deno-lint-ignore no-explicit-any
        assert.deepEqual(volume.attachments.map((a: any) => a.server_id), [serverId]);
        const server = await openstack("demo", "server", "show", "vm1");
        const attached = JSON.stringify(server.volumes_attached);
        assert.ok(attached.includes(volumeId), attached);
      });

      await t.step("server remove volume detaches it: available again", async () => {
        await osc("demo", "server", "remove", "volume", "vm1", "data1");
        const attachments = await openstack("demo", "server", "volume", "list", "vm1");
        assert.deepEqual(attachments, []);
        const volume = await openstack("demo", "volume", "show", "data1");
        assert.equal(volume.status, "available");
        assert.deepEqual(volume.attachments, []);
      });

      await t.step("usage list and usage show count the server", async () => {
        const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
        const listed = await openstack("admin", "usage", "list", "--end", tomorrow);
        // The JSON form lists each project's server usages under "Servers".
        // deno-lint-ignore no-explicit-any
        const usages = listed.flatMap((row: any) => row.Servers);
        // deno-lint-ignore no-explicit-any
        const mine = usages.find((u: any) => u.instance_id === serverId);
        assert.ok(mine, JSON.stringify(listed));
        assert.equal(mine.name, "vm1");
        assert.equal(mine.state, "active");
        assert.equal(mine.flavor, "m1.tiny");
        assert.ok(mine.hours > 0);
        const shown = await openstack("demo", "usage", "show", "--end", tomorrow);
        assert.deepEqual(shown.Servers.map((u: { instance_id: string }) => u.instance_id), [
          serverId,
        ]);
        assert.ok(Number(shown["RAM MB-Hours"]) > 0, JSON.stringify(shown));
        assert.ok(Number(shown["CPU Hours"]) > 0, JSON.stringify(shown));
      });
    } finally {
      await svc.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
