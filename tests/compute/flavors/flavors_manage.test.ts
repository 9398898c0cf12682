/**
 * Creating, showing, updating and deleting flavors over HTTP: ids, defaults, Nova's errors, and
 * who may do what.
 */
import assert from "node:assert/strict";
import { faultMessage, startFlavors } from "../../support/compute.ts";
import { privateFlavor } from "./fixtures.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

Deno.test("create: generated ids, numeric ids, defaults", async () => {
  const h = await startFlavors();
  try {
    const post = (flavor: Record<string, unknown>, version = "2.1") =>
      h.json("/flavors", { method: "POST", version, json: { flavor } });
    const base = { ram: 256, vcpus: 1, disk: 1 };
    const missing = await post({ name: "no-id", ...base });
    assert.equal(missing.status, 200);
    assert.match(missing.body.flavor.id, UUID);
    assert.match((await post({ name: "null-id", id: null, ...base })).body.flavor.id, UUID);
    assert.match((await post({ name: "zero-id", id: 0, ...base })).body.flavor.id, UUID);
    assert.equal((await post({ name: "numeric", id: 42, ...base })).body.flavor.id, "42");

    const made = (await post({ name: "defaults", id: "d1", ...base }, "2.55")).body.flavor;
    assert.equal(made["OS-FLV-EXT-DATA:ephemeral"], 0);
    assert.equal(made.swap, "");
    assert.equal(made.rxtx_factor, 1);
    assert.equal(made["os-flavor-access:is_public"], true);
    assert.equal(made["OS-FLV-DISABLED:disabled"], false);
    assert.equal(made.description, null);

    const strings = await post({
      name: "strings",
      id: "s1",
      ram: "512",
      vcpus: "2",
      disk: "0",
      swap: "128",
      "OS-FLV-EXT-DATA:ephemeral": "5",
      rxtx_factor: "1.5",
      "os-flavor-access:is_public": "False",
    });
    assert.equal(strings.status, 200);
    const s = strings.body.flavor;
    assert.deepEqual([s.ram, s.vcpus, s.disk, s.swap, s["OS-FLV-EXT-DATA:ephemeral"]], [
      512,
      2,
      0,
      128,
      5,
    ]);
    assert.equal(s.rxtx_factor, 1.5);
    assert.equal(s["os-flavor-access:is_public"], false);

    // Shown afterwards exactly as created.
    const shown = await h.json("/flavors/s1");
    assert.deepEqual(shown.body.flavor, s);
  } finally {
    await h.close();
  }
});

Deno.test("create: duplicates are 409 with Nova's messages", async () => {
  const h = await startFlavors();
  try {
    const dupId = await h.json("/flavors", {
      method: "POST",
      json: { flavor: { name: "fresh", ram: 1, vcpus: 1, disk: 0, id: "1" } },
    });
    assert.equal(dupId.status, 409);
    assert.equal(faultMessage(dupId.body), "Flavor with ID 1 already exists.");
    const dupName = await h.json("/flavors", {
      method: "POST",
      json: { flavor: { name: "m1.tiny", ram: 1, vcpus: 1, disk: 0 } },
    });
    assert.equal(dupName.status, 409);
    assert.equal(faultMessage(dupName.body), "Flavor with name m1.tiny already exists.");
  } finally {
    await h.close();
  }
});

Deno.test("create: bad bodies are 400 with Nova's messages, never 500", async () => {
  const h = await startFlavors();
  try {
    const post = (body: unknown, version = "2.1") =>
      h.json("/flavors", { method: "POST", version, json: body });
    const ok = { name: "x", ram: 1, vcpus: 1, disk: 0 };
    const cases: [unknown, string | RegExp, string?][] = [
      [
        { flavor: { name: "x", vcpus: 1, disk: 0 } },
        "Invalid input for field/attribute flavor. Value: {'name': 'x', 'vcpus': 1, 'disk': 0}. " +
        "'ram' is a required property",
      ],
      [{ flavor: { ...ok, ram: 0 } }, /^Invalid input for field\/attribute ram\./],
      // Nova's validator applies minimum/maximum to digit strings too.
      [
        { flavor: { ...ok, ram: "0" } },
        "Invalid input for field/attribute ram. Value: 0. 0 is less than the minimum of 1",
      ],
      [
        { flavor: { ...ok, vcpus: "99999999999" } },
        "Invalid input for field/attribute vcpus. Value: 99999999999. " +
        "99999999999 is greater than the maximum of 2147483647",
      ],
      [{ flavor: { ...ok, disk: -1 } }, /^Invalid input for field\/attribute disk\./],
      [{ flavor: { ...ok, ram: 1.5 } }, /^Invalid input for field\/attribute ram\./],
      [{ flavor: { ...ok, name: " padded" } }, /^An invalid 'name' value was provided/],
      [{ flavor: { ...ok, name: "" } }, /^Invalid input for field\/attribute name\./],
      [{ flavor: { ...ok, id: " x" } }, /^Invalid input for field\/attribute id\./],
      [{ flavor: { ...ok, id: "a/b" } }, /^Invalid input for field\/attribute id\./],
      [{ flavor: { ...ok, id: "" } }, /^Invalid input for field\/attribute id\./],
      [
        { flavor: { ...ok, rxtx_factor: "0" } },
        "Invalid input received: 'rxtx_factor' argument must be a float between 0 and 3.40282e+38",
      ],
      [{ flavor: { ...ok, rxtx_factor: 0 } }, /^Invalid input for field\/attribute rxtx_factor\./],
      [{ flavor: { ...ok, "os-flavor-access:is_public": "maybe" } }, /is_public/],
      [{ flavor: { ...ok, description: "d" } }, /Additional properties are not allowed/, "2.54"],
      [{ flavor: { ...ok, rxtx_factor: 2 } }, /Additional properties are not allowed/, "2.102"],
      [{ flavor: { ...ok, description: "a\u0000b" } }, /description/, "2.55"],
      [{ flavor: { ...ok, description: "d".repeat(65536) } }, /description/, "2.55"],
      [{ flavor: ok, extra: 1 }, /Additional properties are not allowed/],
      [{}, "'flavor' is a required property"],
      [{ flavor: null }, /^Invalid input for field\/attribute flavor\./],
      [[1, 2], /is not of type 'object'/],
      ["flavor", /is not of type 'object'/],
      [null, /is not of type 'object'/],
      [{ flavor: { ...ok, name: 7 } }, /name/],
      [{ flavor: { ...ok, ram: true } }, /ram/],
    ];
    for (const [body, expected, version] of cases) {
      const res = await post(body, version);
      assert.equal(res.status, 400, `${JSON.stringify(body).slice(0, 80)} → ${res.status}`);
      const message = faultMessage(res.body);
      if (typeof expected === "string") assert.equal(message, expected);
      else assert.match(message, expected);
    }
    const garbled = await h.fetch("/flavors", {
      method: "POST",
      body: "{not json",
      headers: { "content-type": "application/json" },
    });
    assert.equal(garbled.status, 400);
    await garbled.body?.cancel();
  } finally {
    await h.close();
  }
});

Deno.test("create: a long description survives a round trip", async () => {
  const h = await startFlavors();
  try {
    const description = "é€ ".repeat(21845); // 65535 characters, mostly outside Latin-1
    const res = await h.json("/flavors", {
      method: "POST",
      version: "2.55",
      json: { flavor: { name: "long", ram: 1, vcpus: 1, disk: 0, id: "long", description } },
    });
    assert.equal(res.status, 200);
    const shown = await h.json("/flavors/long", { version: "2.55" });
    assert.equal(shown.body.flavor.description, description);
    const shorter = await h.json("/flavors/long", {
      method: "PUT",
      version: "2.55",
      json: { flavor: { description: "short" } },
    });
    assert.equal(shorter.body.flavor.description, "short");
    assert.equal(
      (await h.json("/flavors/long", { version: "2.55" })).body.flavor.description,
      "short",
    );
  } finally {
    await h.close();
  }
});

Deno.test("update: errors", async () => {
  const h = await startFlavors();
  try {
    const put = (path: string, body: unknown, as: "admin" | "member" = "admin") =>
      h.json(path, { method: "PUT", version: "2.55", json: body, as });
    const missing = await put("/flavors/1", { flavor: {} });
    assert.equal(missing.status, 400);
    assert.equal(
      faultMessage(missing.body),
      "Invalid input for field/attribute flavor. Value: {}. 'description' is a required property",
    );
    const extra = await put("/flavors/1", { flavor: { description: "x", name: "y" } });
    assert.equal(extra.status, 400);
    const unknown = await put("/flavors/nope", { flavor: { description: "x" } });
    assert.equal(unknown.status, 404);
    assert.equal(faultMessage(unknown.body), "Flavor nope could not be found.");
    const member = await put("/flavors/1", { flavor: { description: "x" } }, "member");
    assert.equal(member.status, 403);
    assert.equal(
      faultMessage(member.body),
      "Policy doesn't allow os_compute_api:os-flavor-manage:update to be performed.",
    );
  } finally {
    await h.close();
  }
});

Deno.test("delete: 202, then gone with its access rows; name and id reusable", async () => {
  const h = await startFlavors();
  try {
    await h.json("/flavors", { method: "POST", json: privateFlavor("gone", "gone") });
    await h.json("/flavors/gone/action", {
      method: "POST",
      json: { addTenantAccess: { tenant: "project-a" } },
    });
    const del = await h.fetch("/flavors/gone", { method: "DELETE" });
    assert.equal(del.status, 202);
    assert.equal(await del.text(), "");
    assert.equal((await h.json("/flavors/gone")).status, 404);
    const again = await h.json("/flavors/gone", { method: "DELETE" });
    assert.equal(again.status, 404);
    assert.equal(faultMessage(again.body), "Flavor gone could not be found.");
    await h.json("/flavors", { method: "POST", json: privateFlavor("gone", "gone") });
    const access = await h.json("/flavors/gone/os-flavor-access");
    assert.deepEqual(access.body, { flavor_access: [] });
  } finally {
    await h.close();
  }
});

Deno.test("roles: readers and members read; only admins manage", async () => {
  const h = await startFlavors();
  try {
    assert.equal((await h.json("/flavors", { as: "reader" })).status, 200);
    assert.equal((await h.json("/flavors/1", { as: "reader" })).status, 200);
    for (const as of ["reader", "member", "manager", "other"] as const) {
      const create = await h.json("/flavors", {
        method: "POST",
        as,
        json: { flavor: { name: `by-${as}`, ram: 1, vcpus: 1, disk: 0 } },
      });
      assert.equal(create.status, 403, as);
      assert.equal(
        faultMessage(create.body),
        "Policy doesn't allow os_compute_api:os-flavor-manage:create to be performed.",
      );
      const del = await h.json("/flavors/1", { method: "DELETE", as });
      assert.equal(del.status, 403, as);
    }
    // Nova checks the body before the policy.
    const badAndForbidden = await h.json("/flavors", { method: "POST", as: "reader", json: {} });
    assert.equal(badAndForbidden.status, 400);
  } finally {
    await h.close();
  }
});

Deno.test("show: private flavors are 404 to projects without access", async () => {
  const h = await startFlavors();
  try {
    await h.json("/flavors", { method: "POST", json: privateFlavor("secret") });
    assert.equal((await h.json("/flavors/secret")).status, 200);
    const member = await h.json("/flavors/secret", { as: "member" });
    assert.equal(member.status, 404);
    assert.equal(faultMessage(member.body), "Flavor secret could not be found.");
    await h.json("/flavors/secret/action", {
      method: "POST",
      json: { addTenantAccess: { tenant: "project-a" } },
    });
    assert.equal((await h.json("/flavors/secret", { as: "member" })).status, 200);
    assert.equal((await h.json("/flavors/secret", { as: "reader" })).status, 200);
    assert.equal((await h.json("/flavors/secret", { as: "other" })).status, 404);
  } finally {
    await h.close();
  }
});
