/**
 * Test harness: serve a compute route table over real HTTP (`Deno.serve` on port 0) with an
 * in-memory KV, Nova's real default policy, and callers chosen per request.
 *
 * @example
 * ```ts
 * const h = await startCompute({ routes: FLAVOR_ROUTES });
 * const res = await h.fetch("/flavors", { as: "reader", version: "2.61" });
 * await h.close();
 * ```
 *
 * @module
 */
import { createRouter, type Route } from "../../lib/compute/router.ts";
import { createComputeRuntime } from "../../lib/compute/runtime_factory.ts";
import type { ComputeRuntime } from "../../lib/compute/runtime.ts";
import type { RequestContext } from "../../lib/context/context.ts";
import { environ } from "../../lib/http/environ.ts";
import { faultwrap } from "../../lib/middleware/faultwrap.ts";
import { COMPUTE_ROUTES } from "../../lib/compute/routes.ts";
import { compose } from "../../lib/http/compose.ts";
import { testConfig } from "./config.ts";
import { testPolicy } from "./policy.ts";

/** The callers a test can act as. */
export const PERSONAS = {
  admin: { user: "admin-user", project: "admin-project", roles: ["admin", "member", "reader"] },
  member: { user: "member-user", project: "project-a", roles: ["member", "reader"] },
  member2: { user: "member2-user", project: "project-a", roles: ["member", "reader"] },
  reader: { user: "reader-user", project: "project-a", roles: ["reader"] },
  manager: { user: "manager-user", project: "project-a", roles: ["manager", "member", "reader"] },
  other: { user: "other-user", project: "project-b", roles: ["member", "reader"] },
  service: { user: "nova-service", project: "service", roles: ["service"] },
} as const;

/** A persona name. */
export type Persona = keyof typeof PERSONAS;

/** Options of {@link startCompute}. */
export interface HarnessOptions {
  /** The rows to serve; every compute route when absent. */
  routes?: readonly Route[];
  /** Option overrides: `{ quota: { key_pairs: 2 } }`. */
  config?: Record<string, Record<string, unknown>>;
  /** Extra policy rules (`{"os_compute_api:limits": "!"}`). */
  policy?: Record<string, string>;
  /** Share a store between harnesses (a restart test). */
  kv?: Deno.Kv;
}

/** A running harness. */
export interface Harness {
  /** `http://127.0.0.1:<port>/v2.1`. */
  base: string;
  kv: Deno.Kv;
  runtime: ComputeRuntime;
  /** Fetch a path under /v2.1 as a persona (default admin) at a microversion (default none). */
  fetch(
    path: string,
    init?: RequestInit & { as?: Persona; version?: string; json?: unknown },
  ): Promise<Response>;
  /** Fetch and parse JSON; returns status, headers and body. */
  json(
    path: string,
    init?: RequestInit & { as?: Persona; version?: string; json?: unknown },
    // deno-lint-ignore no-explicit-any
  ): Promise<{ status: number; headers: Headers; body: any }>;
  close(): Promise<void>;
}

function contextFor(persona: Persona, requestId: string): RequestContext {
  const p = PERSONAS[persona];
  return {
    userId: p.user,
    projectId: p.project,
    roles: [...p.roles],
    isAdmin: (p.roles as readonly string[]).includes("admin"),
    requestId,
  };
}

/** Start a harness; call `close()` at the end of the test. */
export async function startCompute(options: HarnessOptions): Promise<Harness> {
  const kv = options.kv ?? await Deno.openKv(":memory:");
  const config = testConfig(options.config ?? {});
  const policy = await testPolicy(options.policy ?? {});
  const runtime = createComputeRuntime({ config, kv, policy, log: () => {} });
  const router = createRouter(options.routes ?? COMPUTE_ROUTES, runtime);
  const app = compose([
    faultwrap(),
    (request, next) => {
      const env = environ(request);
      const who = (request.headers.get("x-test-persona") ?? "admin") as Persona;
      env.context = contextFor(who, "req-" + crypto.randomUUID());
      env.scriptName = "/v2.1";
      env.pathInfo = env.pathInfo.replace(/^\/v2\.1/, "");
      return next(request);
    },
  ], router);
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, app);
  const base = `http://127.0.0.1:${server.addr.port}/v2.1`;
  const doFetch: Harness["fetch"] = (path, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set("x-test-persona", init.as ?? "admin");
    if (init.version) headers.set("OpenStack-API-Version", `compute ${init.version}`);
    let body = init.body;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers.set("content-type", "application/json");
    }
    return fetch(base + path, { ...init, headers, body });
  };
  return {
    base,
    kv,
    runtime,
    fetch: doFetch,
    async json(path, init) {
      const res = await doFetch(path, init);
      const text = await res.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch { /* keep text */ }
      return { status: res.status, headers: res.headers, body };
    },
    async close() {
      await server.shutdown();
      if (!options.kv) kv.close();
    },
  };
}
