/**
 * The servers resource's route rows: servers, their addresses (`ips`) and their metadata. Rows
 * whose policy target is the server's project check their rule in the handler, after the lookup.
 *
 * @module
 */
import type { Route } from "../route.ts";
import { SERVER_ACTION_ROUTES } from "./actions.ts";
import { ADMIN_ACTION_ROUTES } from "./admin_actions.ts";
import { ADMIN_PASSWORD_ROUTES } from "./admin_password.ts";
import { SECURITY_GROUP_ACTION_ROUTES } from "./security_group_actions.ts";
import { MULTINIC_ROUTES } from "./multinic.ts";
import { FLOATING_IP_ACTION_ROUTES } from "./floating_ips.ts";
import { DEFERRED_DELETE_ROUTES } from "./deferred_delete.ts";
import { RESCUE_ROUTES } from "./rescue.ts";
import { SHELVE_ROUTES } from "./shelve.ts";
import { CONSOLE_OUTPUT_ROUTES } from "./console_output.ts";
import { REMOTE_CONSOLE_ROUTES } from "./remote_consoles.ts";
import { DIAGNOSTICS_ROUTES } from "./diagnostics.ts";
import { RESIZE_ROUTES } from "./resize.ts";
import { LIVE_MIGRATE_ROUTES } from "./live_migrate.ts";
import { EVACUATE_ROUTES } from "./evacuate.ts";
import { REBUILD_ROUTES } from "./rebuild.ts";
import { CREATE_IMAGE_ROUTES } from "./create_image.ts";
import * as h from "./handlers.ts";
import * as schema from "./schemas.ts";
import { serverSecurityGroups } from "./security_groups.ts";
import {
  CREATE_SERVER_RESPONSE,
  DETAIL_SERVERS_RESPONSE,
  LIST_SERVERS_RESPONSE,
  NO_BODY_RESPONSE,
  SHOW_SERVER_RESPONSE,
  UPDATE_SERVER_RESPONSE,
} from "./response_schemas.ts";
import {
  IPS_OF_NETWORK_RESPONSE,
  IPS_RESPONSE,
  META_ITEM_RESPONSE,
  METADATA_RESPONSE,
} from "./action_response_schemas.ts";
import { LIST_SECURITY_GROUPS_RESPONSE } from "../security_group_proxy/response_schemas.ts";

/** Every servers row, literal paths before templates. */
export const SERVER_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/servers",
    query: schema.LIST_SERVERS_QUERY,
    policy: { rule: h.P("index") },
    response: LIST_SERVERS_RESPONSE,
    handler: h.index,
  },
  {
    method: "GET",
    path: "/servers/detail",
    query: schema.LIST_SERVERS_QUERY,
    policy: { rule: h.P("detail") },
    response: DETAIL_SERVERS_RESPONSE,
    handler: h.detail,
  },
  {
    method: "POST",
    path: "/servers",
    body: schema.CREATE_SERVER,
    response: CREATE_SERVER_RESPONSE,
    handler: h.create,
  },
  {
    method: "GET",
    path: "/servers/{id}",
    query: schema.NO_PARAMS_QUERY,
    response: SHOW_SERVER_RESPONSE,
    handler: h.show,
  },
  {
    method: "PUT",
    path: "/servers/{id}",
    body: schema.UPDATE_SERVER,
    response: UPDATE_SERVER_RESPONSE,
    handler: h.update,
  },
  { method: "DELETE", path: "/servers/{id}", response: NO_BODY_RESPONSE, handler: h.remove },
  {
    method: "GET",
    path: "/servers/{id}/ips",
    query: schema.NO_PARAMS_QUERY,
    response: IPS_RESPONSE,
    handler: h.ips,
  },
  {
    method: "GET",
    path: "/servers/{id}/ips/{network}",
    query: schema.NO_PARAMS_QUERY,
    response: IPS_OF_NETWORK_RESPONSE,
    handler: h.ipsOfNetwork,
  },
  {
    method: "GET",
    path: "/servers/{id}/metadata",
    query: schema.NO_PARAMS_QUERY,
    response: METADATA_RESPONSE,
    handler: h.metadataIndex,
  },
  {
    method: "POST",
    path: "/servers/{id}/metadata",
    body: schema.SET_METADATA,
    response: METADATA_RESPONSE,
    handler: h.metadataCreate,
  },
  {
    method: "PUT",
    path: "/servers/{id}/metadata",
    body: schema.SET_METADATA,
    response: METADATA_RESPONSE,
    handler: h.metadataUpdateAll,
  },
  {
    method: "GET",
    path: "/servers/{id}/metadata/{key}",
    query: schema.NO_PARAMS_QUERY,
    response: META_ITEM_RESPONSE,
    handler: h.metadataShow,
  },
  {
    method: "PUT",
    path: "/servers/{id}/metadata/{key}",
    body: schema.SET_METADATA_ITEM,
    response: META_ITEM_RESPONSE,
    handler: h.metadataUpdate,
  },
  {
    method: "DELETE",
    path: "/servers/{id}/metadata/{key}",
    response: NO_BODY_RESPONSE,
    handler: h.metadataDelete,
  },
  {
    method: "GET",
    path: "/servers/{id}/os-security-groups",
    query: schema.NO_PARAMS_QUERY,
    response: LIST_SECURITY_GROUPS_RESPONSE,
    handler: serverSecurityGroups,
  },
  ...SERVER_ACTION_ROUTES,
  ...DEFERRED_DELETE_ROUTES,
  ...RESCUE_ROUTES,
  ...SHELVE_ROUTES,
  ...CONSOLE_OUTPUT_ROUTES,
  ...REMOTE_CONSOLE_ROUTES,
  ...DIAGNOSTICS_ROUTES,
  ...RESIZE_ROUTES,
  ...ADMIN_ACTION_ROUTES,
  ...ADMIN_PASSWORD_ROUTES,
  ...SECURITY_GROUP_ACTION_ROUTES,
  ...MULTINIC_ROUTES,
  ...FLOATING_IP_ACTION_ROUTES,
  ...LIVE_MIGRATE_ROUTES,
  ...EVACUATE_ROUTES,
  ...REBUILD_ROUTES,
  ...CREATE_IMAGE_ROUTES,
];
