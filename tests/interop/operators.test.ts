/**
 * The stock `openstack` CLI on the operator APIs together, against the quick start (what
 * `deno task start` runs: two hosts, the embedded identity, the emulator): hypervisors, compute
 * services and the zones, aggregates moving a host to another zone, a server group's policy
 * spreading and refusing servers, and the migration list of a cold and a live migration. Each
 * step checks what the cloud reports afterwards (hosts, zones, members, statuses), not only the
 * exit code. `tests/interop/services_hypervisors.test.ts` covers `compute service set --up` and
 * the plain lists; the server actions themselves are in `server_actions.test.ts`.
 */
import assert from "node:assert/strict";
import { HAS_OSC } from "./_osc.ts";
import { type QuickStart, startQuickStart } from "./_quickstart.ts";

/** The newest microversion python-novaclient 18 (Debian bookworm) knows. */
const COMPUTE_API = "2.92";
const ADMIN = "nova-deno-admin";

type Json = Record<string, unknown>;

Deno.test({
  name: "openstack CLI: hypervisors, services, zones, aggregates, server groups and migrations",
  ignore: !HAS_OSC,
  async fn(t) {
    const qs: QuickStart = await startQuickStart();
    /** `openstack --os-compute-api-version <version> …` as admin; its outcome, whatever it is. */
    const at = (version: string, ...args: string[]) =>
      qs.openstack(ADMIN, "--os-compute-api-version", version, ...args);
    /** Run at {@link COMPUTE_API} and require success; standard output. */
    const run = async (...args: string[]): Promise<string> => {
      const out = await at(COMPUTE_API, ...args);
      assert.ok(out.ok, `openstack ${args.join(" ")}: ${out.stderr}${out.stdout}`);
      return out.stdout;
    };
    // deno-lint-ignore no-explicit-any
    const json = async (...args: string[]): Promise<any> =>
      JSON.parse(await run(...args, "-f", "json"));
    const show = (name: string): Promise<Json> => json("server", "show", name);
    const hostOf = async (name: string) => (await show(name))["OS-EXT-SRV-ATTR:host"] as string;
    const other = (host: string) => host === "compute-1" ? "compute-2" : "compute-1";
    /** An emulator control (no CLI has one): the admin's token, on the quick start's endpoint. */
    let token = "";
    const emulator = async (method: string, path: string, body: unknown) => {
      token ||= (await run("token", "issue", "-f", "value", "-c", "id")).trim();
      const res = await fetch(`${qs.endpoint}/os-emulator/${path}`, {
        method,
        headers: { "X-Auth-Token": token, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      assert.equal(res.status, 200, await res.clone().text());
      await res.body?.cancel();
    };
    const boot = (name: string, ...extra: string[]) =>
      json(
        "server",
        "create",
        "--image",
        "cirros",
        "--flavor",
        "m1.tiny",
        "--network",
        "private",
        "--wait",
        ...extra,
        name,
      );
    try {
      // Builds, deletes and actions end at once (osc's --wait polls every five seconds); the
      // live migrations below take their time per server.
      await emulator("PUT", "settings", {
        settings: { boot_seconds: 0, delete_seconds: 0, action_seconds: 0 },
      });
      await t.step(
        "hypervisor list --long, show, stats show (refused by osc from 2.88)",
        async () => {
          const list = await json("hypervisor", "list", "--long");
          assert.deepEqual(
            list.map((h: Json) => [h["Hypervisor Hostname"], h.State, h["vCPUs Used"]]),
            // From 2.88 Nova no longer reports the usage: osc shows empty cells.
            [["compute-1", "up", ""], ["compute-2", "up", ""]],
          );
          const old = JSON.parse(
            (await at("2.87", "hypervisor", "list", "--long", "-f", "json")).stdout,
          );
          assert.deepEqual(
            old.map((
              h: Json,
            ) => [h["vCPUs"], h["vCPUs Used"], h["Memory MB"], h["Memory MB Used"]]),
            [[16, 0, 32768, 0], [16, 0, 32768, 0]],
          );
          const shown = await json("hypervisor", "show", "compute-1");
          assert.equal(shown.hypervisor_type, "QEMU");
          assert.equal(shown.service_host, "compute-1");
          assert.deepEqual(shown.aggregates, []);
          assert.equal(shown.state, "up");
          // osc's default microversion still has the statistics …
          const stats = JSON.parse(
            (await at("2.1", "hypervisor", "stats", "show", "-f", "json")).stdout,
          );
          assert.equal(stats.count, 2);
          assert.equal(stats.vcpus, 32);
          assert.equal(stats.running_vms, 0);
          // … which Nova removed in 2.88: osc refuses before asking.
          const refused = await at("2.88", "hypervisor", "stats", "show");
          assert.equal(refused.ok, false);
          assert.match(refused.stderr, /The 'statistics' API is removed in API version 2\.88/);
        },
      );

      await t.step("aggregate create --zone / add host moves compute-2 to az2", async () => {
        const created = await json("aggregate", "create", "--zone", "az2", "rack-2");
        assert.equal(created.availability_zone, "az2");
        const added = await json("aggregate", "add", "host", "rack-2", "compute-2");
        assert.deepEqual(added.hosts, ["compute-2"]);
        await run("aggregate", "set", "--property", "ssd=true", "rack-2");
        const shown = await json("aggregate", "show", "rack-2");
        assert.equal(shown.availability_zone, "az2");
        assert.deepEqual(shown.properties, { ssd: "true" });
        const listed = await json("aggregate", "list", "--long");
        assert.deepEqual(
          listed.map((a: Json) => [a.Name, a["Availability Zone"], a.Hosts, a.Properties]),
          [["rack-2", "az2", ["compute-2"], { ssd: "true" }]],
        );
        const zones = await json("availability", "zone", "list", "--compute", "--long");
        assert.deepEqual(
          zones
            .filter((z: Json) => z["Service Name"] === "nova-compute")
            .map((z: Json) => [z["Zone Name"], z["Host Name"], z["Zone Status"]])
            .sort(),
          [["az2", "compute-2", "available"], ["nova", "compute-1", "available"]],
        );
        const services = await json("compute", "service", "list", "--service", "nova-compute");
        assert.deepEqual(services.map((s: Json) => [s.Host, s.Zone]), [
          ["compute-1", "nova"],
          ["compute-2", "az2"],
        ]);
        assert.deepEqual((await json("hypervisor", "show", "compute-2")).aggregates, ["rack-2"]);
      });

      await t.step("server create --availability-zone az2 lands on compute-2", async () => {
        const server = await boot("in-az2", "--availability-zone", "az2");
        assert.equal(server.status, "ACTIVE");
        assert.equal(server["OS-EXT-SRV-ATTR:host"], "compute-2");
        assert.equal(server["OS-EXT-AZ:availability_zone"], "az2");
        // A second aggregate of another zone cannot take compute-2.
        await run("aggregate", "create", "--zone", "az3", "rack-3");
        const twice = await at(COMPUTE_API, "aggregate", "add", "host", "rack-3", "compute-2");
        assert.equal(twice.ok, false);
        assert.match(
          twice.stderr,
          /409: .*Cannot add host to aggregate \d+\. Reason: One or more hosts already in availability zone\(s\) \['az2'\]\./,
        );
        // Its server pins compute-2 to az2 until it is gone.
        const pinned = await at(COMPUTE_API, "aggregate", "remove", "host", "rack-2", "compute-2");
        assert.equal(pinned.ok, false);
        assert.match(
          pinned.stderr,
          /409: .*Cannot remove host from aggregate \d+\. Reason: .* would change from 'az2' to 'None' but the host already has 1 instance\(s\)/,
        );
        await run("server", "delete", "--wait", "in-az2");
      });

      await t.step("aggregate unset / remove host / delete: compute-2 back in nova", async () => {
        await run("aggregate", "unset", "--property", "ssd", "rack-2");
        const removed = await json("aggregate", "remove", "host", "rack-2", "compute-2");
        assert.deepEqual(removed.hosts, []);
        await run("aggregate", "delete", "rack-2", "rack-3");
        assert.deepEqual(await json("aggregate", "list"), []);
        const zones = await json("availability", "zone", "list", "--compute");
        assert.deepEqual(zones.map((z: Json) => z["Zone Name"]).sort(), ["internal", "nova"]);
      });

      await t.step(
        "server group create --policy anti-affinity, boot with --hint group=",
        async () => {
          const group = await json(
            "server",
            "group",
            "create",
            "--policy",
            "anti-affinity",
            "spread",
          );
          assert.equal(group.policy, "anti-affinity");
          assert.deepEqual(group.members, []);
          const hint = `group=${group.id}`;
          const a = await boot("a1", "--hint", hint);
          const b = await boot("a2", "--hint", hint);
          assert.deepEqual(
            [a["OS-EXT-SRV-ATTR:host"], b["OS-EXT-SRV-ATTR:host"]].sort(),
            ["compute-1", "compute-2"],
          );
          // The third has no host left: osc says so (and, being osc 6, still exits 0).
          const third = await at(
            COMPUTE_API,
            "server",
            "create",
            "--image",
            "cirros",
            "--flavor",
            "m1.tiny",
            "--network",
            "private",
            "--hint",
            hint,
            "--wait",
            "a3",
          );
          assert.match(third.stdout, /Error creating server/);
          const refused = await show("a3");
          assert.equal(refused.status, "ERROR");
          assert.equal(
            (refused.fault as Json).message,
            "No valid host was found. There are not enough hosts available.",
          );
          const shown = await json("server", "group", "show", "spread");
          assert.deepEqual(
            [...shown.members].sort(),
            [a.id, b.id, refused.id].sort(),
          );
          const listed = await json("server", "group", "list", "--long");
          assert.deepEqual(listed.map((g: Json) => [g.Name, g.Policy, (g.Members as []).length]), [
            ["spread", "anti-affinity", 3],
          ]);
          await run("server", "delete", "--wait", "a1", "a2", "a3");
          await run("server", "group", "delete", "spread");
          assert.deepEqual(await json("server", "group", "list"), []);
        },
      );

      await t.step("compute service set --disable: new servers avoid the host", async () => {
        const first = await boot("vm1");
        const host = first["OS-EXT-SRV-ATTR:host"] as string;
        await run(
          "compute",
          "service",
          "set",
          "--disable",
          "--disable-reason",
          "new disks",
          host,
          "nova-compute",
        );
        const services = await json("compute", "service", "list", "--long", "--host", host);
        assert.deepEqual(
          services.map((s: Json) => [s.Binary, s.Status, s.State, s["Disabled Reason"]]),
          [["nova-compute", "disabled", "up", "new disks"]],
        );
        assert.equal((await show("vm1")).host_status, "MAINTENANCE");
        const next = await boot("vm2");
        assert.equal(next["OS-EXT-SRV-ATTR:host"], other(host));
        assert.equal(next.host_status, "UP");
        await run("compute", "service", "set", "--down", host, "nova-compute");
        assert.equal((await show("vm1")).host_status, "DOWN");
        await run("compute", "service", "set", "--up", "--enable", host, "nova-compute");
        assert.equal((await show("vm1")).host_status, "UP");
        await run("server", "delete", "--wait", "vm2");
      });

      await t.step(
        "server migrate + migration confirm, resize confirm: server migration list",
        async () => {
          const before = await hostOf("vm1");
          await run("server", "migrate", "--wait", "vm1");
          assert.equal((await show("vm1")).status, "VERIFY_RESIZE");
          const [pending] = await json("server", "migration", "list", "--server", "vm1");
          assert.deepEqual(
            [pending.Type, pending.Status, pending["Source Compute"], pending["Dest Compute"]],
            ["migration", "finished", before, other(before)],
          );
          await run("server", "migration", "confirm", "vm1");
          assert.equal(await hostOf("vm1"), other(before));
          // And back, confirmed the other way osc offers.
          await run("server", "migrate", "--wait", "vm1");
          await run("server", "resize", "confirm", "vm1");
          const server = await show("vm1");
          assert.equal(server.status, "ACTIVE");
          assert.equal(server["OS-EXT-SRV-ATTR:host"], before);
          const list = await json("server", "migration", "list", "--server", "vm1");
          assert.deepEqual(list.map((m: Json) => [m.Type, m.Status, m["Dest Compute"]]), [
            ["migration", "confirmed", before],
            ["migration", "confirmed", other(before)],
          ]);
          const typed = await json("server", "migration", "list", "--type", "cold-migration");
          assert.equal(typed.length, 2);
        },
      );

      await t.step(
        "server migrate --live-migration: running in migration show, then completed",
        async () => {
          const before = await hostOf("vm1");
          const id = (await show("vm1")).id as string;
          // Ten simulated minutes for this server's moves; the emulator's clock moves them on.
          await emulator("PUT", `servers/${id}/settings`, { settings: { action_seconds: 600 } });
          await run("server", "migrate", "--live-migration", "vm1");
          assert.equal((await show("vm1")).status, "MIGRATING");
          await emulator("POST", "clock", { advance: 300, server_id: id });
          const [live] = await json(
            "server",
            "migration",
            "list",
            "--server",
            "vm1",
            "--type",
            "live-migration",
          );
          assert.deepEqual(
            [live.Status, live["Source Compute"], live["Dest Compute"]],
            ["running", before, other(before)],
          );
          const shown = await json("server", "migration", "show", "vm1", String(live.Id));
          assert.equal(shown.Status, "running");
          assert.equal(shown["Memory Total Bytes"], 512 * 1024 * 1024);
          assert.equal(shown["Memory Remaining Bytes"], 512 * 1024 * 1024);
          await emulator("POST", "clock", { advance: 600, server_id: id });
          const server = await show("vm1");
          assert.equal(server.status, "ACTIVE");
          assert.equal(server["OS-EXT-SRV-ATTR:host"], other(before));
          const [done] = await json(
            "server",
            "migration",
            "list",
            "--server",
            "vm1",
            "--type",
            "live-migration",
          );
          assert.equal(done.Status, "completed");
          // Only live migrations in progress can be shown.
          const gone = await at(COMPUTE_API, "server", "migration", "show", "vm1", String(done.Id));
          assert.equal(gone.ok, false);
          assert.match(gone.stderr, /is not in progress\. \(HTTP 404\)/);
          const usage = JSON.parse(
            (await at("2.87", "hypervisor", "list", "--long", "-f", "json")).stdout,
          );
          assert.deepEqual(
            usage.map((h: Json) => [h["Hypervisor Hostname"], h["Memory MB Used"]]).sort(),
            [[before, 0], [other(before), 512]].sort(),
          );
        },
      );

      await t.step(
        "server migrate --live-migration --host, then server migration abort",
        async () => {
          const before = await hostOf("vm1");
          const id = (await show("vm1")).id as string;
          await run("server", "migrate", "--live-migration", "--host", other(before), "vm1");
          await emulator("POST", "clock", { advance: 300, server_id: id });
          const [live] = await json(
            "server",
            "migration",
            "list",
            "--server",
            "vm1",
            "--status",
            "running",
          );
          assert.equal(live["Dest Compute"], other(before));
          await run("server", "migration", "abort", "vm1", String(live.Id));
          const server = await show("vm1");
          assert.equal(server.status, "ACTIVE");
          assert.equal(server["OS-EXT-SRV-ATTR:host"], before);
          const [cancelled] = await json("server", "migration", "list", "--server", "vm1");
          assert.deepEqual([cancelled.Id, cancelled.Status], [live.Id, "cancelled"]);
          await run("server", "delete", "--wait", "vm1");
        },
      );
    } finally {
      await qs.stop();
    }
  },
});
