/**
 * What the entry modules load before their first answer: their static import graph, as
 * `deno info --json` reports it (code imports only; type-only imports are erased and dynamic
 * `import()` runs on first use). The API route families and `node:` modules that take tens of
 * milliseconds to load must stay out of it.
 *
 * Deno also reads (but does not run) every module an `import()` with a literal specifier reaches
 * when a process starts, so the metadata process's whole graph, dynamic imports included, must
 * hold nothing of the compute API.
 */
import assert from "node:assert/strict";

interface InfoModule {
  specifier: string;
  dependencies?: { code?: { specifier?: string }; isDynamic?: boolean }[];
}

async function staticGraph(entry: string, dynamic = false): Promise<Set<string>> {
  const root = new URL("../../", import.meta.url);
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", new URL(entry, root).pathname],
    stdout: "piped",
    stderr: "null",
  }).output();
  assert.ok(out.success, `deno info ${entry} failed`);
  const info = JSON.parse(new TextDecoder().decode(out.stdout)) as { modules: InfoModule[] };
  const deps = new Map<string, string[]>();
  for (const m of info.modules) {
    deps.set(
      m.specifier,
      (m.dependencies ?? []).filter((d) => d.code?.specifier && (dynamic || !d.isDynamic)).map((
        d,
      ) => d.code!.specifier!),
    );
  }
  const start = new URL(entry, root).href;
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length > 0) {
    for (const d of deps.get(queue.shift()!) ?? []) {
      if (!seen.has(d)) {
        seen.add(d);
        queue.push(d);
      }
    }
  }
  return new Set([...seen].map((s) => s.startsWith(root.href) ? s.slice(root.href.length) : s));
}

const HEAVY = [
  "lib/compute/routes.ts",
  "lib/compute/router.ts",
  "lib/compute/servers/routes.ts",
  "lib/instances/mod.ts",
  "lib/neutron/app.ts",
  "lib/cinder/app.ts",
  "lib/glance/app.ts",
  "lib/identity/embedded/app.ts",
  "lib/console_ui/app.ts",
  "lib/policy/defaults/mod.ts",
  "node:crypto",
  "node:path",
  "node:buffer",
];

for (const entry of ["compute.ts", "metadata.ts"]) {
  Deno.test(`${entry} loads no API route family and no slow node: module at start-up`, async () => {
    const graph = await staticGraph(entry);
    assert.ok(graph.has("lib/service/build_from.ts"), "the graph was read");
    assert.deepEqual(HEAVY.filter((m) => graph.has(m)), []);
  });
}

Deno.test("metadata.ts: nothing of the compute API is in its graph, dynamic imports included", async () => {
  const graph = await staticGraph("metadata.ts", true);
  assert.ok(graph.has("lib/metadata/service.ts"), "the graph was read");
  const compute = [...graph].filter((m) =>
    /^lib\/(compute\/(routes|router)|identity|glance|neutron|cinder|console_ui)/.test(m) ||
    m === "lib/service/factories.ts"
  );
  assert.deepEqual(compute, []);
});

/** What a compute process loads in the background a second after start-up (lazy.ts's preload). */
const PRELOADED = [
  "lib/compute/routes.ts",
  "lib/compute/router.ts",
  "lib/compute/runtime_factory.ts",
  "lib/policy/mod.ts",
  "lib/identity/embedded/app.ts",
  "lib/identity/embedded/options.ts",
  "lib/identity/authtoken/middleware.ts",
];

Deno.test("the compute API a compute process preloads holds no node:crypto (keys load it on use)", async () => {
  for (const entry of PRELOADED) {
    const graph = await staticGraph(entry);
    assert.ok(graph.has(entry), `the graph of ${entry} was read`);
    assert.equal(graph.has("node:crypto"), false, `${entry} brings node:crypto`);
  }
  // The key parsing and generation code still loads, when a keypair is imported or generated.
  const keys = await staticGraph("lib/keypairs/mod.ts", true);
  assert.ok(keys.has("lib/crypto/ssh_public_key.ts") && keys.has("node:crypto"));
});

Deno.test("every module both processes load is Latin-1, so V8 keeps its source at a byte a character", async () => {
  // A module with one character above U+00FF (an arrow in a comment) is held as a two-byte
  // string for as long as the process lives: write such characters as ASCII in comments and as
  // \u escapes in strings.
  const root = new URL("../../", import.meta.url);
  const modules = new Set<string>();
  for (const entry of ["compute.ts", "metadata.ts", ...PRELOADED]) {
    for (const m of await staticGraph(entry, true)) {
      if (/^(lib\/|[a-z]+\.ts$)/.test(m)) modules.add(m);
    }
  }
  assert.ok(modules.has("lib/compute/servers/routes.ts"), "the graphs were read");
  const wide: string[] = [];
  for (const m of modules) {
    const text = await Deno.readTextFile(new URL(m, root));
    const at = text.search(/[\u0100-\u{10ffff}]/u);
    if (at >= 0) wide.push(`${m}:${text.slice(0, at).split("\n").length}`);
  }
  assert.deepEqual(wide, []);
});
