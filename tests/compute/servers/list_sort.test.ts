/**
 * `GET /servers` sorting (sort_key/sort_dir pairs, ignored keys per microversion, admin-only
 * keys, Nova's direction checks, paging under a sort) and deleted servers (`deleted=true`,
 * `status=DELETED`, changes-since) over real HTTP.
 */
import assert from "node:assert/strict";
import { faultMessage, type Harness, type Persona } from "../../support/compute.ts";
import { createServer, serverBody, start } from "./_support.ts";

interface Row {
  id: string;
  name: string;
  key_name: string | null;
  created: string;
}

async function rows(h: Harness, query: string, as: Persona = "member", version = "2.1") {
  const res = await h.json(`/servers/detail${query}`, { as, version });
  assert.equal(res.status, 200, res.text);
  return res.body.servers as Row[];
}

const names = (list: Row[]) => list.map((s) => s.name);

/** Four servers with distinct names (made one after another) and two key names. */
async function seed(h: Harness): Promise<void> {
  for (const name of ["delta", "alpha", "charlie", "bravo"]) {
    await createServer(h, "member", { name });
  }
}

Deno.test("sort_key/sort_dir: one key either way, several pairs, the default", async () => {
  const h = await start();
  try {
    await seed(h);
    assert.deepEqual(names(await rows(h, "?sort_key=display_name&sort_dir=asc")), [
      "alpha",
      "bravo",
      "charlie",
      "delta",
    ]);
    assert.deepEqual(names(await rows(h, "?sort_key=display_name&sort_dir=desc")), [
      "delta",
      "charlie",
      "bravo",
      "alpha",
    ]);
    // No sort_dir: desc.
    assert.deepEqual(names(await rows(h, "?sort_key=display_name")), [
      "delta",
      "charlie",
      "bravo",
      "alpha",
    ]);
    // Default: newest first; a sort_dir alone applies to created_at.
    assert.deepEqual(names(await rows(h, "")), ["bravo", "charlie", "alpha", "delta"]);
    assert.deepEqual(names(await rows(h, "?sort_dir=asc")), ["delta", "alpha", "charlie", "bravo"]);
    // Two pairs: the first key ties (same image for all), the second decides.
    assert.deepEqual(
      names(await rows(h, "?sort_key=image_ref&sort_dir=asc&sort_key=display_name&sort_dir=desc")),
      ["delta", "charlie", "bravo", "alpha"],
    );
    // Two keys, one direction: Nova's lister adds `uuid asc` before padding, so the second key
    // sorts ascending.
    assert.deepEqual(
      names(await rows(h, "?sort_key=image_ref&sort_key=display_name&sort_dir=desc")),
      ["alpha", "bravo", "charlie", "delta"],
    );
    // uuid as a key sorts by id.
    const byUuid = await rows(h, "?sort_key=uuid&sort_dir=asc");
    assert.deepEqual(byUuid.map((s) => s.id), byUuid.map((s) => s.id).sort());
  } finally {
    await h.close();
  }
});

Deno.test("ignored sort keys per microversion, host/node for admins only", async () => {
  const h = await start();
  try {
    await seed(h);
    const newest = ["bravo", "charlie", "alpha", "delta"];
    // `id` is ignored with its direction: the default order remains.
    assert.deepEqual(names(await rows(h, "?sort_key=id&sort_dir=asc")), newest);
    // The ignored key takes the first direction away: display_name then has none and goes
    // ascending after Nova adds uuid asc.
    assert.deepEqual(
      names(await rows(h, "?sort_key=id&sort_key=display_name&sort_dir=desc")),
      ["alpha", "bravo", "charlie", "delta"],
    );
    // locked: ignored before 2.73, a real key from 2.73.
    assert.deepEqual(
      names(await rows(h, "?sort_key=locked&sort_dir=asc", "member", "2.72")),
      newest,
    );
    const locked = await rows(
      h,
      "?sort_key=locked&sort_key=display_name&sort_dir=asc",
      "member",
      "2.73",
    );
    assert.deepEqual(names(locked), ["alpha", "bravo", "charlie", "delta"]);
    // 2.75 refuses the ignored keys.
    const refused = await h.json("/servers?sort_key=id", { as: "member", version: "2.75" });
    assert.equal(refused.status, 400, refused.text);
    for (const key of ["host", "node"]) {
      const res = await h.json(`/servers?sort_key=${key}`, { as: "member" });
      assert.equal(res.status, 403);
      assert.equal(faultMessage(res.body), `Only administrators can sort servers by ${key}`);
      const admin = await h.json(`/servers?sort_key=${key}&all_tenants=1`, { as: "admin" });
      assert.equal(admin.status, 200, admin.text);
      assert.equal(admin.body.servers.length, 4);
    }
  } finally {
    await h.close();
  }
});

Deno.test("Nova's sort direction checks: unknown, too many; not with limit=0", async () => {
  const h = await start();
  try {
    await seed(h);
    const bad = await h.json("/servers?sort_dir=up", { as: "member" });
    assert.equal(bad.status, 400);
    assert.equal(
      faultMessage(bad.body),
      "Invalid input received: Unknown sort direction, must be 'desc' or 'asc'",
    );
    const many = await h.json("/servers?sort_key=display_name&sort_dir=asc&sort_dir=asc", {
      as: "member",
    });
    assert.equal(many.status, 400);
    assert.equal(
      faultMessage(many.body),
      "Invalid input received: Sort direction size exceeds sort key size",
    );
    const none = await h.json("/servers?sort_dir=up&limit=0", { as: "member" });
    assert.equal(none.status, 200, none.text);
    assert.deepEqual(none.body.servers, []);
  } finally {
    await h.close();
  }
});

Deno.test("paging under a non-default sort: no gap, no duplicate, links carry the sort", async () => {
  const h = await start();
  try {
    const res = await h.json("/servers", {
      as: "member",
      json: {
        server: {
          ...serverBody().server,
          min_count: 9,
          max_count: 9,
          networks: "none",
        },
      },
      version: "2.37",
    });
    assert.equal(res.status, 202, res.text);
    const expected = names(await rows(h, "?sort_key=display_name&sort_dir=asc"));
    assert.equal(expected.length, 9);
    const seen: string[] = [];
    let path = "/servers/detail?sort_key=display_name&sort_dir=asc&limit=2";
    for (;;) {
      const page = await h.json(path, { as: "member" });
      assert.equal(page.status, 200, page.text);
      seen.push(...names(page.body.servers));
      const next = page.body.servers_links?.[0]?.href as string | undefined;
      if (!next) break;
      assert.match(next, /sort_dir=asc&sort_key=display_name/);
      path = next.slice(h.base.length);
    }
    assert.deepEqual(seen, expected);
    assert.deepEqual(expected, [...expected].sort());
  } finally {
    await h.close();
  }
});

Deno.test("deleted servers: deleted=true and status=DELETED for admins, changes-since for all", async () => {
  const h = await start();
  try {
    const gone = await createServer(h, "member", { name: "gone" });
    await createServer(h, "member", { name: "kept" });
    const before = new Date(Date.now() - 60_000).toISOString();
    const del = await h.fetch(`/servers/${gone}`, { as: "member", method: "DELETE" });
    assert.equal(del.status, 204);

    assert.deepEqual(names(await rows(h, "")), ["kept"]);
    // A member's `deleted` is dropped.
    assert.deepEqual(names(await rows(h, "?deleted=true")), ["kept"]);
    const forbidden = await h.json("/servers?status=DELETED", { as: "member" });
    assert.equal(forbidden.status, 403);
    assert.equal(faultMessage(forbidden.body), "Only administrators may list deleted instances");
    // changes-since lists the servers deleted since, with status DELETED.
    const since = await rows(h, `?changes-since=${before}&sort_key=display_name&sort_dir=asc`);
    assert.deepEqual(names(since), ["gone", "kept"]);
    const res = await h.json(`/servers/detail?changes-since=${before}`, { as: "member" });
    const goneRow = res.body.servers.find((s: Row) => s.id === gone);
    assert.equal(goneRow.status, "DELETED");

    const admin = (q: string) => rows(h, `?all_tenants=1${q}`, "admin");
    assert.deepEqual(names(await admin("&deleted=true")), ["gone"]);
    assert.deepEqual(names(await admin("&deleted=no")), ["kept"]);
    assert.deepEqual(names(await admin("&status=DELETED")), ["gone"]);
    assert.deepEqual(names(await admin(`&deleted=true&changes-since=${before}`)), ["gone"]);
    // A deleted server is a valid marker, and paging the deleted ones works.
    const page = await h.json(`/servers?all_tenants=1&deleted=true&limit=1`, { as: "admin" });
    assert.equal(page.body.servers.length, 1);
    const after = await h.json(`/servers?all_tenants=1&deleted=true&marker=${gone}`, {
      as: "admin",
    });
    assert.equal(after.status, 200, after.text);
    assert.deepEqual(after.body.servers, []);
    // Nova skips the sort check for a deleted-only listing, whose query then fails: empty.
    assert.deepEqual(await admin("&deleted=true&sort_dir=up"), []);
  } finally {
    await h.close();
  }
});

Deno.test("server list: node, project_id and (with all_tenants) tenant_id filters for admins", async () => {
  const h = await start();
  try {
    const mine = await createServer(h, "member", { name: "mine" });
    const theirs = await createServer(h, "other", { name: "theirs" });
    const ids = async (query: string, as: Persona = "admin") =>
      (await h.json(`/servers${query}`, { as })).body.servers.map((s: { id: string }) => s.id)
        .sort();
    const shown = await h.json(`/servers/${mine}`, { as: "admin", version: "2.3" });
    const node = shown.body.server["OS-EXT-SRV-ATTR:hypervisor_hostname"];
    assert.ok((await ids(`?all_tenants=1&node=${node}`)).includes(mine));
    assert.deepEqual(await ids("?all_tenants=1&node=no-such-node"), []);
    assert.deepEqual(await ids("?all_tenants=1&tenant_id=project-b"), [theirs]);
    assert.deepEqual(await ids("?all_tenants=1&project_id=project-a"), [mine]);
    // Without all_tenants, tenant_id is dropped: the caller's own project applies.
    assert.deepEqual(await ids("?tenant_id=project-b", "member"), [mine]);
  } finally {
    await h.close();
  }
});
