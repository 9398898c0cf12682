/**
 * Configuration for tests: the real option registry's defaults with per-test values.
 *
 * @module
 */
import { configFromValues } from "../../lib/config/mod.ts";
import type { OptionReader } from "../../lib/compute/runtime.ts";

/** The registry's defaults plus `values` (`{ quota: { key_pairs: 2 } }`). */
export function testConfig(values: Record<string, Record<string, unknown>>): OptionReader {
  return configFromValues(values);
}
