/**
 * `GET /os-migrations` over real HTTP: the fields at each side of 2.23, 2.59 and 2.80 (against
 * Nova's samples), the filters, paging by limit and marker with `migrations_links`,
 * changes-since (2.59) and changes-before (2.66), the policies per role, and migrations of a
 * deleted server (soft-deleted with it, so no longer listed).
 */
import assert from "node:assert/strict";
import {
  insertMigration,
  listInstanceMigrations,
  type MigrationRecord,
  readMigrationSeq,
} from "../../../lib/store/server_migrations.ts";
import { transact } from "../../../lib/store/transaction.ts";
import { faultMessage, type Harness, type Persona } from "../../support/compute.ts";
import { assertSameShape, sampleTemplate } from "../../support/samples.ts";
import { act, activeServer, liveMigrating, SECONDS, startMoving } from "./_support.ts";

const V20_KEYS = [
  "created_at",
  "dest_compute",
  "dest_host",
  "dest_node",
  "id",
  "instance_uuid",
  "new_instance_type_id",
  "old_instance_type_id",
  "source_compute",
  "source_node",
  "status",
  "updated_at",
];

const NULLABLE = ["dest_compute", "dest_host", "dest_node", "source_compute", "source_node"];

// deno-lint-ignore no-explicit-any
type Json = any;

async function list(
  h: Harness,
  query = "",
  version = "2.1",
  as: Persona = "admin",
): Promise<Json> {
  const res = await h.json(`/os-migrations${query}`, { as, version });
  assert.equal(res.status, 200, `${version} ${query}: ${res.text}`);
  return res.body;
}

async function refused(
  h: Harness,
  query: string,
  version: string,
  status: number,
  message?: string,
  as: Persona = "admin",
) {
  const res = await h.json(`/os-migrations${query}`, { as, version });
  assert.equal(res.status, status, `${version} ${query}: ${res.text}`);
  if (message !== undefined) assert.equal(faultMessage(res.body), message);
}

/** The element of a sample's `migrations` with (or without) links. */
async function sampleMigration(path: string, withLinks: boolean): Promise<unknown> {
  const body = await sampleTemplate(path) as { migrations: Record<string, unknown>[] };
  return body.migrations.find((m) => ("links" in m) === withLinks);
}

/** A server resized (record 1) and another live-migrating (record 2, running). */
async function twoMoves(h: Harness, clock: Parameters<typeof activeServer>[1]) {
  const resized = await activeServer(h, clock);
  await act(h, resized, { resize: { flavorRef: "2" } }, 202, "member");
  const live = await activeServer(h, clock, "other");
  await liveMigrating(h, clock, live, "running");
  return { resized, live };
}

Deno.test("fields below and above 2.23, 2.59 and 2.80, in Nova's order, against the samples", async () => {
  const { h, clock } = await startMoving();
  try {
    const { resized, live } = await twoMoves(h, clock);
    const v21 = await list(h);
    assert.deepEqual(Object.keys(v21), ["migrations"]);
    assert.deepEqual(v21.migrations.map((m: Json) => [m.id, m.instance_uuid]), [
      [2, live],
      [1, resized],
    ]);
    for (const m of v21.migrations) assert.deepEqual(Object.keys(m).sort(), V20_KEYS);
    const resize = v21.migrations[1];
    assert.equal(resize.status, "finished");
    assert.deepEqual([resize.old_instance_type_id, resize.new_instance_type_id], [1, 2]);
    assert.match(resize.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    for (const m of v21.migrations) {
      assertSameShape(m, await sampleMigration("os-migrations/migrations-get.json", false), {
        nullable: NULLABLE,
      });
    }
    // 2.22 is still the 2.1 view.
    assert.deepEqual(await list(h, "", "2.22"), v21);

    const v223 = await list(h, "", "2.23");
    const [l223, r223] = v223.migrations;
    assert.deepEqual([l223.migration_type, r223.migration_type], ["live-migration", "resize"]);
    assert.deepEqual(l223.links, [
      { rel: "self", href: `${h.base}/servers/${live}/migrations/2` },
      { rel: "bookmark", href: `${h.origin}/servers/${live}/migrations/2` },
    ]);
    assert.equal("links" in r223, false);
    assert.equal("uuid" in l223, false);
    const s223 = "os-migrations/v2.23/migrations-get.json";
    assertSameShape(l223, await sampleMigration(s223, true), { nullable: NULLABLE });
    assertSameShape(r223, await sampleMigration(s223, false), { nullable: NULLABLE });
    assert.deepEqual(await list(h, "", "2.58"), v223);

    const v259 = await list(h, "", "2.59");
    assert.deepEqual(Object.keys(v259), ["migrations"]);
    const [l259, r259] = v259.migrations;
    assert.match(l259.uuid, /^[0-9a-f-]{36}$/);
    assert.equal("user_id" in l259, false);
    const s259 = "os-migrations/v2.59/migrations-get.json";
    assertSameShape(l259, await sampleMigration(s259, true), { nullable: NULLABLE });
    assertSameShape(r259, await sampleMigration(s259, false), { nullable: NULLABLE });
    assert.deepEqual(await list(h, "", "2.79"), v259);

    const v280 = await list(h, "", "2.80");
    const [l280, r280] = v280.migrations;
    assert.deepEqual([l280.user_id, l280.project_id], ["admin-user", "admin-project"]);
    assert.deepEqual([r280.user_id, r280.project_id], ["member-user", "project-a"]);
    const s280 = "os-migrations/v2.80/migrations-get.json";
    assertSameShape(l280, await sampleMigration(s280, true), { nullable: NULLABLE });
    assertSameShape(r280, await sampleMigration(s280, false), { nullable: NULLABLE });

    // Links only while the live migration is in progress.
    clock.advance(SECONDS);
    const done = await list(h, "", "2.23");
    assert.equal(done.migrations[0].status, "completed");
    assert.equal("links" in done.migrations[0], false);
  } finally {
    await h.close();
  }
});

Deno.test("hosts: source and destination as recorded, dest_host the configured my_ip", async () => {
  const { h, clock } = await startMoving({ DEFAULT: { my_ip: "192.0.2.7" } });
  try {
    const { live } = await twoMoves(h, clock);
    const [l, r] = (await list(h)).migrations;
    const server = await h.json(`/servers/${live}`, { as: "admin" });
    const source = server.body.server["OS-EXT-SRV-ATTR:host"];
    const dest = source === "compute-1" ? "compute-2" : "compute-1";
    assert.deepEqual(
      [l.source_compute, l.source_node, l.dest_compute, l.dest_node, l.dest_host],
      [source, source, dest, dest, "192.0.2.7"],
    );
    assert.equal(r.dest_host, "192.0.2.7");
  } finally {
    await h.close();
  }
});

Deno.test("filters: status, host, source_compute, migration_type, instance_uuid, hidden", async () => {
  const { h, clock } = await startMoving();
  try {
    const { resized, live } = await twoMoves(h, clock);
    const all = (await list(h)).migrations as Json[];
    const ids = async (q: string, v = "2.1") =>
      (await list(h, q, v)).migrations.map((m: Json) => m.id);
    assert.deepEqual(await ids("?status=running"), [2]);
    assert.deepEqual(await ids("?status=finished"), [1]);
    assert.deepEqual(await ids("?status=done"), []);
    assert.deepEqual(await ids("?status=done&status=running"), [2], "the last value wins");
    assert.deepEqual(await ids(`?instance_uuid=${resized}`), [1]);
    assert.deepEqual(await ids(`?instance_uuid=${live}`), [2]);
    assert.deepEqual(await ids("?migration_type=live-migration"), [2]);
    assert.deepEqual(await ids("?migration_type=resize"), [1]);
    assert.deepEqual(await ids("?migration_type=evacuation"), []);
    for (const host of ["compute-1", "compute-2"]) {
      const either = all.filter((m) => m.source_compute === host || m.dest_compute === host);
      const source = all.filter((m) => m.source_compute === host);
      assert.deepEqual(await ids(`?host=${host}`), either.map((m) => m.id));
      assert.deepEqual(await ids(`?source_compute=${host}`), source.map((m) => m.id));
      // host wins over source_compute, as in Nova's query.
      assert.deepEqual(
        await ids(`?host=${host}&source_compute=nowhere`),
        either.map((m) => m.id),
      );
    }
    assert.deepEqual(await ids("?host=nowhere"), []);
    assert.deepEqual(await ids("?hidden=0"), [2, 1]);
    assert.deepEqual(await ids("?hidden=true"), []);
    // Unknown parameters are dropped before 2.59 (user_id with them), refused from it.
    assert.deepEqual(await ids("?user_id=nobody&foo=1"), [2, 1]);
    await refused(h, "?foo=1", "2.59", 400);
    await refused(h, "?user_id=admin-user", "2.79", 400);
    assert.deepEqual(await ids("?user_id=admin-user", "2.80"), [2]);
    assert.deepEqual(await ids("?user_id=member-user", "2.80"), [1]);
    assert.deepEqual(await ids("?project_id=project-a", "2.80"), [1]);
    assert.deepEqual(await ids("?project_id=project-a&user_id=admin-user", "2.80"), []);
    await refused(h, "?user_id=a&user_id=b", "2.80", 400);
    await refused(h, "?instance_uuid=" + live + "&limit=x", "2.59", 400);
  } finally {
    await h.close();
  }
});

/** Store `n` migrations of one instance, a minute apart, updated a second after creation. */
async function seed(h: Harness, n: number, start = Date.parse("2024-01-01T00:00:00Z")) {
  const out: MigrationRecord[] = [];
  const instance = crypto.randomUUID();
  for (let i = 0; i < n; i++) {
    const record = await transact(h.kv, async (tx) => {
      const id = (await readMigrationSeq(tx)) + 1;
      const t = start + id * 60_000;
      const r: MigrationRecord = {
        id,
        uuid: crypto.randomUUID(),
        instance_uuid: i % 2 ? instance : crypto.randomUUID(),
        migration_type: "migration",
        status: "confirmed",
        source_compute: "compute-1",
        source_node: "compute-1",
        dest_compute: "compute-2",
        dest_node: "compute-2",
        dest_host: null,
        old_instance_type_id: 1,
        new_instance_type_id: 1,
        memory_total: null,
        memory_processed: null,
        memory_remaining: null,
        disk_total: null,
        disk_processed: null,
        disk_remaining: null,
        user_id: "u",
        project_id: "p",
        hidden: false,
        created_at: new Date(t).toISOString(),
        updated_at: new Date(t + 1000).toISOString(),
        deleted_at: null,
      };
      insertMigration(tx, r);
      return r;
    });
    out.push(record);
  }
  return { records: out, instance };
}

Deno.test("paging from 2.59: limit, marker (a uuid), migrations_links, max_limit", async () => {
  const { h } = await startMoving({ api: { max_limit: 3 } });
  try {
    const { records, instance } = await seed(h, 5);
    const uuids = records.map((r) => r.uuid).reverse();
    const first = await list(h, "?limit=2", "2.59");
    assert.deepEqual(first.migrations.map((m: Json) => m.uuid), uuids.slice(0, 2));
    assert.deepEqual(first.migrations_links, [{
      rel: "next",
      href: `${h.base}/os-migrations?limit=2&marker=${uuids[1]}`,
    }]);
    const second = await list(h, `?limit=2&marker=${uuids[1]}`, "2.59");
    assert.deepEqual(second.migrations.map((m: Json) => m.uuid), uuids.slice(2, 4));
    const third = await list(h, `?limit=2&marker=${uuids[3]}`, "2.59");
    assert.deepEqual(third.migrations.map((m: Json) => m.uuid), uuids.slice(4));
    assert.equal("migrations_links" in third, false);
    // No limit: max_limit (3) is the page, and a full page links on.
    const capped = await list(h, "", "2.59");
    assert.deepEqual(capped.migrations.map((m: Json) => m.uuid), uuids.slice(0, 3));
    assert.equal(capped.migrations_links[0].href, `${h.base}/os-migrations?marker=${uuids[2]}`);
    const big = await list(h, "?limit=50", "2.59");
    assert.equal(big.migrations.length, 3);
    assert.equal(
      big.migrations_links[0].href,
      `${h.base}/os-migrations?limit=50&marker=${uuids[2]}`,
    );
    const none = await list(h, "?limit=0", "2.59");
    assert.deepEqual(none, { migrations: [] });
    // The marker applies with the filters; the instance's own index is read.
    const mine = await list(h, `?instance_uuid=${instance}&limit=1`, "2.59");
    assert.deepEqual(mine.migrations.map((m: Json) => m.id), [4]);
    const next = await list(h, `?instance_uuid=${instance}&limit=1&marker=${uuids[1]}`, "2.59");
    assert.deepEqual(next.migrations.map((m: Json) => m.id), [2]);
    await refused(h, "?marker=nope", "2.59", 400, "Marker nope could not be found.");
    await refused(h, "?limit=-1", "2.59", 400);
    // Before 2.59 neither limit nor marker pages (they are dropped).
    const old = await list(h, "?limit=1&marker=nope", "2.58");
    assert.equal(old.migrations.length, 5);
    assert.equal("migrations_links" in old, false);
    const withSample = await list(h, "?limit=1", "2.59");
    assertSameShape(
      withSample,
      await sampleTemplate("os-migrations/v2.59/migrations-get-with-limit.json"),
      {
        nullable: NULLABLE,
      },
    );
  } finally {
    await h.close();
  }
});

Deno.test("changes-since (2.59) and changes-before (2.66) filter on the update time", async () => {
  const { h } = await startMoving();
  try {
    await seed(h, 4);
    // Updated at 00:01:01, 00:02:01, 00:03:01, 00:04:01.
    const ids = async (q: string, v: string) =>
      (await list(h, q, v)).migrations.map((m: Json) => m.id);
    assert.deepEqual(await ids("?changes-since=2024-01-01T00:02:01Z", "2.59"), [4, 3, 2]);
    assert.deepEqual(await ids("?changes-since=2024-01-01T00:02:02", "2.59"), [4, 3]);
    assert.deepEqual(await ids("?changes-since=2024-01-01T00:02:01Z", "2.58"), [4, 3, 2, 1]);
    await refused(h, "?changes-before=2024-01-01T00:02:01Z", "2.65", 400);
    assert.deepEqual(await ids("?changes-before=2024-01-01T00:02:01Z", "2.66"), [2, 1]);
    assert.deepEqual(
      await ids("?changes-since=2024-01-01T00:02:00Z&changes-before=2024-01-01T00:03:30Z", "2.66"),
      [3, 2],
    );
    await refused(
      h,
      "?changes-since=2024-01-01T00:03:00Z&changes-before=2024-01-01T00:02:00Z",
      "2.66",
      400,
      "The value of changes-since must be less than or equal to changes-before.",
    );
    await refused(h, "?changes-since=yesterday", "2.59", 400);
    const body = await list(h, "?changes-before=2024-01-01T00:02:01Z", "2.80");
    assert.deepEqual(Object.keys(body), ["migrations"]);
    const path = "os-migrations/v2.80/migrations-get.json";
    for (const m of body.migrations) {
      assertSameShape(m, await sampleMigration(path, false), { nullable: NULLABLE });
    }
  } finally {
    await h.close();
  }
});

Deno.test("policies: admin lists all; a manager only their own project from 2.80, without hosts", async () => {
  const { h, clock } = await startMoving();
  try {
    await twoMoves(h, clock);
    for (const as of ["member", "reader", "other"] as const) {
      await refused(
        h,
        "",
        "2.80",
        403,
        "Policy doesn't allow os_compute_api:os-migrations:index to be performed.",
        as,
      );
    }
    const allProjects =
      "Policy doesn't allow os_compute_api:os-migrations:index:all_projects to be performed.";
    await refused(h, "", "2.80", 403, allProjects, "manager");
    await refused(h, "?project_id=project-b", "2.80", 403, allProjects, "manager");
    // Before 2.80 project_id is not a filter (dropped), so a manager cannot list at all.
    await refused(h, "?project_id=project-a", "2.79", 400, undefined, "manager");
    await refused(h, "?project_id=project-a", "2.1", 403, allProjects, "manager");
    const own = await list(h, "?project_id=project-a", "2.80", "manager");
    assert.deepEqual(own.migrations.map((m: Json) => m.project_id), ["project-a"]);
    const m = own.migrations[0];
    assert.deepEqual(
      [m.source_compute, m.source_node, m.dest_compute, m.dest_node, m.dest_host],
      [null, null, null, null, null],
    );
    const admin = await list(h, "?project_id=project-a", "2.80", "admin");
    assert.notEqual(admin.migrations[0].source_compute, null);
  } finally {
    await h.close();
  }
});

Deno.test("a deleted server's migrations are no longer listed (Nova soft-deletes them)", async () => {
  const { h, clock } = await startMoving({ virt: { fake_delete_seconds: 0 } });
  try {
    const { resized, live } = await twoMoves(h, clock);
    const before = await list(h, "", "2.59");
    const liveUuid = before.migrations[0].uuid;
    const res = await h.fetch(`/servers/${live}`, { method: "DELETE", as: "admin" });
    assert.equal(res.status, 204);
    await res.body?.cancel();
    const after = await list(h, "", "2.59");
    assert.deepEqual(after.migrations.map((m: Json) => m.instance_uuid), [resized]);
    await refused(h, `?marker=${liveUuid}`, "2.59", 400, `Marker ${liveUuid} could not be found.`);
    assert.deepEqual((await list(h, `?instance_uuid=${live}`)).migrations, []);
    // Stored: abandoned (error) by the delete, then soft-deleted in the same change.
    const [stored] = await listInstanceMigrations(h.kv, live);
    assert.equal(stored.status, "error");
    assert.notEqual(stored.deleted_at, null);
  } finally {
    await h.close();
  }
});
