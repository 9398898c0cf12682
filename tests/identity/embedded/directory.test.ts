import assert from "node:assert/strict";
import { call, type Json, startIdentity, tokenFor } from "./_serve.ts";

const names = (items: Json[]) => items.map((i) => i.name);

Deno.test("admins list and show users, projects, roles and domains", async () => {
  const server = await startIdentity();
  try {
    const admin = await tokenFor(server, "admin", "secret", "admin");
    const v3 = `${server.identity}/v3`;
    const { directory } = server.options;
    const demo = directory.users.find((u) => u.name === "demo")!;
    const demoProject = directory.projects.find((p) => p.name === "demo")!;

    const users = await call(`${v3}/users`, "GET", admin);
    assert.equal(users.status, 200);
    assert.deepEqual(names(users.body.users), ["admin", "demo", "nova"]);
    assert.deepEqual(users.body.links, { self: `${v3}/users`, previous: null, next: null });

    const byName = await call(`${v3}/users?name=demo&domain_id=default`, "GET", admin);
    assert.deepEqual(byName.body.users.map((u: Json) => u.id), [demo.id]);
    assert.equal(byName.body.links.self, `${v3}/users?name=demo&domain_id=default`);

    const user = await call(`${v3}/users/${demo.id}`, "GET", admin);
    assert.deepEqual(user.body.user, {
      id: demo.id,
      name: "demo",
      domain_id: "default",
      enabled: true,
      password_expires_at: null,
      options: {},
      default_project_id: demoProject.id,
      links: { self: `${v3}/users/${demo.id}` },
    });
    const missingUser = await call(`${v3}/users/demo`, "GET", admin);
    assert.equal(missingUser.status, 404);
    assert.equal(missingUser.body.error.message, "Could not find user: demo.");

    const projects = await call(`${v3}/projects`, "GET", admin);
    assert.deepEqual(names(projects.body.projects), ["admin", "demo", "shared", "service"]);
    const project = await call(`${v3}/projects?name=demo`, "GET", admin);
    assert.equal(project.body.projects.length, 1);
    assert.equal(project.body.projects[0].id, demoProject.id);
    assert.equal(project.body.projects[0].parent_id, "default");
    assert.equal(project.body.projects[0].is_domain, false);
    const shown = await call(`${v3}/projects/${demoProject.id}`, "GET", admin);
    assert.equal(shown.body.project.name, "demo");
    assert.equal((await call(`${v3}/projects/demo`, "GET", admin)).status, 404);
    const none = await call(`${v3}/projects?name=nothing`, "GET", admin);
    assert.deepEqual(none.body.projects, []);

    const roles = await call(`${v3}/roles`, "GET", admin);
    assert.deepEqual(names(roles.body.roles), ["reader", "member", "manager", "admin", "service"]);
    const member = await call(`${v3}/roles?name=member`, "GET", admin);
    const memberId = member.body.roles[0].id;
    assert.equal((await call(`${v3}/roles/${memberId}`, "GET", admin)).body.role.name, "member");

    const domains = await call(`${v3}/domains?name=Default`, "GET", admin);
    assert.deepEqual(domains.body.domains.map((d: Json) => d.id), ["default"]);
    const domain = await call(`${v3}/domains/default`, "GET", admin);
    assert.equal(domain.body.domain.name, "Default");
    assert.equal((await call(`${v3}/domains/other`, "GET", admin)).status, 404);
  } finally {
    await server.close();
  }
});

Deno.test("other users see only themselves and their projects", async () => {
  const server = await startIdentity();
  try {
    const demo = await tokenFor(server, "demo", "demo-pw", "demo");
    const v3 = `${server.identity}/v3`;
    const { directory } = server.options;
    const admin = directory.users.find((u) => u.name === "admin")!;
    const me = directory.users.find((u) => u.name === "demo")!;
    const adminProject = directory.projects.find((p) => p.name === "admin")!;

    assert.deepEqual(names((await call(`${v3}/users`, "GET", demo)).body.users), ["demo"]);
    assert.equal((await call(`${v3}/users/${me.id}`, "GET", demo)).status, 200);
    assert.equal((await call(`${v3}/users/${admin.id}`, "GET", demo)).status, 403);
    assert.deepEqual(
      names((await call(`${v3}/projects`, "GET", demo)).body.projects),
      ["demo", "shared"],
    );
    assert.deepEqual(
      names((await call(`${v3}/users/${me.id}/projects`, "GET", demo)).body.projects),
      ["demo", "shared"],
    );
    assert.equal((await call(`${v3}/projects/${adminProject.id}`, "GET", demo)).status, 403);

    const mine = await call(`${v3}/auth/projects`, "GET", demo);
    assert.deepEqual(names(mine.body.projects), ["demo", "shared"]);
    assert.deepEqual((await call(`${v3}/auth/domains`, "GET", demo)).body.domains, []);

    const assignments = await call(`${v3}/role_assignments`, "GET", demo);
    assert.ok(assignments.body.role_assignments.length > 0);
    for (const a of assignments.body.role_assignments) assert.equal(a.user.id, me.id);
    const others = await call(`${v3}/role_assignments?user.id=${admin.id}`, "GET", demo);
    assert.deepEqual(others.body.role_assignments, []);

    assert.equal((await call(`${v3}/users`, "GET", null)).status, 401);
  } finally {
    await server.close();
  }
});

Deno.test("role assignments: filters, effective and include_names", async () => {
  const server = await startIdentity();
  try {
    const admin = await tokenFor(server, "admin", "secret", "admin");
    const v3 = `${server.identity}/v3`;
    const { directory } = server.options;
    const demo = directory.users.find((u) => u.name === "demo")!;
    const demoProject = directory.projects.find((p) => p.name === "demo")!;
    const role = (id: string) => directory.role(id)!.name;

    const direct = await call(
      `${v3}/role_assignments?user.id=${demo.id}&scope.project.id=${demoProject.id}`,
      "GET",
      admin,
    );
    assert.deepEqual(direct.body.role_assignments, [{
      links: {
        assignment: `${v3}/projects/${demoProject.id}/users/${demo.id}/roles/${
          directory.roles.find((r) => r.name === "member")!.id
        }`,
      },
      role: { id: directory.roles.find((r) => r.name === "member")!.id },
      scope: { project: { id: demoProject.id } },
      user: { id: demo.id },
    }]);

    const effective = await call(
      `${v3}/role_assignments?user.id=${demo.id}&scope.project.id=${demoProject.id}&effective` +
        "&include_names",
      "GET",
      admin,
    );
    const listed = effective.body.role_assignments;
    assert.deepEqual(listed.map((a: Json) => role(a.role.id)), ["member", "reader"]);
    assert.equal(listed[1].role.name, "reader");
    assert.deepEqual(listed[1].user, {
      id: demo.id,
      name: "demo",
      domain: { id: "default", name: "Default" },
    });
    assert.equal(listed[1].scope.project.name, "demo");
    assert.match(listed[1].links.prior_role, /\/v3\/roles\/[0-9a-f]{32}$/);

    const groups = await call(`${v3}/role_assignments?group.id=x`, "GET", admin);
    assert.deepEqual(groups.body.role_assignments, []);
  } finally {
    await server.close();
  }
});

Deno.test("GET /v3/auth/catalog needs a project-scoped token", async () => {
  const server = await startIdentity();
  try {
    const scoped = await tokenFor(server, "demo", "demo-pw", "demo");
    const unscoped = await tokenFor(server, "demo", "demo-pw");
    const url = `${server.identity}/v3/auth/catalog`;
    const ok = await call(url, "GET", scoped);
    assert.equal(ok.status, 200);
    assert.equal(ok.body.catalog[0].endpoints[0].url, `${server.base}/v2.1`);
    assert.deepEqual(ok.body.links, { self: url });
    const refused = await call(url, "GET", unscoped);
    assert.equal(refused.status, 403);
    assert.equal(
      refused.body.error.message,
      "A project-scoped token is required to produce a service catalog.",
    );
  } finally {
    await server.close();
  }
});
