/**
 * `GET /os-console-auth-tokens/{token}` over real HTTP: tokens from `remote-consoles` resolve to
 * their connection (the samples' shapes, `tls_port` for spice-direct from 2.99), expire after
 * `[consoleauth] token_ttl` on a test clock, vanish with their server; below 2.31 a bare 400;
 * admin only; 2.99 refuses query parameters.
 */
import assert from "node:assert/strict";
import { faultMessage, type Harness, type Persona } from "../../support/compute.ts";
import { assertMatchesSample, sample } from "../../support/samples.ts";
import { createServer, start } from "../servers/_support.ts";
import { useTestClock } from "../servers/_clock.ts";

const BARE_400 = "The server could not comply with the request since it is either malformed or " +
  "otherwise incorrect.";
const NULLABLE = { nullable: ["internal_access_path"] };

/** Ask for a console and return its token (from the URL's `token` or noVNC's `path`). */
async function consoleToken(
  h: Harness,
  id: string,
  body: unknown,
  version = "2.6",
): Promise<string> {
  const res = await h.json(`/servers/${id}/remote-consoles`, { as: "member", version, json: body });
  assert.equal(res.status, 200, res.text);
  const url = new URL(res.body.remote_console.url);
  const token = url.searchParams.get("token") ??
    new URLSearchParams(url.searchParams.get("path")!.split("?")[1]).get("token");
  assert.ok(token, url.href);
  return token;
}

function show(h: Harness, token: string, version = "2.31", as: Persona = "admin", query = "") {
  return h.json(`/os-console-auth-tokens/${token}${query}`, { as, version });
}

Deno.test("console auth token: the 2.31 sample's shape for vnc and serial tokens", async () => {
  const h = await start({ serial_console: { enabled: true, port_range: "10000:10009" } });
  try {
    const id = await createServer(h);
    const vnc = await consoleToken(h, id, { remote_console: { protocol: "vnc", type: "novnc" } });
    const res = await show(h, vnc);
    assert.equal(res.status, 200, res.text);
    await assertMatchesSample(
      res.body,
      "os-console-auth-tokens/v2.31/get-console-connect-info-get-resp.json",
      NULLABLE,
    );
    assert.equal(res.body.console.instance_uuid, id);
    assert.equal(res.body.console.host, "127.0.0.1");
    assert.ok(res.body.console.port >= 5900, res.text);
    assert.equal(res.body.console.internal_access_path, null);
    // The same token at the newest microversion: no tls_port for a vnc console.
    const latest = await show(h, vnc, "2.104");
    assert.deepEqual(latest.body, res.body);

    const req = await sample("os-console-auth-tokens/v2.31/create-serial-console-req.json");
    const serial = await show(h, await consoleToken(h, id, req));
    assert.equal(serial.status, 200, serial.text);
    assert.ok(serial.body.console.port >= 10000 && serial.body.console.port <= 10009, serial.text);
  } finally {
    await h.close();
  }
});

Deno.test("console auth token: spice-direct shows tls_port from 2.99 (sample), not at 2.98", async () => {
  const h = await start({ spice: { enabled: true, server_proxyclient_address: "10.1.0.5" } });
  try {
    const id = await createServer(h);
    const req = await sample("os-console-auth-tokens/v2.99/create-spice-direct-console-req.json");
    const token = await consoleToken(h, id, req, "2.99");
    const res = await show(h, token, "2.99");
    assert.equal(res.status, 200, res.text);
    await assertMatchesSample(
      res.body,
      "os-console-auth-tokens/v2.99/get-console-connect-info-get-resp.json",
      NULLABLE,
    );
    assert.equal(res.body.console.host, "10.1.0.5");
    assert.equal(res.body.console.tls_port, res.body.console.port + 1);
    const older = await show(h, token, "2.98");
    assert.equal(older.status, 200, older.text);
    assert.equal("tls_port" in older.body.console, false);
    // An html5 spice token never shows tls_port.
    const html5 = await consoleToken(h, id, {
      remote_console: { protocol: "spice", type: "spice-html5" },
    });
    assert.equal("tls_port" in (await show(h, html5, "2.99")).body.console, false);
  } finally {
    await h.close();
  }
});

Deno.test("console auth token: below 2.31 a bare 400, for anyone and any token", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const token = await consoleToken(h, id, { remote_console: { protocol: "vnc", type: "novnc" } });
    for (const version of ["2.1", "2.30"]) {
      for (const as of ["admin", "member"] as const) {
        const res = await show(h, token, version, as);
        assert.equal(res.status, 400, res.text);
        assert.equal(faultMessage(res.body), BARE_400);
      }
      assert.equal((await show(h, "nope", version)).status, 400);
    }
  } finally {
    await h.close();
  }
});

Deno.test("console auth token: admin only; an unknown token 404 'Token not found'", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const token = await consoleToken(h, id, { remote_console: { protocol: "vnc", type: "novnc" } });
    for (const as of ["member", "reader", "manager", "other", "service"] as const) {
      assert.equal((await show(h, token, "2.31", as)).status, 403, as);
    }
    const unknown = await show(h, crypto.randomUUID());
    assert.equal(unknown.status, 404, unknown.text);
    assert.equal(faultMessage(unknown.body), "Token not found");
    assert.equal((await show(h, "x".repeat(3000))).status, 404);
  } finally {
    await h.close();
  }
});

Deno.test("console auth token: query parameters are ignored up to 2.98 and refused from 2.99", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const token = await consoleToken(h, id, { remote_console: { protocol: "vnc", type: "novnc" } });
    assert.equal((await show(h, token, "2.98", "admin", "?foo=1")).status, 200);
    assert.equal((await show(h, token, "2.99", "admin", "?foo=1")).status, 400);
    assert.equal((await show(h, token, "2.99")).status, 200);
  } finally {
    await h.close();
  }
});

Deno.test("console auth token expires after [consoleauth] token_ttl (test clock)", async () => {
  const h = await start({ consoleauth: { token_ttl: 30 } });
  try {
    const clock = useTestClock(h);
    const id = await createServer(h);
    const token = await consoleToken(h, id, { remote_console: { protocol: "vnc", type: "novnc" } });
    clock.advance(29);
    assert.equal((await show(h, token)).status, 200);
    clock.advance(1);
    const expired = await show(h, token);
    assert.equal(expired.status, 404, expired.text);
    assert.equal(faultMessage(expired.body), "Token not found");
  } finally {
    await h.close();
  }
  const zero = await start({ consoleauth: { token_ttl: 0 } });
  try {
    useTestClock(zero);
    const id = await createServer(zero);
    const token = await consoleToken(zero, id, {
      remote_console: { protocol: "vnc", type: "novnc" },
    });
    assert.equal((await show(zero, token)).status, 404);
  } finally {
    await zero.close();
  }
});

Deno.test("console auth token: a stopped server's VNC port is -1; tokens go with a deleted or offloaded server", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const stop = await h.json(`/servers/${id}/action`, { as: "member", json: { "os-stop": null } });
    assert.equal(stop.status, 202, stop.text);
    const stopped = await consoleToken(h, id, {
      remote_console: { protocol: "vnc", type: "novnc" },
    });
    assert.equal((await show(h, stopped)).body.console.port, -1);

    const shelve = await h.json(`/servers/${id}/action`, { as: "member", json: { shelve: null } });
    assert.equal(shelve.status, 202, shelve.text);
    assert.equal((await show(h, stopped)).status, 404);

    const other = await createServer(h);
    const token = await consoleToken(h, other, {
      remote_console: { protocol: "vnc", type: "novnc" },
    });
    assert.equal((await show(h, token)).status, 200);
    const del = await h.fetch(`/servers/${other}`, { as: "member", method: "DELETE" });
    await del.body?.cancel();
    assert.equal(del.status, 204);
    assert.equal((await show(h, token)).status, 404);
  } finally {
    await h.close();
  }
});
