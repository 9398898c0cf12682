/**
 * The three POSIX path operations the paste loader needs (`dirname`, `normalize`, `join`), with
 * `node:path`'s results, written out so the start-up path does not load `node:path`.
 *
 * @example
 * ```ts
 * normalize("/etc/nova/../nova/./api-paste.ini"); // "/etc/nova/api-paste.ini"
 * ```
 *
 * @module
 */

/** `path` with `.` and `..` resolved and repeated slashes collapsed; a trailing slash is kept. */
export function normalize(path: string): string {
  if (path === "") return ".";
  const absolute = path.startsWith("/");
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (!absolute) out.push("..");
      continue;
    }
    out.push(part);
  }
  let result = (absolute ? "/" : "") + out.join("/");
  if (result === "") return absolute ? "/" : ".";
  if (path.endsWith("/") && result !== "/") result += "/";
  return result;
}

/** The parts joined with `/` and normalised (`"."` when all are empty). */
export function join(...parts: string[]): string {
  const joined = parts.filter((p) => p !== "").join("/");
  return joined === "" ? "." : normalize(joined);
}

/** Whether `path` is absolute. */
export function isAbsolute(path: string): boolean {
  return path.startsWith("/");
}

/** The directory part of `path`, as `node:path`'s posix `dirname`. */
export function dirname(path: string): string {
  if (path === "") return ".";
  const hasRoot = path[0] === "/";
  let end = -1;
  let trailing = true;
  for (let i = path.length - 1; i >= 1; i--) {
    if (path[i] === "/") {
      if (!trailing) {
        end = i;
        break;
      }
    } else {
      trailing = false;
    }
  }
  if (end === -1) return hasRoot ? "/" : ".";
  if (hasRoot && end === 1) return "//";
  return path.slice(0, end);
}
