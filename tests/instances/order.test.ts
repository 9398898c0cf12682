import assert from "node:assert/strict";
import {
  checkSortParams,
  createServers,
  deleteServer,
  effectiveOrder,
  type Instance,
  InvalidSortInput,
  listServers,
  type SortTerm,
} from "../../lib/instances/mod.ts";
import { SORT_KEYS } from "../../lib/compute/servers/schemas.ts";
import { createInput, TestClock, testDeps, withKv } from "./support.ts";

const ROOMY = {
  quota: { instances: -1, cores: -1, ram: -1 },
  virt: { host: ["big:100000:100000000:10000000"], fake_delete_seconds: 0 },
};

Deno.test("effectiveOrder follows Nova's lister and database padding", () => {
  const t = (key: string, dir: "asc" | "desc"): SortTerm => ({ key, dir });
  assert.deepEqual(effectiveOrder(["created_at"], ["desc"]), [
    t("created_at", "desc"),
    t("uuid", "asc"),
  ]);
  assert.deepEqual(effectiveOrder([], []), [
    t("created_at", "desc"),
    t("id", "desc"),
    t(
      "uuid",
      "asc",
    ),
  ]);
  assert.deepEqual(effectiveOrder(["display_name"], []), [
    t("display_name", "asc"),
    t("uuid", "asc"),
  ]);
  assert.deepEqual(effectiveOrder(["a", "b"], ["desc"]), [
    t("a", "desc"),
    t("b", "asc"),
    t("uuid", "desc"),
  ]);
  assert.deepEqual(effectiveOrder(["uuid", "display_name"], ["desc"]), [t("uuid", "desc")]);
});

Deno.test("checkSortParams refuses unknown directions and more directions than keys", () => {
  checkSortParams(["a"], ["asc"]);
  checkSortParams(["a", "b"], []);
  assert.throws(
    () => checkSortParams(["a"], ["up"]),
    (e) =>
      e instanceof InvalidSortInput &&
      e.message === "Invalid input received: Unknown sort direction, must be 'desc' or 'asc'",
  );
  assert.throws(
    () => checkSortParams([], ["asc"]),
    (e) =>
      e instanceof InvalidSortInput &&
      e.message === "Invalid input received: Sort direction size exceeds sort key size",
  );
});

/** Independent reads of a few keys, to check the order a scan returns. */
const FIELDS: Record<string, (i: Instance) => string | number | null> = {
  display_name: (i) => i.name,
  launch_index: (i) => i.launch_index,
  key_name: (i) => i.key_name,
  created_at: (i) => i.created_at,
  uuid: (i) => i.uuid,
};

function nullFirst(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

Deno.test("every sort key, both ways: pages have no gap or duplicate, in order", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, ROOMY);
    const made: Instance[] = [];
    for (const [name, keyName, count] of [["web", "k2", 4], ["db", null, 3], ["app", "k1", 5]]) {
      made.push(
        ...await createServers(
          kv,
          createInput({
            name: name as string,
            keyName: keyName as string | null,
            networks: "none",
            minCount: count as number,
            maxCount: count as number,
          }),
          deps,
        ),
      );
      clock.advance(1);
    }
    // Another project's servers never show.
    await createServers(
      kv,
      createInput({ context: { projectId: "p2", userId: "u", isAdmin: false } }),
      deps,
    );
    for (const key of [...SORT_KEYS, "locked"]) {
      for (const dir of ["asc", "desc"] as const) {
        const order = effectiveOrder([key], [dir]);
        const seen: Instance[] = [];
        let marker: string | undefined;
        for (let pages = 0; pages < 20; pages++) {
          const page = await listServers(kv, { projectId: "p1", limit: 5, marker, order }, deps);
          seen.push(...page);
          if (page.length < 5) break;
          marker = page.at(-1)!.uuid;
        }
        const ids = seen.map((i) => i.uuid);
        assert.equal(new Set(ids).size, ids.length, `${key} ${dir}: duplicate`);
        assert.deepEqual([...ids].sort(), made.map((i) => i.uuid).sort(), `${key} ${dir}: gap`);
        const field = FIELDS[key];
        if (!field) continue;
        for (let n = 1; n < seen.length; n++) {
          let c = nullFirst(field(seen[n - 1]), field(seen[n]));
          if (c === 0 && key !== "uuid") c = nullFirst(seen[n - 1].uuid, seen[n].uuid);
          else if (dir === "desc") c = -c;
          assert.ok(c < 0, `${key} ${dir}: out of order at ${n}`);
        }
      }
    }
  });
});

Deno.test("a scan pages while servers are deleted: no duplicate, the live ones all seen", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, ROOMY);
    const made = await createServers(
      kv,
      createInput({ networks: "none", minCount: 30, maxCount: 30 }),
      deps,
    );
    const order = effectiveOrder(["display_name"], ["asc"]);
    const seen: string[] = [];
    const deleted = new Set<string>();
    let marker: string | undefined;
    for (;;) {
      const page = await listServers(kv, { projectId: "p1", limit: 4, marker, order }, deps);
      seen.push(...page.map((i) => i.uuid));
      if (page.length < 4) break;
      marker = page.at(-1)!.uuid;
      // Delete the marker and one not yet seen: the marker still works.
      for (
        const victim of [
          marker,
          made.find((i) => !seen.includes(i.uuid) && !deleted.has(i.uuid))?.uuid,
        ]
      ) {
        if (victim && !deleted.has(victim)) {
          await deleteServer(kv, victim, deps);
          deleted.add(victim);
        }
      }
    }
    assert.equal(new Set(seen).size, seen.length);
    for (const i of made) if (!deleted.has(i.uuid)) assert.ok(seen.includes(i.uuid));
    const gone = await listServers(
      kv,
      { projectId: "p1", limit: 100, deleted: "only", order },
      deps,
    );
    assert.deepEqual(gone.map((i) => i.uuid).sort(), [...deleted].sort());
    assert.ok(gone.every((i) => i.vm_state === "deleted"));
    const both = await listServers(
      kv,
      { projectId: "p1", limit: 100, deleted: "include", order },
      deps,
    );
    assert.equal(both.length, 30);
  });
});
