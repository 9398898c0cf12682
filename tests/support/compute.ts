/**
 * The compute test harness: serve the compute API over real HTTP (`Deno.serve` on a free loopback
 * port) in one of two forms, with one request API.
 *
 * - `pipeline: "router"` (default): a route table (every compute route unless `routes` is given)
 *   behind faultwrap, with an in-memory KV, Nova's default policy plus `policy` overrides, and
 *   `config` overrides. The caller is a {@link PERSONAS persona}, roles included. Paths are under
 *   `/v2.1`: `h.fetch("/flavors")`.
 * - `pipeline: "paste"`: the whole paste pipeline (`buildService("osapi_compute")`) with noauth2
 *   and an in-memory store; `config` and `env` become `OS_<GROUP>__<OPTION>` settings. The caller
 *   is a noauth2 token `user:project` (`admin:admin` unless told; `token: null` sends none); a
 *   persona sends its user and project, and noauth2 gives roles (admin, member and reader to user
 *   `admin`, member and reader to anyone else). Paths are absolute: `h.fetch("/v2.1/flavors")`.
 *
 * @example
 * ```ts
 * const h = await startCompute({ routes: FLAVOR_ROUTES, seedFlavors: true });
 * const res = await h.json("/flavors", { as: "reader", version: "2.61" });
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
import type { Handler } from "../../lib/http/types.ts";
import { faultwrap } from "../../lib/middleware/faultwrap.ts";
import { COMPUTE_ROUTES } from "../../lib/compute/routes.ts";
import { FLAVOR_ROUTES } from "../../lib/compute/flavors/routes.ts";
import { compose } from "../../lib/http/compose.ts";
import { buildService } from "../../lib/service/build.ts";
import { seedClassicFlavors } from "../../lib/flavors/seed.ts";
import { openEpochKv } from "../../lib/store/epoch.ts";
import { TEST_DEFAULTS, testConfig } from "./config.ts";
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
export interface ComputeOptions {
  /** Which stack serves requests: the route table alone (default) or the paste pipeline. */
  pipeline?: "router" | "paste";
  /** Router form: the rows to serve; every compute route when absent. */
  routes?: readonly Route[];
  /** Option overrides: `{ quota: { key_pairs: 2 } }`. */
  config?: Record<string, Record<string, unknown>>;
  /** Router form: extra policy rules (`{"os_compute_api:limits": "!"}`). */
  policy?: Record<string, string>;
  /** Router form: share a store between harnesses (a restart test). */
  kv?: Deno.Kv;
  /** Paste form: more `OS_<GROUP>__<OPTION>` settings. */
  env?: Record<string, string>;
  /** Seed m1.tiny … m1.xlarge (ids 1–5); the paste form seeds unless told `false`. */
  seedFlavors?: boolean;
  /** Router form: the simulated hypervisor's clock (a test clock that the test moves). */
  clock?: () => Date;
}

/** The options of {@link startCompute} (the router form's former name). */
export type HarnessOptions = ComputeOptions;

/** A request: who asks, at which microversion, with which JSON body. */
export interface ComputeInit extends RequestInit {
  /** Act as a persona (default admin). */
  as?: Persona;
  /** Paste form: the noauth2 `X-Auth-Token` (`user:project`), `null` for none. */
  token?: string | null;
  /** Sent as `OpenStack-API-Version: compute <version>`. */
  version?: string;
  /** Serialised as the body with `Content-Type: application/json` (the method defaults to POST). */
  json?: unknown;
}

/** A response read whole: `body` is the parsed JSON, `null` when empty, `undefined` if not JSON. */
export interface ReadResponse {
  status: number;
  headers: Headers;
  text: string;
  // deno-lint-ignore no-explicit-any
  body: any;
}

/** A running harness. */
export interface Harness {
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  port: number;
  /** What request paths are appended to: `<origin>/v2.1` (router) or `<origin>` (paste). */
  base: string;
  /** The store. */
  kv: Deno.Kv;
  /** The compute runtime behind the routes. */
  runtime: ComputeRuntime;
  /** Every line the service logged (request_log's among them in the paste form). */
  logs: string[];
  /** Send a request to `base + path`. */
  fetch(path: string, init?: ComputeInit): Promise<Response>;
  /** Send a request and {@link read} the response. */
  json(path: string, init?: ComputeInit): Promise<ReadResponse>;
  close(): Promise<void>;
}

/** The former name of the paste form's harness. */
export type Pipeline = Harness;

/** Read a response: status, headers, text and the body parsed as JSON when it is JSON. */
export async function read(response: Response): Promise<ReadResponse> {
  const text = await response.text();
  let body: unknown = undefined;
  try {
    body = text === "" ? null : JSON.parse(text);
  } catch { /* not JSON */ }
  return { status: response.status, headers: response.headers, text, body };
}

/** Read a Nova fault's message from a JSON error body (`{"badRequest": {"message": …}}`). */
export function faultMessage(body: unknown): string {
  const inner = Object.values(body as Record<string, { message: string }>)[0];
  return inner.message;
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

/** A persona's noauth2 token: `admin:admin` for admin (noauth2's admin), else `user:project`. */
function tokenFor(persona: Persona): string {
  if (persona === "admin") return "admin:admin";
  const p = PERSONAS[persona];
  return `${p.user}:${p.project}`;
}

interface Served {
  handler: Handler;
  base: string;
  kv: Deno.Kv;
  runtime: ComputeRuntime;
  authorize(headers: Headers, init: ComputeInit): void;
  stop(): Promise<void>;
}

function refuse(form: string, options: ComputeOptions, keys: (keyof ComputeOptions)[]): void {
  for (const key of keys) {
    if (options[key] !== undefined) {
      throw new Error(`startCompute: ${key} has no effect in ${form}`);
    }
  }
}

async function serveRouter(options: ComputeOptions, logs: string[]): Promise<Served> {
  refuse("the router form", options, ["env"]);
  // A view of the store's epoch, as openStore gives the services (`lib/store/epoch.ts`).
  const kv = options.kv ?? await openEpochKv(await Deno.openKv(":memory:"));
  const config = testConfig(options.config ?? {});
  const policy = await testPolicy(options.policy ?? {});
  const runtime = createComputeRuntime({
    config,
    kv,
    policy,
    log: (line) => logs.push(line),
    clock: options.clock,
  });
  const router = createRouter(options.routes ?? COMPUTE_ROUTES, runtime);
  if (options.seedFlavors) await seedClassicFlavors(kv);
  const handler = compose([
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
  return {
    handler,
    base: "/v2.1",
    kv,
    runtime,
    authorize(headers, init) {
      if (init.token !== undefined) throw new Error("startCompute: token needs the paste form");
      headers.set("x-test-persona", init.as ?? "admin");
    },
    stop() {
      if (!options.kv) kv.close();
      return Promise.resolve();
    },
  };
}

function settings(config: ComputeOptions["config"] = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [group, values] of Object.entries(config)) {
    for (const [option, value] of Object.entries(values)) {
      env[`OS_${group.toUpperCase()}__${option.toUpperCase()}`] = String(value);
    }
  }
  return env;
}

async function servePaste(options: ComputeOptions, logs: string[]): Promise<Served> {
  refuse("the paste form", options, ["routes", "policy", "kv", "clock"]);
  const built = await buildService("osapi_compute", {
    noFiles: true,
    env: {
      OS_API__AUTH_STRATEGY: "noauth2",
      OS_DATABASE__CONNECTION: ":memory:",
      OS_DENO__SEED_FLAVORS: String(options.seedFlavors ?? true),
      ...settings(TEST_DEFAULTS),
      ...settings(options.config),
      ...options.env,
    },
    log: (line) => logs.push(line),
  });
  return {
    handler: built.handler,
    base: "",
    kv: await built.runtime.kv(),
    runtime: await built.runtime.compute(),
    authorize(headers, init) {
      const token = init.token === undefined ? tokenFor(init.as ?? "admin") : init.token;
      if (token !== null) headers.set("X-Auth-Token", token);
    },
    stop() {
      built.runtime.close();
      return Promise.resolve();
    },
  };
}

/** Start a harness (see the module doc); call `close()` at the end of the test. */
export async function startCompute(options: ComputeOptions = {}): Promise<Harness> {
  const logs: string[] = [];
  const served = options.pipeline === "paste"
    ? await servePaste(options, logs)
    : await serveRouter(options, logs);
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    (request, info) => {
      environ(request).remoteAddr = info.remoteAddr.hostname;
      return served.handler(request);
    },
  );
  const origin = `http://127.0.0.1:${server.addr.port}`;
  const base = origin + served.base;
  const doFetch: Harness["fetch"] = async (path, init = {}) => {
    const { as, token, version, json, ...rest } = init;
    const headers = new Headers(rest.headers);
    served.authorize(headers, { as, token });
    if (version !== undefined) headers.set("OpenStack-API-Version", `compute ${version}`);
    let body = rest.body;
    let method = rest.method;
    if (json !== undefined) {
      body = JSON.stringify(json);
      headers.set("Content-Type", "application/json");
      method ??= "POST";
    }
    return await fetch(base + path, { ...rest, method, headers, body });
  };
  return {
    origin,
    port: server.addr.port,
    base,
    kv: served.kv,
    runtime: served.runtime,
    logs,
    fetch: doFetch,
    json: async (path, init) => read(await doFetch(path, init)),
    async close() {
      await server.shutdown();
      await served.stop();
    },
  };
}

/** The router form serving the flavor family, seeded with m1.tiny … m1.xlarge (ids 1–5). */
export function startFlavors(options: Omit<ComputeOptions, "routes"> = {}): Promise<Harness> {
  return startCompute({ ...options, routes: FLAVOR_ROUTES, seedFlavors: true });
}
