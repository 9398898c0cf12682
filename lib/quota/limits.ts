/**
 * Changing stored limits (Nova's quota `update`, `delete` and quota class `update`): range checks
 * and writes in one transaction, so two concurrent updates cannot both hand out what only one
 * of them may have.
 *
 * @module
 */
import { DomainError } from "../errors/mod.ts";
import {
  claimLimitsStamp,
  deleteProjectLimits,
  deleteUserLimits,
  writeClassLimit,
  writeProjectLimit,
  writeUserLimit,
} from "../store/quotas.ts";
import { transact } from "../store/transaction.ts";
import type { QuotaEngine, SettableRange } from "./engine.ts";
import { PER_PROJECT_RESOURCES } from "./resources.ts";

/** Nova's `InvalidQuotaValue`-style refusal of a limit outside its settable range (400). */
export class QuotaOutOfRange extends DomainError {
  constructor(message: string) {
    super("invalid", message);
  }
}

function noInfinity(v: number): number {
  return v === -1 ? Infinity : v;
}

function checkRange(resource: string, limit: number, range: SettableRange): void {
  if (noInfinity(limit) < noInfinity(range.minimum)) {
    throw new QuotaOutOfRange(
      `Quota limit ${limit} for ${resource} must be greater than or equal to already used ` +
        `and reserved ${range.minimum}.`,
    );
  }
  if (noInfinity(limit) > noInfinity(range.maximum)) {
    throw new QuotaOutOfRange(
      `Quota limit ${limit} for ${resource} must be less than or equal to ${range.maximum}.`,
    );
  }
}

/**
 * Set a project's limits (or, with `userId`, a user's within it; per-project resources such as
 * `fixed_ips` still go to the project). Unless `force`, every value must lie in its settable
 * range ({@link QuotaEngine.settable}), else nothing is written and a {@link QuotaOutOfRange}
 * (400) names the first offender. Ranges are read and limits written in one transaction.
 *
 * @example
 * ```ts
 * await setProjectQuotas(kv, engine, "p1", undefined, { cores: 40 }, false);
 * ```
 */
export async function setProjectQuotas(
  kv: Deno.Kv,
  engine: QuotaEngine,
  projectId: string,
  userId: string | undefined,
  values: Readonly<Record<string, number>>,
  force: boolean,
): Promise<void> {
  await transact(kv, async (tx) => {
    await claimLimitsStamp(tx, projectId, true);
    const settable = force ? {} : await engine.settable(kv, projectId, userId, tx);
    for (const [resource, value] of Object.entries(values)) {
      if (!force) checkRange(resource, value, settable[resource]);
      if (userId && !PER_PROJECT_RESOURCES.has(resource)) {
        writeUserLimit(tx, projectId, userId, resource, value);
      } else {
        writeProjectLimit(tx, projectId, resource, value);
      }
    }
  });
}

/**
 * Revert to the defaults: a user's own limits within a project, or (without `userId`) the
 * project's and every per-user limit within it (Nova's `destroy_all_by_project`).
 */
export async function deleteQuotas(
  kv: Deno.Kv,
  projectId: string,
  userId?: string,
): Promise<void> {
  if (userId) await deleteUserLimits(kv, projectId, userId);
  else await deleteProjectLimits(kv, projectId);
}

/**
 * Set some of a quota class's limits in one transaction. The class name must have 1 to 255
 * characters (Nova's `check_string_length`), else an `invalid` error (400).
 */
export async function setClassQuotas(
  kv: Deno.Kv,
  className: string,
  values: Readonly<Record<string, number>>,
): Promise<void> {
  const length = [...className].length;
  if (length < 1 || length > 255) {
    throw new DomainError(
      "invalid",
      `quota_class_name has ${length} characters, ` +
        (length < 1 ? "less than 1." : "more than 255."),
    );
  }
  await transact(kv, (tx) => {
    for (const [resource, value] of Object.entries(values)) {
      writeClassLimit(tx, className, resource, value);
    }
    return Promise.resolve();
  });
}
