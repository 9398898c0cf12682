/**
 * The registry of caches kept for speed: what registers is emptied by `emptyCaches`, and the
 * real caches registered at their declaration (here the instance pages) lose their entries and
 * fill again.
 */
import assert from "node:assert/strict";
import { emptiedWhenIdle, emptyCaches } from "../../lib/caches/mod.ts";
import { keepPage, keptPage } from "../../lib/instances/page_cache.ts";
import type { Instance } from "../../lib/instances/types.ts";

Deno.test("emptyCaches runs every registered emptier, each time", () => {
  let emptied = 0;
  emptiedWhenIdle(() => emptied++);
  const registered = emptyCaches();
  assert.ok(registered >= 2, "this test's and the page cache's (imported above)");
  assert.equal(emptied, 1);
  emptyCaches();
  assert.equal(emptied, 2);
});

Deno.test("the instance pages kept for speed are gone once the caches are emptied", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const now = new Date("2026-01-01T00:00:00Z");
    const page = [{ uuid: "a" }, { uuid: "b" }] as Instance[];
    keepPage(kv, "p1", "stamp-1", Infinity, page);
    assert.deepEqual(keptPage(kv, "p1", "stamp-1", now)?.map((i) => i.uuid), ["a", "b"]);
    emptyCaches();
    assert.equal(keptPage(kv, "p1", "stamp-1", now), undefined);
    keepPage(kv, "p1", "stamp-1", Infinity, page);
    assert.equal(keptPage(kv, "p1", "stamp-1", now)?.length, 2, "it fills again");
  } finally {
    kv.close();
  }
});
