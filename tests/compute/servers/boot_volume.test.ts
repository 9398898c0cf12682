/** A create without an image checks its boot volume, as Nova's `get_bdm_image_metadata` does. */
import assert from "node:assert/strict";
import { faultMessage } from "../../support/compute.ts";
import { serverBody, start } from "./_support.ts";
import { makeVolume } from "../volume_attachments/_volumes.ts";

function bootFrom(uuid: string, sourceType = "volume") {
  return serverBody({
    imageRef: "",
    block_device_mapping_v2: [{
      boot_index: "0",
      uuid,
      source_type: sourceType,
      destination_type: "volume",
      delete_on_termination: false,
    }],
  });
}

Deno.test("boot from volume: a non-bootable or unknown root volume is a 400; a bootable one boots", async () => {
  const h = await start();
  try {
    const blank = await makeVolume(h.kv, { bootable: false });
    const refused = await h.json("/servers", { as: "member", json: bootFrom(blank.id) });
    assert.equal(refused.status, 400, refused.text);
    assert.equal(faultMessage(refused.body), `Block Device ${blank.id} is not bootable.`);

    const missing = crypto.randomUUID();
    const unknown = await h.json("/servers", { as: "member", json: bootFrom(missing) });
    assert.equal(unknown.status, 400, unknown.text);
    assert.equal(
      faultMessage(unknown.body),
      `Block Device Mapping is Invalid: failed to get volume ${missing}.`,
    );

    // Another project's volume is not the caller's to get.
    const theirs = await makeVolume(h.kv, { bootable: true, project_id: "project-b" });
    const other = await h.json("/servers", { as: "member", json: bootFrom(theirs.id) });
    assert.equal(other.status, 400, other.text);

    const root = await makeVolume(h.kv, { bootable: true });
    const made = await h.json("/servers", { as: "member", json: bootFrom(root.id) });
    assert.equal(made.status, 202, made.text);
    // A mapping that is not the boot disk is not looked at here.
    const withImage = await h.json("/servers", {
      as: "member",
      json: serverBody({
        block_device_mapping_v2: [{
          boot_index: 1,
          uuid: blank.id,
          source_type: "volume",
          destination_type: "volume",
        }],
      }),
    });
    assert.equal(withImage.status, 202, withImage.text);
  } finally {
    await h.close();
  }
});
