/**
 * Build a service's application from configuration and a factory table, as Nova's WSGI entry
 * points do: resolve and load the config files, find the paste file, and load the named app from
 * it with the table's factories. `build.ts` builds with every factory this port has; the metadata
 * entry module builds with the metadata table alone (`metadata_factories.ts`), so the compute
 * API's module graph is not part of that process's start-up.
 *
 * @module
 */
import { writeLogLine } from "./log_lines.ts";
import { type Config, ConfigError, configFromValues, loadConfig } from "../config/mod.ts";
import { DEFAULT_PASTE_INI } from "./default_paste.ts";
import { loadPasteApp } from "../paste/mod.ts";
import type { Handler } from "../http/types.ts";
import type { FactoryTable } from "../paste/types.ts";
import { setRootHandler } from "./root_handler.ts";
import { idleCollection } from "./idle_gc.ts";
import { createServiceRuntime, type ServiceRuntime } from "./runtime.ts";
import type { ListenAddress } from "./serve.ts";

/** The two services and their paste app names. */
export type ServiceName = "osapi_compute" | "metadata";

/** What {@link buildService} returns. */
export interface BuiltService {
  handler: Handler;
  listen: ListenAddress;
  config: Config;
  runtime: ServiceRuntime;
}

/** Options of {@link buildService}. */
export interface BuildOptions {
  /** The environment (config variables); `Deno.env.toObject()` unless told. */
  env?: Record<string, string | undefined>;
  /** A ready configuration (skips file loading). */
  config?: Config;
  /** Paste file text to use instead of reading one (Deno Deploy has no files). */
  pasteText?: string;
  /**
   * Read no files: configuration from `OS_<GROUP>__<OPTION>` variables only, and the built-in
   * paste pipelines. The default on Deno Deploy (`DENO_DEPLOYMENT_ID` set) unless
   * `OS_NOVA_CONFIG_FILES` is set.
   */
  noFiles?: boolean;
  /** Where log lines go; stderr unless told (batched once the service serves: log_lines.ts). */
  log?: (line: string) => void;
}

function dirname(path: string): string {
  const i = path.lastIndexOf("/");
  return i <= 0 ? "/" : path.slice(0, i);
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Find the paste file as oslo's `find_file` does: an absolute path as is; otherwise beside each
 * loaded config file, then in the config directory.
 */
async function findPasteFile(config: Config): Promise<string> {
  const name = config.get<string>("wsgi", "api_paste_config");
  if (name.startsWith("/")) return name;
  const dirs = [...config.files.map(dirname), config.dir];
  for (const dir of dirs) {
    const candidate = `${dir}/${name}`;
    if (await exists(candidate)) return candidate;
  }
  throw new ConfigError(
    `${config.source("wsgi", "api_paste_config")}: [wsgi] api_paste_config = "${name}": ` +
      `no such file in ${[...new Set(dirs)].join(", ")}`,
    config.source("wsgi", "api_paste_config"),
    "wsgi",
    "api_paste_config",
  );
}

/** Build one service (`osapi_compute` or `metadata`) from configuration with `table`'s factories. */
export async function buildServiceFrom(
  table: FactoryTable<ServiceRuntime>,
  name: ServiceName,
  options: BuildOptions = {},
): Promise<BuiltService> {
  const env = options.env ?? Deno.env.toObject();
  const log = options.log ?? writeLogLine;
  const noFiles = options.noFiles ??
    (env.DENO_DEPLOYMENT_ID !== undefined && env.OS_NOVA_CONFIG_FILES === undefined);
  const config = options.config ??
    (noFiles ? configFromValues({}, { env }) : await loadConfig({ env }));
  const runtime = createServiceRuntime(config, log);
  // The store opens while the paste pipeline loads (its factories await the same promise, so a
  // bad [database] connection is still reported where it was before).
  runtime.kv().catch(() => {});
  try {
    return await assemble(table, name, config, runtime, options, noFiles);
  } catch (e) {
    // A pipeline that cannot be built leaves nothing open behind it (the store among them).
    await runtime.close();
    throw e;
  }
}

async function assemble(
  table: FactoryTable<ServiceRuntime>,
  name: ServiceName,
  config: Config,
  runtime: ServiceRuntime,
  options: BuildOptions,
  noFiles: boolean,
): Promise<BuiltService> {
  let file = "<built-in api-paste.ini>";
  let text = options.pasteText ?? (noFiles ? DEFAULT_PASTE_INI : undefined);
  if (text === undefined) {
    file = await findPasteFile(config);
    text = await Deno.readTextFile(file);
  }
  // Requests are counted so that the process collects its garbage once it goes quiet.
  const idle = idleCollection();
  runtime.background("idle collection", idle.task);
  const handler = idle.counting(await loadPasteApp({ file, text, name, table, runtime }));
  setRootHandler(runtime, handler);
  const listen = name === "osapi_compute"
    ? {
      hostname: config.get<string>("DEFAULT", "osapi_compute_listen"),
      port: config.get<number>("DEFAULT", "osapi_compute_listen_port"),
    }
    : {
      hostname: config.get<string>("DEFAULT", "metadata_listen"),
      port: config.get<number>("DEFAULT", "metadata_listen_port"),
    };
  return { handler, listen, config, runtime };
}
