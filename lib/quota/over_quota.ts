/**
 * The domain error raised when a change would take usage past a limit, with the details Nova's
 * `OverQuota` carries and the message each API answers with (kind `over-quota`: a 403).
 *
 * @module
 */
import { DomainError } from "../errors/mod.ts";

/** What went over, as Nova's `OverQuota` kwargs. */
export interface OverQuotaDetails {
  /** The resources over their limit, sorted. */
  overs: string[];
  /** The limits that were applied (of the scope that failed). */
  quotas: Record<string, number>;
  /** The usage before the change (of the scope that failed). */
  usages: Record<string, number>;
  /** The requested change per resource. */
  deltas: Record<string, number>;
  /** Which limit failed: the project's or the user's. */
  scope: "project" | "user";
}

const INSTANCE_RESOURCES = new Set(["instances", "cores", "ram"]);

/**
 * Nova's `TooManyInstances` text: "Quota exceeded for cores: Requested 4, but already used 18 of
 * 20 cores". `requested` overrides what is shown as requested (e.g. `"1-3"` instances).
 */
export function tooManyInstancesMessage(
  details: OverQuotaDetails,
  requested: Record<string, string | number> = {},
): string {
  const overs = details.overs.join(", ");
  const reqs = details.overs.map((r) => String(requested[r] ?? details.deltas[r] ?? 0));
  const used = details.overs.map((r) => String(details.usages[r] ?? 0));
  const allowed = details.overs.map((r) => String(details.quotas[r]));
  return `Quota exceeded for ${overs}: Requested ${reqs.join(", ")}, but already used ` +
    `${used.join(", ")} of ${allowed.join(", ")} ${overs}`;
}

/** Python's rendering of a list of strings (`['a', 'b']`), as Nova's default message shows it. */
function pyList(items: string[]): string {
  return `[${items.map((i) => `'${i}'`).join(", ")}]`;
}

/** The message the API gives for an over-quota change, by what went over. */
export function overQuotaMessage(details: OverQuotaDetails): string {
  const overs = details.overs;
  if (overs.some((r) => INSTANCE_RESOURCES.has(r))) return tooManyInstancesMessage(details);
  if (overs.length === 1) {
    switch (overs[0]) {
      case "key_pairs":
        return "Quota exceeded, too many key pairs.";
      case "server_groups":
        return "Quota exceeded, too many server groups.";
      case "server_group_members":
        return "Quota exceeded, too many servers in group";
    }
  }
  return `Quota exceeded for resources: ${pyList(overs)}`;
}

/**
 * An `over-quota` domain error (403) whose message is what Nova's API says for the resource that
 * went over; the details stay available to callers that word it differently.
 *
 * @example
 * ```ts
 * try {
 *   await engine.reserve(tx, { projectId, userId, deltas: { key_pairs: 1 } });
 * } catch (e) {
 *   if (e instanceof OverQuota) console.log(e.details.overs); // ["key_pairs"]
 * }
 * ```
 */
export class OverQuota extends DomainError {
  /** Nova's exception kwargs. */
  readonly details: OverQuotaDetails;

  constructor(details: OverQuotaDetails, message = overQuotaMessage(details)) {
    super("over-quota", message);
    this.details = details;
  }
}
