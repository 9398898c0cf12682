/**
 * Identification on the metadata API, over real HTTP against the metadata pipeline: `/` is served
 * to anyone, every other path first identifies the instance, as Nova's handler does.
 */
import assert from "node:assert/strict";
import { startMetadata } from "./_pipeline.ts";
import { rawRequest } from "../http/_raw.ts";

const SECRET = "s3cret-proxy-key";
const INSTANCE = "0c7b5a3e-1b59-4f4e-9f4c-3f5f1d0f4a11";
const PROXY = {
  OS_NEUTRON__SERVICE_METADATA_PROXY: "true",
  OS_NEUTRON__METADATA_PROXY_SHARED_SECRET: SECRET,
};

/** Hex HMAC-SHA256, computed here with WebCrypto (independently of the code under test). */
async function sign(secret: string, id: string): Promise<string> {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey(
    "raw",
    enc.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, enc.encode(id)));
  return [...mac].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function page(status: string, explanation: string): string {
  return `${status}\n\n${explanation}\n\n   `;
}

const NOT_FOUND = page("404 Not Found", "The resource could not be found.");

/** GET asking for webob's plain-text error pages (fetch accepts anything by default, which gets HTML). */
function get(
  m: { fetch(path: string, init?: RequestInit): Promise<Response> },
  path: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return m.fetch(path, { headers: { accept: "text/plain", ...headers } });
}

Deno.test("metadata: / is the EC2 listing for anyone, before identification", async () => {
  for (const env of [{}, PROXY]) {
    const m = await startMetadata(env);
    try {
      for (const method of ["GET", "POST", "TRACE", "get"]) {
        for (const path of ["/", "/openstack/..", "///"]) {
          const res = await rawRequest(m.port, [
            `${method} ${path} HTTP/1.1`,
            "Host: 169.254.169.254",
          ]);
          assert.equal(res.status, 200, `${method} ${path}`);
          assert.equal(res.headers.get("content-type"), "text/plain; charset=UTF-8");
          assert.equal(res.body.split("\n")[0], "1.0");
          assert.equal(res.body.split("\n").at(-1), "latest");
        }
      }
      const head = await m.fetch("/", { method: "HEAD" });
      assert.equal(head.status, 200);
      assert.equal(await head.text(), "");
    } finally {
      await m.close();
    }
  }
});

Deno.test("metadata: without the proxy, an address no instance has is 404 below /", async () => {
  const m = await startMetadata();
  try {
    for (
      const path of ["/openstack", "/openstack/latest/meta_data.json", "/latest/meta-data/"]
    ) {
      const res = await get(m, path);
      assert.equal(res.status, 404, path);
      assert.equal(await res.text(), NOT_FOUND);
    }
    assert.ok(m.logs.includes("ERROR Failed to get metadata for IP 127.0.0.1: no metadata"));
    const json = await get(m, "/openstack", { accept: "application/json" });
    assert.equal(json.status, 404);
    assert.equal((await json.json()).code, "404 Not Found");
    // An instance id header is ignored (and warned about) when the proxy is off.
    const named = await get(m, "/openstack", { "x-instance-id": INSTANCE });
    assert.equal(named.status, 404);
    await named.body?.cancel();
    assert.ok(m.logs.some((l) => /^WARNING X-Instance-ID present in request headers/.test(l)));
  } finally {
    await m.close();
  }
});

Deno.test("metadata: with the proxy, missing or repeated headers are 400", async () => {
  const m = await startMetadata(PROXY);
  try {
    const signature = await sign(SECRET, INSTANCE);
    const cases: [Record<string, string>, string][] = [
      [{}, "X-Instance-ID header is missing from request."],
      [{ "x-tenant-id": "p" }, "X-Instance-ID header is missing from request."],
      [{ "x-instance-id": INSTANCE }, "X-Instance-ID-Signature header is missing from request."],
      [
        { "x-instance-id": INSTANCE, "x-instance-id-signature": signature },
        "X-Tenant-ID header is missing from request.",
      ],
    ];
    for (const [headers, message] of cases) {
      const res = await get(m, "/openstack", headers);
      assert.equal(res.status, 400, message);
      assert.equal(await res.text(), page("400 Bad Request", message));
    }
    // A header sent twice.
    const twiceId = await rawRequest(m.port, [
      "GET /openstack HTTP/1.1",
      "Host: 169.254.169.254",
      `X-Instance-ID: ${INSTANCE}`,
      `X-Instance-ID: ${INSTANCE}`,
      `X-Instance-ID-Signature: ${signature}`,
      "X-Tenant-ID: p",
    ]);
    assert.equal(twiceId.status, 400);
    assert.equal(
      twiceId.body,
      page("400 Bad Request", "Multiple X-Instance-ID headers found within request."),
    );
    const twiceTenant = await rawRequest(m.port, [
      "GET /openstack HTTP/1.1",
      "Host: 169.254.169.254",
      `X-Instance-ID: ${INSTANCE}`,
      `X-Instance-ID-Signature: ${signature}`,
      "X-Tenant-ID: p",
      "X-Tenant-ID: q",
    ]);
    assert.equal(twiceTenant.status, 400);
    assert.equal(
      twiceTenant.body,
      page("400 Bad Request", "Multiple X-Tenant-ID headers found within request."),
    );
  } finally {
    await m.close();
  }
});

Deno.test("metadata: with the proxy, a wrong signature is 403 and the secret is never logged", async () => {
  const m = await startMetadata(PROXY);
  try {
    const right = await sign(SECRET, INSTANCE);
    const wrongs = [
      await sign("other-secret", INSTANCE),
      await sign(SECRET, INSTANCE + "x"),
      right.toUpperCase(),
      right.slice(0, -1),
      "",
      "é",
    ];
    for (const wrong of wrongs) {
      const res = await get(m, "/openstack/latest/meta_data.json", {
        "x-instance-id": INSTANCE,
        "x-tenant-id": "p",
        "x-instance-id-signature": wrong,
        "x-forwarded-for": "10.0.0.5",
      });
      assert.equal(res.status, 403, JSON.stringify(wrong));
      assert.equal(await res.text(), page("403 Forbidden", "Invalid proxy request signature."));
    }
    const warnings = m.logs.filter((l) => l.startsWith("WARNING X-Instance-ID-Signature"));
    assert.equal(warnings.length, wrongs.length);
    assert.match(warnings[0], new RegExp(`for id: ${INSTANCE}\\. Request From: 10\\.0\\.0\\.5$`));
    assert.ok(m.logs.every((l) => !l.includes(SECRET) && !l.includes(right)), m.logs.join("\n"));
  } finally {
    await m.close();
  }
});

Deno.test("metadata: with the proxy, a signed request for an unknown instance is 404", async () => {
  const m = await startMetadata(PROXY);
  try {
    const res = await get(m, "/openstack", {
      "x-instance-id": INSTANCE,
      "x-tenant-id": "p",
      "x-instance-id-signature": await sign(SECRET, INSTANCE),
    });
    assert.equal(res.status, 404);
    assert.equal(await res.text(), NOT_FOUND);
    assert.ok(m.logs.includes(`ERROR Failed to get metadata for instance id: ${INSTANCE}`));
  } finally {
    await m.close();
  }
});

Deno.test("metadata: a load-balanced provider is checked like the proxy", async () => {
  const m = await startMetadata(PROXY);
  try {
    const noAddress = await get(m, "/openstack", { "x-metadata-provider": "lb1" });
    assert.equal(noAddress.status, 400);
    assert.equal(
      await noAddress.text(),
      page("400 Bad Request", "X-Forwarded-For is missing from request."),
    );
    const unsigned = await get(m, "/openstack", {
      "x-metadata-provider": "lb1",
      "x-forwarded-for": "10.0.0.5, 192.0.2.1",
    });
    assert.equal(unsigned.status, 403);
    await unsigned.body?.cancel();
    const signed = await get(m, "/openstack", {
      "x-metadata-provider": "lb1",
      "x-forwarded-for": "10.0.0.5, 192.0.2.1",
      "x-metadata-provider-signature": await sign(SECRET, "lb1"),
    });
    assert.equal(signed.status, 400);
    assert.equal(
      await signed.text(),
      page("400 Bad Request", "Could not find any subnets for provider lb1"),
    );
  } finally {
    await m.close();
  }
});

Deno.test("metadata: the proxy without a secret is warned about at start-up", async () => {
  const m = await startMetadata({ OS_NEUTRON__SERVICE_METADATA_PROXY: "true" });
  try {
    assert.ok(
      m.logs.some((l) => /^WARNING metadata_proxy_shared_secret is not configured/.test(l)),
      m.logs.join("\n"),
    );
  } finally {
    await m.close();
  }
});
