import assert from "node:assert/strict";
import { PasteError } from "../../lib/paste/error.ts";
import { buildPipeline, loadPasteApp, pasteLoaderOf } from "../../lib/paste/loader.ts";
import type { FactoryTable } from "../../lib/paste/types.ts";
import { URLMAP_COMPOSITES } from "../../lib/paste/urlmap.ts";
import { ask, type BuildRecord, stubApp, stubFilter } from "./_stubs.ts";

const FILE = "api-paste.ini";

function table(built: BuildRecord[]): FactoryTable<unknown> {
  return {
    apps: { "t:App": stubApp(built, "t:App"), "egg:Demo#app": stubApp(built, "egg:Demo#app") },
    filters: {
      "t:Filter": stubFilter(built, "t:Filter"),
      "egg:Demo#filter": stubFilter(built, "egg:Demo#filter"),
    },
    composites: {
      ...URLMAP_COMPOSITES,
      "t:by_strategy": (loader, ctx) => buildPipeline(loader, ctx.localConf.chosen.split(/\s+/)),
    },
  };
}

async function load(text: string, name: string, globalConf?: Record<string, string>) {
  const built: BuildRecord[] = [];
  const app = await loadPasteApp<unknown>({
    file: FILE,
    text,
    name,
    table: table(built),
    runtime: { tag: "runtime" },
    globalConf,
  });
  return { app, built };
}

async function loadError(text: string, name: string, message: string): Promise<BuildRecord[]> {
  const built: BuildRecord[] = [];
  await assert.rejects(
    loadPasteApp<unknown>({ file: FILE, text, name, table: table(built), runtime: null }),
    (error: unknown) => {
      assert.ok(error instanceof PasteError, String(error));
      assert.equal(error.message, message);
      assert.equal(error.file, FILE);
      return true;
    },
  );
  return built;
}

const FILTERS = "[filter:a]\npaste.filter_factory = t:Filter\n" +
  "[filter:b]\npaste.filter_factory = t:Filter\n" +
  "[filter:c]\npaste.filter_factory = t:Filter\n" +
  "[app:main]\npaste.app_factory = t:App\n";

Deno.test("loader: a pipeline runs its filters outermost first", async () => {
  const { app, built } = await load(`[pipeline:p]\npipeline = a b\n  c main\n${FILTERS}`, "p");
  const answer = await ask(app, "/x");
  assert.deepEqual(answer.trail, ["filter:a", "filter:b", "filter:c"]);
  assert.equal(answer.app, "app:main");
  // Like PasteDeploy, the application is built first, then the filters in order.
  assert.deepEqual(built.map((b) => b.ctx.section), [
    "app:main",
    "filter:a",
    "filter:b",
    "filter:c",
  ]);
  assert.deepEqual(built[0].ctx.runtime, { tag: "runtime" });
});

Deno.test("loader: pipelines may end in another pipeline or a composite", async () => {
  const text = `[pipeline:outer]\npipeline = a inner\n[pipeline:inner]\npipeline = b main\n` +
    `[pipeline:to_map]\npipeline = c map\n[composite:map]\nuse = egg:Paste#urlmap\n/v1 = inner\n` +
    FILTERS;
  assert.deepEqual((await ask((await load(text, "outer")).app, "/")).trail, [
    "filter:a",
    "filter:b",
  ]);
  const answer = await ask((await load(text, "to_map")).app, "/v1/x");
  assert.deepEqual(answer.trail, ["filter:c", "filter:b"]);
  assert.equal(answer.scriptName, "/v1");
});

Deno.test("loader: a dotted name missing from the table stops loading", async () => {
  const built = await loadError(
    `[pipeline:p]\npipeline = a foo main\n[filter:foo]\npaste.filter_factory = x.y:Z.factory\n${FILTERS}`,
    "p",
    "api-paste.ini: [filter:foo] paste.filter_factory = x.y:Z.factory is not implemented by this port",
  );
  assert.deepEqual(built, [], "nothing is built when the plan is incomplete");
  await loadError(
    "[app:x]\npaste.app_factory = nova.api:Missing.factory\n",
    "x",
    "api-paste.ini: [app:x] paste.app_factory = nova.api:Missing.factory is not implemented by this port",
  );
  await loadError(
    "[app:x]\npaste.app_factory = constructor\n",
    "x",
    "api-paste.ini: [app:x] paste.app_factory = constructor is not implemented by this port",
  );
  await loadError(
    "[filter:x]\nuse = egg:Paste#nothing\n[pipeline:p]\npipeline = x main\n" +
      "[app:main]\npaste.app_factory = t:App\n",
    "p",
    "api-paste.ini: [filter:x] use = egg:Paste#nothing is not implemented by this port",
  );
  await loadError(
    "[composite:x]\nuse = call:nova.api.auth:pipeline_factory\n",
    "x",
    "api-paste.ini: [composite:x] use = call:nova.api.auth:pipeline_factory is not implemented by this port",
  );
  await loadError(
    "[composite:x]\nuse = config:other.ini\n",
    "x",
    "api-paste.ini: [composite:x] use = config:other.ini is not supported by this port (config:)",
  );
});

Deno.test("loader: unknown and ambiguous references name who asked", async () => {
  await loadError(
    `[pipeline:p]\npipeline = a nope main\n${FILTERS}`,
    "p",
    'api-paste.ini: [pipeline:p] refers to filter "nope", but there is no [filter:nope] section',
  );
  await loadError(
    `[pipeline:p]\npipeline = a gone\n${FILTERS}`,
    "p",
    'api-paste.ini: [pipeline:p] refers to application "gone", but there is no [app:gone], ' +
      "[composite:gone], [pipeline:gone] or [filter-app:gone] section",
  );
  await loadError(
    FILTERS,
    "osapi_compute",
    'api-paste.ini: no application "osapi_compute": there is no [app:osapi_compute], ' +
      "[composite:osapi_compute], [pipeline:osapi_compute] or [filter-app:osapi_compute] section",
  );
  await loadError(
    `[pipeline:main]\npipeline = main\n${FILTERS}`,
    "main",
    'api-paste.ini: application "main" is ambiguous: [app:main] and [pipeline:main] both define it',
  );
  await loadError(
    `[composite:m]\nuse = egg:Paste#urlmap\n/ = missing\n${FILTERS}`,
    "m",
    'api-paste.ini: [composite:m] refers to application "missing", but there is no ' +
      "[app:missing], [composite:missing], [pipeline:missing] or [filter-app:missing] section",
  );
  // "a" is a filter section, not an application.
  await loadError(
    `[pipeline:p]\npipeline = main a\n${FILTERS}`,
    "p",
    'api-paste.ini: [pipeline:p] refers to application "a", but there is no [app:a], ' +
      "[composite:a], [pipeline:a] or [filter-app:a] section",
  );
});

Deno.test("loader: loops are reported instead of recursing forever", async () => {
  await loadError(
    `[pipeline:p]\npipeline = a q\n[pipeline:q]\npipeline = b p\n${FILTERS}`,
    "p",
    "api-paste.ini: [pipeline:p] refers back to itself (pipeline:p → pipeline:q → pipeline:p)",
  );
  await loadError(
    "[composite:m]\nuse = egg:Paste#urlmap\n/ = m\n",
    "m",
    "api-paste.ini: [composite:m] refers back to itself (composite:m → composite:m)",
  );
});

Deno.test("loader: pipeline sections take nothing but pipeline and set", async () => {
  await loadError(
    `[pipeline:p]\npipeline = a main\nextra = 1\n${FILTERS}`,
    "p",
    'api-paste.ini: [pipeline:p] may only set "pipeline" (and "set …" keys), not extra',
  );
  await loadError(
    `[pipeline:p]\npipeline =\n${FILTERS}`,
    "p",
    "api-paste.ini: [pipeline:p] pipeline is empty",
  );
  await loadError(
    "[app:x]\nroot = /\n",
    "x",
    "api-paste.ini: [app:x] says nothing to build: expected one of use, paste.app_factory, " +
      "paste.composite_factory",
  );
  await loadError(
    "[app:x]\npaste.app_factory = t:App\npaste.composite_factory = t:by_strategy\n",
    "x",
    "api-paste.ini: [app:x] names more than one factory (paste.app_factory, paste.composite_factory)",
  );
});

Deno.test("loader: set overrides the global conf for a section and what it loads", async () => {
  const text = "[DEFAULT]\ndebug = false\nlevel = 1\n" +
    "[pipeline:p]\nset debug = true\npipeline = a main\n" +
    "[pipeline:q]\npipeline = a main\n" +
    "[filter:a]\npaste.filter_factory = t:Filter\nset level = 2\nopt = %(level)s\n" +
    "[app:main]\npaste.app_factory = t:App\n";
  const viaP = (await load(text, "p")).built;
  const viaQ = (await load(text, "q")).built;
  const conf = (built: BuildRecord[], section: string) =>
    built.find((b) => b.ctx.section === section)?.ctx;
  assert.equal(conf(viaP, "app:main")?.globalConf.debug, "true");
  assert.equal(conf(viaP, "filter:a")?.globalConf.debug, "true");
  assert.equal(conf(viaP, "filter:a")?.globalConf.level, "2");
  assert.equal(conf(viaP, "app:main")?.globalConf.level, "1", "a filter's set stays its own");
  assert.equal(conf(viaQ, "app:main")?.globalConf.debug, "false");
  // Interpolation reads the file, not the overrides; set keys do not reach localConf.
  assert.deepEqual(conf(viaQ, "filter:a")?.localConf, { opt: "1" });
});

Deno.test("loader: localConf holds the section's own keys, minus [DEFAULT] ones", async () => {
  const text = "[DEFAULT]\nshared = d\nport = 8774\n" +
    "[app:a]\npaste.app_factory = t:App\nshared = mine\nroot = %(here)s/www\n" +
    "get listen = port\nrequire = Paste\n";
  const built: BuildRecord[] = [];
  await loadPasteApp<unknown>({
    file: "/etc/nova/api-paste.ini",
    text,
    name: "a",
    table: table(built),
    runtime: null,
    globalConf: { port: "1", extra: "x" },
  });
  const ctx = built[0].ctx;
  // PasteDeploy drops section keys that also exist in [DEFAULT].
  assert.deepEqual(ctx.localConf, { root: "/etc/nova/www", listen: "1" });
  assert.deepEqual(ctx.globalConf, {
    here: "/etc/nova",
    __file__: "/etc/nova/api-paste.ini",
    shared: "d",
    port: "1",
    extra: "x",
  });
  assert.equal(ctx.section, "app:a");
  assert.equal(ctx.file, "/etc/nova/api-paste.ini");
});

Deno.test("loader: use = another section lays this section's keys over it", async () => {
  const text = "[filter:base]\npaste.filter_factory = t:Filter\na = 1\nb = 1\n" +
    "[filter:derived]\nuse = base\nb = 2\n" +
    "[filter:egg]\nuse = egg:Demo#filter\nc = 3\n" +
    "[app:alias]\nuse = egg:Demo#app\n" +
    "[pipeline:p]\npipeline = derived egg alias\n";
  const { app, built } = await load(text, "p");
  assert.deepEqual(built.map((b) => [b.name, b.ctx.section, b.ctx.localConf]), [
    ["egg:Demo#app", "app:alias", {}],
    ["t:Filter", "filter:derived", { a: "1", b: "2" }],
    ["egg:Demo#filter", "filter:egg", { c: "3" }],
  ]);
  assert.deepEqual((await ask(app, "/")).trail, ["filter:derived", "filter:egg"]);
});

Deno.test("loader: absolute names work straight in a pipeline", async () => {
  const { app } = await load("[pipeline:p]\npipeline = egg:Demo#filter call:t:App\n", "p");
  const answer = await ask(app, "/");
  assert.deepEqual(answer.trail, ["pipeline:p"]);
  assert.equal(answer.app, "pipeline:p");
});

Deno.test("loader: filter-with and filter-app wrap an application", async () => {
  const text = `[app:wrapped]\npaste.app_factory = t:App\nfilter-with = a\n` +
    `[filter-app:fa]\npaste.filter_factory = t:Filter\nnext = wrapped\n` +
    `[filter:chained]\npaste.filter_factory = t:Filter\nfilter-with = b\n` +
    `[pipeline:p]\npipeline = chained fa\n${FILTERS}`;
  const answer = await ask((await load(text, "p")).app, "/");
  assert.deepEqual(answer.trail, ["filter:b", "filter:chained", "filter-app:fa", "filter:a"]);
  assert.equal(answer.app, "app:wrapped");
});

Deno.test("loader: a composite builds pipelines from names with buildPipeline", async () => {
  const text = `[composite:c]\nuse = call:t:by_strategy\nchosen = c b a main\n${FILTERS}`;
  const { app, built } = await load(text, "c");
  assert.deepEqual((await ask(app, "/")).trail, ["filter:c", "filter:b", "filter:a"]);
  // Nova's _load_pipeline builds each filter in order, then the application.
  assert.deepEqual(built.map((b) => b.ctx.section), [
    "filter:c",
    "filter:b",
    "filter:a",
    "app:main",
  ]);
  await loadError(
    `[composite:c]\nuse = call:t:by_strategy\nchosen = a zzz main\n${FILTERS}`,
    "c",
    'api-paste.ini: [composite:c] refers to filter "zzz", but there is no [filter:zzz] section',
  );
});

Deno.test("loader: pasteLoaderOf only accepts loaders it made", () => {
  assert.throws(
    () => pasteLoaderOf(() => Promise.resolve(() => Promise.resolve(new Response()))),
    TypeError,
  );
});

Deno.test("loader: syntax errors surface with their line", async () => {
  await loadError(
    "[app:x]\npaste.app_factory = t:App\noops\n",
    "x",
    'api-paste.ini:3: expected "key = value", "key: value" or "[section]", found "oops"',
  );
  await loadError(
    "[app:x]\npaste.app_factory = t:App\nbad = %(nothing)s\n",
    "x",
    "api-paste.ini:3: [app:x] bad: %(nothing)s names nothing in this section or [DEFAULT]",
  );
});
