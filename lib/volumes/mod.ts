/**
 * Block storage volumes and their snapshots, the domain both volume APIs use: the Cinder-like
 * subset (`lib/cinder`), Nova's `os-volumes` and `os-snapshots` proxies, and the attachment paths.
 *
 * @module
 */
export * from "./errors.ts";
export * from "./types.ts";
export * from "./volumes.ts";
export * from "./snapshots.ts";
export * from "./time.ts";
