/**
 * Path normalization as Python's `posixpath` does it.
 *
 * @module
 */

/**
 * Python's `posixpath.normpath`: `.` and empty segments dropped, `..` resolved, and exactly two
 * leading slashes kept (POSIX leaves their meaning to the system), so `//` is not `/`.
 *
 * @example
 * ```ts
 * normpath("/openstack/.."); // "/"
 * normpath("//"); // "//"
 * ```
 */
export function normpath(path: string): string {
  if (path === "") return ".";
  let leading = path.startsWith("/") ? 1 : 0;
  if (path.startsWith("//") && !path.startsWith("///")) leading = 2;
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part !== ".." || (!leading && parts.length === 0) || parts.at(-1) === "..") {
      parts.push(part);
    } else if (parts.length > 0) {
      parts.pop();
    }
  }
  return "/".repeat(leading) + parts.join("/") || ".";
}
