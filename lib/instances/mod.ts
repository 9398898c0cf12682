/**
 * The instance domain: create, read (applying due steps of the simulated hypervisor), list, update
 * and delete servers, each change one atomic operation with its quota, host and port claims.
 *
 * @module
 */
export type * from "./types.ts";
export { createServers, reservationId } from "./create.ts";
export type { CreateServers, NetworkRequest, RequestContext } from "./create.ts";
export { instanceDeps } from "./deps.ts";
export type { InstanceDeps, PortAllocator, PortRequest } from "./deps.ts";
export {
  InstanceInvalidState,
  InstanceIsLocked,
  InstanceNotFound,
  MarkerNotFound,
} from "./errors.ts";
export { sanitizeHostname } from "./hostname.ts";
export { getServer, getServerOrDeleted, listServers } from "./read.ts";
export { checkSortParams, effectiveOrder, InvalidSortInput } from "./order.ts";
export type { SortDir, SortTerm } from "./order.ts";
export type { ListQuery } from "./read.ts";
export { getShownServer, type ShownServer } from "./show_read.ts";
export { deleteServer, updateServer } from "./write.ts";
export { forceDeleteServer, restoreServer } from "./deferred_delete.ts";
export {
  type RescueOptions,
  rescueServer,
  unrescueServer,
  UnsupportedRescueImage,
} from "./rescue.ts";
export {
  shelveOffloadServer,
  shelveServer,
  UnshelveHostNotInAZ,
  UnshelveInstanceInvalidState,
  unshelveServer,
  type UnshelveTarget,
  UnshelveZoneNotAvailable,
} from "./shelve.ts";
export {
  CannotMigrateToSameHost,
  CannotResizeDisk,
  CannotResizeToSameFlavor,
  confirmResize,
  InstanceNotResized,
  migrateServer,
  type ResizeFlavor,
  type ResizeRequest,
  resizeServer,
  revertResize,
} from "./resize.ts";
export type { ServerChanges } from "./write.ts";
export {
  checkMetadataQuota,
  deleteServerMetadataItem,
  MetadataLimitExceeded,
  setServerMetadata,
} from "./metadata.ts";
export type { MetadataActor } from "./metadata.ts";
export { clearServerPassword, serverPassword } from "./password.ts";
export {
  InstanceNotLaunched,
  InstanceNotReady,
  isExpectedLockedBy,
  lockServer,
  pauseServer,
  rebootServer,
  resumeServer,
  startServer,
  stopServer,
  suspendServer,
  triggerCrashDump,
  unlockServer,
  unpauseServer,
} from "./actions.ts";
export type { ActionActor } from "./actions.ts";
export {
  addServerTag,
  assertTaggable,
  clearServerTags,
  InstanceTagNotFound,
  MAX_TAG_COUNT,
  removeServerTag,
  setServerTags,
  TooManyTags,
} from "./tags.ts";
export {
  ActionMarkerNotFound,
  getInstanceAction,
  listInstanceActions,
  newRequestId,
} from "./instance_actions.ts";
export type {
  ActionListQuery,
  ActionRequester,
  InstanceAction,
  InstanceActionEvent,
} from "./instance_actions.ts";
export {
  advanceClock,
  armFault,
  disarmFault,
  emulatedSteps,
  EmulatorFaultNotFound,
  getEmulatorDelays,
  getServerEmulatorDelays,
  listFaults,
  setEmulatorDelays,
  setServerEmulatorDelays,
} from "./emulator.ts";
export type { Delays, EmulatorFault, EmulatorSettings, FaultRequest } from "./emulator.ts";
export {
  accessUrl,
  authorizeConsole,
  CONSOLE_METHOD,
  ConsoleNotImplemented,
  consoleOutput,
  type ConsoleProtocol,
  type ConsoleSettings,
  consoleSettings,
  type ConsoleTokenRecord,
  ConsoleTypeInvalid,
  ConsoleTypeUnavailable,
  tokenHash,
  validateConsoleToken,
} from "./consoles.ts";
export {
  instanceDiagnostics,
  POWER_STATE_NAMES,
  serverDiagnostics,
  type StandardDiagnostics,
} from "./diagnostics.ts";
export {
  changeServerPassword,
  injectNetworkInfo,
  InstancePasswordSetFailed,
  resetServerState,
  type ResetState,
} from "./admin.ts";
export {
  addSecurityGroup,
  removeSecurityGroup,
  SecurityGroupCannotBeApplied,
  SecurityGroupNotFound,
} from "./security_groups.ts";
export { addFixedIp, removeFixedIp } from "./multinic.ts";
export { type LiveMigrateRequest, liveMigrateServer } from "./live_migrate.ts";
export { type EvacuateRequest, evacuateServer } from "./evacuate.ts";
export {
  ComputeHostNotFound,
  ComputeServiceInUse,
  ComputeServiceUnavailable,
  EvacuateHostNotFound,
  EvacuateToSameHost,
  MigrationPreCheckError,
  NoValidHost,
  UnableToMigrateToSelf,
} from "./move_errors.ts";
export {
  AutoDiskConfigDisabledByImage,
  bootVolumeImage,
  CertificateValidationFailed,
  checkInjectedFiles,
  ImageNotActive,
  ImageUnacceptable,
  InvalidArchitectureName,
  OnsetFileLimitExceeded,
  RebuildImageNotFound,
  type RebuildKeypair,
  RebuildKeypairNotFound,
  type RebuildRequest,
  rebuildServer,
} from "./rebuild.ts";
export {
  BackupOfVolumeBacked,
  backupServer,
  isVolumeBacked,
  type SnapshotRequest,
  type SnapshotResult,
  snapshotServer,
} from "./snapshot.ts";
export { rotateBackups } from "./backup_rotation.ts";
export {
  abortLiveMigration,
  forceCompleteLiveMigration,
  getInstanceMigration,
  InvalidMigrationState,
  listLiveMigrationsInProgress,
  listMigrationPage,
  LIVE_IN_PROGRESS,
  MigrationMarkerNotFound,
  MigrationNotFoundForInstance,
} from "./migrations.ts";
export type { MigrationFilter, MigrationPage, MigrationRecord } from "./migrations.ts";
export {
  createServerGroup,
  deleteServerGroup,
  getServerGroup,
  InstanceGroupNotFound,
  listServerGroups,
  type NewServerGroup,
  type ServerGroupActor,
  type ServerGroupPolicy,
  type ServerGroupRecord,
  serverGroupsOf,
} from "./server_groups.ts";
export {
  deliverExternalEvents,
  EXTERNAL_EVENT_NAMES,
  EXTERNAL_EVENT_STATUSES,
  type ExternalEvent,
  type ExternalEventCode,
} from "./external_events.ts";
export {
  type Attached,
  type AttachmentChanges,
  type AttachRequest as VolumeAttachRequest,
  attachVolume,
  detachVolume,
  swapVolume,
  updateVolumeAttachment,
} from "./volume_attachments.ts";
export { mappingSlots, type VolumeBdm, volumeBdms } from "./volume_bdms.ts";
export {
  createAssistedSnapshot,
  deleteAssistedSnapshot,
  type SnapshotCreateInfo,
} from "./assisted_snapshots.ts";
export {
  AttachFixedIpInUse,
  attachInterface,
  AttachNetworkAmbiguous,
  type AttachNetworks,
  type AttachRequest as InterfaceAttachRequest,
  detachInterface,
  InterfaceAttachFailedNoNetwork,
  PortInUse,
  PortNotAttached,
  PortNotUsable,
} from "./interfaces.ts";
export { type NumaCell, type NumaTopology, numaTopology } from "./topology.ts";
export {
  attachShare,
  detachShare,
  serverShare,
  serverShares,
  ShareNotFound,
  SharesNotConfiguredCorrectly,
} from "./shares.ts";
export { deletePortEverywhere } from "./port_delete.ts";
export { quickStartSeed, resetCloud, ResetConflict } from "./emulator_reset.ts";
export type { SeedOptions } from "./emulator_reset.ts";
