/**
 * A clouds.yaml for the quick start: one cloud per configured user with a default project
 * (`nova-deno-<user>`), pointing at the embedded identity service. Passwords configured as hashes
 * cannot be recovered, so those clouds get an empty password for the operator to fill in.
 *
 * @module
 */

import type { IdentityOptions } from "./options.ts";

/** Options of {@link cloudsYaml}. */
export interface CloudsYamlOptions {
  /** Where the identity service is mounted below the compute URL (`/identity`). */
  identityPath?: string;
  /** Cloud name prefix (`nova-deno-`). */
  prefix?: string;
}

/** A YAML scalar: JSON's double-quoted strings are valid YAML. */
function scalar(value: string): string {
  return JSON.stringify(value);
}

/**
 * The text of a clouds.yaml for the configured users.
 *
 * @example
 * ```ts
 * await Deno.writeTextFile("state/clouds.yaml", cloudsYaml(options, "http://127.0.0.1:8774"));
 * // OS_CLIENT_CONFIG_FILE=state/clouds.yaml openstack --os-cloud nova-deno-admin server list
 * ```
 */
export function cloudsYaml(
  options: IdentityOptions,
  computeUrl: string,
  settings: CloudsYamlOptions = {},
): string {
  const authUrl = computeUrl.replace(/\/+$/, "") + (settings.identityPath ?? "/identity");
  const prefix = settings.prefix ?? "nova-deno-";
  const { directory } = options;
  const lines = [
    "# Made by nova-deno for its embedded identity service.",
    "clouds:",
  ];
  for (const user of directory.users) {
    const project = user.defaultProjectId ? directory.project(user.defaultProjectId) : undefined;
    if (!project) continue;
    lines.push(
      `  ${scalar(prefix + user.name)}:`,
      "    auth:",
      `      auth_url: ${scalar(authUrl)}`,
      `      username: ${scalar(user.name)}`,
      `      password: ${scalar(user.plainPassword ?? "")}` +
        (user.plainPassword === undefined ? "  # configured as a hash: fill in" : ""),
      `      project_name: ${scalar(project.name)}`,
      `      user_domain_name: ${scalar(directory.domain.name)}`,
      `      project_domain_name: ${scalar(directory.domain.name)}`,
      `    region_name: ${scalar(options.region)}`,
      "    identity_api_version: 3",
      "    interface: public",
    );
  }
  if (lines.length === 2) lines[1] = "clouds: {}";
  return lines.join("\n") + "\n";
}
