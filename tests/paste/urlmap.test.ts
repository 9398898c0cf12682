import assert from "node:assert/strict";
import { environ } from "../../lib/http/environ.ts";
import type { Handler } from "../../lib/http/types.ts";
import { PasteError } from "../../lib/paste/error.ts";
import { mountPoint, parsePathExpression } from "../../lib/paste/mount_path.ts";
import type { AppLoader, FactoryContext } from "../../lib/paste/types.ts";
import {
  BEST_CONTENT_TYPE_NOTE,
  pasteUrlmapFactory,
  UrlMap,
  urlmapFactory,
} from "../../lib/paste/urlmap.ts";

/** An app answering with its name, the environ split and the content-type note. */
function named(name: string): Handler {
  return (request) => {
    const env = environ(request);
    return Promise.resolve(Response.json({
      app: name,
      scriptName: env.scriptName,
      pathInfo: env.pathInfo,
      best: env.notes[BEST_CONTENT_TYPE_NOTE] ?? null,
    }));
  };
}

const loader: AppLoader = (name) => Promise.resolve(named(name));

function ctx(localConf: Record<string, string>, globalConf = {}): FactoryContext<null> {
  return { localConf, globalConf, section: "composite:map", file: "api-paste.ini", runtime: null };
}

/** The mounts of Nova's `[composite:osapi_compute]`. */
const NOVA_MOUNTS = {
  "/": "versions",
  "/v2": "legacy_version",
  "/v2.1": "version",
  "/v2/+": "legacy_api",
  "/v2.1/+": "api",
};

async function call(app: Handler, path: string, headers?: HeadersInit, host = "localhost") {
  const response = await app(new Request(`http://${host}${path}`, { headers }));
  if (response.status !== 200) return { status: response.status, body: await response.text() };
  return { status: 200, ...(await response.json()) };
}

Deno.test("parsePathExpression: paths, domains and ports", () => {
  assert.equal(parsePathExpression("/v2.1/+"), "/v2.1/+");
  assert.equal(parsePathExpression("/"), "/");
  assert.equal(parsePathExpression("domain example.com /api"), "http://example.com//api");
  assert.equal(parsePathExpression("domain example.com port 8080"), "http://example.com:8080");
  assert.equal(parsePathExpression("port 80 domain h /x"), "http://h:80//x");
  for (const bad of ["domain", "port 80 /", "domain a domain b", "/a /b", "port 1 port 2"]) {
    assert.throws(() => parsePathExpression(bad), Error, bad);
  }
});

Deno.test("mountPoint: collapses slashes and drops the trailing one", () => {
  assert.deepEqual(mountPoint("/"), { domain: undefined, path: "" });
  assert.deepEqual(mountPoint(""), { domain: undefined, path: "" });
  assert.deepEqual(mountPoint("//v2.1//"), { domain: undefined, path: "/v2.1" });
  assert.deepEqual(mountPoint("/v2.1/+"), { domain: undefined, path: "/v2.1/+" });
  assert.deepEqual(mountPoint("http://example.com:8080//api/"), {
    domain: "example.com:8080",
    path: "/api",
  });
  assert.deepEqual(mountPoint("https://example.com"), { domain: "example.com", path: "" });
  assert.throws(() => mountPoint("v2"), /must start with \/ or http:\/\//);
});

Deno.test("UrlMap: host-specific mounts first, then longest path", () => {
  const map = new UrlMap();
  const app = named("x");
  for (const url of ["/", "/v2.1/+", "/v2", "http://b.example/", "/v2.1", "http://a.example/v"]) {
    map.mount(url, app);
  }
  map.mount("/v2/", app); // replaces "/v2"
  assert.deepEqual(map.mounts.map((m) => [m.domain ?? "*", m.path]), [
    ["a.example", "/v"],
    ["b.example", ""],
    ["*", "/v2.1/+"],
    ["*", "/v2.1"],
    ["*", "/v2"],
    ["*", ""],
  ]);
});

/** path → [app, scriptName, pathInfo], Nova's urlmap over Nova's mounts. */
const NOVA_ROUTES: [string, string, string, string][] = [
  ["/", "versions", "", "/"],
  ["/v21", "versions", "", "/v21"],
  ["/v2.10", "versions", "", "/v2.10"],
  ["/bar/baz", "versions", "", "/bar/baz"],
  ["/v2", "legacy_version", "/v2", ""],
  ["/v2/", "legacy_version", "/v2", "/"],
  ["/v2.1", "version", "/v2.1", ""],
  ["/v2.1/", "version", "/v2.1", "/"],
  ["/v2.1//", "version", "/v2.1", "/"],
  ["/v2.1/flavors", "api", "/v2.1", "/flavors"],
  ["//v2.1//flavors", "api", "/v2.1", "/flavors"],
  ["/v2.1/+", "api", "/v2.1", "/+"],
  ["/v2/servers", "legacy_api", "/v2", "/servers"],
  ["/v2/foo", "legacy_api", "/v2", "/foo"],
];

Deno.test("urlmapFactory: Nova's /+ mounts and prefix split", async (t) => {
  const app = await urlmapFactory(loader, ctx(NOVA_MOUNTS));
  for (const [path, name, scriptName, pathInfo] of NOVA_ROUTES) {
    await t.step(path, async () => {
      assert.deepEqual(await call(app, path), {
        status: 200,
        app: name,
        scriptName,
        pathInfo,
        best: "application/json",
      });
    });
  }
});

Deno.test("urlmapFactory: appends to an existing scriptName", async () => {
  const app = await urlmapFactory(loader, ctx(NOVA_MOUNTS));
  const request = new Request("http://localhost/v2.1/servers");
  const env = environ(request);
  env.scriptName = "/compute";
  env.pathInfo = "/v2.1/servers";
  const body = await (await app(request)).json();
  assert.deepEqual([body.scriptName, body.pathInfo], ["/compute/v2.1", "/servers"]);
});

Deno.test("urlmapFactory: version= in Content-Type or Accept picks the mount", async () => {
  const app = await urlmapFactory(loader, ctx(NOVA_MOUNTS));
  const pick = async (path: string, headers: HeadersInit) => {
    const body = await call(app, path, headers);
    return [body.app, body.scriptName, body.pathInfo, body.best];
  };
  // Only scriptName moves; pathInfo stays as it was.
  assert.deepEqual(await pick("/", { "content-type": "application/json;version=2" }), [
    "legacy_version",
    "/v2",
    "/",
    "application/json",
  ]);
  assert.deepEqual(await pick("/", { accept: "application/json;version=2.1" }), [
    "version",
    "/v2.1",
    "/",
    "application/json",
  ]);
  assert.deepEqual(
    await pick("/", {
      "content-type": "application/json;version=2.1",
      accept: "application/xml;q=0.8, application/json",
    }),
    ["version", "/v2.1", "/", "application/json"],
  );
  // A version mount in the path wins over the headers.
  assert.deepEqual(await pick("/v2.1/flavors", { accept: "application/json;version=2" }), [
    "api",
    "/v2.1",
    "/flavors",
    "application/json",
  ]);
  // An unknown version falls back to the path.
  assert.deepEqual(await pick("/x", { accept: "application/json;version=9" }), [
    "versions",
    "",
    "/x",
    "application/json",
  ]);
});

Deno.test("urlmapFactory: records the media type it chose", async () => {
  const app = await urlmapFactory(loader, ctx(NOVA_MOUNTS));
  const best = async (path: string, accept?: string) =>
    (await call(app, path, accept ? { accept } : undefined)).best;
  assert.equal(await best("/v2.1/servers.json"), "application/json");
  assert.equal(
    await best("/v2.1/servers", "application/vnd.openstack.compute+json"),
    "application/vnd.openstack.compute+json",
  );
  assert.equal(await best("/v2.1/servers", "text/html"), "application/json");
  assert.equal(await best("/", "application/atom+xml"), "application/atom+xml");
  assert.equal(await best("/v2.1/", "application/atom+xml"), "application/atom+xml");
  assert.equal(await best("/v2.1/servers", "application/atom+xml"), "application/json");
});

Deno.test("pasteUrlmapFactory: plain prefixes, /+ is just a path", async () => {
  const app = await pasteUrlmapFactory(loader, ctx(NOVA_MOUNTS));
  const route = async (path: string, headers?: HeadersInit) => {
    const body = await call(app, path, headers);
    return [body.app, body.scriptName, body.pathInfo];
  };
  assert.deepEqual(await route("/v2.1/flavors"), ["version", "/v2.1", "/flavors"]);
  assert.deepEqual(await route("//v2//servers"), ["legacy_version", "/v2", "/servers"]);
  assert.deepEqual(await route("/v2.1/+/x"), ["api", "/v2.1/+", "/x"]);
  assert.deepEqual(await route("/", { accept: "application/json;version=2" }), [
    "versions",
    "",
    "/",
  ]);
  assert.equal((await call(app, "/v2.1")).best, null);
});

Deno.test("urlmap: domains, not found and not_found_app", async () => {
  for (const factory of [urlmapFactory, pasteUrlmapFactory]) {
    const app = await factory(
      loader,
      ctx({ "domain api.example /": "api", "domain admin.example port 8080 /": "admin" }),
    );
    assert.equal((await call(app, "/x", undefined, "API.example")).app, "api");
    assert.equal((await call(app, "/x", undefined, "admin.example:8080")).app, "admin");
    assert.equal((await call(app, "/x", undefined, "admin.example")).status, 404);
    const missing = await call(app, "/x", undefined, "other.example");
    assert.deepEqual(missing, {
      status: 404,
      body: "404 Not Found\n\nThe resource could not be found.\n",
    });

    const withFallback = await factory(loader, ctx({ "/only": "only", not_found_app: "nf" }));
    assert.equal((await call(withFallback, "/else")).app, "nf");
    const fromGlobal = await factory(loader, ctx({ "/only": "only" }, { not_found_app: "g" }));
    assert.equal((await call(fromGlobal, "/else")).app, "g");
  }
});

Deno.test("urlmap: a bad mount key is a PasteError naming the section", async () => {
  await assert.rejects(
    urlmapFactory(loader, ctx({ "v2": "x" })),
    (error: unknown) => {
      assert.ok(error instanceof PasteError);
      assert.equal(
        error.message,
        'api-paste.ini: [composite:map] v2: a mount path must start with / or http:// (got "v2")',
      );
      return true;
    },
  );
  await assert.rejects(
    pasteUrlmapFactory(loader, ctx({ "domain": "x" })),
    /\[composite:map\] domain: "domain" must be followed by a value/,
  );
});
