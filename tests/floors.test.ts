/**
 * The floors of lib/ (see the architecture notes): each folder imports only from its own floor's
 * allowed neighbours and the floors below it. The two APIs never import each other; the domain
 * never imports an API or the transport; the store and the ground import nothing above them.
 */
import assert from "node:assert/strict";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";

const LIB = normalize(join(dirname(fileURLToPath(import.meta.url)), "../lib"));
const TRANSPORT = ["http", "middleware", "paste"];
/** Folders of lib/ above the transport floor. */
const ABOVE = ["compute", "metadata", "identity", "service"];

async function* sources(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* sources(path);
    else if (entry.name.endsWith(".ts")) yield path;
  }
}

/** Every relative module specifier a file imports or re-exports, static or dynamic. */
function specifiers(text: string): string[] {
  const found: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["'](\.{1,2}\/[^"']+)["']/g;
  for (const match of text.matchAll(pattern)) found.push(match[1]);
  return found;
}

const GROUND = ["config", "validation", "crypto", "context", "errors", "caches"];
const STORE = ["store"];
const DOMAIN = [
  "quota",
  "flavors",
  "keypairs",
  "instances",
  "virt",
  "images",
  "networks",
  "policy",
  "volumes",
];
const APIS = ["compute", "metadata", "identity", "glance", "neutron", "cinder", "console_ui"];

/** What each folder of lib/ may import from besides itself. */
const ALLOWED: Record<string, readonly string[]> = {
  service: [...APIS, ...TRANSPORT, ...DOMAIN, ...STORE, ...GROUND],
  ...Object.fromEntries(APIS.map((api) => [api, [...TRANSPORT, ...DOMAIN, ...STORE, ...GROUND]])),
  ...Object.fromEntries(TRANSPORT.map((t) => [t, [...TRANSPORT, ...GROUND]])),
  ...Object.fromEntries(DOMAIN.map((d) => [d, [...DOMAIN, ...STORE, ...GROUND]])),
  store: [...GROUND],
  ...Object.fromEntries(GROUND.map((g) => [g, [...GROUND]])),
};

/** Every import between two folders of lib/ that the floors do not allow. */
async function forbiddenImports(): Promise<{ edges: string[]; files: number }> {
  const edges: string[] = [];
  let files = 0;
  for await (const file of sources(LIB)) {
    files++;
    const from = relative(LIB, file).split("/")[0];
    for (const spec of specifiers(await Deno.readTextFile(file))) {
      const target = relative(LIB, normalize(join(dirname(file), spec)));
      const to = target.split("/")[0];
      if (to === from) continue;
      if (target.startsWith("..") || !(ALLOWED[from] ?? []).includes(to)) {
        edges.push(`${relative(LIB, file)} → ${target}`);
      }
    }
  }
  return { edges, files };
}

Deno.test("floors: every folder of lib/ has a floor", async () => {
  const folders: string[] = [];
  for await (const entry of Deno.readDir(LIB)) if (entry.isDirectory) folders.push(entry.name);
  assert.deepEqual(folders.filter((f) => !(f in ALLOWED)), []);
});

Deno.test("floors: imports only point down (and the two APIs never import each other)", async () => {
  const { edges, files } = await forbiddenImports();
  assert.ok(files > 100, "the scan found the sources");
  assert.deepEqual(edges, []);
});

/** Direct uses of a Deno KV handle in a source text. */
function kvUses(text: string): string[] {
  return [...text.matchAll(/\bkv\.(?:get|getMany|set|list|delete|atomic)\(|Deno\.openKv\(/g)]
    .map((m) => m[0]);
}

Deno.test("floors: the KV scan sees calls on a handle and opening a store", () => {
  assert.deepEqual(
    kvUses("await kv.get(k); kv.atomic().commit(); await Deno.openKv(p); stream.enqueue(x);"),
    ["kv.get(", "kv.atomic(", "Deno.openKv("],
  );
});

Deno.test("floors: no KV key and no KV call outside lib/store", async () => {
  const found: string[] = [];
  for await (const file of sources(LIB)) {
    if (relative(LIB, file).startsWith("store/")) continue;
    const text = await Deno.readTextFile(file);
    for (const spec of specifiers(text)) {
      if (/\/store\/keys\.ts$/.test(spec)) found.push(`${relative(LIB, file)} imports keys.ts`);
    }
    for (const use of kvUses(text)) found.push(`${relative(LIB, file)}: ${use}`);
  }
  assert.deepEqual(found, []);
});

Deno.test("floors: lib/http, lib/middleware and lib/paste import nothing from the floors above", async () => {
  const upward: string[] = [];
  let files = 0;
  for (const folder of TRANSPORT) {
    for await (const file of sources(join(LIB, folder))) {
      files++;
      for (const spec of specifiers(await Deno.readTextFile(file))) {
        const target = relative(LIB, normalize(join(dirname(file), spec)));
        const top = target.split("/")[0];
        if (ABOVE.includes(top) || target.startsWith("..")) {
          upward.push(`${relative(LIB, file)} → ${target}`);
        }
      }
    }
  }
  assert.ok(files > 10, "the scan found the transport sources");
  assert.deepEqual(upward, []);
});

Deno.test("floors: the import scan sees static, re-export and dynamic imports", () => {
  assert.deepEqual(
    specifiers(
      'import { a } from "../identity/x.ts";\nexport { b } from "./y.ts";\n' +
        'const m = await import("../compute/z.ts");\nimport "./side.ts";\nimport x from "node:path";',
    ),
    ["../identity/x.ts", "./y.ts", "../compute/z.ts", "./side.ts"],
  );
});
