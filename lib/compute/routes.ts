/**
 * The compute API's route table: every resource's rows, in one list. Order matters where a literal
 * path and a template overlap (`/flavors/detail` before `/flavors/{id}`): each resource lists its
 * literal rows first. The resources few deployments call (the operator APIs, the proxies to
 * Glance, Neutron and Cinder, keypairs, limits, quotas) are families: the table names their
 * first path segments, and their rows take their place in it when a request first reaches one
 * (route.ts's `RouteFamily`). A process that never serves them never loads their modules (some
 * 4 MiB resident in a compute process).
 *
 * @module
 */
import type { Route, RouteEntry, RouteFamily } from "./route.ts";
import { FLAVOR_ROUTES } from "./flavors/routes.ts";
import { SERVER_ROUTES } from "./servers/routes.ts";
import { SERVER_PASSWORD_ROUTES } from "./servers/password.ts";
import { SERVER_TAG_ROUTES } from "./servers/tags.ts";
import { VERSION_ROUTES } from "./versions.ts";
import { INSTANCE_ACTION_ROUTES } from "./instance_actions/routes.ts";
import { REMOVED_ROUTES } from "./removed/routes.ts";
import { CAPPED_ROUTES } from "./capped/routes.ts";
import { SERVER_MIGRATION_ROUTES } from "./server_migrations/routes.ts";
import { VOLUME_ATTACHMENT_ROUTES } from "./volume_attachments/routes.ts";
import { ATTACH_INTERFACE_ROUTES } from "./attach_interfaces/routes.ts";
import { SERVER_TOPOLOGY_ROUTES } from "./server_topology/routes.ts";
import { SERVER_SHARE_ROUTES } from "./server_shares/routes.ts";

/** A family loaded on first use (see {@link RouteFamily}). */
function family(segments: string[], load: () => Promise<readonly Route[]>): RouteFamily {
  return { segments, load };
}

/**
 * Every route the compute API serves. The servers' rows, the flavors' and the versions' are
 * loaded with the table; the other resources' when a request first reaches their path.
 */
export const COMPUTE_ROUTES: readonly RouteEntry[] = [
  ...VERSION_ROUTES,
  ...FLAVOR_ROUTES,
  family(["os-keypairs"], async () => (await import("./keypairs/controller.ts")).KEYPAIR_ROUTES),
  family(["limits"], async () => (await import("./limits/controller.ts")).LIMIT_ROUTES),
  family(
    ["os-quota-sets"],
    async () => (await import("./quota_sets/controller.ts")).QUOTA_SET_ROUTES,
  ),
  family(
    ["os-quota-class-sets"],
    async () => (await import("./quota_classes/controller.ts")).QUOTA_CLASS_ROUTES,
  ),
  family(["images"], async () => (await import("./images/routes.ts")).IMAGE_ROUTES),
  ...SERVER_ROUTES,
  ...SERVER_PASSWORD_ROUTES,
  ...SERVER_TAG_ROUTES,
  ...INSTANCE_ACTION_ROUTES,
  family(["os-emulator"], async () => (await import("./emulator/routes.ts")).EMULATOR_ROUTES),
  family(
    ["os-console-auth-tokens"],
    async () => (await import("./console_auth_tokens/routes.ts")).CONSOLE_AUTH_TOKEN_ROUTES,
  ),
  family(["extensions"], async () => (await import("./extensions/routes.ts")).EXTENSION_ROUTES),
  family(
    ["os-availability-zone"],
    async () => (await import("./availability_zones/routes.ts")).AVAILABILITY_ZONE_ROUTES,
  ),
  family(
    ["os-baremetal-nodes"],
    async () => (await import("./baremetal_nodes/routes.ts")).BAREMETAL_NODE_ROUTES,
  ),
  family(
    ["os-volumes_boot"],
    async () => (await import("./volumes_boot/routes.ts")).VOLUMES_BOOT_ROUTES,
  ),
  family(
    ["os-networks", "os-tenant-networks", "os-floating-ip-pools"],
    async () => (await import("./network_proxy/routes.ts")).NETWORK_PROXY_ROUTES,
  ),
  family(["os-migrations"], async () => (await import("./migrations/routes.ts")).MIGRATION_ROUTES),
  ...SERVER_MIGRATION_ROUTES,
  family(["os-aggregates"], async () => (await import("./aggregates/routes.ts")).AGGREGATE_ROUTES),
  family(
    ["os-server-groups"],
    async () => (await import("./server_groups/routes.ts")).SERVER_GROUP_ROUTES,
  ),
  family(["os-services"], async () => (await import("./services/routes.ts")).SERVICE_ROUTES),
  family(
    ["os-hypervisors"],
    async () => (await import("./hypervisors/routes.ts")).HYPERVISOR_ROUTES,
  ),
  family(
    ["os-security-groups", "os-security-group-rules"],
    async () => (await import("./security_group_proxy/routes.ts")).SECURITY_GROUP_PROXY_ROUTES,
  ),
  family(["os-hosts"], async () => (await import("./hosts/routes.ts")).HOST_ROUTES),
  family(
    ["os-server-external-events"],
    async () => (await import("./server_external_events/routes.ts")).SERVER_EXTERNAL_EVENT_ROUTES,
  ),
  family(
    ["os-simple-tenant-usage"],
    async () => (await import("./simple_tenant_usage/routes.ts")).SIMPLE_TENANT_USAGE_ROUTES,
  ),
  family(
    ["os-instance_usage_audit_log"],
    async () =>
      (await import("./instance_usage_audit_log/routes.ts")).INSTANCE_USAGE_AUDIT_LOG_ROUTES,
  ),
  ...VOLUME_ATTACHMENT_ROUTES,
  family(
    ["os-assisted-volume-snapshots"],
    async () =>
      (await import("./assisted_volume_snapshots/routes.ts")).ASSISTED_VOLUME_SNAPSHOT_ROUTES,
  ),
  family(
    ["os-floating-ips"],
    async () => (await import("./floating_ip_proxy/routes.ts")).FLOATING_IP_PROXY_ROUTES,
  ),
  family(
    ["images"],
    async () => (await import("./image_metadata/routes.ts")).IMAGE_METADATA_ROUTES,
  ),
  family(
    ["os-volumes", "os-snapshots"],
    async () => (await import("./volumes/routes.ts")).VOLUME_PROXY_ROUTES,
  ),
  ...ATTACH_INTERFACE_ROUTES,
  ...SERVER_TOPOLOGY_ROUTES,
  ...SERVER_SHARE_ROUTES,
  // Removed and capped rows last: implemented rows of the same path come first.
  ...REMOVED_ROUTES,
  ...CAPPED_ROUTES,
];
