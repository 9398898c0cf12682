/**
 * What an admin creates through the embedded identity lives in the store: two compute services
 * (two runtimes, as two processes or `deno serve --parallel` workers) over one KV file see the
 * same projects, users and roles; a user deleted through one has its tokens refused by the other;
 * and a restart (a third runtime) still has them.
 */
import assert from "node:assert/strict";
import { configFromValues } from "../../../lib/config/mod.ts";
import { buildService } from "../../../lib/service/build.ts";
import { freePort } from "../../support/ports.ts";

/** A parsed JSON body, loosely typed for assertions. */
// deno-lint-ignore no-explicit-any
type Json = any;

interface Service {
  base: string;
  close(): Promise<void>;
}

/** A compute service with the embedded identity and keystone auth, on the store at `path`. */
async function startService(path: string): Promise<Service> {
  const port = freePort();
  const identity = `http://127.0.0.1:${port}/identity/v3`;
  const config = configFromValues({
    api: { auth_strategy: "keystone" },
    database: { connection: path },
    deno: { seed_flavors: true },
    identity: {
      users: ["admin:secret:admin:admin", "nova:nova-pw:service:admin+service"],
      signing_key_file: "",
    },
    keystone_authtoken: {
      www_authenticate_uri: identity,
      auth_url: identity,
      auth_type: "password",
      username: "nova",
      password: "nova-pw",
      user_domain_name: "Default",
      project_name: "service",
      project_domain_name: "Default",
      // Validate every time: a cached validation would outlive the deletion by design.
      token_cache_time: -1,
    },
  });
  const built = await buildService("osapi_compute", { config, noFiles: true, log: () => {} });
  const server = Deno.serve(
    { hostname: "127.0.0.1", port, onListen() {} },
    (request) => built.handler(request),
  );
  return {
    base: `http://127.0.0.1:${port}`,
    async close() {
      await server.shutdown();
      await built.runtime.close();
    },
  };
}

async function send(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<{ status: number; headers: Headers; body: Json }> {
  const response = await fetch(url, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: Json = null;
  try {
    parsed = text === "" ? null : JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/** A project-scoped token, or the failed response's status. */
async function token(
  service: Service,
  user: string,
  password: string,
  project: string,
): Promise<string | number> {
  const answer = await send(`${service.base}/identity/v3/auth/tokens`, "POST", {}, {
    auth: {
      identity: {
        methods: ["password"],
        password: { user: { name: user, domain: { id: "default" }, password } },
      },
      scope: { project: { name: project, domain: { id: "default" } } },
    },
  });
  return answer.status === 201 ? answer.headers.get("x-subject-token")! : answer.status;
}

Deno.test({
  name: "created projects, users and roles are shared through the store and outlive a restart",
}, async () => {
  const work = await Deno.makeTempDir({ prefix: "nova-identity-shared-" });
  const path = `${work}/nova.sqlite`;
  const one = await startService(path);
  const two = await startService(path);
  let three: Service | undefined;
  try {
    const admin = await token(one, "admin", "secret", "admin");
    assert.equal(typeof admin, "string");
    const asAdmin = { "x-auth-token": admin as string };
    const v3 = `${one.base}/identity/v3`;

    // Made through the first service.
    const project = await send(`${v3}/projects`, "POST", asAdmin, {
      project: { name: "shared-p", description: "made in one" },
    });
    assert.equal(project.status, 201, JSON.stringify(project.body));
    const projectId = project.body.project.id;
    const user = await send(`${v3}/users`, "POST", asAdmin, {
      user: { name: "shared-u", password: "shared-pw", default_project_id: projectId },
    });
    assert.equal(user.status, 201, JSON.stringify(user.body));
    const userId = user.body.user.id;
    const roles = await send(`${v3}/roles?name=member`, "GET", asAdmin);
    const member = roles.body.roles[0].id;
    const grant = `${v3}/projects/${projectId}/users/${userId}/roles/${member}`;
    assert.equal((await send(grant, "PUT", asAdmin)).status, 204);

    // Its name is taken in the other service too.
    const admin2 = await token(two, "admin", "secret", "admin");
    const asAdmin2 = { "x-auth-token": admin2 as string };
    const v3two = `${two.base}/identity/v3`;
    const dup = await send(`${v3two}/projects`, "POST", asAdmin2, {
      project: { name: "shared-p" },
    });
    assert.equal(dup.status, 409);

    // The user gets a token from the second service and uses the compute API there.
    const mine = await token(two, "shared-u", "shared-pw", "shared-p");
    assert.equal(typeof mine, "string", `token from the other service: ${mine}`);
    const asUser = { "x-auth-token": mine as string };
    const servers = await send(`${two.base}/v2.1/servers`, "GET", asUser);
    assert.equal(servers.status, 200, JSON.stringify(servers.body));
    assert.deepEqual(servers.body.servers, []);
    const limits = await send(`${two.base}/v2.1/limits`, "GET", asUser);
    assert.equal(limits.status, 200);

    // The password is kept as a hash only.
    const kv = await Deno.openKv(path);
    try {
      const dump: string[] = [];
      for await (const e of kv.list({ prefix: [] })) dump.push(JSON.stringify(e.value));
      assert.ok(dump.some((v) => v.includes("pbkdf2-sha256$")), "the hash is stored");
      assert.ok(!dump.some((v) => v.includes("shared-pw")), "the password is not");
    } finally {
      kv.close();
    }

    // Deleted through the first service: the second refuses its token, in Keystone and Nova.
    assert.equal((await send(`${v3}/users/${userId}`, "DELETE", asAdmin)).status, 204);
    const check = await send(`${v3two}/auth/tokens`, "GET", {
      ...asAdmin2,
      "x-subject-token": mine as string,
    });
    assert.equal(check.status, 404);
    const refused = await send(`${two.base}/v2.1/servers`, "GET", asUser);
    assert.equal(refused.status, 401);
    assert.equal(await token(two, "shared-u", "shared-pw", "shared-p"), 401);

    // A second user, made in the second service, for the restart.
    const again = await send(`${v3two}/users`, "POST", asAdmin2, {
      user: { name: "kept-u", password: "kept-pw" },
    });
    assert.equal(again.status, 201);
    const keptId = again.body.user.id;
    assert.equal(
      (await send(
        `${v3two}/projects/${projectId}/users/${keptId}/roles/${member}`,
        "PUT",
        asAdmin2,
      ))
        .status,
      204,
    );

    // Configured entities stay configured, whichever service is asked.
    const listed = await send(`${v3two}/users`, "GET", asAdmin2);
    const configured = listed.body.users.find((u: Json) => u.name === "admin");
    assert.equal((await send(`${v3}/users/${configured.id}`, "DELETE", asAdmin)).status, 403);

    // A restart: a new runtime on the same store still has the project, the user and the role.
    await one.close();
    await two.close();
    three = await startService(path);
    const kept = await token(three, "kept-u", "kept-pw", "shared-p");
    assert.equal(typeof kept, "string", `token after the restart: ${kept}`);
    const after = await send(`${three.base}/v2.1/servers`, "GET", {
      "x-auth-token": kept as string,
    });
    assert.equal(after.status, 200);
    assert.equal(await token(three, "shared-u", "shared-pw", "shared-p"), 401, "still deleted");
  } finally {
    await one.close().catch(() => {});
    await two.close().catch(() => {});
    await three?.close();
    await Deno.remove(work, { recursive: true });
  }
});
