/**
 * Listing flavors over HTTP: paging (limit, marker, next links, max_limit), sorting, filters,
 * visibility per role, and the query-string strictness of 2.75 / 2.102.
 */
import assert from "node:assert/strict";
import { faultMessage, startFlavors } from "../../support/compute.ts";
import { privateFlavor } from "./fixtures.ts";

const ids = (body: { flavors: { id: string }[] }) => body.flavors.map((f) => f.id);

Deno.test("limit and marker page through flavors with next links on the request's host", async () => {
  const h = await startFlavors();
  try {
    const first = await h.json("/flavors?limit=2");
    assert.deepEqual(ids(first.body), ["1", "2"]);
    assert.deepEqual(first.body.flavors_links, [
      { rel: "next", href: `${h.base}/flavors?limit=2&marker=2` },
    ]);
    const second = await h.json(first.body.flavors_links[0].href.slice(h.base.length));
    assert.deepEqual(ids(second.body), ["3", "4"]);
    const third = await h.json(second.body.flavors_links[0].href.slice(h.base.length));
    assert.deepEqual(ids(third.body), ["5"]);
    assert.equal(third.body.flavors_links, undefined);

    const detail = await h.json("/flavors/detail?sort_dir=asc&limit=1&marker=3");
    assert.deepEqual(ids(detail.body), ["4"]);
    assert.deepEqual(detail.body.flavors_links, [
      { rel: "next", href: `${h.base}/flavors/detail?limit=1&marker=4&sort_dir=asc` },
    ]);

    assert.deepEqual((await h.json("/flavors?limit=0")).body, { flavors: [] });
  } finally {
    await h.close();
  }
});

Deno.test("[api] max_limit caps the page and makes a full page carry a next link", async () => {
  const h = await startFlavors({ config: { api: { max_limit: 3 } } });
  try {
    const capped = await h.json("/flavors?limit=10");
    assert.deepEqual(ids(capped.body), ["1", "2", "3"]);
    assert.deepEqual(capped.body.flavors_links, [
      { rel: "next", href: `${h.base}/flavors?limit=10&marker=3` },
    ]);
    const implicit = await h.json("/flavors");
    assert.deepEqual(implicit.body.flavors_links, [
      { rel: "next", href: `${h.base}/flavors?marker=3` },
    ]);
  } finally {
    await h.close();
  }
});

Deno.test("a marker that does not exist or is not visible is a 400", async () => {
  const h = await startFlavors();
  try {
    const res = await h.json("/flavors?marker=nope");
    assert.equal(res.status, 400);
    assert.equal(faultMessage(res.body), "marker [nope] not found");
    await h.json("/flavors", { method: "POST", json: privateFlavor("p1") });
    const hidden = await h.json("/flavors?marker=p1", { as: "other" });
    assert.equal(hidden.status, 400);
    assert.equal((await h.json("/flavors?marker=p1")).status, 200);
  } finally {
    await h.close();
  }
});

Deno.test("sort_key and sort_dir order the list; bad values are 400", async () => {
  const h = await startFlavors();
  try {
    const desc = await h.json("/flavors?sort_key=memory_mb&sort_dir=desc");
    assert.deepEqual(ids(desc.body), ["5", "4", "3", "2", "1"]);
    const byName = await h.json("/flavors?sort_key=name");
    assert.deepEqual(ids(byName.body), ["4", "3", "2", "1", "5"]);
    const paged = await h.json("/flavors?sort_key=vcpus&sort_dir=desc&limit=2&marker=4");
    assert.deepEqual(ids(paged.body), ["3", "2"]);
    const bad = await h.json("/flavors?sort_key=colour");
    assert.equal(bad.status, 400);
    assert.match(faultMessage(bad.body), /^Invalid input for query parameters sort_key\./);
    assert.equal((await h.json("/flavors?sort_dir=up")).status, 400);
    // rxtx_factor stops being a sort key at 2.102.
    assert.equal((await h.json("/flavors?sort_key=rxtx_factor", { version: "2.101" })).status, 200);
    assert.equal((await h.json("/flavors?sort_key=rxtx_factor", { version: "2.102" })).status, 400);
  } finally {
    await h.close();
  }
});

Deno.test("minRam, minDisk and is_public filters", async () => {
  const h = await startFlavors();
  try {
    assert.deepEqual(ids((await h.json("/flavors?minRam=4096")).body), ["3", "4", "5"]);
    assert.deepEqual(ids((await h.json("/flavors?minDisk=80")).body), ["4", "5"]);
    const badRam = await h.json("/flavors?minRam=lots");
    assert.equal(badRam.status, 400);
    assert.equal(faultMessage(badRam.body), "Invalid minRam filter [lots]");
    const badDisk = await h.json("/flavors?minDisk=1.5");
    assert.equal(faultMessage(badDisk.body), "Invalid minDisk filter [1.5]");
    const badPublic = await h.json("/flavors?is_public=maybe");
    assert.equal(badPublic.status, 400);
    assert.equal(faultMessage(badPublic.body), "Invalid is_public filter [maybe]");
    // Non-admins cannot choose: the filter is ignored for them.
    assert.equal((await h.json("/flavors?is_public=maybe", { as: "member" })).status, 200);
  } finally {
    await h.close();
  }
});

Deno.test("who sees private flavors in lists", async () => {
  const h = await startFlavors();
  try {
    await h.json("/flavors", { method: "POST", json: privateFlavor("pa") });
    await h.json("/flavors", { method: "POST", json: privateFlavor("pz") });
    await h.json("/flavors/pa/action", {
      method: "POST",
      json: { addTenantAccess: { tenant: "project-a" } },
    });
    const classic = ["1", "2", "3", "4", "5"];
    // Admins default to public flavors plus those shared with their own project …
    assert.deepEqual(ids((await h.json("/flavors")).body), classic);
    // … and choose with is_public: none → all, false → private only.
    assert.deepEqual(ids((await h.json("/flavors?is_public=none")).body), [...classic, "pa", "pz"]);
    assert.deepEqual(ids((await h.json("/flavors?is_public=false")).body), ["pa", "pz"]);
    // Members see public flavors plus those shared with their project.
    assert.deepEqual(ids((await h.json("/flavors", { as: "member" })).body), [...classic, "pa"]);
    assert.deepEqual(ids((await h.json("/flavors/detail", { as: "reader" })).body), [
      ...classic,
      "pa",
    ]);
    assert.deepEqual(ids((await h.json("/flavors", { as: "other" })).body), classic);
    assert.deepEqual(
      ids((await h.json("/flavors?is_public=false", { as: "other" })).body),
      classic,
    );
  } finally {
    await h.close();
  }
});

Deno.test("unknown query parameters: dropped before 2.75, refused from 2.75", async () => {
  const h = await startFlavors();
  try {
    const old = await h.json("/flavors?junk=1&limit=1", { version: "2.74" });
    assert.equal(old.status, 200);
    // Dropped parameters do not travel into the next link either.
    assert.deepEqual(old.body.flavors_links, [
      { rel: "next", href: `${h.base}/flavors?limit=1&marker=1` },
    ]);
    const strict = await h.json("/flavors/detail?junk=1", { version: "2.75" });
    assert.equal(strict.status, 400);
    assert.match(faultMessage(strict.body), /'junk' was unexpected/);
    // GET /flavors/{id} tolerates extras until 2.102.
    assert.equal((await h.json("/flavors/1?junk=1", { version: "2.101" })).status, 200);
    assert.equal((await h.json("/flavors/1?junk=1", { version: "2.102" })).status, 400);
  } finally {
    await h.close();
  }
});

Deno.test("the name filter arrives in 2.102 and searches by regular expression", async () => {
  const h = await startFlavors();
  try {
    assert.equal((await h.json("/flavors?name=tiny", { version: "2.101" })).status, 400);
    const ignored = await h.json("/flavors?name=tiny", { version: "2.74" });
    assert.equal(ignored.body.flavors.length, 5);
    const tiny = await h.json("/flavors?name=tiny", { version: "2.102" });
    assert.deepEqual(ids(tiny.body), ["1"]);
    const re = await h.json(`/flavors?name=${encodeURIComponent("^m1\\.(small|large)$")}`, {
      version: "2.102",
    });
    assert.deepEqual(ids(re.body), ["2", "4"]);
    const bad = await h.json(`/flavors?name=${encodeURIComponent("(")}`, { version: "2.102" });
    assert.equal(bad.status, 400);
  } finally {
    await h.close();
  }
});

Deno.test("limit must be a non-negative integer", async () => {
  const h = await startFlavors();
  try {
    for (const bad of ["-1", "abc", ""]) {
      const res = await h.json(`/flavors?limit=${bad}`);
      assert.equal(res.status, 400, bad);
      assert.match(faultMessage(res.body), /^Invalid input for query parameters limit\./);
    }
  } finally {
    await h.close();
  }
});

Deno.test("pages walked from the store in flavorid order equal the sorted full listing", async () => {
  const h = await startFlavors();
  try {
    // A seeded mix of public and private flavors, some shared with the member's project.
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 30; i++) {
      const id = `f-${Math.floor(rand() * 1e6).toString(36)}-${i}`;
      const isPublic = rand() < 0.5;
      const made = await h.json("/flavors", {
        method: "POST",
        json: {
          flavor: {
            id,
            name: `walk-${id}`,
            ram: 64 + Math.floor(rand() * 4096),
            vcpus: 1,
            disk: 1,
            "os-flavor-access:is_public": isPublic,
          },
        },
      });
      assert.equal(made.status, 200, JSON.stringify(made.body));
      if (!isPublic && rand() < 0.5) {
        const shared = await h.json(`/flavors/${id}/action`, {
          method: "POST",
          json: { addTenantAccess: { tenant: "project-a" } },
        });
        assert.equal(shared.status, 200);
      }
    }
    for (const as of ["member", "admin"] as const) {
      for (const filter of ["", "&minRam=2048"]) {
        // The oracle: another sort key reads everything in memory; order it by flavorid here.
        const full = await h.json(`/flavors?sort_key=id&limit=1000${filter}`, { as });
        const expected = ids(full.body).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        const walked: string[] = [];
        let marker = "";
        for (let guard = 0; guard < 50; guard++) {
          const page = await h.json(`/flavors?limit=4${filter}${marker}`, { as });
          assert.equal(page.status, 200);
          walked.push(...ids(page.body));
          if (page.body.flavors.length < 4) break;
          marker = `&marker=${walked.at(-1)}`;
        }
        assert.deepEqual(walked, expected, `${as} ${filter}`);
      }
    }
  } finally {
    await h.close();
  }
});
