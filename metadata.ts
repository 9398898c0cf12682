/**
 * The metadata API (`nova.wsgi.metadata`'s analogue): `export default { fetch }` for `deno serve`
 * and Deno Deploy; run directly (`deno run -P=metadata metadata.ts`) it serves itself on
 * `[DEFAULT] metadata_listen:metadata_listen_port`.
 *
 * @module
 */
import { buildServiceFrom } from "./lib/service/build_from.ts";
import { checkCodeReadable } from "./lib/service/code_access.ts";
import { METADATA_FACTORIES } from "./lib/service/metadata_factories.ts";
import { defineEntry } from "./lib/service/serve.ts";

const entry = defineEntry({
  name: "metadata",
  main: import.meta.main,
  build: async () => {
    // It imports its instance reads on first use, under its read permission.
    checkCodeReadable();
    return await buildServiceFrom(METADATA_FACTORIES, "metadata");
  },
});

export default entry;
