/**
 * Test helpers: the identity app served over real HTTP on an ephemeral port, mounted at
 * `/identity` the way the paste urlmap mounts it, plus small request helpers.
 *
 * @module
 */
import { environ } from "../../../lib/http/environ.ts";
import {
  buildIdentityOptions,
  identityApp,
  type IdentityOptions,
  type IdentitySettings,
} from "../../../lib/identity/embedded/mod.ts";

/** A parsed JSON body, loosely typed for assertions. */
// deno-lint-ignore no-explicit-any
export type Json = any;

/** The users most tests run with. */
export const USERS = [
  "admin:secret:admin:admin",
  "demo:demo-pw:demo:member",
  "demo::shared:reader",
  "nova:nova-pw:service:service",
];

/** A running identity service. */
export interface IdentityServer {
  /** `http://127.0.0.1:<port>` (the compute base). */
  base: string;
  /** `<base>/identity` (the mount). */
  identity: string;
  options: IdentityOptions;
  /** Moves the injected clock by `ms`. */
  advance(ms: number): void;
  close(): Promise<void>;
}

/** Serves the identity app at `/identity` of an ephemeral port, with a clock tests can move. */
export async function startIdentity(
  settings: Partial<IdentitySettings> = {},
  given?: IdentityOptions,
): Promise<IdentityServer> {
  let offset = 0;
  const options = given ?? await buildIdentityOptions({
    users: USERS,
    now: () => Date.now() + offset,
    ...settings,
  });
  const app = identityApp(options);
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (request) => {
    const env = environ(request);
    if (env.pathInfo !== "/identity" && !env.pathInfo.startsWith("/identity/")) {
      return new Response("not mounted", { status: 404 });
    }
    env.scriptName = "/identity";
    env.pathInfo = env.pathInfo.slice("/identity".length);
    return app(request);
  });
  const base = `http://127.0.0.1:${server.addr.port}`;
  return {
    base,
    identity: `${base}/identity`,
    options,
    advance: (ms) => offset += ms,
    close: () => server.shutdown(),
  };
}

/** A password-method request body. */
export function passwordAuth(
  user: Record<string, unknown>,
  password: string,
  scope?: unknown,
): Record<string, unknown> {
  return {
    auth: {
      identity: { methods: ["password"], password: { user: { ...user, password } } },
      ...(scope === undefined ? {} : { scope }),
    },
  };
}

/** A name-and-domain user reference. */
export function named(name: string): Record<string, unknown> {
  return { name, domain: { name: "Default" } };
}

/** POSTs a body to `/v3/auth/tokens` (with `query`, e.g. `?nocatalog`). */
export async function postToken(
  server: IdentityServer,
  body: unknown,
  query = "",
): Promise<{ status: number; token: string | null; body: Json; headers: Headers }> {
  const response = await fetch(`${server.identity}/v3/auth/tokens${query}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    token: response.headers.get("x-subject-token"),
    body: await response.json(),
    headers: response.headers,
  };
}

/** A token for a user by name, scoped to a project by name (or unscoped when `project` is ""). */
export async function tokenFor(
  server: IdentityServer,
  user: string,
  password: string,
  project = "",
): Promise<string> {
  const scope = project === ""
    ? "unscoped"
    : { project: { name: project, domain: { id: "default" } } };
  const result = await postToken(server, passwordAuth(named(user), password, scope));
  if (result.status !== 201 || !result.token) {
    throw new Error(`no token for ${user}: ${result.status} ${JSON.stringify(result.body)}`);
  }
  return result.token;
}

/** A request with `X-Auth-Token` (and `X-Subject-Token` when given); returns status and body. */
export async function call(
  url: string,
  method: string,
  authToken: string | null,
  subjectToken?: string,
): Promise<{ status: number; body: Json; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (authToken !== null) headers["x-auth-token"] = authToken;
  if (subjectToken !== undefined) headers["x-subject-token"] = subjectToken;
  const response = await fetch(url, { method, headers });
  const text = await response.text();
  return {
    status: response.status,
    body: text === "" ? null : JSON.parse(text),
    headers: response.headers,
  };
}

/** The Keystone 401 body. */
export const UNAUTHORIZED = {
  error: {
    code: 401,
    title: "Unauthorized",
    message: "The request you have made requires authentication.",
  },
};
