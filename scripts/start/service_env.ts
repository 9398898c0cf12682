/**
 * The environment a service process is run with beyond its configuration directory, by
 * `deno task start`, the systemd units (`etc/systemd/*.service`) and `deno task bench`.
 *
 * `MALLOC_ARENA_MAX=2`: glibc gives each thread that allocates its own arena (up to eight a
 * core), and what a busy spell leaves in an arena stays resident even after `malloc_trim`
 * wherever a page still holds a live byte. A compute has a dozen threads over its life (V8's
 * workers, the KV store's SQLite worker, Deno's blocking pool, the idle trim's worker), so some
 * ten arenas. With two, after `deno task bench`'s load a compute settled at 83-86 MiB in four
 * short runs, against 88-97 MiB with glibc's default; it costs some 12% of the creates a second
 * (the threads now share arenas: 735 against 840 creates/s, three alternating runs each) and some
 * 9% of `servers/detail` (5,160 against 5,680 req/s). musl and other allocators ignore it.
 *
 * @module
 */

/** glibc's arena limit for service processes. */
export const MALLOC_ARENA_MAX = "2";

/**
 * What to add to a service process's environment, given the caller's: the arena limit, unless
 * the caller set `MALLOC_ARENA_MAX` (then the process inherits theirs; set but empty is glibc's
 * default).
 *
 * @example
 * ```ts
 * serviceEnv({}); // { MALLOC_ARENA_MAX: "2" }
 * serviceEnv({ MALLOC_ARENA_MAX: "8" }); // {}
 * ```
 */
export function serviceEnv(callerEnv: Record<string, string | undefined>): Record<string, string> {
  return callerEnv.MALLOC_ARENA_MAX === undefined ? { MALLOC_ARENA_MAX } : {};
}
