/**
 * Both processes load part of their code on first use (compute most of its API, metadata the
 * instance reads), and with deno.json's `lazy-dynamic-imports` Deno reads a module an `import()`
 * names only when that `import()` runs, under the process's read permission (the modules a
 * process starts with are read before any permission applies). A read list that leaves the code
 * directory out would fail those first requests; start-up refuses it instead, in one line. The
 * code directory is `lib/` when the process runs from the modules, and the bundle's own
 * directory (`dist/`) when it runs from `deno task build`'s output, where this module is part of
 * a chunk beside the entry.
 *
 * @module
 */

/** The directory the process's own code lives in (`lib/` or a bundle's), or null if not local. */
export function codeDirectory(url: string = import.meta.url): string | null {
  const here = new URL(url);
  const dir = new URL(here.pathname.endsWith("/lib/service/code_access.ts") ? "../" : "./", here);
  return dir.protocol === "file:" ? decodeURIComponent(dir.pathname) : null;
}

/**
 * Throw (one line) unless the process may read its own code directory.
 *
 * @example
 * ```ts
 * checkCodeReadable(); // under -P=compute (read: true) or -P=metadata (./lib): nothing happens
 * ```
 */
export function checkCodeReadable(): void {
  const dir = codeDirectory();
  if (dir === null) return;
  const { state } = Deno.permissions.querySync({ name: "read", path: dir });
  if (state !== "granted") {
    throw new Error(
      `cannot read its own code in ${dir} (it loads part of its code on first use): ` +
        "name it in --allow-read",
    );
  }
}
