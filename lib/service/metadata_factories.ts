/**
 * The metadata process's factory table: the shared filters, the healthcheck app and Nova's
 * metadata handler, and nothing of the compute API. `metadata.ts` builds from it, so the module
 * graph Deno reads when that process starts (every static import and every `import()` with a
 * literal specifier) holds no compute route, identity or image code. The compute process's table
 * (`factories.ts`) has every row of this one.
 *
 * @module
 */
import type { AppFactory, FactoryTable } from "../paste/types.ts";
import { URLMAP_COMPOSITES } from "../paste/mod.ts";
import { metadataService } from "../metadata/service.ts";
import { COMMON_FILTERS, HEALTHCHECK_APPS } from "./filter_factories.ts";
import { preloadLater } from "./lazy.ts";
import type { ServiceRuntime } from "./runtime.ts";

/** Nova's metadata handler, by its dotted name. */
export const METADATA_APPS: Record<string, AppFactory<ServiceRuntime>> = {
  // The metadata process opens the same store as compute (migrated, at start-up) so both
  // agree on one state, and reads instances through the instance domain, which it imports on
  // first use (under its read permission: deno.json's lazy-dynamic-imports), or a second after
  // it starts serving.
  "nova.api.metadata.handler:MetadataRequestHandler.factory": async ({ runtime }) =>
    metadataService({
      config: runtime.config,
      kv: await runtime.kv(),
      log: (line) => runtime.log(line),
      preload: (load) => preloadLater(runtime, "metadata reads", load),
    }),
};

/** Every dotted name a metadata paste pipeline may use in the metadata process. */
export const METADATA_FACTORIES: FactoryTable<ServiceRuntime> = {
  filters: { ...COMMON_FILTERS },
  apps: { ...HEALTHCHECK_APPS, ...METADATA_APPS },
  composites: { ...URLMAP_COMPOSITES },
};
