/**
 * Guest hostnames derived from display names, as Nova's `utils.sanitize_hostname` makes them.
 *
 * @module
 */

/**
 * A display name made a hostname: characters beyond Latin-1 dropped, cut to 63, spaces,
 * underscores and dots made dashes, everything but word characters, `.` and `-` removed, lower
 * case, leading and trailing `.`/`-` stripped. May be empty.
 *
 * @example
 * ```ts
 * sanitizeHostname("My Server_1"); // "my-server-1"
 * ```
 */
export function sanitizeHostname(name: string): string {
  let h = [...name].filter((c) => c.codePointAt(0)! <= 0xff).join("").slice(0, 63);
  h = h.replace(/[ _.]/g, "-");
  // Python's \w on str is Unicode-aware: letters and digits of Latin-1 count, as does `_`.
  h = h.replace(/[^\p{L}\p{N}_.-]+/gu, "");
  h = h.toLowerCase();
  h = h.replace(/^[.-]+|[.-]+$/g, "");
  return h;
}
