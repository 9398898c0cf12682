/**
 * `GET /os-migrations` (Nova's `MigrationsController.index`): every stored migration matching
 * the filters, newest first. The `index` policy is checked first, then `index:all_projects`
 * unless the caller names their own project (`project_id`, 2.80); `index:host` decides whether
 * the host fields are shown. From 2.59 the list pages (`limit`, `marker` = a migration uuid,
 * `migrations_links`) and filters by `changes-since` (`changes-before` from 2.66) on the
 * update time; from 2.80 by `user_id` and `project_id`.
 *
 * @module
 */
import { NovaFault } from "../../http/fault.ts";
import { json } from "../../http/respond.ts";
import { listMigrationPage, type MigrationFilter } from "../../instances/mod.ts";
import { collectionLinks, lastParam, limitAndMarker } from "../collection.ts";
import { isoTimeMs } from "../instance_actions/routes.ts";
import type { ApiRequest, Route } from "../route.ts";
import { INDEX_QUERY } from "./schemas.ts";
import { migrationsView } from "./views.ts";
import { LIST_MIGRATIONS_RESPONSE } from "./response_schemas.ts";

const POLICY = (name: string) => `os_compute_api:os-migrations:${name}`;

const TRUE_WORDS = ["1", "t", "true", "on", "y", "yes"];

/** The filters the request names (the last value of each, as Nova reads `req.GET`). */
function filterOf(req: ApiRequest): MigrationFilter {
  const q = req.query;
  const get = (name: string) => lastParam(q, name) ?? undefined;
  const hidden = get("hidden");
  const filter: MigrationFilter = {
    status: get("status"),
    host: get("host"),
    sourceCompute: get("source_compute"),
    migrationType: get("migration_type"),
    hidden: hidden === undefined ? undefined : TRUE_WORDS.includes(hidden.trim().toLowerCase()),
    instanceUuid: get("instance_uuid"),
    userId: get("user_id"),
    projectId: get("project_id"),
  };
  if (req.version.atLeast("2.59")) {
    const since = get("changes-since");
    if (since !== undefined) filter.changesSince = isoTimeMs(since);
  }
  if (req.version.atLeast("2.66")) {
    const before = get("changes-before");
    if (before !== undefined) filter.changesBefore = isoTimeMs(before);
    if (
      filter.changesSince !== undefined && filter.changesBefore !== undefined &&
      filter.changesBefore < filter.changesSince
    ) {
      throw new NovaFault(
        400,
        "The value of changes-since must be less than or equal to changes-before.",
      );
    }
  }
  return filter;
}

/** `GET /os-migrations`. */
async function index(req: ApiRequest): Promise<Response> {
  const { context, runtime, version } = req;
  const projectId = lastParam(req.query, "project_id");
  if (!projectId || projectId !== context.projectId) {
    runtime.authorize(POLICY("index:all_projects"), context);
  }
  const hosts = runtime.allowed(POLICY("index:host"), context);
  const filter = filterOf(req);
  const paged = version.atLeast("2.59");
  const maxLimit = runtime.config.get<number>("api", "max_limit");
  const page = paged ? limitAndMarker(req.query, maxLimit) : {};
  const records = await listMigrationPage(runtime.kv, runtime.instances, filter, page);
  const migrations = migrationsView(records, {
    typeAndLinks: version.atLeast("2.23"),
    uuid: paged,
    userProject: version.atLeast("2.80"),
    hosts,
    myIp: runtime.config.get<string>("DEFAULT", "my_ip"),
    links: req.links,
  });
  const body: Record<string, unknown> = { migrations };
  if (paged) {
    const links = collectionLinks({
      count: migrations.length,
      lastMarker: migrations.at(-1)?.uuid as string | undefined,
      collectionUrl: `${req.links.self}/os-migrations`,
      query: req.query,
      maxLimit,
    });
    if (links) body.migrations_links = links;
  }
  return json(body);
}

/** The `os-migrations` route row. */
export const MIGRATION_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/os-migrations",
    query: INDEX_QUERY,
    policy: { rule: POLICY("index") },
    response: LIST_MIGRATIONS_RESPONSE,
    handler: index,
  },
];
