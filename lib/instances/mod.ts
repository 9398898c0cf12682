/**
 * The instance domain: create, read (applying due steps of the simulated hypervisor), list, update
 * and delete servers, each change one atomic operation with its quota, host and port claims.
 *
 * @module
 */
export type * from "./types.ts";
