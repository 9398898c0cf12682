import assert from "node:assert/strict";
import {
  createServers,
  deleteServer,
  getServer,
  InstanceNotFound,
  updateServer,
} from "../../lib/instances/mod.ts";
import { OverQuota } from "../../lib/quota/mod.ts";
import { getHostUsage } from "../../lib/store/hosts.ts";
import { getDeletedInstance, hostInstanceUuids } from "../../lib/store/instances.ts";
import { createInput, heldIps, PRIVATE, TestClock, testDeps, withKv } from "./support.ts";

async function usage(kv: Deno.Kv, deps: ReturnType<typeof testDeps>, project = "p1") {
  const q = await deps.quota.projectQuotaUsage(kv, project);
  return { instances: q.instances.in_use, cores: q.cores.in_use, ram: q.ram.in_use };
}

Deno.test("a created server builds through Nova's states to ACTIVE as the clock passes", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, { deno: { fake_boot_seconds: 4 } });
    const [vm] = await createServers(kv, createInput(), deps);
    assert.equal(vm.vm_state, "building");
    assert.equal(vm.task_state, "scheduling");
    assert.equal(vm.power_state, 0);
    assert.match(vm.reservation_id, /^r-[0-9a-z]{8}$/);
    assert.equal(vm.hostname, "vm1");
    assert.deepEqual(vm.security_groups, ["default"]);
    assert.equal(vm.ports.length, 1);
    assert.equal(vm.ports[0].device_owner, "compute:nova");
    const seen: (string | null)[] = [];
    for (let i = 0; i < 4; i++) {
      clock.advance(1);
      const now = await getServer(kv, vm.uuid, deps);
      seen.push(now!.task_state);
    }
    assert.deepEqual(seen, ["networking", "block_device_mapping", "spawning", null]);
    const active = await getServer(kv, vm.uuid, deps);
    assert.equal(active!.vm_state, "active");
    assert.equal(active!.power_state, 1);
    assert.equal(active!.launched_at, "2024-05-01T12:00:04.000Z");
    assert.deepEqual(active!.pending, []);
    assert.ok(active!.host === "compute-1" || active!.host === "compute-2");
    assert.equal(active!.availability_zone, "nova");
    assert.deepEqual(await usage(kv, deps), { instances: 1, cores: 1, ram: 512 });
  });
});

Deno.test("a reader that skips ahead applies every due step at once", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock);
    const [vm] = await createServers(kv, createInput(), deps);
    clock.advance(60);
    const got = await getServer(kv, vm.uuid, deps);
    assert.equal(got!.vm_state, "active");
    assert.equal(got!.task_state, null);
  });
});

Deno.test("two readers applying the same due steps count nothing twice", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock);
    const [vm] = await createServers(kv, createInput(), deps);
    clock.advance(5);
    await deleteServer(kv, vm.uuid, deps);
    clock.advance(5);
    const reads = await Promise.all(Array.from({ length: 8 }, () => getServer(kv, vm.uuid, deps)));
    assert.ok(reads.every((r) => r === null));
    assert.deepEqual(await usage(kv, deps), { instances: 0, cores: 0, ram: 0 });
    const hosts = await getHostUsage(kv, ["compute-1", "compute-2"]);
    for (const u of hosts.values()) {
      assert.deepEqual(u, { vcpus: 0, memory_mb: 0, disk_gb: 0, instances: 0 });
    }
  });
});

Deno.test("delete shows task state deleting, then releases quota, host and addresses", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, { virt: { fake_delete_seconds: 2 } });
    const [vm] = await createServers(kv, createInput(), deps);
    clock.advance(2);
    assert.equal((await getServer(kv, vm.uuid, deps))!.vm_state, "active");
    const host = (await getServer(kv, vm.uuid, deps))!.host!;
    assert.deepEqual(await hostInstanceUuids(kv, host), [vm.uuid]);
    assert.equal((await getHostUsage(kv, [host])).get(host)!.instances, 1);

    const deleting = await deleteServer(kv, vm.uuid, deps);
    assert.equal(deleting!.task_state, "deleting");
    assert.equal(deleting!.vm_state, "active");
    // Deleting again changes nothing.
    assert.deepEqual(await deleteServer(kv, vm.uuid, deps), deleting);
    clock.advance(1);
    assert.equal((await getServer(kv, vm.uuid, deps))!.task_state, "deleting");
    assert.equal((await usage(kv, deps)).instances, 1);
    clock.advance(1);
    assert.equal(await getServer(kv, vm.uuid, deps), null);
    assert.deepEqual(await usage(kv, deps), { instances: 0, cores: 0, ram: 0 });
    assert.deepEqual((await getHostUsage(kv, [host])).get(host), {
      vcpus: 0,
      memory_mb: 0,
      disk_gb: 0,
      instances: 0,
    });
    assert.deepEqual(await hostInstanceUuids(kv, host), []);
    assert.deepEqual(await heldIps(kv, PRIVATE.id), []);
    const last = await getDeletedInstance(kv, vm.uuid);
    assert.equal(last!.vm_state, "deleted");
    assert.equal(last!.deleted_at, "2024-05-01T12:00:04.000Z");
    await assert.rejects(deleteServer(kv, vm.uuid, deps), InstanceNotFound);
    await assert.rejects(deleteServer(kv, vm.uuid, deps), {
      message: `Instance ${vm.uuid} could not be found.`,
    });
  });
});

Deno.test("deleting a server mid-build abandons the build and releases its claims", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, {
      deno: { fake_boot_seconds: 10 },
      virt: { fake_delete_seconds: 0 },
    });
    const [vm] = await createServers(kv, createInput(), deps);
    clock.advance(3);
    assert.equal(await deleteServer(kv, vm.uuid, deps), null);
    assert.equal(await getServer(kv, vm.uuid, deps), null);
    assert.deepEqual(await usage(kv, deps), { instances: 0, cores: 0, ram: 0 });
    assert.deepEqual(await heldIps(kv, PRIVATE.id), []);
  });
});

Deno.test("no host fits: BUILD, then ERROR with NoValidHost, quota released, delete releases nothing twice", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, { virt: { host: ["small:1:256:10"] } });
    // Another project's server keeps the usage counters from being trivially zero.
    await createServers(
      kv,
      createInput({
        context: { projectId: "p2", userId: "u2", isAdmin: false },
        flavor: { ...createInput().flavor, memory_mb: 128 },
      }),
      deps,
    );
    const [vm] = await createServers(kv, createInput(), deps);
    assert.equal(vm.vm_state, "building");
    assert.equal(vm.host, null);
    assert.deepEqual(vm.ports, []);
    assert.equal((await usage(kv, deps)).instances, 1);
    clock.advance(1);
    const err = await getServer(kv, vm.uuid, deps);
    assert.equal(err!.vm_state, "error");
    assert.equal(err!.task_state, null);
    assert.equal(err!.fault!.code, 500);
    assert.equal(err!.fault!.message, "No valid host was found. ");
    assert.equal(err!.quota_counted, false);
    assert.deepEqual(await usage(kv, deps), { instances: 0, cores: 0, ram: 0 });
    await deleteServer(kv, vm.uuid, deps);
    clock.advance(1);
    assert.equal(await getServer(kv, vm.uuid, deps), null);
    assert.deepEqual(await usage(kv, deps), { instances: 0, cores: 0, ram: 0 });
    assert.deepEqual(await usage(kv, deps, "p2"), { instances: 1, cores: 1, ram: 128 });
    assert.equal((await getHostUsage(kv, ["small"])).get("small")!.memory_mb, 128);
  });
});

Deno.test("N concurrent creates against an instances quota of Q create exactly Q", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, { quota: { instances: 5 } });
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () => createServers(kv, createInput(), deps)),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected");
    assert.equal(ok.length, 5);
    for (const r of refused) {
      const reason = (r as PromiseRejectedResult).reason;
      assert.ok(reason instanceof OverQuota, String(reason));
    }
    assert.deepEqual(await usage(kv, deps), { instances: 5, cores: 5, ram: 2560 });
    const hosts = await getHostUsage(kv, ["compute-1", "compute-2"]);
    assert.equal([...hosts.values()].reduce((n, u) => n + u.instances, 0), 5);
    assert.equal((await heldIps(kv, PRIVATE.id)).length, 5);
  });
});

Deno.test("concurrent creates against cores and ram quotas stay within them", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, { quota: { cores: 4, ram: 100_000 } });
    const flavor = { ...createInput().flavor, vcpus: 2 };
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => createServers(kv, createInput({ flavor }), deps)),
    );
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 2);
    assert.deepEqual(await usage(kv, deps), { instances: 2, cores: 4, ram: 1024 });

    const ramDeps = testDeps(clock, { quota: { ram: 1536 } });
    const more = await Promise.allSettled(
      Array.from(
        { length: 6 },
        () =>
          createServers(
            kv,
            createInput({ context: { projectId: "p3", userId: "u", isAdmin: false } }),
            ramDeps,
          ),
      ),
    );
    assert.equal(more.filter((r) => r.status === "fulfilled").length, 3);
  });
});

Deno.test("min_count/max_count: as many as the quota allows, else Nova's TooManyInstances", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, { quota: { instances: 3 } });
    const made = await createServers(
      kv,
      createInput({ name: "web", minCount: 2, maxCount: 5 }),
      deps,
    );
    assert.equal(made.length, 3);
    assert.deepEqual(made.map((i) => i.name), ["web-1", "web-2", "web-3"]);
    assert.deepEqual(made.map((i) => i.hostname), ["web-1", "web-2", "web-3"]);
    assert.deepEqual(made.map((i) => i.launch_index), [0, 1, 2]);
    assert.equal(new Set(made.map((i) => i.reservation_id)).size, 1);
    await assert.rejects(
      createServers(kv, createInput({ minCount: 1, maxCount: 2 }), deps),
      (e: unknown) => {
        assert.ok(e instanceof OverQuota);
        assert.equal(
          e.message,
          "Quota exceeded for instances: Requested 1-2, but already used 3 of 3 instances",
        );
        return true;
      },
    );
    await assert.rejects(createServers(kv, createInput(), deps), {
      message: "Quota exceeded for instances: Requested 1, but already used 3 of 3 instances",
    });
  });
});

Deno.test("a port allocation failure aborts the whole create: nothing counted", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock);
    await createServers(
      kv,
      createInput({ networks: [{ network: PRIVATE, fixedIp: "10.0.0.50" }] }),
      deps,
    );
    await assert.rejects(
      createServers(
        kv,
        createInput({ networks: [{ network: PRIVATE, fixedIp: "10.0.0.50" }] }),
        deps,
      ),
      { message: "Fixed IP address 10.0.0.50 is already in use." },
    );
    assert.deepEqual(await usage(kv, deps), { instances: 1, cores: 1, ram: 512 });
  });
});

Deno.test("update changes the named fields and keeps the rest", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock);
    const [vm] = await createServers(kv, createInput({ description: "d" }), deps);
    clock.advance(10);
    const updated = await updateServer(kv, vm.uuid, { name: "renamed" }, deps);
    assert.equal(updated.name, "renamed");
    assert.equal(updated.description, "d");
    assert.equal(updated.vm_state, "active");
    assert.equal(updated.updated_at, "2024-05-01T12:00:10.000Z");
    const again = await updateServer(kv, vm.uuid, { description: null, hostname: "h" }, deps);
    assert.equal(again.description, null);
    assert.equal(again.hostname, "h");
    assert.equal((await getServer(kv, vm.uuid, deps))!.name, "renamed");
    await assert.rejects(updateServer(kv, "nope", { name: "x" }, deps), InstanceNotFound);
  });
});

Deno.test("a big multi-create is made in parts; a part that fails undoes the others", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const roomy = {
      quota: { instances: -1, cores: -1, ram: -1 },
      virt: { host: ["big:1000:1000000:100000"] },
    };
    const deps = testDeps(clock, roomy);
    const made = await createServers(kv, createInput({ minCount: 35, maxCount: 35 }), deps);
    assert.equal(made.length, 35);
    assert.equal(new Set(made.map((i) => i.reservation_id)).size, 1);
    assert.deepEqual(made.map((i) => i.launch_index), [...Array(35).keys()]);
    assert.equal(made[34].name, "vm1-35");
    assert.equal((await heldIps(kv, PRIVATE.id)).length, 35);
    assert.equal((await usage(kv, deps)).instances, 35);

    // An allocator that runs out of addresses after 15 more.
    let left = 15;
    const failing = testDeps(clock, roomy);
    const inner = failing.ports;
    failing.ports = {
      allocatePort: (tx, network, req) => {
        if (left-- <= 0) throw new Error("no more addresses");
        return inner.allocatePort(tx, network, req);
      },
      releasePorts: inner.releasePorts,
    };
    await assert.rejects(
      createServers(kv, createInput({ minCount: 30, maxCount: 30 }), failing),
      { message: "no more addresses" },
    );
    assert.equal((await heldIps(kv, PRIVATE.id)).length, 35);
    assert.deepEqual(await usage(kv, deps), { instances: 35, cores: 35, ram: 35 * 512 });
    assert.equal((await getHostUsage(kv, ["big"])).get("big")!.instances, 35);
  });
});

Deno.test("same_host and different_host hints place by the named servers' hosts", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, { virt: { host: ["h1:8:8192:80", "h2:8:8192:80"] } });
    const [first] = await createServers(kv, createInput(), deps);
    const [near] = await createServers(
      kv,
      createInput({ schedulerHints: { same_host: [first.uuid] } }),
      deps,
    );
    const [far] = await createServers(
      kv,
      createInput({ schedulerHints: { different_host: first.uuid } }),
      deps,
    );
    assert.equal(near.host, first.host);
    assert.notEqual(far.host, first.host);
    const [zoned] = await createServers(
      kv,
      createInput({ availabilityZone: "elsewhere" }),
      deps,
    );
    assert.equal(zoned.host, null);
    assert.equal(zoned.pinned_availability_zone, "elsewhere");
  });
});

Deno.test("a restart in the middle of a build: the next process finishes it from the record", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/state.sqlite`;
    const clock = new TestClock();
    let kv = await Deno.openKv(path);
    const [vm] = await createServers(kv, createInput(), testDeps(clock));
    clock.advance(0.3);
    assert.equal((await getServer(kv, vm.uuid, testDeps(clock)))!.task_state, "networking");
    kv.close();
    clock.advance(5);
    kv = await Deno.openKv(path);
    try {
      const deps = testDeps(clock);
      const after = await getServer(kv, vm.uuid, deps);
      assert.equal(after!.vm_state, "active");
      assert.deepEqual(await usage(kv, deps), { instances: 1, cores: 1, ram: 512 });
    } finally {
      kv.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
