/**
 * A quota engine over a throwaway in-memory KV, for tests.
 *
 * @module
 */
import { QuotaEngine } from "../../lib/quota/mod.ts";
import { testConfig } from "./config.ts";
import { withKv } from "./kv.ts";

/**
 * Runs `body` with an in-memory KV and a {@link QuotaEngine} built from `values` (test
 * configuration values, e.g. `{ quota: { cores: 7 } }`), closing the KV afterwards.
 */
export function withQuota(
  values: Record<string, Record<string, unknown>>,
  body: (kv: Deno.Kv, quotas: QuotaEngine) => Promise<void>,
): Promise<void> {
  return withKv((kv) => body(kv, new QuotaEngine(testConfig(values))));
}
