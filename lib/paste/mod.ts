/**
 * PasteDeploy as Nova uses it: read an `api-paste.ini`, map its dotted factory names to our
 * implementations through a {@link FactoryTable}, and build the named application as one
 * {@link Handler}; plus the urlmap composites that mount the API versions.
 *
 * @example
 * ```ts
 * import { buildPipeline, loadPasteApp, URLMAP_COMPOSITES } from "./lib/paste/mod.ts";
 *
 * const app = await loadPasteApp({
 *   file,
 *   text: await Deno.readTextFile(file),
 *   name: "osapi_compute",
 *   runtime,
 *   table: {
 *     apps,
 *     filters,
 *     composites: {
 *       ...URLMAP_COMPOSITES,
 *       "nova.api.auth:pipeline_factory_v21": (loader, ctx) =>
 *         buildPipeline(loader, ctx.localConf[runtime.authStrategy].split(/\s+/)),
 *     },
 *   },
 * });
 * ```
 *
 * @module
 */
export type {
  AppFactory,
  AppLoader,
  CompositeFactory,
  FactoryContext,
  FactoryTable,
  FilterFactory,
} from "./types.ts";
export type { Handler, Middleware } from "../http/types.ts";
export { PasteError, type PasteErrorLocation } from "./error.ts";
export {
  DEFAULT_SECTION,
  type IniDocument,
  type IniOption,
  type IniSection,
  parseIni,
} from "./ini.ts";
export { interpolate, InterpolationError } from "./interpolate.ts";
export { PasteConfig } from "./config.ts";
export {
  buildPipeline,
  loadPasteApp,
  type LoadPasteOptions,
  type PasteLoader,
  pasteLoaderOf,
} from "./loader.ts";
export {
  BEST_CONTENT_TYPE_NOTE,
  type MountedApp,
  notFoundResponse,
  pasteUrlmapFactory,
  SUPPORTED_CONTENT_TYPES,
  UrlMap,
  URLMAP_COMPOSITES,
  urlmapFactory,
} from "./urlmap.ts";
export { type MountPoint, mountPoint, parsePathExpression } from "./mount_path.ts";
