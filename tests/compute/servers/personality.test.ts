/**
 * Personality files on create over real HTTP, as Nova's `_check_injected_file_quota`: the number
 * of files (`[quota] injected_files`), then the longest path and content, each over its limit a
 * 403.
 */
import assert from "node:assert/strict";
import { faultMessage } from "../../support/compute.ts";
import { serverBody, start } from "./_support.ts";

function files(n: number, path = "/etc/f", contents = "aGk=") {
  return Array.from({ length: n }, (_, i) => ({ path: `${path}${i}`, contents }));
}

Deno.test("create: personality files over their limits → 403 with Nova's messages", async () => {
  const h = await start();
  try {
    const cases: [unknown[], number, string?][] = [
      [files(6), 403, "Personality file limit exceeded"],
      [files(1, "/" + "p".repeat(255)), 403, "Personality file path exceeds maximum 255"],
      [files(1, "/f", "a".repeat(10244)), 403, "Personality file content exceeds maximum 10240"],
      [files(5), 202],
    ];
    for (const [personality, status, message] of cases) {
      const res = await h.json("/servers", { as: "member", json: serverBody({ personality }) });
      assert.equal(res.status, status, res.text);
      if (message) assert.equal(faultMessage(res.body), message);
    }
  } finally {
    await h.close();
  }
});

Deno.test("create: [quota] injected_files sets the number of files allowed", async () => {
  const h = await start({ quota: { injected_files: 1 } });
  try {
    const two = await h.json("/servers", {
      as: "member",
      json: serverBody({ personality: files(2) }),
    });
    assert.equal(two.status, 403, two.text);
    const one = await h.json("/servers", {
      as: "member",
      json: serverBody({ personality: files(1) }),
    });
    assert.equal(one.status, 202, one.text);
  } finally {
    await h.close();
  }
});
