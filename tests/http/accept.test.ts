import assert from "node:assert/strict";
import { acceptableOffers } from "../../lib/http/accept.ts";

const OFFERS = ["text/plain", "text/html", "application/json"];

Deno.test("acceptableOffers: webob's RFC 7231 matching", () => {
  const best = (accept: string | null) => acceptableOffers(accept, OFFERS)[0]?.[0] ?? null;
  assert.equal(best(null), "text/plain", "no header: every offer, in order");
  assert.equal(best("*/*"), "text/plain");
  assert.equal(best("text/html"), "text/html");
  assert.equal(best("application/json"), "application/json");
  assert.equal(best("TEXT/HTML"), "text/html", "types are case-insensitive");
  assert.equal(best("text/*;q=0.5, application/json"), "application/json");
  assert.equal(best("text/*, text/plain;q=0"), "text/html", "the most specific range decides");
  assert.equal(best("image/png"), null, "nothing acceptable");
  assert.equal(best("text/html;level=1"), null, "a range with parameters needs them offered");
  assert.equal(best("not a media type"), "text/plain", "an invalid header accepts anything");
  assert.equal(best("text/html;q=2"), "text/plain", "a bad q makes the header invalid");
  assert.deepEqual(acceptableOffers("application/json;q=0.3, text/html;q=0.3, */*;q=0.1", OFFERS), [
    ["text/html", 0.3],
    ["application/json", 0.3],
    ["text/plain", 0.1],
  ]);
});
