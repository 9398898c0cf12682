/**
 * Support for the migration API tests: a harness on a test clock (builds and moves take
 * `SECONDS`), servers made ACTIVE, and the moves that write migration records (a resize, a cold
 * migration, a live migration left in a chosen status).
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Harness, Persona } from "../../support/compute.ts";
import { TestClock } from "../../instances/support.ts";
import { createServer, start } from "../servers/_support.ts";

/** How long a build or a move takes on the test clock. */
export const SECONDS = 6;

/** A harness whose builds and moves take {@link SECONDS} on a clock the test moves. */
export async function startMoving(
  config: Record<string, Record<string, unknown>> = {},
): Promise<{ h: Harness; clock: TestClock }> {
  const h = await start({ deno: { fake_boot_seconds: SECONDS }, ...config });
  const clock = new TestClock();
  h.runtime.instances.clock = clock.now;
  return { h, clock };
}

/** Create a server and let it become ACTIVE. */
export async function activeServer(
  h: Harness,
  clock: TestClock,
  as: Persona = "member",
): Promise<string> {
  const id = await createServer(h, as);
  clock.advance(SECONDS);
  return id;
}

/** POST a server action and expect `status`. */
export async function act(
  h: Harness,
  id: string,
  body: unknown,
  status = 202,
  as: Persona = "admin",
  version = "2.1",
): Promise<void> {
  const res = await h.json(`/servers/${id}/action`, { as, version, json: body });
  assert.equal(res.status, status, `${JSON.stringify(body)}: ${res.text}`);
}

/**
 * Live-migrate `id` (the scheduler picks) and move the clock until its migration is
 * `queued` (1 s), `preparing` (2 s) or `running` (3 s).
 */
export async function liveMigrating(
  h: Harness,
  clock: TestClock,
  id: string,
  status: "queued" | "preparing" | "running" = "running",
): Promise<void> {
  await act(
    h,
    id,
    { "os-migrateLive": { block_migration: "auto", host: null } },
    202,
    "admin",
    "2.34",
  );
  clock.advance({ queued: 1, preparing: 2, running: 3 }[status]);
}
