import assert from "node:assert/strict";
import { compose } from "../../lib/http/compose.ts";
import { environ } from "../../lib/http/environ.ts";
import { legacyV2Compatible } from "../../lib/middleware/legacy_v2_compatible.ts";
import { serve } from "./_serve.ts";

Deno.test("legacy_v2_compatible: strips microversions both ways and marks the request", async () => {
  const server = serve(compose([legacyV2Compatible()], async (request) => {
    const seen = {
      legacyV2: environ(request).notes.legacyV2,
      remoteAddr: environ(request).remoteAddr,
      versionHeader: request.headers.get("openstack-api-version"),
      legacyHeader: request.headers.get("x-openstack-nova-api-version"),
      token: request.headers.get("x-auth-token"),
      body: await request.text(),
    };
    const vary = new URL(request.url).searchParams.get("vary");
    const headers = new Headers({
      "OpenStack-API-Version": "compute 2.1",
      "X-OpenStack-Nova-API-Version": "2.1",
      "X-Other": "kept",
    });
    if (vary) headers.set("Vary", vary);
    return Response.json(seen, { headers });
  }));
  try {
    const res = await fetch(`${server.base}/v2/servers?vary=Accept, OpenStack-API-Version`, {
      method: "POST",
      body: '{"server": {}}',
      headers: {
        "OpenStack-API-Version": "compute 2.60",
        "X-OpenStack-Nova-API-Version": "2.60",
        "X-Auth-Token": "t",
      },
    });
    assert.deepEqual(await res.json(), {
      legacyV2: true,
      remoteAddr: "127.0.0.1",
      versionHeader: null,
      legacyHeader: null,
      token: "t",
      body: '{"server": {}}',
    });
    assert.equal(res.headers.get("openstack-api-version"), null);
    assert.equal(res.headers.get("x-openstack-nova-api-version"), null);
    assert.equal(res.headers.get("x-other"), "kept");
    assert.equal(res.headers.get("vary"), "Accept");

    const only = await fetch(
      `${server.base}/v2?vary=OpenStack-API-Version,x-openstack-nova-api-version`,
    );
    await only.json();
    assert.equal(only.headers.get("vary"), null);

    const none = await fetch(`${server.base}/v2`);
    await none.json();
    assert.equal(none.headers.get("vary"), null);
    assert.equal(none.headers.get("openstack-api-version"), null);
  } finally {
    await server.close();
  }
});
