/**
 * The compute API's route table: every resource's rows, in one list. Order matters where a literal
 * path and a template overlap (`/flavors/detail` before `/flavors/{id}`): each resource lists its
 * literal rows first.
 *
 * @module
 */
import type { Route } from "./route.ts";
import { FLAVOR_ROUTES } from "./flavors/routes.ts";
import { KEYPAIR_ROUTES } from "./keypairs/controller.ts";
import { LIMIT_ROUTES } from "./limits/controller.ts";
import { QUOTA_SET_ROUTES } from "./quota_sets/controller.ts";
import { QUOTA_CLASS_ROUTES } from "./quota_classes/controller.ts";
import { SERVER_ROUTES } from "./servers/routes.ts";
import { SERVER_PASSWORD_ROUTES } from "./servers/password.ts";
import { SERVER_TAG_ROUTES } from "./servers/tags.ts";
import { VERSION_ROUTES } from "./versions.ts";
import { IMAGE_ROUTES } from "./images/routes.ts";
import { INSTANCE_ACTION_ROUTES } from "./instance_actions/routes.ts";
import { EMULATOR_ROUTES } from "./emulator/routes.ts";
import { CONSOLE_AUTH_TOKEN_ROUTES } from "./console_auth_tokens/routes.ts";
import { EXTENSION_ROUTES } from "./extensions/routes.ts";
import { AVAILABILITY_ZONE_ROUTES } from "./availability_zones/routes.ts";
import { BAREMETAL_NODE_ROUTES } from "./baremetal_nodes/routes.ts";
import { REMOVED_ROUTES } from "./removed/routes.ts";
import { VOLUMES_BOOT_ROUTES } from "./volumes_boot/routes.ts";
import { NETWORK_PROXY_ROUTES } from "./network_proxy/routes.ts";
import { CAPPED_ROUTES } from "./capped/routes.ts";
import { MIGRATION_ROUTES } from "./migrations/routes.ts";
import { SERVER_MIGRATION_ROUTES } from "./server_migrations/routes.ts";
import { AGGREGATE_ROUTES } from "./aggregates/routes.ts";
import { SERVER_GROUP_ROUTES } from "./server_groups/routes.ts";
import { SERVICE_ROUTES } from "./services/routes.ts";
import { HYPERVISOR_ROUTES } from "./hypervisors/routes.ts";
import { SECURITY_GROUP_PROXY_ROUTES } from "./security_group_proxy/routes.ts";
import { HOST_ROUTES } from "./hosts/routes.ts";
import { SERVER_EXTERNAL_EVENT_ROUTES } from "./server_external_events/routes.ts";
import { SIMPLE_TENANT_USAGE_ROUTES } from "./simple_tenant_usage/routes.ts";
import { INSTANCE_USAGE_AUDIT_LOG_ROUTES } from "./instance_usage_audit_log/routes.ts";
import { VOLUME_ATTACHMENT_ROUTES } from "./volume_attachments/routes.ts";
import { ASSISTED_VOLUME_SNAPSHOT_ROUTES } from "./assisted_volume_snapshots/routes.ts";
import { FLOATING_IP_PROXY_ROUTES } from "./floating_ip_proxy/routes.ts";
import { IMAGE_METADATA_ROUTES } from "./image_metadata/routes.ts";
import { VOLUME_PROXY_ROUTES } from "./volumes/routes.ts";
import { ATTACH_INTERFACE_ROUTES } from "./attach_interfaces/routes.ts";
import { SERVER_TOPOLOGY_ROUTES } from "./server_topology/routes.ts";
import { SERVER_SHARE_ROUTES } from "./server_shares/routes.ts";

/** Every route the compute API serves. */
export const COMPUTE_ROUTES: readonly Route[] = [
  ...VERSION_ROUTES,
  ...FLAVOR_ROUTES,
  ...KEYPAIR_ROUTES,
  ...LIMIT_ROUTES,
  ...QUOTA_SET_ROUTES,
  ...QUOTA_CLASS_ROUTES,
  ...IMAGE_ROUTES,
  ...SERVER_ROUTES,
  ...SERVER_PASSWORD_ROUTES,
  ...SERVER_TAG_ROUTES,
  ...INSTANCE_ACTION_ROUTES,
  ...EMULATOR_ROUTES,
  ...CONSOLE_AUTH_TOKEN_ROUTES,
  ...EXTENSION_ROUTES,
  ...AVAILABILITY_ZONE_ROUTES,
  ...BAREMETAL_NODE_ROUTES,
  ...VOLUMES_BOOT_ROUTES,
  ...NETWORK_PROXY_ROUTES,
  ...MIGRATION_ROUTES,
  ...SERVER_MIGRATION_ROUTES,
  ...AGGREGATE_ROUTES,
  ...SERVER_GROUP_ROUTES,
  ...SERVICE_ROUTES,
  ...HYPERVISOR_ROUTES,
  ...SECURITY_GROUP_PROXY_ROUTES,
  ...HOST_ROUTES,
  ...SERVER_EXTERNAL_EVENT_ROUTES,
  ...SIMPLE_TENANT_USAGE_ROUTES,
  ...INSTANCE_USAGE_AUDIT_LOG_ROUTES,
  ...VOLUME_ATTACHMENT_ROUTES,
  ...ASSISTED_VOLUME_SNAPSHOT_ROUTES,
  ...FLOATING_IP_PROXY_ROUTES,
  ...IMAGE_METADATA_ROUTES,
  ...VOLUME_PROXY_ROUTES,
  ...ATTACH_INTERFACE_ROUTES,
  ...SERVER_TOPOLOGY_ROUTES,
  ...SERVER_SHARE_ROUTES,
  // Removed and capped rows last: implemented rows of the same path come first.
  ...REMOVED_ROUTES,
  ...CAPPED_ROUTES,
];
