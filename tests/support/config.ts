/**
 * Configuration for tests: the real option registry's defaults with per-test values.
 *
 * @module
 */
import { configFromValues } from "../../lib/config/mod.ts";
import type { OptionReader } from "../../lib/compute/runtime.ts";

/**
 * What tests change from the registry's defaults unless told otherwise: every response a test
 * sees is checked against Nova's response schema for its route and microversion, and a mismatch
 * is a 400 fault the test notices.
 */
export const TEST_DEFAULTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  api: { response_validation: "error" },
};

/** The registry's defaults, {@link TEST_DEFAULTS} and `values` (`{ quota: { key_pairs: 2 } }`). */
export function testConfig(values: Record<string, Record<string, unknown>>): OptionReader {
  const merged: Record<string, Record<string, unknown>> = { ...values };
  for (const [group, options] of Object.entries(TEST_DEFAULTS)) {
    merged[group] = { ...options, ...values[group] };
  }
  return configFromValues(merged);
}
