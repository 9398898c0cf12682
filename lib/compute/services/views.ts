/**
 * The JSON of a service in `/os-services` (Nova's `_get_service_detail`): integer ids below
 * 2.53 and uuids from it, `forced_down` from 2.11, `status` enabled/disabled, `state` up/down,
 * and `updated_at` the service's last heartbeat, which for a simulated service that never misses
 * one is the time of the request.
 *
 * @module
 */
import type { ApiVersion } from "../api_version.ts";
import { novaTimestamp } from "../timestamps.ts";
import type { Service } from "../../virt/service_list.ts";

/** One service's JSON at `version`; `now` is its last heartbeat. */
export function serviceView(
  service: Service,
  version: ApiVersion,
  now: Date,
): Record<string, unknown> {
  const view: Record<string, unknown> = {
    binary: service.binary,
    host: service.host,
    id: version.atLeast("2.53") ? service.uuid : service.id,
    zone: service.zone,
    status: service.disabled ? "disabled" : "enabled",
    state: service.up ? "up" : "down",
    updated_at: novaTimestamp(now.toISOString()),
    disabled_reason: service.disabled_reason,
  };
  if (version.atLeast("2.11")) view.forced_down = service.forced_down;
  return view;
}
