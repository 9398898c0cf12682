/**
 * The Neutron subset's security groups and rules (`/v2.0/security-groups[/{id}]`,
 * `/v2.0/security-group-rules[/{id}]`): list and show what the caller sees, and create, update
 * and delete as Neutron's API does, over `lib/networks/security_group_api.ts` (the same records
 * Nova's proxy and the servers use), with Neutron's attribute checks, messages and statuses (201
 * on create, 204 on delete, `NeutronError` bodies). Writes need the `member` or `admin` role.
 *
 * @module
 */
import type { RequestContext } from "../context/context.ts";
import {
  addSecurityGroupRule,
  createSecurityGroup,
  deleteSecurityGroup,
  deleteSecurityGroupRule,
  getSecurityGroup,
  getSecurityGroupRule,
  NeutronBadRequest,
  NeutronConflict,
  type RuleSpec,
  SecurityGroupMissing,
  SecurityGroupNameNotUnique,
  SecurityGroupRuleMissing,
  updateSecurityGroup,
  type Viewer,
  visibleSecurityGroups,
} from "../networks/security_group_api.ts";
import type { SecurityGroup, SecurityGroupRule } from "../networks/security_groups.ts";
import { isCidr } from "../validation/formats/ip.ts";
import { isUuidLike } from "../validation/formats/uuid.ts";

/** A Neutron error to answer: status, type and message. */
export class NeutronAnswer extends Error {
  constructor(readonly status: number, readonly type: string, message: string) {
    super(message);
  }
}

const EPOCH = "2025-01-01T00:00:00Z";

/** A rule as Neutron shows it. */
export function ruleView(rule: SecurityGroupRule, projectId: string): Record<string, unknown> {
  const at = rule.created_at ?? EPOCH;
  return {
    id: rule.id,
    tenant_id: projectId,
    project_id: projectId,
    security_group_id: rule.security_group_id,
    direction: rule.direction,
    ethertype: rule.ethertype,
    protocol: rule.protocol,
    port_range_min: rule.port_range_min,
    port_range_max: rule.port_range_max,
    remote_ip_prefix: rule.remote_ip_prefix,
    remote_group_id: rule.remote_group_id,
    normalized_cidr: normalizedCidr(rule.remote_ip_prefix),
    remote_address_group_id: null,
    description: "",
    tags: [],
    created_at: at,
    updated_at: at,
    revision_number: 0,
  };
}

/** The network of an IPv4 prefix (`10.0.0.1/24` -> `10.0.0.0/24`); other prefixes as given. */
function normalizedCidr(prefix: string | null): string | null {
  if (prefix === null) return null;
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(prefix);
  if (!m) return prefix;
  const bits = Number(m[5]);
  const n = m.slice(1, 5).reduce((a, o) => a * 256 + Number(o), 0);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  const net = (n & mask) >>> 0;
  return `${[24, 16, 8, 0].map((s) => (net >>> s) & 255).join(".")}/${bits}`;
}

/** A group as Neutron shows it, with every rule. */
export function groupView(group: SecurityGroup): Record<string, unknown> {
  return {
    id: group.id,
    name: group.name,
    tenant_id: group.project_id,
    project_id: group.project_id,
    description: group.description,
    stateful: true,
    shared: false,
    security_group_rules: group.rules.map((r) => ruleView(r, group.project_id)),
    tags: [],
    created_at: group.created_at ?? EPOCH,
    updated_at: group.updated_at ?? EPOCH,
    revision_number: group.revision_number ?? 1,
  };
}

function viewerOf(ctx: RequestContext): Viewer {
  return { projectId: ctx.projectId, isAdmin: ctx.isAdmin };
}

/** Neutron's default write rule: an admin, or a member of the project. */
function mayWrite(ctx: RequestContext, action: string): void {
  if (ctx.isAdmin || ctx.roles.includes("member")) return;
  throw new NeutronAnswer(403, "PolicyNotAuthorized", `(rule:${action}) is disallowed by policy`);
}

/** The resource body of a write: `{"<resource>": {...}}`, else Neutron's 400. */
function resourceOf(body: unknown, resource: string): Record<string, unknown> {
  const inner = body && typeof body === "object" && !Array.isArray(body)
    ? (body as Record<string, unknown>)[resource]
    : undefined;
  if (!inner || typeof inner !== "object" || Array.isArray(inner)) {
    throw new NeutronAnswer(400, "BadRequest", "Resource body required");
  }
  return inner as Record<string, unknown>;
}

function invalid(message: string): NeutronAnswer {
  return new NeutronAnswer(400, "HTTPBadRequest", message);
}

/** An optional string attribute of at most `max` characters. */
function text(attrs: Record<string, unknown>, name: string, max: number): string | undefined {
  const value = attrs[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string") {
    throw invalid(`Invalid input for ${name}. Reason: '${value}' is not a valid string.`);
  }
  if (value.length > max) {
    throw invalid(
      `Invalid input for ${name}. Reason: '${value}' exceeds maximum length of ${max}.`,
    );
  }
  return value;
}

/** Unknown attributes are Neutron's 400. */
function onlyKnown(attrs: Record<string, unknown>, known: readonly string[]): void {
  for (const key of Object.keys(attrs)) {
    if (!known.includes(key)) throw invalid(`Unrecognized attribute(s) '${key}'`);
  }
}

const GROUP_ATTRS = ["name", "description", "tenant_id", "project_id", "stateful"];
const RULE_ATTRS = [
  "security_group_id",
  "direction",
  "ethertype",
  "protocol",
  "port_range_min",
  "port_range_max",
  "remote_ip_prefix",
  "remote_group_id",
  "remote_address_group_id",
  "description",
  "tenant_id",
  "project_id",
];

/** Neutron's protocol names (plus numbers 0-255, which stay as strings). */
const PROTOCOLS = [
  "ah",
  "dccp",
  "egp",
  "esp",
  "gre",
  "hopopt",
  "icmp",
  "igmp",
  "ip",
  "ipip",
  "ipv6-encap",
  "ipv6-frag",
  "ipv6-icmp",
  "icmpv6",
  "ipv6-nonxt",
  "ipv6-opts",
  "ipv6-route",
  "ospf",
  "pgm",
  "rsvp",
  "sctp",
  "tcp",
  "udp",
  "udplite",
  "vrrp",
];

function protocolOf(value: unknown): string | null {
  if (value === undefined || value === null || value === "any" || value === "") return null;
  const s = String(value);
  if (/^\d+$/.test(s) && Number(s) <= 255) return String(Number(s));
  if (typeof value === "string" && PROTOCOLS.includes(value.toLowerCase())) {
    return value.toLowerCase();
  }
  throw new NeutronAnswer(
    400,
    "SecurityGroupRuleInvalidProtocol",
    `Security group rule protocol ${s} not supported. Only protocol values ` +
      `[None, ${PROTOCOLS.map((p) => `'${p}'`).join(", ")}] and integer representations ` +
      "[0 to 255] are supported.",
  );
}

function portOf(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  const s = String(value);
  if (typeof value === "boolean" || !/^\d+$/.test(s)) {
    throw new NeutronAnswer(400, "SecurityGroupInvalidPortValue", `Invalid value for port ${s}`);
  }
  return Number(s);
}

/** Neutron's rule attribute checks; the rule to add. */
function ruleSpecOf(attrs: Record<string, unknown>): { groupId: string; spec: RuleSpec } {
  onlyKnown(attrs, RULE_ATTRS);
  const groupId = attrs.security_group_id;
  if (groupId === undefined) {
    throw invalid("Failed to parse request. Required attribute 'security_group_id' not specified");
  }
  if (typeof groupId !== "string" || !isUuidLike(groupId)) {
    throw invalid(`Invalid input for security_group_id. Reason: '${groupId}' is not a valid UUID.`);
  }
  const direction = attrs.direction;
  if (direction === undefined) {
    throw invalid("Failed to parse request. Required attribute 'direction' not specified");
  }
  if (direction !== "ingress" && direction !== "egress") {
    throw invalid(
      `Invalid input for direction. Reason: '${direction}' is not in ['ingress', 'egress'].`,
    );
  }
  const ethertype = attrs.ethertype ?? "IPv4";
  const ethertypeText = String(ethertype).toLowerCase();
  if (ethertypeText !== "ipv4" && ethertypeText !== "ipv6") {
    throw invalid(
      `Invalid input for ethertype. Reason: '${ethertype}' is not in ['IPv4', 'IPv6'].`,
    );
  }
  const family = ethertypeText === "ipv6" ? "IPv6" : "IPv4";
  const protocol = protocolOf(attrs.protocol);
  const min = portOf(attrs.port_range_min);
  const max = portOf(attrs.port_range_max);
  if (protocol === null && (min !== null || max !== null)) {
    throw new NeutronAnswer(
      400,
      "SecurityGroupProtocolRequiredWithPorts",
      "Must also specify protocol if port range is given.",
    );
  }
  if (["tcp", "udp", "dccp", "sctp", "udplite", "6", "17"].includes(protocol ?? "")) {
    if (min !== null && max !== null && min > max) {
      throw new NeutronAnswer(
        400,
        "SecurityGroupInvalidPortRange",
        "For TCP/UDP protocols, port_range_min must be <= port_range_max",
      );
    }
    for (const port of [min, max]) {
      if (port !== null && (port < 1 || port > 65535)) {
        throw new NeutronAnswer(
          400,
          "SecurityGroupInvalidPortValue",
          `Invalid value for port ${port}`,
        );
      }
    }
  }
  if (["icmp", "ipv6-icmp", "icmpv6", "1", "58"].includes(protocol ?? "")) {
    for (
      const [field, attr, value] of [["type", "port_range_min", min], [
        "code",
        "port_range_max",
        max,
      ]] as const
    ) {
      if (value !== null && value > 255) {
        throw new NeutronAnswer(
          400,
          "SecurityGroupInvalidIcmpValue",
          `Invalid value for ICMP ${field} (${attr}) ${value}. It must be 0 to 255.`,
        );
      }
    }
  }
  const prefix = attrs.remote_ip_prefix ?? null;
  const remoteGroup = attrs.remote_group_id ?? null;
  if (prefix !== null && (typeof prefix !== "string" || !isCidr(prefix))) {
    throw invalid(
      `Invalid input for remote_ip_prefix. Reason: '${prefix}' is not a valid IP subnet.`,
    );
  }
  if (remoteGroup !== null && (typeof remoteGroup !== "string" || !isUuidLike(remoteGroup))) {
    throw invalid(
      `Invalid input for remote_group_id. Reason: '${remoteGroup}' is not a valid UUID.`,
    );
  }
  if (prefix !== null && remoteGroup !== null) {
    throw new NeutronAnswer(
      400,
      "SecurityGroupRemoteGroupAndRemoteIpPrefix",
      "Only remote_ip_prefix or remote_group_id may be provided.",
    );
  }
  if (prefix !== null && (prefix.includes(":") ? "IPv6" : "IPv4") !== family) {
    throw new NeutronAnswer(
      400,
      "SecurityGroupConflictingEthertype",
      `Conflicting value ethertype ${family} for CIDR ${prefix}`,
    );
  }
  return {
    groupId,
    spec: {
      direction,
      ethertype: family,
      protocol,
      port_range_min: min,
      port_range_max: max,
      remote_ip_prefix: prefix as string | null,
      remote_group_id: remoteGroup as string | null,
    },
  };
}

/** The domain's refusals as Neutron answers them. */
function answer(e: unknown): never {
  if (e instanceof NeutronConflict) throw new NeutronAnswer(409, e.type, e.message);
  if (e instanceof NeutronBadRequest) throw new NeutronAnswer(400, e.type, e.message);
  if (e instanceof SecurityGroupMissing) {
    throw new NeutronAnswer(404, "SecurityGroupNotFound", e.message);
  }
  if (e instanceof SecurityGroupRuleMissing) {
    throw new NeutronAnswer(404, "SecurityGroupRuleNotFound", e.message);
  }
  if (e instanceof SecurityGroupNameNotUnique) throw new NeutronAnswer(409, "Conflict", e.message);
  throw e;
}

/** What one security group request asks: its method, resource, id and parsed body. */
export interface SecurityGroupRequest {
  method: string;
  resource: "security-groups" | "security-group-rules";
  id: string | undefined;
  body: unknown;
}

/** Items to list, or one item to show, or a write's answer. */
export type SecurityGroupResult =
  | { list: string; items: Record<string, unknown>[] }
  | { show: string; item: Record<string, unknown>; status?: number }
  | { status: 204 };

function notFoundGroup(id: string): NeutronAnswer {
  return new NeutronAnswer(404, "SecurityGroupNotFound", `Security group ${id} does not exist`);
}

function notFoundRule(id: string): NeutronAnswer {
  return new NeutronAnswer(
    404,
    "SecurityGroupRuleNotFound",
    `Security group rule ${id} does not exist`,
  );
}

/** Serve one security group or rule request for `ctx` over the store. */
export async function securityGroupRequest(
  kv: Deno.Kv,
  ctx: RequestContext,
  req: SecurityGroupRequest,
): Promise<SecurityGroupResult> {
  const viewer = viewerOf(ctx);
  const { method, id } = req;
  const now = new Date();
  if (req.resource === "security-groups") {
    if (method === "GET" || method === "HEAD") {
      if (id === undefined) {
        const groups = await visibleSecurityGroups(kv, viewer, ctx.isAdmin);
        return { list: "security_groups", items: groups.map(groupView) };
      }
      const group = await getSecurityGroup(kv, id, viewer);
      if (!group) throw notFoundGroup(id);
      return { show: "security_group", item: groupView(group) };
    }
    if (method === "POST" && id === undefined) {
      mayWrite(ctx, "create_security_group");
      const attrs = resourceOf(req.body, "security_group");
      onlyKnown(attrs, GROUP_ATTRS);
      const name = text(attrs, "name", 255) ?? "";
      const description = text(attrs, "description", 255) ?? "";
      const owner = text(attrs, "project_id", 255) ?? text(attrs, "tenant_id", 255) ??
        ctx.projectId ?? "";
      if (owner !== ctx.projectId && !ctx.isAdmin) {
        throw new NeutronAnswer(
          403,
          "PolicyNotAuthorized",
          "(rule:create_security_group) is disallowed by policy",
        );
      }
      const group = await createSecurityGroup(kv, owner, name, description, now).catch(answer);
      return { show: "security_group", item: groupView(group), status: 201 };
    }
    if (method === "PUT" && id !== undefined) {
      if (!await getSecurityGroup(kv, id, viewer)) throw notFoundGroup(id);
      mayWrite(ctx, "update_security_group");
      const attrs = resourceOf(req.body, "security_group");
      onlyKnown(attrs, ["name", "description", "stateful"]);
      const change = {
        name: text(attrs, "name", 255),
        description: text(attrs, "description", 255),
      };
      const group = await updateSecurityGroup(kv, id, viewer, change, now).catch(answer);
      return { show: "security_group", item: groupView(group) };
    }
    if (method === "DELETE" && id !== undefined) {
      if (!await getSecurityGroup(kv, id, viewer)) throw notFoundGroup(id);
      mayWrite(ctx, "delete_security_group");
      await deleteSecurityGroup(kv, id, viewer).catch(answer);
      return { status: 204 };
    }
  } else {
    if (method === "GET" || method === "HEAD") {
      if (id === undefined) {
        const groups = await visibleSecurityGroups(kv, viewer, ctx.isAdmin);
        const items = groups.flatMap((g) => g.rules.map((r) => ruleView(r, g.project_id)));
        return { list: "security_group_rules", items };
      }
      const found = await getSecurityGroupRule(kv, id, viewer);
      if (!found) throw notFoundRule(id);
      return { show: "security_group_rule", item: ruleView(found.rule, found.group.project_id) };
    }
    if (method === "POST" && id === undefined) {
      mayWrite(ctx, "create_security_group_rule");
      const { groupId, spec } = ruleSpecOf(resourceOf(req.body, "security_group_rule"));
      const rule = await addSecurityGroupRule(kv, groupId, viewer, spec, now).catch(answer);
      const group = await getSecurityGroup(kv, groupId, viewer);
      const item = ruleView(rule, group?.project_id ?? ctx.projectId ?? "");
      return { show: "security_group_rule", item, status: 201 };
    }
    if (method === "DELETE" && id !== undefined) {
      if (!await getSecurityGroupRule(kv, id, viewer)) throw notFoundRule(id);
      mayWrite(ctx, "delete_security_group_rule");
      await deleteSecurityGroupRule(kv, id, viewer).catch(answer);
      return { status: 204 };
    }
  }
  throw new NeutronAnswer(
    405,
    "HTTPMethodNotAllowed",
    "The method is not allowed for this resource.",
  );
}
