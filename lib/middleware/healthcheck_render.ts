/**
 * The healthcheck's three answer formats, byte for byte as oslo.middleware renders them: plain
 * text (the reasons, one a line), pretty-printed JSON with sorted keys, and a small HTML page.
 * Detailed answers describe the process; where oslo reports Python facts (version, platform,
 * garbage collector, thread stacks) this port reports Deno's or leaves the field empty, and it
 * never dumps stacks.
 *
 * @module
 */
import type { HealthcheckResult } from "./healthcheck_backends.ts";

/** What a detailed answer says about the process. */
export interface ProcessFacts {
  /** Null when this process may not ask for it (oslo leaves it out then). */
  hostname: string | null;
  /** The time as Python's `str(datetime)` spells it, in UTC. */
  now: string;
  /** Shown where oslo shows the Python version. */
  version: string;
  platform: string;
}

/** Python's `str(datetime)`: `YYYY-MM-DD HH:MM:SS[.ffffff]`, here in UTC. */
function pythonTime(date: Date): string {
  const iso = date.toISOString();
  const ms = date.getUTCMilliseconds();
  return iso.slice(0, 10) + " " + iso.slice(11, 19) +
    (ms === 0 ? "" : `.${String(ms).padStart(3, "0")}000`);
}

/** The facts of this process at `now`; the host name only when `sys` allows it (no prompt). */
export function processFacts(now: Date): ProcessFacts {
  let hostname: string | null = null;
  try {
    if (Deno.permissions.querySync({ name: "sys", kind: "hostname" }).state === "granted") {
      hostname = Deno.hostname();
    }
  } catch { /* not allowed: left out */ }
  const v = Deno.version;
  return {
    hostname,
    now: pythonTime(now),
    version: `Deno ${v.deno} (V8 ${v.v8}, TypeScript ${v.typescript})`,
    platform: Deno.build.target,
  };
}

/** markupsafe's escape, as jinja's `|e` applies it. */
function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&#34;").replace(/'/g, "&#39;");
}

/** Python's `json.dumps(value, indent=4, sort_keys=True)` for plain data. */
function prettyJson(value: unknown): string {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v !== null && typeof v === "object") {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(Object.keys(o).sort().map((k) => [k, sorted(o[k])]));
    }
    return v;
  };
  return JSON.stringify(sorted(value), null, 4)
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * The plain-text answer: each reason on its own line.
 *
 * @example
 * ```ts
 * renderText([{ available: true, reason: "OK", details: null }]); // "OK"
 * ```
 */
export function renderText(results: readonly HealthcheckResult[]): string {
  return results.map((r) => r.reason).join("\n").trim();
}

/** The JSON answer; `facts` makes it detailed. */
export function renderJson(
  results: readonly HealthcheckResult[],
  facts: ProcessFacts | null,
): string {
  if (facts === null) {
    return prettyJson({ detailed: false, reasons: results.map((r) => r.reason) });
  }
  return prettyJson({
    detailed: true,
    python_version: facts.version,
    now: facts.now,
    platform: facts.platform,
    gc: { counts: [], threshold: [] },
    reasons: results.map((r) => ({
      reason: r.reason,
      details: r.details ?? "",
      class: "HealthcheckResult",
    })),
    greenthreads: [],
    threads: [],
  });
}

/** The HTML answer; `facts` makes it detailed. */
export function renderHtml(
  results: readonly HealthcheckResult[],
  facts: ProcessFacts | null,
): string {
  const shown = results.filter((r) => r.reason);
  let status = "";
  let columns = "\n<TH>\nReason\n</TH>";
  let rows = shown.map((r) => `<TR>\n\n    <TD>${escapeHtml(r.reason)}</TD>\n\n</TR>`);
  let after = "\n";
  if (facts !== null) {
    const host = facts.hostname === null
      ? ""
      : `<B>Server hostname:</B><PRE>${escapeHtml(facts.hostname)}</PRE>`;
    status = `<H1>Server status</H1>\n${host}\n` +
      `<B>Current time:</B><PRE>${escapeHtml(facts.now)}</PRE>\n` +
      `<B>Python version:</B><PRE>${escapeHtml(facts.version)}</PRE>\n` +
      `<B>Platform:</B><PRE>${escapeHtml(facts.platform)}</PRE>\n<HR></HR>\n` +
      "<H2>Garbage collector:</H2>\n<B>Counts:</B><PRE>()</PRE>\n" +
      "<B>Thresholds:</B><PRE>()</PRE>\n<HR></HR>";
    columns = "<TH>\nKind\n</TH>\n<TH>\nReason\n</TH>\n<TH>\nDetails\n</TH>\n";
    rows = shown.map((r) =>
      `<TR>\n<TD>HealthcheckResult</TD>\n    <TD>${escapeHtml(r.reason)}</TD>\n` +
      `<TD>${escapeHtml(r.details ?? "")}</TD>\n</TR>`
    );
    after = "\n\n";
  }
  return "<HTML>\n<HEAD><TITLE>Healthcheck Status</TITLE></HEAD>\n<BODY>\n" + status +
    `\n<H2>Result of ${results.length} checks:</H2>\n` +
    '<TABLE bgcolor="#ffffff" border="1">\n<TBODY>\n<TR>\n' + columns + "\n</TR>\n" +
    rows.join("") + "\n</TBODY>\n</TABLE>\n<HR></HR>\n" + after + "</BODY>\n</HTML>";
}
