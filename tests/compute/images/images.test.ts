/**
 * The image proxy (2.1–2.35) over real HTTP: the configured catalog as Nova showed Glance's images,
 * shapes checked against Nova's samples, 404 from 2.36, Nova's errors.
 */
import assert from "node:assert/strict";
import { IMAGE_ROUTES } from "../../../lib/compute/images/routes.ts";
import { type Harness, startCompute } from "../../support/compute.ts";
import { assertMatchesSample } from "../../support/samples.ts";

const CIRROS = "cirros";
const EXTRA = "id=0f8a3d7e-6a1c-4b55-9f0e-3d2a7c1b9e11,name=extra,visibility=public," +
  "min_ram=512,min_disk=2,auto_disk_config=False,hw_arch=x86_64";

async function withImages(body: (h: Harness) => Promise<void>, images?: string[]) {
  const h = await startCompute({
    routes: IMAGE_ROUTES,
    config: images ? { images: { image: images } } : {},
  });
  try {
    await body(h);
  } finally {
    await h.close();
  }
}

Deno.test("images proxy: list, detail and show have Nova's shapes and links", async () => {
  await withImages(async (h) => {
    const list = await h.json("/images");
    assert.equal(list.status, 200, list.text);
    await assertMatchesSample(list.body, "images/images-list-get-resp.json");
    const [cirros] = list.body.images;
    assert.equal(cirros.name, CIRROS);
    assert.deepEqual(cirros.links.map((l: { rel: string }) => l.rel), [
      "self",
      "bookmark",
      "alternate",
    ]);
    assert.equal(cirros.links[0].href, `${h.base}/images/${cirros.id}`);
    assert.equal(cirros.links[2].href, `${h.origin}/image/images/${cirros.id}`);
    assert.equal(cirros.links[2].type, "application/vnd.openstack.image");

    const detail = await h.json("/images/detail");
    assert.equal(detail.status, 200);
    const show = await h.json(`/images/${cirros.id}`);
    assert.equal(show.status, 200);
    assert.deepEqual(show.body.image, detail.body.images[0]);
    assert.equal(show.body.image.status, "ACTIVE");
    assert.equal(show.body.image.progress, 100);
    assert.match(show.body.image.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });
});

Deno.test("images proxy: a sample-shaped detail for an image with properties", async () => {
  await withImages(async (h) => {
    const detail = await h.json("/images/detail");
    const extra = detail.body.images.find((i: { name: string }) => i.name === "extra");
    assert.ok(extra, JSON.stringify(detail.body));
    assert.equal(extra["OS-DCF:diskConfig"], "MANUAL");
    assert.deepEqual([extra.minRam, extra.minDisk], [512, 2]);
    await assertMatchesSample({ image: extra }, "images/image-get-resp.json", {
      freeMaps: ["metadata"],
    });
  }, [EXTRA]);
});

Deno.test("images proxy: filters, paging and an unknown marker", async () => {
  await withImages(async (h) => {
    const all = await h.json("/images");
    assert.equal(all.body.images.length, 1);
    const byName = await h.json("/images?name=extra");
    assert.deepEqual(byName.body.images.map((i: { name: string }) => i.name), ["extra"]);
    const bigRam = await h.json("/images/detail?minRam=256");
    assert.deepEqual(bigRam.body.images.map((i: { name: string }) => i.name), ["extra"]);
    const prop = await h.json("/images?property-hw_arch=x86_64");
    assert.deepEqual(prop.body.images.map((i: { name: string }) => i.name), ["extra"]);
    const none = await h.json("/images?status=saving");
    assert.deepEqual(none.body.images, []);
    const bad = await h.json("/images?marker=nope");
    assert.equal(bad.status, 400);
    assert.equal(bad.body.badRequest.message, "marker [nope] not found");
  }, [EXTRA]);
});

Deno.test("images proxy: Nova's errors, and gone from 2.36", async () => {
  await withImages(async (h) => {
    const missing = await h.json("/images/no-such-image");
    assert.deepEqual(missing.body, { itemNotFound: { code: 404, message: "Image not found." } });
    const id = (await h.json("/images")).body.images[0].id;
    const del = await h.json(`/images/${id}`, { method: "DELETE" });
    assert.equal(del.status, 403);
    assert.equal(del.body.forbidden.message, "You are not allowed to delete the image.");
    assert.equal((await h.json(`/images/${id}`, { version: "2.35" })).status, 200);
    const gone = await h.json(`/images/${id}`, { version: "2.36" });
    assert.equal(gone.status, 404);
    assert.equal(gone.body.itemNotFound.message, "The resource could not be found.");
  });
});
