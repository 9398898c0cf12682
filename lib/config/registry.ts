/**
 * The option registry: which options exist, in which groups. Configuration is only typed and
 * validated for registered options; anything else in a file stays raw text.
 *
 * @module
 */

import { optionDest, type OptionGroup, type OptionSpec } from "./option.ts";

/**
 * A set of option groups. Registering the same option object twice is harmless; registering a
 * different option under a name already taken is a programming error (as oslo.config's
 * `DuplicateOptError`).
 *
 * @example
 * ```ts
 * const registry = new OptionRegistry().register("deno", [
 *   { name: "seed_flavors", type: boolean(), default: false, help: "Seed m1.* flavors." },
 * ]);
 * registry.lookup("deno", "seed_flavors")?.default; // false
 * ```
 */
export class OptionRegistry {
  #groups = new Map<string, Map<string, OptionSpec>>();

  /** Adds options to a group (creating the group when needed). Returns the registry. */
  register(group: string, options: readonly OptionSpec[]): this {
    let known = this.#groups.get(group);
    if (!known) {
      known = new Map();
      this.#groups.set(group, known);
    }
    for (const spec of options) {
      const dest = optionDest(spec.name);
      const existing = known.get(dest);
      if (existing && existing !== spec) {
        throw new Error(`option [${group}] ${spec.name} is already registered`);
      }
      known.set(dest, spec);
    }
    return this;
  }

  /** Adds every option of each group. Returns the registry. */
  registerGroups(groups: readonly OptionGroup[]): this {
    for (const group of groups) this.register(group.name, group.options);
    return this;
  }

  /** The option registered as `name` (or its `-`/`_` twin) in `group`, if any. */
  lookup(group: string, name: string): OptionSpec | undefined {
    return this.#groups.get(group)?.get(optionDest(name));
  }

  /** Whether a group of that exact name is registered. */
  hasGroup(group: string): boolean {
    return this.#groups.has(group);
  }

  /** The registered group names, in registration order. */
  groups(): string[] {
    return [...this.#groups.keys()];
  }

  /** The options of a group, in registration order (empty for an unknown group). */
  options(group: string): OptionSpec[] {
    return [...(this.#groups.get(group)?.values() ?? [])];
  }

  /** A copy that can be extended without touching this registry. */
  clone(): OptionRegistry {
    const copy = new OptionRegistry();
    for (const [group, options] of this.#groups) copy.register(group, [...options.values()]);
    return copy;
  }
}
