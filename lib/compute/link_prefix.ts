/**
 * Nova's `_update_link_prefix`: swap scheme and host of a URL for those of a configured prefix
 * (`[api] compute_link_prefix`) and put the prefix's path in front of the URL's path.
 *
 * @example
 * ```ts
 * applyLinkPrefix("http://10.0.0.1:8774/v2.1", "https://api.example.com/compute");
 * // "https://api.example.com/compute/v2.1"
 * ```
 */
export function applyLinkPrefix(url: string, prefix: string | undefined): string {
  if (!prefix) return url;
  const u = new URL(url);
  const p = new URL(prefix);
  const path = p.pathname.replace(/\/$/, "") + u.pathname;
  return `${p.protocol}//${p.host}${path}${u.search}`.replace(/\/$/, "");
}
