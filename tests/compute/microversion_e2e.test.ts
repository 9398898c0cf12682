/**
 * Microversion negotiation over real HTTP through the whole compute pipeline (noauth2), as Nova's
 * `wsgi.Resource` and `Fault` answer it: the echoed headers, `latest`, legacy and foreign headers,
 * 406 and 400 faults, and which documents are versioned at all.
 */
import assert from "node:assert/strict";
import { type Harness as Pipeline, read, startCompute } from "../support/compute.ts";

const VARY = ["OpenStack-API-Version", "X-OpenStack-Nova-API-Version"];

async function withPipeline(body: (p: Pipeline) => Promise<void>): Promise<void> {
  const p = await startCompute({ pipeline: "paste" });
  try {
    await body(p);
  } finally {
    await p.close();
  }
}

/** The version headers of a response (null when absent), with Vary split into its names. */
function versionOf(headers: Headers) {
  return {
    current: headers.get("openstack-api-version"),
    legacy: headers.get("x-openstack-nova-api-version"),
    vary: headers.get("vary")?.split(",").map((v) => v.trim()) ?? null,
  };
}

function assertEchoes(headers: Headers, version: string, label: string): void {
  assert.deepEqual(
    versionOf(headers),
    { current: `compute ${version}`, legacy: version, vary: VARY },
    label,
  );
}

function assertUnversioned(headers: Headers, label: string): void {
  assert.deepEqual(versionOf(headers), { current: null, legacy: null, vary: null }, label);
}

function assertRequestIds(headers: Headers, label: string): void {
  const id = headers.get("x-openstack-request-id");
  assert.match(
    id ?? "",
    /^req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    label,
  );
  assert.equal(headers.get("x-compute-request-id"), id, label);
}

/** A Nova fault: JSON with charset, exactly one key, whose value holds the code and message. */
function assertFault(
  r: { status: number; headers: Headers; body: unknown },
  status: number,
  name: string,
  message: string,
  label: string,
): void {
  assert.equal(r.status, status, label);
  assert.equal(r.headers.get("content-type"), "application/json; charset=UTF-8", label);
  assert.deepEqual(r.body, { [name]: { code: status, message } }, label);
}

Deno.test("no version header: 2.1, echoed in both headers with Vary naming both", async () => {
  await withPipeline(async (p) => {
    const r = await read(await p.fetch("/v2.1/flavors/1"));
    assert.equal(r.status, 200);
    assertEchoes(r.headers, "2.1", "default");
    assertRequestIds(r.headers, "default");
    // 2.1 shows no description (2.55) and no extra_specs (2.61).
    assert.equal("description" in r.body.flavor, false);
    assert.equal("extra_specs" in r.body.flavor, false);
  });
});

Deno.test("latest is the maximum, 2.104, and behaves as it", async () => {
  await withPipeline(async (p) => {
    for (
      const init of [{ version: "latest" }, {
        headers: { "X-OpenStack-Nova-API-Version": "latest" },
      }]
    ) {
      const r = await read(await p.fetch("/v2.1/flavors/1", init));
      assert.equal(r.status, 200);
      assertEchoes(r.headers, "2.104", JSON.stringify(init));
      assert.equal(r.body.flavor.description, null);
      assert.deepEqual(r.body.flavor.extra_specs, {});
      assert.equal("rxtx_factor" in r.body.flavor, false, "dropped at 2.102");
    }
  });
});

Deno.test("the legacy header alone, both headers (the new one wins), a foreign service's", async () => {
  await withPipeline(async (p) => {
    const cases: [Record<string, string>, string][] = [
      [{ "X-OpenStack-Nova-API-Version": "2.55" }, "2.55"],
      [{ "OpenStack-API-Version": "compute 2.60", "X-OpenStack-Nova-API-Version": "2.20" }, "2.60"],
      [{ "OpenStack-API-Version": "volume 3.0" }, "2.1"],
      [{ "OpenStack-API-Version": "volume 3.0", "X-OpenStack-Nova-API-Version": "2.33" }, "2.33"],
      [{ "OpenStack-API-Version": "volume 3.0, compute 2.44" }, "2.44"],
      [{ "OpenStack-API-Version": "compute 2.7, compute 2.9" }, "2.9"],
      [{ "openstack-api-version": "COMPUTE 2.61" }, "2.61"],
    ];
    for (const [headers, expected] of cases) {
      const r = await read(await p.fetch("/v2.1/flavors", { headers }));
      assert.equal(r.status, 200, JSON.stringify(headers));
      assertEchoes(r.headers, expected, JSON.stringify(headers));
    }
  });
});

Deno.test("a version outside 2.1..2.104 is a 406 computeFault echoing it", async () => {
  await withPipeline(async (p) => {
    for (const version of ["2.999", "3.0", "1.1", "2.0", "2.105"]) {
      for (
        const headers of [
          { "OpenStack-API-Version": `compute ${version}` },
          { "X-OpenStack-Nova-API-Version": version },
        ] as Record<string, string>[]
      ) {
        const label = JSON.stringify(headers);
        const r = await read(await p.fetch("/v2.1/flavors", { headers }));
        assertFault(
          r,
          406,
          "computeFault",
          `Version ${version} is not supported by the API. Minimum is 2.1 and maximum is 2.104.`,
          label,
        );
        assertEchoes(r.headers, version, label);
        assertRequestIds(r.headers, label);
      }
    }
  });
});

Deno.test("a malformed version is a 400 badRequest and echoes nothing", async () => {
  await withPipeline(async (p) => {
    for (const version of ["2.latest", "abc", "2.01", "02.1", "2", "LATEST", "2.1.1", "2.5 x"]) {
      const label = version;
      const r = await read(await p.fetch("/v2.1/flavors", { version }));
      assertFault(
        r,
        400,
        "badRequest",
        `API Version String ${version} is of invalid format. Must be of format MajorNum.MinorNum.`,
        label,
      );
      // Nova's request keeps its null version when the string does not parse.
      assertUnversioned(r.headers, label);
      assertRequestIds(r.headers, label);
    }
  });
});

Deno.test("faults from controllers carry the negotiated version too", async () => {
  await withPipeline(async (p) => {
    const missing = await read(await p.fetch("/v2.1/flavors/no-such-flavor", { version: "2.61" }));
    assertFault(missing, 404, "itemNotFound", "Flavor no-such-flavor could not be found.", "404");
    assertEchoes(missing.headers, "2.61", "404");
    assertRequestIds(missing.headers, "404");

    const forbidden = await read(
      await p.fetch("/v2.1/flavors", {
        version: "2.75",
        token: "demo:demo",
        json: { flavor: { name: "x", ram: 1, vcpus: 1, disk: 1 } },
      }),
    );
    assert.equal(forbidden.status, 403);
    assertEchoes(forbidden.headers, "2.75", "403");

    const bad = await read(await p.fetch("/v2.1/flavors", { version: "2.80", json: { x: 1 } }));
    assert.equal(bad.status, 400);
    assertEchoes(bad.headers, "2.80", "400");
  });
});

Deno.test("a handler outside its microversion range is a 404 fault at that version", async () => {
  await withPipeline(async (p) => {
    const body = { flavor: { description: "updated" } };
    const early = await read(
      await p.fetch("/v2.1/flavors/1", { method: "PUT", json: body, version: "2.54" }),
    );
    assertFault(early, 404, "itemNotFound", "The resource could not be found.", "2.54");
    assertEchoes(early.headers, "2.54", "2.54");

    const ok = await read(
      await p.fetch("/v2.1/flavors/1", { method: "PUT", json: body, version: "2.55" }),
    );
    assert.equal(ok.status, 200);
    assert.equal(ok.body.flavor.description, "updated");
    assertEchoes(ok.headers, "2.55", "2.55");
  });
});

Deno.test("an unmatched route never reaches negotiation: webob 404, no version headers", async () => {
  await withPipeline(async (p) => {
    for (const version of [undefined, "2.999", "abc", "2.50"]) {
      const label = String(version);
      const r = await read(
        await p.fetch("/v2.1/no-such-thing", { version, headers: { accept: "application/json" } }),
      );
      assert.equal(r.status, 404, label);
      assert.deepEqual(r.body, {
        message: "The resource could not be found.<br /><br />\n\n\n",
        code: "404 Not Found",
        title: "Not Found",
      }, label);
      assertUnversioned(r.headers, label);
      assertRequestIds(r.headers, label);
    }
  });
});

Deno.test("GET / and /v2 are unversioned; the /v2.1 document is a microversioned resource", async () => {
  await withPipeline(async (p) => {
    for (const version of [undefined, "2.50", "2.999", "abc"]) {
      const root = await read(await p.fetch("/", { version, token: null }));
      assert.equal(root.status, 200, `/ ${version}`);
      assertUnversioned(root.headers, `/ ${version}`);
      assert.equal(root.body.versions[1].version, "2.104");
      assert.equal(root.body.versions[1].min_version, "2.1");

      // legacy_v2_compatible drops the request's version headers and the response's.
      for (const path of ["/v2", "/v2/"]) {
        const legacy = await read(await p.fetch(path, { version, token: null }));
        assert.equal(legacy.status, 200, `${path} ${version}`);
        assert.equal(legacy.body.version.id, "v2.0");
        assertUnversioned(legacy.headers, `${path} ${version}`);
      }
    }
    // VersionsV2 keeps support_api_request_version: it negotiates and echoes like any resource.
    for (const path of ["/v2.1", "/v2.1/"]) {
      const plain = await read(await p.fetch(path, { token: null }));
      assert.equal(plain.status, 200);
      assert.equal(plain.body.version.id, "v2.1");
      assertEchoes(plain.headers, "2.1", path);
      assertRequestIds(plain.headers, path);

      const asked = await read(await p.fetch(path, { version: "2.50", token: null }));
      assertEchoes(asked.headers, "2.50", path);

      const tooHigh = await read(await p.fetch(path, { version: "2.999", token: null }));
      assertFault(
        tooHigh,
        406,
        "computeFault",
        "Version 2.999 is not supported by the API. Minimum is 2.1 and maximum is 2.104.",
        path,
      );
      assertEchoes(tooHigh.headers, "2.999", path);

      const bad = await read(await p.fetch(path, { version: "abc", token: null }));
      assert.equal(bad.status, 400);
      assertUnversioned(bad.headers, path);
    }
  });
});

Deno.test("request_log records the negotiated microversion, '-' when there was none", async () => {
  await withPipeline(async (p) => {
    const calls: [string, string | undefined, string][] = [
      ["/v2.1/flavors", "2.42", "200 .* microversion: 2.42 "],
      ["/v2.1/flavors", "2.999", "406 .* microversion: 2.999 "],
      ["/v2.1/flavors", "abc", "400 .* microversion: - "],
      ["/v2.1/nowhere", "2.42", "404 .* microversion: - "],
      ["/v2.1/", undefined, "200 .* microversion: 2.1 "],
      ["/", "2.42", "200 .* microversion: - "],
    ];
    for (const [path, version] of calls) {
      await (await p.fetch(path, { version })).arrayBuffer();
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (const [path, , pattern] of calls) {
      const uri = path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      const re = new RegExp(`"GET ${uri}" status: ${pattern}`);
      assert.ok(p.logs.some((line) => re.test(line)), `${re} in\n${p.logs.join("\n")}`);
    }
  });
});
