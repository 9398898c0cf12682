import assert from "node:assert/strict";
import { compose } from "../../lib/http/compose.ts";
import { cors, type CorsOptions } from "../../lib/middleware/cors.ts";
import { serve } from "./_serve.ts";

const ALLOWED = "https://dashboard.example.com";
const OPTS: CorsOptions = {
  allowedOrigin: [ALLOWED],
  allowCredentials: true,
  exposeHeaders: ["X-OpenStack-Request-ID", "X-Compute-Request-ID"],
  maxAge: 3600,
  allowMethods: ["GET", "PUT", "POST", "DELETE", "PATCH"],
  allowHeaders: ["X-Auth-Token", "OpenStack-API-Version"],
};

const CORS_NAMES = [
  "access-control-allow-origin",
  "access-control-allow-credentials",
  "access-control-allow-methods",
  "access-control-allow-headers",
  "access-control-max-age",
  "access-control-expose-headers",
];

/** An app like Nova's router: GET works, OPTIONS is unknown (404). */
function router(request: Request): Promise<Response> {
  if (request.method === "OPTIONS") {
    return Promise.resolve(Response.json({ itemNotFound: { code: 404 } }, { status: 404 }));
  }
  return Promise.resolve(
    new Response("{}", { headers: { "content-type": "application/json", vary: "Accept" } }),
  );
}

function corsHeaders(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of [...CORS_NAMES, "vary"]) {
    const value = res.headers.get(name);
    if (value !== null) out[name] = value;
  }
  return out;
}

async function withServer(opts: CorsOptions, run: (base: string) => Promise<void>) {
  const server = serve(compose([cors(opts)], router));
  try {
    await run(server.base);
  } finally {
    await server.close();
  }
}

function preflight(base: string, headers: Record<string, string>) {
  return fetch(`${base}/v2.1/servers`, { method: "OPTIONS", headers });
}

Deno.test("cors: allowed preflight gets 200 and the allow headers", async () => {
  await withServer(OPTS, async (base) => {
    const res = await preflight(base, {
      Origin: ALLOWED,
      "Access-Control-Request-Method": "POST",
      "Access-Control-Request-Headers": "x-auth-token, Content-Type ,OpenStack-API-Version",
    });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), "");
    assert.deepEqual(corsHeaders(res), {
      "access-control-allow-origin": ALLOWED,
      "access-control-allow-credentials": "true",
      "access-control-allow-methods": "POST",
      "access-control-allow-headers": "x-auth-token,Content-Type,OpenStack-API-Version",
      "access-control-max-age": "3600",
      vary: "Origin",
    });
    // The 404 the router gave was replaced entirely.
    assert.equal(res.headers.get("content-type"), null);
  });
});

Deno.test("cors: refused preflights still get 200, without CORS headers", async () => {
  await withServer(OPTS, async (base) => {
    const cases: Record<string, string>[] = [
      { Origin: "https://evil.example.com", "Access-Control-Request-Method": "GET" },
      { Origin: ALLOWED, "Access-Control-Request-Method": "TRACE" },
      { Origin: ALLOWED, "Access-Control-Request-Method": "get" },
      {
        Origin: ALLOWED,
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "X-Auth-Token, X-Secret",
      },
      { Origin: ALLOWED },
      { "Access-Control-Request-Method": "GET" },
    ];
    for (const headers of cases) {
      const res = await preflight(base, headers);
      assert.equal(res.status, 200, JSON.stringify(headers));
      await res.text();
      assert.deepEqual(corsHeaders(res), {}, JSON.stringify(headers));
    }
  });
});

Deno.test("cors: actual requests from an allowed origin", async () => {
  await withServer(OPTS, async (base) => {
    const res = await fetch(`${base}/v2.1/servers`, { headers: { Origin: ALLOWED } });
    assert.equal(await res.text(), "{}");
    assert.deepEqual(corsHeaders(res), {
      "access-control-allow-origin": ALLOWED,
      "access-control-allow-credentials": "true",
      "access-control-expose-headers": "X-OpenStack-Request-ID,X-Compute-Request-ID",
      vary: "Accept,Origin",
    });
    const other = await fetch(`${base}/v2.1/servers`, {
      headers: { Origin: "https://evil.example.com" },
    });
    await other.text();
    assert.deepEqual(corsHeaders(other), { vary: "Accept" });
    const none = await fetch(`${base}/v2.1/servers`);
    await none.text();
    assert.deepEqual(corsHeaders(none), { vary: "Accept" });
  });
});

Deno.test("cors: wildcard answers * for unlisted origins, the origin for listed ones", async () => {
  const opts = { ...OPTS, allowedOrigin: ["*", ALLOWED], allowCredentials: false, maxAge: null };
  await withServer(opts, async (base) => {
    const res = await fetch(`${base}/`, { headers: { Origin: "https://any.example.org" } });
    await res.text();
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    assert.equal(res.headers.get("access-control-allow-credentials"), null);
    const listed = await fetch(`${base}/`, { headers: { Origin: ALLOWED } });
    await listed.text();
    assert.equal(listed.headers.get("access-control-allow-origin"), ALLOWED);
    const pre = await preflight(base, {
      Origin: "https://any.example.org",
      "Access-Control-Request-Method": "DELETE",
    });
    await pre.text();
    assert.deepEqual(corsHeaders(pre), {
      "access-control-allow-origin": "*",
      "access-control-allow-methods": "DELETE",
      vary: "Origin",
    });
  });
});

Deno.test("cors: no configured origin adds nothing, yet OPTIONS becomes 200 as in oslo", async () => {
  await withServer({ ...OPTS, allowedOrigin: [] }, async (base) => {
    const res = await fetch(`${base}/`, { headers: { Origin: ALLOWED } });
    await res.text();
    assert.deepEqual(corsHeaders(res), { vary: "Accept" });
    const pre = await preflight(base, { Origin: ALLOWED, "Access-Control-Request-Method": "GET" });
    assert.equal(pre.status, 200);
    await pre.text();
    assert.deepEqual(corsHeaders(pre), {});
  });
});

Deno.test("cors: a 2xx OPTIONS answer is kept and a response with ACAO is left alone", async () => {
  const app = compose([cors(OPTS)], (request) => {
    if (request.url.endsWith("/own")) {
      return Promise.resolve(
        new Response("mine", { headers: { "access-control-allow-origin": "https://x.test" } }),
      );
    }
    return Promise.resolve(
      new Response("options body", { status: 200, headers: { allow: "GET" } }),
    );
  });
  const pre = await app(
    new Request("http://h/", {
      method: "OPTIONS",
      headers: { Origin: ALLOWED, "Access-Control-Request-Method": "GET" },
    }),
  );
  assert.equal(await pre.text(), "options body");
  assert.equal(pre.headers.get("allow"), "GET");
  assert.equal(pre.headers.get("access-control-allow-origin"), ALLOWED);
  const own = await app(new Request("http://h/own", { headers: { Origin: ALLOWED } }));
  await own.text();
  assert.equal(own.headers.get("access-control-allow-origin"), "https://x.test");
  assert.equal(own.headers.get("vary"), null);
});
