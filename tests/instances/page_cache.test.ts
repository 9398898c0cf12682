import assert from "node:assert/strict";
import {
  createServers,
  deleteServer,
  type InstanceDeps,
  listServers,
  updateServer,
} from "../../lib/instances/mod.ts";
import { keys } from "../../lib/store/keys.ts";
import { createInput, TestClock, testDeps, withKv } from "./support.ts";

const ROOMY = {
  quota: { instances: -1, cores: -1, ram: -1 },
  virt: { host: ["big:100000:100000000:10000000"], fake_delete_seconds: 0 },
};

async function populate(kv: Deno.Kv, deps: InstanceDeps, n: number): Promise<string[]> {
  const made = await createServers(
    kv,
    createInput({ networks: "none", minCount: n, maxCount: n }),
    deps,
  );
  return made.map((i) => i.uuid);
}

Deno.test("a page asked again with the same cache key is kept while no server is written", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, ROOMY);
    const [first] = await populate(kv, deps, 3);
    clock.advance(3600); // every build step is done
    const q = { projectId: "p1", limit: 10, cacheKey: "plain" };
    await listServers(kv, q, deps); // applies the due steps (a write: the generation moves)
    const page = await listServers(kv, q, deps);
    assert.equal(page.length, 3);
    // A change that bypasses the store's write functions does not move the generation: the kept
    // page is what comes back (it proves the page was not read again).
    const record = page.find((i) => i.uuid === first)!;
    await kv.delete(keys.projectInstance("p1", record.created_at, record.uuid));
    assert.equal((await listServers(kv, q, deps)).length, 3);
    // Without a cache key, or with another, the index is read.
    assert.equal((await listServers(kv, { projectId: "p1", limit: 10 }, deps)).length, 2);
    assert.equal((await listServers(kv, { ...q, cacheKey: "other" }, deps)).length, 2);
    // A write through the store moves the generation: read again.
    const other = page.find((i) => i.uuid !== first)!;
    await updateServer(kv, other.uuid, { name: "renamed" }, deps);
    const again = await listServers(kv, q, deps);
    assert.equal(again.length, 2);
    assert.ok(again.some((i) => i.name === "renamed"));
  });
});

Deno.test("a kept page is read again once a server it read has a step due", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, ROOMY);
    await populate(kv, deps, 2);
    const q = { projectId: "p1", limit: 10, cacheKey: "plain" };
    const building = await listServers(kv, q, deps);
    assert.ok(building.every((i) => i.vm_state === "building"));
    clock.advance(3600);
    const built = await listServers(kv, q, deps);
    assert.ok(built.every((i) => i.vm_state === "active"), built.map((i) => i.vm_state).join());
  });
});

Deno.test("writes by another process on the same store are seen by a kept page", async () => {
  const path = await Deno.makeTempFile({ suffix: ".sqlite" });
  const a = await Deno.openKv(path);
  const b = await Deno.openKv(path);
  try {
    const clock = new TestClock();
    const deps = testDeps(clock, ROOMY);
    const uuids = await populate(a, deps, 2);
    clock.advance(3600);
    const q = { projectId: "p1", limit: 10, cacheKey: "plain" };
    assert.equal((await listServers(a, q, deps)).length, 2);
    await updateServer(b, uuids[0], { name: "from-b" }, deps);
    assert.ok((await listServers(a, q, deps)).some((i) => i.name === "from-b"));
    await deleteServer(b, uuids[1], deps);
    clock.advance(3600);
    assert.deepEqual((await listServers(a, q, deps)).map((i) => i.uuid), [uuids[0]]);
    await populate(b, deps, 1);
    assert.equal((await listServers(a, q, deps)).length, 2);
  } finally {
    a.close();
    b.close();
    await Deno.remove(path).catch(() => {});
  }
});

Deno.test("a store without a generation (written before it existed) keeps pages per epoch", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, ROOMY);
    const [first] = await populate(kv, deps, 3);
    clock.advance(3600);
    const q = { projectId: "p1", limit: 10, cacheKey: "plain" };
    await listServers(kv, q, deps); // applies the due steps
    // As a store seeded before the generation key existed: no generation at all.
    await kv.delete(keys.instancesGeneration());
    const page = await listServers(kv, q, deps);
    assert.equal(page.length, 3);
    const record = page.find((i) => i.uuid === first)!;
    await kv.delete(keys.projectInstance("p1", record.created_at, record.uuid));
    // Kept: the index change above went around the store's write functions.
    assert.equal((await listServers(kv, q, deps)).length, 3);
    // The first write through the store creates the generation: read again.
    const other = page.find((i) => i.uuid !== first)!;
    await updateServer(kv, other.uuid, { name: "renamed" }, deps);
    assert.equal((await listServers(kv, q, deps)).length, 2);
  });
});
