/**
 * `deno task test` must pass on a machine without the OpenStack clients, in CI too: CI runs it
 * before `test:interop` installs them, and `tests/interop/_osc.ts` refuses to load in CI when the
 * `openstack` CLI is missing. So no test of that task may import it, even through a helper.
 */
import assert from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url);
/** The folders `deno task test` leaves out (its `--ignore`). */
const OWN_TASKS = ["tests/interop/", "tests/deploy/", "tests/browser/"];

async function testFiles(dir: URL, prefix: string): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = `${prefix}${entry.name}`;
    if (entry.isDirectory) {
      found.push(...await testFiles(new URL(`${entry.name}/`, dir), `${path}/`));
    } else if (entry.name.endsWith(".test.ts")) found.push(path);
  }
  return found;
}

Deno.test("deno task test imports nothing that needs the OpenStack clients", async () => {
  const files = (await testFiles(new URL("tests/", ROOT), "tests/"))
    .filter((f) => !OWN_TASKS.some((dir) => f.startsWith(dir)));
  assert.ok(files.length > 100, `found ${files.length} test files`);
  const dir = await Deno.makeTempDir({ dir: new URL("state/", ROOT).pathname, prefix: "imports-" });
  try {
    const entry = `${dir}/all.ts`;
    await Deno.writeTextFile(
      entry,
      files.map((f) => `import "${new URL(f, ROOT).href}";`).join("\n") + "\n",
    );
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json", entry],
      cwd: ROOT.pathname,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.ok(out.success, new TextDecoder().decode(out.stderr));
    const graph = JSON.parse(new TextDecoder().decode(out.stdout)) as {
      modules: { specifier: string }[];
    };
    const specifiers = graph.modules.map((m) => m.specifier);
    assert.ok(specifiers.some((s) => s.endsWith("/tests/support/ports.ts")), "the graph is whole");
    const osc = new URL("tests/interop/_osc.ts", ROOT).href;
    assert.equal(specifiers.includes(osc), false, "a test of `deno task test` imports _osc.ts");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
