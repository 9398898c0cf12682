/**
 * `[identity]` options: the small Keystone v3 service the compute process can serve itself (see
 * `lib/identity/embedded/`), so that the quick start works with the unmodified `openstack` client
 * without a separate Keystone. Users, projects and roles come from here rather than a database.
 *
 * @module
 */

import type { OptionGroup } from "../option.ts";
import { integer, list, string } from "../types.ts";

/** `[identity]` options. */
export const identityGroup: OptionGroup = {
  name: "identity",
  options: [
    {
      name: "users",
      type: string({ regex: /^[^:\s][^:]*:.*:[^:]*:[^:]*$/ }),
      multi: true,
      secret: true,
      default: [],
      help: "One user and its role on one project per line, as NAME:PASSWORD:PROJECT:ROLES, " +
        "where ROLES joins role names with '+' (e.g. admin:secret:admin:admin, " +
        "demo:secret:demo:member+reader). Repeat a user on further lines to give it roles on " +
        "other projects (PASSWORD may then be left empty); its first project is its default. " +
        "Leave PROJECT and ROLES empty for a user without a project. PASSWORD is plain text or " +
        "a pbkdf2-sha256$ROUNDS$SALT$HASH hash (passlib's format; " +
        "`deno run lib/identity/embedded/hash_password.ts` prints one). Write every '$' as '$$'. " +
        "Roles admin, manager, member, reader and service always exist; admin implies manager, " +
        "manager implies member and member implies reader, as keystone-manage bootstrap sets up.",
    },
    {
      name: "projects",
      type: list(),
      default: [],
      help: "Further projects that no user line names (comma-separated names).",
    },
    {
      name: "token_expiration",
      type: integer({ min: 1 }),
      default: 3600,
      help: "Seconds a token stays valid after it is issued.",
    },
    {
      name: "signing_key_file",
      type: string(),
      default: "$state_path/identity-signing.key",
      help: "The file holding the key tokens are signed with, created (mode 0600) on first " +
        "start. Revoked tokens are remembered in the same path with '.revoked' appended. " +
        "Empty: a new key at every start, so tokens do not survive a restart.",
    },
    {
      name: "public_endpoint",
      type: string(),
      default: "",
      help: "The base URL clients reach the compute API at (e.g. https://cloud.example:8774), " +
        "used for the catalog and links. Empty: the scheme and host of each request.",
    },
    {
      name: "region",
      type: string(),
      default: "RegionOne",
      help: "The region name of the catalog's endpoints.",
    },
    {
      name: "catalog",
      type: string({ regex: /^[^:\s]+:[^:\s]+:\S+$/ }),
      multi: true,
      default: [],
      help: "Further catalog services, one per line as TYPE:NAME:URL (e.g. " +
        "image:glance:http://127.0.0.1:9292). A URL starting with '/' is relative to the " +
        "public endpoint. A line with the type of a built-in service (compute, identity, " +
        "image, network) replaces it.",
    },
  ],
};
