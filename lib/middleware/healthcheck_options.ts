/**
 * The healthcheck's settings, read the way oslo.middleware reads them: a key of the filter's (or
 * app's) paste section, or of the paste file's `[DEFAULT]`, wins over `[healthcheck]` in the
 * configuration files, and is checked against the option's type. Bad values stop start-up.
 *
 * @module
 */
import type { Config } from "../config/mod.ts";
import { healthcheckGroup, InvalidValue } from "../config/mod.ts";
import { parseIpNetwork } from "../http/ip_network.ts";
import type { HealthcheckOptions } from "./healthcheck.ts";
import {
  BACKEND_NAMES,
  disableByFile,
  disableByFilesPorts,
  enableByFiles,
  type HealthcheckBackend,
  mayRead,
  parsePortPaths,
} from "./healthcheck_backends.ts";

const GROUP = "healthcheck";

/**
 * Read the settings.
 *
 * @param config the process configuration
 * @param paste the paste section's keys over its `[DEFAULT]` ones
 * @param log where start-up warnings go
 * @throws {Error} with a one-line message naming the bad key
 *
 * @example
 * ```ts
 * const opts = healthcheckOptions(config, { backends: "disable_by_file" }, console.error);
 * ```
 */
export function healthcheckOptions(
  config: Config,
  paste: Record<string, string>,
  log: (line: string) => void,
): HealthcheckOptions {
  const specs = new Map(healthcheckGroup.options.map((s) => [s.name, s]));
  const get = <T>(name: string): T => {
    if (!Object.hasOwn(paste, name)) return config.get<T>(GROUP, name);
    try {
      return specs.get(name)!.type.parse(paste[name]) as T;
    } catch (error) {
      if (!(error instanceof InvalidValue)) throw error;
      throw new Error(`${name} = ${JSON.stringify(paste[name])}: ${error.message}`);
    }
  };
  const names = get<string[]>("backends");
  if (names.includes("disable_by_file") && names.includes("enable_by_files")) {
    throw new Error(
      "backends: `enable_by_files` plugin and `disable_by_file` plugin should not be enabled at " +
        "the same time.",
    );
  }
  const backends: HealthcheckBackend[] = [];
  for (const name of names) {
    if (name === "disable_by_file") {
      const path = get<string | null>("disable_by_file_path");
      if (!path) {
        log(
          "WARNING DisableByFile healthcheck middleware enabled without disable_by_file_path set",
        );
      } else if (!mayRead(path)) {
        log(
          `WARNING healthcheck disable_by_file_path ${path} is outside what this process may ` +
            "read: it is never seen, so the check never disables",
        );
      }
      backends.push(disableByFile(path));
    } else if (name === "disable_by_files_ports") {
      const files = parsePortPaths(get<string[]>("disable_by_file_paths"));
      backends.push(disableByFilesPorts(files, log));
    } else if (name === "enable_by_files") {
      backends.push(enableByFiles(get<string[]>("enable_by_file_paths"), log));
    } else {
      log(
        `WARNING healthcheck backend "${name}" is unknown (known: ${BACKEND_NAMES.join(", ")}); ` +
          "it is not run",
      );
    }
  }
  const allowedSourceRanges = get<string[]>("allowed_source_ranges").map((range) => {
    try {
      return parseIpNetwork(range);
    } catch (error) {
      throw new Error(`allowed_source_ranges: ${(error as Error).message}`);
    }
  });
  return {
    path: get<string>("path") ?? "/healthcheck",
    detailed: get<boolean>("detailed"),
    backends,
    allowedSourceRanges,
    ignoreProxiedRequests: get<boolean>("ignore_proxied_requests"),
  };
}
