/**
 * The stock `openstack` CLI against the compute process's Cinder subset, through the embedded
 * identity's catalog (`block-storage` / `volumev3`): `volume create`, `volume list`,
 * `volume show <name>`, `volume set`, `volume snapshot create/list/delete`, `volume delete`, and
 * `quota show` and `limits show` (which now also ask the volume service).
 */
import assert from "node:assert/strict";
import { configDir, startService } from "../e2e/_process.ts";
import { authtokenSection, freePort, HAS_OSC, oscRunner, writeClouds } from "./_osc.ts";

Deno.test({
  name: "openstack CLI: volume create/list/show/set/delete and snapshots through the catalog",
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
      await t.step(
        "volume create answers creating; list and show by name see it available",
        async () => {
          const made = await openstack(
            "demo",
            ...["volume", "create", "--size", "2", "--description", "scratch"],
            ...["--property", "tier=gold", "data1"],
          );
          assert.equal(made.name, "data1");
          assert.equal(made.size, 2);
          assert.equal(made.status, "creating");
          const list = await openstack("demo", "volume", "list");
          // deno-lint-ignore no-explicit-any
          assert.deepEqual(list.map((v: any) => [v.Name, v.Status, v.Size]), [
            ["data1", "available", 2],
          ]);
          const shown = await openstack("demo", "volume", "show", "data1");
          assert.equal(shown.id, made.id);
          assert.equal(shown.status, "available");
          assert.equal(shown.type, "__DEFAULT__");
          assert.equal(shown.description, "scratch");
          assert.equal(shown.bootable, "false");
        },
      );
      await t.step("volume set --name, admin list --all-projects", async () => {
        await osc("demo", "volume", "set", "--name", "data2", "data1");
        assert.equal((await openstack("demo", "volume", "show", "data2")).name, "data2");
        const all = await openstack("admin", "volume", "list", "--all-projects");
        // deno-lint-ignore no-explicit-any
        assert.deepEqual(all.map((v: any) => v.Name), ["data2"]);
        assert.deepEqual(await openstack("admin", "volume", "list"), []);
      });
      await t.step("snapshots: create, list, delete; the volume waits for them", async () => {
        const snap = await openstack(
          "demo",
          ...["volume", "snapshot", "create", "--volume", "data2", "snap1"],
        );
        assert.equal(snap.name, "snap1");
        const snaps = await openstack("demo", "volume", "snapshot", "list");
        // deno-lint-ignore no-explicit-any
        assert.deepEqual(snaps.map((s: any) => [s.Name, s.Status]), [["snap1", "available"]]);
        await osc("demo", "volume", "snapshot", "delete", "snap1");
        assert.deepEqual(await openstack("demo", "volume", "snapshot", "list"), []);
      });
      await t.step("quota show and limits show include the volume service", async () => {
        const quota = await openstack("demo", "quota", "show");
        assert.equal(quota.volumes, 10, JSON.stringify(quota));
        assert.equal(quota.gigabytes, 1000);
        assert.equal(quota.instances, 10);
        const limits = await openstack("demo", "limits", "show", "--absolute");
        // deno-lint-ignore no-explicit-any
        const row = limits.find((l: any) => l.Name === "totalGigabytesUsed");
        assert.equal(row?.Value, 2, JSON.stringify(limits));
      });
      await t.step("volume delete by name", async () => {
        await osc("demo", "volume", "delete", "data2");
        assert.deepEqual(await openstack("demo", "volume", "list"), []);
      });
    } finally {
      await svc.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
