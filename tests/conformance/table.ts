/**
 * The conformance table: which of Nova's samples are replayed, with the request, the state they
 * need and the microversion folders they run in (every folder holding the sample unless `dirs`).
 *
 * @module
 */
import type { Row } from "./runner.ts";
import {
  action,
  aggregate,
  aggregateHost,
  attached,
  extraSpecs,
  group,
  hostDown,
  hosts,
  keypair,
  keypair2,
  lastMigration,
  liveMigrating,
  migrated,
  names,
  newKey,
  port,
  rescued,
  server,
  server2,
  stopped,
  tagged,
  unrescued,
  volume,
} from "./setup.ts";
import { CIRROS_IMAGE_ID } from "../../lib/images/catalog.ts";
import { PRIVATE_NETWORK_ID } from "../../lib/networks/catalog.ts";

/** Nova's sample image id, replaced by ours in requests. */
const SAMPLE_IMAGE = "70a599e0-31e7-49b7-b260-868f441e862b";

// deno-lint-ignore no-explicit-any
type Body = any;

/** A server create or rebuild sample, pointed at our image, flavor, zone and network. */
function ourServer(body: Body, vars: Record<string, string>): void {
  const s = body.server ?? body.rebuild;
  // Personality files went away at 2.57; some later samples still show them.
  if (Number(vars.version.split(".")[1]) >= 57) delete s.personality;
  if (s.imageRef === SAMPLE_IMAGE) s.imageRef = CIRROS_IMAGE_ID;
  if (s.flavorRef !== undefined) s.flavorRef = "1";
  if (s.availability_zone !== undefined) s.availability_zone = "nova";
  // Some later .json samples leave out `networks`, required from 2.37.
  if (body.server && s.networks !== "none") {
    s.networks = [{ uuid: PRIVATE_NETWORK_ID }];
  }
  for (const bdm of s.block_device_mapping_v2 ?? []) {
    if (bdm.uuid === SAMPLE_IMAGE) bdm.uuid = CIRROS_IMAGE_ID;
  }
  delete body["OS-SCH-HNT:scheduler_hints"];
}

const SERVER = "{server}";
/** Image properties (2.98) are the image's own: any keys, string values. */
const IMAGE_FREE = { freeMaps: ["extra_specs", "properties"] };
const DOWN_CELL = "sample shows a server of a down cell (2.69); this port has no cells";
/** Server views: Nova's samples show the admin view up to 2.89 and a member's from 2.90. */
const SERVER_VIEWS: Row[] = [
  {
    family: "servers",
    sample: "servers-list-resp.json",
    path: "/servers",
    setup: [server, server2],
    paged: true,
  },
  {
    family: "servers",
    sample: "servers-details-resp.json",
    path: "/servers/detail",
    setup: [server, server2],
    paged: true,
  },
  {
    family: "servers",
    sample: "server-get-resp.json",
    path: `/servers/${SERVER}`,
    setup: [server],
  },
  {
    family: "servers",
    sample: "server-update-resp.json",
    method: "PUT",
    path: `/servers/${SERVER}`,
    request: "server-update-req.json",
    setup: [server],
  },
  {
    family: "servers",
    sample: "server-put-resp.json",
    method: "PUT",
    path: `/servers/${SERVER}`,
    request: "server-put-req.json",
    setup: [server],
  },
  {
    family: "servers",
    sample: "server-action-rebuild-resp.json",
    path: `/servers/${SERVER}/action`,
    request: "server-action-rebuild.json",
    patch: ourServer,
    status: 202,
    setup: [server, newKey],
  },
].map((r) => ({ ...r, method: r.method as Row["method"], shape: IMAGE_FREE })).flatMap((r) => [
  { ...r, below: "v2.90", known: { "v2.69": DOWN_CELL } },
  { ...r, from: "v2.90", as: "member" as const },
]);
const SERVERS: Row[] = [
  {
    family: "servers",
    sample: "server-create-resp.json",
    path: "/servers",
    request: "server-create-req.json",
    patch: ourServer,
    status: 202,
  },
  ...SERVER_VIEWS,
  {
    family: "servers",
    sample: "server-action-create-image-resp.json",
    path: `/servers/${SERVER}/action`,
    request: "server-action-create-image.json",
    status: 202,
    setup: [server],
  },
];

const ACTIONS = "/servers/{server}/os-instance-actions";
const INSTANCE_ACTIONS: Row[] = [
  { family: "os-instance-actions", sample: "instance-actions-list-resp.json", path: ACTIONS },
  {
    family: "os-instance-actions",
    sample: "instance-action-get-resp.json",
    path: `${ACTIONS}/{request}`,
    setup: [server, action],
  },
  {
    family: "os-instance-actions",
    sample: "instance-action-get-non-admin-resp.json",
    path: `${ACTIONS}/{request}`,
    as: "member" as const,
    setup: [server, action],
  },
  // Paging and time filters (2.58+, changes-before 2.66+): the server was created, then stopped.
  { sample: "instance-actions-list-with-limit-resp.json", path: `${ACTIONS}?limit=1` },
  { sample: "instance-actions-list-with-marker-resp.json", path: `${ACTIONS}?marker={request}` },
  {
    sample: "instance-actions-list-with-changes-since.json",
    path: `${ACTIONS}?changes-since=2000-01-01T00:00:00Z`,
  },
  {
    sample: "instance-actions-list-with-changes-before.json",
    path: `${ACTIONS}?changes-before=2099-01-01T00:00:00Z`,
  },
].map((r) => ({ family: "os-instance-actions", setup: [server, stopped, action], ...r }));

const QUOTAS = "/os-quota-sets/{project}";
const QUOTA_SETS: Row[] = [
  { sample: "quotas-show-get-resp.json", path: QUOTAS },
  { sample: "quotas-show-defaults-get-resp.json", path: `${QUOTAS}/defaults` },
  { sample: "quotas-show-detail-get-resp.json", path: `${QUOTAS}/detail` },
  { sample: "user-quotas-show-get-resp.json", path: `${QUOTAS}?user_id=fake` },
  {
    sample: "quotas-update-post-resp.json",
    method: "PUT" as const,
    path: QUOTAS,
    request: "quotas-update-post-req.json",
  },
  {
    sample: "quotas-update-force-post-resp.json",
    method: "PUT" as const,
    path: QUOTAS,
    request: "quotas-update-force-post-req.json",
  },
  {
    sample: "user-quotas-update-post-resp.json",
    method: "PUT" as const,
    path: `${QUOTAS}?user_id=fake`,
    request: "user-quotas-update-post-req.json",
  },
].map((r) => ({ family: "os-quota-sets", setup: [names], ...r }));

const HYP = "/os-hypervisors";
const HYPERVISORS: Row[] = [
  { sample: "hypervisors-list-resp.json", path: HYP, paged: true },
  { sample: "hypervisors-detail-resp.json", path: `${HYP}/detail`, paged: true },
  { sample: "hypervisors-show-resp.json", path: `${HYP}/{hypervisor}` },
  { sample: "hypervisors-statistics-resp.json", path: `${HYP}/statistics` },
  { sample: "hypervisors-uptime-resp.json", path: `${HYP}/{hypervisor}/uptime` },
  {
    sample: "hypervisors-search-resp.json",
    path: `${HYP}/{hostname}/search`,
    dirs: ["", "v2.28"],
  },
  {
    sample: "hypervisors-search-resp.json",
    path: `${HYP}?hypervisor_hostname_pattern={hostname}`,
    dirs: ["v2.53", "v2.88"],
  },
  {
    sample: "hypervisors-with-servers-resp.json",
    path: `${HYP}/{hostname}/servers`,
    dirs: ["", "v2.28"],
    setup: [server, hosts],
  },
  {
    sample: "hypervisors-with-servers-resp.json",
    path: `${HYP}?hypervisor_hostname_pattern={hostname}&with_servers=true`,
    dirs: ["v2.53", "v2.88"],
    setup: [server, hosts],
  },
  {
    sample: "hypervisors-without-servers-resp.json",
    path: `${HYP}/{hostname}/servers`,
    dirs: ["", "v2.28"],
  },
  {
    sample: "hypervisors-without-servers-resp.json",
    path: `${HYP}?hypervisor_hostname_pattern={hostname}&with_servers=true`,
    dirs: ["v2.53", "v2.88"],
  },
  {
    sample: "hypervisors-detail-with-servers-resp.json",
    path: `${HYP}/detail?with_servers=true`,
    setup: [server, server2, hosts],
  },
  {
    sample: "hypervisors-show-with-servers-resp.json",
    path: `${HYP}/{hypervisor}?with_servers=true`,
    setup: [server, hosts],
  },
].map((r) => ({ family: "os-hypervisors", setup: [hosts], ...r }));

const AGG = "/os-aggregates";
const AGGREGATES: Row[] = [
  { sample: "aggregate-post-resp.json", path: AGG, request: "aggregate-post-req.json", setup: [] },
  { sample: "aggregates-list-get-resp.json", path: AGG },
  { sample: "aggregates-get-resp.json", path: `${AGG}/{aggregate}` },
  {
    sample: "aggregate-update-post-resp.json",
    method: "PUT" as const,
    path: `${AGG}/{aggregate}`,
    request: "aggregate-update-post-req.json",
  },
  {
    sample: "aggregates-add-host-post-resp.json",
    path: `${AGG}/{aggregate}/action`,
    request: "aggregate-add-host-post-req.json",
    patch: (b: Body, v: Record<string, string>) => b.add_host.host = v.host,
  },
  {
    sample: "aggregates-remove-host-post-resp.json",
    path: `${AGG}/{aggregate}/action`,
    request: "aggregate-remove-host-post-req.json",
    patch: (b: Body, v: Record<string, string>) => b.remove_host.host = v.host,
    setup: [hosts, aggregate, aggregateHost],
  },
  {
    sample: "aggregates-metadata-post-resp.json",
    path: `${AGG}/{aggregate}/action`,
    request: "aggregate-metadata-post-req.json",
  },
].map((r) => ({ family: "os-aggregates", setup: [hosts, aggregate], ...r }));

const SERVICES: Row[] = [
  {
    sample: "services-list-get-resp.json",
    path: "/os-services",
    known: { "v2.69": "sample shows services of a down cell (2.69); this port has no cells" },
  },
  ...["disable", "disable-log", "enable", "force-down"].flatMap((what) => [
    {
      sample: `service-${what}-put-resp.json`,
      method: "PUT" as const,
      path: `/os-services/${what === "disable-log" ? "disable-log-reason" : what}`,
      request: `service-${what}-put-req.json`,
      patch: (b: Body, v: Record<string, string>) => b.host = v.host,
      dirs: ["", "v2.11"],
    },
    {
      sample: `service-${what}-put-resp.json`,
      method: "PUT" as const,
      path: "/os-services/{service}",
      request: `service-${what}-put-req.json`,
      dirs: ["v2.53"],
    },
  ]),
].map((r) => ({ family: "os-services", setup: [hosts], ...r }));

const VOL = "/servers/{server}/os-volume_attachments";
const VOLUME_ATTACHMENTS: Row[] = [
  {
    sample: "attach-volume-to-server-resp.json",
    path: VOL,
    request: "attach-volume-to-server-req.json",
    patch: (b: Body, v: Record<string, string>) => {
      b.volumeAttachment.volumeId = v.volume;
      delete b.volumeAttachment.device;
    },
    setup: [server, volume],
  },
  { sample: "list-volume-attachments-resp.json", path: VOL },
  { sample: "volume-attachment-detail-resp.json", path: `${VOL}/{volume}` },
].map((r) => ({ family: "os-volume_attachments", setup: [server, volume, attached], ...r }));

const IFACE = "/servers/{server}/os-interface";
const INTERFACES: Row[] = [
  {
    sample: "attach-interfaces-create-resp.json",
    path: IFACE,
    request: "attach-interfaces-create-net_id-req.json",
    patch: (b: Body) => {
      b.interfaceAttachment.net_id = PRIVATE_NETWORK_ID;
      delete b.interfaceAttachment.fixed_ips;
    },
    setup: [server],
  },
  { sample: "attach-interfaces-list-resp.json", path: IFACE, setup: [server] },
  { sample: "attach-interfaces-show-resp.json", path: `${IFACE}/{port}`, setup: [server, port] },
].map((r) => ({ family: "os-attach-interfaces", shape: { nullable: ["tag"] }, ...r }));

const PERIOD = "start=2012-10-08T21:04:44&end=2099-10-08T21:04:44";
const USAGE: Row[] = [
  { sample: "simple-tenant-usage-get.json", path: `/os-simple-tenant-usage?${PERIOD}` },
  {
    sample: "simple-tenant-usage-get-detail.json",
    path: `/os-simple-tenant-usage?${PERIOD}&detailed=1`,
  },
  {
    sample: "simple-tenant-usage-get-specific.json",
    path: `/os-simple-tenant-usage/{project}?${PERIOD}`,
  },
  {
    sample: "simple-tenant-usage-get-all.json",
    path: `/os-simple-tenant-usage?${PERIOD}&detailed=1`,
  },
].map((r) => ({ family: "os-simple-tenant-usage", setup: [server, names], paged: true, ...r }));

// The samples' arrays mix kinds (a running live migration has links, others not) and are compared
// element by element, newest first: each row builds its list in the sample's order.
const COLD = [server, migrated];
const COLD_THEN_LIVE = [server, migrated, server2, liveMigrating];
const LIVE_THEN_COLD = [server, server2, liveMigrating, migrated];
const MIGRATIONS: Row[] = [
  {
    sample: "migrations-get.json",
    path: "/os-migrations",
    setup: COLD,
    dirs: ["", "v2.59", "v2.66", "v2.80"],
  },
  { sample: "migrations-get.json", path: "/os-migrations", setup: COLD_THEN_LIVE, dirs: ["v2.23"] },
  {
    sample: "migrations-get-with-limit.json",
    path: "/os-migrations?limit=1",
    setup: LIVE_THEN_COLD,
  },
  {
    sample: "migrations-get-with-marker.json",
    path: "/os-migrations?marker={migration}",
    setup: [...LIVE_THEN_COLD, lastMigration],
  },
  {
    sample: "migrations-get-with-changes-since.json",
    path: "/os-migrations?changes-since=2000-01-01T00:00:00Z",
    setup: COLD,
  },
  {
    sample: "migrations-get-with-changes-before.json",
    path: "/os-migrations?changes-before=2099-01-01T00:00:00Z",
    setup: [server, server2, liveMigrating],
  },
  {
    sample: "migrations-get-with-user-or-project-id.json",
    path: "/os-migrations?user_id={migration_user}&project_id={migration_project}",
    setup: [...LIVE_THEN_COLD, lastMigration],
  },
].map((r) => ({ family: "os-migrations", ...r }));

const ACTION = "/servers/{server}/action";
/** Server sub-resources and the actions that answer with a body. */
const SERVER_EXTRAS: Row[] = [
  {
    family: "os-rescue",
    sample: "server-rescue.json",
    path: ACTION,
    request: "server-rescue-req.json",
  },
  {
    family: "os-rescue",
    sample: "server-get-resp-rescue.json",
    path: "/servers/{server}",
    as: "member" as const,
    setup: [server, rescued],
  },
  {
    family: "os-rescue",
    sample: "server-get-resp-unrescue.json",
    path: "/servers/{server}",
    as: "member" as const,
    setup: [server, unrescued],
  },
  {
    family: "os-create-backup",
    sample: "create-backup-resp.json",
    path: ACTION,
    request: "create-backup-req.json",
    status: 202,
  },
  {
    family: "os-evacuate",
    sample: "server-evacuate-resp.json",
    path: ACTION,
    request: "server-evacuate-req.json",
    patch: (b: Body) => delete b.evacuate.host,
    setup: [server, hostDown],
  },
  {
    family: "os-evacuate",
    sample: "server-evacuate-find-host-resp.json",
    path: ACTION,
    request: "server-evacuate-find-host-req.json",
    setup: [server, hostDown],
  },
  {
    family: "os-remote-consoles",
    sample: "get-vnc-console-post-resp.json",
    path: ACTION,
    request: "get-vnc-console-post-req.json",
  },
  {
    family: "os-remote-consoles",
    sample: "create-vnc-console-resp.json",
    path: "/servers/{server}/remote-consoles",
    request: "create-vnc-console-req.json",
  },
  { family: "server-ips", sample: "server-ips-resp.json", path: "/servers/{server}/ips" },
  {
    family: "server-ips",
    sample: "server-ips-network-resp.json",
    path: "/servers/{server}/ips/private",
  },
  {
    family: "server-metadata",
    sample: "server-metadata-all-resp.json",
    method: "PUT",
    path: "/servers/{server}/metadata",
    request: "server-metadata-all-req.json",
  },
  {
    family: "server-metadata",
    sample: "server-metadata-resp.json",
    method: "PUT",
    path: "/servers/{server}/metadata/foo",
    request: "server-metadata-req.json",
  },
  {
    family: "os-server-tags",
    sample: "server-tags-index-resp.json",
    path: "/servers/{server}/tags",
    setup: [server, tagged],
  },
  {
    family: "os-server-tags",
    sample: "server-tags-put-all-resp.json",
    method: "PUT",
    path: "/servers/{server}/tags",
    request: "server-tags-put-all-req.json",
  },
  {
    family: "os-server-tags",
    sample: "server-tags-show-details-resp.json",
    path: "/servers/{server}",
    as: "member" as const,
    setup: [server, tagged],
  },
  {
    family: "os-server-tags",
    sample: "servers-tags-details-resp.json",
    path: "/servers/detail",
    as: "member" as const,
    setup: [server, tagged],
  },
  {
    family: "os-server-password",
    sample: "get-password-resp.json",
    path: "/servers/{server}/os-server-password",
  },
  {
    family: "os-server-diagnostics",
    sample: "server-diagnostics-get-resp.json",
    path: "/servers/{server}/diagnostics",
    known: {
      "":
        "driver-defined keys before 2.48: Nova's fake driver has vnet1_*, ours libvirt's tap…_*, memory-actual, memory-rss",
      "v2.48":
        "utilisation, rx_rate and tx_rate are null here (as libvirt gives), numbers in the sample",
    },
  },
].map((r) => ({ setup: [server], shape: IMAGE_FREE, ...r, method: r.method as Row["method"] }));

/** Every replayed sample. */
export const ROWS: readonly Row[] = [
  { family: "versions", sample: "versions-get-resp.json", path: "/", root: true },
  { family: "versions", sample: "v21-version-get-resp.json", path: "/v2.1/", root: true },
  { family: "versions", sample: "v2-version-get-resp.json", path: "/v2/", root: true },
  {
    family: "servers",
    sample: "servers-list-status-resp.json",
    path: "/servers?status=ACTIVE",
    setup: [server, server2],
    paged: true,
  },
  {
    family: "servers",
    sample: "server-groups-post-resp.json",
    path: "/os-server-groups",
    request: "server-groups-post-req.json",
  },
  { family: "flavors", sample: "flavors-list-resp.json", path: "/flavors" },
  { family: "flavors", sample: "flavors-detail-resp.json", path: "/flavors/detail" },
  { family: "flavors", sample: "flavor-get-resp.json", path: "/flavors/1" },
  {
    family: "flavor-extra-specs",
    sample: "flavor-extra-specs-create-resp.json",
    path: "/flavors/1/os-extra_specs",
    request: "flavor-extra-specs-create-req.json",
  },
  {
    family: "flavor-extra-specs",
    sample: "flavor-extra-specs-list-resp.json",
    path: "/flavors/1/os-extra_specs",
    setup: [extraSpecs],
    equal: ["extra_specs"],
  },
  {
    family: "flavor-extra-specs",
    sample: "flavor-extra-specs-get-resp.json",
    path: "/flavors/1/os-extra_specs/hw:numa_nodes",
    setup: [extraSpecs],
    equal: ["hw:numa_nodes"],
  },
  {
    family: "flavor-extra-specs",
    sample: "flavor-extra-specs-update-resp.json",
    method: "PUT",
    path: "/flavors/1/os-extra_specs/hw:numa_nodes",
    request: "flavor-extra-specs-update-req.json",
    setup: [extraSpecs],
  },
  ...[
    {
      family: "os-keypairs",
      sample: "keypairs-post-resp.json",
      path: "/os-keypairs",
      request: "keypairs-post-req.json",
    },
    {
      family: "os-keypairs",
      sample: "keypairs-import-post-resp.json",
      path: "/os-keypairs",
      request: "keypairs-import-post-req.json",
      equal: ["keypair.fingerprint", "keypair.public_key"],
    },
    // Creating a keypair answers 201 from 2.2.
  ].flatMap((r) => [{ ...r, below: "v2.2" }, { ...r, from: "v2.2", status: 201 }]),
  {
    family: "os-keypairs",
    sample: "keypairs-list-resp.json",
    path: "/os-keypairs",
    setup: [keypair, keypair2],
    paged: true,
  },
  {
    family: "os-keypairs",
    sample: "keypairs-get-resp.json",
    path: "/os-keypairs/{keypair}",
    setup: [keypair],
  },
  { family: "limits", sample: "limit-get-resp.json", path: "/limits" },
  ...QUOTA_SETS,
  ...SERVERS,
  ...INSTANCE_ACTIONS,
  {
    family: "os-availability-zone",
    sample: "availability-zone-list-resp.json",
    path: "/os-availability-zone",
  },
  {
    family: "os-availability-zone",
    sample: "availability-zone-detail-resp.json",
    path: "/os-availability-zone/detail",
    keyedBy: ["hosts"],
  },
  ...SERVICES,
  ...HYPERVISORS,
  ...AGGREGATES,
  {
    family: "os-server-groups",
    sample: "server-groups-post-resp.json",
    path: "/os-server-groups",
    request: "server-groups-post-req.json",
  },
  {
    family: "os-server-groups",
    sample: "server-groups-list-resp.json",
    path: "/os-server-groups",
    setup: [group],
  },
  {
    family: "os-server-groups",
    sample: "server-groups-get-resp.json",
    path: "/os-server-groups/{group}",
    setup: [group],
  },
  ...MIGRATIONS,
  ...VOLUME_ATTACHMENTS,
  ...INTERFACES,
  ...SERVER_EXTRAS,
  ...USAGE,
  {
    family: "os-server-external-events",
    sample: "event-create-resp.json",
    path: "/os-server-external-events",
    request: "event-create-req.json",
    patch: (b: Body, v) => {
      b.events[0].server_uuid = v.server;
      // The .json sample's "test-event" is not an event name Nova accepts.
      b.events[0].name = "network-changed";
    },
    setup: [server],
  },
  {
    family: "os-console-output",
    sample: "console-output-post-resp.json",
    path: "/servers/{server}/action",
    request: "console-output-post-req.json",
    setup: [server],
  },
];
