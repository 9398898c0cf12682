import assert from "node:assert/strict";
import { startCompute } from "../support/compute.ts";
import { consoleApp, contentSecurityPolicy } from "../../lib/console_ui/app.ts";
import { environ } from "../../lib/http/environ.ts";

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
