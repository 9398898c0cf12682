/**
 * The stock `openstack` CLI drives every server action the compute API serves, against a real
 * compute process with its embedded identity: reboot, stop/start, pause, suspend, lock, rescue,
 * shelve (and offload), resize with confirm and revert, cold and live migration, evacuate, rebuild,
 * snapshot and backup images, consoles, the admin password, security groups, reset state, crash
 * dumps, restore after a soft delete and the instance action log. Each step checks the command's
 * exit code and what `server show -f json` reports afterwards. Steps take half a second
 * (`[deno] fake_boot_seconds`), so `--wait` really polls.
 */
import assert from "node:assert/strict";
import { configDir, startService } from "../e2e/_process.ts";
import { authtokenSection, freePort, HAS_OSC, writeClouds } from "./_osc.ts";
import { CIRROS_IMAGE_ID } from "../../lib/images/catalog.ts";

/** The newest microversion python-novaclient 18 (Debian bookworm) knows. */
const COMPUTE_API = "2.92";

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

type Server = Record<string, unknown>;

Deno.test({
  name: "openstack CLI: every server action, checked with server show",
  ignore: !HAS_OSC,
  async fn(t) {
    const port = freePort();
    const dir = await configDir(`[DEFAULT]
osapi_compute_listen = 127.0.0.1
osapi_compute_listen_port = ${port}
reclaim_instance_interval = 3600
shelved_offload_time = -1
[api]
auth_strategy = keystone
[database]
connection = :memory:
[deno]
seed_flavors = true
fake_boot_seconds = 0.5
[virt]
fake_delete_seconds = 0.5
[emulator]
enabled = true
[identity]
users = admin:admin-pw:admin:admin
users = nova:nova-pw:service:admin+service
signing_key_file =
${authtokenSection(port)}`);
    const svc = await startService("compute.ts", { OS_NOVA_CONFIG_DIR: dir });
    const clouds = await writeClouds(dir, svc.url, [
      { name: "admin", username: "admin", password: "admin-pw", project: "admin" },
    ]);
    const env = { OS_CLIENT_CONFIG_FILE: clouds, PATH: "/usr/bin:/bin", HOME: dir };
    /** Run `openstack` and return its exit code and output, whatever they are. */
    const osc = (...args: string[]): Promise<Outcome> => oscWith("", ...args);
    /**
     * Run `openstack` in a session of its own (`setsid`: no controlling terminal, so a password
     * prompt reads `stdin`), feeding it `stdin`.
     */
    const oscWith = async (stdin: string, ...args: string[]): Promise<Outcome> => {
      const child = new Deno.Command("setsid", {
        args: [
          "openstack",
          "--os-cloud",
          "admin",
          "--os-compute-api-version",
          COMPUTE_API,
          ...args,
        ],
        env,
        clearEnv: true,
        stdin: "piped",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const writer = child.stdin.getWriter();
      await writer.write(new TextEncoder().encode(stdin));
      await writer.close();
      const out = await child.output();
      const dec = new TextDecoder();
      return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
    };
    /** Run `openstack` and require exit code 0. */
    const run = async (...args: string[]): Promise<string> => {
      const out = await osc(...args);
      assert.equal(out.code, 0, `openstack ${args.join(" ")}: ${out.stderr}${out.stdout}`);
      return out.stdout;
    };
    const json = async (...args: string[]) => JSON.parse(await run(...args, "-f", "json"));
    const show = (name = "vm1"): Promise<Server> => json("server", "show", name);
    /** `server show` until `status` with no task (a task's steps take half a second). */
    const settled = async (status: string, name = "vm1"): Promise<Server> => {
      for (let i = 0; i < 20; i++) {
        const server = await show(name);
        if (server.status === status && server["OS-EXT-STS:task_state"] === null) return server;
        await new Promise((r) => setTimeout(r, 250));
      }
      const server = await show(name);
      assert.equal(server.status, status, JSON.stringify(server));
      return server;
    };
    const states = (s: Server) => [
      s.status,
      s["OS-EXT-STS:vm_state"],
      s["OS-EXT-STS:power_state"],
      s["OS-EXT-STS:task_state"],
    ];
    const host = (s: Server) => s["OS-EXT-SRV-ATTR:host"] as string | null;
    const flavorName = (s: Server) => (s.flavor as { original_name?: string }).original_name;
    /** `server show` prints the image as `name (id)`. */
    const imageId = (s: Server) => /\(([0-9a-f-]{36})\)/.exec(String(s.image))?.[1];
    const otherHost = (h: string | null) => h === "compute-1" ? "compute-2" : "compute-1";
    try {
      assert.ok(svc.url, svc.stderr());
      let id = "";
      await t.step("server create --wait ends ACTIVE on a host", async () => {
        const server = await json(
          "server",
          "create",
          "--image",
          "cirros",
          "--flavor",
          "m1.tiny",
          "--network",
          "private",
          "--wait",
          "vm1",
        );
        id = server.id;
        assert.deepEqual(states(server), ["ACTIVE", "active", 1, null]);
        assert.equal(flavorName(server), "m1.tiny");
        assert.equal(imageId(server), CIRROS_IMAGE_ID);
        assert.match(host(server) ?? "", /^compute-[12]$/);
      });
      await t.step("server reboot --soft --wait / --hard --wait", async () => {
        assert.match(await run("server", "reboot", "--soft", "--wait", "vm1"), /Complete/);
        assert.deepEqual(states(await show()), ["ACTIVE", "active", 1, null]);
        assert.match(await run("server", "reboot", "--hard", "--wait", "vm1"), /Complete/);
        assert.deepEqual(states(await show()), ["ACTIVE", "active", 1, null]);
      });
      await t.step("server stop / start", async () => {
        await run("server", "stop", "vm1");
        assert.deepEqual(states(await settled("SHUTOFF")), [
          "SHUTOFF",
          "stopped",
          4,
          null,
        ]);
        await run("server", "start", "vm1");
        assert.deepEqual(states(await settled("ACTIVE")), ["ACTIVE", "active", 1, null]);
      });
      await t.step("server pause / unpause", async () => {
        await run("server", "pause", "vm1");
        assert.deepEqual(states(await settled("PAUSED")), ["PAUSED", "paused", 3, null]);
        await run("server", "unpause", "vm1");
        assert.deepEqual(states(await settled("ACTIVE")), ["ACTIVE", "active", 1, null]);
      });
      await t.step("server suspend / resume", async () => {
        await run("server", "suspend", "vm1");
        assert.deepEqual(states(await settled("SUSPENDED")), [
          "SUSPENDED",
          "suspended",
          7,
          null,
        ]);
        await run("server", "resume", "vm1");
        assert.deepEqual(states(await settled("ACTIVE")), ["ACTIVE", "active", 1, null]);
      });
      await t.step("server lock --reason / unlock", async () => {
        await run("server", "lock", "--reason", "maintenance", "vm1");
        let server = await show();
        assert.equal(server.locked, true);
        assert.equal(server.locked_reason, "maintenance");
        await run("server", "unlock", "vm1");
        server = await show();
        assert.equal(server.locked, false);
        assert.equal(server.locked_reason, null);
      });
      await t.step("server rescue / unrescue", async () => {
        await run("server", "rescue", "vm1");
        assert.deepEqual(states(await settled("RESCUE")), ["RESCUE", "rescued", 1, null]);
        await run("server", "unrescue", "vm1");
        assert.deepEqual(states(await settled("ACTIVE")), ["ACTIVE", "active", 1, null]);
      });
      await t.step("server shelve --wait, shelve --offload --wait, unshelve", async () => {
        const before = host(await show());
        await run("server", "shelve", "--wait", "vm1");
        let server = await settled("SHELVED");
        assert.deepEqual(states(server), ["SHELVED", "shelved", 4, null]);
        assert.equal(host(server), before);
        await run("server", "shelve", "--offload", "--wait", "vm1");
        server = await settled("SHELVED_OFFLOADED");
        assert.deepEqual(states(server), [
          "SHELVED_OFFLOADED",
          "shelved_offloaded",
          4,
          null,
        ]);
        assert.equal(host(server), null);
        await run("server", "unshelve", "vm1");
        server = await settled("ACTIVE");
        assert.deepEqual(states(server), ["ACTIVE", "active", 1, null]);
        assert.match(host(server) ?? "", /^compute-[12]$/);
      });
      await t.step("server resize --flavor --wait, resize confirm", async () => {
        const before = host(await show());
        await run("server", "resize", "--flavor", "m1.small", "--wait", "vm1");
        let server = await show();
        assert.deepEqual(states(server), ["VERIFY_RESIZE", "resized", 1, null]);
        assert.equal(flavorName(server), "m1.small");
        assert.equal(host(server), otherHost(before));
        await run("server", "resize", "confirm", "vm1");
        server = await settled("ACTIVE");
        assert.deepEqual(states(server), ["ACTIVE", "active", 1, null]);
        assert.equal(flavorName(server), "m1.small");
      });
      await t.step("server resize --flavor --wait, resize revert", async () => {
        const before = host(await show());
        await run("server", "resize", "--flavor", "m1.medium", "--wait", "vm1");
        let server = await show();
        assert.equal(server.status, "VERIFY_RESIZE");
        assert.equal(flavorName(server), "m1.medium");
        await run("server", "resize", "revert", "vm1");
        server = await settled("ACTIVE");
        assert.equal(flavorName(server), "m1.small");
        assert.equal(host(server), before);
      });
      await t.step("server migrate --wait, migrate confirm", async () => {
        const before = host(await show());
        await run("server", "migrate", "--wait", "vm1");
        let server = await show();
        assert.deepEqual(states(server), ["VERIFY_RESIZE", "resized", 1, null]);
        assert.equal(host(server), otherHost(before));
        await run("server", "migrate", "confirm", "vm1");
        server = await settled("ACTIVE");
        assert.equal(host(server), otherHost(before));
        assert.equal(flavorName(server), "m1.small");
      });
      await t.step("server migrate --live-migration, then --host", async () => {
        const before = host(await show());
        await run("server", "migrate", "--live-migration", "--wait", "vm1");
        let server = await settled("ACTIVE");
        assert.equal(host(server), otherHost(before));
        await run("server", "migrate", "--live-migration", "--host", before!, "--wait", "vm1");
        server = await settled("ACTIVE");
        assert.equal(host(server), before);
      });
      await t.step("server evacuate (source service forced down)", async (s) => {
        const before = host(await show());
        const down = await osc("compute", "service", "set", "--down", before!, "nova-compute");
        assert.equal(down.code, 0, down.stderr);
        // osc 6.0 sends the evacuate, then treats novaclient's answer (a TupleWithMeta) as a
        // server and crashes, with or without --wait: a client bug, after Nova accepted it.
        const evac = await osc("server", "evacuate", "vm1");
        if (evac.code !== 0) assert.match(evac.stderr, /TupleWithMeta/, evac.stderr);
        const server = await settled("ACTIVE");
        assert.equal(host(server), otherHost(before));
        // Nova refuses to force the source up until its compute restarts (the emulator's restart).
        const refused = await osc("compute", "service", "set", "--up", before!, "nova-compute");
        assert.notEqual(refused.code, 0);
        assert.match(refused.stderr, /failed to set/i);
        const token = (await run("token", "issue", "-f", "value", "-c", "id")).trim();
        const restart = await fetch(`${svc.url}/v2.1/os-emulator/hosts/${before}/restart`, {
          method: "POST",
          headers: { "x-auth-token": token },
        });
        assert.equal(restart.status, 200, await restart.text());
        await run("compute", "service", "set", "--up", before!, "nova-compute");
        void s;
      });
      await t.step("server rebuild --image --wait", async () => {
        // With --wait the CLI prints "Complete" before the table.
        const text = await run(
          "server",
          "rebuild",
          "--image",
          "cirros",
          "--wait",
          "vm1",
          "-f",
          "json",
        );
        assert.match(text, /^Complete\n/);
        assert.equal(JSON.parse(text.slice(text.indexOf("{"))).id, id);
        const server = await settled("ACTIVE");
        assert.equal(imageId(server), CIRROS_IMAGE_ID);
      });
      await t.step("server image create --wait, then image list shows it", async () => {
        const image = await json("server", "image", "create", "--name", "snap1", "--wait", "vm1");
        assert.equal(image.name, "snap1");
        assert.equal(image.status, "active");
        const images = await json("image", "list");
        assert.ok(
          images.some((i: { Name: string }) => i.Name === "snap1"),
          JSON.stringify(images),
        );
        assert.equal((await settled("ACTIVE")).status, "ACTIVE");
      });
      await t.step("server backup create --type daily --rotate 1", async () => {
        await run(
          "server",
          "backup",
          "create",
          "--name",
          "bk1",
          "--type",
          "daily",
          "--rotate",
          "1",
          "vm1",
        );
        await settled("ACTIVE");
        await run(
          "server",
          "backup",
          "create",
          "--name",
          "bk2",
          "--type",
          "daily",
          "--rotate",
          "1",
          "vm1",
        );
        await settled("ACTIVE");
        const names = (await json("image", "list")).map((i: { Name: string }) => i.Name);
        assert.ok(names.includes("bk2"), names.join());
        assert.ok(!names.includes("bk1"), names.join());
      });
      await t.step("console log show, console url show --novnc", async () => {
        assert.ok((await run("console", "log", "show", "--lines", "5", "vm1")).length > 0);
        const url = await json("console", "url", "show", "--novnc", "vm1");
        assert.equal(url.type, "novnc");
        assert.match(url.url, /^http:\/\/.*\/vnc_auto\.html\?path=%3Ftoken%3D[0-9a-f-]{36}$/);
      });
      await t.step("server set --root-password (changePassword)", async () => {
        // The CLI asks twice (getpass); with no terminal it reads the answers from stdin.
        const out = await oscWith("n3w-pw\nn3w-pw\n", "server", "set", "--root-password", "vm1");
        assert.equal(out.code, 0, out.stderr);
        assert.equal((await show()).status, "ACTIVE");
      });
      await t.step("server add / remove security group", async () => {
        // OSC 6 resolves the group by name through the proxy API GET /os-security-groups.
        await run("server", "add", "security", "group", "vm1", "default");
        await run("server", "remove", "security", "group", "vm1", "default");
        assert.equal((await show()).status, "ACTIVE");
      });
      await t.step("server set --state error / --state active", async () => {
        await run("server", "set", "--state", "error", "vm1");
        let server = await show();
        assert.equal(server.status, "ERROR");
        assert.equal(server["OS-EXT-STS:vm_state"], "error");
        await run("server", "set", "--state", "active", "vm1");
        server = await show();
        assert.deepEqual(states(server), ["ACTIVE", "active", 1, null]);
      });
      await t.step("server dump create", async () => {
        await run("server", "dump", "create", "vm1");
        assert.equal((await show()).status, "ACTIVE");
      });
      await t.step("server delete, server restore (soft delete)", async () => {
        // A soft-deleted server is left out of lists, so (as with Nova) only its id finds it.
        await run("server", "delete", "vm1");
        const deleted = await settled("SOFT_DELETED", id);
        assert.deepEqual(states(deleted), ["SOFT_DELETED", "soft-delete", 4, null]);
        await run("server", "restore", id);
        assert.deepEqual(states(await settled("ACTIVE")), ["ACTIVE", "active", 1, null]);
      });
      await t.step(
        "openstacksdk: resize + confirm, rebuild, create_image, live_migrate",
        async () => {
          const before = host(await show());
          const out = await new Deno.Command("/usr/bin/python3", {
            args: [new URL("./sdk_server_actions.py", import.meta.url).pathname, id],
            env,
            clearEnv: true,
            stdout: "piped",
            stderr: "piped",
          }).output();
          const dec = new TextDecoder();
          assert.ok(out.success, dec.decode(out.stderr));
          const seen = JSON.parse(dec.decode(out.stdout));
          assert.equal(seen.start_host, before);
          assert.equal(seen.resized_flavor, "m1.tiny");
          assert.equal(seen.resize_host, otherHost(before));
          assert.equal(seen.rebuilt_name, "vm1-sdk");
          assert.equal(seen.rebuilt_image, CIRROS_IMAGE_ID);
          assert.equal(seen.image_status, "active");
          assert.equal(seen.migrated_from, otherHost(before));
          assert.equal(seen.migrated_to, before);
          await run("server", "set", "--name", "vm1", id);
        },
      );
      await t.step("server event list / show", async () => {
        const events = await json("server", "event", "list", "vm1");
        const actions = events.map((e: { Action: string }) => e.Action);
        for (
          const a of [
            "create",
            "reboot",
            "stop",
            "start",
            "pause",
            "unpause",
            "suspend",
            "resume",
            "lock",
            "unlock",
            "rescue",
            "unrescue",
            "shelve",
            "shelveOffload",
            "unshelve",
            "resize",
            "confirmResize",
            "revertResize",
            "migrate",
            "live-migration",
            "rebuild",
            "createImage",
            "createBackup",
            "changePassword",
            "trigger_crash_dump",
            "restore",
          ]
        ) assert.ok(actions.includes(a), `${a} missing from ${actions.join()}`);
        const rebuild = events.find((e: { Action: string }) => e.Action === "rebuild");
        const shown = await json("server", "event", "show", "vm1", rebuild["Request ID"]);
        assert.equal(shown.action, "rebuild");
        assert.equal(shown.instance_uuid, id);
        assert.ok(Array.isArray(shown.events) && shown.events.length > 0, JSON.stringify(shown));
      });
    } finally {
      await svc.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
