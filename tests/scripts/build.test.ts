/**
 * `deno task build` (scripts/build.ts): the bundle it writes runs as the modules do, each entry
 * under its own permission set, including the code it loads on first use; a build empties its
 * directory first.
 */
import assert from "node:assert/strict";
import { build } from "../../scripts/build.ts";
import { configDir, NOAUTH_CONF_TEMPLATE, startService } from "../e2e/_process.ts";

const root = new URL("../../", import.meta.url).pathname;

/** A build into a fresh directory under state/ (which both permission sets may read). */
async function freshBuild(): Promise<{ dir: string; rel: string }> {
  await Deno.mkdir(`${root}state`, { recursive: true });
  const dir = await Deno.makeTempDir({ dir: `${root}state`, prefix: "build-test-" });
  await build(`${dir}/dist`);
  return { dir: `${dir}/dist`, rel: `${dir.slice(root.length)}/dist` };
}

Deno.test("build: both entries and their chunks, Latin-1 only, and no file left from before", async () => {
  const { dir } = await freshBuild();
  try {
    const names: string[] = [];
    for await (const e of Deno.readDir(dir)) names.push(e.name);
    assert.ok(names.includes("compute.js") && names.includes("metadata.js"), names.join(" "));
    assert.ok(names.some((n) => n.startsWith("chunk-")), "the shared code is in chunks");
    for (const name of names) {
      // V8 keeps a source with one character above U+00FF as two bytes a character.
      const text = await Deno.readTextFile(`${dir}/${name}`);
      assert.equal(/[\u0100-\u{10ffff}]/u.exec(text), null, name);
    }
    const compute = await Deno.readTextFile(`${dir}/compute.js`);
    assert.match(compute, /export \{\s*compute_default as default\s*\}/);

    await Deno.writeTextFile(`${dir}/chunk-STALE.js`, "export {};\n");
    await build(dir);
    const after: string[] = [];
    for await (const e of Deno.readDir(dir)) after.push(e.name);
    assert.ok(!after.includes("chunk-STALE.js"), "a build empties its directory");
    assert.deepEqual(after.sort(), names.sort(), "the same sources make the same files");
  } finally {
    await Deno.remove(dir.replace(/\/dist$/, ""), { recursive: true });
  }
});

Deno.test("build: the bundled compute and metadata serve under their permission sets", async () => {
  const { dir, rel } = await freshBuild();
  const conf = await configDir(
    NOAUTH_CONF_TEMPLATE.replace("STATE", `state/${crypto.randomUUID()}`),
  );
  const env = { OS_NOVA_CONFIG_DIR: conf };
  const compute = await startService("compute.ts", env, undefined, `${rel}/compute.js`);
  const metadata = await startService("metadata.ts", env, undefined, `${rel}/metadata.js`);
  try {
    assert.ok(compute.url, compute.stderr());
    assert.ok(metadata.url, metadata.stderr());
    const admin = { "X-Auth-Token": "admin:admin", "OpenStack-API-Version": "compute latest" };
    const versions = await fetch(`${compute.url}/`);
    assert.equal(versions.status, 200);
    assert.ok(Array.isArray((await versions.json()).versions));
    // The flavors (in the entry's graph), then a family loaded from a chunk on first use.
    const flavors = await fetch(`${compute.url}/v2.1/flavors`, { headers: admin });
    assert.equal(flavors.status, 200, await flavors.clone().text());
    assert.ok(Array.isArray((await flavors.json()).flavors));
    const hypervisors = await fetch(`${compute.url}/v2.1/os-hypervisors`, { headers: admin });
    assert.equal(hypervisors.status, 200, await hypervisors.clone().text());
    assert.ok(Array.isArray((await hypervisors.json()).hypervisors));
    const keypairs = await fetch(`${compute.url}/v2.1/os-keypairs`, { headers: admin });
    assert.equal(keypairs.status, 200, await keypairs.clone().text());
    assert.deepEqual((await keypairs.json()).keypairs, []);

    const mdRoot = await fetch(`${metadata.url}/`);
    assert.equal(mdRoot.status, 200);
    await mdRoot.body?.cancel();
    // An unknown instance: the look-up ran with the code the metadata process loaded from its
    // chunk under -P=metadata (which reads ./state, where this bundle is).
    const md = await fetch(`${metadata.url}/openstack/latest/meta_data.json`);
    assert.equal(md.status, 404, await md.clone().text());
    await md.body?.cancel();
  } finally {
    await compute.stop();
    await metadata.stop();
    await Deno.remove(conf, { recursive: true });
    await Deno.remove(dir.replace(/\/dist$/, ""), { recursive: true });
  }
});
