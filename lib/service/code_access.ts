/**
 * The compute process loads most of its code on first use, and with deno.json's
 * `lazy-dynamic-imports` Deno reads a module an `import()` names only when that `import()` runs,
 * under the process's read permission (the modules a process starts with are read before any
 * permission applies). A read list that leaves the code directory out would fail those first
 * requests; start-up refuses it instead, in one line.
 *
 * @module
 */

/** The directory this port's code lives in (a `file:` URL), or null when it is not local. */
function codeDirectory(): string | null {
  const root = new URL("../../", import.meta.url);
  return root.protocol === "file:" ? decodeURIComponent(root.pathname) : null;
}

/**
 * Throw (one line) unless the process may read its own code directory.
 *
 * @example
 * ```ts
 * checkCodeReadable(); // under -P=compute (read: true): nothing happens
 * ```
 */
export function checkCodeReadable(): void {
  const dir = codeDirectory();
  if (dir === null) return;
  const { state } = Deno.permissions.querySync({ name: "read", path: dir });
  if (state !== "granted") {
    throw new Error(
      `cannot read its own code in ${dir} (it loads the API code on first use): ` +
        "name it in --allow-read",
    );
  }
}
