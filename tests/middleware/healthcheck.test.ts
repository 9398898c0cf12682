/**
 * oslo.middleware's healthcheck in real pipelines: Debian's api-paste.ini (which puts it in front
 * of both APIs) loads and answers, and its options come from the paste section and
 * `[healthcheck]`.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { buildService, type ServiceName } from "../../lib/service/build.ts";
import { fileExists } from "../../lib/middleware/healthcheck_backends.ts";
import { serve } from "./_serve.ts";
import { rawRequest } from "../http/_raw.ts";

const DEBIAN = fileURLToPath(
  new URL("../fixtures/paste/api-paste.debian-bookworm.ini", import.meta.url),
);
const DEBIAN_DISABLE_LINE = "disable_by_file_path = /etc/nova/healthcheck_disable";

/** Serve `service` built from `pasteText` (noauth2, in-memory store); `env` adds options. */
async function start(
  service: ServiceName,
  pasteText: string,
  env: Record<string, string> = {},
) {
  const logs: string[] = [];
  const built = await buildService(service, {
    noFiles: true,
    pasteText,
    env: { OS_API__AUTH_STRATEGY: "noauth2", OS_DATABASE__CONNECTION: ":memory:", ...env },
    log: (line) => logs.push(line),
  });
  const server = serve(built.handler);
  return {
    logs,
    port: server.port,
    fetch: (path: string, init?: RequestInit) => fetch(server.base + path, init),
    async close() {
      await server.close();
      built.runtime.close();
    },
  };
}

/** Debian's file with its disable file moved to `path`. */
async function debianWith(path: string): Promise<string> {
  const text = await Deno.readTextFile(DEBIAN);
  assert.ok(text.includes(DEBIAN_DISABLE_LINE));
  return text.replace(DEBIAN_DISABLE_LINE, `disable_by_file_path = ${path}`);
}

Deno.test("healthcheck: Debian's api-paste.ini loads for both services", async () => {
  const text = await Deno.readTextFile(DEBIAN);
  for (const service of ["osapi_compute", "metadata"] as const) {
    const svc = await start(service, text);
    await svc.close();
  }
});

Deno.test("healthcheck: /healthcheck on the metadata API, and 503 while the disable file exists", async () => {
  const dir = await Deno.makeTempDir();
  const flag = `${dir}/healthcheck_disable`;
  const svc = await start("metadata", await debianWith(flag));
  try {
    let res = await svc.fetch("/healthcheck");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/plain; charset=UTF-8");
    assert.equal(await res.text(), "OK");
    res = await svc.fetch("/healthcheck", { method: "HEAD" });
    assert.equal(res.status, 204);
    await res.body?.cancel();
    res = await svc.fetch("/healthcheck", { headers: { accept: "application/json" } });
    assert.equal(res.headers.get("content-type"), "application/json");
    assert.equal(
      await res.text(),
      '{\n    "detailed": false,\n    "reasons": [\n        "OK"\n    ]\n}',
    );

    await Deno.writeTextFile(flag, "");
    res = await svc.fetch("/healthcheck");
    assert.equal(res.status, 503);
    assert.equal(await res.text(), "DISABLED BY FILE");
    res = await svc.fetch("/healthcheck", { method: "HEAD" });
    assert.equal(res.status, 503);
    assert.equal(await res.text(), "");
    res = await svc.fetch("/healthcheck", { headers: { accept: "text/html" } });
    assert.equal(res.status, 503);
    assert.equal(res.headers.get("content-type"), "text/html; charset=UTF-8");
    const html = await res.text();
    assert.match(html, /<TD>DISABLED BY FILE<\/TD>/);
    assert.doesNotMatch(html, /Server status/, "not detailed");

    await Deno.remove(flag);
    res = await svc.fetch("/healthcheck");
    assert.equal(res.status, 200);
    await res.body?.cancel();
    // Other paths still reach the metadata app.
    res = await svc.fetch("/");
    assert.match(await res.text(), /^1\.0\n/);
  } finally {
    await svc.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("healthcheck: the path is the whole request path, mount included (webob's req.path)", async () => {
  const text = await Deno.readTextFile(DEBIAN);
  const plain = await start("osapi_compute", text);
  try {
    // Debian puts the filter inside the /v2.1 pipelines: /v2.1/healthcheck is not its path.
    const res = await plain.fetch("/v2.1/healthcheck", { headers: { "x-auth-token": "a:a" } });
    assert.equal(res.status, 404);
    await res.body?.cancel();
  } finally {
    await plain.close();
  }
  const moved = await start("osapi_compute", text, { OS_HEALTHCHECK__PATH: "/v2.1/healthcheck" });
  try {
    const res = await moved.fetch("/v2.1/healthcheck");
    assert.equal(res.status, 200);
    assert.equal(await res.text(), "OK");
    const encoded = await moved.fetch("/v2.1/health%63heck");
    assert.equal(encoded.status, 200, "compared after webob's quoting");
    await encoded.body?.cancel();
  } finally {
    await moved.close();
  }
});

const SECTION = (keys: string) =>
  `[composite:metadata]\nuse = egg:Paste#urlmap\n/: meta\n\n` +
  `[pipeline:meta]\npipeline = healthcheck metaapp\n\n` +
  `[app:metaapp]\npaste.app_factory = nova.api.metadata.handler:MetadataRequestHandler.factory\n\n` +
  `[filter:healthcheck]\npaste.filter_factory = oslo_middleware:Healthcheck.factory\n${keys}\n`;

Deno.test("healthcheck: [healthcheck] options, with the paste section's keys on top", async () => {
  const dir = await Deno.makeTempDir();
  const env = {
    OS_HEALTHCHECK__DETAILED: "true",
    OS_HEALTHCHECK__BACKENDS: "disable_by_file",
    OS_HEALTHCHECK__DISABLE_BY_FILE_PATH: `${dir}/off`,
  };
  const detailed = await start("metadata", SECTION(""), env);
  try {
    const res = await detailed.fetch("/healthcheck", { headers: { accept: "text/html" } });
    const html = await res.text();
    assert.match(html, /<H1>Server status<\/H1>/);
    assert.match(html, /Result of 1 checks:/);
    assert.ok(html.includes(`<TD>Path &#39;${dir}/off&#39; was not found</TD>`), html);
    const json = await (await detailed.fetch("/healthcheck", {
      headers: { accept: "application/json" },
    })).json();
    assert.equal(json.detailed, true);
    assert.deepEqual(json.reasons, [{
      class: "HealthcheckResult",
      details: `Path '${dir}/off' was not found`,
      reason: "OK",
    }]);
    const plain = await detailed.fetch("/healthcheck");
    assert.equal(plain.status, 200);
    await plain.body?.cancel();
  } finally {
    await detailed.close();
  }
  const overridden = await start("metadata", SECTION("detailed = false\npath = /hc"), env);
  try {
    const res = await overridden.fetch("/hc", { headers: { accept: "text/html" } });
    assert.doesNotMatch(await res.text(), /Server status/);
    const other = await overridden.fetch("/healthcheck", { headers: { accept: "text/plain" } });
    assert.equal(other.status, 404, "no longer the healthcheck's path");
    await other.body?.cancel();
  } finally {
    await overridden.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("healthcheck: disable_by_files_ports and enable_by_files", async () => {
  const dir = await Deno.makeTempDir();
  const ports = await start(
    "metadata",
    SECTION(
      `backends = disable_by_files_ports\ndisable_by_file_paths = 8775:${dir}/a, 9999:${dir}/b`,
    ),
  );
  const enable = await start(
    "metadata",
    SECTION(`backends = enable_by_files\nenable_by_file_paths = ${dir}/ready`),
  );
  try {
    await Deno.writeTextFile(`${dir}/a`, "");
    // The port the request came in on, as the Host header names it.
    const get = (host: string) =>
      rawRequest(ports.port, ["GET /healthcheck HTTP/1.1", `Host: ${host}`]).then((r) => [
        r.status,
        r.body,
      ]);
    assert.deepEqual(await get("169.254.169.254:8775"), [503, "DISABLED BY FILE"]);
    assert.deepEqual(await get("169.254.169.254:9999"), [200, "OK"]);
    assert.deepEqual(await get("169.254.169.254"), [200, "OK"], "port 80 has no file");
    assert.ok(ports.logs.some((l) => /without disable_by_file_paths set for port 80/.test(l)));

    let res = await enable.fetch("/healthcheck");
    assert.deepEqual([res.status, await res.text()], [503, "FILE PATH MISSING"]);
    await Deno.writeTextFile(`${dir}/ready`, "");
    res = await enable.fetch("/healthcheck");
    assert.deepEqual([res.status, await res.text()], [200, "OK"]);
  } finally {
    await ports.close();
    await enable.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("healthcheck: allowed_source_ranges and ignore_proxied_requests pass requests on", async () => {
  const inside = await start(
    "metadata",
    SECTION("allowed_source_ranges = 10.0.0.0/8, 127.0.0.0/8"),
  );
  const outside = await start("metadata", SECTION("allowed_source_ranges = 192.168.0.0/24"));
  const proxied = await start("metadata", SECTION("ignore_proxied_requests = true"));
  try {
    let res = await inside.fetch("/healthcheck");
    assert.deepEqual([res.status, await res.text()], [200, ""], "no backends: empty 200");
    res = await outside.fetch("/healthcheck", { headers: { accept: "text/plain" } });
    assert.equal(res.status, 404, "on to the metadata app, which knows no such instance");
    await res.body?.cancel();
    res = await proxied.fetch("/healthcheck", { headers: { "x-forwarded-for": "192.0.2.1" } });
    assert.equal(res.status, 404);
    await res.body?.cancel();
    res = await proxied.fetch("/healthcheck");
    assert.equal(res.status, 200);
    await res.body?.cancel();
  } finally {
    await inside.close();
    await outside.close();
    await proxied.close();
  }
});

Deno.test("healthcheck: as an app (paste.app_factory) it answers whatever reaches it", async () => {
  const text = `[composite:metadata]\nuse = egg:Paste#urlmap\n/: meta\n/healthcheck: hc\n\n` +
    `[pipeline:meta]\npipeline = metaapp\n\n` +
    `[app:metaapp]\npaste.app_factory = nova.api.metadata.handler:MetadataRequestHandler.factory\n\n` +
    `[app:hc]\nuse = egg:oslo.middleware#healthcheck\n`;
  const svc = await start("metadata", text);
  try {
    const res = await svc.fetch("/healthcheck/anything");
    assert.equal(res.status, 200);
    await res.body?.cancel();
  } finally {
    await svc.close();
  }
});

Deno.test("healthcheck: bad settings stop start-up with one line naming the section", async () => {
  const cases: [string, RegExp][] = [
    ["detailed = maybe", /\[filter:healthcheck\] detailed = "maybe": expected a boolean/],
    [
      "backends = disable_by_file, enable_by_files",
      /\[filter:healthcheck\] backends: `enable_by_files` plugin and `disable_by_file` plugin/,
    ],
    [
      "allowed_source_ranges = 10.0.0.1/8",
      /\[filter:healthcheck\] allowed_source_ranges: .*host bits/,
    ],
    [
      "backends = disable_by_files_ports\ndisable_by_file_paths = nine:/x",
      /\[filter:healthcheck\] disable_by_file_paths item "nine:\/x" is not PORT:PATH/,
    ],
  ];
  for (const [keys, message] of cases) {
    const error = await start("metadata", SECTION(keys)).then(
      async (svc) => {
        await svc.close();
        return null;
      },
      (e: Error) => e,
    );
    assert.ok(error, keys);
    assert.match(error.message, message);
    assert.ok(!error.message.includes("\n"), "one line");
  }
});

Deno.test("healthcheck: an unknown backend is warned about and not run", async () => {
  const svc = await start("metadata", SECTION("backends = nosuch"));
  try {
    assert.ok(svc.logs.some((l) => /backend "nosuch" is unknown/.test(l)), svc.logs.join("\n"));
    const res = await svc.fetch("/healthcheck");
    assert.equal(res.status, 200);
    await res.body?.cancel();
  } finally {
    await svc.close();
  }
});

Deno.test("healthcheck: a disable file this process may not read is not seen (no prompt, no error)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/off`, "");
    assert.equal(await fileExists(`${dir}/off`), true);
    assert.equal(await fileExists(`${dir}/missing`), false);
    // A child process that may read nothing but the module sees no file, and is not prompted.
    const module = new URL("../../lib/middleware/healthcheck_backends.ts", import.meta.url).href;
    const script = `import { fileExists } from ${JSON.stringify(module)};\n` +
      `console.log(JSON.stringify(await fileExists(${JSON.stringify(`${dir}/off`)})));\n`;
    await Deno.writeTextFile(`${dir}/probe.ts`, script);
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--no-config", "--no-lock", `--allow-read=${dir}/probe.ts`, `${dir}/probe.ts`],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, stderr);
    assert.equal(new TextDecoder().decode(out.stdout).trim(), "false");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
