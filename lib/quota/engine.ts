/**
 * The quota engine: Nova's `DbQuotaDriver` over the KV store.
 *
 * Limits resolve from the most specific level that sets them: a user's own limit within a
 * project, then the project's, then the `default` quota class, then the `[quota]` option; -1 is
 * unlimited. Usage is kept as counters that {@link QuotaEngine.reserve} and
 * {@link QuotaEngine.release} move inside the same transaction as the record that consumes it,
 * so concurrent creators can never pass a limit together.
 *
 * `[quota] driver = nova.quota.NoopQuotaDriver` makes every limit unlimited (and reports usage
 * as -1, as Nova does); the counters are still kept.
 *
 * @module
 */
import type { Config } from "../config/mod.ts";
import type { Transaction } from "../store/transaction.ts";
import {
  addKeypairCount,
  addUsage,
  kvReader,
  type LimitMap,
  readClassLimits,
  readKeypairCount,
  readProjectLimits,
  readProjectUsage,
  readUserLimits,
  readUserUsage,
  subtractKeypairCount,
  subtractUsage,
  sumUserLimits,
  type UsageMap,
  type ValueReader,
} from "../store/quotas.ts";
import { OverQuota } from "./over_quota.ts";
import { type QuotaResource, RESOURCE_NAMES, resourceSpec, UNLIMITED } from "./resources.ts";

/** What the engine reads its `[quota]` options through (a {@link Config} satisfies it). */
export type OptionReader = Pick<Config, "get">;

/** The quota class whose limits stand in for the `[quota]` options when set. */
export const DEFAULT_QUOTA_CLASS = "default";

/** A limit with its usage, as the detailed quota view and the limits API read it. */
export interface QuotaUsage {
  limit: number;
  in_use: number;
}

/** The range an update may set a limit to (-1 as maximum: no upper bound). */
export interface SettableRange {
  minimum: number;
  maximum: number;
}

/** A change to check and count: what {@link QuotaEngine.reserve} takes. */
export interface ReserveRequest {
  projectId: string;
  userId: string;
  /** Amounts to add, by resource (non-negative). */
  deltas: Partial<Record<QuotaResource, number>>;
  /**
   * Whose keypairs count against `key_pairs` when not `userId` (an admin creating a keypair for
   * another user: Nova counts the owner's keypairs against the caller's limits).
   */
  keypairOwnerId?: string;
  /**
   * Current usage of resources the store does not count itself (`server_group_members`, counted
   * per group by the caller).
   */
  counts?: Partial<Record<QuotaResource, number>>;
}

/** A change to uncount: what {@link QuotaEngine.release} takes. */
export interface ReleaseRequest {
  projectId: string;
  userId: string;
  /** Amounts to subtract, by resource (non-negative). */
  deltas: Partial<Record<QuotaResource, number>>;
}

/** Values to hold against plain limits (metadata items, injected files...). */
export interface CheckRequest {
  projectId: string;
  userId: string;
  values: Partial<Record<QuotaResource, number>>;
}

const PROJECT_COUNTED = RESOURCE_NAMES.filter((r) => resourceSpec(r)!.counting === "project-user");

function isUnlimited(v: number): boolean {
  return v <= UNLIMITED;
}

function sumLimits(a: number, b: number): number {
  return isUnlimited(a) || isUnlimited(b) ? UNLIMITED : a + b;
}

function subLimits(a: number, b: number): number {
  return isUnlimited(a) || isUnlimited(b) ? UNLIMITED : a - b;
}

function over(limit: number, value: number): boolean {
  return limit >= 0 && limit < value;
}

function sorted(list: string[]): string[] {
  return [...list].sort();
}

/**
 * Limits and usage of the compute quota resources.
 *
 * @example
 * ```ts
 * const quotas = new QuotaEngine(runtime.config);
 * await transact(runtime.kv, async (tx) => {
 *   await quotas.reserve(tx, { projectId, userId, deltas: { instances: 1, cores: 2, ram: 512 } });
 *   tx.set(instanceKey, record);
 * });
 * ```
 */
export class QuotaEngine {
  readonly #config: OptionReader;

  constructor(config: OptionReader) {
    this.#config = config;
  }

  /** True when `[quota] driver` is the no-op driver (everything unlimited). */
  get noop(): boolean {
    let driver: unknown;
    try {
      driver = this.#config.get<string>("quota", "driver");
    } catch {
      return false;
    }
    return typeof driver === "string" && driver.endsWith("NoopQuotaDriver");
  }

  /** What the detailed view reports as reserved (reservations are gone: 0, or -1 for no-op). */
  get reserved(): number {
    return this.noop ? -1 : 0;
  }

  /** The `[quota]` option value of a resource (-1 for resources without one). */
  optionDefault(resource: string): number {
    const option = resourceSpec(resource)?.option;
    if (!option) return UNLIMITED;
    const value = this.#config.get<number | null>("quota", option);
    return typeof value === "number" ? value : UNLIMITED;
  }

  #unlimited(resources: readonly string[]): LimitMap {
    return Object.fromEntries(resources.map((r) => [r, UNLIMITED]));
  }

  /** Nova's `get_defaults`: the `default` class's limits, else the options. */
  async defaults(
    reader: ValueReader,
    resources: readonly string[] = RESOURCE_NAMES,
  ): Promise<LimitMap> {
    return await this.classLimits(reader, DEFAULT_QUOTA_CLASS, resources);
  }

  /** Nova's `get_class_quotas`: a class's limits, else the options. */
  async classLimits(
    reader: ValueReader,
    className: string,
    resources: readonly string[] = RESOURCE_NAMES,
  ): Promise<LimitMap> {
    if (this.noop) return this.#unlimited(resources);
    const set = await readClassLimits(reader, className, resources);
    return Object.fromEntries(resources.map((r) => [r, set[r] ?? this.optionDefault(r)]));
  }

  /** A project's effective limits: its own, else the defaults. */
  async projectLimits(
    reader: ValueReader,
    projectId: string,
    resources: readonly string[] = RESOURCE_NAMES,
  ): Promise<LimitMap> {
    if (this.noop) return this.#unlimited(resources);
    const [own, defaults] = await Promise.all([
      readProjectLimits(reader, projectId, resources),
      this.defaults(reader, resources),
    ]);
    return Object.fromEntries(resources.map((r) => [r, own[r] ?? defaults[r]]));
  }

  /** A user's effective limits within a project: the user's, else the project's, else defaults. */
  async userLimits(
    reader: ValueReader,
    projectId: string,
    userId: string,
    resources: readonly string[] = RESOURCE_NAMES,
  ): Promise<LimitMap> {
    if (this.noop) return this.#unlimited(resources);
    const [own, project] = await Promise.all([
      readUserLimits(reader, projectId, userId, resources),
      this.projectLimits(reader, projectId, resources),
    ]);
    return Object.fromEntries(resources.map((r) => [r, own[r] ?? project[r]]));
  }

  /**
   * Usage as the quota API and the limits API show it: instances, cores, ram and server groups
   * counted for the project (or for the user within it); everything else 0, as in Nova.
   */
  async displayUsage(reader: ValueReader, projectId: string, userId?: string): Promise<UsageMap> {
    const counted = userId
      ? await readUserUsage(reader, projectId, userId, PROJECT_COUNTED)
      : await readProjectUsage(reader, projectId, PROJECT_COUNTED);
    return Object.fromEntries(RESOURCE_NAMES.map((r) => [r, counted[r] ?? 0]));
  }

  async #withUsage(limits: LimitMap, usage: () => Promise<UsageMap>) {
    const inUse = this.noop ? null : await usage();
    const out: Record<string, QuotaUsage> = {};
    for (const [r, limit] of Object.entries(limits)) {
      out[r] = { limit, in_use: inUse ? inUse[r] ?? 0 : UNLIMITED };
    }
    return out;
  }

  /** Nova's `get_project_quotas(usages=True)`. */
  async projectQuotaUsage(kv: Deno.Kv, projectId: string): Promise<Record<string, QuotaUsage>> {
    const reader = kvReader(kv);
    return await this.#withUsage(
      await this.projectLimits(reader, projectId),
      () => this.displayUsage(reader, projectId),
    );
  }

  /** Nova's `get_user_quotas(usages=True)`. */
  async userQuotaUsage(
    kv: Deno.Kv,
    projectId: string,
    userId: string,
  ): Promise<Record<string, QuotaUsage>> {
    const reader = kvReader(kv);
    return await this.#withUsage(
      await this.userLimits(reader, projectId, userId),
      () => this.displayUsage(reader, projectId, userId),
    );
  }

  /**
   * Nova's `get_settable_quotas`: for a project, at least what is in use and what its users'
   * limits add up to; for a user, at least the user's usage and at most what the project has not
   * handed to other users. Point reads go through `reader` (a transaction's, to check them).
   */
  async settable(
    kv: Deno.Kv,
    projectId: string,
    userId?: string,
    reader: ValueReader = kvReader(kv),
  ): Promise<Record<string, SettableRange>> {
    const out: Record<string, SettableRange> = {};
    if (this.noop) {
      for (const r of RESOURCE_NAMES) out[r] = { minimum: 0, maximum: UNLIMITED };
      return out;
    }
    const [projectLimits, projectUsage, userSums] = await Promise.all([
      this.projectLimits(reader, projectId),
      this.displayUsage(reader, projectId),
      sumUserLimits(kv, projectId),
    ]);
    const remains: LimitMap = {};
    for (const r of RESOURCE_NAMES) remains[r] = projectLimits[r] - (userSums[r] ?? 0);
    if (userId) {
      const [own, userUsage] = await Promise.all([
        readUserLimits(reader, projectId, userId, RESOURCE_NAMES),
        this.displayUsage(reader, projectId, userId),
      ]);
      for (const r of RESOURCE_NAMES) {
        out[r] = { minimum: userUsage[r], maximum: sumLimits(remains[r], own[r] ?? 0) };
      }
    } else {
      for (const r of RESOURCE_NAMES) {
        const minimum = Math.max(subLimits(projectLimits[r], remains[r]), projectUsage[r]);
        out[r] = { minimum, maximum: UNLIMITED };
      }
    }
    return out;
  }

  /**
   * Check `deltas` against the limits and count them, inside `tx`: reads of limits and usage
   * become version checks, so a concurrent change makes the transaction run again. Throws
   * {@link OverQuota} (403) when a limit would be passed; nothing is counted then.
   *
   * Instances, cores, ram and server groups must fit both the project's and the user's limit;
   * key pairs (counted per user across projects) and server group members must fit the smaller
   * of the two, as Nova's `limit_check_project_and_user`.
   */
  async reserve(tx: Transaction, request: ReserveRequest): Promise<void> {
    const { projectId, userId } = request;
    const entries = Object.entries(request.deltas) as [QuotaResource, number][];
    for (const [name, delta] of entries) {
      const spec = resourceSpec(name);
      if (!spec || spec.counting === "absolute") {
        throw new TypeError(`quota resource ${name} is not countable`);
      }
      if (!Number.isInteger(delta) || delta < 0) {
        throw new TypeError(`quota delta for ${name} must be a non-negative integer`);
      }
    }
    const names = entries.map(([n]) => n);
    const projectSide = names.filter((n) => resourceSpec(n)!.counting === "project-user");
    const merged = names.filter((n) => resourceSpec(n)!.counting !== "project-user");

    const [projectUsage, userUsage, keypairs, limits] = await Promise.all([
      readProjectUsage(tx, projectId, projectSide),
      readUserUsage(tx, projectId, userId, projectSide),
      names.includes("key_pairs")
        ? readKeypairCount(tx, request.keypairOwnerId ?? userId)
        : Promise.resolve(0),
      this.noop ? null : Promise.all([
        this.projectLimits(tx, projectId, names),
        this.userLimits(tx, projectId, userId, names),
      ]),
    ]);

    if (limits) {
      const [projectLimits, userLimits] = limits;
      this.#checkMerged(request, merged, projectLimits, userLimits, keypairs);
      this.#checkProjectUser(request, projectSide, projectLimits, userLimits, {
        project: projectUsage,
        user: userUsage,
      });
    }

    const counted = Object.fromEntries(projectSide.map((n) => [n, request.deltas[n]!]));
    addUsage(tx, projectId, userId, { project: projectUsage, user: userUsage }, counted);
    if (names.includes("key_pairs")) {
      addKeypairCount(tx, request.keypairOwnerId ?? userId, keypairs, request.deltas.key_pairs!);
    }
  }

  #checkMerged(
    request: ReserveRequest,
    names: QuotaResource[],
    projectLimits: LimitMap,
    userLimits: LimitMap,
    keypairs: number,
  ): void {
    if (names.length === 0) return;
    const limits: LimitMap = {};
    const usages: UsageMap = {};
    const overs: string[] = [];
    for (const name of names) {
      // Nova takes the smaller number, so an unlimited (-1) level wins.
      limits[name] = Math.min(projectLimits[name], userLimits[name]);
      usages[name] = name === "key_pairs" ? keypairs : request.counts?.[name] ?? 0;
      if (over(limits[name], usages[name] + request.deltas[name]!)) overs.push(name);
    }
    if (overs.length) {
      throw new OverQuota({
        overs: sorted(overs),
        quotas: limits,
        usages,
        deltas: { ...request.deltas } as Record<string, number>,
        scope: "user",
      });
    }
  }

  #checkProjectUser(
    request: ReserveRequest,
    names: QuotaResource[],
    projectLimits: LimitMap,
    userLimits: LimitMap,
    usage: { project: UsageMap; user: UsageMap },
  ): void {
    const overs: string[] = [];
    let userScope = false;
    for (const name of names) {
      const delta = request.deltas[name]!;
      if (over(projectLimits[name], usage.project[name] + delta)) {
        overs.push(name);
      } else if (over(userLimits[name], usage.user[name] + delta)) {
        overs.push(name);
        userScope = true;
      }
    }
    if (overs.length) {
      throw new OverQuota({
        overs: sorted(overs),
        quotas: userScope ? userLimits : projectLimits,
        usages: userScope ? usage.user : usage.project,
        deltas: { ...request.deltas } as Record<string, number>,
        scope: userScope ? "user" : "project",
      });
    }
  }

  /** Uncount `deltas` inside `tx` (a deleted record); counters never go below zero. */
  async release(tx: Transaction, request: ReleaseRequest): Promise<void> {
    const { projectId, userId } = request;
    const counted: UsageMap = {};
    for (const [name, delta] of Object.entries(request.deltas) as [QuotaResource, number][]) {
      const spec = resourceSpec(name);
      if (!spec || delta === 0) continue;
      if (spec.counting === "project-user") counted[name] = delta;
      else if (spec.counting === "user") await subtractKeypairCount(tx, userId, delta);
    }
    await subtractUsage(tx, projectId, userId, counted);
  }

  /**
   * Nova's `limit_check`: each value must fit both the project's and the user's limit. Throws
   * {@link OverQuota} otherwise.
   */
  async check(reader: ValueReader, request: CheckRequest): Promise<void> {
    if (this.noop) return;
    const names = Object.keys(request.values) as QuotaResource[];
    const [projectLimits, userLimits] = await Promise.all([
      this.projectLimits(reader, request.projectId, names),
      this.userLimits(reader, request.projectId, request.userId, names),
    ]);
    const overs = names.filter((n) =>
      over(projectLimits[n], request.values[n]!) || over(userLimits[n], request.values[n]!)
    );
    if (overs.length) {
      throw new OverQuota({
        overs: sorted(overs),
        quotas: projectLimits,
        usages: {},
        deltas: { ...request.values } as Record<string, number>,
        scope: "project",
      });
    }
  }
}
