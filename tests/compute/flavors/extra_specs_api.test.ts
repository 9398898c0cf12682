/**
 * Flavor extra specs over HTTP: CRUD shapes, Nova's errors, roles, and 2.86 validation.
 */
import assert from "node:assert/strict";
import { assertMatchesSample as assertSampleShape } from "../../support/samples.ts";
import { faultMessage, startFlavors } from "../../support/compute.ts";
import { privateFlavor } from "./fixtures.ts";

const SPECS = "/flavors/1/os-extra_specs";

Deno.test("extra specs CRUD matches the samples", async () => {
  const h = await startFlavors();
  try {
    const body = { extra_specs: { "hw:cpu_policy": "shared", "hw:numa_nodes": "1" } };
    const created = await h.json(SPECS, { method: "POST", json: body });
    assert.equal(created.status, 200);
    assert.deepEqual(created.body, body);
    await assertSampleShape(created.body, "flavor-extra-specs/flavor-extra-specs-create-resp.json");

    const listed = await h.json(SPECS);
    assert.deepEqual(listed.body, body);
    await assertSampleShape(listed.body, "flavor-extra-specs/flavor-extra-specs-list-resp.json");

    const one = await h.json(`${SPECS}/hw:numa_nodes`);
    assert.deepEqual(one.body, { "hw:numa_nodes": "1" });
    await assertSampleShape(one.body, "flavor-extra-specs/flavor-extra-specs-get-resp.json");

    const updated = await h.json(`${SPECS}/hw:numa_nodes`, {
      method: "PUT",
      json: { "hw:numa_nodes": "2" },
    });
    assert.equal(updated.status, 200);
    assert.deepEqual(updated.body, { "hw:numa_nodes": "2" });
    await assertSampleShape(updated.body, "flavor-extra-specs/flavor-extra-specs-update-resp.json");

    const deleted = await h.fetch(`${SPECS}/hw:cpu_policy`, { method: "DELETE" });
    assert.equal(deleted.status, 200);
    assert.equal(await deleted.text(), "");
    assert.deepEqual((await h.json(SPECS)).body, { extra_specs: { "hw:numa_nodes": "2" } });

    // And the flavor view carries them from 2.61.
    const shown = await h.json("/flavors/1", { version: "2.61" });
    assert.deepEqual(shown.body.flavor.extra_specs, { "hw:numa_nodes": "2" });
  } finally {
    await h.close();
  }
});

Deno.test("numbers are accepted, echoed as sent and stored as strings", async () => {
  const h = await startFlavors();
  try {
    const created = await h.json(SPECS, {
      method: "POST",
      json: { extra_specs: { "hw:numa_nodes": 2, "acme:ratio": 1.5 } },
    });
    assert.deepEqual(created.body, { extra_specs: { "hw:numa_nodes": 2, "acme:ratio": 1.5 } });
    assert.deepEqual((await h.json(SPECS)).body, {
      extra_specs: { "hw:numa_nodes": "2", "acme:ratio": "1.5" },
    });
    const updated = await h.json(`${SPECS}/hw:numa_nodes`, {
      method: "PUT",
      json: { "hw:numa_nodes": 4 },
    });
    assert.deepEqual(updated.body, { "hw:numa_nodes": 4 });
    assert.deepEqual((await h.json(`${SPECS}/hw:numa_nodes`)).body, { "hw:numa_nodes": "4" });
  } finally {
    await h.close();
  }
});

Deno.test("extra spec errors use Nova's codes and messages", async () => {
  const h = await startFlavors();
  try {
    const missing = await h.json(`${SPECS}/nope`);
    assert.equal(missing.status, 404);
    assert.equal(faultMessage(missing.body), "Flavor 1 has no extra specs with key nope.");
    const missingDelete = await h.json(`${SPECS}/nope`, { method: "DELETE" });
    assert.equal(missingDelete.status, 404);
    assert.equal(faultMessage(missingDelete.body), "Flavor 1 has no extra specs with key nope.");

    const mismatch = await h.json(`${SPECS}/a`, { method: "PUT", json: { b: "1" } });
    assert.equal(mismatch.status, 400);
    assert.equal(faultMessage(mismatch.body), "Request body and URI mismatch");

    const noFlavor = await h.json("/flavors/zz/os-extra_specs");
    assert.equal(noFlavor.status, 404);
    assert.equal(faultMessage(noFlavor.body), "Flavor zz could not be found.");
    const noFlavorCreate = await h.json("/flavors/zz/os-extra_specs", {
      method: "POST",
      json: { extra_specs: { a: "b" } },
    });
    assert.equal(noFlavorCreate.status, 404);

    const badBodies: [string, "POST" | "PUT", unknown][] = [
      [SPECS, "POST", {}],
      [SPECS, "POST", { extra_specs: { "bad/key": "x" } }],
      [SPECS, "POST", { extra_specs: { a: "v".repeat(256) } }],
      [SPECS, "POST", { extra_specs: { a: true } }],
      [SPECS, "POST", { extra_specs: { a: null } }],
      [SPECS, "POST", { extra_specs: [] }],
      [SPECS, "POST", { extra_specs: { a: "b" }, more: 1 }],
      [`${SPECS}/a`, "PUT", {}],
      [`${SPECS}/a`, "PUT", { a: "1", b: "2" }],
      [`${SPECS}/a`, "PUT", { a: { nested: 1 } }],
      [`${SPECS}/a`, "PUT", null],
    ];
    for (const [path, method, body] of badBodies) {
      const res = await h.json(path, { method, json: body });
      assert.equal(res.status, 400, `${method} ${JSON.stringify(body)}`);
    }
  } finally {
    await h.close();
  }
});

Deno.test("2.86 validates known extra specs; earlier versions store anything", async () => {
  const h = await startFlavors();
  try {
    const post = (specs: Record<string, unknown>, version: string) =>
      h.json(SPECS, { method: "POST", version, json: { extra_specs: specs } });
    assert.equal((await post({ "hw:cpu_policy": "bogus" }, "2.85")).status, 200);

    const cases: [Record<string, unknown>, string][] = [
      [
        { "hw:cpu_policy": "bogus" },
        "Validation failed; 'bogus' is not one of: dedicated, shared, mixed.",
      ],
      [{ "hw:numa_nodes": "0" }, "Validation failed; '0' is less than the min value of '1'."],
      [{ "hw:numa_nodes": 0 }, "Validation failed; '0' is less than the min value of '1'."],
      [{ "hw:numa_nodes": "two" }, "Validation failed; 'two' is not a valid integer value."],
      [
        { "hw_rng:allowed": "maybe" },
        "Validation failed; 'maybe' is not a valid boolean-like value.",
      ],
      [
        { "hw:mem_page_size": "huge" },
        "Validation failed; 'huge' is not of the format '(large|small|any|\\d+([kKMGT]i?)?(b|bit|B)?)'.",
      ],
      [
        { "hw:made_up": "1" },
        "Validation failed; extra spec 'hw:made_up' does not appear to be a valid extra spec.",
      ],
      [
        { "trait:NOT_A_TRAIT": "required" },
        "Validation failed; extra spec 'trait:NOT_A_TRAIT' does not appear to be a valid extra spec.",
      ],
      [{ "resources:VCPU": "many" }, "Validation failed; 'many' is not a valid integer value."],
    ];
    for (const [specs, message] of cases) {
      const res = await post(specs, "2.86");
      assert.equal(res.status, 400, JSON.stringify(specs));
      assert.equal(faultMessage(res.body), message);
    }
    const fine = await post({
      "hw:cpu_policy": "dedicated",
      "hw:numa_nodes": "2",
      "hw:numa_cpus.0": "0-3,^2",
      "hw_rng:allowed": "True",
      "resources1:VCPU": "2",
      "resources:CUSTOM_GOLD": "1",
      "trait:HW_CPU_X86_AVX2": "required",
      "trait_gpu:CUSTOM_FAST": "forbidden",
      "capabilities:cpu_info:arch": "x86_64",
      "aggregate_instance_extra_specs:ssd": "true",
      "quota:disk_read_bytes_sec": "10240",
      "acme:anything": "goes",
      "no_namespace": "goes",
    }, "2.86");
    assert.equal(fine.status, 200);

    const put = await h.json(`${SPECS}/hw:cpu_policy`, {
      method: "PUT",
      version: "2.86",
      json: { "hw:cpu_policy": "bogus" },
    });
    assert.equal(put.status, 400);
  } finally {
    await h.close();
  }
});

Deno.test("extra spec roles: readers list and show, admins change", async () => {
  const h = await startFlavors();
  try {
    await h.json(SPECS, { method: "POST", json: { extra_specs: { a: "b" } } });
    assert.equal((await h.json(SPECS, { as: "reader" })).status, 200);
    assert.equal((await h.json(`${SPECS}/a`, { as: "other" })).status, 200);
    const create = await h.json(SPECS, {
      method: "POST",
      as: "member",
      json: { extra_specs: { c: "d" } },
    });
    assert.equal(create.status, 403);
    assert.equal(
      faultMessage(create.body),
      "Policy doesn't allow os_compute_api:os-flavor-extra-specs:create to be performed.",
    );
    assert.equal(
      (await h.json(`${SPECS}/a`, { method: "PUT", as: "member", json: { a: "z" } })).status,
      403,
    );
    assert.equal((await h.json(`${SPECS}/a`, { method: "DELETE", as: "reader" })).status, 403);

    // A private flavor's specs are hidden from projects without access.
    await h.json("/flavors", { method: "POST", json: privateFlavor("p") });
    assert.equal((await h.json("/flavors/p/os-extra_specs", { as: "other" })).status, 404);
    assert.equal((await h.json("/flavors/p/os-extra_specs")).status, 200);
  } finally {
    await h.close();
  }
});
