/**
 * Loads a named application from a paste file, as PasteDeploy's `loadapp` does: plan the whole
 * tree (sections, `set` overrides, factory lookups), then run the factories. Pipelines become
 * {@link compose} chains; composites get a loader for further names from the same file.
 *
 * Every reference builds a fresh object, as in PasteDeploy: two pipelines naming the same filter
 * get two instances of it.
 *
 * @module
 */
import { compose } from "../http/compose.ts";
import type { Handler, Middleware } from "../http/types.ts";
import { PasteConfig } from "./config.ts";
import { PasteError } from "./error.ts";
import { parseIni } from "./ini.ts";
import { type CompositePlan, type Plan, Planner } from "./plan.ts";
import type { AppLoader, FactoryTable } from "./types.ts";

/** What {@link loadPasteApp} needs. */
export interface LoadPasteOptions<R> {
  /** The paste file's path: names it in errors and sets `here` / `__file__`. */
  file: string;
  /** The paste file's text. */
  text: string;
  /** The application to load (`osapi_compute`, `metadata`). */
  name: string;
  /** The factories the file's dotted names map to. */
  table: FactoryTable<R>;
  /** Handed to every factory as `ctx.runtime`. */
  runtime: R;
  /**
   * Extra global settings (PasteDeploy's `global_conf`): factories see them over the file's
   * `[DEFAULT]`, while `%(name)s` expansion prefers the file's own `[DEFAULT]` values.
   */
  globalConf?: Record<string, string>;
}

/**
 * What a composite can do with the {@link AppLoader} it receives, beyond loading an app by name.
 * Get it with {@link pasteLoaderOf}.
 */
export interface PasteLoader {
  /** Build the application section `name` (what the `AppLoader` itself does). */
  app(name: string): Promise<Handler>;
  /** Build the `[filter:name]` section. */
  filter(name: string): Promise<Middleware>;
  /**
   * Build a pipeline from names, filters outermost first and an application last, the way Nova's
   * `pipeline_factory_v21` does: each filter is built in order, then the application.
   */
  pipeline(names: readonly string[]): Promise<Handler>;
}

const pasteLoaders = new WeakMap<AppLoader, PasteLoader>();

/**
 * Load application `name` from a paste file. Throws a `PasteError` (before any factory runs) for a
 * syntax error, an unknown or ambiguous section, or a dotted name missing from the table.
 *
 * @example
 * ```ts
 * const app = await loadPasteApp({
 *   file: "/etc/nova/api-paste.ini",
 *   text: await Deno.readTextFile("/etc/nova/api-paste.ini"),
 *   name: "osapi_compute",
 *   table,
 *   runtime,
 * });
 * Deno.serve((request) => app(request));
 * ```
 */
export async function loadPasteApp<R>(options: LoadPasteOptions<R>): Promise<Handler> {
  const globalConf = options.globalConf ?? {};
  const config = new PasteConfig(parseIni(options.text, options.file), globalConf);
  const planner = new Planner(config, options.table, options.runtime);
  const plan = planner.resolve("app", options.name, globalConf, {}, []);
  return await new Builder(planner).handler(plan);
}

/**
 * The {@link PasteLoader} behind an `AppLoader` that {@link loadPasteApp} handed to a composite.
 * Throws a `TypeError` for any other function.
 *
 * @example
 * ```ts
 * const byStrategy: CompositeFactory = (loader, ctx) =>
 *   pasteLoaderOf(loader).pipeline(ctx.localConf["keystone"].split(/\s+/));
 * ```
 */
export function pasteLoaderOf(loader: AppLoader): PasteLoader {
  const found = pasteLoaders.get(loader);
  if (!found) throw new TypeError("this AppLoader was not made by loadPasteApp");
  return found;
}

/**
 * Build a pipeline from a list of section names with the loader a composite received: every name
 * but the last is a `[filter:...]` (outermost first), the last is an application. Shorthand for
 * `pasteLoaderOf(loader).pipeline(names)`.
 *
 * @example
 * ```ts
 * // nova.api.auth:pipeline_factory_v21
 * const pipelineFactoryV21: CompositeFactory<Runtime> = (loader, ctx) =>
 *   buildPipeline(loader, ctx.localConf[ctx.runtime.authStrategy].split(/\s+/));
 * ```
 */
export function buildPipeline(loader: AppLoader, names: readonly string[]): Promise<Handler> {
  return pasteLoaderOf(loader).pipeline(names);
}

/** The second half of loading: runs the factories a plan names. */
class Builder<R> {
  readonly #planner: Planner<R>;

  constructor(planner: Planner<R>) {
    this.#planner = planner;
  }

  async handler(plan: Plan<R>): Promise<Handler> {
    switch (plan.type) {
      case "app":
        return await plan.factory(plan.ctx);
      case "composite":
        return await plan.factory(this.#loaderFor(plan), plan.ctx);
      case "pipeline": {
        // PasteDeploy builds a pipeline's application first, then its filters in order.
        const app = await this.handler(plan.app);
        const filters: Middleware[] = [];
        for (const filter of plan.filters) filters.push(await this.middleware(filter));
        return compose(filters, app);
      }
      case "filter-app": {
        const next = await this.handler(plan.next);
        return compose([await this.middleware(plan.filter)], next);
      }
      case "filter-with": {
        const filter = await this.middleware(plan.filter);
        return compose([filter], await this.handler(plan.next));
      }
      case "filter":
        throw new TypeError(`[${plan.ctx.section}] is a filter where an application is needed`);
    }
  }

  async middleware(plan: Plan<R>): Promise<Middleware> {
    if (plan.type === "filter") return await plan.factory(plan.ctx);
    if (plan.type === "filter-with") {
      const outer = await this.middleware(plan.filter);
      const inner = await this.middleware(plan.next);
      return (request, next) => outer(request, (forwarded) => inner(forwarded, next));
    }
    const section = "section" in plan ? plan.section : plan.ctx.section;
    throw new TypeError(`[${section}] is not a filter`);
  }

  /** The loader a composite gets: names resolve in its file, with its global conf and chain. */
  #loaderFor(plan: CompositePlan<R>): AppLoader {
    const { section, globalConf } = plan.ctx;
    const planner = this.#planner;
    const resolve = (kind: "app" | "filter", name: string) =>
      planner.resolve(kind, name, globalConf, { section }, plan.chain);
    const paste: PasteLoader = {
      app: async (name) => await this.handler(resolve("app", name)),
      filter: async (name) => await this.middleware(resolve("filter", name)),
      pipeline: async (names) => {
        const app = names.at(-1);
        if (app === undefined) {
          throw new PasteError(
            { file: planner.file, section },
            `[${section}] built an empty pipeline`,
          );
        }
        const filters: Middleware[] = [];
        for (const name of names.slice(0, -1)) filters.push(await paste.filter(name));
        return compose(filters, await paste.app(app));
      },
    };
    const loader: AppLoader = (name) => paste.app(name);
    pasteLoaders.set(loader, paste);
    return loader;
  }
}
