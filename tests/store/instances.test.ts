import assert from "node:assert/strict";
import type { Instance } from "../../lib/instances/types.ts";
import {
  getDeletedInstance,
  getInstance,
  hostInstanceUuids,
  indexTerminatedInstances,
  insertInstance,
  instanceUuids,
  removeInstance,
  terminatedInstanceUuids,
  updateInstance,
} from "../../lib/store/instances.ts";
import { keys } from "../../lib/store/keys.ts";
import { transact } from "../../lib/store/transaction.ts";

async function withKv(body: (kv: Deno.Kv) => Promise<void>) {
  const kv = await Deno.openKv(":memory:");
  try {
    await body(kv);
  } finally {
    kv.close();
  }
}

function record(uuid: string, created_at: string, project_id = "p", host: string | null = "h") {
  return { uuid, created_at, project_id, host } as unknown as Instance;
}

async function collect(gen: AsyncGenerator<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const u of gen) out.push(u);
  return out;
}

Deno.test("the indexes order by (created_at, uuid) and start after a cursor either way", async () => {
  await withKv(async (kv) => {
    const rows = [
      record("b", "2024-01-01T00:00:00.000Z"),
      record("a", "2024-01-01T00:00:00.000Z"),
      record("c", "2024-01-02T00:00:00.000Z"),
      record("z", "2023-12-31T00:00:00.000Z", "other", null),
    ];
    await transact(kv, (tx) => Promise.resolve(rows.forEach((r) => insertInstance(tx, r))));
    assert.deepEqual(await collect(instanceUuids(kv, { projectId: "p", desc: true })), [
      "c",
      "b",
      "a",
    ]);
    assert.deepEqual(await collect(instanceUuids(kv, { desc: false })), ["z", "a", "b", "c"]);
    const cursor = { created_at: "2024-01-01T00:00:00.000Z", uuid: "b" };
    assert.deepEqual(
      await collect(instanceUuids(kv, { projectId: "p", desc: true, after: cursor })),
      ["a"],
    );
    assert.deepEqual(await collect(instanceUuids(kv, { desc: false, after: cursor })), ["c"]);
    assert.deepEqual((await hostInstanceUuids(kv, "h")).sort(), ["a", "b", "c"]);
  });
});

Deno.test("a uuid is inserted once; removal keeps the last record and clears the indexes", async () => {
  await withKv(async (kv) => {
    const r = record("a", "2024-01-01T00:00:00.000Z");
    await transact(kv, (tx) => Promise.resolve(insertInstance(tx, r)));
    await assert.rejects(
      transact(kv, (tx) => Promise.resolve(insertInstance(tx, r)), 2),
      /too many conflicting writers/,
    );
    const moved = { ...r, host: "h2" };
    await transact(kv, (tx) => Promise.resolve(updateInstance(tx, r, moved)));
    assert.deepEqual(await hostInstanceUuids(kv, "h"), []);
    assert.deepEqual(await hostInstanceUuids(kv, "h2"), ["a"]);
    await transact(kv, (tx) => Promise.resolve(removeInstance(tx, moved, { ...moved, name: "x" })));
    assert.equal(await getInstance(kv, "a"), null);
    assert.equal((await getDeletedInstance(kv, "a"))!.name, "x");
    assert.deepEqual(await collect(instanceUuids(kv, { desc: true })), []);
    assert.deepEqual(await hostInstanceUuids(kv, "h2"), []);
  });
});

Deno.test("deleted servers are listed by end time, from a time on, per project or all", async () => {
  await withKv(async (kv) => {
    const ended = [
      ["a", "p", "2024-01-03T00:00:00.000Z"],
      ["b", "p", "2024-01-01T00:00:00.000Z"],
      ["c", "q", "2024-01-02T00:00:00.000Z"],
    ] as const;
    for (const [uuid, project, at] of ended) {
      const r = record(uuid, "2023-12-01T00:00:00.000Z", project);
      await transact(kv, (tx) => Promise.resolve(insertInstance(tx, r)));
      await transact(
        kv,
        (tx) => Promise.resolve(removeInstance(tx, r, { ...r, terminated_at: at, deleted_at: at })),
      );
    }
    const from = (f: string, projectId?: string) =>
      collect(terminatedInstanceUuids(kv, { from: f, projectId }));
    assert.deepEqual(await from("2000-01-01T00:00:00.000Z"), ["b", "c", "a"]);
    assert.deepEqual(await from("2024-01-02T00:00:00.000Z"), ["c", "a"]);
    assert.deepEqual(await from("2024-01-01T00:00:00.001Z", "p"), ["a"]);
    assert.deepEqual(await from("2024-01-03T00:00:00.001Z"), []);
  });
});

Deno.test("the backfill indexes deleted servers by end time, once however often it runs", async () => {
  await withKv(async (kv) => {
    const at = "2024-01-02T00:00:00.000Z";
    // A store from before the index: deleted records without their end-time entries.
    const r = { ...record("a", "2023-12-01T00:00:00.000Z"), terminated_at: at };
    await kv.set(keys.deletedInstance("a"), r);
    await kv.set(keys.deletedInstance("b"), { ...record("b", "t"), terminated_at: null });
    const all = () => collect(terminatedInstanceUuids(kv, { from: "2000-01-01T00:00:00.000Z" }));
    assert.deepEqual(await all(), []);
    await indexTerminatedInstances(kv);
    await indexTerminatedInstances(kv);
    assert.deepEqual(await all(), ["a"]);
    assert.deepEqual(
      await collect(terminatedInstanceUuids(kv, { from: at, projectId: "p" })),
      ["a"],
    );
  });
});
