/**
 * The last step of `deno task bench` (scripts/bench/run.sh): read the raw wrk reports the run
 * kept, print the markdown tables (cases against the baseline; start-up and memory of each
 * process) and write everything as JSON.
 *
 * Usage: deno run -P=test scripts/bench/report.ts --manifest=FILE --json=FILE [KEY=VALUE …]
 *   The manifest has one case a line, tab-separated: key, label, service, wrk report file.
 *   KEY=VALUE pairs (dotted keys nest: `process.compute.startup_ms=512`) go into the JSON as
 *   `run` facts; numbers stay numbers. The `process.*` facts make the second table.
 *
 * @module
 */
import { type CaseResult, markdownTable, parseWrk, rate, scaleGrowth } from "./wrk_output.ts";

type Facts = { [key: string]: string | number | Facts };

function fail(line: string): never {
  console.error(`bench report: ${line}`);
  Deno.exit(1);
}

let manifest = "";
let jsonPath = "";
const facts: Facts = {};
for (const arg of Deno.args) {
  if (arg.startsWith("--manifest=")) manifest = arg.slice(11);
  else if (arg.startsWith("--json=")) jsonPath = arg.slice(7);
  else {
    const eq = arg.indexOf("=");
    if (eq < 1) fail(`not KEY=VALUE: ${JSON.stringify(arg)}`);
    const path = arg.slice(0, eq).split(".");
    const raw = arg.slice(eq + 1);
    let node = facts;
    for (const part of path.slice(0, -1)) {
      const next = node[part];
      node = typeof next === "object" ? next : (node[part] = {});
    }
    node[path.at(-1)!] = raw !== "" && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
}
if (!manifest || !jsonPath) fail("--manifest= and --json= are required");

const cases: CaseResult[] = [];
for (const line of (await Deno.readTextFile(manifest)).split("\n")) {
  if (!line.trim()) continue;
  const [key, label, service, file] = line.split("\t");
  try {
    cases.push({ key, label, service, figures: parseWrk(await Deno.readTextFile(file)) });
  } catch (e) {
    fail(`${key}: ${e instanceof Error ? e.message : e} (${file})`);
  }
}
const rated = rate(cases);

console.log(markdownTable(rated));
const curves = scaleGrowth(cases);
for (const c of curves) {
  const points = c.points.map((p) => `${p.servers}: ${p.p50Ms} ms`).join(", ");
  console.log();
  console.log(`p50 of ${c.key} by servers stored: ${points}; growth ${c.growth.toFixed(2)}x`);
}
const processes = facts.process;
if (typeof processes === "object") {
  console.log();
  console.log(
    "| process | start-up to first answer ms (median) | CPU to first answer ms | " +
      "VmHWM MiB | VmRSS end of load MiB | VmRSS settled MiB |",
  );
  console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
  for (const [name, p] of Object.entries(processes)) {
    if (typeof p !== "object") continue;
    console.log(
      `| ${name} | ${p.startup_ms ?? "?"} | ${p.startup_cpu_ms ?? "?"} | ${p.hwm_mib ?? "?"} | ` +
        `${p.rss_mib ?? "?"} | ${p.settled_rss_mib ?? "?"} |`,
    );
  }
}

await Deno.writeTextFile(
  jsonPath,
  JSON.stringify(
    {
      run: facts,
      scale: curves,
      cases: rated.map((c) => ({
        key: c.key,
        label: c.label,
        service: c.service,
        ...c.figures,
        ratio_to_baseline: c.ratio,
      })),
    },
    null,
    2,
  ) + "\n",
);
console.log();
console.log(`JSON written to ${jsonPath}`);
