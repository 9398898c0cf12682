import assert from "node:assert/strict";
import { glanceApp } from "../../lib/glance/app.ts";
import { environ } from "../../lib/http/environ.ts";
import { catalogOf, CIRROS_IMAGE_ID, imageFromLine } from "../../lib/images/catalog.ts";
import { parseImageLine } from "../../lib/config/options/images.ts";
import { startCompute } from "../support/compute.ts";

Deno.test("paste: /image answers Glance's version document and the v2 image subset", async () => {
  const h = await startCompute({ pipeline: "paste" });
  try {
    const versions = await h.json("/image", { token: null });
    assert.equal(versions.status, 300);
    assert.equal(versions.body.versions[0].id, "v2.16");
    assert.equal(versions.body.versions[0].status, "CURRENT");
    assert.equal(versions.body.versions[0].links[0].href, `${h.origin}/image/v2/`);

    // Behind the auth filters: noauth2 answers a request without a token itself.
    assert.equal((await h.json("/image/v2/images", { token: null })).status, 204);

    const list = await h.json("/image/v2/images", { token: "demo:demo" });
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.images.map((i: { name: string }) => i.name), ["cirros"]);
    assert.equal(list.body.first, "/v2/images");
    assert.equal(list.body.schema, "/v2/schemas/images");
    assert.equal(list.body.next, undefined);
    const image = list.body.images[0];
    assert.equal(image.id, CIRROS_IMAGE_ID);
    assert.equal(image.self, `/v2/images/${CIRROS_IMAGE_ID}`);
    assert.equal(image.os_distro, "cirros");

    const byName = await h.json("/image/v2/images?name=cirros", { token: "demo:demo" });
    assert.equal(byName.body.images.length, 1);
    const none = await h.json("/image/v2/images?name=ubuntu", { token: "demo:demo" });
    assert.deepEqual(none.body.images, []);

    const shown = await h.json(`/image/v2/images/${CIRROS_IMAGE_ID}`, { token: "demo:demo" });
    assert.equal(shown.status, 200);
    assert.deepEqual(shown.body, image);
    const missing = await h.fetch("/image/v2/images/cirros", { token: "demo:demo" });
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /No image found with ID cirros/);
  } finally {
    await h.close();
  }
});

const line = (text: string) => imageFromLine(parseImageLine(text));
const catalog = catalogOf([
  line("name=a, size=3"),
  line("name=b, size=1"),
  line("name=c, size=2, visibility=private, owner=p1"),
  line("name=d, visibility=community"),
]);

async function get(path: string, projectId = "p2", isAdmin = false) {
  const request = new Request(`http://cloud${path}`);
  const env = environ(request);
  env.scriptName = "/image/v2";
  env.pathInfo = path.split("?")[0];
  env.context = { userId: "u", projectId, roles: [], isAdmin, requestId: "req-1" };
  const response = await glanceApp(catalog)(request);
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body };
}
const names = (body: { images: { name: string }[] }) => body.images.map((i) => i.name);

Deno.test("image list: visibility per project, community only when asked", async () => {
  assert.deepEqual(names((await get("/images?sort_key=name&sort_dir=asc")).body), ["a", "b"]);
  assert.deepEqual(names((await get("/images?sort_key=name&sort_dir=asc", "p1")).body), [
    "a",
    "b",
    "c",
  ]);
  assert.deepEqual(names((await get("/images?visibility=community")).body), ["d"]);
  assert.deepEqual(names((await get("/images?sort=name:asc&visibility=all")).body), [
    "a",
    "b",
    "d",
  ]);
  assert.deepEqual(names((await get("/images?sort=name:asc", "p9", true)).body), ["a", "b", "c"]);
  assert.equal(
    (await get(`/images/${catalog.list().find((i) => i.name === "c")!.id}`)).status,
    404,
  );
  assert.equal((await get("/images?visibility=bogus")).status, 400);
});

Deno.test("image list: sort, limit, marker and the next link", async () => {
  assert.deepEqual(names((await get("/images?sort_key=size&sort_dir=desc")).body), ["a", "b"]);
  const first = await get("/images?sort_key=name&sort_dir=asc&limit=1");
  assert.deepEqual(names(first.body), ["a"]);
  const next = new URL(first.body.next, "http://x");
  assert.equal(next.pathname, "/v2/images");
  assert.equal(next.searchParams.get("marker"), catalog.list().find((i) => i.name === "a")!.id);
  const second = await get(`/images${next.search}`);
  assert.deepEqual(names(second.body), ["b"]);
  const third = await get(
    `/images?sort_key=name&sort_dir=asc&limit=1&marker=${
      catalog.list().find((i) => i.name === "b")!.id
    }`,
  );
  assert.deepEqual(names(third.body), []);
  assert.equal(third.body.next, undefined);
  for (
    const [query, message] of [
      ["limit=x", "limit param must be an integer"],
      ["limit=-1", "limit param must be positive"],
      ["marker=nope", "Invalid marker. Image nope could not be found."],
      ["sort_key=colour", "Invalid sort key: colour."],
      ["sort_dir=up", "Invalid sort direction: up"],
    ]
  ) {
    const r = await get(`/images?${query}`);
    assert.equal(r.status, 400, query);
    assert.ok(String(r.body).includes(message), `${query}: ${r.body}`);
  }
});
