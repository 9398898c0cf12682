import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../../../lib/config/mod.ts";

function load(text: string) {
  return loadConfig({
    env: {},
    files: ["/e/nova.conf"],
    readTextFile: () => Promise.resolve(text),
  });
}

Deno.test("[emulator] enabled: off by default, a boolean, a bad value stops the load", async () => {
  assert.equal((await load("")).get("emulator", "enabled"), false);
  assert.equal((await load("[emulator]\nenabled = true\n")).get("emulator", "enabled"), true);
  await assert.rejects(load("[emulator]\nenabled = maybe\n"), ConfigError);
});

Deno.test("the quick start turns the emulator on", async () => {
  const text = await Deno.readTextFile(new URL("../../../etc/nova/nova.conf", import.meta.url));
  assert.equal((await load(text)).get("emulator", "enabled"), true);
});
