import assert from "node:assert/strict";
import {
  assertMatchesSample,
  assertSameShape,
  assertTextMatchesSample,
  JsonFloat,
  parseExact,
  Placeholder,
  sample,
  sampleTemplate,
  shapeMismatches,
} from "./samples.ts";

const ROOT = new URL("../fixtures/api_samples/", import.meta.url);

async function samplePaths(dir = ""): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(new URL(dir, ROOT))) {
    if (entry.isDirectory) out.push(...await samplePaths(`${dir}${entry.name}/`));
    else if (entry.name.endsWith(".json")) out.push(dir + entry.name);
  }
  return out.sort();
}

// deno-lint-ignore no-explicit-any
const copy = (v: unknown): any => structuredClone(v);

Deno.test("every sample matches itself, parsed exactly and with JSON.parse", async () => {
  const paths = await samplePaths();
  assert.ok(paths.length > 50, `found only ${paths.length} samples`);
  for (const path of paths) {
    const text = await Deno.readTextFile(new URL(path, ROOT));
    // Every element of every array is checked against the first: this proves the samples'
    // arrays are homogeneous, so "compare with the first element" fits them.
    await assertTextMatchesSample(text, path);
    await assertMatchesSample(JSON.parse(text), path);
  }
});

Deno.test("a mismatch in the second array element is found, with its path", async () => {
  const body = copy(await sample("flavors/v2.75/flavors-detail-resp.json"));
  body.flavors[1].links[0].href = 42;
  assert.deepEqual(
    shapeMismatches(body, await sampleTemplate("flavors/v2.75/flavors-detail-resp.json")),
    ["flavors[1].links[0].href: expected string, got integer"],
  );
  await assert.rejects(
    assertMatchesSample(body, "flavors/v2.75/flavors-detail-resp.json"),
    /flavors\[1\]\.links\[0\]\.href: expected string, got integer/,
  );
});

Deno.test("a mismatch in the fourth element is found where the sample has one element", async () => {
  const body = copy(await sample("os-keypairs/keypairs-list-resp.json"));
  const one = body.keypairs[0];
  body.keypairs = [one, one, one, { keypair: { ...one.keypair, name: null } }];
  assert.deepEqual(
    shapeMismatches(body, await sampleTemplate("os-keypairs/keypairs-list-resp.json")),
    ["keypairs[3].keypair.name: expected string, got null"],
  );
});

Deno.test("a missing key and an extra key are both reported", async () => {
  const body = copy(await sample("flavors/v2.75/flavor-get-resp.json"));
  delete body.flavor.swap;
  body.flavor.surprise = true;
  assert.deepEqual(
    shapeMismatches(body, await sampleTemplate("flavors/v2.75/flavor-get-resp.json")),
    ["flavor.swap: missing", "flavor.surprise: unexpected key"],
  );
});

Deno.test("a wrong type at the root or for a container is reported once", () => {
  assert.deepEqual(shapeMismatches([], { a: 1 }), ["(root): expected object, got array"]);
  assert.deepEqual(shapeMismatches({ a: {} }, { a: [1] }), ["a: expected array, got object"]);
  assert.deepEqual(shapeMismatches({ rate: [{}] }, { rate: [] }), [
    "rate: expected an empty array, got 1 elements",
  ]);
  assert.deepEqual(shapeMismatches({ a: [] }, { a: [1] }), []);
});

Deno.test("integers and floats: raw text tells 1 from 1.0, parsed bodies cannot", async () => {
  const path = "flavors/v2.75/flavor-get-resp.json";
  const text = await Deno.readTextFile(new URL(path, ROOT));
  assert.match(text, /"rxtx_factor": 1\.0/);
  const asInteger = text.replace('"rxtx_factor": 1.0', '"rxtx_factor": 1');
  // JSON.parse reads 1.0 as 1: a parsed body cannot show the difference, so it passes.
  await assertMatchesSample(JSON.parse(asInteger), path);
  // The raw text can: Python's json gives clients an int instead of a float here.
  await assert.rejects(
    assertTextMatchesSample(asInteger, path),
    /flavor\.rxtx_factor: expected float, got integer/,
  );
  // A fraction where the sample has an integer fails either way.
  assert.match(text, /"ram": 2048,/);
  const fractional = text.replace('"ram": 2048', '"ram": 2048.5');
  await assert.rejects(assertMatchesSample(JSON.parse(fractional), path), /flavor\.ram: expected/);
  await assert.rejects(
    assertTextMatchesSample(text.replace('"ram": 2048', '"ram": 2048.0'), path),
    /flavor\.ram: expected integer, got float/,
  );
});

Deno.test("parseExact keeps float literals and bare placeholders", () => {
  const v = parseExact('{"a": 1.0, "b": 2, "c": 1e-05, "d": %(int)s, "e": ["%(uuid)s"]}') as Record<
    string,
    unknown
  >;
  assert.deepEqual(v.a, new JsonFloat(1));
  assert.equal(v.b, 2);
  assert.deepEqual(v.c, new JsonFloat(1e-5));
  assert.deepEqual(v.d, new Placeholder("int"));
  assert.deepEqual(v.e, ["%(uuid)s"]);
  // A placeholder-like text inside a string stays a string, escaped quotes included.
  assert.deepEqual(parseExact('{"s": "x\\" %(int)s"}'), { s: 'x" %(int)s' });
});

Deno.test("placeholders are compared as Nova's templates use them", () => {
  const template = parseExact(
    '{"id": "%(uuid)s", "href": "%(compute_endpoint)s/flavors/1", "n": %(int)s,' +
      ' "at": %(strtime_or_none)s, "any": %(hypervisor_id)s}',
  );
  const ok = { id: "x", href: "http://h/flavors/1", n: 3, at: null, any: 7 };
  assert.deepEqual(shapeMismatches(ok, template), []);
  assert.deepEqual(shapeMismatches({ ...ok, at: "2024-01-01T00:00:00Z", any: "a" }, template), []);
  assert.deepEqual(shapeMismatches({ ...ok, id: 1, n: "3", at: 0 }, template), [
    "id: expected string, got integer",
    "n: expected integer, got string",
    "at: expected string or null, got integer",
  ]);
});

Deno.test("nullable keys and free maps", () => {
  const expected = { flavor: { description: null, extra_specs: {} } };
  const body = { flavor: { description: "text", extra_specs: { "hw:numa_nodes": "1" } } };
  assert.deepEqual(shapeMismatches(body, expected), []);
  assert.deepEqual(
    shapeMismatches({ flavor: { description: 1, extra_specs: { a: 1 } } }, expected),
    [
      "flavor.description: expected string or null, got integer",
      "flavor.extra_specs.a: expected string, got integer",
    ],
  );
  // Switched off, the sample's own types count.
  assert.deepEqual(shapeMismatches(body, expected, { nullable: [], freeMaps: [] }), [
    "flavor.description: expected null, got string",
    "flavor.extra_specs.hw:numa_nodes: unexpected key",
  ]);
  assert.throws(
    () => assertSameShape(body, expected, { nullable: [], name: "x.json" }),
    /shape differs from x\.json:\n {2}flavor\.description: expected null, got string/,
  );
});
