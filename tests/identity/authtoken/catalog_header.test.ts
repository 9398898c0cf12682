import assert from "node:assert/strict";
import { parseTokenBody } from "../../../lib/identity/authtoken/access.ts";
import { setServiceCatalogHeader } from "../../../lib/identity/authtoken/headers.ts";

const withCatalog = (url: string) =>
  parseTokenBody({
    token: {
      user: { id: "u" },
      catalog: [{
        type: "compute",
        name: "nova",
        endpoints: [{ interface: "public", region: "RegionOne", url }],
      }],
    },
  });

Deno.test("X-Service-Catalog: each token's catalog, also when set again for the same token", () => {
  const one = withCatalog("http://a/v2.1");
  const two = withCatalog("http://b/v2.1");
  for (let round = 0; round < 2; round++) {
    for (const [info, url] of [[one, "http://a/v2.1"], [two, "http://b/v2.1"]] as const) {
      const headers = new Headers();
      setServiceCatalogHeader(headers, info);
      assert.equal(
        headers.get("x-service-catalog"),
        `[{"type": "compute", "name": "nova", "endpoints": [{"region": "RegionOne", ` +
          `"publicURL": "${url}"}]}]`,
      );
    }
  }
});
