/**
 * Fill the Keystone started by scripts/keystone/start.sh with the accounts the keystone interop
 * tests use, through Keystone's REST API (idempotent: existing entries are reused and passwords
 * reset):
 *
 * | user   | project | roles                                       |
 * |--------|---------|---------------------------------------------|
 * | demo   | demo    | member (reader implied)                     |
 * | reader | demo    | reader                                      |
 * | alt    | alt     | member                                      |
 * | nova   | service | admin, service (the compute API's own user) |
 * | admin  | admin   | admin (made by bootstrap)                   |
 *
 * With a compute URL argument it also registers service `nova` (type `compute`) with public and
 * internal endpoints at that URL, and the image, network and volume subsets the compute process
 * serves below the same base (`glance`, `neutron`, `cinder`/`cinderv3`). It prints the ids as JSON and writes them to
 * `$KS_STATE/seed.json`.
 *
 * ```sh
 * deno run --allow-net=127.0.0.1 --allow-env --allow-write=/tmp scripts/keystone/seed.ts \
 *   [http://127.0.0.1:8774/v2.1]
 * ```
 *
 * Environment: `KS_PORT` (15100), `KS_STATE` (/tmp/nova-deno-keystone), `KS_ADMIN_PASSWORD`,
 * `KS_USER_PASSWORD`, `KS_NOVA_PASSWORD` (all default `secret`).
 *
 * @module
 */

/** What the seed produced. */
export interface SeedResult {
  url: string;
  projects: Record<string, string>;
  users: Record<string, string>;
  roles: Record<string, string>;
}

/** Options of {@link seedKeystone}. */
export interface SeedOptions {
  /** Keystone's base URL, e.g. `http://127.0.0.1:15100` (with or without `/v3`). */
  url: string;
  adminPassword: string;
  userPassword: string;
  novaPassword: string;
  /** Register a compute service with endpoints at this URL. */
  computeUrl?: string;
}

type Json = Record<string, unknown>;

/** A password token for a user (by name, Default domain) scoped to a project (by name). */
export async function issueToken(
  url: string,
  user: string,
  password: string,
  project: string,
): Promise<string> {
  const res = await fetch(`${v3(url)}/auth/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ["password"],
          password: { user: { name: user, domain: { id: "default" }, password } },
        },
        scope: { project: { name: project, domain: { id: "default" } } },
      },
    }),
  });
  await res.body?.cancel();
  const token = res.headers.get("x-subject-token");
  if (res.status !== 201 || !token) throw new Error(`token for ${user}@${project}: ${res.status}`);
  return token;
}

function v3(url: string): string {
  const base = url.replace(/\/+$/, "");
  return base.endsWith("/v3") ? base : `${base}/v3`;
}

/** Create or update the tests' accounts. */
export async function seedKeystone(opts: SeedOptions): Promise<SeedResult> {
  const root = v3(opts.url);
  const admin = await issueToken(opts.url, "admin", opts.adminPassword, "admin");
  const call = async (method: string, path: string, body?: Json): Promise<Json | null> => {
    const res = await fetch(`${root}${path}`, {
      method,
      headers: { "x-auth-token": admin, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 400) {
      throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 200)}`);
    }
    return text ? JSON.parse(text) : null;
  };
  /** The id of the named entity in a collection, creating it when missing. */
  const ensure = async (collection: string, key: string, name: string, extra: Json = {}) => {
    const list = await call("GET", `/${collection}?name=${encodeURIComponent(name)}`);
    const found = (list![collection] as Json[])[0];
    if (found) return found.id as string;
    const made = await call("POST", `/${collection}`, { [key]: { name, ...extra } });
    return (made![key] as Json).id as string;
  };

  const roles: Record<string, string> = {};
  for (const role of ["admin", "member", "reader", "service"]) {
    roles[role] = await ensure("roles", "role", role);
  }
  const projects: Record<string, string> = {};
  for (const project of ["admin", "service", "demo", "alt"]) {
    projects[project] = await ensure("projects", "project", project, {
      domain_id: "default",
      description: `nova-deno keystone tests: ${project}`,
    });
  }
  const accounts: Array<[string, string, string, string[]]> = [
    ["demo", opts.userPassword, "demo", ["member"]],
    ["reader", opts.userPassword, "demo", ["reader"]],
    ["alt", opts.userPassword, "alt", ["member"]],
    ["nova", opts.novaPassword, "service", ["admin", "service"]],
  ];
  const users: Record<string, string> = {};
  users.admin = await ensure("users", "user", "admin");
  for (const [name, password, project, granted] of accounts) {
    const id = await ensure("users", "user", name, { domain_id: "default", password });
    await call("PATCH", `/users/${id}`, {
      user: { password, default_project_id: projects[project] },
    });
    for (const role of granted) {
      await call("PUT", `/projects/${projects[project]}/users/${id}/roles/${roles[role]}`);
    }
    users[name] = id;
  }

  if (opts.computeUrl) {
    // The compute process serves small image, network and volume subsets under its own base
    // (`<base>/image`, `<base>/network`, `<base>/volume/v3`): register them as a catalog lists them.
    const base = opts.computeUrl.replace(/\/v2(\.1)?\/?$/, "");
    const catalog: [name: string, type: string, url: string][] = [
      ["nova", "compute", opts.computeUrl],
      ["glance", "image", `${base}/image`],
      ["neutron", "network", `${base}/network`],
      ["cinder", "block-storage", `${base}/volume/v3`],
      ["cinderv3", "volumev3", `${base}/volume/v3`],
    ];
    for (const [name, type, url] of catalog) {
      const services = await call("GET", `/services?type=${type}`);
      let service = (services!.services as Json[]).find((s) => s.name === name);
      if (!service) {
        service = (await call("POST", "/services", {
          service: { name, type, description: `nova-deno ${type} API` },
        }))!.service as Json;
      }
      const endpoints = await call("GET", `/endpoints?service_id=${service.id}`);
      for (const endpoint of endpoints!.endpoints as Json[]) {
        await call("DELETE", `/endpoints/${endpoint.id}`);
      }
      for (const iface of ["public", "internal"]) {
        await call("POST", "/endpoints", {
          endpoint: { service_id: service.id, interface: iface, url, region_id: "RegionOne" },
        });
      }
    }
  }
  return { url: root, projects, users, roles };
}

if (import.meta.main) {
  const env = (name: string, fallback: string) => Deno.env.get(name) ?? fallback;
  const port = env("KS_PORT", "15100");
  const state = env("KS_STATE", "/tmp/nova-deno-keystone");
  const started = performance.now();
  const result = await seedKeystone({
    url: `http://127.0.0.1:${port}`,
    adminPassword: env("KS_ADMIN_PASSWORD", "secret"),
    userPassword: env("KS_USER_PASSWORD", "secret"),
    novaPassword: env("KS_NOVA_PASSWORD", "secret"),
    computeUrl: Deno.args[0],
  });
  const text = JSON.stringify(result, null, 2);
  await Deno.writeTextFile(`${state}/seed.json`, text + "\n");
  console.log(text);
  console.error(`[keystone] seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
