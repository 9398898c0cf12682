/**
 * The operator APIs together, over real HTTP against `compute.ts` run as a process with
 * configured compute hosts: aggregates moving hosts between zones (and the scheduler following),
 * server group policies, a live migration observed while it runs, and a disabled compute
 * service taking no new servers while its servers' `host_status` says MAINTENANCE, and usage
 * adding up exactly for a period with a deleted server.
 */
import assert from "node:assert/strict";
import { configDir, type ServiceProcess, startService } from "./_process.ts";

const IMAGE = "155d900f-4e14-4e4c-a73d-069cbf4541e6";
const TINY = "1"; // m1.tiny: 1 vCPU, 512 MiB, 1 GiB
const MiB = 1024 * 1024;

function conf(hosts: string[]): string {
  return `[DEFAULT]
host = controller
osapi_compute_listen = 127.0.0.1
osapi_compute_listen_port = 0
[api]
auth_strategy = noauth2
[database]
connection = :memory:
[deno]
seed_flavors = true
fake_boot_seconds = 0
[virt]
fake_delete_seconds = 0
${hosts.map((h) => `host = ${h}`).join("\n")}
[emulator]
enabled = true
`;
}

/** A parsed JSON body (the tests read fields by name). */
// deno-lint-ignore no-explicit-any
type Json = any;

interface Reply {
  status: number;
  body: Json;
  text: string;
}

/** An admin (noauth2 `admin:admin`) client of one running compute API. */
class Api {
  constructor(readonly base: string) {}

  async call(method: string, path: string, version: string, body?: unknown): Promise<Reply> {
    const res = await fetch(`${this.base}/v2.1${path}`, {
      method,
      headers: {
        "X-Auth-Token": "admin:admin",
        "Content-Type": "application/json",
        "OpenStack-API-Version": `compute ${version}`,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, text };
  }

  /** A call that must answer `status`; its body. */
  async ok(
    method: string,
    path: string,
    version: string,
    status: number,
    body?: unknown,
  ): Promise<Json> {
    const got = await this.call(method, path, version, body);
    assert.equal(got.status, status, `${method} ${path}: ${got.text}`);
    return got.body;
  }

  /** Boot a tiny server; its id. */
  async boot(name: string, extra: Record<string, unknown> = {}, hints?: unknown): Promise<string> {
    const body: Record<string, unknown> = {
      server: { name, imageRef: IMAGE, flavorRef: TINY, networks: "none", ...extra },
    };
    if (hints) body["os:scheduler_hints"] = hints;
    return (await this.ok("POST", "/servers", "2.74", 202, body)).server.id;
  }

  async server(id: string, version = "2.74"): Promise<Json> {
    return (await this.ok("GET", `/servers/${id}`, version, 200)).server;
  }

  /** The hypervisors' usage by host (2.87 still shows it). */
  async usage(): Promise<Map<string, { vcpus_used: number; memory_mb_used: number; vms: number }>> {
    const { hypervisors } = await this.ok("GET", "/os-hypervisors/detail", "2.87", 200);
    return new Map(
      hypervisors.map((h: Json) => [h.service.host, {
        vcpus_used: h.vcpus_used,
        memory_mb_used: h.memory_mb_used,
        vms: h.running_vms,
      }]),
    );
  }

  /** The zones of os-availability-zone/detail: name → [available, sorted hosts or null]. */
  async zones(): Promise<Record<string, [boolean, string[] | null]>> {
    const { availabilityZoneInfo } = await this.ok(
      "GET",
      "/os-availability-zone/detail",
      "2.1",
      200,
    );
    const out: Record<string, [boolean, string[] | null]> = {};
    for (const z of availabilityZoneInfo) {
      out[z.zoneName] = [z.zoneState.available, z.hosts ? Object.keys(z.hosts).sort() : null];
    }
    return out;
  }
}

async function withCompute(hosts: string[], body: (api: Api) => Promise<void>): Promise<void> {
  const dir = await configDir(conf(hosts));
  let svc: ServiceProcess | null = null;
  try {
    svc = await startService("compute.ts", { OS_NOVA_CONFIG_DIR: dir });
    assert.ok(svc.url, svc.stderr());
    await body(new Api(svc.url));
  } finally {
    const status = await svc?.stop();
    await Deno.remove(dir, { recursive: true });
    assert.equal(status?.code, 0, svc?.stderr());
  }
}

const THREE = ["compute-1:4:4096:40", "compute-2:4:4096:40", "compute-3:4:4096:40"];
const TWO = ["compute-1:4:4096:40", "compute-2:4:4096:40"];

Deno.test("operators: an aggregate's availability_zone moves a host to another zone", async () => {
  await withCompute(THREE, async (api) => {
    assert.deepEqual(await api.zones(), {
      internal: [true, ["controller"]],
      nova: [true, ["compute-1", "compute-2", "compute-3"]],
    });
    const agg = (await api.ok("POST", "/os-aggregates", "2.41", 200, {
      aggregate: { name: "rack-2", availability_zone: "az2" },
    })).aggregate;
    assert.equal(agg.availability_zone, "az2");
    // An aggregate without hosts changes no zone.
    assert.deepEqual(Object.keys(await api.zones()).sort(), ["internal", "nova"]);
    const added = (await api.ok("POST", `/os-aggregates/${agg.id}/action`, "2.41", 200, {
      add_host: { host: "compute-2" },
    })).aggregate;
    assert.deepEqual(added.hosts, ["compute-2"]);
    assert.deepEqual(added.metadata, { availability_zone: "az2" });
    assert.deepEqual(await api.zones(), {
      internal: [true, ["controller"]],
      nova: [true, ["compute-1", "compute-3"]],
      az2: [true, ["compute-2"]],
    });
    const summary = await api.ok("GET", "/os-availability-zone", "2.1", 200);
    assert.deepEqual(
      summary.availabilityZoneInfo.map((z: Json) => [z.zoneName, z.zoneState.available, z.hosts]),
      [["az2", true, null], ["nova", true, null]],
    );
    // The compute service follows its host's zone.
    const services = await api.ok("GET", "/os-services?binary=nova-compute", "2.53", 200);
    assert.deepEqual(
      services.services.map((s: Json) => [s.host, s.zone]),
      [["compute-1", "nova"], ["compute-2", "az2"], ["compute-3", "nova"]],
    );

    // A server asking for az2 lands on compute-2 and shows the zone; one asking for nova never does.
    const inAz2 = await api.boot("in-az2", { availability_zone: "az2" });
    const s2 = await api.server(inAz2);
    assert.equal(s2.status, "ACTIVE");
    assert.equal(s2["OS-EXT-SRV-ATTR:host"], "compute-2");
    assert.equal(s2["OS-EXT-AZ:availability_zone"], "az2");
    for (const name of ["n1", "n2", "n3"]) {
      const s = await api.server(await api.boot(name, { availability_zone: "nova" }));
      assert.equal(s.status, "ACTIVE");
      assert.notEqual(s["OS-EXT-SRV-ATTR:host"], "compute-2");
      assert.equal(s["OS-EXT-AZ:availability_zone"], "nova");
    }
    // An unknown zone is refused at the API, as Nova's create does.
    const unknown = await api.call("POST", "/servers", "2.74", {
      server: {
        name: "x",
        imageRef: IMAGE,
        flavorRef: TINY,
        networks: "none",
        availability_zone: "az9",
      },
    });
    assert.equal(unknown.status, 400, unknown.text);
    assert.equal(
      unknown.body.badRequest.message,
      "The requested availability zone is not available",
    );

    // A host may not be in two zones: adding compute-2 to an aggregate of another zone is 409 …
    const other = (await api.ok("POST", "/os-aggregates", "2.41", 200, {
      aggregate: { name: "rack-3", availability_zone: "az3" },
    })).aggregate;
    const twice = await api.call("POST", `/os-aggregates/${other.id}/action`, "2.41", {
      add_host: { host: "compute-2" },
    });
    assert.equal(twice.status, 409, twice.text);
    assert.equal(
      twice.body.conflictingRequest.message,
      `Cannot add host to aggregate ${other.id}. Reason: One or more hosts already in ` +
        "availability zone(s) ['az2'].",
    );
    // … and giving a zone to a zoneless aggregate that holds compute-2 is 400.
    const plain = (await api.ok("POST", "/os-aggregates", "2.41", 200, {
      aggregate: { name: "gpu" },
    })).aggregate;
    await api.ok("POST", `/os-aggregates/${plain.id}/action`, "2.41", 200, {
      add_host: { host: "compute-2" },
    });
    const meta = await api.call("POST", `/os-aggregates/${plain.id}/action`, "2.41", {
      set_metadata: { metadata: { availability_zone: "az4" } },
    });
    assert.equal(meta.status, 400, meta.text);
    assert.equal(
      meta.body.badRequest.message,
      `Cannot update metadata of aggregate ${plain.id}. Reason: One or more hosts already in ` +
        "availability zone(s) ['az2'].",
    );
    const put = await api.call("PUT", `/os-aggregates/${plain.id}`, "2.41", {
      aggregate: { availability_zone: "az4" },
    });
    assert.equal(put.status, 400, put.text);
    assert.match(put.body.badRequest.message, /^Cannot update aggregate \d+\. Reason: One or more/);
    // Even the same zone is refused on an aggregate whose hosts have servers (Nova checks the
    // aggregate's own zone, which is none).
    const same = await api.call("POST", `/os-aggregates/${plain.id}/action`, "2.41", {
      set_metadata: { metadata: { availability_zone: "az2" } },
    });
    assert.equal(same.status, 400, same.text);
    assert.equal(
      same.body.badRequest.message,
      `Cannot update metadata of aggregate ${plain.id}. Reason: One or more hosts contain ` +
        "instances in this zone.",
    );
    const props = (await api.ok("POST", `/os-aggregates/${plain.id}/action`, "2.41", 200, {
      set_metadata: { metadata: { gpu: "true" } },
    })).aggregate;
    assert.deepEqual(props.metadata, { gpu: "true" });
    // The server on compute-2 pins it to az2: leaving rack-2 would change its zone (409).
    const leave = await api.call("POST", `/os-aggregates/${agg.id}/action`, "2.41", {
      remove_host: { host: "compute-2" },
    });
    assert.equal(leave.status, 409, leave.text);
    assert.equal(
      leave.body.conflictingRequest.message,
      `Cannot remove host from aggregate ${agg.id}. Reason: The host cannot be removed from the ` +
        "aggregate as the availability zone of the host would change from 'az2' to 'None' but " +
        "the host already has 1 instance(s). Changing the AZ of an existing instance is not " +
        "supported by this action. Move the instances away from this host then try again. If " +
        "you need to move the instances between AZs then you can use shelve_offload and " +
        "unshelve to achieve this..", // Nova's reason ends in a period, and so does its format
    );
    // Once its server is gone, compute-2 goes back to nova.
    await api.ok("DELETE", `/servers/${inAz2}`, "2.74", 204);
    await api.ok("POST", `/os-aggregates/${agg.id}/action`, "2.41", 200, {
      remove_host: { host: "compute-2" },
    });
    assert.deepEqual(await api.zones(), {
      internal: [true, ["controller"]],
      nova: [true, ["compute-1", "compute-2", "compute-3"]],
    });
    // An aggregate with hosts cannot be deleted; an empty one can.
    const full = await api.call("DELETE", `/os-aggregates/${plain.id}`, "2.41");
    assert.equal(full.status, 400, full.text);
    assert.equal(
      full.body.badRequest.message,
      `Cannot remove host from aggregate ${plain.id}. Reason: Host aggregate is not empty.`,
    );
    await api.ok("DELETE", `/os-aggregates/${agg.id}`, "2.41", 200);
    const gone = await api.call("GET", `/os-aggregates/${agg.id}`, "2.41");
    assert.equal(gone.status, 404, gone.text);
    assert.equal(gone.body.itemNotFound.message, `Aggregate ${agg.id} could not be found.`);
  });
});

Deno.test("operators: anti-affinity spreads and then refuses; soft-anti-affinity does not", async () => {
  await withCompute(TWO, async (api) => {
    const group = (await api.ok("POST", "/os-server-groups", "2.64", 200, {
      server_group: { name: "spread", policy: "anti-affinity" },
    })).server_group;
    assert.deepEqual(group.rules, {});
    const a = await api.boot("a1", {}, { group: group.id });
    const b = await api.boot("a2", {}, { group: group.id });
    const hosts = [await api.server(a), await api.server(b)].map((s) => {
      assert.equal(s.status, "ACTIVE");
      return s["OS-EXT-SRV-ATTR:host"];
    });
    assert.deepEqual(hosts.sort(), ["compute-1", "compute-2"]);
    // Both hosts hold a member: the third cannot be placed.
    const c = await api.boot("a3", {}, { group: group.id });
    const refused = await api.server(c);
    assert.equal(refused.status, "ERROR");
    assert.equal(refused["OS-EXT-STS:vm_state"], "error");
    assert.equal(refused["OS-EXT-STS:task_state"], null);
    assert.equal(refused["OS-EXT-SRV-ATTR:host"], null);
    assert.equal(refused.fault.code, 500);
    assert.equal(
      refused.fault.message,
      "No valid host was found. There are not enough hosts available.",
    );
    // The refused server is still a member (Nova adds members before scheduling).
    const shown = (await api.ok("GET", `/os-server-groups/${group.id}`, "2.64", 200)).server_group;
    assert.deepEqual([...shown.members].sort(), [a, b, c].sort());
    const usage = await api.usage();
    assert.equal(usage.get("compute-1")!.vms, 1);
    assert.equal(usage.get("compute-2")!.vms, 1);

    const soft = (await api.ok("POST", "/os-server-groups", "2.64", 200, {
      server_group: { name: "prefer-spread", policy: "soft-anti-affinity" },
    })).server_group;
    const softHosts: string[] = [];
    for (const name of ["s1", "s2", "s3"]) {
      const s = await api.server(await api.boot(name, {}, { group: soft.id }));
      assert.equal(s.status, "ACTIVE", `${name}: ${JSON.stringify(s.fault)}`);
      softHosts.push(s["OS-EXT-SRV-ATTR:host"]);
    }
    // The first two spread; the third shares a host rather than failing.
    assert.notEqual(softHosts[0], softHosts[1]);
    assert.equal(new Set(softHosts).size, 2);
    assert.equal(
      (await api.ok("GET", `/os-server-groups/${soft.id}`, "2.64", 200)).server_group.members
        .length,
      3,
    );
  });
});

Deno.test("operators: a live migration is seen running in os-migrations, then completed", async () => {
  await withCompute(TWO, async (api) => {
    const id = await api.boot("mover", {}, undefined);
    const before = await api.server(id);
    assert.equal(before.status, "ACTIVE");
    const source = before["OS-EXT-SRV-ATTR:host"];
    const dest = source === "compute-1" ? "compute-2" : "compute-1";
    // This server's moves take ten simulated minutes; the clock is advanced by hand.
    await api.ok("PUT", `/os-emulator/servers/${id}/settings`, "2.1", 200, {
      settings: { action_seconds: 600 },
    });
    const accepted = await api.call("POST", `/servers/${id}/action`, "2.80", {
      "os-migrateLive": { host: null, block_migration: "auto" },
    });
    assert.equal(accepted.status, 202, accepted.text);

    const migrating = await api.server(id, "2.80");
    assert.equal(migrating.status, "MIGRATING");
    assert.equal(migrating["OS-EXT-STS:task_state"], "migrating");
    assert.equal(migrating["OS-EXT-SRV-ATTR:host"], source);
    const listed = async () => {
      const { migrations } = await api.ok(
        "GET",
        `/os-migrations?instance_uuid=${id}`,
        "2.80",
        200,
      );
      assert.equal(migrations.length, 1);
      return migrations[0];
    };
    const first = await listed();
    assert.equal(first.migration_type, "live-migration");
    assert.equal(first.source_compute, source);
    assert.equal(first.dest_compute, dest);
    assert.equal(first.project_id, "admin");
    assert.ok(["accepted", "queued"].includes(first.status), first.status);

    // Half way: the memory copy runs.
    await api.ok("POST", "/os-emulator/clock", "2.1", 200, { advance: 300, server_id: id });
    const running = await listed();
    assert.equal(running.status, "running");
    const own = async () =>
      (await api.ok("GET", `/servers/${id}/migrations`, "2.80", 200)).migrations;
    const [live] = await own();
    assert.equal(live.id, running.id);
    assert.equal(live.status, "running");
    assert.equal(live.server_uuid, id);
    assert.equal(live.memory_total_bytes, 512 * MiB);
    assert.equal(live.memory_processed_bytes, 0);
    assert.equal(live.memory_remaining_bytes, 512 * MiB);
    assert.equal(live.disk_total_bytes, 0, "shared storage: no disk copied");
    const shown = await api.ok("GET", `/servers/${id}/migrations/${live.id}`, "2.80", 200);
    assert.equal(shown.migration.status, "running");
    // The destination holds a claim while the source still runs the guest.
    const during = await api.usage();
    assert.equal(during.get(dest)!.memory_mb_used, 512);
    assert.equal(during.get(source)!.memory_mb_used, 512);

    await api.ok("POST", "/os-emulator/clock", "2.1", 200, { advance: 100, server_id: id });
    const [half] = await own();
    assert.equal(half.memory_processed_bytes, 256 * MiB);
    assert.equal(half.memory_remaining_bytes, 256 * MiB);
    assert.equal((await api.server(id)).status, "MIGRATING");

    await api.ok("POST", "/os-emulator/clock", "2.1", 200, { advance: 600, server_id: id });
    const after = await api.server(id, "2.80");
    assert.equal(after.status, "ACTIVE");
    assert.equal(after["OS-EXT-STS:task_state"], null);
    assert.equal(after["OS-EXT-SRV-ATTR:host"], dest);
    assert.equal(after["OS-EXT-SRV-ATTR:hypervisor_hostname"], dest);
    const done = await listed();
    assert.equal(done.status, "completed");
    assert.deepEqual(await own(), [], "a completed live migration is no longer in progress");
    const gone = await api.call("GET", `/servers/${id}/migrations/${done.id}`, "2.80");
    assert.equal(gone.status, 404, gone.text);
    const usage = await api.usage();
    assert.deepEqual(usage.get(source), { vcpus_used: 0, memory_mb_used: 0, vms: 0 });
    assert.deepEqual(usage.get(dest), { vcpus_used: 1, memory_mb_used: 512, vms: 1 });
    // The instance action has its events, the conductor's first.
    const { instanceActions } = await api.ok(
      "GET",
      `/servers/${id}/os-instance-actions`,
      "2.1",
      200,
    );
    assert.equal(instanceActions[0].action, "live-migration");
  });
});

Deno.test("operators: a disabled compute service takes no new servers and its servers say MAINTENANCE", async () => {
  await withCompute(TWO, async (api) => {
    const { services } = await api.ok("GET", "/os-services?binary=nova-compute", "2.53", 200);
    const ids = new Map<string, string>(services.map((s: Json) => [s.host, s.id]));
    const first = await api.server(await api.boot("first"));
    const host = first["OS-EXT-SRV-ATTR:host"];
    const other = host === "compute-1" ? "compute-2" : "compute-1";
    assert.equal(first.host_status, "UP");

    const disabled = (await api.ok("PUT", `/os-services/${ids.get(host)}`, "2.53", 200, {
      status: "disabled",
      disabled_reason: "new disks",
    })).service;
    assert.equal(disabled.status, "disabled");
    assert.equal(disabled.state, "up");
    assert.equal(disabled.disabled_reason, "new disks");
    assert.equal((await api.server(first.id)).host_status, "MAINTENANCE");
    const listed = await api.ok("GET", "/servers/detail", "2.74", 200);
    assert.equal(listed.servers[0].host_status, "MAINTENANCE");
    // host_status is shown from 2.16 only.
    assert.ok(!("host_status" in await api.server(first.id, "2.15")));

    // New servers go to the other host, even where the disabled one has more room.
    const placed: string[] = [];
    for (const name of ["n1", "n2"]) {
      const s = await api.server(await api.boot(name));
      assert.equal(s["OS-EXT-SRV-ATTR:host"], other);
      assert.equal(s.host_status, "UP");
      placed.push(s.id);
    }
    // Nor does a cold migration go there: the scheduler finds no host (asynchronously, as Nova's
    // conductor does), the server stays ACTIVE where it was and the action failed.
    await api.ok("POST", `/servers/${placed[0]}/action`, "2.74", 202, { migrate: null });
    const stayed = await api.server(placed[0]);
    assert.deepEqual(
      [stayed.status, stayed["OS-EXT-STS:task_state"], stayed["OS-EXT-SRV-ATTR:host"]],
      ["ACTIVE", null, other],
    );
    assert.ok(!("fault" in stayed), "an ACTIVE server shows no fault");
    const { instanceActions } = await api.ok(
      "GET",
      `/servers/${placed[0]}/os-instance-actions`,
      "2.74",
      200,
    );
    assert.deepEqual(instanceActions.map((a: Json) => [a.action, a.message]), [
      ["migrate", "Error"],
      ["create", null],
    ]);
    const { migrations } = await api.ok(
      "GET",
      `/os-migrations?instance_uuid=${placed[0]}`,
      "2.80",
      200,
    );
    assert.deepEqual(migrations.map((m: Json) => [m.migration_type, m.status]), [
      ["migration", "error"],
    ]);
    const usage = await api.usage();
    assert.equal(usage.get(host)!.vms, 1);
    assert.equal(usage.get(other)!.vms, 2);
    // A disabled host's zone stays available while another enabled service is in it.
    assert.deepEqual((await api.zones()).nova, [true, [other]]);

    // Both disabled: nowhere to go.
    await api.ok("PUT", `/os-services/${ids.get(other)}`, "2.53", 200, { status: "disabled" });
    assert.deepEqual((await api.zones()).nova, [false, null]);
    const stuck = await api.server(await api.boot("stuck"));
    assert.equal(stuck.status, "ERROR");
    assert.equal(stuck.fault.code, 500);
    assert.equal(stuck.fault.message, "No valid host was found. ");
    assert.equal(stuck.host_status, "");

    // Forced down beats disabled; DOWN, then MAINTENANCE again once up.
    await api.ok("PUT", `/os-services/${ids.get(host)}`, "2.53", 200, { forced_down: true });
    assert.equal((await api.server(first.id)).host_status, "DOWN");
    await api.ok("PUT", `/os-services/${ids.get(host)}`, "2.53", 200, { forced_down: false });
    assert.equal((await api.server(first.id)).host_status, "MAINTENANCE");

    // Re-enabled: UP again, and it takes servers again.
    const enabled = (await api.ok("PUT", `/os-services/${ids.get(host)}`, "2.53", 200, {
      status: "enabled",
    })).service;
    assert.equal(enabled.status, "enabled");
    assert.equal(enabled.disabled_reason, null);
    assert.equal((await api.server(first.id)).host_status, "UP");
    const back = await api.server(await api.boot("back"));
    assert.equal(back.status, "ACTIVE");
    assert.equal(back["OS-EXT-SRV-ATTR:host"], host);
  });
});

/** Seconds since the epoch of an API time (`2026-01-02T03:04:05.678901`, UTC, no zone). */
function epoch(text: string): number {
  const [whole, fraction = "0"] = text.replace(/Z$/, "").split(".");
  return Date.parse(`${whole}Z`) / 1000 + Number(`0.${fraction}`);
}

Deno.test("operators: usage adds up exactly for a period, deleted servers included", async () => {
  await withCompute(TWO, async (api) => {
    const kept = await api.boot("kept");
    const gone = await api.boot("gone");
    await api.ok("DELETE", `/servers/${gone}`, "2.74", 204);
    const keptShown = await api.server(kept);
    const deleted = await api.ok("GET", "/servers/detail?deleted=true", "2.74", 200);
    const goneShown = deleted.servers.find((s: Json) => s.id === gone);
    assert.ok(goneShown, JSON.stringify(deleted));
    assert.ok(goneShown["OS-SRV-USG:terminated_at"], JSON.stringify(goneShown));

    // A period that starts an hour before the first launch and ends now (usage caps the end at
    // the API's clock, so the period's end is read back from the answer).
    const start = new Date(Date.now() - 3_600_000).toISOString().replace("Z", "");
    const end = new Date(Date.now() + 3_600_000).toISOString().replace("Z", "");
    const { tenant_usage: usage } = await api.ok(
      "GET",
      `/os-simple-tenant-usage/admin?start=${start}&end=${end}&detailed=1`,
      "2.40",
      200,
    );
    const stop = epoch(usage.stop);
    const byId = new Map<string, Json>(usage.server_usages.map((u: Json) => [u.instance_id, u]));
    assert.deepEqual([...byId.keys()].sort(), [kept, gone].sort());

    const keptHours = (stop - epoch(keptShown["OS-SRV-USG:launched_at"])) / 3600;
    const goneHours = (epoch(goneShown["OS-SRV-USG:terminated_at"]) -
      epoch(goneShown["OS-SRV-USG:launched_at"])) / 3600;
    // Times are shown to the microsecond: equal within a microsecond per server, per unit.
    const near = (got: number, want: number, what: string, perHour = 1) =>
      assert.ok(
        Math.abs(got - want) <= 2 * perHour * (1e-6 / 3600),
        `${what}: ${got} != ${want}`,
      );
    near(byId.get(kept).hours, keptHours, "kept hours");
    near(byId.get(gone).hours, goneHours, "gone hours");
    assert.equal(byId.get(gone).state, "terminated");
    assert.equal(byId.get(kept).state, "active");
    // m1.tiny: 1 vCPU, 512 MiB, 1 GiB.
    near(usage.total_hours, keptHours + goneHours, "total hours");
    near(usage.total_vcpus_usage, keptHours + goneHours, "vCPU hours");
    near(usage.total_memory_mb_usage, 512 * keptHours + 512 * goneHours, "RAM MB-hours", 512);
    near(usage.total_local_gb_usage, keptHours + goneHours, "disk GB-hours");

    // A period that ended before either server was launched counts neither.
    const before = new Date(Date.now() - 7_200_000).toISOString().replace("Z", "");
    const { tenant_usage: empty } = await api.ok(
      "GET",
      `/os-simple-tenant-usage/admin?start=${before}&end=${start}`,
      "2.40",
      200,
    );
    assert.deepEqual(empty, {});
  });
});
