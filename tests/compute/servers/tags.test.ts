/**
 * Server tags (2.26) over real HTTP: the sub-resource with Nova's status codes, messages and
 * limits, the state check, and the tag filters of the server list.
 */
import assert from "node:assert/strict";
import type { Harness } from "../../support/compute.ts";
import { createServer, start } from "./_support.ts";

const V = "2.26";

async function withServer(body: (h: Harness, id: string) => Promise<void>): Promise<void> {
  const h = await start();
  try {
    await body(h, await createServer(h, "member"));
  } finally {
    await h.close();
  }
}

Deno.test("server tags: replace, list, add (201 then 204), show, remove, clear", async () => {
  await withServer(async (h, id) => {
    const base = `/servers/${id}/tags`;
    const set = await h.json(base, {
      as: "member",
      version: V,
      method: "PUT",
      json: { tags: ["b", "a", "b"] },
    });
    assert.equal(set.status, 200, set.text);
    assert.deepEqual(set.body, { tags: ["a", "b"] });
    assert.deepEqual((await h.json(base, { as: "member", version: V })).body, { tags: ["a", "b"] });

    const added = await h.fetch(`${base}/c`, { as: "member", version: V, method: "PUT" });
    assert.equal(added.status, 201);
    assert.equal(added.headers.get("location"), `${h.base}/servers/${id}/tags/c`);
    await added.body?.cancel();
    const again = await h.fetch(`${base}/c`, { as: "member", version: V, method: "PUT" });
    assert.equal(again.status, 204);
    await again.body?.cancel();

    const shown = await h.fetch(`${base}/c`, { as: "member", version: V });
    assert.equal(shown.status, 204);
    await shown.body?.cancel();
    const missing = await h.json(`${base}/zz`, { as: "member", version: V });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.itemNotFound.message, `Server ${id} has no tag 'zz'`);

    const removed = await h.fetch(`${base}/c`, { as: "member", version: V, method: "DELETE" });
    assert.equal(removed.status, 204);
    await removed.body?.cancel();
    const gone = await h.json(`${base}/c`, { as: "member", version: V, method: "DELETE" });
    assert.equal(gone.status, 404);
    assert.equal(gone.body.itemNotFound.message, `Instance ${id} has no tag 'c'`);

    const shownServer = await h.json(`/servers/${id}`, { as: "member", version: V });
    assert.deepEqual(shownServer.body.server.tags, ["a", "b"]);

    const cleared = await h.fetch(base, { as: "member", version: V, method: "DELETE" });
    assert.equal(cleared.status, 204);
    await cleared.body?.cancel();
    assert.deepEqual((await h.json(base, { as: "member", version: V })).body, { tags: [] });
  });
});

Deno.test("server tags: Nova's refusals", async () => {
  await withServer(async (h, id) => {
    const base = `/servers/${id}/tags`;
    assert.equal((await h.json(base, { as: "member", version: "2.25" })).status, 404);
    const bad = await h.json(`${base}/a,b`, { as: "member", version: V, method: "PUT" });
    assert.equal(bad.status, 400);
    assert.equal(
      bad.body.badRequest.message,
      "Tag 'a,b' is invalid. It must be a non empty string without characters '/' and ','. " +
        "Validation error message: 'a,b' does not match '^[^,/]*$'",
    );
    const fifty = Array.from({ length: 50 }, (_, n) => `t${n}`);
    const full = await h.json(base, {
      as: "member",
      version: V,
      method: "PUT",
      json: { tags: fifty },
    });
    assert.equal(full.status, 200, full.text);
    const over = await h.json(`${base}/one-more`, { as: "member", version: V, method: "PUT" });
    assert.equal(over.status, 400);
    assert.equal(
      over.body.badRequest.message,
      "The number of tags exceeded the per-server limit 50",
    );
    const tooMany = await h.json(base, {
      as: "member",
      version: V,
      method: "PUT",
      json: { tags: [...fifty, "x"] },
    });
    assert.equal(tooMany.status, 400);
    assert.equal((await h.json(base, { as: "other", version: V })).status, 404);
  });
});

Deno.test("server tags: refused while the server builds", async () => {
  const h = await start({ deno: { fake_boot_seconds: 3600 } });
  try {
    const id = await createServer(h, "member");
    const res = await h.json(`/servers/${id}/tags/x`, { as: "member", version: V, method: "PUT" });
    assert.equal(res.status, 409);
    assert.equal(
      res.body.conflictingRequest.message,
      `Cannot 'update tag' instance ${id} while it is in vm_state building`,
    );
  } finally {
    await h.close();
  }
});

Deno.test("server list: tags, tags-any, not-tags, not-tags-any and locked filters", async () => {
  const h = await start();
  try {
    const a = await createServer(h, "member", { name: "a" });
    const b = await createServer(h, "member", { name: "b" });
    const c = await createServer(h, "member", { name: "c" });
    const tag = (id: string, tags: string[]) =>
      h.json(`/servers/${id}/tags`, { as: "member", version: V, method: "PUT", json: { tags } });
    await tag(a, ["red", "big"]);
    await tag(b, ["red"]);
    const names = async (query: string, version = V) =>
      (await h.json(`/servers?${query}`, { as: "member", version })).body.servers
        .map((s: { name: string }) => s.name).sort();
    assert.deepEqual(await names("tags=red,big"), ["a"]);
    assert.deepEqual(await names("tags-any=big,red"), ["a", "b"]);
    assert.deepEqual(await names("not-tags=red,big"), ["b", "c"]);
    assert.deepEqual(await names("not-tags-any=red"), ["c"]);
    // Before 2.26 the tag filters are not search options: they are ignored.
    assert.deepEqual(await names("tags=red", "2.25"), ["a", "b", "c"]);

    const locked = await h.fetch(`/servers/${c}/action`, {
      as: "member",
      method: "POST",
      json: { lock: null },
    });
    assert.equal(locked.status, 202);
    await locked.body?.cancel();
    assert.deepEqual(await names("locked=true", "2.73"), ["c"]);
    assert.deepEqual(await names("locked=false", "2.73"), ["a", "b"]);
    const bad = await h.json("/servers?locked=maybe", { as: "member", version: "2.73" });
    assert.equal(bad.status, 400);
    const since = await h.json("/servers?changes-since=yesterday", { as: "member" });
    assert.equal(since.status, 400);
    // Nova's list query schema checks the format before the controller parses it.
    assert.equal(
      since.body.badRequest.message,
      "Invalid input for query parameters changes-since. Value: yesterday. " +
        "'yesterday' is not a 'date-time'",
    );
    assert.deepEqual(await names("changes-since=2000-01-01T00:00:00Z"), ["a", "b", "c"]);
    assert.deepEqual(await names("changes-since=2999-01-01T00:00:00Z"), []);
  } finally {
    await h.close();
  }
});
