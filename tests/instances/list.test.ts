import assert from "node:assert/strict";
import {
  createServers,
  deleteServer,
  type Instance,
  type InstanceDeps,
  listServers,
  MarkerNotFound,
} from "../../lib/instances/mod.ts";
import { createInput, TestClock, testDeps, withKv } from "./support.ts";

const ROOMY = {
  quota: { instances: -1, cores: -1, ram: -1 },
  virt: { host: ["big:100000:100000000:10000000"], fake_delete_seconds: 0 },
};

/** Create `n` servers of `project`, in creates of up to 25 (several share a created_at). */
async function populate(
  kv: Deno.Kv,
  deps: InstanceDeps,
  clock: TestClock,
  n: number,
  project = "p1",
): Promise<Instance[]> {
  const out: Instance[] = [];
  while (out.length < n) {
    const count = Math.min(25, n - out.length);
    out.push(
      ...await createServers(
        kv,
        createInput({
          context: { projectId: project, userId: "u", isAdmin: false },
          networks: "none",
          minCount: count,
          maxCount: count,
        }),
        deps,
      ),
    );
    clock.advance(0.001);
  }
  return out;
}

function byAgeDesc(a: Instance, b: Instance): number {
  if (a.created_at !== b.created_at) return a.created_at < b.created_at ? 1 : -1;
  return a.uuid < b.uuid ? 1 : a.uuid > b.uuid ? -1 : 0;
}

Deno.test("a project's servers list newest first, then by uuid descending, in pages", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, ROOMY);
    const mine = await populate(kv, deps, clock, 60);
    await populate(kv, deps, clock, 7, "other");
    const expected = [...mine].sort(byAgeDesc).map((i) => i.uuid);
    const seen: string[] = [];
    let marker: string | undefined;
    for (;;) {
      const page = await listServers(kv, { projectId: "p1", limit: 13, marker }, deps);
      seen.push(...page.map((i) => i.uuid));
      if (page.length < 13) break;
      marker = page.at(-1)!.uuid;
    }
    assert.deepEqual(seen, expected);
    const all = await listServers(kv, { limit: 1000 }, deps);
    assert.equal(all.length, 67);
    const asc = await listServers(kv, { projectId: "p1", limit: 1000, sortDesc: false }, deps);
    assert.deepEqual(asc.map((i) => i.uuid), [...expected].reverse());
    assert.deepEqual(await listServers(kv, { projectId: "p1", limit: 0 }, deps), []);
  });
});

Deno.test("paging 1,000 servers while others are created and deleted: no gap, no duplicate", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, ROOMY);
    const servers = await populate(kv, deps, clock, 1000);
    const order = [...servers].sort(byAgeDesc).map((i) => i.uuid);
    const deleted = new Set<string>();
    const seen: string[] = [];
    let marker: string | undefined;
    let round = 0;
    for (;;) {
      const page = await listServers(kv, { projectId: "p1", limit: 50, marker }, deps);
      seen.push(...page.map((i) => i.uuid));
      if (page.length < 50) break;
      marker = page.at(-1)!.uuid;
      // Between pages: delete the marker itself, one server already seen and one not yet seen,
      // and create new servers (newer than all, so they belong before the first page).
      round++;
      for (const uuid of [marker, order[round * 7], order[order.length - round * 3]]) {
        if (deleted.has(uuid)) continue;
        deleted.add(uuid);
        await deleteServer(kv, uuid, deps);
      }
      await populate(kv, deps, clock, 2);
    }
    assert.equal(new Set(seen).size, seen.length, "a server was listed twice");
    // Every server that lived through the whole listing was listed, in order.
    const seenSet = new Set(seen);
    for (const uuid of order) {
      if (!deleted.has(uuid)) assert.ok(seenSet.has(uuid), `server ${uuid} was skipped`);
    }
    const originals = seen.filter((u) => order.includes(u));
    assert.deepEqual(originals, order.filter((u) => seenSet.has(u)));
  });
});

Deno.test("a marker naming no server, or another project's, is Nova's MarkerNotFound", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, ROOMY);
    const [theirs] = await populate(kv, deps, clock, 1, "other");
    await assert.rejects(
      listServers(kv, { projectId: "p1", limit: 5, marker: "nope" }, deps),
      (e: unknown) => e instanceof MarkerNotFound && e.message === "marker [nope] not found",
    );
    await assert.rejects(
      listServers(kv, { projectId: "p1", limit: 5, marker: theirs.uuid }, deps),
      MarkerNotFound,
    );
    // Without a project (all projects), any server is a marker.
    assert.deepEqual(await listServers(kv, { limit: 5, marker: theirs.uuid }, deps), []);
  });
});

Deno.test("list applies due steps and a filter, and fills the page past what the filter drops", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, ROOMY);
    const made = await populate(kv, deps, clock, 30);
    clock.advance(5);
    const page = await listServers(kv, {
      projectId: "p1",
      limit: 10,
      filter: (i) => i.launch_index % 2 === 0,
    }, deps);
    assert.equal(page.length, 10);
    assert.ok(page.every((i) => i.vm_state === "active" && i.launch_index % 2 === 0));
    assert.equal(made.length, 30);
  });
});
