/**
 * The `/os-emulator` API over real HTTP: absent (webob's 404, as any unknown route) unless
 * `[emulator] enabled`, admin-only, schema-checked (Nova's 400 faults), and the fault and
 * settings resources themselves.
 */
import assert from "node:assert/strict";
import { faultMessage, startCompute } from "../../support/compute.ts";
import { INSTANT } from "../servers/_support.ts";
import { createServer, startEmulator } from "./_support.ts";

const PATHS: [string, string, unknown?][] = [
  ["GET", "/os-emulator/faults"],
  ["POST", "/os-emulator/faults", { fault: { action: "reboot" } }],
  ["GET", "/os-emulator/faults/f1"],
  ["DELETE", "/os-emulator/faults/f1"],
  ["GET", "/os-emulator/settings"],
  ["PUT", "/os-emulator/settings", { settings: { boot_seconds: 1 } }],
  ["GET", "/os-emulator/servers/s1/settings"],
  ["POST", "/os-emulator/clock", { advance: 1 }],
];

Deno.test("disabled (the default): every emulator path is the unknown-route 404", async () => {
  const h = await startCompute({ seedFlavors: true, config: INSTANT });
  try {
    const unknown = await h.json("/os-no-such-thing", { as: "admin" });
    assert.equal(unknown.status, 404);
    for (const [method, path, json] of PATHS) {
      const res = await h.json(path, { as: "admin", method, json });
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.equal(res.text, unknown.text, `${method} ${path}`);
      assert.equal(res.headers.get("content-type"), unknown.headers.get("content-type"));
      assert.equal(res.headers.get("openstack-api-version"), null);
    }
  } finally {
    await h.close();
  }
});

Deno.test("enabled: admin only (os_compute_api:os-emulator), 403 for members and readers", async () => {
  const h = await startEmulator();
  try {
    for (const as of ["member", "reader", "manager", "other"] as const) {
      for (const [method, path, json] of PATHS) {
        const res = await h.json(path, { as, method, json });
        assert.equal(res.status, 403, `${as} ${method} ${path}: ${res.text}`);
        assert.equal(
          faultMessage(res.body),
          "Policy doesn't allow os_compute_api:os-emulator to be performed.",
        );
      }
    }
    assert.equal((await h.json("/os-emulator/faults", { as: "admin" })).status, 200);
  } finally {
    await h.close();
  }
});

Deno.test("enabled through the paste pipeline, with and without the project id in the URL", async () => {
  const h = await startCompute({ pipeline: "paste", config: { emulator: { enabled: true } } });
  try {
    const token = "admin:0123abcd";
    for (const prefix of ["/v2.1", "/v2.1/0123abcd"]) {
      const res = await h.json(`${prefix}/os-emulator/settings`, { token });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body, {
        settings: { boot_seconds: null, delete_seconds: null, action_seconds: null },
      });
    }
    const member = await h.json("/v2.1/os-emulator/settings", { token: "demo:0123abcd" });
    assert.equal(member.status, 403);
  } finally {
    await h.close();
  }
});

Deno.test("bad input: Nova's 400 faults from the schema, never a 500", async () => {
  const h = await startEmulator();
  try {
    const bad: [string, string, unknown][] = [
      ["POST", "/os-emulator/faults", {}],
      ["POST", "/os-emulator/faults", { fault: {} }],
      ["POST", "/os-emulator/faults", { fault: { action: "" } }],
      ["POST", "/os-emulator/faults", { fault: { action: "reboot now" } }],
      ["POST", "/os-emulator/faults", { fault: { action: "reboot", count: 0 } }],
      ["POST", "/os-emulator/faults", { fault: { action: "reboot", count: 1.5 } }],
      ["POST", "/os-emulator/faults", { fault: { action: "reboot", mode: "explode" } }],
      ["POST", "/os-emulator/faults", { fault: { action: "reboot", message: "" } }],
      ["POST", "/os-emulator/faults", { fault: { action: "reboot", extra: 1 } }],
      ["POST", "/os-emulator/faults", { fault: { action: "reboot", server_id: 7 } }],
      ["PUT", "/os-emulator/settings", { boot_seconds: 1 }],
      ["PUT", "/os-emulator/settings", { settings: { boot_seconds: -1 } }],
      ["PUT", "/os-emulator/settings", { settings: { boot_seconds: "1" } }],
      ["PUT", "/os-emulator/settings", { settings: { boot_seconds: true } }],
      ["PUT", "/os-emulator/settings", { settings: { boot_seconds: 1e300 } }],
      ["PUT", "/os-emulator/settings", { settings: { reclaim_seconds: 1 } }],
      ["POST", "/os-emulator/clock", {}],
      ["POST", "/os-emulator/clock", { advance: -5 }],
      ["POST", "/os-emulator/clock", { advance: "5" }],
      ["POST", "/os-emulator/clock", { advance: 5, server_id: "" }],
      ["POST", "/os-emulator/clock", [1]],
    ];
    for (const [method, path, json] of bad) {
      const res = await h.json(path, { as: "admin", method, json });
      assert.equal(res.status, 400, `${method} ${path} ${JSON.stringify(json)}: ${res.text}`);
      assert.ok(res.body.badRequest.message, res.text);
    }
    const notJson = await h.json("/os-emulator/clock", { as: "admin", method: "POST", body: "{" });
    assert.ok(notJson.status >= 400 && notJson.status < 500, notJson.text);
    const missing = crypto.randomUUID();
    for (
      const [method, path, json] of [
        ["POST", "/os-emulator/faults", { fault: { action: "stop", server_id: missing } }],
        ["POST", "/os-emulator/clock", { advance: 1, server_id: missing }],
        ["GET", `/os-emulator/servers/${missing}/settings`, undefined],
        ["PUT", `/os-emulator/servers/${missing}/settings`, { settings: { action_seconds: 1 } }],
      ] as const
    ) {
      const res = await h.json(path, { as: "admin", method, json });
      assert.equal(res.status, 404, `${method} ${path}: ${res.text}`);
      assert.equal(faultMessage(res.body), `Instance ${missing} could not be found.`);
    }
  } finally {
    await h.close();
  }
});

Deno.test("faults: arm (201), list oldest first, show, disarm (204), then 404", async () => {
  const h = await startEmulator();
  try {
    const id = await createServer(h);
    const first = await h.json("/os-emulator/faults", {
      as: "admin",
      json: { fault: { action: "reboot" } },
    });
    assert.equal(first.status, 201, first.text);
    const armed = first.body.fault;
    assert.match(armed.id, /^[0-9a-f-]{36}$/);
    assert.deepEqual({ ...armed, id: undefined, created_at: undefined }, {
      id: undefined,
      action: "reboot",
      server_id: null,
      count: 1,
      mode: "error",
      message: null,
      created_at: undefined,
    });
    const second = await h.json("/os-emulator/faults", {
      as: "admin",
      json: {
        fault: { action: "stop", server_id: id, count: 3, mode: "rollback", message: "disk" },
      },
    });
    assert.equal(second.status, 201, second.text);
    const list = await h.json("/os-emulator/faults", { as: "admin" });
    assert.deepEqual(list.body.faults.map((f: { id: string }) => f.id), [
      armed.id,
      second.body.fault.id,
    ]);
    assert.deepEqual(list.body.faults[1], second.body.fault);
    const shown = await h.json(`/os-emulator/faults/${armed.id}`, { as: "admin" });
    assert.deepEqual(shown.body, { fault: armed });
    const gone = await h.fetch(`/os-emulator/faults/${armed.id}`, { method: "DELETE" });
    assert.equal(gone.status, 204);
    assert.equal(await gone.text(), "");
    for (const method of ["GET", "DELETE"]) {
      const again = await h.json(`/os-emulator/faults/${armed.id}`, { as: "admin", method });
      assert.equal(again.status, 404, again.text);
      assert.equal(faultMessage(again.body), `Fault ${armed.id} could not be found.`);
    }
    const left = await h.json("/os-emulator/faults", { as: "admin" });
    assert.deepEqual(left.body.faults, [second.body.fault]);
  } finally {
    await h.close();
  }
});

Deno.test("settings: a number sets a delay, null clears it, an absent one stays", async () => {
  const h = await startEmulator();
  try {
    const put = (settings: unknown, path = "/os-emulator/settings") =>
      h.json(path, { as: "admin", method: "PUT", json: { settings } });
    let res = await put({ boot_seconds: 5, action_seconds: 0.5 });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.settings, {
      boot_seconds: 5,
      delete_seconds: null,
      action_seconds: 0.5,
    });
    res = await put({ boot_seconds: null, delete_seconds: 2 });
    assert.deepEqual(res.body.settings, {
      boot_seconds: null,
      delete_seconds: 2,
      action_seconds: 0.5,
    });
    assert.deepEqual((await h.json("/os-emulator/settings", { as: "admin" })).body, res.body);
    const id = await createServer(h);
    const own = `/os-emulator/servers/${id}/settings`;
    res = await put({ action_seconds: 60 }, own);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual((await h.json(own, { as: "admin" })).body.settings, {
      boot_seconds: null,
      delete_seconds: null,
      action_seconds: 60,
    });
  } finally {
    await h.close();
  }
});
