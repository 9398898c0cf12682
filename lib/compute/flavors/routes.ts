/**
 * The route rows of the flavor family: `/flavors` (list, detail, show, create, update, delete),
 * `/flavors/{id}/action` (tenant access), `/flavors/{flavor_id}/os-flavor-access` and
 * `/flavors/{flavor_id}/os-extra_specs[/{id}]`. Literal rows come before templates.
 *
 * @module
 */
import type { Route } from "../route.ts";
import * as access from "./access_controller.ts";
import { ACCESS_POLICY } from "./access_controller.ts";
import { ADD_TENANT_ACCESS, REMOVE_TENANT_ACCESS } from "./access_schemas.ts";
import * as flavors from "./controller.ts";
import { MANAGE_POLICY } from "./controller.ts";
import * as specs from "./extra_specs_controller.ts";
import { EXTRA_SPECS_POLICY } from "./extra_specs_controller.ts";
import { CREATE_EXTRA_SPECS, UPDATE_EXTRA_SPEC } from "./extra_specs_schemas.ts";
import { CREATE_FLAVOR, LIST_FLAVORS_QUERY, NO_PARAMS_QUERY, UPDATE_FLAVOR } from "./schemas.ts";
import {
  CREATE_EXTRA_SPECS_RESPONSE,
  DELETE_FLAVOR_RESPONSE,
  DETAIL_FLAVORS_RESPONSE,
  FLAVOR_ACCESS_RESPONSE,
  LIST_EXTRA_SPECS_RESPONSE,
  LIST_FLAVORS_RESPONSE,
  SHOW_EXTRA_SPEC_RESPONSE,
  SHOW_FLAVOR_RESPONSE,
  UPDATE_EXTRA_SPEC_RESPONSE,
  UPDATE_FLAVOR_RESPONSE,
} from "./response_schemas.ts";

/** Nova's flavor-manage and extra-spec write rules check an empty target. */
const NO_TARGET = () => ({});
/** The extra-spec read rules check the caller's project. */
const OWN_PROJECT = (req: { context: { projectId: string | null } }) => ({
  project_id: req.context.projectId,
});

const SPECS = "/flavors/{flavor_id}/os-extra_specs";

/** Every route of the flavor family. */
export const FLAVOR_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/flavors",
    query: LIST_FLAVORS_QUERY,
    response: LIST_FLAVORS_RESPONSE,
    handler: flavors.index,
  },
  {
    method: "POST",
    path: "/flavors",
    body: CREATE_FLAVOR,
    policy: { rule: MANAGE_POLICY.create, target: NO_TARGET },
    response: SHOW_FLAVOR_RESPONSE,
    handler: flavors.create,
  },
  {
    method: "GET",
    path: "/flavors/detail",
    query: LIST_FLAVORS_QUERY,
    response: DETAIL_FLAVORS_RESPONSE,
    handler: flavors.detail,
  },
  {
    method: "GET",
    path: "/flavors/{id}",
    query: NO_PARAMS_QUERY,
    response: SHOW_FLAVOR_RESPONSE,
    handler: flavors.show,
  },
  {
    method: "PUT",
    path: "/flavors/{id}",
    min: "2.55",
    body: UPDATE_FLAVOR,
    policy: { rule: MANAGE_POLICY.update, target: NO_TARGET },
    response: UPDATE_FLAVOR_RESPONSE,
    handler: flavors.update,
  },
  {
    method: "DELETE",
    path: "/flavors/{id}",
    policy: { rule: MANAGE_POLICY.delete, target: NO_TARGET },
    response: DELETE_FLAVOR_RESPONSE,
    handler: flavors.remove,
  },
  {
    method: "GET",
    path: "/flavors/{flavor_id}/os-flavor-access",
    query: NO_PARAMS_QUERY,
    policy: { rule: ACCESS_POLICY.index },
    response: FLAVOR_ACCESS_RESPONSE,
    handler: access.index,
  },
  {
    method: "POST",
    path: "/flavors/{id}/action",
    action: "addTenantAccess",
    body: ADD_TENANT_ACCESS,
    policy: { rule: ACCESS_POLICY.add, target: NO_TARGET },
    response: FLAVOR_ACCESS_RESPONSE,
    handler: access.addTenantAccess,
  },
  {
    method: "POST",
    path: "/flavors/{id}/action",
    action: "removeTenantAccess",
    body: REMOVE_TENANT_ACCESS,
    policy: { rule: ACCESS_POLICY.remove, target: NO_TARGET },
    response: FLAVOR_ACCESS_RESPONSE,
    handler: access.removeTenantAccess,
  },
  {
    method: "GET",
    path: SPECS,
    query: NO_PARAMS_QUERY,
    policy: { rule: EXTRA_SPECS_POLICY.index, target: OWN_PROJECT },
    response: LIST_EXTRA_SPECS_RESPONSE,
    handler: specs.index,
  },
  {
    method: "POST",
    path: SPECS,
    body: CREATE_EXTRA_SPECS,
    policy: { rule: EXTRA_SPECS_POLICY.create, target: NO_TARGET },
    response: CREATE_EXTRA_SPECS_RESPONSE,
    handler: specs.create,
  },
  {
    method: "GET",
    path: `${SPECS}/{id}`,
    query: NO_PARAMS_QUERY,
    policy: { rule: EXTRA_SPECS_POLICY.show, target: OWN_PROJECT },
    response: SHOW_EXTRA_SPEC_RESPONSE,
    handler: specs.show,
  },
  {
    method: "PUT",
    path: `${SPECS}/{id}`,
    body: UPDATE_EXTRA_SPEC,
    policy: { rule: EXTRA_SPECS_POLICY.update, target: NO_TARGET },
    response: UPDATE_EXTRA_SPEC_RESPONSE,
    handler: specs.update,
  },
  {
    method: "DELETE",
    path: `${SPECS}/{id}`,
    policy: { rule: EXTRA_SPECS_POLICY.delete, target: NO_TARGET },
    response: DELETE_FLAVOR_RESPONSE,
    handler: specs.remove,
  },
];
