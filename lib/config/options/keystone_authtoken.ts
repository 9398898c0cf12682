/**
 * `[keystone_authtoken]` options (keystonemiddleware's auth_token filter, and the keystoneauth
 * options of the password plugin it usually loads). Options of other auth plugins can be read
 * with `Config.raw("keystone_authtoken")`.
 *
 * @module
 */

import type { OptionGroup } from "../option.ts";
import { boolean, integer, list, string } from "../types.ts";

/** A plain, unset string option. */
function text(name: string, help: string, secret = false) {
  return { name, type: string(), default: null, secret, help };
}

/** `[keystone_authtoken]` options. */
export const keystoneAuthtokenGroup: OptionGroup = {
  name: "keystone_authtoken",
  options: [
    {
      name: "www_authenticate_uri",
      type: string(),
      default: null,
      deprecatedNames: [{ name: "auth_uri" }],
      help: "The public Identity endpoint unauthenticated clients are sent to.",
    },
    text("auth_version", "The Identity API version."),
    {
      name: "interface",
      type: string(),
      default: "internal",
      help: "Which Identity endpoint interface to use: public, internal or admin.",
    },
    {
      name: "delay_auth_decision",
      type: boolean(),
      default: false,
      help: "Pass unauthenticated requests on and let later components decide.",
    },
    {
      name: "http_connect_timeout",
      type: integer(),
      default: null,
      help: "Seconds allowed for talking to the Identity service.",
    },
    {
      name: "http_request_max_retries",
      type: integer(),
      default: 3,
      help: "How many times to retry reaching the Identity service.",
    },
    text("region_name", "The region the Identity service is in."),
    {
      name: "memcached_servers",
      type: list(),
      default: null,
      deprecatedNames: [{ name: "memcache_servers" }],
      help: "Memcached servers for the token cache (ignored: this port caches in memory).",
    },
    {
      name: "token_cache_time",
      type: integer(),
      default: 300,
      help: "Seconds a validated token is cached (-1 disables the cache).",
    },
    {
      name: "include_service_catalog",
      type: boolean(),
      default: true,
      help: "Ask for the service catalog and pass it on in X-Service-Catalog.",
    },
    {
      name: "service_token_roles",
      type: list(),
      default: ["service"],
      help: "Roles of which a service token must hold at least one.",
    },
    {
      name: "service_token_roles_required",
      type: boolean(),
      default: true,
      help: "Enforce service_token_roles on service tokens.",
    },
    text("service_type", "The service type used to check tokens' access rules."),
    {
      name: "insecure",
      type: boolean(),
      default: false,
      help: "Skip TLS certificate verification towards the Identity service.",
    },
    text("cafile", "A CA bundle for verifying the Identity service."),
    {
      name: "auth_type",
      type: string(),
      default: null,
      deprecatedNames: [{ name: "auth_plugin" }],
      help: "The keystoneauth plugin used for the service's own credentials (e.g. password).",
    },
    text("auth_section", "A section holding the plugin options instead of this one."),
    text("auth_url", "The Identity endpoint the service authenticates against."),
    text("username", "The service user's name."),
    text("user_id", "The service user's id."),
    text("password", "The service user's password.", true),
    text("project_name", "The service project's name."),
    text("project_id", "The service project's id."),
    text("user_domain_name", "The service user's domain name."),
    text("user_domain_id", "The service user's domain id."),
    text("project_domain_name", "The service project's domain name."),
    text("project_domain_id", "The service project's domain id."),
    text("system_scope", "Authenticate with a system scope (e.g. all) instead of a project."),
  ],
};
