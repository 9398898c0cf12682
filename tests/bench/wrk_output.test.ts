import assert from "node:assert/strict";
import {
  type CaseResult,
  durationMs,
  markdownTable,
  parseWrk,
  rate,
  scaleGrowth,
} from "../../scripts/bench/wrk_output.ts";

// A report as wrk 4.1 prints it with --latency (figures from a real run on loopback).
const REPORT = `Running 3s test @ http://127.0.0.1:41234/v2.1/flavors/detail
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.73ms  412.00us  12.31ms   91.02%
    Req/Sec     9.30k   600.12    10.01k    80.00%
  Latency Distribution
     50%  812.00us
     75%    1.95ms
     90%    2.20ms
     99%    1.02s
  55812 requests in 3.00s, 80.12MB read
  Socket errors: connect 0, read 3, write 1, timeout 7
  Non-2xx or 3xx responses: 12
Requests/sec:  18601.77
Transfer/sec:     26.70MB
`;

Deno.test("durationMs reads every unit wrk prints", () => {
  assert.equal(durationMs("812.00us"), 0.812);
  assert.equal(durationMs("1.95ms"), 1.95);
  assert.equal(durationMs("2.01s"), 2010);
  assert.equal(durationMs("1.00m"), 60_000);
  assert.throws(() => durationMs("fast"), /not a wrk duration/);
});

Deno.test("parseWrk takes requests/s, p50, p99, failures from a --latency report", () => {
  assert.deepEqual(parseWrk(REPORT), {
    requestsPerSecond: 18601.77,
    requests: 55812,
    p50Ms: 0.812,
    p99Ms: 1020,
    non2xx: 12,
    socketErrors: { connect: 0, read: 3, write: 1, timeout: 7 },
  });
});

Deno.test("parseWrk counts no failures when wrk printed none", () => {
  const clean = REPORT.replace(/^\s+(Socket errors|Non-2xx).*\n/gm, "");
  const figures = parseWrk(clean);
  assert.equal(figures.non2xx, 0);
  assert.deepEqual(figures.socketErrors, { connect: 0, read: 0, write: 0, timeout: 0 });
});

Deno.test("parseWrk refuses a report without the latency distribution", () => {
  assert.throws(
    () => parseWrk("unable to connect to 127.0.0.1:1 Connection refused\n"),
    /not a wrk/,
  );
  assert.throws(() => parseWrk(REPORT.replace(/^\s+99%.*\n/m, "")), /not a wrk/);
});

Deno.test("rate gives each case its share of the baseline and the table shows it", () => {
  const figures = parseWrk(REPORT);
  const cases: CaseResult[] = [
    { key: "baseline", label: "bare Deno.serve", service: "baseline", figures },
    {
      key: "versions",
      label: "GET /",
      service: "compute",
      figures: { ...figures, requestsPerSecond: figures.requestsPerSecond / 4 },
    },
  ];
  const rated = rate(cases);
  assert.equal(rated[0].ratio, null);
  assert.equal(rated[1].ratio, 0.25);
  const table = markdownTable(rated).split("\n");
  assert.equal(table.length, 4);
  assert.equal(table[2], "| bare Deno.serve | baseline | 18602 | 0.81 | 1020 | — | 12 | 11 |");
  assert.match(table[3], /^\| GET \/ \| compute \| 4650 \| .* \| 25\.0% \|/);
  assert.throws(() => rate(cases.slice(1)), /no baseline/);
});

Deno.test("scaleGrowth groups key@count cases and divides the largest count's p50 by the smallest's", () => {
  const figures = parseWrk(REPORT);
  const at = (key: string, p50Ms: number): CaseResult => ({
    key,
    label: key,
    service: "compute",
    figures: { ...figures, p50Ms },
  });
  const curves = scaleGrowth([
    at("baseline", 1),
    at("servers-detail-admin@100000", 30),
    at("servers-detail-admin@1000", 20),
    at("servers-detail-admin@10000", 25),
    at("servers-detail-member@1000", 10),
  ]);
  assert.deepEqual(curves, [{
    key: "servers-detail-admin",
    points: [
      { servers: 1000, p50Ms: 20 },
      { servers: 10000, p50Ms: 25 },
      { servers: 100000, p50Ms: 30 },
    ],
    growth: 1.5,
  }]);
});
