import assert from "node:assert/strict";
import { rebuildRequest } from "../../lib/middleware/_shared.ts";
import { environ } from "../../lib/http/environ.ts";

function listed(headers: Headers): [string, string][] {
  return [...headers];
}

Deno.test("rebuildRequest: the copy carries exactly the new headers, the environ and the body", async () => {
  const request = new Request("http://127.0.0.1:8774/v2.1/flavors", {
    method: "POST",
    headers: [
      ["X-Auth-Token", "t"],
      ["X-Roles", "forged"],
      ["Accept", "a"],
      ["Accept", "b"],
      ["Cookie", "c=1"],
    ],
    body: "{}",
  });
  environ(request).notes.mark = "kept";
  const headers = new Headers(request.headers);
  headers.delete("x-roles");
  headers.set("X-Identity-Status", "Confirmed");
  headers.set("X-Service-Catalog", '[{"type": "compute"}]');
  headers.set("Accept", "application/json");
  const copy = rebuildRequest(request, { headers });
  assert.deepEqual(listed(copy.headers), listed(headers));
  assert.deepEqual(listed(copy.headers), [
    ["accept", "application/json"],
    ["content-type", "text/plain;charset=UTF-8"],
    ["cookie", "c=1"],
    ["x-auth-token", "t"],
    ["x-identity-status", "Confirmed"],
    ["x-service-catalog", '[{"type": "compute"}]'],
  ]);
  assert.equal(environ(copy).notes.mark, "kept");
  assert.equal(copy.method, "POST");
  assert.equal(await copy.text(), "{}");
});

Deno.test("rebuildRequest: repeated Set-Cookie headers and removing every header", () => {
  const request = new Request("http://x/", { headers: [["Set-Cookie", "a=1"], ["X-A", "1"]] });
  const headers = new Headers();
  headers.append("Set-Cookie", "b=2");
  headers.append("Set-Cookie", "c=3");
  assert.deepEqual(rebuildRequest(request, { headers }).headers.getSetCookie(), ["b=2", "c=3"]);
  assert.deepEqual(listed(rebuildRequest(request, { headers: new Headers() }).headers), []);
  assert.deepEqual(listed(rebuildRequest(request, {}).headers), listed(request.headers));
});
