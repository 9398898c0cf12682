/**
 * `/os-volumes_boot` (Nova's `VolumesBootController`): an alias of the servers collection from
 * the days of the boot-from-volume extension, with the servers' own methods and actions (not the
 * actions other controllers add to `/servers/{id}/action`), up to 2.102. From 2.103 the capped
 * rows answer 404. The rows are the server rows themselves under the old path, so the alias serves
 * whatever the servers serve.
 *
 * @module
 */
import { ApiVersion } from "../api_version.ts";
import type { Route } from "../route.ts";
import { SERVER_ROUTES } from "../servers/routes.ts";

/** The alias's last microversion. */
export const VOLUMES_BOOT_CEILING = "2.102";

/** The paths the alias copies, server path -> alias path. */
const PATHS: Readonly<Record<string, string>> = {
  "/servers": "/os-volumes_boot",
  "/servers/detail": "/os-volumes_boot/detail",
  "/servers/{id}": "/os-volumes_boot/{id}",
  "/servers/{id}/action": "/os-volumes_boot/{id}/action",
};

/** The actions of Nova's `ServersController` itself: the only ones the alias dispatches. */
const OWN_ACTIONS = new Set([
  "confirmResize",
  "revertResize",
  "reboot",
  "resize",
  "rebuild",
  "createImage",
  "os-start",
  "os-stop",
  "trigger_crash_dump",
]);

const CEILING = ApiVersion.parse(VOLUMES_BOOT_CEILING);

/** A server row under the alias's path, capped at 2.102; undefined when it starts later. */
function alias(row: Route): Route | undefined {
  const path = PATHS[row.path];
  if (path === undefined) return undefined;
  if (row.action !== undefined && !OWN_ACTIONS.has(row.action)) return undefined;
  if (row.min && ApiVersion.parse(row.min).compare(CEILING) > 0) return undefined;
  const max = row.max && ApiVersion.parse(row.max).compare(CEILING) < 0
    ? row.max
    : VOLUMES_BOOT_CEILING;
  return { ...row, path, max };
}

/** The alias's rows (2.1-2.102), derived from the server rows. */
export const VOLUMES_BOOT_ROUTES: readonly Route[] = SERVER_ROUTES.map(alias).filter(
  (row): row is Route => row !== undefined,
);
