/**
 * Keeping glibc's allocator from giving memory back to the system after every large response.
 *
 * Each response body is copied out of the V8 heap into a native buffer as it is sent. With
 * glibc's defaults, freeing one that sits at the top of the heap (a server page is some 120 KB)
 * leaves more than the 128 KiB trim threshold free there, so the heap is shrunk, and the next
 * body grows it again: every response then page-faults its buffer in anew. Measured on a fresh
 * compute process serving `GET /v2.1/servers/detail?limit=100` at 32 connections: ~1,000 req/s
 * and 1 ms of CPU a request, against ~4,500 req/s once the threshold is higher.
 *
 * glibc raises the threshold on its own, to twice the size of a memory-mapped block when that
 * block is freed. A process cannot set it otherwise without an environment variable or a native
 * call (neither is in a service's permission set), so this module frees such a block: a 2 MiB
 * ArrayBuffer, whose backing store the allocator maps, dropped at once and freed by the next
 * garbage collection. The threshold becomes 4 MiB: at most that much free memory stays at the
 * heap's top. Under another allocator it is a 2 MiB allocation and nothing more.
 *
 * @module
 */

/** The size of the block freed (the trim threshold becomes twice this). */
export const TRIM_BLOCK_BYTES = 2 * 1024 * 1024;

/** Allocate and drop one {@link TRIM_BLOCK_BYTES} buffer (see the module's doc). */
export function raiseMallocTrimThreshold(): void {
  new Uint8Array(TRIM_BLOCK_BYTES);
}
