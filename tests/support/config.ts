/**
 * Configuration for tests: the real option registry's defaults with per-test overrides.
 *
 * @module
 */
import type { OptionReader } from "../../lib/compute/runtime.ts";

const FALLBACK: Record<string, Record<string, unknown>> = {
  api: { max_limit: 1000, compute_link_prefix: "" },
  quota: {
    instances: 10,
    cores: 20,
    ram: 51200,
    metadata_items: 128,
    injected_files: 5,
    injected_file_content_bytes: 10240,
    injected_file_path_length: 255,
    key_pairs: 100,
    server_groups: 10,
    server_group_members: 10,
  },
};

/** An option reader over defaults plus `overrides` (`{ quota: { key_pairs: 2 } }`). */
export function testConfig(overrides: Record<string, Record<string, unknown>>): OptionReader {
  return {
    get<T>(group: string, name: string): T {
      const v = overrides[group]?.[name] ?? FALLBACK[group]?.[name];
      if (v === undefined) throw new Error(`test config: no value for [${group}] ${name}`);
      return v as T;
    },
  };
}
