/**
 * The os-server-groups views per microversion (Nova's `_format_server_group`): `policies` (a list
 * of one) and an empty `metadata` before 2.64, `policy` and `rules` from it; `project_id` and
 * `user_id` from 2.13; `members` are the group's live servers.
 *
 * @module
 */
import type { ApiVersion } from "../api_version.ts";
import type { ServerGroupRecord } from "../../instances/mod.ts";

/** One group as the API shows it. */
export type ServerGroupView = Record<string, unknown>;

/** A group at `version`. */
export function serverGroupView(group: ServerGroupRecord, version: ApiVersion): ServerGroupView {
  const view: ServerGroupView = { id: group.uuid, name: group.name };
  if (version.atLeast("2.64")) {
    view.policy = group.policy;
    view.rules = { ...group.rules };
  } else {
    view.policies = [group.policy];
    view.metadata = {};
  }
  view.members = group.members.map((m) => m.uuid);
  if (version.atLeast("2.13")) {
    view.project_id = group.projectId;
    view.user_id = group.userId;
  }
  return view;
}
