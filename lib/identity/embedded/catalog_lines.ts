/**
 * `[identity] catalog` lines (`TYPE:NAME:URL`), read and checked: what start-up needs to stop on
 * a bad line, without the ids the catalog's templates are made with (`catalog.ts`).
 *
 * @module
 */
import { IdentityConfigError } from "./config_error.ts";

/** A configured `TYPE:NAME:URL` line. */
export interface CatalogLine {
  type: string;
  name: string;
  url: string;
}

/**
 * Splits a `catalog` line at its first two colons.
 *
 * @example
 * ```ts
 * parseCatalogLine("image:glance:http://127.0.0.1:9292");
 * // { type: "image", name: "glance", url: "http://127.0.0.1:9292" }
 * ```
 */
export function parseCatalogLine(line: string): CatalogLine {
  const [type, name, ...rest] = line.split(":");
  const url = rest.join(":").trim();
  if (!type?.trim() || !name?.trim() || url === "") {
    throw new IdentityConfigError(`expected TYPE:NAME:URL, got "${line}"`);
  }
  if (!url.startsWith("/") && !/^https?:\/\/[^/]/i.test(url)) {
    throw new IdentityConfigError(`the URL of "${line}" must be http(s):// or start with /`);
  }
  return { type: type.trim(), name: name.trim(), url };
}

/** Parses configured `TYPE:NAME:URL` lines; a bad one is an error naming its line number. */
export function parseCatalogLines(lines: readonly string[]): CatalogLine[] {
  return lines.map((line, i) => {
    try {
      return parseCatalogLine(line);
    } catch (e) {
      if (!(e instanceof IdentityConfigError)) throw e;
      throw new IdentityConfigError(`line ${i + 1}: ${e.message}`);
    }
  });
}
