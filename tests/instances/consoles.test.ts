/** Console URLs and token hashes, as Nova's ConsoleAuthToken builds them. */
import assert from "node:assert/strict";
import { accessUrl, tokenHash } from "../../lib/instances/mod.ts";

Deno.test("accessUrl: noVNC puts ?token= inside `path`; other consoles append ?token=", () => {
  assert.equal(
    accessUrl("http://127.0.0.1:6080/vnc_auto.html", "novnc", "t1"),
    "http://127.0.0.1:6080/vnc_auto.html?path=%3Ftoken%3Dt1",
  );
  assert.equal(
    accessUrl("http://h:6080/vnc_lite.html?path=websockify&scale=true#top", "novnc", "t1"),
    "http://h:6080/vnc_lite.html?path=websockify%3Ftoken%3Dt1&scale=true#top",
  );
  assert.equal(accessUrl("http://h:6080", "novnc", "t1"), "http://h:6080?path=%3Ftoken%3Dt1");
  assert.equal(accessUrl("ws://127.0.0.1:6083/", "serial", "t2"), "ws://127.0.0.1:6083/?token=t2");
  assert.equal(
    accessUrl("http://127.0.0.1:6082/spice_auto.html", "spice-html5", "t3"),
    "http://127.0.0.1:6082/spice_auto.html?token=t3",
  );
});

Deno.test("tokenHash: hex SHA-256, as Nova's get_sha256_str", () => {
  assert.equal(
    tokenHash("abc"),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
});
