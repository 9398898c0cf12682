/**
 * `/os-aggregates` (Nova's `AggregateController`): list, create, show, update, delete, the
 * `add_host`, `remove_host` and `set_metadata` actions, and from 2.81 the image cache request
 * `POST /os-aggregates/{id}/images`. Admin-only by default; the domain is
 * `lib/virt/aggregates.ts`.
 *
 * @module
 */
import type { ApiRequest, Route } from "../route.ts";
import { empty, json } from "../../http/respond.ts";
import { NovaFault } from "../../http/fault.ts";
import { pyIntFromString } from "../../validation/pynumber.ts";
import { findImage } from "../../images/stored.ts";
import {
  addAggregateHost,
  aggregateById,
  type AggregateDeps,
  aggregateList,
  createAggregate,
  deleteAggregate,
  removeAggregateHost,
  setAggregateMetadata,
  updateAggregate,
} from "../../virt/aggregates.ts";
import { aggregateView } from "./views.ts";
import {
  ADD_HOST,
  CREATE,
  IMAGES,
  NO_PARAMS,
  REMOVE_HOST,
  SET_METADATA,
  UPDATE,
} from "./schemas.ts";
import {
  AGGREGATE_IMAGES_RESPONSE,
  CREATE_AGGREGATE_RESPONSE,
  DELETE_AGGREGATE_RESPONSE,
  LIST_AGGREGATES_RESPONSE,
  SHOW_AGGREGATE_RESPONSE,
} from "./response_schemas.ts";

const P = (action: string) => ({
  rule: `os_compute_api:os-aggregates:${action}`,
  target: () => ({}),
});

/** Nova's `validate_integer(id, 'id')` over the path's id: 400 unless it reads as an integer. */
function aggregateId(req: ApiRequest): number {
  const n = pyIntFromString(req.params.id);
  if (n === null) throw new NovaFault(400, "Invalid input received: id must be an integer");
  // An id past what the store hands out is simply not found.
  return n > BigInt(Number.MAX_SAFE_INTEGER) || n < 0n ? -1 : Number(n);
}

function deps(req: ApiRequest): AggregateDeps {
  return {
    hosts: req.runtime.instances.hosts.map((h) => h.name),
    clock: req.runtime.instances.clock,
  };
}

/** Nova's `normalize_name`: surrounding whitespace dropped. */
const normalize = (s: string) => s.trim();

const one = (req: ApiRequest, record: Parameters<typeof aggregateView>[0]) =>
  json({ aggregate: aggregateView(record, req.version) });

type Body<K extends string, T> = { [key in K]: T };

/** The aggregate routes. */
export const AGGREGATE_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/os-aggregates",
    response: LIST_AGGREGATES_RESPONSE,
    query: NO_PARAMS,
    policy: P("index"),
    handler: async (req) => {
      const all = await aggregateList(req.runtime.kv);
      return json({ aggregates: all.map((a) => aggregateView(a, req.version)) });
    },
  },
  {
    method: "POST",
    path: "/os-aggregates",
    response: CREATE_AGGREGATE_RESPONSE,
    body: CREATE,
    policy: P("create"),
    handler: async (req) => {
      const { aggregate } = req.body as Body<
        "aggregate",
        { name: string; availability_zone?: string | null }
      >;
      const zone = aggregate.availability_zone ? normalize(aggregate.availability_zone) : null;
      const record = await createAggregate(
        req.runtime.kv,
        normalize(aggregate.name),
        zone,
        deps(req),
      );
      return json({ aggregate: aggregateView(record, req.version, false) });
    },
  },
  {
    method: "GET",
    path: "/os-aggregates/{id}",
    response: SHOW_AGGREGATE_RESPONSE,
    query: NO_PARAMS,
    policy: P("show"),
    handler: async (req) =>
      one(req, await aggregateById(req.runtime.kv, aggregateId(req), req.params.id)),
  },
  {
    method: "PUT",
    path: "/os-aggregates/{id}",
    response: SHOW_AGGREGATE_RESPONSE,
    body: UPDATE,
    policy: P("update"),
    handler: async (req) => {
      const { aggregate } = req.body as Body<
        "aggregate",
        { name?: string; availability_zone?: string | null }
      >;
      const updates = { ...aggregate };
      if (updates.name !== undefined) updates.name = normalize(updates.name);
      const id = aggregateId(req);
      return one(req, await updateAggregate(req.runtime.kv, id, req.params.id, updates, deps(req)));
    },
  },
  {
    method: "DELETE",
    path: "/os-aggregates/{id}",
    response: DELETE_AGGREGATE_RESPONSE,
    policy: P("delete"),
    handler: async (req) => {
      await deleteAggregate(req.runtime.kv, aggregateId(req), req.params.id);
      return empty(200, { "content-type": "application/json" });
    },
  },
  {
    method: "POST",
    path: "/os-aggregates/{id}/action",
    action: "add_host",
    response: SHOW_AGGREGATE_RESPONSE,
    body: ADD_HOST,
    policy: P("add_host"),
    handler: async (req) => {
      const { host } = (req.body as Body<"add_host", { host: string }>).add_host;
      const id = aggregateId(req);
      return one(req, await addAggregateHost(req.runtime.kv, id, req.params.id, host, deps(req)));
    },
  },
  {
    method: "POST",
    path: "/os-aggregates/{id}/action",
    action: "remove_host",
    response: SHOW_AGGREGATE_RESPONSE,
    body: REMOVE_HOST,
    policy: P("remove_host"),
    handler: async (req) => {
      const { host } = (req.body as Body<"remove_host", { host: string }>).remove_host;
      const id = aggregateId(req);
      return one(
        req,
        await removeAggregateHost(req.runtime.kv, id, req.params.id, host, deps(req)),
      );
    },
  },
  {
    method: "POST",
    path: "/os-aggregates/{id}/action",
    action: "set_metadata",
    response: SHOW_AGGREGATE_RESPONSE,
    body: SET_METADATA,
    policy: P("set_metadata"),
    handler: async (req) => {
      const id = aggregateId(req);
      const { metadata } = (req.body as Body<
        "set_metadata",
        { metadata: Record<string, string | null> }
      >).set_metadata;
      return one(
        req,
        await setAggregateMetadata(req.runtime.kv, id, req.params.id, metadata, deps(req)),
      );
    },
  },
  {
    method: "POST",
    path: "/os-aggregates/{id}/images",
    response: AGGREGATE_IMAGES_RESPONSE,
    min: "2.81",
    body: IMAGES,
    policy: { rule: "compute:aggregates:images", target: () => ({}) },
    handler: async (req) => {
      const id = aggregateId(req);
      const ids = (req.body as { cache: { id: string }[] }).cache.map((c) => c.id);
      if (new Set(ids).size !== ids.length) {
        throw new NovaFault(400, "Duplicate images in request");
      }
      const { kv, images, instances } = req.runtime;
      await aggregateById(kv, id, req.params.id);
      for (const image of ids) {
        if (!await findImage(kv, images, image, instances.clock())) {
          throw new NovaFault(400, `Image ${image} could not be found.`);
        }
      }
      // The simulated hosts have nothing to fetch: the request is accepted and done.
      return empty(202, { "content-type": "application/json" });
    },
  },
];
