/**
 * Which configuration files Nova's API services read, decided from the environment the way Nova's
 * WSGI application does it (`OS_NOVA_CONFIG_DIR`, `OS_NOVA_CONFIG_FILES`).
 *
 * @module
 */

/** The configuration directory used when `OS_NOVA_CONFIG_DIR` is unset or blank. */
export const DEFAULT_CONFIG_DIR = "/etc/nova";

/** The files read when `OS_NOVA_CONFIG_FILES` is unset or names nothing. */
export const DEFAULT_CONFIG_FILES: readonly string[] = ["api-paste.ini", "nova.conf"];

/** The outcome of {@link resolveConfigFiles}. */
export interface ConfigFiles {
  /** The configuration directory, whitespace-stripped. */
  dir: string;
  /** The files to load, in order; relative entries are joined to `dir`. */
  files: string[];
  /** A short phrase saying what produced `files`, for error messages. */
  origin: string;
}

/** Joins a file name to the configuration directory; absolute names are kept as they are. */
function inDir(dir: string, file: string): string {
  if (file.startsWith("/")) return file;
  if (dir.endsWith("/")) return dir + file;
  return `${dir}/${file}`;
}

/**
 * Works out the configuration directory and files from the environment.
 *
 * `OS_NOVA_CONFIG_DIR` (stripped; `/etc/nova` when unset or blank) is the directory.
 * `OS_NOVA_CONFIG_FILES` is a `;`-separated list; each entry is stripped and empty entries are
 * dropped. When it is unset or names no file, `api-paste.ini;nova.conf` is used.
 *
 * @example
 * ```ts
 * resolveConfigFiles({ OS_NOVA_CONFIG_DIR: "/srv/nova ", OS_NOVA_CONFIG_FILES: "nova.conf; /x.conf" });
 * // { dir: "/srv/nova", files: ["/srv/nova/nova.conf", "/x.conf"], origin: "from OS_NOVA_CONFIG_FILES" }
 * ```
 */
export function resolveConfigFiles(env: Record<string, string | undefined>): ConfigFiles {
  const dir = (env.OS_NOVA_CONFIG_DIR ?? "").trim() || DEFAULT_CONFIG_DIR;
  const listed = (env.OS_NOVA_CONFIG_FILES ?? "")
    .split(";")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  const fromEnv = listed.length > 0;
  const names = fromEnv ? listed : DEFAULT_CONFIG_FILES;
  return {
    dir,
    files: names.map((name) => inDir(dir, name)),
    origin: fromEnv ? "from OS_NOVA_CONFIG_FILES" : "default of OS_NOVA_CONFIG_FILES",
  };
}
