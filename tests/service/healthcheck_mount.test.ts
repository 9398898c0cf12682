/**
 * The shipped paste file (`etc/nova/api-paste.ini`) mounts oslo.middleware's healthcheck at
 * `/healthcheck` of both APIs with Debian's disable_by_file backend: over real HTTP it answers 200
 * "OK" (text, and JSON on request, with details when `[healthcheck] detailed` is on) and the APIs'
 * other paths are untouched.
 */
import assert from "node:assert/strict";
import { buildService, type ServiceName } from "../../lib/service/build.ts";
import { serve } from "../middleware/_serve.ts";

const PASTE = await Deno.readTextFile(new URL("../../etc/nova/api-paste.ini", import.meta.url));

async function withService(
  name: ServiceName,
  env: Record<string, string>,
  body: (base: string) => Promise<void>,
) {
  const built = await buildService(name, {
    noFiles: true,
    pasteText: PASTE,
    env: { OS_API__AUTH_STRATEGY: "noauth2", OS_DATABASE__CONNECTION: ":memory:", ...env },
    log: () => {},
  });
  const server = serve(built.handler);
  try {
    await body(server.base);
  } finally {
    await server.close();
    await built.runtime.close();
  }
}

for (const name of ["osapi_compute", "metadata"] as const) {
  Deno.test(`${name}: GET /healthcheck answers 200 OK`, async () => {
    await withService(name, {}, async (base) => {
      const text = await fetch(`${base}/healthcheck`);
      assert.equal(text.status, 200);
      assert.match(text.headers.get("content-type") ?? "", /^text\/plain/);
      assert.equal(await text.text(), "OK");
      const json = await fetch(`${base}/healthcheck`, {
        headers: { Accept: "application/json" },
      });
      assert.equal(json.status, 200);
      assert.deepEqual(await json.json(), { detailed: false, reasons: ["OK"] });
      const head = await fetch(`${base}/healthcheck`, { method: "HEAD" });
      assert.equal(head.status, 204);
      await head.body?.cancel();
      // The API's own root is still the API's.
      const root = await fetch(`${base}/`);
      assert.equal(root.status, 200);
      assert.doesNotMatch(await root.text(), /^OK$/);
    });
  });

  Deno.test(`${name}: [healthcheck] detailed adds the process facts to the JSON form`, async () => {
    await withService(name, { OS_HEALTHCHECK__DETAILED: "true" }, async (base) => {
      const json = await fetch(`${base}/healthcheck`, {
        headers: { Accept: "application/json" },
      });
      assert.equal(json.status, 200);
      const doc = await json.json();
      assert.equal(doc.detailed, true);
      assert.deepEqual(doc.reasons, [{
        reason: "OK",
        details: "Path '/var/lib/nova/healthcheck_disable' was not found",
        class: "HealthcheckResult",
      }]);
    });
  });
}
