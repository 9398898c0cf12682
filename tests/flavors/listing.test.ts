/**
 * Flavor listings in the domain: the in-memory selection (SQL-like NULL ordering and marker
 * criteria, who sees what) and {@link listFlavors} over a store, in key order and otherwise.
 */
import assert from "node:assert/strict";
import {
  addFlavorAccess,
  createFlavor,
  type FlavorQuery,
  type FlavorRecord,
  listFlavors,
  MarkerNotFound,
  selectFlavors,
} from "../../lib/flavors/mod.ts";
import { flavorRecord, smallFlavor } from "../support/flavor_records.ts";
import { withKv } from "../support/kv.ts";

const admin = { isAdmin: true, projectId: "admin" };
const base = { isPublic: null, sortKey: "flavorid", sortDir: "asc" as const, limit: 100 };

Deno.test("flavorid sorts as text, NULLs first ascending and last descending", () => {
  const all = [
    flavorRecord(1, "10", { description: "b" }),
    flavorRecord(2, "9"),
    flavorRecord(3, "1", { description: "a" }),
  ];
  const ids = (rows: FlavorRecord[]) => rows.map((f) => f.flavorid);
  assert.deepEqual(ids(selectFlavors(all, new Map(), admin, base)), ["1", "10", "9"]);
  const byDesc = { ...base, sortKey: "description" };
  assert.deepEqual(ids(selectFlavors(all, new Map(), admin, byDesc)), ["9", "1", "10"]);
  assert.deepEqual(
    ids(selectFlavors(all, new Map(), admin, { ...byDesc, sortDir: "desc" })),
    ["10", "1", "9"],
  );
  // A marker whose sort value is NULL only keeps rows with a larger internal id.
  assert.deepEqual(ids(selectFlavors(all, new Map(), admin, { ...byDesc, marker: "9" })), ["1"]);
  assert.deepEqual(ids(selectFlavors(all, new Map(), admin, { ...byDesc, marker: "1" })), ["10"]);
  assert.throws(
    () => selectFlavors(all, new Map(), admin, { ...base, marker: "x" }),
    MarkerNotFound,
  );
});

Deno.test("non-admins see public flavors and private ones shared with their project", () => {
  const all = [
    flavorRecord(1, "pub"),
    flavorRecord(2, "mine", { is_public: false }),
    flavorRecord(3, "theirs", { is_public: false }),
    flavorRecord(4, "off", { disabled: true }),
  ];
  const access = new Map([["mine", ["p1"]], ["theirs", ["p2"]]]);
  const viewer = { isAdmin: false, projectId: "p1" };
  const rows = selectFlavors(all, access, viewer, { ...base, isPublic: true, disabled: false });
  assert.deepEqual(rows.map((f) => f.flavorid), ["mine", "pub"]);
});

const query = (extra: Partial<FlavorQuery> = {}): FlavorQuery => ({
  isPublic: true,
  sortKey: "flavorid",
  sortDir: "asc",
  limit: 1000,
  ...extra,
});

async function fill(kv: Deno.Kv): Promise<void> {
  const f = (flavorid: string, memory_mb: number, extra = {}) =>
    createFlavor(
      kv,
      smallFlavor(flavorid, { name: `n${flavorid}`, memory_mb, root_gb: 1, ...extra }),
    );
  await f("a", 512);
  await f("b", 2048, { is_public: false });
  await f("c", 1024, { is_public: false });
  await f("d", 4096, { disabled: true });
  await f("e", 256);
  await addFlavorAccess(kv, "b", "p1");
}

Deno.test("listFlavors walks key order from the marker, as the viewer may see", async () => {
  await withKv(async (kv) => {
    await fill(kv);
    const user = { isAdmin: false, projectId: "p1" };
    const ids = (rows: FlavorRecord[]) => rows.map((f) => f.flavorid);
    assert.deepEqual(ids(await listFlavors(kv, user, query({ disabled: false }))), ["a", "b", "e"]);
    assert.deepEqual(
      ids(await listFlavors(kv, user, query({ disabled: false, marker: "a", limit: 1 }))),
      ["b"],
    );
    assert.deepEqual(ids(await listFlavors(kv, user, query({ limit: 0 }))), []);
    assert.deepEqual(ids(await listFlavors(kv, admin, query({ isPublic: null }))), [
      "a",
      "b",
      "c",
      "d",
      "e",
    ]);
    assert.deepEqual(ids(await listFlavors(kv, admin, query({ minMemoryMb: 1024 }))), ["d"]);
    // Another order reads everything and sorts it.
    assert.deepEqual(
      ids(await listFlavors(kv, admin, query({ isPublic: null, sortKey: "memory_mb" }))),
      ["e", "a", "c", "b", "d"],
    );
    assert.deepEqual(
      ids(
        await listFlavors(kv, admin, query({ isPublic: null, sortKey: "memory_mb", marker: "c" })),
      ),
      ["b", "d"],
    );
  });
});

Deno.test("listFlavors: a marker the viewer cannot see is Nova's 400 marker error", async () => {
  await withKv(async (kv) => {
    await fill(kv);
    const other = { isAdmin: false, projectId: "p2" };
    for (const sortKey of ["flavorid", "name"]) {
      for (const marker of ["c", "zz"]) {
        await assert.rejects(listFlavors(kv, other, query({ sortKey, marker })), (e: unknown) => {
          assert.ok(e instanceof MarkerNotFound);
          assert.equal(e.kind, "invalid");
          assert.equal(e.message, `marker [${marker}] not found`);
          return true;
        });
      }
    }
    // The owner of the access row may page from it.
    const p1 = { isAdmin: false, projectId: "p1" };
    assert.deepEqual(
      (await listFlavors(kv, p1, query({ marker: "b" }))).map((f) => f.flavorid),
      ["d", "e"],
    );
  });
});
