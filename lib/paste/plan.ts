/**
 * The first half of loading (PasteDeploy's "context" phase): turn a name into a plan of what to
 * build, with every section found, every `set`/`get` applied and every factory looked up in the
 * table, before any factory runs. Mistakes in the file or missing factories stop loading here.
 *
 * @module
 */
import type { PasteConfig } from "./config.ts";
import { PasteError } from "./error.ts";
import {
  candidateSections,
  describeCandidates,
  isAbsoluteName,
  type ObjectKind,
  type SectionType,
  sectionType,
} from "./sections.ts";
import type {
  AppFactory,
  CompositeFactory,
  FactoryContext,
  FactoryTable,
  FilterFactory,
} from "./types.ts";

/** Build an app with a `paste.app_factory`. */
export interface AppPlan<R> {
  type: "app";
  factory: AppFactory<R>;
  ctx: FactoryContext<R>;
}

/** Build a composite; `chain` is the sections that led here, to catch loops through its loader. */
export interface CompositePlan<R> {
  type: "composite";
  factory: CompositeFactory<R>;
  ctx: FactoryContext<R>;
  chain: readonly string[];
}

/** Build a filter with a `paste.filter_factory` (or `paste.filter_app_factory`). */
export interface FilterPlan<R> {
  type: "filter";
  factory: FilterFactory<R>;
  ctx: FactoryContext<R>;
}

/** A `[pipeline:...]`: filters outermost first, then the app they wrap. */
export interface PipelinePlan<R> {
  type: "pipeline";
  section: string;
  filters: Plan<R>[];
  app: Plan<R>;
}

/** A `[filter-app:...]` (filter around `next`) or a section with `filter-with` (filter around it). */
export interface WrapPlan<R> {
  type: "filter-app" | "filter-with";
  section: string;
  filter: Plan<R>;
  next: Plan<R>;
}

/** Anything the loader can build. Filter plans (and `filter-with` on a filter) yield middleware. */
export type Plan<R> = AppPlan<R> | CompositePlan<R> | FilterPlan<R> | PipelinePlan<R> | WrapPlan<R>;

/** Who asked for a name, for error messages: a section and the key that named it. */
export interface Referrer {
  section?: string;
  key?: string;
}

const FACTORY_KEYS: Record<ObjectKind, readonly (readonly string[])[]> = {
  app: [["paste.app_factory"], ["paste.composite_factory", "paste.composit_factory"]],
  filter: [["paste.filter_factory"], ["paste.filter_app_factory"]],
};

type TableName = keyof FactoryTable;

/**
 * Resolves names in one paste file against one factory table.
 *
 * @example
 * ```ts
 * const planner = new Planner(config, table, runtime);
 * const plan = planner.resolve("app", "osapi_compute", {}, {}, []);
 * ```
 */
export class Planner<R> {
  readonly #config: PasteConfig;
  readonly #table: FactoryTable<R>;
  readonly #runtime: R;

  constructor(config: PasteConfig, table: FactoryTable<R>, runtime: R) {
    this.#config = config;
    this.#table = table;
    this.#runtime = runtime;
  }

  /** The file the plans come from. */
  get file(): string {
    return this.#config.file;
  }

  /**
   * Plan `name` as an app or a filter.
   *
   * @param inherited the global conf of whoever asked (their `set` overrides included)
   * @param from who asked, for error messages
   * @param chain the sections being resolved above this one, to reject loops
   */
  resolve(
    kind: ObjectKind,
    name: string,
    inherited: Record<string, string>,
    from: Referrer,
    chain: readonly string[],
  ): Plan<R> {
    if (isAbsoluteName(name)) {
      const globalConf = { ...this.#config.defaults(), ...inherited };
      return this.#absolute(kind, name, undefined, from, globalConf, {}, chain);
    }
    const found = candidateSections(this.#config.sectionNames(), kind, name);
    const what = `${kind === "app" ? "application" : "filter"} "${name}"`;
    if (found.length === 0) {
      const asker = from.section ? `[${from.section}] refers to ${what}, but` : `no ${what}:`;
      throw this.#error(
        from.section,
        `${asker} there is no ${describeCandidates(kind, name)} section`,
      );
    }
    if (found.length > 1) {
      const sections = found.map((s) => `[${s}]`).join(" and ");
      const verb = found.length > 2 ? "all define" : "both define";
      throw this.#error(from.section, `${what} is ambiguous: ${sections} ${verb} it`);
    }
    const section = found[0];
    if (chain.includes(section)) {
      throw this.#error(
        section,
        `[${section}] refers back to itself (${[...chain, section].join(" \u2192 ")})`,
      );
    }
    return this.#fromSection(kind, section, inherited, [...chain, section]);
  }

  #fromSection(
    kind: ObjectKind,
    section: string,
    inherited: Record<string, string>,
    chain: readonly string[],
  ): Plan<R> {
    const config = this.#config;
    const globalConf: Record<string, string> = { ...config.defaults(), ...inherited };
    const localConf: Record<string, string> = {};
    const additions: Record<string, string> = {};
    const gets: [local: string, global: string, key: string][] = [];
    for (const key of config.keys(section)) {
      if (key.startsWith("set ")) {
        const name = key.slice(4).trim();
        additions[name] = globalConf[name] = config.get(section, key);
      } else if (key.startsWith("get ")) {
        gets.push([key.slice(4).trim(), config.get(section, key), key]);
      } else if (!config.isDefault(key)) {
        localConf[key] = config.get(section, key);
      }
    }
    for (const [local, global, key] of gets) {
      if (!Object.hasOwn(globalConf, global)) {
        throw this.#error(section, `[${section}] ${key} = ${global}: no such global setting`);
      }
      localConf[local] = globalConf[global];
    }
    const filterWith = take(localConf, "filter-with");
    // PasteDeploy hands `require` to pkg_resources; there are no packages to require here.
    delete localConf.require;

    const type = sectionType(section);
    let plan: Plan<R>;
    if (type === "pipeline") {
      plan = this.#pipeline(section, localConf, globalConf, chain);
    } else if (type === "filter-app") {
      const next = take(localConf, "next");
      if (next === undefined) throw this.#error(section, `[${section}] has no "next" key`);
      plan = {
        type: "filter-app",
        section,
        next: this.resolve("app", next, globalConf, { section, key: "next" }, chain),
        filter: this.#factory("filter", section, "filter", localConf, globalConf, additions, chain),
      };
    } else {
      plan = this.#factory(kind, section, type, localConf, globalConf, additions, chain);
    }
    if (filterWith === undefined) return plan;
    return {
      type: "filter-with",
      section,
      filter: this.resolve(
        "filter",
        filterWith,
        globalConf,
        { section, key: "filter-with" },
        chain,
      ),
      next: plan,
    };
  }

  #pipeline(
    section: string,
    localConf: Record<string, string>,
    globalConf: Record<string, string>,
    chain: readonly string[],
  ): Plan<R> {
    const pipeline = take(localConf, "pipeline");
    if (pipeline === undefined) throw this.#error(section, `[${section}] has no "pipeline" key`);
    const extra = Object.keys(localConf);
    if (extra.length > 0) {
      throw this.#error(
        section,
        `[${section}] may only set "pipeline" (and "set \u2026" keys), not ${extra.join(", ")}`,
      );
    }
    const names = pipeline.split(/\s+/).filter((name) => name !== "");
    const last = names.pop();
    if (last === undefined) throw this.#error(section, `[${section}] pipeline is empty`);
    const from = { section, key: "pipeline" };
    const app = this.resolve("app", last, globalConf, from, chain);
    const filters = names.map((name) => this.resolve("filter", name, globalConf, from, chain));
    return { type: "pipeline", section, filters, app };
  }

  /** A section that names its factory with `use = ...` or a `paste.*_factory` key. */
  #factory(
    kind: ObjectKind,
    section: string,
    type: SectionType | undefined,
    localConf: Record<string, string>,
    globalConf: Record<string, string>,
    additions: Record<string, string>,
    chain: readonly string[],
  ): Plan<R> {
    const use = take(localConf, "use");
    if (use !== undefined) {
      const from = { section, key: "use" };
      if (isAbsoluteName(use)) {
        return this.#absolute(kind, use, type, from, globalConf, localConf, chain);
      }
      const inner = this.resolve(kind, use, globalConf, from, chain);
      return this.#extend(inner, section, use, localConf, additions, globalConf);
    }
    const keys = FACTORY_KEYS[kind]
      .map((group) => group.find((key) => Object.hasOwn(localConf, key)))
      .filter((key) => key !== undefined);
    if (keys.length > 1) {
      throw this.#error(section, `[${section}] names more than one factory (${keys.join(", ")})`);
    }
    const key = keys[0];
    if (key === undefined) {
      const expected = ["use", ...FACTORY_KEYS[kind].map((group) => group[0])].join(", ");
      throw this.#error(section, `[${section}] says nothing to build: expected one of ${expected}`);
    }
    const dotted = localConf[key];
    delete localConf[key];
    const table: TableName = key === "paste.app_factory"
      ? "apps"
      : kind === "filter"
      ? "filters"
      : "composites";
    const plan = this.#lookup(
      [table],
      dotted,
      this.#context(section, globalConf, localConf),
      chain,
    );
    if (!plan) throw this.#notImplemented(section, `[${section}] ${key} = ${dotted}`);
    return plan;
  }

  /** `egg:...` / `call:...` names, either in `use = ...` or straight in a pipeline or urlmap. */
  #absolute(
    kind: ObjectKind,
    spec: string,
    type: SectionType | undefined,
    from: Referrer,
    globalConf: Record<string, string>,
    localConf: Record<string, string>,
    chain: readonly string[],
  ): Plan<R> {
    const section = from.section ?? "";
    const scheme = spec.slice(0, spec.indexOf(":"));
    const described = from.key === "use"
      ? `[${section}] use = ${spec}`
      : from.section
      ? `[${section}] refers to ${kind === "app" ? "application" : "filter"} ${spec}, which`
      : `${kind === "app" ? "application" : "filter"} ${spec}`;
    if (scheme !== "call" && scheme !== "egg") {
      throw this.#error(from.section, `${described} is not supported by this port (${scheme}:)`);
    }
    const key = scheme === "call" ? spec.slice("call:".length) : spec;
    const tables = tablesFor(kind, type, scheme);
    const plan = this.#lookup(tables, key, this.#context(section, globalConf, localConf), chain);
    if (!plan) throw this.#notImplemented(from.section, described);
    return plan;
  }

  #lookup(
    tables: readonly TableName[],
    key: string,
    ctx: FactoryContext<R>,
    chain: readonly string[],
  ): Plan<R> | undefined {
    for (const table of tables) {
      if (table === "apps" && Object.hasOwn(this.#table.apps, key)) {
        return { type: "app", factory: this.#table.apps[key], ctx };
      }
      if (table === "composites" && Object.hasOwn(this.#table.composites, key)) {
        return { type: "composite", factory: this.#table.composites[key], ctx, chain };
      }
      if (table === "filters" && Object.hasOwn(this.#table.filters, key)) {
        return { type: "filter", factory: this.#table.filters[key], ctx };
      }
    }
    return undefined;
  }

  /** `use = other_section`: the other section's plan with this section's keys laid over it. */
  #extend(
    inner: Plan<R>,
    section: string,
    use: string,
    localConf: Record<string, string>,
    additions: Record<string, string>,
    globalConf: Record<string, string>,
  ): Plan<R> {
    if (inner.type === "app" || inner.type === "composite" || inner.type === "filter") {
      const merged: Record<string, string> = { ...inner.ctx.globalConf, ...additions };
      if (Object.hasOwn(globalConf, "__file__")) merged.__file__ = globalConf.__file__;
      return {
        ...inner,
        ctx: {
          ...inner.ctx,
          section,
          globalConf: merged,
          localConf: { ...inner.ctx.localConf, ...localConf },
        },
      };
    }
    const extra = Object.keys(localConf);
    if (extra.length > 0) {
      throw this.#error(
        section,
        `[${section}] use = ${use} names a ${inner.type}, which takes no keys (${
          extra.join(", ")
        })`,
      );
    }
    return inner;
  }

  #context(
    section: string,
    globalConf: Record<string, string>,
    localConf: Record<string, string>,
  ): FactoryContext<R> {
    return { globalConf, localConf, section, file: this.#config.file, runtime: this.#runtime };
  }

  #notImplemented(section: string | undefined, described: string): PasteError {
    return this.#error(section, `${described} is not implemented by this port`);
  }

  #error(section: string | undefined, detail: string): PasteError {
    return new PasteError({ file: this.#config.file, section }, detail);
  }
}

/** Which tables an absolute name may live in, given what asks for it and where. */
function tablesFor(
  kind: ObjectKind,
  type: SectionType | undefined,
  scheme: string,
): readonly TableName[] {
  if (kind === "filter") return ["filters"];
  if (type === "composite") return scheme === "call" ? ["composites"] : ["composites", "apps"];
  if (type === "app") return scheme === "call" ? ["apps"] : ["apps", "composites"];
  return ["apps", "composites"];
}

function take(conf: Record<string, string>, key: string): string | undefined {
  if (!Object.hasOwn(conf, key)) return undefined;
  const value = conf[key];
  delete conf[key];
  return value;
}
