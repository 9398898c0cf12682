/**
 * The Neutron v2.0 read subset the compute process serves in place of Neutron, mounted behind the
 * auth filters: `networks`, `subnets`, `ports` (list with Neutron's filters, `fields`, `limit` and
 * `marker`; show), `security-groups` and `security-group-rules` (read and written, over the
 * stored groups: `./security_groups.ts`), `quotas` (Neutron's
 * defaults, `lib/neutron/quotas.ts`) and `extensions` (none), over a {@link NetworkCatalog} and
 * the stored ports. It also creates and deletes ports (`port_writes.ts`), so a user can hand a
 * port of their own to a server. A real Neutron could replace it.
 *
 * @module
 */
import type { RequestContext } from "../context/context.ts";
import { environ } from "../http/environ.ts";
import { json } from "../http/respond.ts";
import type { Handler } from "../http/types.ts";
import { notFoundPage, webobErrorResponse } from "../http/webob_error.ts";
import type { NetworkCatalog } from "../networks/catalog.ts";
import { listPorts, portById } from "../networks/ports.ts";
import type { Port } from "../networks/types.ts";
import { quotaBody, quotaViewOf } from "./quotas.ts";
import { NeutronAnswer, securityGroupRequest } from "./security_groups.ts";
import { projectSecurityGroups } from "../networks/security_group_api.ts";
import { networkView, portView, subnetView } from "./views.ts";
import { isPortWrite, portWrite } from "./port_writes.ts";

type Item = Record<string, unknown>;

/** Query parameters that are not filters. */
const NOT_FILTERS = ["fields", "limit", "marker", "sort_key", "sort_dir", "page_reverse"];

/** The most items one page holds (Neutron's `pagination_max_limit` is unlimited by default). */
const MAX_PAGE = 1000;

/** The resources this subset also writes. */
const WRITABLE = ["security-groups", "security-group-rules"];

/** A write's JSON body (undefined when none), or Neutron's 400 for one that is not JSON. */
async function bodyOf(request: Request): Promise<unknown> {
  if (request.method !== "POST" && request.method !== "PUT") return undefined;
  const text = await request.text();
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new NeutronFault(400, "HTTPBadRequest", "Malformed request body");
  }
}

class NeutronFault extends Error {
  constructor(readonly status: number, readonly type: string, message: string) {
    super(message);
  }
}

function neutronError(status: number, type: string, message: string): Response {
  return json({ NeutronError: { type, message, detail: "" } }, status);
}

/** Whether an item's attribute matches one of a filter's values, Neutron's way. */
function matchesValue(value: unknown, wanted: string[]): boolean {
  if (Array.isArray(value)) return value.some((v) => matchesValue(v, wanted));
  if (typeof value === "boolean") {
    return wanted.some((w) => ["true", "1"].includes(w.toLowerCase()) === value);
  }
  if (value === null) return wanted.includes("");
  return wanted.includes(String(value));
}

/** `fixed_ips=ip_address=X` / `fixed_ips=subnet_id=Y` (any of). */
function matchesFixedIps(value: unknown, wanted: string[]): boolean {
  const ips = (value ?? []) as { ip_address: string; subnet_id: string }[];
  return wanted.every((w) => {
    const [key, v] = w.split("=", 2);
    if (key === "ip_address") return ips.some((f) => f.ip_address === v);
    if (key === "subnet_id") return ips.some((f) => f.subnet_id === v);
    if (key === "ip_address_substr") return ips.some((f) => f.ip_address.includes(v ?? ""));
    throw new NeutronFault(400, "HTTPBadRequest", `Invalid input for fixed_ips: ${w}`);
  });
}

/** Filter, page and trim a collection as Neutron's list does. */
function collection(
  name: string,
  items: Item[],
  q: URLSearchParams,
  selfUrl: string,
): Response {
  let out = items;
  for (const key of new Set(q.keys())) {
    if (NOT_FILTERS.includes(key)) continue;
    const wanted = q.getAll(key);
    if (out.length > 0 && !(key in out[0])) {
      throw new NeutronFault(400, "HTTPBadRequest", `[${key}] is invalid attribute for filtering`);
    }
    out = out.filter((item) =>
      key === "fixed_ips" ? matchesFixedIps(item[key], wanted) : matchesValue(item[key], wanted)
    );
  }
  const body: Record<string, unknown> = {};
  const marker = q.get("marker");
  if (marker !== null) {
    const at = out.findIndex((i) => i.id === marker);
    out = at < 0 ? out.filter((i) => String(i.id) > marker) : out.slice(at + 1);
  }
  const rawLimit = q.get("limit");
  if (rawLimit !== null) {
    if (!/^\d+$/.test(rawLimit)) {
      throw new NeutronFault(
        400,
        "InvalidInput",
        `Invalid input for operation: '${rawLimit}' is not an integer.`,
      );
    }
    const limit = Math.min(Number(rawLimit) || MAX_PAGE, MAX_PAGE);
    const full = out.length > limit;
    out = out.slice(0, limit);
    const links = [];
    if (full && out.length > 0) {
      const next = new URLSearchParams(q);
      next.set("marker", String(out[out.length - 1].id));
      links.push({ rel: "next", href: `${selfUrl}?${next}` });
    }
    body[`${name}_links`] = links;
  }
  const fields = q.getAll("fields").flatMap((f) => f.split(",")).filter((f) => f !== "");
  body[name] = fields.length === 0 ? out : out.map((item) => pick(item, fields));
  return json(body);
}

function pick(item: Item, fields: string[]): Item {
  return Object.fromEntries(fields.filter((f) => f in item).map((f) => [f, item[f]]));
}

function show(name: string, item: Item, q: URLSearchParams): Response {
  const fields = q.getAll("fields").flatMap((f) => f.split(",")).filter((f) => f !== "");
  return json({ [name]: fields.length === 0 ? item : pick(item, fields) });
}

/** The app over a catalog and the store (`kv` is opened on first use). */
export function neutronApp(catalog: NetworkCatalog, kv: () => Promise<Deno.Kv>): Handler {
  const visibleNetworks = (ctx: RequestContext) =>
    catalog.list().filter((n) => catalog.visibleTo(n, ctx.projectId, ctx.isAdmin));

  /** `quotas/{project_id}[/default|/details]`: one's own project, or any for an admin. */
  const quotas = async (
    ctx: RequestContext,
    projectId: string,
    rest: string[],
    request: Request,
  ): Promise<Response> => {
    const view = quotaViewOf(rest);
    if (view === null) return notFoundPage(request);
    if (!ctx.isAdmin && projectId !== ctx.projectId) {
      throw new NeutronFault(
        403,
        "PolicyNotAuthorized",
        "(rule:get_quota) is disallowed by policy",
      );
    }
    const ports = view === "details"
      ? await listPorts(await kv(), { projectId, limit: 10_000 })
      : [];
    const groups = view === "details" ? await projectSecurityGroups(await kv(), projectId) : [];
    return json(quotaBody(view, {
      port: ports.length,
      security_group: groups.length || 1,
      security_group_rule: groups.reduce((n, g) => n + g.rules.length, 0),
    }));
  };

  const route = async (
    request: Request,
    ctx: RequestContext,
    parts: string[],
    q: URLSearchParams,
    selfUrl: string,
  ): Promise<Response> => {
    const [resource, id, ...rest] = parts;
    if (resource === "quotas" && id !== undefined) return await quotas(ctx, id, rest, request);
    if (rest.length > 0) return notFoundPage(request);
    switch (resource) {
      case "networks": {
        const nets = visibleNetworks(ctx);
        if (id === undefined) return collection("networks", nets.map(networkView), q, selfUrl);
        const net = nets.find((n) => n.id === id);
        if (!net) {
          throw new NeutronFault(404, "NetworkNotFound", `Network ${id} could not be found.`);
        }
        return show("network", networkView(net), q);
      }
      case "subnets": {
        const subnets = visibleNetworks(ctx).flatMap((n) =>
          n.subnets.map((s) => subnetView(s, n.project_id))
        );
        if (id === undefined) return collection("subnets", subnets, q, selfUrl);
        const subnet = subnets.find((s) => s.id === id);
        if (!subnet) {
          throw new NeutronFault(404, "SubnetNotFound", `Subnet ${id} could not be found.`);
        }
        return show("subnet", subnet, q);
      }
      case "ports": {
        const store = await kv();
        const mine = (p: Port) => ctx.isAdmin || p.project_id === ctx.projectId;
        if (id !== undefined) {
          const port = await portById(store, id);
          if (!port || !mine(port)) {
            throw new NeutronFault(404, "PortNotFound", `Port ${id} could not be found.`);
          }
          return show("port", portView(port), q);
        }
        const ports = await listPorts(store, {
          projectId: ctx.isAdmin ? undefined : ctx.projectId ?? "",
          deviceId: q.getAll("device_id").length === 1 ? q.get("device_id")! : undefined,
          networkId: q.getAll("network_id").length === 1 ? q.get("network_id")! : undefined,
          limit: 10_000,
        });
        return collection("ports", ports.map(portView), q, selfUrl);
      }
      case "security-groups":
      case "security-group-rules": {
        const result = await securityGroupRequest(await kv(), ctx, {
          method: request.method,
          resource,
          id,
          body: await bodyOf(request),
        });
        if ("list" in result) return collection(result.list, result.items, q, selfUrl);
        if ("show" in result) {
          const shown = show(result.show, result.item, q);
          return result.status ? json(await shown.json(), result.status) : shown;
        }
        return new Response(null, { status: 204 });
      }
      case "extensions":
        if (id !== undefined) {
          throw new NeutronFault(404, "HTTPNotFound", `Extension with alias ${id} does not exist`);
        }
        return json({ extensions: [] });
    }
    return notFoundPage(request);
  };

  return async (request) => {
    const env = environ(request);
    const path = env.pathInfo.replace(/\.json$/, "").replace(/\/+$/, "");
    const parts = path.split("/").filter((p) => p !== "").map(safeDecode);
    const writable = WRITABLE.includes(parts[0]) && parts.length <= 2;
    const write = isPortWrite(request.method, parts);
    if (request.method !== "GET" && request.method !== "HEAD" && !writable && !write) {
      return webobErrorResponse(request, {
        status: 405,
        title: "Method Not Allowed",
        explanation: "The method is not allowed for this resource.",
      });
    }
    const ctx = env.context;
    if (!ctx) throw new Error("the Neutron subset needs the auth filters before it");
    const selfUrl = `${env.origin}${env.scriptName}${env.pathInfo}`;
    try {
      if (write) return await portWrite(request, ctx, parts, catalog, await kv());
      return await route(request, ctx, parts, new URLSearchParams(env.query), selfUrl);
    } catch (e) {
      if (e instanceof NeutronFault) return neutronError(e.status, e.type, e.message);
      if (e instanceof NeutronAnswer && e.status === 405) {
        return webobErrorResponse(request, {
          status: 405,
          title: "Method Not Allowed",
          explanation: "The method is not allowed for this resource.",
        });
      }
      if (e instanceof NeutronAnswer) return neutronError(e.status, e.type, e.message);
      throw e;
    }
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
