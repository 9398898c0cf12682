/**
 * `/os-services` over real HTTP: the list at each microversion boundary (integer ids, 2.11
 * `forced_down`, 2.53 uuids, 2.75 strict query) against Nova's samples, the filters, the
 * pre-2.53 actions and the 2.53 update with Nova's 400s and 404s, delete with its 409, and the
 * admin-only policy.
 */
import assert from "node:assert/strict";
import { MAX_API_VERSION } from "../../../lib/compute/api_version.ts";
import { serviceUuid } from "../../../lib/virt/service_ids.ts";
import { faultMessage, type Harness, startCompute } from "../../support/compute.ts";
import { assertMatchesSample, sample } from "../../support/samples.ts";
import { createServer, INSTANT } from "../servers/_support.ts";

const CONFIG = { ...INSTANT, DEFAULT: { host: "controller" } };
const NULLABLE = { nullable: ["description", "disabled_reason"] };

function start(): Promise<Harness> {
  return startCompute({ seedFlavors: true, config: CONFIG });
}

// deno-lint-ignore no-explicit-any
async function list(h: Harness, version: string, query = ""): Promise<any[]> {
  const res = await h.json(`/os-services${query}`, { version });
  assert.equal(res.status, 200, res.text);
  return res.body.services;
}

function put(h: Harness, id: string, body: unknown, version: string) {
  return h.json(`/os-services/${id}`, { method: "PUT", json: body, version });
}

Deno.test("os-services: the list at 2.1, 2.11, 2.53 and 2.69 has the samples' shapes", async () => {
  const h = await start();
  try {
    const v21 = await list(h, "2.1");
    assert.deepEqual(v21.map((s) => [s.id, s.binary, s.host, s.zone]), [
      [1, "nova-conductor", "controller", "internal"],
      [2, "nova-scheduler", "controller", "internal"],
      [3, "nova-compute", "compute-1", "nova"],
      [4, "nova-compute", "compute-2", "nova"],
    ]);
    assert.ok(v21.every((s) => s.state === "up" && s.status === "enabled"));
    assert.match(v21[0].updated_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    await assertMatchesSample(
      { services: v21 },
      "os-services/services-list-get-resp.json",
      NULLABLE,
    );
    assert.equal("forced_down" in (await list(h, "2.10"))[0], false);
    const v211 = await list(h, "2.11");
    assert.equal(v211[2].forced_down, false);
    await assertMatchesSample(
      { services: v211 },
      "os-services/v2.11/services-list-get-resp.json",
      NULLABLE,
    );
    assert.equal(typeof (await list(h, "2.52"))[0].id, "number");
    const v253 = await list(h, "2.53");
    assert.equal(v253[2].id, await serviceUuid("nova-compute", "compute-1"));
    await assertMatchesSample(
      { services: v253 },
      "os-services/v2.53/services-list-get-resp.json",
      NULLABLE,
    );
    // 2.69's sample shows a service of a down cell (host, binary, status): no cell is ever
    // down here, so the latest version shows the 2.53 shape.
    await assertMatchesSample(
      { services: await list(h, MAX_API_VERSION) },
      "os-services/v2.53/services-list-get-resp.json",
      NULLABLE,
    );
  } finally {
    await h.close();
  }
});

Deno.test("os-services: host and binary filter; 2.75 refuses other query parameters", async () => {
  const h = await start();
  try {
    assert.deepEqual((await list(h, "2.1", "?host=compute-2")).map((s) => s.id), [4]);
    assert.deepEqual((await list(h, "2.1", "?binary=nova-compute")).map((s) => s.id), [3, 4]);
    assert.deepEqual((await list(h, "2.1", "?host=controller&binary=nova-scheduler")).length, 1);
    assert.deepEqual(await list(h, "2.1", "?host=nowhere"), []);
    assert.equal((await list(h, "2.74", "?other=1")).length, 4);
    assert.equal((await h.json("/os-services?other=1", { version: "2.75" })).status, 400);
  } finally {
    await h.close();
  }
});

Deno.test("os-services: only admins list, update and delete", async () => {
  const h = await start();
  try {
    for (const as of ["member", "reader", "manager"] as const) {
      const listed = await h.json("/os-services", { as });
      assert.equal(listed.status, 403, listed.text);
      assert.equal(
        faultMessage(listed.body),
        "Policy doesn't allow os_compute_api:os-services:list to be performed.",
      );
      const body = { host: "compute-1", binary: "nova-compute" };
      const updated = await h.json("/os-services/disable", { as, method: "PUT", json: body });
      assert.equal(updated.status, 403, updated.text);
      const uuid = await serviceUuid("nova-compute", "compute-1");
      const v253 = await h.json(`/os-services/${uuid}`, {
        as,
        method: "PUT",
        json: { status: "disabled" },
        version: "2.53",
      });
      assert.equal(v253.status, 403, v253.text);
      assert.equal((await h.json("/os-services/3", { as, method: "DELETE" })).status, 403);
    }
  } finally {
    await h.close();
  }
});

Deno.test("os-services: the pre-2.53 actions answer as Nova's samples", async () => {
  const h = await start();
  try {
    // The samples name Nova's test host; the request goes to a simulated one.
    const on = async (path: string): Promise<Record<string, unknown>> => ({
      ...(await sample(path) as Record<string, unknown>),
      host: "compute-1",
    });
    const disable = await put(
      h,
      "disable",
      await on("os-services/service-disable-put-req.json"),
      "2.1",
    );
    assert.equal(disable.status, 200, disable.text);
    await assertMatchesSample(disable.body, "os-services/service-disable-put-resp.json");
    let c1 = (await list(h, "2.1", "?host=compute-1"))[0];
    assert.deepEqual([c1.status, c1.disabled_reason], ["disabled", null]);
    const logReq = await on("os-services/service-disable-log-put-req.json");
    const withReason = await put(h, "disable-log-reason", logReq, "2.1");
    assert.equal(withReason.status, 200, withReason.text);
    await assertMatchesSample(withReason.body, "os-services/service-disable-log-put-resp.json");
    assert.deepEqual(withReason.body, {
      service: {
        host: "compute-1",
        binary: "nova-compute",
        status: "disabled",
        disabled_reason: logReq.disabled_reason,
      },
    });
    c1 = (await list(h, "2.1", "?host=compute-1"))[0];
    assert.deepEqual([c1.status, c1.disabled_reason], ["disabled", logReq.disabled_reason]);
    const enable = await put(
      h,
      "enable",
      await on("os-services/service-enable-put-req.json"),
      "2.1",
    );
    await assertMatchesSample(enable.body, "os-services/service-enable-put-resp.json");
    assert.deepEqual(enable.body, {
      service: { host: "compute-1", binary: "nova-compute", status: "enabled" },
    });
    c1 = (await list(h, "2.1", "?host=compute-1"))[0];
    assert.deepEqual([c1.status, c1.disabled_reason], ["enabled", null]);
  } finally {
    await h.close();
  }
});

Deno.test("os-services: the pre-2.53 actions refuse what Nova refuses", async () => {
  const h = await start();
  try {
    const body = { host: "compute-1", binary: "nova-compute" };
    const cases: [string, unknown, string, number, string?][] = [
      ["disable-log-reason", body, "2.1", 400, "Missing disabled reason field"],
      [
        "disable",
        { ...body, binary: "nova-scheduler", host: "controller" },
        "2.1",
        400,
        "Updating a nova-scheduler service is not supported. Only nova-compute services can be " +
        "updated.",
      ],
      [
        "disable",
        { ...body, host: "nowhere" },
        "2.1",
        404,
        "Host 'nowhere' is not mapped to any cell",
      ],
      ["reboot", body, "2.1", 404, "Unknown action"],
      ["force-down", body, "2.10", 404, "Unknown action"],
      ["force-down", { ...body, forced_down: true }, "2.10", 400],
      ["force-down", body, "2.11", 400, "Missing forced_down field"],
      ["disable", { host: "compute-1" }, "2.1", 400],
      ["disable", { ...body, host: "bad host" }, "2.1", 400],
    ];
    for (const [action, b, version, status, message] of cases) {
      const res = await put(h, action, b, version);
      assert.equal(res.status, status, `${action} ${version}: ${res.text}`);
      if (message) assert.equal(faultMessage(res.body), message);
    }
  } finally {
    await h.close();
  }
});

Deno.test("os-services: force-down (2.11) takes a service down and back up", async () => {
  const h = await start();
  try {
    const req = await sample("os-services/v2.11/service-force-down-put-req.json") as Record<
      string,
      unknown
    >;
    const body = { ...req, host: "compute-2" };
    const res = await put(h, "force-down", body, "2.11");
    assert.equal(res.status, 200, res.text);
    await assertMatchesSample(res.body, "os-services/v2.11/service-force-down-put-resp.json");
    assert.deepEqual(res.body, {
      service: { host: "compute-2", binary: "nova-compute", forced_down: true },
    });
    let c2 = (await list(h, "2.52", "?host=compute-2"))[0];
    assert.deepEqual([c2.state, c2.forced_down, c2.status], ["down", true, "enabled"]);
    const up = await put(h, "force-down", { ...body, forced_down: "no" }, "2.52");
    assert.equal(up.body.service.forced_down, false);
    c2 = (await list(h, "2.52", "?host=compute-2"))[0];
    assert.deepEqual([c2.state, c2.forced_down], ["up", false]);
  } finally {
    await h.close();
  }
});

Deno.test("os-services: 2.53 updates a compute service by uuid", async () => {
  const h = await start();
  try {
    const uuid = await serviceUuid("nova-compute", "compute-1");
    const disabled = await put(
      h,
      uuid,
      await sample("os-services/v2.53/service-disable-log-put-req.json"),
      "2.53",
    );
    assert.equal(disabled.status, 200, disabled.text);
    await assertMatchesSample(disabled.body, "os-services/v2.53/service-disable-log-put-resp.json");
    assert.equal(disabled.body.service.id, uuid);
    assert.equal(disabled.body.service.status, "disabled");
    const down = await put(h, uuid, { forced_down: true }, "2.53");
    await assertMatchesSample(down.body, "os-services/v2.53/service-force-down-put-resp.json");
    assert.deepEqual([down.body.service.state, down.body.service.forced_down], ["down", true]);
    const both = await put(
      h,
      uuid.toUpperCase(),
      { status: "enabled", forced_down: false },
      MAX_API_VERSION,
    );
    assert.equal(both.status, 200, both.text);
    assert.deepEqual(
      [both.body.service.status, both.body.service.state, both.body.service.disabled_reason],
      ["enabled", "up", null],
    );
    const plain = await put(h, uuid, { status: "disabled" }, "2.53");
    assert.equal(plain.body.service.disabled_reason, null);
    await assertMatchesSample(
      plain.body,
      "os-services/v2.53/service-disable-put-resp.json",
      NULLABLE,
    );
    const scheduler = await serviceUuid("nova-scheduler", "controller");
    const cases: [string, unknown, number, string?][] = [
      ["not-a-uuid", { status: "enabled" }, 400, "Invalid uuid not-a-uuid"],
      [
        "7d8f2a5c-0b1e-4c3d-9a6f-1e2d3c4b5a69",
        { status: "enabled" },
        404,
        "Service 7d8f2a5c-0b1e-4c3d-9a6f-1e2d3c4b5a69 could not be found.",
      ],
      [
        scheduler,
        { status: "disabled" },
        400,
        "Updating a nova-scheduler service is not supported. Only nova-compute services can be " +
        "updated.",
      ],
      [
        uuid,
        { status: "enabled", disabled_reason: "x" },
        400,
        "Specifying 'disabled_reason' with status 'enabled' is invalid.",
      ],
      [
        uuid,
        {},
        400,
        "No updates were requested. Fields 'status' or 'forced_down' should be specified.",
      ],
      [
        uuid,
        { disabled_reason: "x" },
        400,
        "No updates were requested. Fields 'status' or 'forced_down' should be specified.",
      ],
      [uuid, { host: "compute-1", binary: "nova-compute" }, 400],
      [uuid, { forced_down: "maybe" }, 400],
    ];
    for (const [id, body, status, message] of cases) {
      const res = await put(h, id, body, "2.53");
      assert.equal(res.status, status, `${id} ${JSON.stringify(body)}: ${res.text}`);
      if (message) assert.equal(faultMessage(res.body), message);
    }
  } finally {
    await h.close();
  }
});

Deno.test("os-services: delete by id (integer below 2.53, uuid from it), 409 with instances", async () => {
  const h = await start();
  try {
    const del = (id: string, version: string) =>
      h.json(`/os-services/${id}`, { method: "DELETE", version });
    const cases: [string, string, number, string][] = [
      ["abc", "2.52", 400, "Invalid input received: id must be an integer"],
      ["99", "2.52", 404, "Service 99 not found."],
      ["3", "2.53", 400, "Invalid uuid 3"],
    ];
    for (const [id, version, status, message] of cases) {
      const res = await del(id, version);
      assert.equal(res.status, status, res.text);
      assert.equal(faultMessage(res.body), message);
    }
    await createServer(h, "member");
    const busy = await del("3", "2.1");
    assert.equal(busy.status, 409, busy.text);
    assert.equal(
      faultMessage(busy.body),
      "Unable to delete compute service that is hosting instances. Migrate or delete the " +
        "instances first.",
    );
    const gone = await del(await serviceUuid("nova-compute", "compute-2"), "2.53");
    assert.equal(gone.status, 204, gone.text);
    assert.equal(gone.text, "");
    assert.deepEqual((await list(h, "2.1")).map((s) => s.id), [1, 2, 3]);
    assert.equal((await del("4", "2.1")).status, 404);
    assert.equal((await del("2", "2.1")).status, 204);
    assert.deepEqual((await list(h, "2.1")).map((s) => s.binary), [
      "nova-conductor",
      "nova-compute",
    ]);
  } finally {
    await h.close();
  }
});
