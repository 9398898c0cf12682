import assert from "node:assert/strict";
import { notFoundPage } from "../../lib/http/webob_error.ts";

const page = (accept?: string) =>
  notFoundPage(new Request("http://h/x", { headers: accept === undefined ? {} : { accept } }));

Deno.test("webob error pages: the format follows Accept as webob negotiates it", () => {
  const type = (accept?: string) => page(accept).headers.get("content-type");
  assert.equal(type(), "text/plain; charset=UTF-8", "no Accept: plain");
  assert.equal(type(""), "text/plain; charset=UTF-8");
  assert.equal(type("*/*"), "text/html; charset=UTF-8");
  assert.equal(type("application/json"), "application/json");
  assert.equal(type("text/html;q=0.1, application/*"), "application/json");
  assert.equal(type("text/plain"), "text/plain; charset=UTF-8", "neither offer acceptable");
  assert.equal(type("text/html;q=0, */*"), "application/json");
  assert.equal(type("not a media type"), "text/html; charset=UTF-8", "unparsable: anything goes");
});

Deno.test("webob error pages: the plain page", async () => {
  assert.equal(
    await page("text/plain").text(),
    "404 Not Found\n\nThe resource could not be found.\n\n   ",
  );
});
