/**
 * Quotas, the domain side: the resource table, the engine that resolves limits and counts usage
 * inside the transaction of the record that consumes it, the over-quota error, and changing
 * stored limits. Used by keypairs, server groups, the quota and limits APIs (and soon servers).
 *
 * @module
 */
export * from "./resources.ts";
export * from "./engine.ts";
export * from "./over_quota.ts";
export * from "./limits.ts";
/** A reader of stored limits and usage over a store, for the engine's read methods. */
export { kvReader as quotaReader, type ValueReader } from "../store/quotas.ts";
