/**
 * The detail list as JSON text (`serverDetailListText`, and as UTF-8 `serverDetailListBytes`): the
 * same text as the object view, and
 * a server's remembered text never outlives a change of its record or of the rendering context.
 */
import assert from "node:assert/strict";
import { ApiVersion } from "../../../lib/compute/api_version.ts";
import {
  serverDetailList,
  serverDetailListBytes,
  serverDetailListText,
} from "../../../lib/compute/servers/views.ts";
import { activeInstance, adminOptions, LINKS, memberOptions } from "./fixtures.ts";

const v = (text: string) => ApiVersion.parse(text);
const page = (query = "") => ({ query: new URLSearchParams(query), maxLimit: 1000 });

Deno.test("the detail text is JSON.stringify of the detail view, at each version and policy", () => {
  const a = activeInstance();
  const b = activeInstance({ uuid: "9cbefc35-d372-40c5-88e2-9fda1b6ea12c", name: "b" });
  const images = { imageProperties: () => ({ architecture: "x86_64" }) };
  for (const version of ["2.1", "2.16", "2.47", "2.73", "2.98", "2.100"]) {
    for (const opts of [adminOptions(images), memberOptions(images)]) {
      for (const query of ["", "limit=2"]) {
        // Twice: rendered, then from what the first call kept.
        for (let round = 0; round < 2; round++) {
          assert.equal(
            serverDetailListText([a, b], v(version), LINKS, page(query), opts),
            JSON.stringify(serverDetailList([a, b], v(version), LINKS, page(query), opts)),
          );
        }
      }
    }
  }
});

Deno.test("a kept server text follows its host's status, its image and the record itself", () => {
  const a = activeInstance();
  const at = (opts: Parameters<typeof serverDetailListBytes>[4], instance = a) =>
    JSON.parse(serverDetailListText([instance], v("2.100"), LINKS, page(), opts)).servers[0];
  assert.equal(at(adminOptions({ hostStatusOf: () => "UP" })).host_status, "UP");
  assert.equal(at(adminOptions({ hostStatusOf: () => "DOWN" })).host_status, "DOWN");
  assert.deepEqual(at(adminOptions({ imageProperties: () => ({ os: "a" }) })).image.properties, {
    os: "a",
  });
  assert.deepEqual(at(adminOptions({ imageProperties: () => ({ os: "b" }) })).image.properties, {
    os: "b",
  });
  assert.equal(at(memberOptions())["OS-EXT-SRV-ATTR:host"], undefined);
  assert.equal(at(adminOptions())["OS-EXT-SRV-ATTR:host"], a.host);
  // A changed record is a new object: rendered afresh.
  assert.equal(at(adminOptions(), { ...a, name: "renamed" }).name, "renamed");
});

Deno.test("the detail bytes are the detail text in UTF-8", () => {
  const a = activeInstance({ name: "é€😀" });
  const args = [[a], v("2.100"), LINKS, page(), adminOptions()] as const;
  const text = serverDetailListText(...args);
  assert.match(text, /é€😀/);
  assert.deepEqual(serverDetailListBytes(...args), new TextEncoder().encode(text));
});

Deno.test("a page text is reused only for the same servers in the same order and the same links", () => {
  const a = activeInstance();
  const b = activeInstance({ uuid: "9cbefc35-d372-40c5-88e2-9fda1b6ea12c", name: "b" });
  const text = (list: ReturnType<typeof activeInstance>[], query = "") =>
    serverDetailListText(list, v("2.1"), LINKS, page(query), memberOptions());
  const names = (t: string) => JSON.parse(t).servers.map((s: { name: string }) => s.name);
  assert.deepEqual(names(text([a, b])), [a.name, "b"]);
  assert.deepEqual(names(text([b, a])), ["b", a.name]);
  assert.deepEqual(names(text([a, b])), [a.name, "b"]);
  assert.deepEqual(names(text([a, { ...b, name: "c" }])), [a.name, "c"]);
  assert.deepEqual(names(text([a])), [a.name]);
  // The same servers with a full page of limit=1: the next link appears, then goes again.
  assert.ok(JSON.parse(text([a], "limit=1")).servers_links);
  assert.equal(JSON.parse(text([a])).servers_links, undefined);
});
