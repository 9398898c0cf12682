/**
 * The checks oslo.middleware's healthcheck runs (`backends`): `disable_by_file`,
 * `disable_by_files_ports` and `enable_by_files`. Each looks for files the way Python's
 * `os.path.exists` does: a file that cannot be seen (missing, or outside what this process may
 * read) does not exist. The permission is asked about first, so a check never prompts.
 *
 * @module
 */

/** One check's outcome. */
export interface HealthcheckResult {
  /** False turns the answer into 503. */
  available: boolean;
  /** The short word shown in every format (`OK`, `DISABLED BY FILE`, ...). */
  reason: string;
  /** A sentence shown only in detailed answers. */
  details: string | null;
}

/** A check; `serverPort` is the port the request came in on. */
export type HealthcheckBackend = (serverPort: number) => Promise<HealthcheckResult>;

/** The backend names this port implements. */
export const BACKEND_NAMES: readonly string[] = [
  "disable_by_file",
  "disable_by_files_ports",
  "enable_by_files",
];

/** Whether this process may read `path` (asked without prompting). */
export function mayRead(path: string): boolean {
  try {
    return Deno.permissions.querySync({ name: "read", path }).state === "granted";
  } catch {
    return false;
  }
}

/**
 * Whether `path` exists and can be seen, as `os.path.exists` answers: never throws.
 *
 * @example
 * ```ts
 * await fileExists("/etc/nova/healthcheck_disable"); // false unless an operator created it
 * ```
 */
export async function fileExists(path: string): Promise<boolean> {
  if (path === "" || !mayRead(path)) return false;
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

const OK = (details: string | null): HealthcheckResult => ({
  available: true,
  reason: "OK",
  details,
});

/** `disable_by_file`: 503 `DISABLED BY FILE` while `path` exists. */
export function disableByFile(path: string | null): HealthcheckBackend {
  return async () => {
    if (!path) return OK("No 'disable_by_file_path' configuration value specified");
    if (!(await fileExists(path))) return OK(`Path '${path}' was not found`);
    return { available: false, reason: "DISABLED BY FILE", details: `Path '${path}' was found` };
  };
}

/**
 * Read `disable_by_file_paths` (`PORT:PATH` items) as oslo does; throws for an item without a
 * port or with one that is not a number.
 */
export function parsePortPaths(items: readonly string[]): Map<number, string> {
  const map = new Map<number, string>();
  for (const raw of items) {
    const item = raw.trim();
    if (item === "") continue;
    const colon = item.indexOf(":");
    const port = colon < 0 ? NaN : Number(item.slice(0, colon).trim());
    if (!Number.isInteger(port) || item.slice(0, colon).trim() === "") {
      throw new Error(`disable_by_file_paths item "${item}" is not PORT:PATH`);
    }
    map.set(port, item.slice(colon + 1));
  }
  return map;
}

/** `disable_by_files_ports`: 503 while the file named for the request's port exists. */
export function disableByFilesPorts(
  files: ReadonlyMap<number, string>,
  log: (line: string) => void,
): HealthcheckBackend {
  return async (serverPort) => {
    const path = files.get(serverPort);
    if (!path) {
      log(
        "WARNING DisableByFilesPorts healthcheck middleware enabled without " +
          `disable_by_file_paths set for port ${serverPort}`,
      );
      return OK(null);
    }
    if (!(await fileExists(path))) return OK(null);
    return { available: false, reason: "DISABLED BY FILE", details: null };
  };
}

/** `enable_by_files`: 503 `FILE PATH MISSING` while any of `paths` is missing. */
export function enableByFiles(
  paths: readonly string[],
  log: (line: string) => void,
): HealthcheckBackend {
  return async () => {
    for (const path of paths) {
      if (!(await fileExists(path))) {
        log(`WARNING EnableByFiles healthcheck middleware: Path ${path} is not present`);
        return {
          available: false,
          reason: "FILE PATH MISSING",
          details: `File path ${path} is missing`,
        };
      }
    }
    return OK("Specified file paths are available");
  };
}
