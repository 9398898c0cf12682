/**
 * Remote consoles over real HTTP: the deprecated `os-get…Console` actions (2.1–2.5) and
 * `POST /servers/{id}/remote-consoles` (2.6, mks 2.8, spice-direct 2.99), their URLs built from
 * `[vnc]`, `[spice]`, `[serial_console]` and `[mks]`, every microversion boundary, Nova's 400s
 * (schema, disabled or mismatched console type, RDP), 404s, 409s and 501, and the policy per role.
 */
import assert from "node:assert/strict";
import { faultMessage, type Harness, type Persona, startCompute } from "../../support/compute.ts";
import { assertMatchesSample, sample } from "../../support/samples.ts";
import { createServer, INSTANT, serverBody, start } from "./_support.ts";

const MISSING = "6a1e5ef2-7d39-4d1c-9a1c-000000000000";
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
const ALL_ON = {
  spice: { enabled: true },
  serial_console: { enabled: true },
  mks: { enabled: true },
};

function act(h: Harness, id: string, body: unknown, version = "2.1", as: Persona = "member") {
  return h.json(`/servers/${id}/action`, { as, version, json: body });
}

function create(
  h: Harness,
  id: string,
  protocol: string,
  type: string,
  version = "2.6",
  as: Persona = "member",
) {
  return h.json(`/servers/${id}/remote-consoles`, {
    as,
    version,
    json: { remote_console: { protocol, type } },
  });
}

function expectFault(
  res: { status: number; text: string; body: unknown },
  status: number,
  msg?: string,
) {
  assert.equal(res.status, status, res.text);
  if (msg !== undefined) assert.equal(faultMessage(res.body), msg);
}

Deno.test("os-getVNCConsole: the sample's shapes, a noVNC URL with the token in `path`", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const req = await sample("os-remote-consoles/get-vnc-console-post-req.json");
    for (const version of ["2.1", "2.5"]) {
      const res = await act(h, id, req, version);
      assert.equal(res.status, 200, res.text);
      await assertMatchesSample(res.body, "os-remote-consoles/get-vnc-console-post-resp.json");
      assert.equal(res.body.console.type, "novnc");
      assert.match(
        res.body.console.url,
        new RegExp(
          `^http://127\\.0\\.0\\.1:6080/vnc_auto\\.html\\?path=%3Ftoken%3D${UUID.source}$`,
        ),
      );
    }
    expectFault(await act(h, id, req, "2.6"), 404, "The resource could not be found.");
  } finally {
    await h.close();
  }
});

Deno.test("noVNC URL: a base with its own query keeps it, and its `path` gets the token", async () => {
  const h = await start({
    vnc: { novncproxy_base_url: "https://vnc.example.com/vnc_lite.html?path=websockify&x=1" },
  });
  try {
    const id = await createServer(h);
    const res = await create(h, id, "vnc", "novnc");
    assert.equal(res.status, 200, res.text);
    assert.match(
      res.body.remote_console.url,
      new RegExp(
        `^https://vnc\\.example\\.com/vnc_lite\\.html\\?path=websockify%3Ftoken%3D${UUID.source}&x=1$`,
      ),
    );
  } finally {
    await h.close();
  }
});

Deno.test("os-getSPICEConsole and os-getSerialConsole: 400 while disabled, URLs when enabled", async () => {
  const off = await start();
  try {
    const id = await createServer(off);
    const spice = await sample("os-remote-consoles/get-spice-console-post-req.json");
    const serial = await sample("os-remote-consoles/get-serial-console-post-req.json");
    expectFault(await act(off, id, spice), 400, "Unavailable console type spice-html5.");
    expectFault(await act(off, id, serial), 400, "Unavailable console type serial.");
  } finally {
    await off.close();
  }
  const h = await start(ALL_ON);
  try {
    const id = await createServer(h);
    const spice = await act(
      h,
      id,
      await sample("os-remote-consoles/get-spice-console-post-req.json"),
    );
    assert.equal(spice.status, 200, spice.text);
    await assertMatchesSample(spice.body, "os-remote-consoles/get-spice-console-post-resp.json");
    assert.match(spice.body.console.url, /^http:\/\/127\.0\.0\.1:6082\/spice_auto\.html\?token=/);
    const serial = await act(
      h,
      id,
      await sample("os-remote-consoles/get-serial-console-post-req.json"),
      "2.5",
    );
    assert.equal(serial.status, 200, serial.text);
    await assertMatchesSample(serial.body, "os-remote-consoles/get-serial-console-post-resp.json");
    assert.match(
      serial.body.console.url,
      new RegExp(`^ws://127\\.0\\.0\\.1:6083/\\?token=${UUID.source}$`),
    );
    for (const action of ["os-getSPICEConsole", "os-getSerialConsole"]) {
      const type = action === "os-getSPICEConsole" ? "spice-html5" : "serial";
      expectFault(await act(h, id, { [action]: { type } }, "2.6"), 404);
    }
  } finally {
    await h.close();
  }
});

Deno.test("console actions: schema 400s and xvpvnc's 400", async () => {
  const h = await start(ALL_ON);
  try {
    const id = await createServer(h);
    for (
      const body of [
        { "os-getVNCConsole": { type: "spice-html5" } },
        { "os-getVNCConsole": {} },
        { "os-getVNCConsole": { type: "novnc", extra: 1 } },
        { "os-getVNCConsole": null },
        { "os-getSPICEConsole": { type: "novnc" } },
        { "os-getSerialConsole": { type: "novnc" } },
      ]
    ) {
      const res = await act(h, id, body);
      assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
    }
    expectFault(
      await act(h, id, { "os-getVNCConsole": { type: "xvpvnc" } }),
      400,
      "Invalid console type xvpvnc",
    );
  } finally {
    await h.close();
  }
});

Deno.test("os-getRDPConsole: removed with Hyper-V, a bare 400 for any body and server to 2.5", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const req = await sample("os-remote-consoles/get-rdp-console-post-req.json");
    for (const [server, body] of [[id, req], [MISSING, { "os-getRDPConsole": 42 }]] as const) {
      expectFault(
        await act(h, server, body, "2.5", "reader"),
        400,
        "The server could not comply with the request since it is either malformed or " +
          "otherwise incorrect.",
      );
    }
    expectFault(await act(h, id, req, "2.6"), 404);
  } finally {
    await h.close();
  }
});

Deno.test("console actions policy: checked before the lookup; another project's server 404", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const body = { "os-getVNCConsole": { type: "novnc" } };
    expectFault(await act(h, id, body, "2.1", "reader"), 403);
    expectFault(await act(h, MISSING, body, "2.1", "reader"), 403);
    expectFault(await act(h, id, body, "2.1", "other"), 404, `Instance ${id} could not be found.`);
    expectFault(await act(h, MISSING, body), 404, `Instance ${MISSING} could not be found.`);
    for (const as of ["member2", "admin"] as const) {
      const res = await act(h, id, body, "2.1", as);
      assert.equal(res.status, 200, `${as}: ${res.text}`);
    }
  } finally {
    await h.close();
  }
});

Deno.test("remote-consoles: 2.6 vnc (sample), 404 below 2.6, schema per microversion", async () => {
  const h = await start(ALL_ON);
  try {
    const id = await createServer(h);
    const req = await sample("os-remote-consoles/v2.6/create-vnc-console-req.json");
    const res = await h.json(`/servers/${id}/remote-consoles`, {
      as: "member",
      version: "2.6",
      json: req,
    });
    assert.equal(res.status, 200, res.text);
    await assertMatchesSample(res.body, "os-remote-consoles/v2.6/create-vnc-console-resp.json");
    assert.deepEqual([res.body.remote_console.protocol, res.body.remote_console.type], [
      "vnc",
      "novnc",
    ]);
    expectFault(await create(h, id, "vnc", "novnc", "2.5"), 404);
    // mks and webmks from 2.8, spice-direct from 2.99.
    assert.equal((await create(h, id, "mks", "webmks", "2.7")).status, 400);
    assert.equal((await create(h, id, "vnc", "webmks", "2.7")).status, 400);
    assert.equal((await create(h, id, "spice", "spice-direct", "2.98")).status, 400);
    for (
      const body of [
        { remote_console: { protocol: "vnc" } },
        { remote_console: { type: "novnc" } },
        { remote_console: { protocol: "vnc", type: "novnc", extra: 1 } },
        { remote_console: { protocol: "telnet", type: "novnc" } },
        { remote_console: null },
        {},
      ]
    ) {
      const bad = await h.json(`/servers/${id}/remote-consoles`, {
        as: "member",
        version: "2.6",
        json: body,
      });
      assert.equal(bad.status, 400, `${JSON.stringify(body)}: ${bad.text}`);
    }
  } finally {
    await h.close();
  }
});

Deno.test("remote-consoles: spice, serial, spice-direct (2.99) URLs; mks 501 when enabled", async () => {
  const h = await start(ALL_ON);
  try {
    const id = await createServer(h);
    const spice = await create(h, id, "spice", "spice-html5");
    assert.equal(spice.status, 200, spice.text);
    assert.match(
      spice.body.remote_console.url,
      /^http:\/\/127\.0\.0\.1:6082\/spice_auto\.html\?token=/,
    );
    const serial = await create(h, id, "serial", "serial");
    assert.equal(serial.status, 200, serial.text);
    assert.match(serial.body.remote_console.url, /^ws:\/\/127\.0\.0\.1:6083\/\?token=/);
    const direct = await create(h, id, "spice", "spice-direct", "2.99");
    assert.equal(direct.status, 200, direct.text);
    await assertMatchesSample(
      direct.body,
      "os-remote-consoles/v2.99/create-spice-direct-console-resp.json",
    );
    assert.match(direct.body.remote_console.url, /^http:\/\/127\.0\.0\.1:13002\/nova\?token=/);
    const mks = await create(h, id, "mks", "webmks", "2.8");
    expectFault(mks, 501, "The requested functionality is not supported.");
  } finally {
    await h.close();
  }
});

Deno.test("remote-consoles: disabled types, a type of another protocol and rdp are 400", async () => {
  const h = await start({ vnc: { enabled: false } });
  try {
    const id = await createServer(h);
    expectFault(await create(h, id, "vnc", "novnc"), 400, "Unavailable console type novnc.");
    expectFault(
      await act(h, id, { "os-getVNCConsole": { type: "novnc" } }),
      400,
      "Unavailable console type novnc.",
    );
    expectFault(
      await create(h, id, "spice", "spice-html5"),
      400,
      "Unavailable console type spice-html5.",
    );
    expectFault(await create(h, id, "serial", "serial"), 400, "Unavailable console type serial.");
    const mksReq = await sample("os-remote-consoles/v2.8/create-mks-console-req.json");
    const mks = await h.json(`/servers/${id}/remote-consoles`, {
      as: "member",
      version: "2.8",
      json: mksReq,
    });
    expectFault(mks, 400, "Unavailable console type webmks.");
    const rdpReq = await sample("os-remote-consoles/v2.6/create-rdp-console-req.json");
    const rdp = await h.json(`/servers/${id}/remote-consoles`, {
      as: "member",
      version: "2.6",
      json: rdpReq,
    });
    expectFault(rdp, 400, "Unavailable console type rdp.");
  } finally {
    await h.close();
  }
  const on = await start(ALL_ON);
  try {
    const id = await createServer(on);
    expectFault(await create(on, id, "vnc", "serial"), 400, "Invalid console type serial");
    expectFault(await create(on, id, "vnc", "xvpvnc"), 400, "Invalid console type xvpvnc");
    expectFault(await create(on, id, "spice", "novnc"), 400, "Invalid console type novnc");
    expectFault(await create(on, id, "mks", "novnc", "2.8"), 400, "Invalid console type novnc");
    // Nova's serial console does not look at the type.
    const serial = await create(on, id, "serial", "novnc");
    assert.equal(serial.status, 200, serial.text);
    assert.match(serial.body.remote_console.url, /^ws:\/\//);
  } finally {
    await on.close();
  }
});

Deno.test("remote consoles: 409 without a host, while building and while deleting", async () => {
  const h = await start({ deno: { fake_boot_seconds: 3600 }, virt: { fake_delete_seconds: 3600 } });
  try {
    const id = await createServer(h);
    expectFault(await create(h, id, "vnc", "novnc"), 409, `Instance ${id} is not ready`);
    expectFault(
      await act(h, id, { "os-getVNCConsole": { type: "novnc" } }),
      409,
      `Instance ${id} is not ready`,
    );
  } finally {
    await h.close();
  }
  const d = await start({ virt: { fake_delete_seconds: 3600 } });
  try {
    const id = await createServer(d);
    const del = await d.fetch(`/servers/${id}`, { as: "member", method: "DELETE" });
    await del.body?.cancel();
    assert.equal(del.status, 204);
    const msg = (m: string) => `Cannot '${m}' instance ${id} while it is in task_state deleting`;
    expectFault(await create(d, id, "vnc", "novnc"), 409, msg("get_vnc_console"));
    expectFault(
      await act(d, id, { "os-getVNCConsole": { type: "novnc" } }),
      409,
      msg("get_vnc_console"),
    );
  } finally {
    await d.close();
  }
  const s = await start();
  try {
    const id = await createServer(s);
    const shelve = await act(s, id, { shelve: null });
    assert.equal(shelve.status, 202, shelve.text);
    expectFault(await create(s, id, "vnc", "novnc"), 409, `Instance ${id} is not ready`);
  } finally {
    await s.close();
  }
});

Deno.test("remote-consoles policy: looked up first, then checked on the server's project", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    expectFault(await create(h, id, "vnc", "novnc", "2.6", "reader"), 403);
    expectFault(await create(h, MISSING, "vnc", "novnc", "2.6", "reader"), 404);
    expectFault(await create(h, id, "vnc", "novnc", "2.6", "other"), 404);
    for (const as of ["member", "member2", "admin"] as const) {
      const res = await create(h, id, "vnc", "novnc", "2.6", as);
      assert.equal(res.status, 200, `${as}: ${res.text}`);
    }
  } finally {
    await h.close();
  }
});

Deno.test("remote consoles through the paste pipeline: [vnc] from the environment, token lookup", async () => {
  const h = await startCompute({
    pipeline: "paste",
    config: {
      ...INSTANT,
      vnc: { novncproxy_base_url: "https://console.example.com:443/vnc_auto.html" },
    },
  });
  try {
    const created = await h.json("/v2.1/servers", { as: "member", json: serverBody() });
    assert.equal(created.status, 202, created.text);
    const id = created.body.server.id;
    const res = await h.json(`/v2.1/servers/${id}/remote-consoles`, {
      as: "member",
      version: "2.6",
      json: { remote_console: { protocol: "vnc", type: "novnc" } },
    });
    assert.equal(res.status, 200, res.text);
    const url = new URL(res.body.remote_console.url);
    assert.equal(url.origin + url.pathname, "https://console.example.com/vnc_auto.html");
    const token = url.searchParams.get("path")!.replace("?token=", "");
    const info = await h.json(`/v2.1/os-console-auth-tokens/${token}`, { version: "2.31" });
    assert.equal(info.status, 200, info.text);
    assert.equal(info.body.console.instance_uuid, id);
  } finally {
    await h.close();
  }
});
