/**
 * The service's log lines on stderr. Until the service serves, each line is written at once; once
 * it serves ({@link batchLogLines}), lines are gathered and written together at the end of the
 * event-loop turn (a timer of 0 ms), or at once when many are waiting, so a busy process pays
 * one write for many access lines instead of one `console.error` (formatting plus a blocking
 * write) each. The text is the same: one line each, in order, ending in a newline. Whatever is
 * waiting is written before the process exits (`Deno.exit` included) and before any line given
 * to {@link writeLogLineNow}.
 *
 * @example
 * ```ts
 * writeLogLine('127.0.0.1 "GET /v2.1" status: 200 len: 391 microversion: - time: 0.000912');
 * ```
 *
 * @module
 */

const encoder = new TextEncoder();
/** Lines kept before a write is forced, whatever the timer. */
const MAX_WAITING = 256;

let batching = false;
let waiting: string[] = [];
let scheduled = false;
/** Milliseconds of serving after which flushes switch to `setTimeout` (see flushScheduledFirst). */
const TIMERS_AFTER_MS = 1000;
let timersLoaded = false;
let batchingSince = 0;

function write(text: string): void {
  try {
    const bytes = encoder.encode(text);
    let done = 0;
    while (done < bytes.length) done += Deno.stderr.writeSync(bytes.subarray(done));
  } catch {
    // A closed stderr loses the log, never the request.
  }
}

/** Write every waiting line now. */
export function flushLogLines(): void {
  if (waiting.length === 0) return;
  const text = waiting.join("\n") + "\n";
  waiting = [];
  write(text);
}

/** Log one line: at once, or with the others of this event-loop turn once batching is on. */
export function writeLogLine(line: string): void {
  if (!batching) {
    write(line + "\n");
    return;
  }
  waiting.push(line);
  if (waiting.length >= MAX_WAITING) flushLogLines();
  else if (!scheduled) {
    scheduled = true;
    if (timersLoaded) setTimeout(flushScheduled, 0);
    else AbortSignal.timeout(0).addEventListener("abort", flushScheduledFirst, { once: true });
  }
}

function flushScheduled(): void {
  scheduled = false;
  flushLogLines();
}

/**
 * The 0 ms timer of the first second of serving is an `AbortSignal`'s: on Deno 2.9 the process's
 * first `setTimeout` loads `node:timers` (some 12 ms of CPU), which would have delayed the first
 * answer. An `AbortSignal.timeout` costs more per use (it makes a `DOMException`), so once the
 * process has served a second, a flush loads `setTimeout` after its write, off any request.
 */
function flushScheduledFirst(): void {
  flushScheduled();
  if (!timersLoaded && performance.now() - batchingSince >= TIMERS_AFTER_MS) {
    timersLoaded = true;
    setTimeout(() => {}, 0);
  }
}

/** Log one line at once, after whatever is waiting (start-up and shutdown lines). */
export function writeLogLineNow(line: string): void {
  flushLogLines();
  write(line + "\n");
}

/**
 * Gather lines from now on (the serving code calls this once the service listens). Waiting
 * lines are written when the process exits.
 */
export function batchLogLines(): void {
  if (batching) return;
  batching = true;
  batchingSince = performance.now();
  globalThis.addEventListener("unload", flushLogLines);
}
