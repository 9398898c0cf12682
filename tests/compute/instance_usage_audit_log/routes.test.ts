/**
 * `/os-instance_usage_audit_log` over real HTTP: the last completed audit period before now or a
 * given time, every compute service reported as not run (no audit task runs here), admin only,
 * 400 for a bad timestamp.
 */
import assert from "node:assert/strict";
import { faultMessage, startCompute } from "../../support/compute.ts";

const NOT_RUN = {
  hosts_not_run: ["compute-1", "compute-2"],
  log: {},
  num_hosts: 2,
  num_hosts_done: 0,
  num_hosts_not_run: 2,
  num_hosts_running: 0,
  overall_status: "0 of 2 hosts done. 0 errors.",
  total_errors: 0,
  total_instances: 0,
};

/**
 * Nova's response schema wants `hosts_not_run` to be uuids (its functional tests name hosts so),
 * but the list holds host names: with real host names the responses are only warned about.
 */
const WARN = { api: { response_validation: "warn" } };

Deno.test("audit log: the month before now, and before a given time; no host has run", async () => {
  const h = await startCompute({ config: WARN });
  try {
    h.runtime.instances.clock = () => new Date(Date.UTC(2026, 0, 15, 12));
    const index = await h.json("/os-instance_usage_audit_log");
    assert.equal(index.status, 200, index.text);
    assert.deepEqual(index.body, {
      instance_usage_audit_logs: {
        ...NOT_RUN,
        period_beginning: "2025-12-01 00:00:00",
        period_ending: "2026-01-01 00:00:00",
      },
    });
    const show = async (ts: string) => {
      const res = await h.json(`/os-instance_usage_audit_log/${encodeURIComponent(ts)}`);
      assert.equal(res.status, 200, res.text);
      const log = res.body.instance_usage_audit_log;
      return [log.period_beginning, log.period_ending];
    };
    assert.deepEqual(await show("2012-07-15 00:00:00"), [
      "2012-06-01 00:00:00",
      "2012-07-01 00:00:00",
    ]);
    // A period ends before the time asked about: the first of the month itself is still May's.
    assert.deepEqual(await show("2012-07-01 00:00:00"), [
      "2012-05-01 00:00:00",
      "2012-06-01 00:00:00",
    ]);
    assert.deepEqual(await show("2012-07-01 00:00:00.000001"), [
      "2012-06-01 00:00:00",
      "2012-07-01 00:00:00",
    ]);
    assert.deepEqual(await show("2012-01-10 10:00:00"), [
      "2011-12-01 00:00:00",
      "2012-01-01 00:00:00",
    ]);
    const full = await h.json(`/os-instance_usage_audit_log/2012-07-15%2000:00:00`);
    assert.deepEqual(Object.keys(full.body), ["instance_usage_audit_log"]);
    assert.deepEqual({
      ...full.body.instance_usage_audit_log,
      period_beginning: 0,
      period_ending: 0,
    }, {
      ...NOT_RUN,
      period_beginning: 0,
      period_ending: 0,
    });
  } finally {
    await h.close();
  }
});

Deno.test("audit log: the configured period and offset; disabled hosts count, deleted ones do not", async () => {
  const h = await startCompute({
    config: { ...WARN, DEFAULT: { instance_usage_audit_period: "day@6" } },
  });
  try {
    const show = async (ts: string) => {
      const res = await h.json(`/os-instance_usage_audit_log/${encodeURIComponent(ts)}`);
      assert.equal(res.status, 200, res.text);
      return res.body.instance_usage_audit_log;
    };
    const log = await show("2012-07-15 05:00:00");
    assert.deepEqual([log.period_beginning, log.period_ending], [
      "2012-07-13 06:00:00",
      "2012-07-14 06:00:00",
    ]);
    const disable = await h.json("/os-services/disable", {
      method: "PUT",
      json: { host: "compute-1", binary: "nova-compute" },
    });
    assert.equal(disable.status, 200, disable.text);
    assert.equal((await show("2012-07-15 07:00:00")).num_hosts, 2);
    const del = await h.fetch("/os-services/4", { method: "DELETE" });
    assert.equal(del.status, 204);
    await del.body?.cancel();
    const after = await show("2012-07-15 07:00:00");
    assert.deepEqual(after.hosts_not_run, ["compute-1"]);
    assert.equal(after.overall_status, "0 of 1 hosts done. 0 errors.");
  } finally {
    await h.close();
  }
});

Deno.test("audit log: admin only; a bad timestamp is a 400 naming it; 2.102 refuses unknown parameters", async () => {
  const h = await startCompute({ config: WARN });
  try {
    for (
      const path of [
        "/os-instance_usage_audit_log",
        "/os-instance_usage_audit_log/2012-07-15 00:00:00",
      ]
    ) {
      const res = await h.json(path.replace(" ", "%20"), { as: "member" });
      assert.equal(res.status, 403);
      const rule = path.includes("2012") ? "show" : "list";
      assert.equal(
        faultMessage(res.body),
        `Policy doesn't allow os_compute_api:os-instance-usage-audit-log:${rule} to be performed.`,
      );
    }
    for (
      const ts of [
        "junk",
        "2012-07-15",
        "2012-07-15T00:00:00",
        "2012-02-30 00:00:00",
        "2012-07-15 00:00:00.",
        "2012-07-15 00:00:00.1234567",
        "0001-01-01 00:00:00",
      ]
    ) {
      const res = await h.json(`/os-instance_usage_audit_log/${encodeURIComponent(ts)}`);
      assert.equal(res.status, 400, `${ts}: ${res.text}`);
      assert.equal(faultMessage(res.body), `Invalid timestamp for date ${ts}`);
    }
    assert.equal(
      (await h.json("/os-instance_usage_audit_log?x=1", { version: "2.101" })).status,
      200,
    );
    assert.equal(
      (await h.json("/os-instance_usage_audit_log?x=1", { version: "2.102" })).status,
      400,
    );
  } finally {
    await h.close();
  }
});
