/**
 * The route walk: every route of Nova master's table (`route_walk_table.ts`, derived from Nova's
 * source) at the microversions around its bounds, over real HTTP against the whole compute route
 * table. Expectations are Nova's:
 *
 * - outside the route's range: the generic 404 fault (`itemNotFound`, "The resource could not be
 *   found."), with the version headers;
 * - inside the range of a removed route: the 410 `computeFault`;
 * - inside the range of a live route: the request reaches a handler (any answer but the routing
 *   404s: webob's page or the generic fault), with sample ids that exist where that matters;
 * - rows marked `pending` (Nova serves them, this project not yet; from `pendingFrom` when set)
 *   assert today's answer at every such probe (an unrouted 404, or 400 for an action the table
 *   lacks), and the walk prints how many there are.
 *
 * The walk goes through the whole paste pipeline (noauth2, admin) as a client would.
 */
import assert from "node:assert/strict";
import { ApiVersion, MAX_API_VERSION } from "../../lib/compute/api_version.ts";
import { GONE_MESSAGE } from "../../lib/compute/removed/routes.ts";
import { type ReadResponse, startCompute } from "../support/compute.ts";
import { NOVA_ROUTES, type WalkRow } from "./route_walk_table.ts";

const NOT_FOUND = { itemNotFound: { code: 404, message: "The resource could not be found." } };
const GONE = { computeFault: { code: 410, message: GONE_MESSAGE } };
const UNKNOWN = "7d8f2a5c-0b1e-4c3d-9a6f-1e2d3c4b5a69";

/** Sample values for path variables: ids that exist where a missing one would say 404 too. */
function samplePath(row: WalkRow): string {
  if (row.path === "/versions/{id}") return "/versions/v2.1";
  if (row.path === "/extensions/{id}") return "/extensions/os-volumes";
  if (row.path.startsWith("/os-quota-class-sets/")) return "/os-quota-class-sets/default";
  if (row.path.startsWith("/os-quota-sets/")) {
    return row.path.replace("{id}", "project-a");
  }
  if (row.path.startsWith("/flavors/")) {
    return row.path.replace(/^\/flavors\/\{\w+\}/, "/flavors/1").replace(/\{\w+\}/g, "k");
  }
  return row.path.replace(/\{\w+\}/g, UNKNOWN);
}

/** The body a probe sends: the action's key, or an empty object for other writes. */
function sampleBody(row: WalkRow): unknown {
  if (row.action) return { [row.action]: {} };
  return row.method === "POST" || row.method === "PUT" ? {} : undefined;
}

function shift(version: string, by: number): string | undefined {
  const v = ApiVersion.parse(version);
  if (v.minor + by < 1) return undefined;
  const next = `${v.major}.${v.minor + by}`;
  return ApiVersion.parse(next).compare(ApiVersion.parse(MAX_API_VERSION)) > 0 ? undefined : next;
}

/** The versions a row is probed at: the ends of the API and each side of each bound. */
function probes(row: WalkRow): string[] {
  const all = ["2.1", MAX_API_VERSION];
  if (row.min) all.push(row.min, shift(row.min, -1)!);
  if (row.max) all.push(row.max, shift(row.max, 1)!);
  if (row.pendingFrom) all.push(row.pendingFrom, shift(row.pendingFrom, -1)!);
  return [...new Set(all.filter((v) => v !== undefined))];
}

function inRange(row: WalkRow, version: string): boolean {
  const v = ApiVersion.parse(version);
  return (!row.min || v.atLeast(row.min)) && (!row.max || !v.atLeast(shift(row.max, 1) ?? "99.0"));
}

/**
 * The answers of a route that is not served: no route (webob's page), no method for the version
 * (the generic fault), or an action the table does not know.
 */
function isUnrouted(res: ReadResponse): boolean {
  if (res.status === 400) return /^There is no such action/.test(res.body?.badRequest?.message);
  if (res.status !== 404) return false;
  return res.body === undefined || JSON.stringify(res.body) === JSON.stringify(NOT_FOUND);
}

Deno.test("route walk: the table covers Nova's 133 path patterns", () => {
  assert.equal(new Set(NOVA_ROUTES.map((r) => r.path)).size, 133);
  assert.equal(new Set(NOVA_ROUTES.map((r) => `${r.method} ${r.path}`)).size, 209);
});

Deno.test("route walk: every route answers as Nova's at each side of its bounds", async () => {
  const h = await startCompute({ pipeline: "paste" });
  const failures: string[] = [];
  try {
    for (const row of NOVA_ROUTES) {
      for (const version of probes(row)) {
        const res = await h.json(`/v2.1${samplePath(row)}`, {
          method: row.method,
          version,
          json: sampleBody(row),
        });
        const what = `${row.method} ${row.path} ${row.action ?? ""} @${version}: ` +
          `${res.status} ${res.text.replace(/\s+/g, " ").slice(0, 100)}`;
        const inside = inRange(row, version);
        const pendingHere = row.pending &&
          (!row.pendingFrom || ApiVersion.parse(version).atLeast(row.pendingFrom));
        if (pendingHere) {
          if (!isUnrouted(res)) failures.push(`pending but answered: ${what}`);
        } else if (!inside) {
          if (JSON.stringify(res.body) !== JSON.stringify(NOT_FOUND)) {
            failures.push(`expected the 404 fault: ${what}`);
          } else if (res.headers.get("openstack-api-version") !== `compute ${version}`) {
            failures.push(`no version header: ${what}`);
          }
        } else if (row.nova === "gone") {
          if (JSON.stringify(res.body) !== JSON.stringify(GONE)) {
            failures.push(`expected 410: ${what}`);
          }
        } else if (isUnrouted(res)) {
          failures.push(`not routed: ${what}`);
        } else if (res.status >= 500 && res.status !== row.novaServerError) {
          failures.push(`server error: ${what}`);
        }
      }
    }
  } finally {
    await h.close();
  }
  assert.deepEqual(failures, [], failures.join("\n"));
  const pending = NOVA_ROUTES.filter((r) => r.pending);
  const paths = new Set(pending.map((r) => r.path));
  console.log(
    `route walk: ${NOVA_ROUTES.length} routes, ${pending.length} pending (issue 12) ` +
      `over ${paths.size} path patterns`,
  );
});

Deno.test("route walk: HEAD matches no route, as in Nova (webob's 404 page, no version headers)", async () => {
  const h = await startCompute({ seedFlavors: true });
  try {
    for (const path of ["/flavors", "/os-agents", "/extensions", "/os-availability-zone"]) {
      const res = await h.fetch(path, { method: "HEAD", version: "2.1" });
      await res.body?.cancel();
      assert.equal(res.status, 404, path);
      assert.equal(res.headers.get("openstack-api-version"), null, path);
    }
  } finally {
    await h.close();
  }
});
