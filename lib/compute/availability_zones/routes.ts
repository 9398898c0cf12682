/**
 * `/os-availability-zone` and `/os-availability-zone/detail` (Nova's
 * `AvailabilityZoneController`): the zones of `./zones.ts`, at every microversion; from 2.102
 * unknown query parameters are refused.
 *
 * @module
 */
import type { ApiRequest, Route, VersionedSchema } from "../route.ts";
import { json } from "../../http/respond.ts";
import { zoneDetail, zoneSummary } from "./zones.ts";
import { listServices } from "../../virt/service_list.ts";
import { DETAIL_ZONES_RESPONSE, LIST_ZONES_RESPONSE } from "./response_schemas.ts";

const NO_PARAMS: VersionedSchema = [
  ["2.102", { type: "object", properties: {}, additionalProperties: false }],
  ["2.1", { type: "object", properties: {}, additionalProperties: true }],
];

/** The services nobody deleted, with their state and effective zones (`lib/virt/service_list.ts`). */
function services(req: ApiRequest) {
  return listServices(req.runtime.kv, req.runtime.instances.hosts, req.runtime.config);
}

/** The availability zone routes. */
export const AVAILABILITY_ZONE_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/os-availability-zone",
    query: NO_PARAMS,
    policy: { rule: "os_compute_api:os-availability-zone:list", target: () => ({}) },
    response: LIST_ZONES_RESPONSE,
    handler: async (req) => {
      const internal = req.runtime.config.get<string>(
        "DEFAULT",
        "internal_service_availability_zone",
      );
      return json({ availabilityZoneInfo: zoneSummary(await services(req), internal) });
    },
  },
  {
    method: "GET",
    path: "/os-availability-zone/detail",
    query: NO_PARAMS,
    policy: { rule: "os_compute_api:os-availability-zone:detail", target: () => ({}) },
    response: DETAIL_ZONES_RESPONSE,
    handler: async (req) =>
      json({
        availabilityZoneInfo: zoneDetail(await services(req), req.runtime.instances.clock()),
      }),
  },
];
