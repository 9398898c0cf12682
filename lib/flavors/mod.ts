/**
 * The flavor domain: plain functions over the store that own their transactions and raise
 * Nova's flavor errors as domain errors (`lib/errors`). The compute API's flavor handlers call
 * only these.
 *
 * @module
 */
export * from "./errors.ts";
export * from "./manage.ts";
export * from "./access.ts";
export * from "./extra_specs.ts";
export * from "./listing.ts";
export * from "./lookup.ts";
export * from "./seed.ts";
export type { FlavorRecord } from "../store/flavors.ts";
