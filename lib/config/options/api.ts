/**
 * `[api]` options (Nova's `nova/conf/api.py`, plus `auth_strategy` and `use_forwarded_for`, which
 * Nova has since removed but this port still reads).
 *
 * @module
 */

import type { OptionGroup } from "../option.ts";
import { boolean, integer, list, string } from "../types.ts";

/** `[api]` options. */
export const apiGroup: OptionGroup = {
  name: "api",
  options: [
    {
      name: "auth_strategy",
      type: string({ choices: ["keystone", "noauth2"] }),
      default: "keystone",
      deprecatedForRemoval: true,
      help: "How requests are authenticated: keystone tokens, or noauth2 for testing only.",
    },
    {
      name: "use_forwarded_for",
      type: boolean(),
      default: false,
      deprecatedNames: [{ group: "DEFAULT" }],
      deprecatedForRemoval: true,
      help: "Take the client address from X-Forwarded-For.",
    },
    {
      name: "config_drive_skip_versions",
      type: string(),
      default: "1.0 2007-01-19 2007-03-01 2007-08-29 2007-10-10 2007-12-15 2008-02-01 2008-09-01",
      help: "Space-separated EC2 metadata versions left out of config drives.",
    },
    {
      name: "vendordata_providers",
      type: list(string({ choices: ["StaticJSON", "DynamicJSON"] })),
      default: ["StaticJSON"],
      help: "Where vendor data comes from: a static JSON file and/or dynamic REST services.",
    },
    {
      name: "vendordata_dynamic_targets",
      type: list(),
      default: [],
      help: "Dynamic vendor data services, each `name@url`.",
    },
    {
      name: "vendordata_dynamic_ssl_certfile",
      type: string(),
      default: "",
      help: "A CA bundle for verifying dynamic vendor data services.",
    },
    {
      name: "vendordata_dynamic_connect_timeout",
      type: integer({ min: 3 }),
      default: 5,
      help: "Seconds allowed for connecting to a dynamic vendor data service.",
    },
    {
      name: "vendordata_dynamic_read_timeout",
      type: integer({ min: 0 }),
      default: 5,
      help: "Seconds allowed for reading from a dynamic vendor data service.",
    },
    {
      name: "vendordata_dynamic_failure_fatal",
      type: boolean(),
      default: false,
      help: "Fail the metadata request when a dynamic vendor data service fails.",
    },
    {
      name: "metadata_cache_expiration",
      type: integer({ min: 0 }),
      default: 15,
      help: "Seconds metadata responses are cached (0 disables caching).",
    },
    {
      name: "local_metadata_per_cell",
      type: boolean(),
      default: false,
      help: "The metadata API runs per cell rather than globally.",
    },
    {
      name: "dhcp_domain",
      type: string(),
      default: "novalocal",
      help: "The domain appended to instance host names in metadata (empty: none).",
    },
    {
      name: "vendordata_jsonfile_path",
      type: string(),
      default: null,
      help: "The JSON file the StaticJSON vendor data provider serves.",
    },
    {
      name: "max_limit",
      type: integer({ min: 0 }),
      default: 1000,
      help: "The most items one collection request returns.",
    },
    {
      name: "compute_link_prefix",
      type: string(),
      default: null,
      help: "Replaces scheme, host and port of compute API links in responses.",
    },
    {
      name: "glance_link_prefix",
      type: string(),
      default: null,
      help: "Replaces scheme, host and port of image service links in responses.",
    },
    {
      name: "instance_list_per_project_cells",
      type: boolean(),
      default: false,
      help: "Only query the cells a project has instances in when listing instances.",
    },
    {
      name: "instance_list_cells_batch_strategy",
      type: string({ choices: ["distributed", "fixed"] }),
      default: "distributed",
      help: "How the instance list limit is split between cells.",
    },
    {
      name: "instance_list_cells_batch_fixed_size",
      type: integer({ min: 100 }),
      default: 100,
      help: "The batch size per cell for the fixed strategy.",
    },
    {
      name: "list_records_by_skipping_down_cells",
      type: boolean(),
      default: true,
      help: "Leave out records of unreachable cells instead of failing the list request.",
    },
    {
      name: "use_neutron_default_nets",
      type: boolean(),
      default: false,
      help: "Use the networks of the default project when an instance names none.",
    },
    {
      name: "neutron_default_project_id",
      type: string(),
      default: "default",
      deprecatedNames: [{ name: "neutron_default_tenant_id" }],
      help: "The project whose networks are the default networks.",
    },
    {
      name: "enable_instance_password",
      type: boolean(),
      default: true,
      help: "Return the admin password in create, rebuild, evacuate and rescue responses.",
    },
    {
      name: "response_validation",
      type: string({ choices: ["error", "warn", "ignore"] }),
      default: "warn",
      help:
        "What to do when a response fails its schema: error (a 400 fault, as Nova answers), warn (log) or ignore.",
    },
  ],
};
