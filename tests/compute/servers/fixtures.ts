/**
 * Server test data: {@link Instance} records in the states the views render, and view options.
 *
 * @module
 */
import type { Instance } from "../../../lib/instances/types.ts";
import type { LinkBases } from "../../../lib/compute/route.ts";
import type { ServerViewOptions } from "../../../lib/compute/servers/views.ts";

/** The network every test port is on. */
export const NETWORK_ID = "3cb9bc59-5699-4588-a4b1-b87f96708bc6";
/** The project of the test servers. */
export const PROJECT_ID = "6f70656e737461636b20342065766572";
/** The image of the test servers. */
export const IMAGE_ID = "70a599e0-31e7-49b7-b260-868f441e862b";

/** Link bases with a project id in the URL, as Nova's samples have them. */
export const LINKS: LinkBases = {
  self: `http://openstack.example.com/v2.1/${PROJECT_ID}`,
  bookmark: `http://openstack.example.com/${PROJECT_ID}`,
};

/** An ACTIVE server on `compute-1` with one port on `private`; `overrides` replace fields. */
export function activeInstance(overrides: Partial<Instance> = {}): Instance {
  const uuid = overrides.uuid ?? "0e44cc9c-e052-415d-afbf-469b0d384170";
  return {
    uuid,
    name: "new-server-test",
    project_id: PROJECT_ID,
    user_id: "fake",
    description: null,
    hostname: "new-server-test",
    vm_state: "active",
    task_state: null,
    power_state: 1,
    host: "compute-1",
    node: "compute-1",
    availability_zone: "nova",
    pinned_availability_zone: null,
    flavor: {
      flavorid: "1",
      name: "m1.tiny",
      memory_mb: 512,
      vcpus: 1,
      root_gb: 1,
      ephemeral_gb: 0,
      swap: 0,
      rxtx_factor: 1,
      extra_specs: {},
      description: null,
    },
    image_ref: IMAGE_ID,
    key_name: null,
    key_data: null,
    user_data: null,
    metadata: { "My Server Name": "Apache1" },
    tags: [],
    security_groups: ["default"],
    ports: [{
      id: "ce531f90-199f-48c0-816c-13e38010b442",
      network_id: NETWORK_ID,
      mac_address: "fa:16:3e:4c:2c:30",
      fixed_ips: [{ subnet_id: "5f3a5a5e-0b5e-4b6e-9c55-6e1b2b9e7c11", ip_address: "10.0.0.3" }],
      device_id: uuid,
      device_owner: "compute:nova",
      project_id: PROJECT_ID,
      tag: null,
      created_at: "2013-09-03T04:01:32.000Z",
    }],
    requested_networks: "auto",
    block_device_mapping: [],
    config_drive: false,
    access_ip_v4: "1.2.3.4",
    access_ip_v6: "80fe::",
    locked: false,
    locked_by: null,
    locked_reason: null,
    reservation_id: "r-3fhpjulh",
    launch_index: 0,
    scheduler_hints: {},
    trusted_image_certificates: null,
    fault: null,
    progress: 0,
    created_at: "2013-09-03T04:01:32.000Z",
    updated_at: "2013-09-03T04:01:33.000Z",
    launched_at: "2013-09-23T13:37:00.880302Z",
    terminated_at: null,
    deleted_at: null,
    pending: [],
    quota_counted: true,
    ...overrides,
  };
}

/** View options of an admin (every policy passes), as Nova's samples were made. */
export function adminOptions(overrides: Partial<ServerViewOptions> = {}): ServerViewOptions {
  return {
    extendedAttributes: true,
    hostStatus: "all",
    flavorExtraSpecs: true,
    isAdmin: true,
    networkName: (id) => (id === NETWORK_ID ? "private" : id),
    serverGroups: [],
    ...overrides,
  };
}

/** View options of a project member under Nova's default policies. */
export function memberOptions(overrides: Partial<ServerViewOptions> = {}): ServerViewOptions {
  return adminOptions({
    extendedAttributes: false,
    hostStatus: "none",
    flavorExtraSpecs: true,
    isAdmin: false,
    ...overrides,
  });
}
