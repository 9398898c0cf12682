/**
 * Choosing the destination of a move (live migration, evacuation) as Nova's scheduler does, in
 * its two stages: placement offers the hosts with the capacity (only the named one, when a host
 * is requested) whose compute service is not disabled; then the filters drop the hosts to ignore
 * (the move's source) and those whose service is down (ComputeFilter). Nova's NoValidHost
 * reason tells the stages apart: empty when placement offered nothing, "There are not enough
 * hosts available." when the filters left nothing.
 *
 * @module
 */
import { pickHost, type PlacementRequest } from "../virt/scheduler.ts";
import { serviceIsUp, type ServiceRecord } from "../virt/services.ts";
import type { HostSpec, HostUsage } from "../virt/types.ts";

/** Nova's reason when the filters leave no host. */
export const NOT_ENOUGH_HOSTS = "There are not enough hosts available.";

/** Where a move may go: the host chosen, or NoValidHost's reason. */
export type MoveChoice = { host: HostSpec; reason?: undefined } | {
  host?: undefined;
  reason: string;
};

/** The destination for `request` (its `ignoreHosts` name the source), given the services. */
export function scheduleMove(
  hosts: readonly HostSpec[],
  usage: ReadonlyMap<string, HostUsage>,
  services: ReadonlyMap<string, ServiceRecord>,
  request: PlacementRequest,
): MoveChoice {
  const names = (keep: (s: ServiceRecord) => boolean) =>
    [...services].filter(([, s]) => keep(s)).map(([name]) => name);
  const disabled = names((s) => s.disabled);
  const offered = pickHost(hosts, usage, {
    ...request,
    ignoreHosts: [],
    unavailableHosts: disabled,
    // The group policy is a filter, applied in the second stage only.
    group: undefined,
  });
  if (!offered) return { reason: "" };
  const host = pickHost(hosts, usage, {
    ...request,
    unavailableHosts: [...disabled, ...names((s) => !serviceIsUp(s))],
  });
  return host ? { host } : { reason: NOT_ENOUGH_HOSTS };
}

/**
 * Nova's NoValidHost reason when a forced destination has not the capacity for the server
 * (placement refuses the claim even though the scheduler was skipped).
 */
export function forcedHostFullReason(uuid: string, host: string): string {
  return `Unable to move instance ${uuid} to host ${host}. There is not enough capacity on the ` +
    "host for the instance.";
}
