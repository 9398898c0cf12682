/**
 * The expected-pass list and a run's results: test ids without Tempest's attributes, list files
 * with comments, and the comparison that decides whether a run is green.
 *
 * @module
 */

/** One test's outcome, as `results.py` prints it. */
export interface Result {
  id: string;
  /** subunit's status: `success`, `fail`, `skip`, `xfail`, `uxsuccess`, … */
  status: string;
  /** The skip reason or the traceback's last lines. */
  why: string;
}

/** A run compared with the expected list. */
export interface Comparison {
  passed: Set<string>;
  failed: Set<string>;
  skipped: Set<string>;
  /** Expected ids in the run's scope that did not pass, with what happened to each. */
  broken: { id: string; outcome: "failed" | "skipped" | "did not run" }[];
  /** Passing ids the list does not hold yet. */
  fresh: string[];
}

/**
 * A test id without Tempest's `[id-…,smoke]` attributes.
 *
 * @example
 * ```ts
 * bareId("tempest.api.compute.a.B.test_c[id-1,smoke]"); // "tempest.api.compute.a.B.test_c"
 * ```
 */
export function bareId(id: string): string {
  return id.replace(/\[[^\]]*\]$/, "");
}

/** The entries of a list file: one a line, `#` starts a comment, blank lines are skipped. */
export function readList(text: string): string[] {
  return text.split("\n").map((l) => l.replace(/#.*$/, "").trim()).filter((l) => l !== "");
}

/** Compare `results` with `expected`; only expected ids that `scope` matches must pass. */
export function compare(results: readonly Result[], expected: readonly string[], scope: RegExp) {
  const passed = new Set<string>();
  const failed = new Set<string>();
  const skipped = new Set<string>();
  for (const r of results) {
    const id = bareId(r.id);
    if (r.status === "success" || r.status === "xfail") passed.add(id);
    else if (r.status === "skip") skipped.add(id);
    else failed.add(id);
  }
  const broken: Comparison["broken"] = expected
    .filter((id) => scope.test(id) && !passed.has(id))
    .map((id) => ({
      id,
      outcome: failed.has(id) ? "failed" : skipped.has(id) ? "skipped" : "did not run",
    }));
  const known = new Set(expected);
  const fresh = [...passed].filter((id) => !known.has(id));
  return { passed, failed, skipped, broken, fresh } satisfies Comparison;
}

/**
 * The new expected list after a run with `scope`: the old entries outside the scope and the ids
 * that passed, sorted, under a header comment.
 */
export function updatedList(expected: readonly string[], scope: RegExp, passed: Set<string>) {
  const kept = expected.filter((id) => !scope.test(id));
  const list = [...new Set([...kept, ...passed])].sort();
  return "# Tempest tests that pass against nova-deno (`deno task test:tempest --update` writes it).\n" +
    list.join("\n") + "\n";
}
