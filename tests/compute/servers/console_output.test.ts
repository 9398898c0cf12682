/**
 * `os-getConsoleOutput` over real HTTP: the sample's shape, `length` in its three spellings and
 * Nova's tail semantics, the log growing with the server's timeline on a test clock and standing
 * still once the server stops, Nova's 400s, 404s and 409s, and the policy per role.
 */
import assert from "node:assert/strict";
import { faultMessage, type Harness, type Persona } from "../../support/compute.ts";
import { assertMatchesSample, sample } from "../../support/samples.ts";
import { createServer, start } from "./_support.ts";
import { useTestClock } from "./_clock.ts";

function output(h: Harness, id: string, body: unknown, as: Persona = "member", version = "2.1") {
  return h.json(`/servers/${id}/action`, { as, version, json: { "os-getConsoleOutput": body } });
}

async function log(h: Harness, id: string, body: unknown = {}): Promise<string> {
  const res = await output(h, id, body);
  assert.equal(res.status, 200, res.text);
  return res.body.output;
}

Deno.test("console output: the sample's request and response shape; hostname and address in the log", async () => {
  const h = await start();
  try {
    const clock = useTestClock(h);
    const id = await createServer(h);
    clock.advance(60);
    const req = (await sample("os-console-output/console-output-post-req.json")) as {
      "os-getConsoleOutput": unknown;
    };
    const res = await output(h, id, req["os-getConsoleOutput"]);
    assert.equal(res.status, 200, res.text);
    await assertMatchesSample(res.body, "os-console-output/console-output-post-resp.json");
    const full = await log(h, id);
    const server = (await h.json(`/servers/${id}`, { as: "member" })).body.server;
    const ip = server.addresses.private[0].addr;
    const mac = server.addresses.private[0]["OS-EXT-IPS-MAC:mac_addr"];
    assert.match(full, /^\[ {4}0\.000000\] Linux version/);
    assert.ok(full.includes(`| eth0   | True | ${ip.padEnd(28)} | 255.255.255.0 `), full);
    assert.ok(full.includes(mac), full);
    assert.ok(full.includes("root@vm1 (ED25519)"), full);
    assert.ok(full.endsWith("vm1 login: "), full);
    assert.equal(full.split("\n").length > 30, true);
  } finally {
    await h.close();
  }
});

Deno.test("console output: length as integer, digit string, null, 0 and -1 (Nova's tail)", async () => {
  const h = await start();
  try {
    const clock = useTestClock(h);
    const id = await createServer(h);
    clock.advance(60);
    const lines = (await log(h, id)).split("\n");
    assert.equal(await log(h, id, { length: null }), lines.join("\n"));
    assert.equal(await log(h, id, { length: 3 }), lines.slice(-3).join("\n"));
    assert.equal(await log(h, id, { length: "3" }), lines.slice(-3).join("\n"));
    assert.equal(await log(h, id, { length: "003" }), lines.slice(-3).join("\n"));
    assert.equal(await log(h, id, { length: 0 }), "");
    assert.equal(await log(h, id, { length: "0" }), "");
    // Nova's lines[-length:]: -1 drops the first line.
    assert.equal(await log(h, id, { length: -1 }), lines.slice(1).join("\n"));
    assert.equal(await log(h, id, { length: "-1" }), lines.slice(1).join("\n"));
    assert.equal(await log(h, id, { length: 100000 }), lines.join("\n"));
    assert.equal(await log(h, id, { length: "99999999999999999999" }), lines.join("\n"));
  } finally {
    await h.close();
  }
});

Deno.test("console output: bad bodies are 400", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    for (
      const body of [
        { length: -2 },
        { length: "-2" },
        { length: "abc" },
        { length: "1.5" },
        { length: 1.5 },
        { length: true },
        { length: [] },
        { bogus: 1 },
        null,
        "x",
      ]
    ) {
      const res = await output(h, id, body);
      assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
      assert.ok(res.body.badRequest, res.text);
    }
    const none = await h.json(`/servers/${id}/action`, { as: "member", json: {} });
    assert.equal(none.status, 400, none.text);
  } finally {
    await h.close();
  }
});

Deno.test("console output grows with the timeline and stands still once the server stops", async () => {
  const h = await start({ deno: { fake_boot_seconds: 8 }, virt: { fake_delete_seconds: 0 } });
  try {
    const clock = useTestClock(h);
    const id = await createServer(h);
    // Building: the host has no domain yet, which Nova's API answers as the instance not found.
    const building = await output(h, id, {});
    assert.equal(building.status, 404, building.text);
    assert.equal(faultMessage(building.body), `Instance ${id} could not be found.`);
    clock.advance(8);
    const launched = await log(h, id);
    assert.match(launched, /Linux version/);
    assert.doesNotMatch(launched, /Memory:/);
    clock.advance(2);
    const early = await log(h, id);
    assert.ok(early.startsWith(launched), "the log only grows");
    assert.match(early, /Run \/sbin\/init/);
    assert.doesNotMatch(early, /Cloud-init/);
    clock.advance(3.5);
    const middle = await log(h, id);
    assert.ok(middle.startsWith(early), "the log only grows");
    assert.match(middle, /running 'init-local'/);
    assert.doesNotMatch(middle, /login: $/);
    clock.advance(10);
    const booted = await log(h, id);
    assert.ok(booted.startsWith(middle));
    assert.match(booted, /vm1 login: $/);

    const stop = await h.json(`/servers/${id}/action`, { as: "member", json: { "os-stop": null } });
    assert.equal(stop.status, 202, stop.text);
    clock.advance(60);
    const stopped = await log(h, id);
    assert.equal(stopped, booted);
    clock.advance(3600);
    assert.equal(await log(h, id), stopped);
  } finally {
    await h.close();
  }
});

Deno.test("console output: a shelved-offloaded server has no host (409 not ready)", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const shelve = await h.json(`/servers/${id}/action`, { as: "member", json: { shelve: null } });
    assert.equal(shelve.status, 202, shelve.text);
    const res = await output(h, id, {});
    assert.equal(res.status, 409, res.text);
    assert.equal(faultMessage(res.body), `Instance ${id} is not ready`);
  } finally {
    await h.close();
  }
});

Deno.test("console output policy: members and admins; a reader 403; another project 404", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    for (const as of ["member", "member2", "admin"] as const) {
      const res = await output(h, id, {}, as);
      assert.equal(res.status, 200, `${as}: ${res.text}`);
    }
    const reader = await output(h, id, {}, "reader");
    assert.equal(reader.status, 403, reader.text);
    const other = await output(h, id, {}, "other");
    assert.equal(other.status, 404, other.text);
    const missing = await output(h, "6a1e5ef2-7d39-4d1c-9a1c-000000000000", {});
    assert.equal(missing.status, 404, missing.text);
    // The action has no microversion bounds.
    const latest = await output(h, id, { length: 1 }, "member", "2.104");
    assert.equal(latest.status, 200, latest.text);
  } finally {
    await h.close();
  }
});
