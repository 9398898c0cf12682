import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { loadPasteApp } from "../../lib/paste/loader.ts";
import { ask, type BuildRecord, novaStubTable, type StubRuntime } from "./_stubs.ts";

const RELEASES = ["master", "2026.1", "zed"] as const;

function fixture(release: string): string {
  return fileURLToPath(new URL(`../fixtures/paste/api-paste.${release}.ini`, import.meta.url));
}

async function load(release: string, name: string, authStrategy = "keystone") {
  const built: BuildRecord[] = [];
  const file = fixture(release);
  const runtime: StubRuntime = { authStrategy };
  const app = await loadPasteApp<unknown>({
    file,
    text: await Deno.readTextFile(file),
    name,
    table: novaStubTable(built),
    runtime,
  });
  return { app, built, file };
}

const VERSIONS_TRAIL = [
  "filter:cors",
  "filter:faultwrap",
  "filter:request_log",
  "filter:http_proxy_to_wsgi",
];
const VERSION_V2_TRAIL = [
  "filter:cors",
  "filter:compute_req_id",
  "filter:faultwrap",
  "filter:request_log",
  "filter:http_proxy_to_wsgi",
];
const V21_BEFORE_AUTH = [
  "filter:cors",
  "filter:http_proxy_to_wsgi",
  "filter:compute_req_id",
  "filter:faultwrap",
  "filter:request_log",
  "filter:sizelimit",
  "filter:osprofiler",
];
const KEYSTONE = ["filter:authtoken", "filter:keystonecontext"];
const LEGACY = "filter:legacy_v2_compatible";

/** path → [app section, scriptName, pathInfo, filters the request went through]. */
const OSAPI_ROUTES: [string, string, string, string, string[]][] = [
  ["/", "app:oscomputeversionapp", "", "/", VERSIONS_TRAIL],
  ["/v21", "app:oscomputeversionapp", "", "/v21", VERSIONS_TRAIL],
  ["/bar/baz", "app:oscomputeversionapp", "", "/bar/baz", VERSIONS_TRAIL],
  ["/v2.1", "app:oscomputeversionapp_v2", "/v2.1", "", VERSION_V2_TRAIL],
  ["/v2.1/", "app:oscomputeversionapp_v2", "/v2.1", "/", VERSION_V2_TRAIL],
  ["/v2", "app:oscomputeversionapp_v2", "/v2", "", [...VERSION_V2_TRAIL, LEGACY]],
  ["/v2/", "app:oscomputeversionapp_v2", "/v2", "/", [...VERSION_V2_TRAIL, LEGACY]],
  ["/v2.1/flavors", "app:osapi_compute_app_v21", "/v2.1", "/flavors", [
    ...V21_BEFORE_AUTH,
    ...KEYSTONE,
  ]],
  ["//v2.1//flavors", "app:osapi_compute_app_v21", "/v2.1", "/flavors", [
    ...V21_BEFORE_AUTH,
    ...KEYSTONE,
  ]],
  ["/v2.1/servers/detail", "app:osapi_compute_app_v21", "/v2.1", "/servers/detail", [
    ...V21_BEFORE_AUTH,
    ...KEYSTONE,
  ]],
  ["/v2/servers", "app:osapi_compute_app_v21", "/v2", "/servers", [
    ...V21_BEFORE_AUTH,
    ...KEYSTONE,
    LEGACY,
  ]],
];

for (const release of RELEASES) {
  Deno.test(`reference ${release}: osapi_compute routes like Nova's urlmap`, async (t) => {
    const { app } = await load(release, "osapi_compute");
    for (const [path, section, scriptName, pathInfo, trail] of OSAPI_ROUTES) {
      await t.step(path, async () => {
        const answer = await ask(app, path);
        assert.deepEqual(answer, { status: 200, app: section, scriptName, pathInfo, trail });
      });
    }
  });

  Deno.test(`reference ${release}: metadata serves everything through meta`, async () => {
    const { app } = await load(release, "metadata");
    for (const path of ["/", "/openstack/latest/meta_data.json", "/2009-04-04/meta-data/"]) {
      const answer = await ask(app, path);
      assert.deepEqual(answer, {
        status: 200,
        app: "app:metaapp",
        scriptName: "",
        pathInfo: path,
        trail: ["filter:cors", "filter:http_proxy_to_wsgi"],
      });
    }
  });

  Deno.test(`reference ${release}: every reference builds its own instance`, async () => {
    const { built, file } = await load(release, "osapi_compute");
    const count = (section: string) => built.filter((b) => b.ctx.section === section).length;
    // cors heads all five pipelines the urlmap mounts.
    assert.deepEqual(count("filter:cors"), 5);
    assert.deepEqual(count("app:osapi_compute_app_v21"), 2);
    assert.deepEqual(count("app:oscomputeversionapp_v2"), 2);
    assert.deepEqual(count("app:oscomputeversionapp"), 1);
    assert.deepEqual(count("filter:authtoken"), 2);
    const cors = built.find((b) => b.ctx.section === "filter:cors");
    assert.ok(cors);
    assert.deepEqual(cors.ctx.localConf, { oslo_config_project: "nova" });
    assert.deepEqual(cors.ctx.globalConf.__file__, file);
    assert.deepEqual(cors.ctx.file, file);
    const urlmap = built.filter((b) => b.kind === "composite");
    assert.deepEqual(urlmap.map((b) => b.ctx.section), [
      "composite:openstack_compute_api_v21_legacy_v2_compatible",
      "composite:openstack_compute_api_v21",
    ]);
  });
}

Deno.test("reference zed: the noauth2 strategy swaps the auth filters", async () => {
  const { app } = await load("zed", "osapi_compute", "noauth2");
  assert.deepEqual((await ask(app, "/v2.1/flavors")).trail, [...V21_BEFORE_AUTH, "filter:noauth2"]);
  assert.deepEqual((await ask(app, "/v2/flavors")).trail, [
    ...V21_BEFORE_AUTH,
    "filter:noauth2",
    LEGACY,
  ]);
});
