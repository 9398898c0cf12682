/**
 * Both processes load part of their code on first use (compute most of its API, metadata the
 * instance reads), and with deno.json's `lazy-dynamic-imports` Deno reads a module an `import()`
 * names only when that `import()` runs, under the process's read permission (the modules a
 * process starts with are read before any permission applies). A read list that leaves the code
 * directory (`lib/`) out would fail those first requests; start-up refuses it instead, in one
 * line.
 *
 * @module
 */

/** The directory this port's `lib/` code lives in, or null when it is not local. */
function codeDirectory(): string | null {
  const lib = new URL("../", import.meta.url);
  return lib.protocol === "file:" ? decodeURIComponent(lib.pathname) : null;
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
