/**
 * `/os-aggregates` over real HTTP: the CRUD and actions with Nova's sample shapes, the 2.41
 * `uuid` boundary, the 2.102 query boundary, admin-only policy on every rule, and Nova's
 * 400/404/409 faults with their messages.
 */
import assert from "node:assert/strict";
import { faultMessage, startCompute } from "../../support/compute.ts";
import { assertMatchesSample } from "../../support/samples.ts";
import { action, createAggregate } from "./_support.ts";

const STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/;

Deno.test("aggregates: create, show, list, update, actions and delete match Nova's samples", async () => {
  const h = await startCompute();
  try {
    const created = await h.json("/os-aggregates", {
      version: "2.41",
      json: { aggregate: { name: "name", availability_zone: "london" } },
    });
    assert.equal(created.status, 200, created.text);
    await assertMatchesSample(created.body, "os-aggregates/v2.41/aggregate-post-resp.json");
    const agg = created.body.aggregate;
    assert.equal(agg.name, "name");
    assert.equal(agg.availability_zone, "london");
    assert.match(agg.created_at, STAMP);
    assert.equal(agg.updated_at, null);
    const id = agg.id;
    assert.equal(id, 1);

    const shown = await h.json(`/os-aggregates/${id}`, { version: "2.41" });
    assert.equal(shown.status, 200, shown.text);
    await assertMatchesSample(shown.body, "os-aggregates/v2.41/aggregates-get-resp.json");
    assert.equal(shown.body.aggregate.uuid, agg.uuid);
    assert.deepEqual(shown.body.aggregate.metadata, { availability_zone: "london" });

    const added = await action(h, id, "add_host", { host: "compute-1" }, "2.41");
    assert.equal(added.status, 200, added.text);
    await assertMatchesSample(
      { aggregate: { ...added.body.aggregate, hosts: [] } },
      "os-aggregates/v2.41/aggregates-add-host-post-resp.json",
    );
    assert.deepEqual(added.body.aggregate.hosts, ["compute-1"]);

    const listed = await h.json("/os-aggregates", { version: "2.41" });
    assert.equal(listed.status, 200, listed.text);
    await assertMatchesSample(listed.body, "os-aggregates/v2.41/aggregates-list-get-resp.json");

    const meta = await action(h, id, "set_metadata", { metadata: { key: "value" } }, "2.41");
    assert.equal(meta.status, 200, meta.text);
    assert.deepEqual(meta.body.aggregate.metadata, { availability_zone: "london", key: "value" });
    assert.match(meta.body.aggregate.updated_at, STAMP);
    const unset = await action(h, id, "set_metadata", { metadata: { key: null, gone: null } });
    assert.deepEqual(unset.body.aggregate.metadata, { availability_zone: "london" });

    const updated = await h.json(`/os-aggregates/${id}`, {
      method: "PUT",
      version: "2.41",
      json: { aggregate: { name: " newname ", availability_zone: "nova2" } },
    });
    assert.equal(updated.status, 200, updated.text);
    await assertMatchesSample(
      { aggregate: { ...updated.body.aggregate, hosts: [] } },
      "os-aggregates/v2.41/aggregate-update-post-resp.json",
    );
    assert.equal(updated.body.aggregate.name, "newname");
    assert.equal(updated.body.aggregate.availability_zone, "nova2");

    const removed = await action(h, id, "remove_host", { host: "compute-1" }, "2.41");
    assert.equal(removed.status, 200, removed.text);
    await assertMatchesSample(
      removed.body,
      "os-aggregates/v2.41/aggregates-remove-host-post-resp.json",
      { nullable: ["updated_at"] },
    );

    const deleted = await h.fetch(`/os-aggregates/${id}`, { method: "DELETE" });
    assert.equal(deleted.status, 200);
    assert.equal(await deleted.text(), "");
    assert.equal((await h.json(`/os-aggregates/${id}`)).status, 404);
    // The name is free again; ids are not reused.
    assert.equal(await createAggregate(h, "newname"), 2);
  } finally {
    await h.close();
  }
});

Deno.test("aggregates: uuid appears from 2.41, not at 2.40; create leaves out hosts and metadata", async () => {
  const h = await startCompute();
  try {
    const old = await h.json("/os-aggregates", {
      version: "2.40",
      json: { aggregate: { name: "a" } },
    });
    assert.equal(old.status, 200, old.text);
    await assertMatchesSample(old.body, "os-aggregates/aggregate-post-resp.json", {
      nullable: ["availability_zone"],
    });
    assert.equal(old.body.aggregate.availability_zone, null);
    assert.ok(!("uuid" in old.body.aggregate));
    for (const [version, uuid] of [["2.1", false], ["2.40", false], ["2.41", true]] as const) {
      const shown = await h.json(`/os-aggregates/${old.body.aggregate.id}`, { version });
      assert.equal("uuid" in shown.body.aggregate, uuid, version);
      const listed = await h.json("/os-aggregates", { version });
      assert.equal("uuid" in listed.body.aggregates[0], uuid, version);
      const meta = await action(h, 1, "set_metadata", { metadata: { k: "v" } }, version);
      assert.equal("uuid" in meta.body.aggregate, uuid, version);
    }
    const shown = await h.json("/os-aggregates/1", { version: "2.40" });
    await assertMatchesSample(
      { aggregate: { ...shown.body.aggregate, metadata: { availability_zone: "x" } } },
      "os-aggregates/aggregates-get-resp.json",
      { nullable: ["availability_zone", "updated_at"] },
    );
  } finally {
    await h.close();
  }
});

Deno.test("aggregates: 2.102 refuses unknown query parameters on list and show", async () => {
  const h = await startCompute();
  try {
    await createAggregate(h, "a");
    for (const path of ["/os-aggregates?x=1", "/os-aggregates/1?x=1"]) {
      assert.equal((await h.json(path, { version: "2.101" })).status, 200, path);
      assert.equal((await h.json(path, { version: "2.102" })).status, 400, path);
    }
  } finally {
    await h.close();
  }
});

Deno.test("aggregates: every rule is admin-only by default", async () => {
  const h = await startCompute();
  try {
    await createAggregate(h, "a");
    const calls: [string, string, string, unknown, string?][] = [
      ["index", "GET", "/os-aggregates", undefined],
      ["create", "POST", "/os-aggregates", { aggregate: { name: "b" } }],
      ["show", "GET", "/os-aggregates/1", undefined],
      ["update", "PUT", "/os-aggregates/1", { aggregate: { name: "c" } }],
      ["delete", "DELETE", "/os-aggregates/1", undefined],
      ["add_host", "POST", "/os-aggregates/1/action", { add_host: { host: "compute-1" } }],
      ["remove_host", "POST", "/os-aggregates/1/action", { remove_host: { host: "compute-1" } }],
      ["set_metadata", "POST", "/os-aggregates/1/action", { set_metadata: { metadata: {} } }],
    ];
    for (const [rule, method, path, json] of calls) {
      for (const as of ["member", "reader", "manager"] as const) {
        const res = await h.json(path, { as, method, json });
        assert.equal(res.status, 403, `${rule} as ${as}: ${res.text}`);
        assert.equal(
          faultMessage(res.body),
          `Policy doesn't allow os_compute_api:os-aggregates:${rule} to be performed.`,
        );
      }
    }
    const images = await h.json("/os-aggregates/1/images", {
      as: "member",
      version: "2.81",
      json: { cache: [{ id: crypto.randomUUID() }] },
    });
    assert.equal(images.status, 403, images.text);
    assert.equal(
      faultMessage(images.body),
      "Policy doesn't allow compute:aggregates:images to be performed.",
    );
    // Nothing changed.
    const shown = await h.json("/os-aggregates/1");
    assert.equal(shown.body.aggregate.name, "a");
    assert.deepEqual(shown.body.aggregate.hosts, []);
  } finally {
    await h.close();
  }
});

Deno.test("aggregates: Nova's 400s for bodies and ids", async () => {
  const h = await startCompute();
  try {
    await createAggregate(h, "a");
    const bad = async (path: string, method: string, json?: unknown) => {
      const res = await h.json(path, { method, json });
      assert.equal(res.status, 400, `${method} ${path} ${JSON.stringify(json)}: ${res.text}`);
      return faultMessage(res.body);
    };
    await bad("/os-aggregates", "POST", { aggregate: {} });
    await bad("/os-aggregates", "POST", { aggregate: { name: "" } });
    await bad("/os-aggregates", "POST", { aggregate: { name: "x", availability_zone: "" } });
    await bad("/os-aggregates", "POST", { aggregate: { name: "x", other: 1 } });
    await bad("/os-aggregates", "POST", { name: "x" });
    await bad("/os-aggregates/1", "PUT", { aggregate: {} });
    await bad("/os-aggregates/1", "PUT", { aggregate: { name: "x", hosts: [] } });
    await bad("/os-aggregates/1/action", "POST", { add_host: { host: "bad host" } });
    await bad("/os-aggregates/1/action", "POST", { add_host: {} });
    await bad("/os-aggregates/1/action", "POST", { remove_host: { host: "" } });
    await bad("/os-aggregates/1/action", "POST", { set_metadata: { metadata: { "a/b": "c" } } });
    await bad("/os-aggregates/1/action", "POST", { set_metadata: { metadata: { k: 1 } } });
    assert.equal(
      await bad("/os-aggregates/1/action", "POST", { reboot: {} }),
      "There is no such action: reboot",
    );
    const id = "Invalid input received: id must be an integer";
    assert.equal(await bad("/os-aggregates/abc", "GET"), id);
    assert.equal(await bad("/os-aggregates/1.5", "PUT", { aggregate: { name: "y" } }), id);
    assert.equal(await bad("/os-aggregates/abc", "DELETE"), id);
    assert.equal(await bad("/os-aggregates/x/action", "POST", { add_host: { host: "h" } }), id);
    assert.equal(await bad("/os-aggregates/x/action", "POST", { remove_host: { host: "h" } }), id);
    assert.equal(
      await bad("/os-aggregates/x/action", "POST", { set_metadata: { metadata: {} } }),
      id,
    );
    // An empty zone cannot be set through update or metadata.
    assert.equal(
      await bad("/os-aggregates/1", "PUT", { aggregate: { availability_zone: null } }),
      "Cannot update aggregate 1. Reason: Aggregate a does not support empty named " +
        "availability zone.",
    );
    assert.equal(
      await bad("/os-aggregates/1/action", "POST", {
        set_metadata: { metadata: { availability_zone: null } },
      }),
      "Cannot update metadata of aggregate 1. Reason: Aggregate a does not support empty " +
        "named availability zone.",
    );
    // Delete refuses an aggregate with hosts (Nova's InvalidAggregateActionDelete is a 400).
    assert.equal((await action(h, 1, "add_host", { host: "compute-2" })).status, 200);
    assert.equal(
      await bad("/os-aggregates/1", "DELETE"),
      "Cannot remove host from aggregate 1. Reason: Host aggregate is not empty.",
    );
    assert.equal((await h.json("/os-aggregates/1")).status, 200);
  } finally {
    await h.close();
  }
});

Deno.test("aggregates: Nova's 404s", async () => {
  const h = await startCompute();
  try {
    await createAggregate(h, "a");
    const missing = async (path: string, method: string, json?: unknown) => {
      const res = await h.json(path, { method, json });
      assert.equal(res.status, 404, `${method} ${path}: ${res.text}`);
      return faultMessage(res.body);
    };
    assert.equal(await missing("/os-aggregates/99", "GET"), "Aggregate 99 could not be found.");
    assert.equal(await missing("/os-aggregates/099", "GET"), "Aggregate 099 could not be found.");
    assert.equal(
      await missing("/os-aggregates/99", "PUT", { aggregate: { name: "b" } }),
      "Aggregate 99 could not be found.",
    );
    assert.equal(await missing("/os-aggregates/99", "DELETE"), "Aggregate 99 could not be found.");
    assert.equal(
      await missing("/os-aggregates/99/action", "POST", { add_host: { host: "compute-1" } }),
      "Aggregate 99 could not be found.",
    );
    assert.equal(
      await missing("/os-aggregates/1/action", "POST", { add_host: { host: "nowhere" } }),
      "Compute host nowhere could not be found.",
    );
    assert.equal(
      await missing("/os-aggregates/99/action", "POST", { set_metadata: { metadata: {} } }),
      "Aggregate 99 could not be found.",
    );
    // remove_host says the same for an unknown aggregate, an unknown host and a non-member.
    for (const [id, host] of [["99", "compute-1"], ["1", "nowhere"], ["1", "compute-1"]]) {
      assert.equal(
        await missing(`/os-aggregates/${id}/action`, "POST", { remove_host: { host } }),
        `Cannot remove host ${host} in aggregate ${id}`,
      );
    }
  } finally {
    await h.close();
  }
});

Deno.test("aggregates: Nova's 409s for a taken name and a host already in the aggregate", async () => {
  const h = await startCompute();
  try {
    await createAggregate(h, "a");
    await createAggregate(h, "b");
    const taken = await h.json("/os-aggregates", { json: { aggregate: { name: "a" } } });
    assert.equal(taken.status, 409, taken.text);
    assert.equal(faultMessage(taken.body), "Aggregate a already exists.");
    const renamed = await h.json("/os-aggregates/2", {
      method: "PUT",
      json: { aggregate: { name: "a" } },
    });
    assert.equal(renamed.status, 409, renamed.text);
    assert.equal(faultMessage(renamed.body), "Aggregate a already exists.");
    // Renaming to its own name is fine.
    const same = await h.json("/os-aggregates/1", {
      method: "PUT",
      json: { aggregate: { name: "a" } },
    });
    assert.equal(same.status, 200, same.text);

    assert.equal((await action(h, 1, "add_host", { host: "compute-1" })).status, 200);
    const twice = await action(h, 1, "add_host", { host: "compute-1" });
    assert.equal(twice.status, 409, twice.text);
    assert.equal(faultMessage(twice.body), "Aggregate 1 already has host compute-1.");
    // A host may be in several aggregates without zones.
    assert.equal((await action(h, 2, "add_host", { host: "compute-1" })).status, 200);
  } finally {
    await h.close();
  }
});
