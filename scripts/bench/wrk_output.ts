/**
 * Reading wrk's text report (`wrk --latency`) and laying out the figures of `deno task bench`:
 * pure functions, no I/O (scripts/bench/report.ts does the reading and writing).
 *
 * @module
 */

/** The figures of one wrk run. */
export interface WrkFigures {
  /** `Requests/sec:`. */
  requestsPerSecond: number;
  /** Requests completed in the run (`N requests in …`). */
  requests: number;
  /** The 50% line of the latency distribution, in milliseconds. */
  p50Ms: number;
  /** The 99% line of the latency distribution, in milliseconds. */
  p99Ms: number;
  /** `Non-2xx or 3xx responses:` (0 when wrk printed none). */
  non2xx: number;
  /** Socket errors by kind (connect, read, write, timeout); all 0 when wrk printed none. */
  socketErrors: { connect: number; read: number; write: number; timeout: number };
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * A wrk duration (`812.00us`, `1.25ms`, `2.01s`, `1.00m`) in milliseconds.
 *
 * @example
 * ```ts
 * durationMs("812.00us"); // 0.812
 * ```
 */
export function durationMs(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(us|ms|s|m|h)$/.exec(text.trim());
  if (!m) throw new Error(`not a wrk duration: ${JSON.stringify(text)}`);
  // wrk prints to the microsecond at best: round away the float noise of the product.
  return Math.round(Number(m[1]) * UNIT_MS[m[2]] * 1000) / 1000;
}

/**
 * The figures of a `wrk --latency` report; throws when the report lacks requests/s or the
 * latency distribution (wrk failed, or ran without `--latency`).
 *
 * @example
 * ```ts
 * const figures = parseWrk(await Deno.readTextFile("wrk-versions.txt"));
 * figures.requestsPerSecond; // 20345.12
 * ```
 */
export function parseWrk(text: string): WrkFigures {
  const rps = /^Requests\/sec:\s+(\d+(?:\.\d+)?)/m.exec(text);
  const p50 = /^\s+50%\s+(\S+)/m.exec(text);
  const p99 = /^\s+99%\s+(\S+)/m.exec(text);
  if (!rps || !p50 || !p99) {
    throw new Error("not a wrk --latency report (no Requests/sec or latency distribution)");
  }
  const requests = /^\s*(\d+) requests in /m.exec(text);
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(text);
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  return {
    requestsPerSecond: Number(rps[1]),
    requests: requests ? Number(requests[1]) : 0,
    p50Ms: durationMs(p50[1]),
    p99Ms: durationMs(p99[1]),
    non2xx: non2xx ? Number(non2xx[1]) : 0,
    socketErrors: {
      connect: errors ? Number(errors[1]) : 0,
      read: errors ? Number(errors[2]) : 0,
      write: errors ? Number(errors[3]) : 0,
      timeout: errors ? Number(errors[4]) : 0,
    },
  };
}

/** One measured case of the run. */
export interface CaseResult {
  /** A stable key (`versions`, `flavors-detail`, …). */
  key: string;
  /** What the table shows. */
  label: string;
  /** Which process served it (`baseline`, `compute`, `metadata`). */
  service: string;
  figures: WrkFigures;
}

/** A case with its share of the baseline's requests/s (null for the baseline itself). */
export interface RatedCase extends CaseResult {
  /** requests/s over the baseline's, e.g. 0.42 for 42%. */
  ratio: number | null;
}

/**
 * Rate every case against the case keyed `baseline` (which must be present).
 *
 * @example
 * ```ts
 * rate(cases)[1].ratio; // 0.68 when case 1 did 68% of the baseline's requests/s
 * ```
 */
export function rate(cases: readonly CaseResult[]): RatedCase[] {
  const base = cases.find((c) => c.key === "baseline");
  if (!base) throw new Error("no baseline case");
  const denominator = base.figures.requestsPerSecond;
  return cases.map((c) => ({
    ...c,
    ratio: c === base || denominator <= 0 ? null : c.figures.requestsPerSecond / denominator,
  }));
}

function ms(value: number): string {
  return value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0);
}

/**
 * The cases as a markdown table: requests/s, p50 and p99 in ms, the ratio to the baseline, and
 * the failures wrk counted (non-2xx answers and socket errors).
 */
export function markdownTable(cases: readonly RatedCase[]): string {
  const rows = [
    "| case | served by | req/s | p50 ms | p99 ms | vs baseline | non-2xx | socket errors |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const c of cases) {
    const f = c.figures;
    const errors = f.socketErrors.connect + f.socketErrors.read + f.socketErrors.write +
      f.socketErrors.timeout;
    const ratio = c.ratio === null ? "—" : `${(c.ratio * 100).toFixed(1)}%`;
    rows.push(
      `| ${c.label} | ${c.service} | ${f.requestsPerSecond.toFixed(0)} | ${ms(f.p50Ms)} | ` +
        `${ms(f.p99Ms)} | ${ratio} | ${f.non2xx} | ${errors} |`,
    );
  }
  return rows.join("\n");
}

/** How a case's p50 grows over the server counts it ran at (`key@count` cases). */
export interface ScaleGrowth {
  /** The case key without its `@count`. */
  key: string;
  /** Each count with its p50 in ms, smallest count first. */
  points: { servers: number; p50Ms: number }[];
  /** The p50 at the largest count over the p50 at the smallest. */
  growth: number;
}

/**
 * The scale curves among `cases`: the cases keyed `key@count` grouped by key, each with its p50
 * growth from the smallest count to the largest (a key met at one count only is left out).
 *
 * @example
 * ```ts
 * scaleGrowth(cases)[0]; // { key: "servers-detail-admin", points: [...], growth: 1.2 }
 * ```
 */
export function scaleGrowth(cases: readonly CaseResult[]): ScaleGrowth[] {
  const byKey = new Map<string, { servers: number; p50Ms: number }[]>();
  for (const c of cases) {
    const m = /^(.+)@(\d+)$/.exec(c.key);
    if (!m) continue;
    const points = byKey.get(m[1]) ?? [];
    points.push({ servers: Number(m[2]), p50Ms: c.figures.p50Ms });
    byKey.set(m[1], points);
  }
  const out: ScaleGrowth[] = [];
  for (const [key, points] of byKey) {
    if (points.length < 2) continue;
    points.sort((a, b) => a.servers - b.servers);
    const first = points[0].p50Ms;
    out.push({ key, points, growth: first > 0 ? points.at(-1)!.p50Ms / first : Infinity });
  }
  return out;
}
