import assert from "node:assert/strict";
import { listenErrorLine } from "../../lib/service/serve.ts";

Deno.test("a listen failure is one line naming the service, the address and why", () => {
  const at = { hostname: "127.0.0.1", port: 8774 };
  const cases: [unknown, string][] = [
    [new Deno.errors.AddrInUse("Address already in use (os error 98)"), "address in use"],
    [new Deno.errors.AddrNotAvailable("Cannot assign (os error 99)"), "address not available"],
    [new Deno.errors.PermissionDenied("Permission denied (os error 13)"), "permission denied"],
    [new Error("something odd (os error 5)"), "something odd"],
  ];
  for (const [error, why] of cases) {
    assert.equal(
      listenErrorLine("compute", at, error),
      `compute: cannot listen on 127.0.0.1:8774: ${why}`,
    );
  }
  assert.equal(
    listenErrorLine("metadata", { hostname: "::1", port: 8775 }, new Deno.errors.AddrInUse("x")),
    "metadata: cannot listen on [::1]:8775: address in use",
  );
});

Deno.test("a taken port gives that line (the error Deno.serve really throws)", () => {
  const taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const at = { hostname: "127.0.0.1", port: taken.addr.port };
  try {
    let thrown: unknown;
    try {
      Deno.serve({ ...at, onListen() {} }, () => new Response()).shutdown();
    } catch (e) {
      thrown = e;
    }
    assert.equal(
      listenErrorLine("compute", at, thrown),
      `compute: cannot listen on 127.0.0.1:${at.port}: address in use`,
    );
  } finally {
    taken.close();
  }
});
