/**
 * The contract between the PasteDeploy loader and the code it builds: factories registered under
 * the dotted names an api-paste.ini uses (`nova.api.openstack:FaultWrapper.factory`).
 *
 * @module
 */
import type { Handler, Middleware } from "../http/types.ts";

/** What every factory receives; `R` is the runtime the entry point passes through (config, store). */
export interface FactoryContext<R = unknown> {
  /** `[DEFAULT]` values of the paste file (plus `here` and `__file__`), after `set` overrides. */
  globalConf: Record<string, string>;
  /** The section's own keys other than `use`, `pipeline`, `paste.*_factory`. */
  localConf: Record<string, string>;
  /** The section that named this factory, e.g. `filter:cors`. */
  section: string;
  /** The paste file's path. */
  file: string;
  /** Whatever the caller of `loadPasteApp` passed. */
  runtime: R;
}

/** Builds a WSGI-app analogue (`paste.app_factory`). */
export type AppFactory<R = unknown> = (ctx: FactoryContext<R>) => Handler | Promise<Handler>;

/** Builds a filter (`paste.filter_factory`). */
export type FilterFactory<R = unknown> = (
  ctx: FactoryContext<R>,
) => Middleware | Promise<Middleware>;

/** Loads another named app from the same file (what a composite factory gets as `loader`). */
export type AppLoader = (name: string) => Promise<Handler>;

/** Builds a composite (`use = call:...` / `use = egg:...` in a `[composite:...]` section). */
export type CompositeFactory<R = unknown> = (
  loader: AppLoader,
  ctx: FactoryContext<R>,
) => Handler | Promise<Handler>;

/** Maps the dotted names (and `egg:` names) a paste file may use to our implementations. */
export interface FactoryTable<R = unknown> {
  apps: Record<string, AppFactory<R>>;
  filters: Record<string, FilterFactory<R>>;
  composites: Record<string, CompositeFactory<R>>;
}
