/**
 * Support for the aggregate API tests: calls that create an aggregate and run its actions as
 * admin, over the harness's real HTTP server.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Harness, ReadResponse } from "../../support/compute.ts";

/** Create an aggregate and return its id. */
export async function createAggregate(
  h: Harness,
  name: string,
  zone?: string | null,
): Promise<number> {
  const aggregate: Record<string, unknown> = { name };
  if (zone !== undefined) aggregate.availability_zone = zone;
  const res = await h.json("/os-aggregates", { json: { aggregate } });
  assert.equal(res.status, 200, res.text);
  return res.body.aggregate.id;
}

/** Run an aggregate action (`add_host`, `remove_host`, `set_metadata`). */
export function action(
  h: Harness,
  id: number | string,
  name: string,
  body: unknown,
  version = "2.1",
): Promise<ReadResponse> {
  return h.json(`/os-aggregates/${id}/action`, { version, json: { [name]: body } });
}
