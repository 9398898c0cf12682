/**
 * Vendor data providers (`[api] vendordata_providers`): StaticJSON serves the JSON file at
 * `[api] vendordata_jsonfile_path`, read once at start-up (a missing or malformed file stops the
 * process with one line); DynamicJSON POSTs the facts Nova sends about the instance to each
 * `[api] vendordata_dynamic_targets` entry (`name@url`) and serves each answer under its name.
 *
 * @module
 */
import { ConfigError } from "../config/mod.ts";
import type { InstanceMetadata } from "./instance.ts";

/** Reads options, and where a value came from. */
interface ConfigLike {
  get<T = unknown>(group: string, name: string): T;
  source?(group: string, name: string): string;
}

/**
 * The StaticJSON document: the file's JSON, or `{}` when no file is configured.
 *
 * @example
 * ```ts
 * const data = await loadStaticVendorData(config); // throws ConfigError for a bad file
 * ```
 */
export async function loadStaticVendorData(config: ConfigLike): Promise<unknown> {
  const path = config.get<string | null>("api", "vendordata_jsonfile_path");
  if (!path) return {};
  const where = config.source?.("api", "vendordata_jsonfile_path") ?? "configuration";
  const fail = (reason: string) =>
    ConfigError.badValue({
      where,
      group: "api",
      option: "vendordata_jsonfile_path",
      value: path,
      reason,
    });
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    throw fail(
      e instanceof Deno.errors.NotFound
        ? "file does not exist"
        : e instanceof Deno.errors.NotCapable
        ? "not readable under this process's permissions (name it in --allow-read)"
        : `cannot read: ${e}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw fail(`failed to load json: ${e instanceof Error ? e.message : e}`);
  }
}

/** Settings of {@link dynamicVendorData}. */
export interface DynamicOptions {
  /** `name@url` entries. */
  targets: readonly string[];
  connectTimeout: number;
  readTimeout: number;
  failureFatal: boolean;
  log: (line: string) => void;
  /** The HTTP client (tests pass their own). */
  fetch?: typeof fetch;
}

/**
 * The DynamicJSON provider: for each target, the JSON it answers to Nova's facts about the
 * instance (`{}` for an empty answer). A failing target is logged and answers `{}`, unless
 * `failureFatal`, when the error is thrown. A target without a name, or a name seen before, is
 * skipped with a warning.
 */
export function dynamicVendorData(
  opts: DynamicOptions,
): (md: InstanceMetadata) => Promise<Record<string, unknown>> {
  const doFetch = opts.fetch ?? fetch;
  return async (md) => {
    const out: Record<string, unknown> = {};
    for (const target of opts.targets) {
      const at = target.indexOf("@");
      if (at < 0) {
        opts.log(`WARNING Vendordata target ${target} lacks a name. Skipping`);
        continue;
      }
      const name = target.slice(0, at);
      const url = target.slice(at + 1);
      if (name in out) {
        opts.log(`WARNING Vendordata already contains an entry named ${target}. Skipping`);
        continue;
      }
      const i = md.instance;
      const body = {
        "project-id": i.project_id,
        "instance-id": i.uuid,
        "image-id": i.image_ref,
        "user-data": i.user_data,
        "hostname": i.hostname,
        "metadata": i.metadata,
        "boot-roles": "",
      };
      try {
        const res = await doFetch(url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "accept": "application/json",
            "user-agent": "openstack-nova-vendordata",
          },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout((opts.connectTimeout + opts.readTimeout) * 1000),
        });
        const text = await res.text();
        if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
        out[name] = text ? JSON.parse(text) : {};
      } catch (e) {
        opts.log(
          `WARNING Error from dynamic vendordata service ${name} at ${url}: ` +
            `${e instanceof Error ? e.message : e}`,
        );
        if (opts.failureFatal) throw e;
        out[name] = {};
      }
    }
    return out;
  };
}
