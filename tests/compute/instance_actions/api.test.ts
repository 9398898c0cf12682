/**
 * `os-instance-actions` over real HTTP: shapes against Nova's samples at each microversion that
 * changed them, who sees events, tracebacks, hosts and details, paging and time filters (2.58,
 * 2.66), deleted servers (2.21), and the request id that the action records.
 */
import assert from "node:assert/strict";
import { faultMessage, type Harness, type Persona, startCompute } from "../../support/compute.ts";
import { assertMatchesSample } from "../../support/samples.ts";
import { createServer, start } from "../servers/_support.ts";

const SAMPLES = "os-instance-actions";

async function stopped(h: Harness, as: Persona = "member"): Promise<string> {
  const id = await createServer(h, as);
  // Settle the build (a read applies its due steps), then let the clock move past it, so times
  // tell the create's last change from the stop.
  const shown = await h.json(`/servers/${id}`, { as });
  assert.equal(shown.body.server.status, "ACTIVE");
  const created = Date.now();
  while (Date.now() <= created + 1) await new Promise((r) => setTimeout(r, 2));
  const res = await h.json(`/servers/${id}/action`, { as, json: { "os-stop": null } });
  assert.equal(res.status, 202, res.text);
  return id;
}

function list(h: Harness, id: string, version: string, as: Persona = "member", query = "") {
  return h.json(`/servers/${id}/os-instance-actions${query}`, { as, version });
}

async function stopRequestId(h: Harness, id: string): Promise<string> {
  const res = await list(h, id, "2.1", "admin");
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.instanceActions[0].action, "stop");
  return res.body.instanceActions[0].request_id;
}

function show(h: Harness, id: string, req: string, version: string, as: Persona = "member") {
  return h.json(`/servers/${id}/os-instance-actions/${req}`, { as, version });
}

Deno.test("the list matches Nova's samples at 2.1, 2.21, 2.51, 2.58, 2.62, 2.66 and 2.84", async () => {
  const h = await start();
  try {
    const id = await stopped(h);
    for (const v of ["", "v2.21/", "v2.51/", "v2.58/", "v2.62/", "v2.66/", "v2.84/"]) {
      const version = v === "" ? "2.1" : v.slice(1, -1);
      const res = await list(h, id, version);
      assert.equal(res.status, 200, res.text);
      await assertMatchesSample(res.body, `${SAMPLES}/${v}instance-actions-list-resp.json`);
      const [stop, create] = res.body.instanceActions;
      assert.deepEqual([stop.action, create.action], ["stop", "create"]);
      assert.equal(stop.instance_uuid, id);
      assert.equal(stop.user_id, "member-user");
      assert.equal(stop.project_id, "project-a");
      assert.equal(stop.message, null);
      assert.match(stop.start_time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    }
  } finally {
    await h.close();
  }
});

Deno.test("show: admins see events with traceback (host and hostId from 2.62, details from 2.84)", async () => {
  const h = await start();
  try {
    const id = await stopped(h);
    const req = await stopRequestId(h, id);
    for (const v of ["", "v2.21/", "v2.51/", "v2.58/", "v2.62/", "v2.66/", "v2.84/"]) {
      const version = v === "" ? "2.1" : v.slice(1, -1);
      const res = await show(h, id, req, version, "admin");
      assert.equal(res.status, 200, res.text);
      await assertMatchesSample(res.body, `${SAMPLES}/${v}instance-action-get-resp.json`, {
        nullable: ["traceback", "details"],
      });
      const [event] = res.body.instanceAction.events;
      assert.deepEqual([event.event, event.result], ["compute_stop_instance", "Success"]);
      assert.equal(res.body.instanceAction.request_id, req);
    }
    const shown = await h.json(`/servers/${id}`, { as: "admin", version: "2.84" });
    const event = (await show(h, id, req, "2.84", "admin")).body.instanceAction.events[0];
    assert.equal(event.host, shown.body.server["OS-EXT-SRV-ATTR:host"]);
    assert.equal(event.hostId, shown.body.server.hostId, "the server's own hostId");
  } finally {
    await h.close();
  }
});

Deno.test("show: owners see no events before 2.51, then events without traceback or host", async () => {
  const h = await start();
  try {
    const id = await stopped(h);
    const req = await stopRequestId(h, id);
    const old = await show(h, id, req, "2.50");
    assert.equal(old.status, 200, old.text);
    assert.equal("events" in old.body.instanceAction, false);
    for (const v of ["v2.51/", "v2.58/", "v2.62/", "v2.66/", "v2.84/"]) {
      const res = await show(h, id, req, v.slice(1, -1));
      assert.equal(res.status, 200, res.text);
      await assertMatchesSample(res.body, `${SAMPLES}/${v}instance-action-get-non-admin-resp.json`);
    }
  } finally {
    await h.close();
  }
});

Deno.test("the events policies decide who sees tracebacks, hosts and details", async () => {
  const h = await startCompute({
    seedFlavors: true,
    config: { deno: { fake_boot_seconds: 0 }, virt: { fake_delete_seconds: 0 } },
    policy: {
      "os_compute_api:os-instance-actions:events": "role:member",
      "os_compute_api:os-instance-actions:events:details": "!",
    },
  });
  try {
    const id = await stopped(h);
    const req = await stopRequestId(h, id);
    const [event] = (await show(h, id, req, "2.84")).body.instanceAction.events;
    assert.deepEqual(Object.keys(event).sort(), [
      "event",
      "finish_time",
      "host",
      "hostId",
      "result",
      "start_time",
      "traceback",
    ]);
  } finally {
    await h.close();
  }
});

Deno.test("2.58 pages by limit and marker with a next link; 2.66 filters by changes-before", async () => {
  const h = await start();
  try {
    const id = await stopped(h);
    const req = await stopRequestId(h, id);
    for (const v of ["v2.58/", "v2.62/", "v2.66/", "v2.84/"]) {
      const version = v.slice(1, -1);
      const first = await list(h, id, version, "member", "?limit=1");
      assert.equal(first.status, 200, first.text);
      await assertMatchesSample(
        first.body,
        `${SAMPLES}/${v}instance-actions-list-with-limit-resp.json`,
      );
      assert.equal(
        first.body.links[0].href,
        `${h.base}/servers/${id}/os-instance-actions?limit=1&marker=${req}`,
      );
      const next = await list(h, id, version, "member", `?marker=${req}`);
      await assertMatchesSample(
        next.body,
        `${SAMPLES}/${v}instance-actions-list-with-marker-resp.json`,
      );
      assert.equal(next.body.instanceActions[0].action, "create");
      const created = next.body.instanceActions[0].updated_at;
      const since = await list(h, id, version, "member", `?changes-since=${created}`);
      assert.equal(since.status, 200, since.text);
      await assertMatchesSample(
        since.body,
        `${SAMPLES}/${v}instance-actions-list-with-changes-since.json`,
      );
    }
    const created = (await list(h, id, "2.66", "member", `?marker=${req}`)).body.instanceActions[0];
    const before = await list(h, id, "2.66", "member", `?changes-before=${created.updated_at}`);
    assert.equal(before.status, 200, before.text);
    await assertMatchesSample(
      before.body,
      `${SAMPLES}/v2.66/instance-actions-list-with-changes-before.json`,
    );
    assert.deepEqual(before.body.instanceActions.map((a: { action: string }) => a.action), [
      "create",
    ]);
    const early = await list(h, id, "2.66", "member", "?changes-before=2000-01-01T00:00:00Z");
    assert.deepEqual(early.body, { instanceActions: [] });
  } finally {
    await h.close();
  }
});

Deno.test("paging and filter errors: Nova's 400s and what older versions ignore", async () => {
  const h = await start();
  try {
    const id = await stopped(h);
    const bad = await list(h, id, "2.58", "member", "?marker=req-nope");
    assert.equal(bad.status, 400);
    assert.equal(faultMessage(bad.body), "Marker None could not be found.");
    const order = await list(
      h,
      id,
      "2.66",
      "member",
      "?changes-since=2020-01-02T00:00:00Z&changes-before=2020-01-01T00:00:00Z",
    );
    assert.equal(order.status, 400);
    assert.equal(
      faultMessage(order.body),
      "The value of changes-since must be less than or equal to changes-before.",
    );
    for (
      const [version, query] of [
        ["2.58", "?foo=1"],
        ["2.58", "?changes-before=2020-01-01T00:00:00Z"],
        ["2.58", "?limit=-1"],
        ["2.58", "?limit=1&limit=2"],
        ["2.66", "?changes-since=yesterday"],
      ]
    ) {
      const res = await list(h, id, version, "member", query);
      assert.equal(res.status, 400, `${version} ${query}: ${res.text}`);
    }
    // Before 2.58 the list takes anything and pages nothing.
    const old = await list(h, id, "2.57", "member", "?limit=1&marker=req-nope&foo=1");
    assert.equal(old.status, 200, old.text);
    assert.equal(old.body.instanceActions.length, 2);
    assert.equal("links" in old.body, false);
    // limit=0: an empty page and no link.
    const none = await list(h, id, "2.58", "member", "?limit=0");
    assert.deepEqual(none.body, { instanceActions: [] });
    // The show's query closes at 2.102.
    const req = await stopRequestId(h, id);
    assert.equal((await show(h, id, `${req}?foo=1`, "2.101")).status, 200);
    assert.equal((await show(h, id, `${req}?foo=1`, "2.102")).status, 400);
  } finally {
    await h.close();
  }
});

Deno.test("a deleted server's actions are readable from 2.21, 404 before", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    assert.equal((await h.fetch(`/servers/${id}`, { as: "member", method: "DELETE" })).status, 204);
    assert.equal((await h.json(`/servers/${id}`, { as: "member" })).status, 404);
    const old = await list(h, id, "2.20");
    assert.equal(old.status, 404);
    assert.equal(faultMessage(old.body), `Instance ${id} could not be found.`);
    const res = await list(h, id, "2.21");
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.instanceActions.map((a: { action: string }) => a.action), [
      "delete",
      "create",
    ]);
    const req = res.body.instanceActions[0].request_id;
    const shown = await show(h, id, req, "2.21", "admin");
    assert.deepEqual(
      shown.body.instanceAction.events.map((e: { event: string }) => e.event),
      ["compute_terminate_instance"],
    );
    // Another project still gets 404 for it.
    assert.equal((await list(h, id, "2.21", "other")).status, 404);
  } finally {
    await h.close();
  }
});

Deno.test("isolation and policy: another project 404, a reader may read, unknown action 404", async () => {
  const h = await start();
  try {
    const id = await stopped(h);
    const req = await stopRequestId(h, id);
    for (const res of [await list(h, id, "2.1", "other"), await show(h, id, req, "2.1", "other")]) {
      assert.equal(res.status, 404);
      assert.equal(faultMessage(res.body), `Instance ${id} could not be found.`);
    }
    assert.equal((await list(h, id, "2.1", "reader")).status, 200);
    assert.equal((await show(h, id, req, "2.51", "reader")).status, 200);
    const missing = await show(h, id, "req-nope", "2.1");
    assert.equal(missing.status, 404);
    assert.equal(faultMessage(missing.body), "Action req-nope not found");
    const stranger = await list(h, crypto.randomUUID(), "2.1");
    assert.equal(stranger.status, 404);
  } finally {
    await h.close();
  }
});

Deno.test("each action over the API records Nova's action name under its own request", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const bodies: [unknown, string][] = [
      [{ "os-stop": null }, "stop"],
      [{ "os-start": null }, "start"],
      [{ reboot: { type: "SOFT" } }, "reboot"],
      [{ pause: null }, "pause"],
      [{ unpause: null }, "unpause"],
      [{ suspend: null }, "suspend"],
      [{ resume: null }, "resume"],
      [{ lock: null }, "lock"],
      [{ unlock: null }, "unlock"],
      [{ trigger_crash_dump: null }, "trigger_crash_dump"],
    ];
    for (const [body] of bodies) {
      const res = await h.json(`/servers/${id}/action`, {
        as: "member",
        version: "2.17",
        json: body,
      });
      assert.equal(res.status, 202, `${JSON.stringify(body)}: ${res.text}`);
    }
    const res = await list(h, id, "2.1");
    const actions = res.body.instanceActions as { action: string; request_id: string }[];
    assert.deepEqual(
      actions.map((a) => a.action),
      [...bodies.map(([, n]) => n)].reverse().concat("create"),
    );
    assert.equal(new Set(actions.map((a) => a.request_id)).size, actions.length);
  } finally {
    await h.close();
  }
});

Deno.test("through the paste pipeline, the action's request id is the response's x-openstack-request-id", async () => {
  const p = await startCompute({
    pipeline: "paste",
    config: { deno: { fake_boot_seconds: 0 }, virt: { fake_delete_seconds: 0 } },
  });
  try {
    const created = await p.json("/v2.1/servers", {
      json: {
        server: {
          name: "vm1",
          imageRef: (await import("../../../lib/images/catalog.ts")).CIRROS_IMAGE_ID,
          flavorRef: "1",
          networks: "none",
        },
      },
      version: "2.37",
    });
    assert.equal(created.status, 202, created.text);
    const id = created.body.server.id;
    const listed = await p.json(`/v2.1/servers/${id}/os-instance-actions`);
    assert.equal(listed.status, 200, listed.text);
    const [create] = listed.body.instanceActions;
    assert.equal(create.request_id, created.headers.get("x-openstack-request-id"));
  } finally {
    await p.close();
  }
});
