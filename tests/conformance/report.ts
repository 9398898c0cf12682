/**
 * The conformance report: the coverage table (family × microversion folder: passed / failed / not
 * implemented) as markdown, and the verdict (a failure of a row not marked known fails the task).
 *
 * @module
 */
import type { Missing, Result } from "./runner.ts";

interface Cell {
  passed: number;
  failed: number;
  missing: number;
}

/** The coverage table as markdown, one line per family and folder, with totals. */
export function coverageMarkdown(results: readonly Result[], missing: readonly Missing[]): string {
  const cells = new Map<string, Cell>();
  const cell = (family: string, dir: string) => {
    const key = `${family}\u0000${dir}`;
    let c = cells.get(key);
    if (!c) cells.set(key, c = { passed: 0, failed: 0, missing: 0 });
    return c;
  };
  for (const r of results) cell(r.family, r.dir)[r.outcome]++;
  for (const m of missing) cell(m.family, m.dir).missing++;
  const total: Cell = { passed: 0, failed: 0, missing: 0 };
  const lines = [
    "# Conformance with Nova's api_samples",
    "",
    "Written by `deno task test:conformance` (`tests/conformance/`): each of Nova master's response",
    "samples of these families, replayed against the compute API and compared by structure. Not",
    "implemented: a response sample that no row of `tests/conformance/table.ts` replays yet.",
    "",
    "| family | microversion | passed | failed | not implemented |",
    "| --- | --- | ---: | ---: | ---: |",
  ];
  for (const [key, c] of cells) {
    const [family, dir] = key.split("\u0000");
    lines.push(`| ${family} | ${dir || "2.1"} | ${c.passed} | ${c.failed} | ${c.missing} |`);
    total.passed += c.passed;
    total.failed += c.failed;
    total.missing += c.missing;
  }
  lines.push(`| **total** | | ${total.passed} | ${total.failed} | ${total.missing} |`);
  const known = results.filter((r) => r.outcome === "failed" && r.known);
  if (known.length) {
    lines.push("", "Known differences from Nova:", "");
    for (const r of known) {
      lines.push(`- ${r.family}/${r.dir ? r.dir + "/" : ""}${r.sample}: ${r.known}`);
    }
  }
  return lines.join("\n") + "\n";
}

/** Did every row expected to pass pass? Also names the known rows that pass now. */
export function verdict(results: readonly Result[]): { ok: boolean; lines: string[] } {
  const name = (r: Result) => `${r.family}/${r.dir ? r.dir + "/" : ""}${r.sample}`;
  const unexpected = results.filter((r) => r.outcome === "failed" && !r.known);
  const fixed = results.filter((r) => r.outcome === "passed" && r.known);
  const lines = [
    ...unexpected.map((r) => `expected to pass but failed: ${name(r)}`),
    ...fixed.map((r) => `marked known but passes now (remove the mark): ${name(r)}`),
  ];
  return { ok: unexpected.length === 0, lines };
}
