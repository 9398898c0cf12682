/**
 * Every default policy rule Nova registers, in Nova's registration order (base rules first, then
 * one module per API area, alphabetically).
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { baseRules } from "./base.ts";
import { adminActionsRules } from "./admin-actions.ts";
import { adminPasswordRules } from "./admin-password.ts";
import { aggregatesRules } from "./aggregates.ts";
import { assistedVolumeSnapshotsRules } from "./assisted-volume-snapshots.ts";
import { attachInterfacesRules } from "./attach-interfaces.ts";
import { availabilityZoneRules } from "./availability-zone.ts";
import { baremetalNodesRules } from "./baremetal-nodes.ts";
import { consoleAuthTokensRules } from "./console-auth-tokens.ts";
import { consoleOutputRules } from "./console-output.ts";
import { createBackupRules } from "./create-backup.ts";
import { deferredDeleteRules } from "./deferred-delete.ts";
import { emulatorRules } from "./emulator.ts";
import { evacuateRules } from "./evacuate.ts";
import { extendedServerAttributesRules } from "./extended-server-attributes.ts";
import { extensionsRules } from "./extensions.ts";
import { flavorAccessRules } from "./flavor-access.ts";
import { flavorExtraSpecsRules } from "./flavor-extra-specs.ts";
import { flavorManageRules } from "./flavor-manage.ts";
import { floatingIpPoolsRules } from "./floating-ip-pools.ts";
import { floatingIpsRules } from "./floating-ips.ts";
import { hostsRules } from "./hosts.ts";
import { hypervisorsRules } from "./hypervisors.ts";
import { instanceActionsRules } from "./instance-actions.ts";
import { instanceUsageAuditLogRules } from "./instance-usage-audit-log.ts";
import { ipsRules } from "./ips.ts";
import { keypairsRules } from "./keypairs.ts";
import { limitsRules } from "./limits.ts";
import { lockServerRules } from "./lock-server.ts";
import { migrateServerRules } from "./migrate-server.ts";
import { migrationsRules } from "./migrations.ts";
import { multinicRules } from "./multinic.ts";
import { networksRules } from "./networks.ts";
import { pauseServerRules } from "./pause-server.ts";
import { quotaClassSetsRules } from "./quota-class-sets.ts";
import { quotaSetsRules } from "./quota-sets.ts";
import { remoteConsolesRules } from "./remote-consoles.ts";
import { rescueRules } from "./rescue.ts";
import { securityGroupsRules } from "./security-groups.ts";
import { serverDiagnosticsRules } from "./server-diagnostics.ts";
import { serverExternalEventsRules } from "./server-external-events.ts";
import { serverGroupsRules } from "./server-groups.ts";
import { serverMetadataRules } from "./server-metadata.ts";
import { serverPasswordRules } from "./server-password.ts";
import { serverSharesRules } from "./server-shares.ts";
import { serverTagsRules } from "./server-tags.ts";
import { serverTopologyRules } from "./server-topology.ts";
import { serversRules } from "./servers.ts";
import { serversMigrationsRules } from "./servers-migrations.ts";
import { servicesRules } from "./services.ts";
import { shelveRules } from "./shelve.ts";
import { simpleTenantUsageRules } from "./simple-tenant-usage.ts";
import { suspendServerRules } from "./suspend-server.ts";
import { tenantNetworksRules } from "./tenant-networks.ts";
import { volumesRules } from "./volumes.ts";
import { volumesAttachmentsRules } from "./volumes-attachments.ts";

export { baseRules } from "./base.ts";
export { adminActionsRules } from "./admin-actions.ts";
export { adminPasswordRules } from "./admin-password.ts";
export { aggregatesRules } from "./aggregates.ts";
export { assistedVolumeSnapshotsRules } from "./assisted-volume-snapshots.ts";
export { attachInterfacesRules } from "./attach-interfaces.ts";
export { availabilityZoneRules } from "./availability-zone.ts";
export { baremetalNodesRules } from "./baremetal-nodes.ts";
export { consoleAuthTokensRules } from "./console-auth-tokens.ts";
export { consoleOutputRules } from "./console-output.ts";
export { createBackupRules } from "./create-backup.ts";
export { deferredDeleteRules } from "./deferred-delete.ts";
export { EMULATOR_RULE, emulatorRules } from "./emulator.ts";
export { evacuateRules } from "./evacuate.ts";
export { extendedServerAttributesRules } from "./extended-server-attributes.ts";
export { extensionsRules } from "./extensions.ts";
export { flavorAccessRules } from "./flavor-access.ts";
export { flavorExtraSpecsRules } from "./flavor-extra-specs.ts";
export { flavorManageRules } from "./flavor-manage.ts";
export { floatingIpPoolsRules } from "./floating-ip-pools.ts";
export { floatingIpsRules } from "./floating-ips.ts";
export { hostsRules } from "./hosts.ts";
export { hypervisorsRules } from "./hypervisors.ts";
export { instanceActionsRules } from "./instance-actions.ts";
export { instanceUsageAuditLogRules } from "./instance-usage-audit-log.ts";
export { ipsRules } from "./ips.ts";
export { keypairsRules } from "./keypairs.ts";
export { limitsRules } from "./limits.ts";
export { lockServerRules } from "./lock-server.ts";
export { migrateServerRules } from "./migrate-server.ts";
export { migrationsRules } from "./migrations.ts";
export { multinicRules } from "./multinic.ts";
export { networksRules } from "./networks.ts";
export { pauseServerRules } from "./pause-server.ts";
export { quotaClassSetsRules } from "./quota-class-sets.ts";
export { quotaSetsRules } from "./quota-sets.ts";
export { remoteConsolesRules } from "./remote-consoles.ts";
export { rescueRules } from "./rescue.ts";
export { securityGroupsRules } from "./security-groups.ts";
export { serverDiagnosticsRules } from "./server-diagnostics.ts";
export { serverExternalEventsRules } from "./server-external-events.ts";
export { serverGroupsRules } from "./server-groups.ts";
export { serverMetadataRules } from "./server-metadata.ts";
export { serverPasswordRules } from "./server-password.ts";
export { serverSharesRules } from "./server-shares.ts";
export { serverTagsRules } from "./server-tags.ts";
export { serverTopologyRules } from "./server-topology.ts";
export { serversRules } from "./servers.ts";
export { serversMigrationsRules } from "./servers-migrations.ts";
export { servicesRules } from "./services.ts";
export { shelveRules } from "./shelve.ts";
export { simpleTenantUsageRules } from "./simple-tenant-usage.ts";
export { suspendServerRules } from "./suspend-server.ts";
export { tenantNetworksRules } from "./tenant-networks.ts";
export { volumesRules } from "./volumes.ts";
export { volumesAttachmentsRules } from "./volumes-attachments.ts";
export {
  ADMIN,
  DEPRECATED_ADMIN_OR_OWNER_POLICY,
  DEPRECATED_ADMIN_POLICY,
  PROJECT_MANAGER_OR_ADMIN,
  PROJECT_MEMBER_OR_ADMIN,
  PROJECT_READER_OR_ADMIN,
  RULE_ADMIN_API,
  RULE_ADMIN_OR_OWNER,
  RULE_ANY,
  RULE_NOBODY,
  SERVICE_ROLE,
} from "./base.ts";

/** All of Nova's policy defaults, ready for an {@link Enforcer}. */
export const ALL_RULE_DEFAULTS: readonly RuleDefault[] = [
  ...baseRules,
  ...adminActionsRules,
  ...adminPasswordRules,
  ...aggregatesRules,
  ...assistedVolumeSnapshotsRules,
  ...attachInterfacesRules,
  ...availabilityZoneRules,
  ...baremetalNodesRules,
  ...consoleAuthTokensRules,
  ...consoleOutputRules,
  ...createBackupRules,
  ...deferredDeleteRules,
  ...evacuateRules,
  ...extendedServerAttributesRules,
  ...extensionsRules,
  ...flavorAccessRules,
  ...flavorExtraSpecsRules,
  ...flavorManageRules,
  ...floatingIpPoolsRules,
  ...floatingIpsRules,
  ...hostsRules,
  ...hypervisorsRules,
  ...instanceActionsRules,
  ...instanceUsageAuditLogRules,
  ...ipsRules,
  ...keypairsRules,
  ...limitsRules,
  ...lockServerRules,
  ...migrateServerRules,
  ...migrationsRules,
  ...multinicRules,
  ...networksRules,
  ...pauseServerRules,
  ...quotaClassSetsRules,
  ...quotaSetsRules,
  ...remoteConsolesRules,
  ...rescueRules,
  ...securityGroupsRules,
  ...serverDiagnosticsRules,
  ...serverExternalEventsRules,
  ...serverGroupsRules,
  ...serverMetadataRules,
  ...serverPasswordRules,
  ...serverSharesRules,
  ...serverTagsRules,
  ...serverTopologyRules,
  ...serversRules,
  ...serversMigrationsRules,
  ...servicesRules,
  ...shelveRules,
  ...simpleTenantUsageRules,
  ...suspendServerRules,
  ...tenantNetworksRules,
  ...volumesRules,
  ...volumesAttachmentsRules,
  // This port's own (no Nova has it).
  ...emulatorRules,
];
