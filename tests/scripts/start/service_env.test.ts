import assert from "node:assert/strict";
import { MALLOC_ARENA_MAX, serviceEnv } from "../../../scripts/start/service_env.ts";

Deno.test("serviceEnv adds the arena limit when the caller set none", () => {
  assert.equal(MALLOC_ARENA_MAX, "2");
  assert.deepEqual(serviceEnv({ PATH: "/usr/bin" }), { MALLOC_ARENA_MAX: "2" });
});

Deno.test("serviceEnv leaves the caller's MALLOC_ARENA_MAX, even an empty one", () => {
  assert.deepEqual(serviceEnv({ MALLOC_ARENA_MAX: "8" }), {});
  assert.deepEqual(serviceEnv({ MALLOC_ARENA_MAX: "" }), {});
});
