import assert from "node:assert/strict";
import {
  environ,
  hostUrl,
  parseableUrl,
  queryParams,
  requestTarget,
} from "../../lib/http/environ.ts";

Deno.test("environ: path, query and origin of an ordinary request", () => {
  const env = environ(new Request("http://h:8774/v2.1/flavors?limit=1&x=%20"));
  assert.equal(env.pathInfo, "/v2.1/flavors");
  assert.equal(env.query, "?limit=1&x=%20");
  assert.equal(env.origin, "http://h:8774");
  assert.equal(env.scriptName, "");
});

Deno.test("environ: an absolute-form target's host does not become the origin", () => {
  // What Deno hands over for `GET http://evil.example/v2.1/flavors` with `Host: cloud:8774`.
  const request = new Request("http://evil.example/v2.1/flavors?a=1", {
    headers: { host: "cloud:8774" },
  });
  assert.deepEqual(requestTarget(request), {
    scheme: "http",
    host: "cloud:8774",
    target: "/v2.1/flavors?a=1",
  });
  assert.equal(environ(request).origin, "http://cloud:8774");
  assert.equal(environ(request).pathInfo, "/v2.1/flavors");
  // A claimed https (or any other scheme) in the target is not how the client reached us.
  const https = new Request("https://evil.example/x", { headers: { host: "cloud" } });
  assert.equal(environ(https).origin, "http://cloud");
  const ftp = new Request("ftp://evil.example/x", { headers: { host: "cloud" } });
  assert.equal(environ(ftp).origin, "http://cloud");
});

Deno.test("environ: a Host with / or ? does not move the path or the query", () => {
  // Deno pastes the Host header in front of the path: `Host: a/b?c` gives this URL.
  const request = new Request("http://a/b?c/v2.1/flavors?limit=2", { headers: { host: "a/b?c" } });
  const env = environ(request);
  assert.equal(env.pathInfo, "/v2.1/flavors");
  assert.equal(env.query, "?limit=2");
  assert.equal(queryParams(request).get("limit"), "2");
  assert.equal(env.origin, "http://localhost", "not a host[:port]: no link names it");
});

Deno.test("environ: without a Host header the server's own name stands", () => {
  assert.equal(environ(new Request("http://localhost:8774/v2.1")).origin, "http://localhost:8774");
  const empty = new Request("http://localhost:8774/v2.1", { headers: { host: "" } });
  assert.equal(environ(empty).origin, "http://localhost:8774");
});

Deno.test("hostUrl: webob's host_url spelling", () => {
  assert.equal(hostUrl("http", "cloud.example:80"), "http://cloud.example");
  assert.equal(hostUrl("https", "cloud.example:443"), "https://cloud.example");
  assert.equal(hostUrl("http", "cloud.example:443"), "http://cloud.example:443");
  assert.equal(hostUrl("http", "Cloud.Example:8774"), "http://Cloud.Example:8774", "as written");
  assert.equal(hostUrl("http", "[::1]:8774"), "http://[::1]:8774");
  assert.equal(hostUrl("http", "[::1]"), "http://[::1]");
  assert.equal(hostUrl("http", "a b"), "http://localhost");
  assert.equal(hostUrl("http", "user@evil"), "http://localhost");
});

Deno.test("parseableUrl: a URL Deno could not have parsed is rebuilt on localhost", () => {
  const fine = new Request("http://h/x?y");
  assert.equal(parseableUrl(fine), "http://h/x?y");
  // A Request cannot be built with such a URL, so imitate the one Deno.serve hands over.
  const odd = new Request("http://h/v2.1?q", { headers: { host: "a b" } });
  Object.defineProperty(odd, "url", { value: "http://a b/v2.1?q" });
  assert.equal(parseableUrl(odd), "http://localhost/v2.1?q");
  assert.equal(environ(odd).pathInfo, "/v2.1");
});

Deno.test("environ: the origin of a Host seen before is the same, and each Host keeps its own", () => {
  const origin = (host: string) =>
    environ(new Request("http://x/v2.1", { headers: { host } })).origin;
  for (let i = 0; i < 300; i++) assert.equal(origin(`h${i}:80`), `http://h${i}`);
  assert.equal(origin("h0:8774"), "http://h0:8774");
  assert.equal(origin("h0:80"), "http://h0");
  assert.equal(origin("a b"), "http://localhost");
  assert.equal(origin("a b"), "http://localhost");
});
