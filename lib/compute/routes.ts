/**
 * The compute API's route table: every resource's rows, in one list. Order matters where a literal
 * path and a template overlap (`/flavors/detail` before `/flavors/{id}`): each resource lists its
 * literal rows first.
 *
 * @module
 */
import type { Route } from "./router.ts";
import type { ComputeRuntime } from "./runtime.ts";
import { flavorRoutes } from "./flavors/controller.ts";
import { accessRoutes } from "./flavors/access_controller.ts";
import { extraSpecRoutes } from "./flavors/extra_specs_controller.ts";
import { keypairRoutes } from "./keypairs/controller.ts";
import { limitRoutes } from "./limits/controller.ts";
import { quotaSetRoutes } from "./quota_sets/controller.ts";
import { quotaClassRoutes } from "./quota_classes/controller.ts";

/** Every route the compute API serves. */
export function computeRoutes(runtime: ComputeRuntime): Route[] {
  return [
    ...flavorRoutes(runtime),
    ...accessRoutes(runtime),
    ...extraSpecRoutes(runtime),
    ...keypairRoutes(runtime),
    ...limitRoutes(runtime),
    ...quotaSetRoutes(runtime),
    ...quotaClassRoutes(runtime),
  ];
}
