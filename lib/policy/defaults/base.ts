/**
 * Nova's base policy rules and the aliases the per-API defaults are written in.
 *
 * The personas: `context_is_admin` (the `admin` role, which Nova treats as cloud administrator),
 * and project manager / member / reader (the matching role on the target's project). The
 * `*_or_admin` rules admit either. Keystone's implied roles mean an admin is normally also a
 * manager, member and reader, and a member also a reader.
 *
 * Before the scoped-role defaults, APIs were guarded by `admin_api` (the `is_admin` flag) and
 * `admin_or_owner` (admin, or any role on the target project); those remain as deprecated rules.
 *
 * @module
 */

import type { DeprecatedRule, RuleDefault } from "../rule-default.ts";

/** Legacy alias: admin, or any user of the target project. Deprecated. */
export const RULE_ADMIN_OR_OWNER = "rule:admin_or_owner";
/** Legacy alias: admin only. Deprecated. */
export const RULE_ADMIN_API = "rule:admin_api";
/** Cloud administrator. */
export const ADMIN = "rule:context_is_admin";
/** A manager of the target project, or an administrator. */
export const PROJECT_MANAGER_OR_ADMIN = "rule:project_manager_or_admin";
/** A member of the target project, or an administrator. */
export const PROJECT_MEMBER_OR_ADMIN = "rule:project_member_or_admin";
/** A reader of the target project, or an administrator. */
export const PROJECT_READER_OR_ADMIN = "rule:project_reader_or_admin";
/** Anyone. */
export const RULE_ANY = "@";
/** No one. */
export const RULE_NOBODY = "!";
/** Another OpenStack service (the `service` role), or an administrator. */
export const SERVICE_ROLE = "rule:service_or_admin";

/** The legacy admin check, as the predecessor of admin-level defaults. */
export const DEPRECATED_ADMIN_POLICY: DeprecatedRule = {
  name: RULE_ADMIN_API,
  checkStr: "is_admin:True",
  since: "21.0.0",
};

/** The legacy admin-or-owner check, as the predecessor of project-level defaults. */
export const DEPRECATED_ADMIN_OR_OWNER_POLICY: DeprecatedRule = {
  name: RULE_ADMIN_OR_OWNER,
  checkStr: "is_admin:True or project_id:%(project_id)s",
  since: "21.0.0",
};

/** The base rules every other default builds on. */
export const baseRules: readonly RuleDefault[] = [
  {
    name: "context_is_admin",
    checkStr: "role:admin",
    description: "Decides the context's is_admin flag (and so every is_admin:True check).",
    deprecatedRule: DEPRECATED_ADMIN_POLICY,
  },
  {
    name: "admin_or_owner",
    checkStr: "is_admin:True or project_id:%(project_id)s",
    description: "Legacy default for project-level APIs.",
    deprecatedForRemoval: true,
  },
  {
    name: "admin_api",
    checkStr: "is_admin:True",
    description: "Legacy default for administrator APIs.",
    deprecatedForRemoval: true,
  },
  {
    name: "project_manager_api",
    checkStr: "role:manager and project_id:%(project_id)s",
    description: "The manager role on the target project.",
    deprecatedRule: DEPRECATED_ADMIN_POLICY,
  },
  {
    name: "project_member_api",
    checkStr: "role:member and project_id:%(project_id)s",
    description: "The member role on the target project.",
    deprecatedRule: DEPRECATED_ADMIN_OR_OWNER_POLICY,
  },
  {
    name: "project_reader_api",
    checkStr: "role:reader and project_id:%(project_id)s",
    description: "The reader role on the target project.",
    deprecatedRule: DEPRECATED_ADMIN_OR_OWNER_POLICY,
  },
  {
    name: "service_api",
    checkStr: "role:service",
    description: "The service role, held by other OpenStack services' users.",
    deprecatedRule: DEPRECATED_ADMIN_POLICY,
  },
  {
    name: "project_manager_or_admin",
    checkStr: "rule:project_manager_api or rule:context_is_admin",
    description: "Project manager or administrator.",
    deprecatedRule: DEPRECATED_ADMIN_POLICY,
  },
  {
    name: "project_member_or_admin",
    checkStr: "rule:project_member_api or rule:context_is_admin",
    description: "Project member or administrator.",
    deprecatedRule: DEPRECATED_ADMIN_OR_OWNER_POLICY,
  },
  {
    name: "project_reader_or_admin",
    checkStr: "rule:project_reader_api or rule:context_is_admin",
    description: "Project reader or administrator.",
    deprecatedRule: DEPRECATED_ADMIN_OR_OWNER_POLICY,
  },
  {
    name: "service_or_admin",
    checkStr: "rule:service_api or rule:context_is_admin",
    description: "Another service or an administrator.",
    deprecatedRule: DEPRECATED_ADMIN_POLICY,
  },
];
