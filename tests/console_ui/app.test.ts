import assert from "node:assert/strict";
import { startCompute } from "../support/compute.ts";
import { consoleApp, contentSecurityPolicy } from "../../lib/console_ui/app.ts";
import { environ } from "../../lib/http/environ.ts";
import { serverBody } from "../compute/servers/_support.ts";

Deno.test("paste: /console is off by default (404)", async () => {
  const h = await startCompute({ pipeline: "paste" });
  try {
    for (const path of ["/console", "/console/", "/console/config", "/console/app.js"]) {
      const res = await h.fetch(path, { token: null });
      assert.equal(res.status, 404, path);
      await res.body?.cancel();
    }
  } finally {
    await h.close();
  }
});

Deno.test("paste: [console_ui] enabled serves the page, its files and /console/config with a strict CSP", async () => {
  const h = await startCompute({ pipeline: "paste", config: { console_ui: { enabled: true } } });
  try {
    const bare = await h.fetch("/console", { token: null, redirect: "manual" });
    assert.equal(bare.status, 301);
    assert.equal(bare.headers.get("location"), "/console/");
    await bare.body?.cancel();

    const page = await h.fetch("/console/", { token: null });
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type")!, /^text\/html/);
    const csp = page.headers.get("content-security-policy")!;
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(page.headers.get("x-content-type-options"), "nosniff");
    const html = await page.text();
    assert.match(html, /<script type="module" src="app.js"><\/script>/);
    assert.match(html, /<form id="login">/);
    // No inline script or style: the CSP would block them.
    assert.doesNotMatch(html, /<script>|<style|style=/);

    const js = await h.fetch("/console/app.js", { token: null });
    assert.match(js.headers.get("content-type")!, /^text\/javascript/);
    const source = await js.text();
    assert.match(source, /"OpenStack-API-Version": "compute "/);
    assert.doesNotMatch(source, /innerHTML/);
    const css = await h.fetch("/console/style.css", { token: null });
    assert.match(css.headers.get("content-type")!, /^text\/css/);
    await css.body?.cancel();

    // noauth2 harness without [identity] users and no [keystone_authtoken]: no auth URL known.
    const config = await h.json("/console/config", { token: null });
    assert.equal(config.status, 200);
    assert.deepEqual(config.body, { auth_url: "", compute_url: "/v2.1" });

    const missing = await h.fetch("/console/nope", { token: null });
    assert.equal(missing.status, 404);
    await missing.body?.cancel();
    const post = await h.fetch("/console/config", { token: null, method: "POST" });
    assert.equal(post.status, 405);
    await post.body?.cancel();
  } finally {
    await h.close();
  }
});

Deno.test("paste: /console/config names the embedded identity when [identity] users are set", async () => {
  const h = await startCompute({
    pipeline: "paste",
    config: { console_ui: { enabled: true } },
    env: { OS_IDENTITY__USERS: "demo:demo:demo:member" },
  });
  try {
    const config = await h.json("/console/config", { token: null });
    assert.equal(config.body.auth_url, "/identity/v3");
  } finally {
    await h.close();
  }
});

Deno.test("console: a configured Keystone on another origin joins connect-src", async () => {
  const app = consoleApp({ enabled: true, authUrl: "https://keystone.example.com:5000/v3/" });
  const request = new Request("http://cloud/console/config");
  environ(request).scriptName = "/console";
  environ(request).pathInfo = "/config";
  const res = await app(request);
  assert.equal(
    res.headers.get("content-security-policy"),
    contentSecurityPolicy("https://keystone.example.com:5000"),
  );
  assert.match(
    res.headers.get("content-security-policy")!,
    /connect-src 'self' https:\/\/keystone/,
  );
  assert.deepEqual(await res.json(), {
    auth_url: "https://keystone.example.com:5000/v3",
    compute_url: "/v2.1",
  });
});

Deno.test("console: the script parses (a syntax error would leave a blank page)", async () => {
  const { CONSOLE_JS } = await import("../../lib/console_ui/assets.ts");
  // The module uses no import/export, so it parses as a function body too.
  assert.doesNotThrow(() => new Function(CONSOLE_JS));
  assert.throws(() => new Function(CONSOLE_JS + "\n}"), SyntaxError);
});

Deno.test("paste: /console/api/servers/{id}/metadata/… answers what the guest reads, to whoever may see the server", async () => {
  const h = await startCompute({
    pipeline: "paste",
    config: {
      console_ui: { enabled: true },
      deno: { fake_boot_seconds: 0 },
      virt: { fake_delete_seconds: 0 },
    },
  });
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
  const request = new Request("http://cloud/console/api/servers/x/metadata/openstack", {
    headers: { "X-Auth-Token": "t" },
  });
  environ(request).scriptName = "/console";
  environ(request).pathInfo = "/api/servers/x/metadata/openstack";
  const res = await app(request);
  assert.equal(res.status, 404);
  await res.body?.cancel();
});
