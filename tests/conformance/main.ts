/**
 * `deno task test:conformance`: replay the conformance table, print the coverage table (family ×
 * microversion folder: passed / failed / not implemented), write it to
 * `tests/conformance/COVERAGE.md`, and fail when a row expected to pass fails.
 *
 * @module
 */
import { ROWS } from "./table.ts";
import { runAll } from "./runner.ts";
import { coverageMarkdown, verdict } from "./report.ts";

const { results, missing } = await runAll(ROWS, (r) => {
  const mark = r.outcome === "passed" ? "ok  " : r.known ? "KNOWN" : "FAIL";
  console.log(`${mark} ${r.family}/${r.dir ? r.dir + "/" : ""}${r.sample}`);
  if (r.outcome === "failed") {
    for (const p of r.problems.slice(0, 8)) console.log(`       ${p}`);
  }
});
const table = coverageMarkdown(results, missing);
console.log("\n" + table);
const coverage = new URL("./COVERAGE.md", import.meta.url);
await Deno.writeTextFile(coverage, table);
// Keep the file as `deno fmt` wants it, so `deno task check` stays green after a run.
await new Deno.Command(Deno.execPath(), { args: ["fmt", "-q", coverage.pathname] }).output();
const v = verdict(results);
for (const line of v.lines) console.log(line);
if (!v.ok) Deno.exit(1);
