/**
 * The stock `openstack` CLI on the operator APIs, as an admin through the embedded identity:
 * `compute service list`, `compute service set --disable / --enable / --down / --up`,
 * `hypervisor list` and `hypervisor stats show` (`hypervisor show`, aggregates, zones, server
 * groups and migrations: `operators.test.ts`).
 */
import assert from "node:assert/strict";
import { configDir, startService } from "../e2e/_process.ts";
import { authtokenSection, freePort, HAS_OSC, oscRunner, writeClouds } from "./_osc.ts";

Deno.test({
  name: "openstack CLI: compute service list/set, hypervisor list/stats",
  ignore: !HAS_OSC,
  async fn(t) {
    const port = freePort();
    const dir = await configDir(`[DEFAULT]
host = controller
osapi_compute_listen = 127.0.0.1
osapi_compute_listen_port = ${port}
[api]
auth_strategy = keystone
[database]
connection = :memory:
[identity]
users = nova:nova-pw:service:admin+service
signing_key_file =
${authtokenSection(port)}`);
    const svc = await startService("compute.ts", { OS_NOVA_CONFIG_DIR: dir });
    const clouds = await writeClouds(dir, svc.url, [
      { name: "admin", username: "nova", password: "nova-pw", project: "service" },
    ]);
    const osc = oscRunner(clouds, dir);
    const run = (...args: string[]) => osc("admin", ...args);
    // deno-lint-ignore no-explicit-any
    const openstack = async (...args: string[]): Promise<any> =>
      JSON.parse(await run(...args, "-f", "json"));
    // deno-lint-ignore no-explicit-any
    const compute1 = async (): Promise<any> =>
      (await openstack("compute", "service", "list", "--service", "nova-compute"))
        // deno-lint-ignore no-explicit-any
        .find((s: any) => s.Host === "compute-1");
    try {
      assert.ok(svc.url, svc.stderr());
      await t.step("compute service list shows the controller and both computes", async () => {
        const list = await openstack("compute", "service", "list");
        // deno-lint-ignore no-explicit-any
        assert.deepEqual(list.map((s: any) => [s.Binary, s.Host, s.Zone, s.Status, s.State]), [
          ["nova-conductor", "controller", "internal", "enabled", "up"],
          ["nova-scheduler", "controller", "internal", "enabled", "up"],
          ["nova-compute", "compute-1", "nova", "enabled", "up"],
          ["nova-compute", "compute-2", "nova", "enabled", "up"],
        ]);
      });
      await t.step("compute service set --disable --disable-reason, then --enable", async () => {
        await run(
          "compute",
          "service",
          "set",
          "--disable",
          "--disable-reason",
          "maintenance",
          "compute-1",
          "nova-compute",
        );
        const c1 = await compute1();
        assert.equal(c1.Status, "disabled");
        await run("compute", "service", "set", "--enable", "compute-1", "nova-compute");
        assert.equal((await compute1()).Status, "enabled");
      });
      await t.step("compute service set --down, then --up", async () => {
        await run(
          "--os-compute-api-version",
          "2.11",
          "compute",
          "service",
          "set",
          "--down",
          "compute-1",
          "nova-compute",
        );
        assert.equal((await compute1()).State, "down");
        await run(
          "--os-compute-api-version",
          "2.11",
          "compute",
          "service",
          "set",
          "--up",
          "compute-1",
          "nova-compute",
        );
        assert.equal((await compute1()).State, "up");
      });
      await t.step("hypervisor list and stats show", async () => {
        const list = await openstack("hypervisor", "list");
        assert.deepEqual(
          // deno-lint-ignore no-explicit-any
          list.map((h: any) => [h["Hypervisor Hostname"], h["Hypervisor Type"], h.State]),
          [["compute-1", "QEMU", "up"], ["compute-2", "QEMU", "up"]],
        );
        const stats = await openstack("hypervisor", "stats", "show");
        assert.equal(stats.count, 2);
      });
    } finally {
      await svc.stop();
    }
  },
});
