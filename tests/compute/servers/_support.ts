/**
 * Support for the servers API tests: a compute harness whose builds and deletes take no time,
 * and a server create body and call.
 *
 * @module
 */
import assert from "node:assert/strict";
import { CIRROS_IMAGE_ID } from "../../../lib/images/catalog.ts";
import { PRIVATE_NETWORK_ID } from "../../../lib/networks/catalog.ts";
import { type Harness, type Persona, startCompute } from "../../support/compute.ts";

/** Builds and deletes take no time. */
export const INSTANT = { deno: { fake_boot_seconds: 0 }, virt: { fake_delete_seconds: 0 } };

/** A compute harness with the classic flavors and instant builds. */
export function start(config: Record<string, Record<string, unknown>> = {}): Promise<Harness> {
  return startCompute({ seedFlavors: true, config: { ...INSTANT, ...config } });
}

/** A create body for `vm1` on cirros, m1.tiny and the private network. */
export function serverBody(extra: Record<string, unknown> = {}) {
  return {
    server: {
      name: "vm1",
      imageRef: CIRROS_IMAGE_ID,
      flavorRef: "1",
      networks: [{ uuid: PRIVATE_NETWORK_ID }],
      ...extra,
    },
  };
}

/** Create a server and return its id. */
export async function createServer(
  h: Harness,
  as: Persona = "member",
  extra: Record<string, unknown> = {},
  version = "2.1",
): Promise<string> {
  const res = await h.json("/servers", { as, version, json: serverBody(extra) });
  assert.equal(res.status, 202, res.text);
  return res.body.server.id;
}
