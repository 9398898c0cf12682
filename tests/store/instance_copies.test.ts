import assert from "node:assert/strict";
import type { Instance } from "../../lib/instances/types.ts";
import {
  COPY_LIMIT,
  copyInstancesIntoIndexes,
  insertInstance,
  instanceRecords,
  instanceUuids,
  removeInstance,
  updateInstance,
} from "../../lib/store/instances.ts";
import { keys } from "../../lib/store/keys.ts";
import { MIGRATIONS } from "../../lib/store/migrations.ts";
import { transact } from "../../lib/store/transaction.ts";
import { withKv } from "../support/kv.ts";

function record(uuid: string, created_at: string, extra: Partial<Instance> = {}): Instance {
  return {
    uuid,
    created_at,
    project_id: "p",
    host: "h",
    name: `n-${uuid}`,
    user_data: null,
    ...extra,
  } as unknown as Instance;
}

async function all<T>(gen: AsyncGenerator<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of gen) out.push(x);
  return out;
}

/** The two listing entries of `r`, a copy decoded from its JSON bytes. */
const listingEntries = async (kv: Deno.Kv, r: Instance) => {
  const decode = (v: unknown) =>
    v instanceof Uint8Array ? JSON.parse(new TextDecoder().decode(v)) : v;
  return [
    decode((await kv.get(keys.projectInstance(r.project_id, r.created_at, r.uuid))).value),
    decode((await kv.get(keys.globalInstance(r.created_at, r.uuid))).value),
  ];
};

Deno.test("the listing indexes hold a copy of the record, kept in step by each update", async () => {
  await withKv(async (kv) => {
    const r = record("a", "2024-01-01T00:00:00.000Z");
    await transact(kv, (tx) => Promise.resolve(insertInstance(tx, r)));
    assert.deepEqual(await listingEntries(kv, r), [r, r]);
    assert.deepEqual(await all(instanceRecords(kv, { projectId: "p", desc: true })), [r]);

    // Listed again after a change, the new version is decoded (not the one read before).
    const renamed = { ...r, name: "renamed" };
    await transact(kv, (tx) => Promise.resolve(updateInstance(tx, r, renamed)));
    assert.deepEqual(await listingEntries(kv, r), [renamed, renamed]);
    assert.deepEqual(await all(instanceRecords(kv, { projectId: "p", desc: true })), [renamed]);

    // A record that moved project leaves no copy under the old one.
    const moved = { ...renamed, project_id: "q" };
    await transact(kv, (tx) => Promise.resolve(updateInstance(tx, renamed, moved)));
    assert.deepEqual(await all(instanceRecords(kv, { projectId: "p", desc: true })), []);
    assert.deepEqual(await all(instanceRecords(kv, { projectId: "q", desc: true })), [moved]);

    await transact(kv, (tx) => Promise.resolve(removeInstance(tx, moved, moved)));
    assert.deepEqual(await all(instanceRecords(kv, { desc: true })), []);
  });
});

Deno.test("a record over the copy limit is named by uuid in the indexes and still listed whole", async () => {
  await withKv(async (kv) => {
    const big = record("b", "2024-01-02T00:00:00.000Z", { user_data: "x".repeat(COPY_LIMIT) });
    const small = record("a", "2024-01-01T00:00:00.000Z");
    await transact(kv, (tx) => {
      insertInstance(tx, small);
      insertInstance(tx, big);
      return Promise.resolve();
    });
    assert.deepEqual(await listingEntries(kv, big), ["b", "b"]);
    assert.deepEqual(await all(instanceRecords(kv, { desc: true })), [big, small]);
    assert.deepEqual(await all(instanceUuids(kv, { projectId: "p", desc: false })), ["a", "b"]);
    // Shrunk under the limit, it is copied again.
    const shrunk = { ...big, user_data: null };
    await transact(kv, (tx) => Promise.resolve(updateInstance(tx, big, shrunk)));
    assert.deepEqual(await listingEntries(kv, big), [shrunk, shrunk]);
  });
});

Deno.test("ten servers with 60 KiB of user data each still fit one atomic operation", async () => {
  await withKv(async (kv) => {
    const rows = Array.from(
      { length: 10 },
      (_, i) => record(`u${i}`, "2024-01-01T00:00:00.000Z", { user_data: "y".repeat(60 * 1024) }),
    );
    await transact(kv, (tx) => Promise.resolve(rows.forEach((r) => insertInstance(tx, r))));
    assert.equal((await all(instanceRecords(kv, { desc: false }))).length, 10);
  });
});

Deno.test("migration 3 copies the records of a store whose indexes hold uuids", async () => {
  await withKv(async (kv) => {
    assert.equal(MIGRATIONS[2].apply, copyInstancesIntoIndexes);
    // The layout before migration 3: index entries name their server by uuid.
    const rows = Array.from({ length: 120 }, (_, i) => {
      const n = String(i).padStart(3, "0");
      return record(`i${n}`, `2024-01-01T00:00:00.${n}Z`, { project_id: i % 2 ? "p" : "q" });
    });
    for (const r of rows) {
      await kv.atomic().set(keys.instance(r.uuid), r)
        .set(keys.projectInstance(r.project_id, r.created_at, r.uuid), r.uuid)
        .set(keys.globalInstance(r.created_at, r.uuid), r.uuid).commit();
    }
    // Readable before the migration (each entry read on its own)...
    assert.deepEqual(await all(instanceRecords(kv, { desc: false })), rows);
    await copyInstancesIntoIndexes(kv);
    for (const r of rows) assert.deepEqual(await listingEntries(kv, r), [r, r]);
    // ... and after; running again is harmless.
    await copyInstancesIntoIndexes(kv);
    for (const r of rows) assert.deepEqual(await listingEntries(kv, r), [r, r]);
    assert.deepEqual(
      await all(instanceRecords(kv, { projectId: "p", desc: true })),
      rows.filter((r) => r.project_id === "p").reverse(),
    );
  });
});

Deno.test("decoded copies are remembered per store: one uuid in two stores lists each's own", async () => {
  await withKv(async (one) => {
    await withKv(async (two) => {
      const a = record("same", "2024-01-01T00:00:00.000Z", { name: "in one" });
      const b = record("same", "2024-01-01T00:00:00.000Z", { name: "in two" });
      await transact(one, (tx) => Promise.resolve(insertInstance(tx, a)));
      await transact(two, (tx) => Promise.resolve(insertInstance(tx, b)));
      // Fresh stores hand out the same first versionstamp.
      assert.deepEqual(await all(instanceRecords(one, { desc: true })), [a]);
      assert.deepEqual(await all(instanceRecords(two, { desc: true })), [b]);
    });
  });
});
