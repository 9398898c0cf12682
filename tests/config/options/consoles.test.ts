/** The console option groups: Nova's defaults, the deprecated names, bad values stop loading. */
import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../../../lib/config/mod.ts";
import { consoleSettings } from "../../../lib/instances/mod.ts";

function load(text: string) {
  return loadConfig({
    env: {},
    files: ["/e/nova.conf"],
    readTextFile: () => Promise.resolve(text),
  });
}

Deno.test("console options: Nova's defaults", async () => {
  const s = consoleSettings(await load(""));
  assert.deepEqual(s, {
    vnc: {
      enabled: true,
      baseUrl: "http://127.0.0.1:6080/vnc_auto.html",
      proxyHost: "127.0.0.1",
    },
    spice: {
      enabled: false,
      html5BaseUrl: "http://127.0.0.1:6082/spice_auto.html",
      directBaseUrl: "http://127.0.0.1:13002/nova",
      proxyHost: "127.0.0.1",
    },
    serial: {
      enabled: false,
      baseUrl: "ws://127.0.0.1:6083/",
      proxyHost: "127.0.0.1",
      portRange: "10000:20000",
    },
    mks: { enabled: false, baseUrl: "http://127.0.0.1:6090/" },
    tokenTtl: 600,
  });
});

Deno.test("console options: [DEFAULT] vnc_enabled, novncproxy_base_url and console_token_ttl", async () => {
  const config = await load(
    "[DEFAULT]\nvnc_enabled = false\nnovncproxy_base_url = https://vnc.example.com/vnc.html\n" +
      "console_token_ttl = 45\n",
  );
  const s = consoleSettings(config);
  assert.equal(s.vnc.enabled, false);
  assert.equal(s.vnc.baseUrl, "https://vnc.example.com/vnc.html");
  assert.equal(s.tokenTtl, 45);
});

Deno.test("console options: bad values stop loading", async () => {
  for (
    const text of [
      "[consoleauth]\ntoken_ttl = -1\n",
      "[serial_console]\nport_range = 10000-20000\n",
      "[vnc]\nnovncproxy_base_url = not a url\n",
      "[spice]\nenabled = maybe\n",
    ]
  ) {
    await assert.rejects(load(text), ConfigError, text);
  }
});
