/**
 * Nova's `osprofiler` filter slot. Tracing is not implemented in this port: the filter always passes
 * requests and responses through unchanged. Trace headers a client sends (`X-Trace-Info`,
 * `X-Trace-HMAC`) are accepted and ignored, never rejected; no trace headers are added to
 * responses. With `enabled: true` and a `log`, one note saying so is written when the filter is
 * built.
 *
 * @module
 */
import type { Middleware } from "../http/types.ts";

/** Settings of the profiler slot. */
export interface OsprofilerOptions {
  /** `[profiler] enabled`. */
  enabled: boolean;
  /** Receives the one-time "not implemented" note when enabled. */
  log?: (msg: string) => void;
}

/**
 * The profiler slot (a pass-through).
 *
 * @example
 * ```ts
 * const filter = osprofiler({ enabled: false });
 * ```
 */
export function osprofiler(opts: OsprofilerOptions): Middleware {
  if (opts.enabled) {
    opts.log?.(
      "osprofiler: tracing is not available in this implementation; " +
        "X-Trace-Info/X-Trace-HMAC headers will be ignored",
    );
  }
  return (request, next) => next(request);
}
