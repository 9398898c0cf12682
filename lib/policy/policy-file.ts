/**
 * Reading operator policy overrides from disk, the way oslo.policy does for
 * `[oslo_policy] policy_file` and `policy_dirs`.
 *
 * - `policy_file` (default `policy.yaml`): an absolute path, or a relative one looked up in each
 *   configuration directory in turn; first hit wins. A missing file is not an error.
 * - `policy_dirs` (default `policy.d`): each directory, found the same way, contributes every
 *   regular file whose name does not start with `.`, in sorted name order, merged on top of the
 *   policy file. A later file overrides an earlier one rule by rule. Missing directories are
 *   skipped.
 *
 * Files are parsed as YAML whatever their extension (JSON documents, which begin with `{`, are
 * parsed as JSON), since oslo.policy loads both formats through its YAML loader.
 *
 * @module
 */

import type { RuleSource } from "./parser.ts";
import { parsePolicyYaml } from "./yaml.ts";

/** A policy file that could not be read as a mapping of rule names to rules. */
export class PolicyFileError extends Error {
  /** The file the problem was found in. */
  readonly path: string;

  /** Describe what is wrong with the file at `path`. */
  constructor(path: string, reason: string, options?: ErrorOptions) {
    super(`invalid policy file ${path}: ${reason}`, options);
    this.name = "PolicyFileError";
    this.path = path;
  }
}

function isRuleList(value: unknown): value is readonly (string | readonly string[])[] {
  return Array.isArray(value) &&
    value.every((item) =>
      typeof item === "string" ||
      (Array.isArray(item) && item.every((inner) => typeof inner === "string"))
    );
}

/**
 * Parse the text of one policy file into rule name -> rule. JSON documents may use the legacy
 * list-of-lists rule form; `null` rules read as the empty (always-pass) rule.
 *
 * @throws {PolicyFileError} when the text is not a flat mapping of rules.
 */
export function parsePolicyFile(text: string, path = "<policy>"): Map<string, RuleSource> {
  const body = text.replace(/^\uFEFF/, "");
  if (/^\s*\{/.test(body) && !/^\s*\{\s*\}\s*$/.test(body)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (err) {
      throw new PolicyFileError(path, `not valid JSON: ${(err as Error).message}`, {
        cause: err,
      });
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new PolicyFileError(path, "the document must be a mapping of rule names to rules");
    }
    const rules = new Map<string, RuleSource>();
    for (const [name, value] of Object.entries(parsed)) {
      if (value === null) rules.set(name, "");
      else if (typeof value === "string" || isRuleList(value)) rules.set(name, value);
      else throw new PolicyFileError(path, `rule ${JSON.stringify(name)} is not a check string`);
    }
    return rules;
  }
  try {
    return parsePolicyYaml(body);
  } catch (err) {
    throw new PolicyFileError(path, (err as Error).message, { cause: err });
  }
}

/** How {@link loadPolicyOverrides} touches the file system; injectable for tests. */
export interface PolicyFileSystem {
  /** Read a whole text file; must throw `Deno.errors.NotFound` when it does not exist. */
  readTextFile(path: string): Promise<string>;
  /**
   * Names of the regular files directly inside a directory; must throw `Deno.errors.NotFound`
   * when the directory does not exist.
   */
  listFiles(path: string): Promise<string[]>;
}

/** The real file system, through Deno's APIs. */
export const denoFileSystem: PolicyFileSystem = {
  readTextFile: (path) => Deno.readTextFile(path),
  async listFiles(path) {
    const names: string[] = [];
    for await (const entry of Deno.readDir(path)) {
      if (entry.isFile) names.push(entry.name);
      else if (entry.isSymlink) {
        const info = await Deno.stat(joinPath(path, entry.name)).catch(() => null);
        if (info?.isFile) names.push(entry.name);
      }
    }
    return names;
  },
};

/** Options for {@link loadPolicyOverrides}. */
export interface PolicyOverrideOptions {
  /** `[oslo_policy] policy_file`; `policy.yaml` when omitted. */
  policyFile?: string;
  /** `[oslo_policy] policy_dirs`; `["policy.d"]` when omitted. */
  policyDirs?: readonly string[];
  /** Directories relative paths are looked up in, in order of preference. */
  configDir: string | readonly string[];
  /** File system access; the real one when omitted. */
  fs?: PolicyFileSystem;
}

/** The merged overrides and where they came from. */
export interface PolicyOverrides {
  /** Rule name -> rule, later sources having replaced earlier ones. */
  rules: Map<string, RuleSource>;
  /** The files read, in the order they were applied. */
  files: string[];
}

function joinPath(dir: string, name: string): string {
  if (dir === "") return name;
  return dir.endsWith("/") ? dir + name : `${dir}/${name}`;
}

function candidates(path: string, configDirs: readonly string[]): string[] {
  if (path.startsWith("/")) return [path];
  return configDirs.map((dir) => joinPath(dir, path));
}

function isNotFound(err: unknown): boolean {
  return err instanceof Deno.errors.NotFound;
}

/**
 * Read the policy file and policy directories named by configuration and merge them.
 *
 * @throws {PolicyFileError} when a file that exists cannot be parsed.
 */
export async function loadPolicyOverrides(
  options: PolicyOverrideOptions,
): Promise<PolicyOverrides> {
  const fs = options.fs ?? denoFileSystem;
  const configDirs = typeof options.configDir === "string"
    ? [options.configDir]
    : [...options.configDir];
  const rules = new Map<string, RuleSource>();
  const files: string[] = [];

  const apply = (path: string, text: string) => {
    for (const [name, rule] of parsePolicyFile(text, path)) rules.set(name, rule);
    files.push(path);
  };

  for (const path of candidates(options.policyFile ?? "policy.yaml", configDirs)) {
    let text: string;
    try {
      text = await fs.readTextFile(path);
    } catch (err) {
      if (isNotFound(err)) continue;
      throw err;
    }
    apply(path, text);
    break;
  }

  for (const dir of options.policyDirs ?? ["policy.d"]) {
    for (const path of candidates(dir, configDirs)) {
      let names: string[];
      try {
        names = await fs.listFiles(path);
      } catch (err) {
        if (isNotFound(err)) continue;
        throw err;
      }
      const sorted = names.filter((n) => !n.startsWith(".")).sort(compareCodePoints);
      for (const name of sorted) {
        const filePath = joinPath(path, name);
        apply(filePath, await fs.readTextFile(filePath));
      }
      break;
    }
  }
  return { rules, files };
}

/** Order strings by Unicode code point, as Python's `sorted()` does. */
function compareCodePoints(a: string, b: string): number {
  const ca = [...a];
  const cb = [...b];
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const d = ca[i].codePointAt(0)! - cb[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return ca.length - cb.length;
}
