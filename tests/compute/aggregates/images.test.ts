/**
 * `POST /os-aggregates/{id}/images` (2.81) over real HTTP: 202 for images of the catalog, 404
 * below 2.81, Nova's 400s (schema, duplicates, an unknown image, a bad id) and 404 (aggregate).
 */
import assert from "node:assert/strict";
import { CIRROS_IMAGE_ID } from "../../../lib/images/catalog.ts";
import { faultMessage, startCompute } from "../../support/compute.ts";
import { createAggregate } from "./_support.ts";

Deno.test("aggregate images: 2.81 accepts a cache request for catalog images; 2.80 does not route", async () => {
  const h = await startCompute();
  try {
    const id = await createAggregate(h, "a");
    const body = { cache: [{ id: CIRROS_IMAGE_ID }] };
    const ok = await h.fetch(`/os-aggregates/${id}/images`, { version: "2.81", json: body });
    assert.equal(ok.status, 202);
    assert.equal(await ok.text(), "");
    const old = await h.json(`/os-aggregates/${id}/images`, { version: "2.80", json: body });
    assert.equal(old.status, 404, old.text);
  } finally {
    await h.close();
  }
});

Deno.test("aggregate images: Nova's 400s and 404", async () => {
  const h = await startCompute();
  try {
    const id = await createAggregate(h, "a");
    const post = (path: string, json: unknown) => h.json(path, { version: "2.81", json });
    for (
      const bad of [
        {},
        { cache: [] },
        { cache: [{ id: "not-a-uuid" }] },
        { cache: [{ id: CIRROS_IMAGE_ID, x: 1 }] },
        { cache: [{ id: CIRROS_IMAGE_ID }], other: 1 },
      ]
    ) {
      const res = await post(`/os-aggregates/${id}/images`, bad);
      assert.equal(res.status, 400, `${JSON.stringify(bad)}: ${res.text}`);
    }
    const dup = await post(`/os-aggregates/${id}/images`, {
      cache: [{ id: CIRROS_IMAGE_ID }, { id: CIRROS_IMAGE_ID }],
    });
    assert.equal(dup.status, 400, dup.text);
    assert.equal(faultMessage(dup.body), "Duplicate images in request");
    const unknown = crypto.randomUUID();
    const missing = await post(`/os-aggregates/${id}/images`, {
      cache: [{ id: CIRROS_IMAGE_ID }, { id: unknown }],
    });
    assert.equal(missing.status, 400, missing.text);
    assert.equal(faultMessage(missing.body), `Image ${unknown} could not be found.`);
    const badId = await post("/os-aggregates/one/images", { cache: [{ id: CIRROS_IMAGE_ID }] });
    assert.equal(badId.status, 400, badId.text);
    assert.equal(faultMessage(badId.body), "Invalid input received: id must be an integer");
    const noAgg = await post("/os-aggregates/42/images", { cache: [{ id: CIRROS_IMAGE_ID }] });
    assert.equal(noAgg.status, 404, noAgg.text);
    assert.equal(faultMessage(noAgg.body), "Aggregate 42 could not be found.");
  } finally {
    await h.close();
  }
});
