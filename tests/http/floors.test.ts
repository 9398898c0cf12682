/**
 * The transport floor (lib/http, lib/middleware, lib/paste) sits below the two APIs and the
 * service: its imports only point down (see the architecture notes).
 */
import assert from "node:assert/strict";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";

const LIB = normalize(join(dirname(fileURLToPath(import.meta.url)), "../../lib"));
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
