/**
 * A compute harness serving only the flavor family, seeded with the classic flavors.
 *
 * @module
 */
import { FLAVOR_ROUTES } from "../../../lib/compute/flavors/routes.ts";
import { seedClassicFlavors } from "../../../lib/flavors/seed.ts";
import { type Harness, type HarnessOptions, startCompute } from "../../support/compute_harness.ts";

/** Start a harness with the flavor routes and m1.tiny … m1.xlarge (ids 1–5). */
export async function startFlavors(
  options: Omit<HarnessOptions, "routes"> = {},
): Promise<Harness> {
  const h = await startCompute({ ...options, routes: FLAVOR_ROUTES });
  await seedClassicFlavors(h.kv);
  return h;
}

/** The sample folder for a microversion (`""`, `v2.55/`, `v2.61/`, `v2.75/`, `v2.102/`). */
export function sampleDir(version: string): string {
  const minor = Number(version.split(".")[1]);
  if (minor >= 102) return "v2.102/";
  if (minor >= 75) return "v2.75/";
  if (minor >= 61) return "v2.61/";
  if (minor >= 55) return "v2.55/";
  return "";
}

/** A private flavor body for `POST /flavors`. */
export function privateFlavor(id: string, name = `private-${id}`) {
  return {
    flavor: { name, ram: 1024, vcpus: 2, disk: 10, id, "os-flavor-access:is_public": false },
  };
}

/** Read a Nova fault's message from a JSON error body. */
export function faultMessage(body: unknown): string {
  const inner = Object.values(body as Record<string, { message: string }>)[0];
  return inner.message;
}
