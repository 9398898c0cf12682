/**
 * The compute API (`nova.wsgi.osapi_compute`'s analogue): `export default { fetch }` for
 * `deno serve` and Deno Deploy; run directly (`deno run -P=compute compute.ts`) it serves itself on
 * `[DEFAULT] osapi_compute_listen:osapi_compute_listen_port`.
 *
 * @module
 */
import { buildService } from "./lib/service/build.ts";
import { defineEntry } from "./lib/service/serve.ts";

const entry = defineEntry({
  name: "compute",
  main: import.meta.main,
  build: () => buildService("osapi_compute"),
});

export default entry;
