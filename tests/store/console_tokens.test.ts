/** Console token records: stored by hash, read back whole, absent when never stored. */
import assert from "node:assert/strict";
import {
  type ConsoleTokenRecord,
  getConsoleToken,
  putConsoleToken,
} from "../../lib/store/console_tokens.ts";

Deno.test("console tokens: put then get by hash; an unknown hash is null", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const record: ConsoleTokenRecord = {
      token_hash: "ab".repeat(32),
      console_type: "novnc",
      host: "127.0.0.1",
      port: 5901,
      tls_port: null,
      internal_access_path: null,
      instance_uuid: crypto.randomUUID(),
      compute_host: "compute-1",
      access_url_base: "http://127.0.0.1:6080/vnc_auto.html",
      expires: Math.floor(Date.now() / 1000) + 600,
    };
    await putConsoleToken(kv, record, Date.now());
    assert.deepEqual(await getConsoleToken(kv, record.token_hash), record);
    assert.equal(await getConsoleToken(kv, "cd".repeat(32)), null);
  } finally {
    kv.close();
  }
});
