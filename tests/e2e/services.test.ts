import assert from "node:assert/strict";
import { configDir, NOAUTH_CONF_TEMPLATE, startService } from "./_process.ts";

const CONF = NOAUTH_CONF_TEMPLATE.replace("STATE", "state/e2e");

async function withCompute(
  fn: (url: string) => Promise<void>,
  conf = CONF,
): Promise<string> {
  const dir = await configDir(conf);
  const svc = await startService("compute.ts", { OS_NOVA_CONFIG_DIR: dir });
  try {
    assert.ok(svc.url, `compute did not start: ${svc.stderr()}`);
    await fn(svc.url);
  } finally {
    const status = await svc.stop();
    assert.equal(status.code, 0, "SIGTERM drains and exits 0");
    await Deno.remove(dir, { recursive: true });
  }
  return svc.stderr();
}

/** The lines a service wrote to stderr that start with its name. */
function ownLines(stderr: string, name: string): string[] {
  return stderr.split("\n").filter((l) => l.startsWith(`${name}:`));
}

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  Deno.test(`compute process: ${signal} drains, stops the runtime and exits 0 with a clean line`, async () => {
    const dir = await configDir(CONF);
    const svc = await startService("compute.ts", { OS_NOVA_CONFIG_DIR: dir });
    try {
      assert.ok(svc.url, svc.stderr());
      const res = await fetch(`${svc.url}/`);
      await res.body?.cancel();
    } finally {
      const status = await svc.stop(signal);
      await Deno.remove(dir, { recursive: true });
      assert.equal(status.code, 0, svc.stderr());
    }
    assert.deepEqual(ownLines(svc.stderr(), "compute"), [
      `compute: listening on ${svc.url}/ (pid ${svc.child.pid})`,
      `compute: ${signal}: draining in-flight requests`,
      "compute: stopped",
    ]);
    assert.doesNotMatch(svc.stderr(), /error|uncaught|\n\s+at /i);
  });
}

for (const entry of ["compute.ts", "metadata.ts"] as const) {
  const name = entry.replace(".ts", "");
  Deno.test(`${name} process: a port another server holds stops start-up with one line`, async () => {
    const taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = taken.addr.port;
    const dir = await configDir(
      CONF.replace(
        `${name === "compute" ? "osapi_compute" : name}_listen_port = 0`,
        `${name === "compute" ? "osapi_compute" : name}_listen_port = ${port}`,
      ),
    );
    try {
      const svc = await startService(entry, { OS_NOVA_CONFIG_DIR: dir });
      const status = await svc.stop();
      assert.equal(svc.url, "", "it never says it listens");
      assert.equal(status.code, 1, svc.stderr());
      assert.deepEqual(ownLines(svc.stderr(), name), [
        `${name}: cannot listen on 127.0.0.1:${port}: address in use`,
      ]);
      assert.doesNotMatch(svc.stderr(), /uncaught|AddrInUse|\n\s+at /i);
    } finally {
      taken.close();
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("compute process: versions, version documents, request ids, 300 and 404", async () => {
  const log = await withCompute(async (url) => {
    const root = await fetch(`${url}/`);
    const body = await root.json();
    assert.equal(root.status, 200);
    assert.equal(root.headers.get("x-openstack-request-id"), null, "no request id on GET /");
    assert.deepEqual(body.versions.map((v: { id: string }) => v.id), ["v2.0", "v2.1"]);
    assert.equal(body.versions[1].links[0].href, `${url}/v2.1/`);

    for (const path of ["/v2.1", "/v2.1/"]) {
      const res = await fetch(url + path);
      const doc = await res.json();
      assert.equal(res.status, 200, path);
      assert.equal(doc.version.id, "v2.1");
      assert.equal(doc.version.links[0].href, `${url}/v2.1/`);
      const id = res.headers.get("x-openstack-request-id");
      assert.match(id ?? "", /^req-[0-9a-f-]{36}$/);
      assert.equal(res.headers.get("x-compute-request-id"), id);
    }
    const legacy = await fetch(`${url}/v2/`);
    assert.equal((await legacy.json()).version.id, "v2.0");

    const multi = await fetch(`${url}/nowhere`);
    const choices = await multi.json();
    assert.equal(multi.status, 300);
    assert.equal(choices.choices[1].links[0].href, `${url}/v2.1/nowhere`);

    const missing = await fetch(`${url}/v2.1/no-such-thing`, {
      headers: { "X-Auth-Token": "admin:admin" },
    });
    await missing.body?.cancel();
    assert.equal(missing.status, 404);
    assert.match(missing.headers.get("x-openstack-request-id") ?? "", /^req-/);
  });
  assert.match(log, /"GET \/v2\.1\/no-such-thing" status: 404 len: \d+ microversion: - time: /);
});

Deno.test("compute process: keep-alive answers several requests on one connection", async () => {
  await withCompute(async (url) => {
    const { hostname, port } = new URL(url);
    const conn = await Deno.connect({ hostname, port: Number(port) });
    const request = `GET / HTTP/1.1\r\nHost: ${hostname}:${port}\r\n\r\n`;
    const enc = new TextEncoder();
    let seen = "";
    const buf = new Uint8Array(65536);
    for (let i = 0; i < 3; i++) {
      await conn.write(enc.encode(request));
      const deadline = Date.now() + 5000;
      while ((seen.match(/HTTP\/1\.1 200/g) ?? []).length < i + 1 && Date.now() < deadline) {
        const n = await conn.read(buf);
        if (n === null) break;
        seen += new TextDecoder().decode(buf.subarray(0, n));
      }
    }
    conn.close();
    assert.equal((seen.match(/HTTP\/1\.1 200/g) ?? []).length, 3);
    assert.doesNotMatch(seen, /connection: close/i);
  });
});

Deno.test("compute process: a bad option stops start-up with one line naming it", async () => {
  const dir = await configDir(
    CONF.replace("osapi_compute_listen_port = 0", "osapi_compute_listen_port = abc"),
  );
  const svc = await startService("compute.ts", { OS_NOVA_CONFIG_DIR: dir });
  const status = await svc.stop();
  await Deno.remove(dir, { recursive: true });
  assert.equal(status.code, 1);
  const lines = svc.stderr().split("\n").filter((l) => l.startsWith("compute:"));
  assert.equal(lines.length, 1, svc.stderr());
  assert.match(lines[0], /nova\.conf:3: \[DEFAULT\] osapi_compute_listen_port = "abc": expected/);
});

Deno.test("compute process: a missing config file names the path and where it came from", async () => {
  const dir = await configDir(CONF);
  const svc = await startService("compute.ts", {
    OS_NOVA_CONFIG_DIR: dir,
    OS_NOVA_CONFIG_FILES: "api-paste.ini;nova.conf;extra.conf",
  });
  const status = await svc.stop();
  await Deno.remove(dir, { recursive: true });
  assert.equal(status.code, 1);
  assert.match(
    svc.stderr(),
    new RegExp(`missing config file ${dir}/extra\\.conf \\(from OS_NOVA_CONFIG_FILES\\)`),
  );
});

Deno.test("compute process: an unimplemented dotted name stops start-up naming it", async () => {
  const paste = (await Deno.readTextFile(new URL("../../etc/nova/api-paste.ini", import.meta.url)))
    .replace("nova.api.openstack:FaultWrapper.factory", "nova.api.openstack:NoSuchThing.factory");
  const dir = await configDir(CONF, paste);
  const svc = await startService("compute.ts", { OS_NOVA_CONFIG_DIR: dir });
  const status = await svc.stop();
  await Deno.remove(dir, { recursive: true });
  assert.equal(status.code, 1);
  assert.match(svc.stderr(), /\[filter:faultwrap\].*nova\.api\.openstack:NoSuchThing\.factory/);
});

Deno.test("metadata process: version listing as text/plain, no request ids", async () => {
  const dir = await configDir(CONF);
  // Under its own permission set: the config dir sits in ./state, which the set may read.
  const svc = await startService("metadata.ts", { OS_NOVA_CONFIG_DIR: dir });
  try {
    assert.ok(svc.url, svc.stderr());
    const res = await fetch(`${svc.url}/`);
    assert.equal(res.headers.get("content-type"), "text/plain; charset=UTF-8");
    assert.equal(res.headers.get("x-openstack-request-id"), null);
    const lines = (await res.text()).split("\n");
    assert.equal(lines[0], "1.0");
    assert.equal(lines.at(-1), "latest");
    // Below `/` the instance is identified first: no instance has this address.
    const os = await fetch(`${svc.url}/openstack`, { headers: { accept: "text/plain" } });
    assert.equal(os.status, 404);
    assert.equal(await os.text(), "404 Not Found\n\nThe resource could not be found.\n\n   ");
  } finally {
    assert.equal((await svc.stop()).code, 0);
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("compute module under deno serve is served once, by deno serve", async () => {
  const dir = await configDir(CONF);
  const svc = await startService("compute.ts", { OS_NOVA_CONFIG_DIR: dir }, [
    "serve",
    "-P=compute",
    "--host",
    "127.0.0.1",
    "--port",
    "0",
  ]);
  try {
    assert.ok(svc.url, svc.stderr());
    const res = await fetch(`${svc.url}/v2.1/`);
    assert.equal((await res.json()).version.id, "v2.1");
    assert.equal(svc.stderr().match(/listening on/g)?.length, 1, svc.stderr());
  } finally {
    // deno serve drains on SIGTERM and exits once nothing is left to run: the runtime's
    // background work (the idle collection's timer among it) must stop then.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stopped = await Promise.race([
      svc.stop(),
      new Promise<null>((r) => timer = setTimeout(() => r(null), 15_000)),
    ]);
    clearTimeout(timer);
    if (!stopped) await svc.stop("SIGKILL");
    await Deno.remove(dir, { recursive: true });
    assert.ok(stopped, "the deno serve process did not exit within 15 s of SIGTERM");
  }
});
