/**
 * The ceiling of `deno task bench`: a bare `Deno.serve` on 127.0.0.1 that answers every request
 * with a JSON body of about 4 KB built for that request (no framework, no store), as the lowest
 * cost any JSON API on this machine can reach. Prints
 * `baseline: listening on http://127.0.0.1:PORT/ (pid N)` like the APIs do.
 *
 * Usage: deno run --allow-net=127.0.0.1 scripts/bench/baseline.ts [--port=0]
 *
 * @module
 */

/** Rows in each answer: 25 of them make about 4 KB of JSON. */
const ROWS = 25;

/** The answer to request number `n`: a list of server-like rows, a little different each time. */
export function baselineBody(n: number): string {
  const servers = [];
  for (let i = 0; i < ROWS; i++) {
    servers.push({
      id: `00000000-0000-4000-8000-${String(n * ROWS + i).padStart(12, "0")}`,
      name: `server-${n}-${i}`,
      status: "ACTIVE",
      links: [{ rel: "self", href: `http://127.0.0.1/v2.1/servers/${n}-${i}` }],
    });
  }
  return JSON.stringify({ servers, request: n });
}

if (import.meta.main) {
  const arg = Deno.args.find((a) => a.startsWith("--port="));
  let served = 0;
  Deno.serve({
    hostname: "127.0.0.1",
    port: arg ? Number(arg.slice(7)) : 0,
    onListen: ({ port }) =>
      console.error(`baseline: listening on http://127.0.0.1:${port}/ (pid ${Deno.pid})`),
  }, () =>
    new Response(baselineBody(served++), {
      headers: { "Content-Type": "application/json" },
    }));
}
