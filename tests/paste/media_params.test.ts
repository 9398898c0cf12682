import assert from "node:assert/strict";
import {
  Accept,
  acceptOf,
  parseListHeader,
  parseOptionsHeader,
  unquote,
} from "../../lib/paste/media_params.ts";

Deno.test("parseListHeader: commas outside quotes split, quotes around items go", () => {
  assert.deepEqual(parseListHeader('token, "quoted value"'), ["token", "quoted value"]);
  assert.deepEqual(parseListHeader('a;q="1,2", b'), ['a;q="1,2"', "b"]);
  assert.deepEqual(parseListHeader('"esc\\"aped", x'), ['esc"aped', "x"]);
  assert.deepEqual(parseListHeader("a,,b,"), ["a", "", "b"]);
  assert.deepEqual(parseListHeader(""), []);
});

Deno.test("parseOptionsHeader: type and parameters", () => {
  assert.deepEqual(parseOptionsHeader("application/json;version=2.1"), [
    "application/json",
    { version: "2.1" },
  ]);
  assert.deepEqual(parseOptionsHeader('text/html; charset="utf-8"; flag'), [
    "text/html",
    { charset: "utf-8", flag: undefined },
  ]);
  assert.deepEqual(parseOptionsHeader(""), ["", {}]);
  assert.equal(unquote('"x"'), "x");
  assert.equal(unquote("x"), "x");
});

Deno.test("Accept.bestMatch: quality first, then the more specific mask", () => {
  const supported = ["application/json", "application/vnd.openstack.compute+json"];
  assert.deepEqual(new Accept("application/json;version=2").bestMatch(supported), [
    "application/json",
    { version: "2" },
  ]);
  assert.deepEqual(
    new Accept("application/xml;q=0.8, application/json").bestMatch(supported),
    ["application/json", {}],
  );
  assert.deepEqual(
    new Accept("*/*;q=0.5, application/vnd.openstack.compute+json").bestMatch(supported),
    ["application/vnd.openstack.compute+json", {}],
  );
  assert.deepEqual(
    new Accept("application/*;version=2.1, */*").bestMatch(supported),
    ["application/json", { version: "2.1" }],
  );
  assert.deepEqual(new Accept("text/html").bestMatch(supported), [undefined, {}]);
  assert.deepEqual(new Accept("application/json;q=x").bestMatch(supported), [undefined, {}]);
  assert.deepEqual(new Accept("").bestMatch(supported), [undefined, {}]);
});

Deno.test("acceptOf: a header text seen again answers as a fresh parse does", () => {
  const headers = ["application/json;version=2.1", "*/*;q=0.5, application/xml", "", "text/html"];
  for (let round = 0; round < 2; round++) {
    for (const header of headers) {
      const kept = acceptOf(header);
      const fresh = new Accept(header);
      assert.deepEqual(kept.ranges, fresh.ranges, header);
      const supported = ["application/json", "application/xml"];
      assert.deepEqual(kept.bestMatch(supported), fresh.bestMatch(supported), header);
    }
  }
  assert.equal(acceptOf("text/html"), acceptOf("text/html"));
});
