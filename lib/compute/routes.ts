/**
 * The compute API's route table: every resource's rows, in one list. Order matters where a literal
 * path and a template overlap (`/flavors/detail` before `/flavors/{id}`): each resource lists its
 * literal rows first.
 *
 * @module
 */
import type { Route } from "./router.ts";
import type { ComputeRuntime } from "./runtime.ts";

/** Every route the compute API serves. */
export function computeRoutes(_runtime: ComputeRuntime): Route[] {
  return [];
}
