import assert from "node:assert/strict";
import { ConfigError, configFromValues } from "../../lib/config/mod.ts";
import { CIRROS_IMAGE_ID, imageCatalog } from "../../lib/images/catalog.ts";

Deno.test("without [images] image lines the catalog holds the public cirros image", () => {
  const catalog = imageCatalog(configFromValues({}));
  const [only, ...rest] = catalog.list();
  assert.equal(rest.length, 0);
  assert.equal(only.id, CIRROS_IMAGE_ID);
  // The shared real-client scenarios boot this id by default.
  assert.equal(only.id, "155d900f-4e14-4e4c-a73d-069cbf4541e6");
  assert.equal(only.name, "cirros");
  assert.equal(only.visibility, "public");
  assert.equal(only.status, "active");
  assert.equal(catalog.get(CIRROS_IMAGE_ID.toUpperCase()), only);
  assert.equal(catalog.get("nope"), null);
  assert.ok(catalog.visibleTo(only, "any-project", false));
});

Deno.test("configured lines replace the default, with stable derived ids and properties", () => {
  const values = {
    images: {
      image: [
        "name=ubuntu, min_disk=3, min_ram=512, size=1024, os_distro=ubuntu",
        "name=secret, visibility=private, owner=p1, id=11111111-2222-3333-4444-555555555555",
      ],
    },
  };
  const catalog = imageCatalog(configFromValues(values));
  const again = imageCatalog(configFromValues(values));
  const ubuntu = catalog.list().find((i) => i.name === "ubuntu")!;
  assert.equal(ubuntu.id, again.list().find((i) => i.name === "ubuntu")!.id);
  assert.match(ubuntu.id, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(ubuntu.min_disk, 3);
  assert.equal(ubuntu.min_ram, 512);
  assert.deepEqual(ubuntu.properties, { os_distro: "ubuntu" });
  assert.equal(catalog.get(CIRROS_IMAGE_ID), null);
  const secret = catalog.get("11111111-2222-3333-4444-555555555555")!;
  assert.equal(secret.owner, "p1");
  assert.ok(catalog.visibleTo(secret, "p1", false));
  assert.ok(!catalog.visibleTo(secret, "p2", false));
  assert.ok(catalog.visibleTo(secret, "p2", true));
});

Deno.test("the catalog is built once per configuration", () => {
  const config = configFromValues({});
  assert.equal(imageCatalog(config), imageCatalog(config));
});

Deno.test("a bad image line stops loading with one line naming it", () => {
  const bad: [string, RegExp][] = [
    ["disk_format=qcow2", /expected a name=NAME pair/],
    ["name=x, disk_format=floppy", /expected disk_format to be one of/],
    ["name=x, min_ram=lots", /expected min_ram to be a whole number/],
    ["name=x, id=nope", /expected id to be a UUID/],
    ["name=x, visibility=private", /needs owner=PROJECT_ID/],
    ["name=x, status=queued", /status is not a property/],
    ["name x", /expected key=value pairs/],
  ];
  for (const [line, reason] of bad) {
    assert.throws(
      () => configFromValues({ images: { image: [line] } }).get("images", "image"),
      (e: Error) => e instanceof ConfigError && reason.test(e.message) && !e.message.includes("\n"),
      line,
    );
  }
});

Deno.test("two images with one id stop the catalog", () => {
  const id = "11111111-2222-3333-4444-555555555555";
  const config = configFromValues({ images: { image: [`name=a, id=${id}`, `name=b, id=${id}`] } });
  assert.throws(() => imageCatalog(config), /two images have the id/);
});
