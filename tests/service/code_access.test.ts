/**
 * Both processes import part of their code when first used (deno.json's lazy-dynamic-imports):
 * compute its API, metadata its instance reads, under their read permission. One that cannot
 * read the code directory stops at start-up in one line; under its permission set each loads it.
 */
import assert from "node:assert/strict";
import { configDir, entryFile, NOAUTH_CONF_TEMPLATE, startService } from "../e2e/_process.ts";
import { codeDirectory } from "../../lib/service/code_access.ts";

const root = new URL("../../", import.meta.url).pathname;
const CONF = NOAUTH_CONF_TEMPLATE;
/** Where the processes `startService` runs keep their code: lib/, or the bundle's dist/. */
const CODE_DIR = entryFile("compute.ts").startsWith("dist/") ? "dist/" : "lib/";

Deno.test("the code directory is lib/ for the modules and the bundle's own directory", () => {
  assert.equal(codeDirectory(), `${root}lib/`);
  assert.equal(codeDirectory("file:///srv/nova/lib/service/code_access.ts"), "/srv/nova/lib/");
  assert.equal(codeDirectory("file:///srv/nova/dist/chunk-AB12CD34.js"), "/srv/nova/dist/");
  assert.equal(codeDirectory("file:///srv/my%20nova/dist/chunk-X.js"), "/srv/my nova/dist/");
  assert.equal(codeDirectory("https://example.com/nova/dist/chunk-X.js"), null);
});

for (const name of ["compute", "metadata"] as const) {
  Deno.test(`${name} under a read list without its code directory stops start-up in one line`, async () => {
    const dir = await configDir(CONF.replace("STATE", `state/${crypto.randomUUID()}`));
    try {
      const svc = await startService(`${name}.ts`, { OS_NOVA_CONFIG_DIR: dir }, [
        "run",
        `-P=${name}`,
        `--allow-read=${dir},${root}state`,
      ]);
      const status = await svc.stop();
      assert.equal(svc.url, "", svc.stderr());
      assert.equal(status.code, 1);
      assert.deepEqual(
        svc.stderr().split("\n").filter((l) => l.startsWith(`${name}:`)),
        [
          `${name}: cannot read its own code in ${root}${CODE_DIR} (it loads part of its code on ` +
          "first use): name it in --allow-read",
        ],
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("compute's first API request loads its code under -P=compute", async () => {
  const dir = await configDir(CONF.replace("STATE", `state/${crypto.randomUUID()}`));
  const svc = await startService("compute.ts", { OS_NOVA_CONFIG_DIR: dir });
  try {
    assert.ok(svc.url, svc.stderr());
    const res = await fetch(`${svc.url}/v2.1/flavors`, {
      headers: { "X-Auth-Token": "admin:admin" },
    });
    assert.equal(res.status, 200, await res.clone().text());
    assert.ok(Array.isArray((await res.json()).flavors));
  } finally {
    await svc.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("metadata's first instance look-up loads its reads under -P=metadata", async () => {
  const dir = await configDir(CONF.replace("STATE", `state/${crypto.randomUUID()}`));
  const svc = await startService("metadata.ts", { OS_NOVA_CONFIG_DIR: dir });
  try {
    assert.ok(svc.url, svc.stderr());
    const root = await fetch(`${svc.url}/`);
    assert.equal(root.status, 200, await root.clone().text());
    await root.body?.cancel();
    // An unidentified instance (the look-up by address ran, with the code it imported): the
    // app's own 404, not a module it could not load.
    const res = await fetch(`${svc.url}/openstack/latest/meta_data.json`);
    assert.equal(res.status, 404, await res.clone().text());
    await res.body?.cancel();
  } finally {
    await svc.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
