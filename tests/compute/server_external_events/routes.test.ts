/**
 * `POST /os-server-external-events` over real HTTP: the service role or an admin only; each event's code
 * (200 taken, 400 no tag where one is needed, 404 unknown server, 422 no host) and the overall
 * 200 / 207; the event names each microversion adds; what power-update and volume-extended do
 * to the server and its instance actions; bad bodies 400, never 500.
 */
import assert from "node:assert/strict";
import { faultMessage, type Harness } from "../../support/compute.ts";
import { assertMatchesSample } from "../../support/samples.ts";
import { createServer, start } from "../servers/_support.ts";

const UNKNOWN = "7d8f2a5c-0b1e-4c3d-9a6f-1e2d3c4b5a69";
const PATH = "/os-server-external-events";

function post(h: Harness, events: unknown, version = "2.1", as: "service" | "admin" = "service") {
  return h.json(PATH, { json: { events }, version, as });
}

// deno-lint-ignore no-explicit-any
async function server(h: Harness, id: string): Promise<any> {
  const res = await h.json(`/servers/${id}`);
  assert.equal(res.status, 200, res.text);
  return res.body.server;
}

/** The server's actions, oldest first, each with its events' names and results. */
async function actions(h: Harness, id: string): Promise<[string, string[]][]> {
  const res = await h.json(`/servers/${id}/os-instance-actions`, { version: "2.51" });
  assert.equal(res.status, 200, res.text);
  const out: [string, string[]][] = [];
  for (const a of [...res.body.instanceActions].reverse()) {
    const one = await h.json(`/servers/${id}/os-instance-actions/${a.request_id}`, {
      version: "2.51",
    });
    assert.equal(one.status, 200, one.text);
    out.push([
      a.action,
      one.body.instanceAction.events.map((e: { event: string; result: string }) =>
        `${e.event}:${e.result}`
      ),
    ]);
  }
  return out;
}

Deno.test("external events: a taken event is 200 and echoed as Nova's sample", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const res = await post(h, [{ name: "network-changed", server_uuid: id, tag: "foo" }]);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body, {
      events: [{
        name: "network-changed",
        server_uuid: id,
        tag: "foo",
        status: "completed",
        code: 200,
      }],
    });
    await assertMatchesSample(res.body, "os-server-external-events/event-create-resp.json");
    // A status sent is overwritten; the network events record nothing.
    const sent = await post(h, [
      { name: "network-vif-plugged", server_uuid: id, status: "failed", tag: "p1" },
      { name: "network-vif-unplugged", server_uuid: id, status: "in-progress" },
      { name: "network-vif-deleted", server_uuid: id, tag: "p2" },
    ]);
    assert.equal(sent.status, 200, sent.text);
    assert.deepEqual(sent.body.events.map((e: { status: string }) => e.status), [
      "completed",
      "completed",
      "completed",
    ]);
    assert.deepEqual(await actions(h, id), [["create", [
      "compute__do_build_and_run_instance:Success",
    ]]]);
  } finally {
    await h.close();
  }
});

Deno.test("external events: only the service role or an admin may send them", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const byAdmin = await post(h, [{ name: "network-changed", server_uuid: id }], "2.1", "admin");
    assert.equal(byAdmin.status, 200, byAdmin.text);
    for (const as of ["member", "reader", "manager", "other"] as const) {
      const res = await h.json(PATH, {
        as,
        json: { events: [{ name: "network-changed", server_uuid: id }] },
      });
      assert.equal(res.status, 403, `${as}: ${res.text}`);
      assert.equal(
        faultMessage(res.body),
        "Policy doesn't allow os_compute_api:os-server-external-events:create to be performed.",
      );
    }
  } finally {
    await h.close();
  }
});

Deno.test("external events: a mixed batch is 207 with each event's code; none taken is 207 too", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const res = await post(h, [
      { name: "network-changed", server_uuid: id },
      { name: "network-vif-plugged", server_uuid: UNKNOWN, tag: "x" },
      { name: "power-update", server_uuid: id },
      { name: "volume-extended", server_uuid: id },
      { name: "accelerator-request-bound", server_uuid: id },
      { name: "volume-reimaged", server_uuid: id },
    ], "2.93");
    assert.equal(res.status, 207, res.text);
    assert.deepEqual(res.body.events, [
      { name: "network-changed", server_uuid: id, status: "completed", code: 200 },
      { name: "network-vif-plugged", server_uuid: UNKNOWN, tag: "x", status: "failed", code: 404 },
      { name: "power-update", server_uuid: id, status: "failed", code: 400 },
      { name: "volume-extended", server_uuid: id, status: "failed", code: 400 },
      { name: "accelerator-request-bound", server_uuid: id, status: "failed", code: 400 },
      { name: "volume-reimaged", server_uuid: id, status: "completed", code: 200 },
    ]);
    const none = await post(h, [{ name: "network-changed", server_uuid: UNKNOWN }]);
    assert.equal(none.status, 207, none.text);
    assert.deepEqual(none.body.events, [
      { name: "network-changed", server_uuid: UNKNOWN, status: "failed", code: 404 },
    ]);
  } finally {
    await h.close();
  }
});

Deno.test("external events: a server without a host is 422, a deleted one with a host 200", async () => {
  const h = await start({ deno: { fake_boot_seconds: 600 } });
  try {
    const building = await createServer(h);
    assert.equal((await server(h, building))["OS-EXT-STS:task_state"], "scheduling");
    const res = await post(h, [{ name: "network-vif-plugged", server_uuid: building, tag: "p" }]);
    assert.equal(res.status, 207, res.text);
    assert.deepEqual(res.body.events[0], {
      name: "network-vif-plugged",
      server_uuid: building,
      tag: "p",
      status: "failed",
      code: 422,
    });
  } finally {
    await h.close();
  }
  const g = await start();
  try {
    const shelved = await createServer(g);
    const shelve = await g.json(`/servers/${shelved}/action`, { json: { shelve: null } });
    assert.equal(shelve.status, 202, shelve.text);
    assert.equal((await server(g, shelved)).status, "SHELVED_OFFLOADED");
    const offloaded = await post(g, [{ name: "network-changed", server_uuid: shelved }]);
    assert.equal(offloaded.body.events[0].code, 422);
    const gone = await createServer(g);
    assert.equal((await g.json(`/servers/${gone}`, { method: "DELETE" })).status, 204);
    assert.equal((await g.json(`/servers/${gone}`)).status, 404);
    const deleted = await post(g, [{ name: "network-vif-deleted", server_uuid: gone, tag: "p" }]);
    assert.equal(deleted.status, 200, deleted.text);
    assert.equal(deleted.body.events[0].code, 200);
  } finally {
    await g.close();
  }
});

Deno.test("external events: each microversion adds its event name", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const cases: [string, string][] = [
      ["volume-extended", "2.51"],
      ["power-update", "2.76"],
      ["accelerator-request-bound", "2.82"],
      ["volume-reimaged", "2.93"],
    ];
    for (const [name, min] of cases) {
      const minor = Number(min.split(".")[1]);
      const before = await post(h, [{ name, server_uuid: id, tag: "t" }], `2.${minor - 1}`);
      assert.equal(before.status, 400, `${name} @2.${minor - 1}: ${before.text}`);
      assert.match(faultMessage(before.body), /Invalid input for field\/attribute name/);
      const at = await post(h, [{ name, server_uuid: id, tag: "t" }], min);
      assert.equal(at.status, 200, `${name} @${min}: ${at.text}`);
    }
    const unknown = await post(h, [{ name: "test-event", server_uuid: id }], "2.93");
    assert.equal(unknown.status, 400);
  } finally {
    await h.close();
  }
});

Deno.test("external events: power-update turns the server off and on, recording stop and start", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const power = async (tag: string) => {
      const res = await post(h, [{ name: "power-update", server_uuid: id, tag }], "2.76");
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.events[0].code, 200);
    };
    const state = async () => {
      const s = await server(h, id);
      return [
        s.status,
        s["OS-EXT-STS:vm_state"],
        s["OS-EXT-STS:power_state"],
        s["OS-EXT-STS:task_state"],
      ];
    };
    await power("POWER_OFF");
    assert.deepEqual(await state(), ["SHUTOFF", "stopped", 4, null]);
    // Already off: a no-op, still recorded.
    await power("POWER_OFF");
    assert.deepEqual(await state(), ["SHUTOFF", "stopped", 4, null]);
    await power("POWER_ON");
    assert.deepEqual(await state(), ["ACTIVE", "active", 1, null]);
    // An unknown tag is taken and dropped: nothing recorded.
    await power("SOMETHING");
    assert.deepEqual(await state(), ["ACTIVE", "active", 1, null]);
    const recorded = await actions(h, id);
    assert.deepEqual(recorded.slice(1), [
      ["stop", ["compute_power_update:Success"]],
      ["stop", ["compute_power_update:Success"]],
      ["start", ["compute_power_update:Success"]],
    ]);
    const list = await h.json(`/servers/${id}/os-instance-actions`);
    const stop = list.body.instanceActions.find((a: { action: string }) => a.action === "stop");
    assert.equal(stop.user_id, "nova-service");
    assert.equal(stop.project_id, "service");
    // The server the service turned off can be started by its owner as usual.
    await power("POWER_OFF");
    const started = await h.json(`/servers/${id}/action`, {
      as: "member",
      json: { "os-start": null },
    });
    assert.equal(started.status, 202, started.text);
  } finally {
    await h.close();
  }
});

Deno.test("external events: volume-extended records extend_volume", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const vol = "0f1e2d3c-4b5a-4697-8877-665544332211";
    const res = await post(h, [{ name: "volume-extended", server_uuid: id, tag: vol }], "2.51");
    assert.equal(res.status, 200, res.text);
    assert.deepEqual((await actions(h, id)).slice(1), [
      ["extend_volume", ["compute_extend_volume:Success"]],
    ]);
    const s = await server(h, id);
    assert.equal(s.status, "ACTIVE");
  } finally {
    await h.close();
  }
});

Deno.test("external events: bad bodies are 400s, never 500s", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const ok = { name: "network-changed", server_uuid: id };
    const bodies: unknown[] = [
      {},
      { events: [] },
      { events: {} },
      { events: null },
      { events: [{}] },
      { events: [{ name: "network-changed" }] },
      { events: [{ server_uuid: id }] },
      { events: [{ ...ok, server_uuid: "not-a-uuid" }] },
      { events: [{ ...ok, server_uuid: 12 }] },
      { events: [{ ...ok, status: "done" }] },
      { events: [{ ...ok, tag: "x".repeat(256) }] },
      { events: [{ ...ok, tag: 5 }] },
      { events: [{ ...ok, tag: null }] },
      { events: [{ ...ok, code: 200 }] },
      { events: [ok], other: 1 },
      { events: [ok, "x"] },
      { event: [ok] },
      [],
      "events",
      null,
    ];
    for (const json of bodies) {
      const res = await h.json(PATH, { as: "service", json });
      assert.equal(res.status, 400, `${JSON.stringify(json)}: ${res.text}`);
      assert.ok(res.body.badRequest.message, res.text);
    }
    const raw = await h.fetch(PATH, {
      as: "service",
      method: "POST",
      body: '{"events": [',
      headers: { "content-type": "application/json" },
    });
    assert.equal(raw.status, 400);
    await raw.body?.cancel();
    const longTag = await post(h, [{ ...ok, tag: "x".repeat(255) }]);
    assert.equal(longTag.status, 200, longTag.text);
  } finally {
    await h.close();
  }
});

Deno.test("external events: power-update during a task is a no-op, still recorded", async () => {
  const h = await start({ emulator: { enabled: true } });
  try {
    const id = await createServer(h);
    const slow = await h.json("/os-emulator/settings", {
      method: "PUT",
      json: { settings: { action_seconds: 3600 } },
    });
    assert.equal(slow.status, 200, slow.text);
    const stop = await h.json(`/servers/${id}/action`, { json: { "os-stop": null } });
    assert.equal(stop.status, 202, stop.text);
    const res = await post(
      h,
      [{ name: "power-update", server_uuid: id, tag: "POWER_OFF" }],
      "2.76",
    );
    assert.equal(res.status, 200, res.text);
    const s = await server(h, id);
    assert.deepEqual(
      [s.status, s["OS-EXT-STS:task_state"], s["OS-EXT-STS:power_state"]],
      ["ACTIVE", "powering-off", 1],
    );
    assert.deepEqual((await actions(h, id)).slice(1).map(([a]) => a), ["stop", "stop"]);
  } finally {
    await h.close();
  }
});
