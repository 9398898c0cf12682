/**
 * Admins' writes on the embedded identity's directory, as Tempest's dynamic credentials make
 * them: a project, a user, a role on it, a token as that user (seeing only its project), and
 * deleting both again.
 */
import assert from "node:assert/strict";
import { call, type Json, passwordAuth, postToken, startIdentity, tokenFor } from "./_serve.ts";

/** A request with a JSON body and `X-Auth-Token`. */
async function send(url: string, method: string, token: string, body?: unknown) {
  const response = await fetch(url, {
    method,
    headers: { "x-auth-token": token, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text === "" ? null : JSON.parse(text)) as Json };
}

Deno.test("an admin creates a project and a user, grants a role, and the user gets a token for it", async () => {
  const server = await startIdentity();
  try {
    const admin = await tokenFor(server, "admin", "secret", "admin");
    const v3 = `${server.identity}/v3`;

    const project = await send(`${v3}/projects`, "POST", admin, {
      project: { name: "tempest-p1", description: "p1-desc", domain_id: "default" },
    });
    assert.equal(project.status, 201, JSON.stringify(project.body));
    const p = project.body.project;
    assert.match(p.id, /^[0-9a-f]{32}$/);
    assert.equal(p.name, "tempest-p1");
    assert.equal(p.description, "p1-desc");
    assert.equal(p.domain_id, "default");
    assert.deepEqual(p.links, { self: `${v3}/projects/${p.id}` });
    const again = await send(`${v3}/projects`, "POST", admin, { project: { name: "tempest-p1" } });
    assert.equal(again.status, 409);
    assert.equal(
      again.body.error.message,
      "Conflict occurred attempting to store project - Duplicate entry found with name tempest-p1.",
    );

    const user = await send(`${v3}/users`, "POST", admin, {
      user: { name: "tempest-u1", password: "pw-1", domain_id: "default", email: "u1@x.tm" },
    });
    assert.equal(user.status, 201, JSON.stringify(user.body));
    const u = user.body.user;
    assert.equal(u.name, "tempest-u1");
    assert.equal(u.email, "u1@x.tm");
    assert.equal(u.enabled, true);
    assert.ok(!("password" in u));

    // No role yet: the user cannot scope to the project.
    const early = await postToken(
      server,
      passwordAuth({ id: u.id }, "pw-1", { project: { id: p.id } }),
    );
    assert.equal(early.status, 401);

    const roles = await call(`${v3}/roles?name=member`, "GET", admin);
    const member = roles.body.roles[0].id;
    const grant = `${v3}/projects/${p.id}/users/${u.id}/roles/${member}`;
    assert.equal((await send(grant, "PUT", admin)).status, 204);
    assert.equal((await send(grant, "PUT", admin)).status, 204, "granting twice is fine");
    assert.equal((await send(grant, "GET", admin)).status, 204);
    const held = await send(`${v3}/projects/${p.id}/users/${u.id}/roles`, "GET", admin);
    assert.deepEqual(held.body.roles.map((r: Json) => r.name), ["member"]);

    const token = await tokenFor(server, "tempest-u1", "pw-1", "tempest-p1");
    const mine = await call(`${v3}/users/${u.id}/projects`, "GET", token);
    assert.deepEqual(mine.body.projects.map((x: Json) => x.id), [p.id]);
    const visible = await call(`${v3}/projects`, "GET", token);
    assert.deepEqual(visible.body.projects.map((x: Json) => x.name), ["tempest-p1"]);
    const checked = await call(`${v3}/auth/tokens`, "GET", admin, token);
    assert.equal(checked.status, 200);
    assert.equal(checked.body.token.project.id, p.id);
    assert.deepEqual(checked.body.token.roles.map((r: Json) => r.name).sort(), [
      "member",
      "reader",
    ]);
    // A member may not write the directory.
    const denied = await send(`${v3}/projects`, "POST", token, { project: { name: "x" } });
    assert.equal(denied.status, 403);

    assert.equal((await send(`${v3}/users/${u.id}`, "DELETE", admin)).status, 204);
    assert.equal((await call(`${v3}/auth/tokens`, "GET", admin, token)).status, 404);
    assert.equal((await send(`${v3}/users/${u.id}`, "DELETE", admin)).status, 404);
    assert.equal((await send(`${v3}/projects/${p.id}`, "DELETE", admin)).status, 204);
    assert.equal((await call(`${v3}/projects/${p.id}`, "GET", admin)).status, 404);
  } finally {
    await server.close();
  }
});

Deno.test("directory writes: bad bodies are 400s, unknown parts 404s, configured entities stay", async () => {
  const server = await startIdentity();
  try {
    const admin = await tokenFor(server, "admin", "secret", "admin");
    const v3 = `${server.identity}/v3`;
    const { directory } = server.options;
    assert.equal((await send(`${v3}/projects`, "POST", admin, {})).status, 400);
    assert.equal(
      (await send(`${v3}/projects`, "POST", admin, { project: { name: "" } })).status,
      400,
    );
    assert.equal((await send(`${v3}/users`, "POST", admin, { user: { name: 7 } })).status, 400);
    const badDomain = await send(`${v3}/users`, "POST", admin, {
      user: { name: "u", domain_id: "nowhere" },
    });
    assert.equal(badDomain.status, 400);
    const taken = await send(`${v3}/users`, "POST", admin, { user: { name: "demo" } });
    assert.equal(taken.status, 409);

    const demo = directory.users.find((u) => u.name === "demo")!;
    const demoProject = directory.projects.find((p) => p.name === "demo")!;
    assert.equal((await send(`${v3}/users/${demo.id}`, "DELETE", admin)).status, 403);
    assert.equal((await send(`${v3}/projects/${demoProject.id}`, "DELETE", admin)).status, 403);
    const role = directory.roles[0].id;
    const unknown = await send(
      `${v3}/projects/${demoProject.id}/users/nobody/roles/${role}`,
      "PUT",
      admin,
    );
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.message, "Could not find user: nobody.");
    const missing = await send(
      `${v3}/projects/${demoProject.id}/users/${demo.id}/roles/${role}`,
      "DELETE",
      admin,
    );
    assert.equal(missing.status, 404, "demo holds reader only through member on demo");
    const memberRole = directory.roles.find((r) => r.name === "member")!.id;
    const fixed = await send(
      `${v3}/projects/${demoProject.id}/users/${demo.id}/roles/${memberRole}`,
      "DELETE",
      admin,
    );
    assert.equal(fixed.status, 403, "a configured role is not revoked through the API");
    const held = await send(
      `${v3}/projects/${demoProject.id}/users/${demo.id}/roles/${memberRole}`,
      "GET",
      admin,
    );
    assert.equal(held.status, 204);
  } finally {
    await server.close();
  }
});
