import assert from "node:assert/strict";
import { PERSONAS, startCompute } from "../support/compute.ts";
import { consoleApp, contentSecurityPolicy } from "../../lib/console_ui/app.ts";
import { encodeSession, sessionOf } from "../../lib/console_ui/session.ts";
import { environ } from "../../lib/http/environ.ts";
import { serverBody } from "../compute/servers/_support.ts";

/** A session cookie for a harness persona (its noauth2 token) with a known CSRF token. */
function cookieFor(persona: "admin" | "member" | "other", csrf = `csrf-of-${persona}-0123456789`) {
  const p = PERSONAS[persona];
  const token = persona === "admin" ? "admin:admin" : `${p.user}:${p.project}`;
  return {
    csrf,
    token,
    cookie: `nova_console=${
      encodeSession({ token, user: p.user, project: p.project, roles: [...p.roles], csrf })
    }`,
  };
}

const CONSOLE = {
  console_ui: { enabled: true },
  deno: { fake_boot_seconds: 0 },
  virt: { fake_delete_seconds: 0 },
};

function form(fields: Record<string, string>): RequestInit & { token: null } {
  return {
    token: null,
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
  };
}

Deno.test("paste: /console is off by default (404)", async () => {
  const h = await startCompute({ pipeline: "paste" });
  try {
    for (const path of ["/console", "/console/", "/console/hosts", "/console/app.js"]) {
      const res = await h.fetch(path, { token: null });
      assert.equal(res.status, 404, path);
      await res.body?.cancel();
    }
  } finally {
    await h.close();
  }
});

Deno.test("paste: the log-in page, its files, a strict CSP and a pre-log-in CSRF cookie", async () => {
  const h = await startCompute({ pipeline: "paste", config: CONSOLE });
  try {
    const bare = await h.fetch("/console", { token: null, redirect: "manual" });
    assert.equal(bare.status, 301);
    assert.equal(bare.headers.get("location"), "/console/");
    await bare.body?.cancel();

    const page = await h.fetch("/console/", { token: null });
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type")!, /^text\/html/);
    const csp = page.headers.get("content-security-policy")!;
    assert.equal(csp, contentSecurityPolicy());
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /form-action 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(page.headers.get("x-content-type-options"), "nosniff");
    const pre = page.headers.get("set-cookie")!;
    assert.match(
      pre,
      /^nova_console_login=[A-Za-z0-9_-]{20,}; Path=\/console; HttpOnly; SameSite=Strict$/,
    );
    const html = await page.text();
    assert.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
    assert.match(html, /<script type="module" src="\/console\/app.js"><\/script>/);
    assert.match(html, /<form id="login" method="post" action="\/console\/login">/);
    assert.ok(html.includes(`value="${pre.split(";")[0].split("=")[1]}"`), "the CSRF field");
    // No inline script or style: the CSP would block them.
    assert.doesNotMatch(html, /<script>|<style|style=/);

    const js = await h.fetch("/console/app.js", { token: null });
    assert.match(js.headers.get("content-type")!, /^text\/javascript/);
    const source = await js.text();
    assert.match(source, /If-None-Match/);
    assert.doesNotMatch(source, /innerHTML|sessionStorage|localStorage|document\.cookie/);
    const css = await h.fetch("/console/style.css", { token: null });
    assert.match(css.headers.get("content-type")!, /^text\/css/);
    assert.match(await css.text(), /:focus-visible/);

    // Pages behind the log-in send there; unknown paths are 404; a POST to a file is 405.
    const hosts = await h.fetch("/console/hosts", { token: null, redirect: "manual" });
    assert.equal(hosts.status, 303);
    assert.equal(hosts.headers.get("location"), "/console/");
    await hosts.body?.cancel();
    const missing = await h.fetch("/console/nope", { token: null });
    assert.equal(missing.status, 404);
    await missing.body?.cancel();
    const post = await h.fetch("/console/app.js", { token: null, method: "POST" });
    assert.equal(post.status, 405);
    await post.body?.cancel();
  } finally {
    await h.close();
  }
});

/** A fake identity at /identity/v3 that gives `tok-<user>` to any password but "wrong". */
function fakeIdentity(request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.pathname !== "/identity/v3/auth/tokens") {
    return Promise.resolve(new Response(null, { status: 404 }));
  }
  return request.json().then((body) => {
    const user = body.auth.identity.password.user;
    if (user.password === "wrong") {
      return Response.json({
        error: { code: 401, message: "The request you have made requires authentication." },
      }, {
        status: 401,
      });
    }
    return Response.json({ token: { roles: [{ name: "member" }, { name: "reader" }] } }, {
      status: 201,
      headers: { "X-Subject-Token": `tok-${user.name}` },
    });
  });
}

function direct(url: string, init: RequestInit = {}, pathInfo?: string): Request {
  const request = new Request(url, init);
  environ(request).scriptName = "/console";
  environ(request).pathInfo = pathInfo ?? new URL(url).pathname.slice("/console".length);
  return request;
}

Deno.test("console: log-in sets an HttpOnly SameSite=Strict session cookie (Secure over https); CSRF guards it", async () => {
  const app = consoleApp({ enabled: true, authUrl: "/identity/v3", forward: fakeIdentity });
  const loginForm = (
    pre: string | null,
    csrf: string | null,
    password = "pw",
    origin = "http://cloud",
  ) => {
    const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
    if (pre) headers.Cookie = `nova_console_login=${pre}`;
    const fields: Record<string, string> = { username: "demo", password, project: "demo" };
    if (csrf) fields.csrf = csrf;
    const request = direct(`${origin}/console/login`, {
      method: "POST",
      headers,
      body: new URLSearchParams(fields).toString(),
    });
    environ(request).origin = origin;
    return app(request);
  };
  const pre = "pre-login-token-0123456789abcdef";

  // No CSRF field, a wrong one, or no pre-log-in cookie: 403 before the identity is asked.
  for (const [cookie, field] of [[pre, null], [pre, "nope"], [null, pre]] as const) {
    const res = await loginForm(cookie, field);
    assert.equal(res.status, 403, `${cookie} ${field}`);
    assert.equal(res.headers.get("set-cookie"), null);
    await res.body?.cancel();
  }

  const wrong = await loginForm(pre, pre, "wrong");
  assert.equal(wrong.status, 401);
  assert.match(await wrong.text(), /requires authentication/);

  const ok = await loginForm(pre, pre);
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get("location"), "/console/");
  const set = ok.headers.getSetCookie();
  const session = set.find((c) => c.startsWith("nova_console="))!;
  assert.match(session, /; Path=\/console; HttpOnly; SameSite=Strict$/);
  assert.ok(
    set.some((c) => /^nova_console_login=; .*Max-Age=0/.test(c)),
    "the pre-log-in cookie goes",
  );
  const parsed = sessionOf(
    new Request("http://cloud/", { headers: { Cookie: session.split(";")[0] } }),
  )!;
  assert.equal(parsed.token, "tok-demo");
  assert.deepEqual(parsed.roles, ["member", "reader"]);
  assert.ok(parsed.csrf.length >= 40);

  const https = await loginForm(pre, pre, "pw", "https://cloud");
  assert.match(
    https.headers.getSetCookie().find((c) => c.startsWith("nova_console="))!,
    /; Secure$/,
  );
  await https.body?.cancel();

  // Log-out needs the session's CSRF token, then clears the cookie.
  const cookie = session.split(";")[0];
  const logout = (csrf?: string) =>
    app(direct("http://cloud/console/logout", {
      method: "POST",
      headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: csrf ? `csrf=${encodeURIComponent(csrf)}` : "",
    }));
  const refused = await logout();
  assert.equal(refused.status, 403);
  await refused.body?.cancel();
  const another = await logout("csrf-of-another-session-0123456789abcdefghijk");
  assert.equal(another.status, 403);
  await another.body?.cancel();
  const out = await logout(parsed.csrf);
  assert.equal(out.status, 303);
  assert.match(
    out.headers.get("set-cookie")!,
    /^nova_console=; Path=\/console; Max-Age=0; HttpOnly; SameSite=Strict$/,
  );
});

Deno.test("paste: pages render on the server without JavaScript; no token or admin password in them", async () => {
  const h = await startCompute({ pipeline: "paste", config: CONSOLE });
  try {
    const created = await h.json("/v2.1/servers", {
      as: "member",
      json: serverBody({ user_data: btoa("#cloud-config\nhostname: web\n") }),
    });
    assert.equal(created.status, 202, created.text);
    const id = created.body.server.id;
    const adminPass = created.body.server.adminPass;
    const foreign = await h.json("/v2.1/servers", {
      as: "other",
      json: serverBody({ name: "theirs" }),
    });
    const member = cookieFor("member");
    const get = (path: string, headers: Record<string, string> = {}) =>
      h.fetch(path, {
        token: null,
        headers: { Cookie: member.cookie, ...headers },
        redirect: "manual",
      });

    const list = await get("/console/");
    assert.equal(list.status, 200);
    const listHtml = await list.text();
    assert.match(listHtml, new RegExp(`<tr data-server="${id}">`));
    assert.match(listHtml, /vm1/);
    assert.match(listHtml, /<a href="\/console\/"\s+aria-current="page"\s*>Servers<\/a>/);
    // Every visible control has a label (for=).
    const ids = [...listHtml.matchAll(/<(?:input|select)(?! type="hidden")[^>]*? id="([^"]+)"/g)];
    assert.ok(ids.length >= 4);
    for (const [, id] of ids) assert.match(listHtml, new RegExp(`<label for="${id}">`), id);
    assert.doesNotMatch(listHtml, /theirs/);
    assert.match(listHtml, /name="csrf" value="csrf-of-member-0123456789"/);
    assert.ok(!listHtml.includes(member.token), "no token in the page");

    const detail = await get(`/console/servers/${id}`);
    assert.equal(detail.status, 200);
    const detailHtml = await detail.text();
    assert.match(detailHtml, /<h2 id="server-name">vm1<\/h2>/);
    assert.match(detailHtml, /<ol id="server-actions"><li>[^<]*create/);
    assert.match(detailHtml, /<pre id="server-console" tabindex="0">[^(]/);
    assert.match(detailHtml, /hostname: web/, "user_data in the metadata view");
    assert.ok(
      detailHtml.includes(`&quot;uuid&quot;: &quot;${id}&quot;`),
      "meta_data.json, escaped",
    );
    assert.ok(!detailHtml.includes(member.token));
    assert.ok(!detailHtml.includes(adminPass), "no admin password");
    assert.doesNotMatch(detailHtml, /id="emulator"/);

    const theirs = await get(`/console/servers/${foreign.body.server.id}`);
    assert.equal(theirs.status, 404);
    assert.doesNotMatch(await theirs.text(), /theirs/);

    for (const path of ["/console/hosts", "/console/zones", "/console/server-groups"]) {
      const res = await get(path);
      assert.equal(res.status, 200, path);
      const html = await res.text();
      assert.match(html, /<main id="main"/);
      if (path !== "/console/server-groups") {
        assert.match(html, /<ul id="zones"><li>nova: available/);
      }
    }
    const hosts = await (await get("/console/hosts")).text();
    assert.match(hosts, /<p id="hosts-error" role="alert">[^<]+<\/p>/, "a member: refused");
    const admin = cookieFor("admin");
    const adminHosts = await (await h.fetch("/console/hosts", {
      token: null,
      headers: { Cookie: admin.cookie },
    })).text();
    assert.match(adminHosts, /<meter id="cpu-0" min="0" max="\d+" value="\d+">/);
    const zones = await (await h.fetch("/console/zones", {
      token: null,
      headers: { Cookie: admin.cookie },
    })).text();
    assert.match(zones, /<p id="aggregates-error" role="alert"><\/p>/);

    // A token the compute API no longer takes: the console forgets the session.
    const stale = `nova_console=${
      encodeSession({ token: "", user: "x", project: "y", roles: [], csrf: "c" })
    }`;
    const gone = await h.fetch("/console/hosts", {
      token: null,
      headers: { Cookie: stale },
      redirect: "manual",
    });
    assert.equal(gone.status, 303, "a malformed session is no session");
    await gone.body?.cancel();
  } finally {
    await h.close();
  }
});

Deno.test("paste: polling with ETags — 304 while nothing changes, 200 once the server's state does", async () => {
  const h = await startCompute({ pipeline: "paste", config: CONSOLE });
  try {
    const created = await h.json("/v2.1/servers", { as: "member", json: serverBody() });
    const id = created.body.server.id;
    // Stopped, so its console output stops growing (a running guest's boot log grows for 8 s).
    const stopped = await h.json(`/v2.1/servers/${id}/action`, {
      as: "member",
      json: { "os-stop": null },
    });
    assert.equal(stopped.status, 202);
    const member = cookieFor("member");
    const get = (path: string, etag?: string) =>
      h.fetch(path, {
        token: null,
        headers: { Cookie: member.cookie, ...(etag ? { "If-None-Match": etag } : {}) },
      });
    for (const path of ["/console/", `/console/servers/${id}`, "/console/hosts"]) {
      const first = await get(path);
      assert.equal(first.status, 200);
      const etag = first.headers.get("etag")!;
      assert.match(etag, /^W\/"[0-9a-f]{32}"$/);
      assert.equal(first.headers.get("cache-control"), "no-store");
      await first.body?.cancel();
      const again = await get(path, etag);
      assert.equal(again.status, 304, path);
      assert.equal(again.headers.get("etag"), etag);
      assert.equal(await again.text(), "");
    }
    const before = await get("/console/");
    const etag = before.headers.get("etag")!;
    assert.match(await before.text(), />SHUTOFF</);

    // Start it through the console's own form (the session's CSRF token): the page changes.
    const start = await h.fetch(`/console/servers/${id}/action`, {
      ...form({ csrf: member.csrf, op: "start", back: "/console/" }),
      headers: { Cookie: member.cookie, "Content-Type": "application/x-www-form-urlencoded" },
    });
    assert.equal(start.status, 303);
    assert.equal(start.headers.get("location"), "/console/");
    await start.body?.cancel();
    const after = await get("/console/", etag);
    assert.equal(after.status, 200);
    assert.notEqual(after.headers.get("etag"), etag);
    assert.match(await after.text(), />ACTIVE</);
  } finally {
    await h.close();
  }
});

Deno.test("paste: every console POST without the session's CSRF token is 403 and changes nothing", async () => {
  const h = await startCompute({
    pipeline: "paste",
    config: { ...CONSOLE, emulator: { enabled: true } },
  });
  try {
    const created = await h.json("/v2.1/servers", { as: "member", json: serverBody() });
    const id = created.body.server.id;
    const member = cookieFor("member");
    const admin = cookieFor("admin");
    const other = cookieFor("other", "csrf-of-other-session-0123");
    const post = (
      path: string,
      who: { cookie: string } | null,
      fields: Record<string, string>,
      json = false,
    ) =>
      h.fetch(path, {
        ...form(fields),
        headers: {
          ...(who ? { Cookie: who.cookie } : {}),
          "Content-Type": "application/x-www-form-urlencoded",
          ...(json ? { Accept: "application/json" } : {}),
        },
      });
    const cases: [string, Record<string, string>][] = [
      ["/console/servers", { name: "x", image: "x", flavor: "1" }],
      [`/console/servers/${id}/action`, { op: "stop" }],
      [`/console/servers/${id}/action`, { op: "delete", confirm: "yes" }],
      [`/console/servers/${id}/emulator/fault`, { fault_action: "reboot" }],
      [`/console/servers/${id}/emulator/clock`, { advance: "60" }],
      ["/console/logout", {}],
    ];
    for (const [path, fields] of cases) {
      for (const csrf of [undefined, "wrong", other.csrf]) {
        const res = await post(path, member, csrf ? { ...fields, csrf } : fields, true);
        assert.equal(res.status, 403, `${path} csrf=${csrf}`);
        assert.match((await res.json()).error, /CSRF/);
      }
      const anonymous = await post(path, null, { ...fields, csrf: member.csrf });
      assert.equal(anonymous.status, 401, path);
      await anonymous.body?.cancel();
    }
    const server = await h.json(`/v2.1/servers/${id}`, { as: "member" });
    assert.equal(server.body.server.status, "ACTIVE");
    const faults = await h.json("/v2.1/os-emulator/faults", { as: "admin" });
    assert.deepEqual(faults.body.faults, []);

    // Not a form: 415; other methods: 405.
    const typed = await h.fetch(`/console/servers/${id}/action`, {
      token: null,
      method: "POST",
      headers: { Cookie: member.cookie, "Content-Type": "application/json" },
      body: JSON.stringify({ csrf: member.csrf, op: "stop" }),
    });
    assert.equal(typed.status, 415);
    await typed.body?.cancel();
    const put = await h.fetch(`/console/servers/${id}/action`, { token: null, method: "PUT" });
    assert.equal(put.status, 405);
    await put.body?.cancel();

    // With it: delete asks first (no JS: a confirmation page), the emulator takes an admin's.
    const ask = await post(`/console/servers/${id}/action`, member, {
      op: "delete",
      csrf: member.csrf,
    });
    assert.equal(ask.status, 200);
    const askHtml = await ask.text();
    assert.match(askHtml, /<p id="confirm-question">Delete server/);
    assert.match(askHtml, /name="confirm" value="yes"/);
    const refusedFault = await post(`/console/servers/${id}/emulator/fault`, member, {
      fault_action: "reboot",
      csrf: member.csrf,
    }, true);
    assert.equal(refusedFault.status, 403, "policy: the emulator is for admins");
    await refusedFault.body?.cancel();
    const fault = await post(`/console/servers/${id}/emulator/fault`, admin, {
      fault_action: "reboot",
      count: "1",
      mode: "error",
      message: "",
      csrf: admin.csrf,
    }, true);
    assert.equal(fault.status, 200);
    assert.deepEqual(await fault.json(), {
      redirect: `/console/servers/${id}`,
      message: "Fault armed.",
    });
    const page = await (await h.fetch(`/console/servers/${id}`, {
      token: null,
      headers: { Cookie: admin.cookie },
    })).text();
    assert.match(page, /armed: reboot × 1 \(error, this server\)/);
    const del = await post(`/console/servers/${id}/action`, member, {
      op: "delete",
      confirm: "yes",
      csrf: member.csrf,
    });
    assert.equal(del.status, 303);
    await del.body?.cancel();
  } finally {
    await h.close();
  }
});

Deno.test("paste: the create form makes a server and never shows its admin password", async () => {
  const h = await startCompute({ pipeline: "paste", config: CONSOLE });
  try {
    const member = cookieFor("member");
    const images = await h.json("/v2.1/images", { as: "member", version: "2.35" });
    const res = await h.fetch("/console/servers", {
      ...form({
        csrf: member.csrf,
        name: "from-form",
        image: images.body.images[0].id,
        flavor: "1",
        network: "auto",
      }),
      headers: {
        Cookie: member.cookie,
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/json",
      },
    });
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.deepEqual(Object.keys(body).sort(), ["message", "redirect"]);
    assert.match(body.redirect, /^\/console\/servers\/[0-9a-f-]{36}$/);
    const bad = await h.fetch("/console/servers", {
      ...form({ csrf: member.csrf, name: "x", image: "nope", flavor: "1", network: "auto" }),
      headers: {
        Cookie: member.cookie,
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/json",
      },
    });
    assert.equal(bad.status, 400);
    assert.match((await bad.json()).error, /image/i);
  } finally {
    await h.close();
  }
});

Deno.test("console: the script parses (a syntax error would leave a blank page)", async () => {
  const { CONSOLE_JS } = await import("../../lib/console_ui/assets.ts");
  // The module uses no import/export, so it parses as a function body too.
  assert.doesNotThrow(() => new Function(CONSOLE_JS));
  assert.throws(() => new Function(CONSOLE_JS + "\n}"), SyntaxError);
});

Deno.test("paste: /console/api/servers/{id}/metadata/… answers what the guest reads, to whoever may see the server", async () => {
  const h = await startCompute({ pipeline: "paste", config: CONSOLE });
  try {
    const userData = btoa("#cloud-config\nhostname: web\n");
    const created = await h.json("/v2.1/servers", {
      as: "member",
      json: serverBody({ user_data: userData }),
    });
    assert.equal(created.status, 202, created.text);
    const id = created.body.server.id;
    const md = (path: string, init: Parameters<typeof h.fetch>[1] = {}) =>
      h.fetch(`/console/api/servers/${id}/metadata/${path}`, init);

    const meta = await md("openstack/latest/meta_data.json", { as: "member" });
    assert.equal(meta.status, 200);
    assert.match(meta.headers.get("content-type")!, /^text\/plain/);
    assert.match(meta.headers.get("content-security-policy")!, /default-src 'none'/);
    const doc = JSON.parse(await meta.text());
    assert.equal(doc.uuid, id);
    assert.equal(doc.name, "vm1");
    // The session cookie works as well as the header.
    const viaCookie = await md("openstack/latest/user_data", {
      token: null,
      headers: { Cookie: cookieFor("member").cookie },
    });
    assert.equal(await viaCookie.text(), "#cloud-config\nhostname: web\n");

    const user = await md("openstack/latest/user_data", { as: "member" });
    assert.equal(await user.text(), "#cloud-config\nhostname: web\n");
    const net = await md("openstack/latest/network_data.json", { as: "admin" });
    assert.equal(net.status, 200);
    assert.ok(Array.isArray(JSON.parse(await net.text()).links));
    const vendor = await md("openstack/latest/vendor_data2.json", { as: "member" });
    assert.equal(vendor.status, 200);
    assert.deepEqual(JSON.parse(await vendor.text()), { static: {} });
    const ec2 = await md("latest/meta-data/", { as: "member" });
    assert.match(await ec2.text(), /^instance-id$/m);
    const instanceId = await md("latest/meta-data/instance-id", { as: "member" });
    assert.match(await instanceId.text(), /^i-[0-9a-f]{8}$/);

    // Policy applies through the compute API: another project's member, no token, bad tokens.
    const foreign = await md("openstack/latest/meta_data.json", { as: "other" });
    assert.equal(foreign.status, 404);
    assert.doesNotMatch(await foreign.text(), /vm1/);
    const anonymous = await md("openstack/latest/meta_data.json", { token: null });
    assert.equal(anonymous.status, 401);
    await anonymous.body?.cancel();
    const missing = await md("openstack/latest/nope.json", { as: "member" });
    assert.equal(missing.status, 404);
    await missing.body?.cancel();
    const post = await md("openstack/latest/password", { as: "member", method: "POST" });
    assert.equal(post.status, 405);
    await post.body?.cancel();
    const unknown = await h.fetch(
      `/console/api/servers/${crypto.randomUUID()}/metadata/openstack/latest/meta_data.json`,
      { as: "admin" },
    );
    assert.equal(unknown.status, 404);
    await unknown.body?.cancel();
  } finally {
    await h.close();
  }
});

Deno.test("console: the metadata route is 404 when the process gives no reader", async () => {
  const app = consoleApp({ enabled: true, authUrl: "" });
  const request = direct("http://cloud/console/api/servers/x/metadata/openstack", {
    headers: { "X-Auth-Token": "t" },
  });
  const res = await app(request);
  assert.equal(res.status, 404);
  await res.body?.cancel();
});
