import assert from "node:assert/strict";
import { compose } from "../../lib/http/compose.ts";
import { osprofiler } from "../../lib/middleware/osprofiler.ts";
import { serve } from "./_serve.ts";

Deno.test("osprofiler: passes everything through, trace headers included", async () => {
  const notes: string[] = [];
  for (const enabled of [false, true]) {
    const seen: (string | null)[] = [];
    const server = serve(compose([osprofiler({ enabled, log: (m) => notes.push(m) })], (req) => {
      seen.push(req.headers.get("x-trace-info"));
      return Promise.resolve(new Response("through", { status: 202 }));
    }));
    try {
      const res = await fetch(`${server.base}/v2.1`, {
        headers: { "X-Trace-Info": "abc", "X-Trace-HMAC": "def" },
      });
      assert.equal(res.status, 202);
      assert.equal(await res.text(), "through");
      assert.deepEqual(seen, ["abc"]);
      assert.equal(res.headers.get("x-trace-info"), null);
    } finally {
      await server.close();
    }
  }
  assert.equal(notes.length, 1);
  assert.match(notes[0], /not available/);
});
