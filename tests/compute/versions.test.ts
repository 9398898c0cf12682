/**
 * The version documents: the root list and 300 choices (`Versions`, not microversioned) and the
 * single version document (`VersionsV2`, an ordinary microversioned resource), directly and over
 * HTTP through the whole pipeline.
 */
import assert from "node:assert/strict";
import { versionDocumentApp, versionsApp } from "../../lib/compute/versions.ts";
import { environ } from "../../lib/http/environ.ts";
import { NovaFault } from "../../lib/http/fault.ts";
import { type Harness as Pipeline, read, startCompute } from "../support/compute.ts";

const V20_MEDIA = [{
  base: "application/json",
  type: "application/vnd.openstack.compute+json;version=2",
}];
const V21_MEDIA = [{
  base: "application/json",
  type: "application/vnd.openstack.compute+json;version=2.1",
}];
const DESCRIBED_BY = { rel: "describedby", type: "text/html", href: "http://docs.openstack.org/" };

/** Nova's versions-get-resp sample, on `base`. */
function versionList(base: string) {
  return {
    versions: [
      {
        id: "v2.0",
        status: "DEPRECATED",
        version: "",
        min_version: "",
        updated: "2025-07-04T12:00:00Z",
        links: [{ rel: "self", href: `${base}/v2/` }],
      },
      {
        id: "v2.1",
        status: "CURRENT",
        version: "2.104",
        min_version: "2.1",
        updated: "2013-07-23T11:33:21Z",
        links: [{ rel: "self", href: `${base}/v2.1/` }],
      },
    ],
  };
}

/** Nova's v21-version-get-resp sample, with its self link. */
function v21Document(self: string) {
  return {
    version: {
      id: "v2.1",
      status: "CURRENT",
      version: "2.104",
      min_version: "2.1",
      updated: "2013-07-23T11:33:21Z",
      links: [{ rel: "self", href: self }, DESCRIBED_BY],
      "media-types": V21_MEDIA,
    },
  };
}

/** Nova's v2-version-get-resp sample, with its self link. */
function v20Document(self: string) {
  return {
    version: {
      id: "v2.0",
      status: "DEPRECATED",
      version: "",
      min_version: "",
      updated: "2025-07-04T12:00:00Z",
      links: [{ rel: "self", href: self }, DESCRIBED_BY],
      "media-types": V20_MEDIA,
    },
  };
}

function choices(base: string, path: string) {
  return {
    choices: [
      {
        id: "v2.0",
        status: "DEPRECATED",
        links: [{ rel: "self", href: `${base}/v2${path}` }],
        "media-types": V20_MEDIA,
      },
      {
        id: "v2.1",
        status: "CURRENT",
        links: [{ rel: "self", href: `${base}/v2.1${path}` }],
        "media-types": V21_MEDIA,
      },
    ],
  };
}

/** A request as the urlmap hands it over: mounted at `scriptName`, with `pathInfo` below it. */
function mounted(url: string, scriptName: string, pathInfo: string, headers?: HeadersInit) {
  const request = new Request(url, { headers });
  const env = environ(request);
  env.scriptName = scriptName;
  env.pathInfo = pathInfo;
  return request;
}

Deno.test("versionsApp: GET / lists both versions; other paths are 300 choices", async () => {
  const app = versionsApp();
  const root = await app(mounted("http://h:8774/", "", "/"));
  assert.equal(root.status, 200);
  assert.equal(root.headers.get("content-type"), "application/json");
  assert.deepEqual(await root.json(), versionList("http://h:8774"));
  const empty = await app(mounted("http://h:8774", "", ""));
  assert.deepEqual(await empty.json(), versionList("http://h:8774"));

  const multi = await app(mounted("http://h:8774/images/1", "", "/images/1"));
  assert.equal(multi.status, 300);
  assert.equal(multi.headers.get("content-type"), "application/json");
  assert.deepEqual(await multi.json(), choices("http://h:8774", "/images/1"));
  // Not microversioned: whatever the headers, no version headers and no version errors.
  const asked = await app(
    mounted("http://h:8774/", "", "/", { "OpenStack-API-Version": "compute 2.999" }),
  );
  assert.equal(asked.status, 200);
  assert.equal(asked.headers.get("openstack-api-version"), null);
  assert.equal(asked.headers.get("vary"), null);
});

Deno.test("versionsApp and versionDocumentApp apply [api] compute_link_prefix", async () => {
  const prefix = "https://api.example.com/compute";
  const list = await versionsApp({ linkPrefix: prefix })(mounted("http://10.0.0.1:8774/", "", "/"));
  assert.deepEqual(await list.json(), versionList(prefix));
  const multi = await versionsApp({ linkPrefix: prefix })(
    mounted("http://10.0.0.1:8774/servers", "", "/servers"),
  );
  assert.deepEqual(await multi.json(), choices(prefix, "/servers"));
  const doc = await versionDocumentApp({ linkPrefix: prefix })(
    mounted("http://10.0.0.1:8774/v2.1/", "/v2.1", "/"),
  );
  assert.deepEqual(await doc.json(), v21Document(`${prefix}/v2.1/`));
});

Deno.test("versionDocumentApp: v2.1 by default, v2.0 for a legacy request", async () => {
  const app = versionDocumentApp();
  const doc = await app(mounted("http://h:8774/v2.1", "/v2.1", ""));
  assert.equal(doc.status, 200);
  assert.equal(doc.headers.get("content-type"), "application/json");
  assert.deepEqual(await doc.json(), v21Document("http://h:8774/v2.1/"));

  const legacy = mounted("http://h:8774/v2/", "/v2", "/");
  environ(legacy).notes.legacyV2 = true;
  assert.deepEqual(await (await app(legacy)).json(), v20Document("http://h:8774/v2/"));
});

Deno.test("versionDocumentApp negotiates the microversion like any Nova resource", async () => {
  const app = versionDocumentApp();
  const plain = mounted("http://h/v2.1/", "/v2.1", "/");
  const res = await app(plain);
  assert.equal(res.headers.get("openstack-api-version"), "compute 2.1");
  assert.equal(res.headers.get("x-openstack-nova-api-version"), "2.1");
  assert.equal(res.headers.get("vary"), "OpenStack-API-Version, X-OpenStack-Nova-API-Version");
  assert.equal(environ(plain).apiVersion, "2.1", "for request_log");

  const asked = mounted("http://h/v2.1/", "/v2.1", "/", {
    "OpenStack-API-Version": "compute latest",
  });
  assert.equal((await app(asked)).headers.get("openstack-api-version"), "compute 2.104");

  const tooHigh = mounted("http://h/v2.1/", "/v2.1", "/", {
    "X-OpenStack-Nova-API-Version": "3.0",
  });
  await assert.rejects(
    async () => await app(tooHigh),
    (e: unknown) =>
      e instanceof NovaFault && e.status === 406 &&
      e.message === "Version 3.0 is not supported by the API. Minimum is 2.1 and maximum is 2.104.",
  );
  assert.equal(environ(tooHigh).apiVersion, "3.0", "faultwrap echoes it");

  const bad = mounted("http://h/v2.1/", "/v2.1", "/", { "OpenStack-API-Version": "compute 2.01" });
  await assert.rejects(
    async () => await app(bad),
    (e: unknown) => e instanceof NovaFault && e.status === 400,
  );
  assert.equal(environ(bad).apiVersion, undefined);
});

async function withPipeline(
  body: (p: Pipeline) => Promise<void>,
  env: Record<string, string> = {},
): Promise<void> {
  const p = await startCompute({ pipeline: "paste", env });
  try {
    await body(p);
  } finally {
    await p.close();
  }
}

Deno.test("over HTTP: /, /v2, /v2/, /v2.1, /v2.1/ and 300 choices without auth", async () => {
  await withPipeline(async (p) => {
    const root = await read(await p.fetch("/", { token: null }));
    assert.equal(root.status, 200);
    assert.deepEqual(root.body, versionList(p.origin));
    assert.equal(root.headers.get("x-openstack-request-id"), null, "no compute_req_id on /");

    for (const path of ["/v2", "/v2/"]) {
      const r = await read(await p.fetch(path, { token: null }));
      assert.equal(r.status, 200, path);
      assert.deepEqual(r.body, v20Document(`${p.origin}/v2/`), path);
      assert.equal(r.headers.get("vary"), null, path);
      assert.match(r.headers.get("x-openstack-request-id") ?? "", /^req-/);
    }
    for (const path of ["/v2.1", "/v2.1/"]) {
      const r = await read(await p.fetch(path, { token: null }));
      assert.equal(r.status, 200, path);
      assert.deepEqual(r.body, v21Document(`${p.origin}/v2.1/`), path);
      assert.equal(r.headers.get("openstack-api-version"), "compute 2.1", path);
      assert.match(r.headers.get("x-openstack-request-id") ?? "", /^req-/);
    }
    const multi = await read(await p.fetch("/servers/abc", { token: null }));
    assert.equal(multi.status, 300);
    assert.deepEqual(multi.body, choices(p.origin, "/servers/abc"));
  });
});

Deno.test("over HTTP: GET /v2.1/versions/{id} answers the version document, as Nova's route table has it", async () => {
  await withPipeline(async (p) => {
    const v21 = await read(await p.fetch("/v2.1/versions/v2.1"));
    assert.equal(v21.status, 200, v21.text);
    assert.deepEqual(v21.body, v21Document(`${p.origin}/v2.1/`));
    assert.equal(v21.headers.get("openstack-api-version"), "compute 2.1");
    const v20 = await read(await p.fetch("/v2.1/versions/v2.0"));
    assert.deepEqual(v20.body, v20Document(`${p.origin}/v2.1/`));
    // Under /v2 the legacy document answers whatever the id.
    const legacy = await read(await p.fetch("/v2/versions/v2.1"));
    assert.deepEqual(legacy.body, v20Document(`${p.origin}/v2/`));
    const missing = await read(await p.fetch("/v2.1/versions/v3"));
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, {
      itemNotFound: { code: 404, message: "The resource could not be found." },
    });
  });
});
