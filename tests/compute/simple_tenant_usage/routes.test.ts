/**
 * `/os-simple-tenant-usage` over real HTTP with a test clock: exact hours and totals for servers
 * launched, deleted before, inside and after a period, and resized (the current flavor counts);
 * 2.40 paging; policies; bad parameters are 400s.
 */
import assert from "node:assert/strict";
import { faultMessage, type Harness } from "../../support/compute.ts";
import { assertTextMatchesSample } from "../../support/samples.ts";
import { createServer, start } from "../servers/_support.ts";
import { type TestClock, useTestClock } from "../servers/_clock.ts";

const BOOT = 60;
const HOUR = 3600;

/** A time `seconds` after `t0` (ms) as the query wants it. */
function at(t0: number, seconds: number, sep = "T", micros = ""): string {
  const iso = new Date(t0 + seconds * 1000).toISOString().replace("Z", "");
  const [date, time] = iso.split("T");
  return `${date}${sep}${micros ? `${time.split(".")[0]}.${micros}` : time.split(".")[0]}`;
}

/** `start`/`end` of a period `from`..`to` seconds after `t0`. */
function period(t0: number, from: number, to: number): string {
  return `start=${at(t0, from)}&end=${at(t0, to)}`;
}

interface World {
  h: Harness;
  clock: TestClock;
  /** When the test began (ms, whole seconds). */
  t0: number;
  a: string;
  b: string;
  c: string;
}

/**
 * A (project-a, m1.tiny) launches at t0+60s and is deleted at t0+7260s; B (project-a, m1.small)
 * and C (project-b, m1.tiny) launch at t0+3720s; the clock ends at t0+10860s.
 */
async function world(): Promise<World> {
  const h = await start({ deno: { fake_boot_seconds: BOOT } });
  const clock = useTestClock(h);
  // Whole seconds, so that the query's second-precision times line up with the servers'.
  clock.advance((1000 - (clock.now().getTime() % 1000)) / 1000);
  const t0 = clock.now().getTime();
  const a = await createServer(h, "member", { name: "a" });
  clock.advance(HOUR + BOOT);
  const b = await createServer(h, "member", { name: "b", flavorRef: "2" });
  const c = await createServer(h, "other", { name: "c" });
  clock.advance(HOUR);
  const del = await h.fetch(`/servers/${a}`, { method: "DELETE", as: "member" });
  assert.equal(del.status, 204);
  await del.body?.cancel();
  clock.advance(HOUR);
  return { h, clock, t0, a, b, c };
}

async function usage(h: Harness, path: string, version = "2.1", as: "admin" | "member" = "admin") {
  const res = await h.json(`/os-simple-tenant-usage${path}`, { version, as });
  assert.equal(res.status, 200, res.text);
  return res;
}

Deno.test("usage over a period: exact hours and totals, deleted servers counted until they ended", async () => {
  const w = await world();
  try {
    const { h, t0, a, b, c } = w;
    const res = await usage(h, `?${period(t0, 0, 3 * HOUR)}&detailed=1`);
    const [pa, pb] = res.body.tenant_usages;
    assert.deepEqual(res.body.tenant_usages.map((t: { tenant_id: string }) => t.tenant_id), [
      "project-a",
      "project-b",
    ]);
    // A ran 2 h (t0+60s … t0+7260s); B and C from t0+3720s to the period's end, t0+10800s.
    const hA = 7200 / HOUR;
    const hB = 7080 / HOUR;
    assert.equal(pa.start, `${at(t0, 0)}.000000`);
    assert.equal(pa.stop, `${at(t0, 3 * HOUR)}.000000`);
    assert.equal(pa.total_hours, 0 + hA + hB);
    assert.equal(pa.total_vcpus_usage, 0 + 1 * hA + 1 * hB);
    assert.equal(pa.total_memory_mb_usage, 0 + 512 * hA + 2048 * hB);
    assert.equal(pa.total_local_gb_usage, 0 + 1 * hA + 20 * hB);
    const servers = [...pa.server_usages].sort((x, y) => x.name < y.name ? -1 : 1);
    const expectedOrder = [a, b].sort();
    assert.deepEqual(
      pa.server_usages.map((s: { instance_id: string }) => s.instance_id),
      expectedOrder,
    );
    assert.deepEqual(servers[0], {
      ended_at: `${at(t0, 2 * HOUR + BOOT)}.000000`,
      flavor: "m1.tiny",
      hours: 2,
      instance_id: a,
      local_gb: 1,
      memory_mb: 512,
      name: "a",
      started_at: `${at(t0, BOOT)}.000000`,
      state: "terminated",
      tenant_id: "project-a",
      uptime: 7200,
      vcpus: 1,
    });
    assert.deepEqual(servers[1], {
      ended_at: null,
      flavor: "m1.small",
      hours: hB,
      instance_id: b,
      local_gb: 20,
      memory_mb: 2048,
      name: "b",
      started_at: `${at(t0, HOUR + 2 * BOOT)}.000000`,
      state: "active",
      tenant_id: "project-a",
      // From its launch to now (t0+10860s).
      uptime: 3 * HOUR + BOOT - (HOUR + 2 * BOOT),
      vcpus: 1,
    });
    assert.equal(pb.server_usages[0].instance_id, c);
    assert.equal(pb.total_hours, hB);
    assert.equal(pb.total_memory_mb_usage, 512 * hB);
    // Floats are written as Python writes them.
    assert.match(res.text, /"hours":2\.0,/);
    assert.match(res.text, /"total_vcpus_usage":3\.966666666666667/);

    // Without detailed=1, no server usages.
    const brief = await usage(h, `?${period(t0, 0, 3 * HOUR)}`);
    assert.equal(brief.body.tenant_usages[0].server_usages, undefined);
    assert.equal(brief.body.tenant_usages[0].total_hours, 0 + hA + hB);
  } finally {
    await w.h.close();
  }
});

Deno.test("usage: servers deleted before the period are left out, those deleted after it ran all of it", async () => {
  const w = await world();
  try {
    const { h, t0, a, b } = w;
    // After A's end: only B and C.
    const after = await usage(h, `/project-a?${period(t0, 2 * HOUR + BOOT, 3 * HOUR)}`);
    assert.deepEqual(
      after.body.tenant_usage.server_usages.map((s: { instance_id: string }) => s.instance_id),
      [b],
    );
    assert.equal(after.body.tenant_usage.total_hours, (3 * HOUR - 2 * HOUR - BOOT) / HOUR);
    // Ending exactly when A ended: A counts up to then.
    const upTo = await usage(h, `/project-a?${period(t0, 2 * HOUR, 2 * HOUR + BOOT)}&detailed=1`);
    assert.deepEqual(
      upTo.body.tenant_usage.server_usages.map((s: { hours: number }) => s.hours),
      [BOOT / HOUR, BOOT / HOUR],
    );
    // Before B launched, A alone; A was deleted after this period, so it ran all of it.
    const before = await usage(h, `/project-a?${period(t0, 0, HOUR)}`);
    const only = before.body.tenant_usage.server_usages;
    assert.deepEqual(only.map((s: { instance_id: string }) => s.instance_id), [a]);
    assert.equal(only[0].hours, (HOUR - BOOT) / HOUR);
    assert.equal(only[0].state, "terminated");
    // Before anything launched: an empty object.
    const none = await usage(h, `/project-a?${period(t0, 0, BOOT - 1)}`);
    assert.deepEqual(none.body, { tenant_usage: {} });
    // The end is capped at now: a period into the future counts up to the clock.
    const future = await usage(h, `/project-b?${period(t0, 0, 100 * HOUR)}`);
    const stop = future.body.tenant_usage.stop;
    assert.equal(stop, `${at(t0, 3 * HOUR + BOOT)}.000002`);
    assert.equal(
      future.body.tenant_usage.total_hours,
      (3 * HOUR + BOOT - (HOUR + 2 * BOOT) + 0.000002) / HOUR,
    );
  } finally {
    await w.h.close();
  }
});

Deno.test("usage of a resized server uses its current flavor from its last launch", async () => {
  const h = await start({ deno: { fake_boot_seconds: BOOT } });
  const clock = useTestClock(h);
  try {
    const id = await createServer(h, "member", { name: "r" });
    clock.advance(BOOT);
    const resize = await h.fetch(`/servers/${id}/action`, {
      as: "member",
      json: { resize: { flavorRef: "3" } },
    });
    assert.equal(resize.status, 202);
    await resize.body?.cancel();
    clock.advance(HOUR);
    const shown = await h.json(`/servers/${id}`, { as: "admin" });
    assert.equal(shown.body.server.status, "VERIFY_RESIZE");
    const launched = Date.parse(`${shown.body.server["OS-SRV-USG:launched_at"]}Z`);
    const confirm = await h.fetch(`/servers/${id}/action`, {
      as: "member",
      json: { confirmResize: null },
    });
    assert.equal(confirm.status, 204);
    await confirm.body?.cancel();
    clock.advance(HOUR);
    const end = Math.floor(clock.now().getTime() / 1000) * 1000 - 1000;
    const q = `start=${at(0, 0)}&end=${at(end, 0)}`;
    const res = await usage(h, `/project-a?${q}`, "2.1", "member");
    const [s] = res.body.tenant_usage.server_usages;
    assert.equal(s.flavor, "m1.medium");
    assert.equal(s.vcpus, 2);
    assert.equal(s.memory_mb, 4096);
    assert.equal(s.local_gb, 40);
    const hours = (end - launched) / 1000 / HOUR;
    assert.equal(s.hours, hours);
    assert.equal(res.body.tenant_usage.total_vcpus_usage, 2 * hours);
  } finally {
    await h.close();
  }
});

Deno.test("2.40 pages by server in (project, uuid) order with next links; earlier versions do not", async () => {
  const w = await world();
  try {
    const { h, t0, a, b, c } = w;
    const order = [...[a, b].sort(), c];
    const q = `${period(t0, 0, 3 * HOUR)}&detailed=1&limit=1`;
    const seen: string[] = [];
    let path = `?${q}`;
    for (let i = 0; i < 5 && path; i++) {
      const res = await usage(h, path, "2.40");
      for (const t of res.body.tenant_usages) {
        for (const s of t.server_usages) seen.push(s.instance_id);
      }
      const next = res.body.tenant_usages_links?.[0];
      if (!next) {
        assert.equal(res.body.tenant_usages.length, 0);
        path = "";
        break;
      }
      assert.equal(next.rel, "next");
      const url = new URL(next.href);
      assert.equal(url.pathname, "/v2.1/os-simple-tenant-usage");
      assert.equal(url.searchParams.get("marker"), seen.at(-1));
      // Nova's order: the request's parameters sorted by name, then the marker where it fits.
      const keys = i === 0
        ? ["detailed", "end", "limit", "start", "marker"]
        : ["detailed", "end", "limit", "marker", "start"];
      assert.deepEqual([...url.searchParams.keys()], keys);
      path = url.search;
    }
    assert.deepEqual(seen, order);

    // The page holding A and B at once (limit 2) splits project-b off to the next page.
    const two = await usage(h, `?${period(t0, 0, 3 * HOUR)}&limit=2`, "2.40");
    assert.deepEqual(two.body.tenant_usages.map((t: { tenant_id: string }) => t.tenant_id), [
      "project-a",
    ]);
    assert.ok(two.body.tenant_usages_links);
    // Show pages too, under its own path.
    const shown = await usage(h, `/project-a?${period(t0, 0, 3 * HOUR)}&limit=1`, "2.40");
    assert.equal(shown.body.tenant_usage.server_usages.length, 1);
    const link = new URL(shown.body.tenant_usage_links[0].href);
    assert.equal(link.pathname, "/v2.1/os-simple-tenant-usage/project-a");
    // limit=0: nothing, no link.
    const zero = await usage(h, `?${period(t0, 0, 3 * HOUR)}&limit=0`, "2.40");
    assert.deepEqual(zero.body, { tenant_usages: [] });
    // A marker may be any server, even a deleted one; an unknown one is a 400.
    const afterA = await usage(h, `/project-a?${period(t0, 0, 3 * HOUR)}&marker=${a}`, "2.40");
    const rest = [a, b].filter((x) => x > a);
    assert.deepEqual(
      (afterA.body.tenant_usage.server_usages ?? []).map((s: { instance_id: string }) =>
        s.instance_id
      ),
      rest,
    );
    const bad = await h.json(`/os-simple-tenant-usage?marker=nope`, { version: "2.40" });
    assert.equal(bad.status, 400);
    assert.equal(faultMessage(bad.body), "Marker nope could not be found.");

    // 2.39: limit and marker are dropped, no links.
    const old = await usage(h, `?${period(t0, 0, 3 * HOUR)}&limit=1&marker=nope`, "2.39");
    assert.equal(old.body.tenant_usages.length, 2);
    assert.equal(old.body.tenant_usages_links, undefined);
  } finally {
    await w.h.close();
  }
});

Deno.test("usage policies: list is admin only, show is the project's readers or an admin", async () => {
  const w = await world();
  try {
    const { h, t0 } = w;
    const q = period(t0, 0, 3 * HOUR);
    const denied = await h.json(`/os-simple-tenant-usage?${q}`, { as: "member" });
    assert.equal(denied.status, 403);
    assert.equal(
      faultMessage(denied.body),
      "Policy doesn't allow os_compute_api:os-simple-tenant-usage:list to be performed.",
    );
    assert.equal(
      (await h.json(`/os-simple-tenant-usage/project-a?${q}`, { as: "reader" })).status,
      200,
    );
    const other = await h.json(`/os-simple-tenant-usage/project-a?${q}`, { as: "other" });
    assert.equal(other.status, 403);
    assert.equal(
      faultMessage(other.body),
      "Policy doesn't allow os_compute_api:os-simple-tenant-usage:show to be performed.",
    );
    const admin = await h.json(`/os-simple-tenant-usage/project-b?${q}`, { as: "admin" });
    assert.equal(admin.status, 200);
    assert.equal(admin.body.tenant_usage.tenant_id, "project-b");
  } finally {
    await w.h.close();
  }
});

Deno.test("usage parameters: Nova's three time formats; bad times and periods are 400s", async () => {
  const w = await world();
  try {
    const { h, t0 } = w;
    const ok = async (q: string, version = "2.1") => {
      const res = await h.json(`/os-simple-tenant-usage?${q}`, { version });
      assert.equal(res.status, 200, `${q}: ${res.text}`);
      return res.body;
    };
    const bad = async (q: string, message: string, version = "2.1") => {
      const res = await h.json(`/os-simple-tenant-usage?${q}`, { version });
      assert.equal(res.status, 400, `${q}: ${res.text}`);
      assert.equal(faultMessage(res.body), message);
    };
    const end = at(t0, 3 * HOUR);
    const withMicros = await ok(`start=${at(t0, 0, "T", "25")}&end=${end}`);
    assert.equal(withMicros.tenant_usages[0].start, `${at(t0, 0)}.250000`);
    const spaced = await ok(`start=${encodeURIComponent(at(t0, 0, " ", "000001"))}&end=${end}`);
    assert.equal(spaced.tenant_usages[0].start, `${at(t0, 0)}.000001`);
    // A blank value is no value (now); the first of repeated values counts.
    const first = await ok(`start=&start=${at(t0, 0)}&start=junk&end=${end}`);
    assert.equal(first.tenant_usages[0].start, `${at(t0, 0)}.000000`);
    const invalid = "Invalid datetime string: Datetime is in invalid format";
    await bad(`start=yesterday&end=${end}`, invalid);
    await bad(`start=${at(t0, 0, " ")}&end=${end}`, invalid); // a space needs microseconds
    await bad(`start=2024-02-30T00:00:00&end=${end}`, invalid);
    await bad(`start=${at(t0, 0)}&end=2024-01-01T24:00:00`, invalid);
    await bad(`start=${at(t0, 0)}Z&end=${end}`, invalid);
    const order = "Invalid start time. The start time cannot occur after the end time.";
    await bad(`start=${end}&end=${at(t0, 0)}`, order);
    await bad(`start=${end}&end=${end}`, order);
    // No end: now; a start in the future is then after it.
    await bad(`start=${at(t0, 100 * HOUR)}`, order);
    // Limits are checked from 2.40; unknown parameters refused from 2.75.
    const limit = await h.json(`/os-simple-tenant-usage?limit=-1`, { version: "2.40" });
    assert.equal(limit.status, 400);
    await ok(`${period(t0, 0, 3 * HOUR)}&foo=1`, "2.74");
    const strict = await h.json(`/os-simple-tenant-usage?${period(t0, 0, 3 * HOUR)}&foo=1`, {
      version: "2.75",
    });
    assert.equal(strict.status, 400);
    const detailedOnShow = await h.json(`/os-simple-tenant-usage/project-a?detailed=1`, {
      version: "2.75",
    });
    assert.equal(detailedOnShow.status, 400);
  } finally {
    await w.h.close();
  }
});

Deno.test("usage bodies have the shape of Nova's samples, floats written as floats", async () => {
  const w = await world();
  try {
    const { h, t0 } = w;
    const q = `${period(t0, 3 * HOUR - 60, 3 * HOUR)}`;
    const dir = "os-simple-tenant-usage";
    const text = async (path: string, version: string) => (await usage(h, path, version)).text;
    await assertTextMatchesSample(
      await text(`?${q}`, "2.1"),
      `${dir}/simple-tenant-usage-get.json`,
    );
    await assertTextMatchesSample(
      await text(`?${q}&detailed=1`, "2.1"),
      `${dir}/simple-tenant-usage-get-detail.json`,
      { nullable: ["ended_at"] },
    );
    await assertTextMatchesSample(
      await text(`/project-b?${q}`, "2.1"),
      `${dir}/simple-tenant-usage-get-specific.json`,
    );
    await assertTextMatchesSample(
      await text(`/project-b?${q}&limit=1`, "2.40"),
      `${dir}/v2.40/simple-tenant-usage-get-specific.json`,
    );
    await assertTextMatchesSample(
      await text(`?${q}&detailed=1&limit=3`, "2.40"),
      `${dir}/v2.40/simple-tenant-usage-get-all.json`,
    );
  } finally {
    await w.h.close();
  }
});

Deno.test("a soft-deleted server counts as soft-delete until it is reclaimed, then as terminated", async () => {
  const h = await start({
    deno: { fake_boot_seconds: BOOT },
    DEFAULT: { reclaim_instance_interval: HOUR },
    // Nova shows the state `soft-delete`, which its own response schema does not list.
    api: { response_validation: "warn" },
  });
  const clock = useTestClock(h);
  try {
    clock.advance((1000 - (clock.now().getTime() % 1000)) / 1000);
    const t0 = clock.now().getTime();
    const id = await createServer(h, "member", { name: "soft" });
    clock.advance(10 * BOOT);
    const del = await h.fetch(`/servers/${id}`, { method: "DELETE", as: "member" });
    assert.equal(del.status, 204);
    await del.body?.cancel();
    clock.advance(10 * BOOT);
    const soft = await usage(h, `/project-a?${period(t0, 0, 20 * BOOT)}`);
    const [s] = soft.body.tenant_usage.server_usages;
    assert.equal(s.state, "soft-delete");
    assert.equal(s.ended_at, null);
    assert.equal(s.hours, (20 * BOOT - BOOT) / HOUR);
    // The reclaim comes due an hour after the delete: the server ended then.
    clock.advance(HOUR);
    const gone = await usage(h, `/project-a?${period(t0, 0, 20 * BOOT + HOUR)}`);
    const [g] = gone.body.tenant_usage.server_usages;
    assert.equal(g.state, "terminated");
    assert.equal(g.ended_at, `${at(t0, 10 * BOOT + HOUR)}.000000`);
    assert.equal(g.hours, (10 * BOOT + HOUR - BOOT) / HOUR);
    assert.equal((await h.json(`/servers/${id}`, { as: "member" })).status, 404);
  } finally {
    await h.close();
  }
});
