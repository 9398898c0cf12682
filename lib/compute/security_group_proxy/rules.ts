/**
 * `POST /os-security-group-rules` and `DELETE /os-security-group-rules/{id}` up to 2.35 (Nova's
 * `SecurityGroupRulesController`): Nova builds an ingress rule from its own fields (a source
 * group, or a CIDR with a protocol and a port range) with `security_group_api`'s checks and
 * messages, then Neutron adds it (`lib/networks/security_group_api.ts`), and the answer is the
 * rule in Nova's format.
 *
 * @module
 */
import type { ApiRequest, Route } from "../route.ts";
import { PROXY_CEILING } from "../capped/routes.ts";
import { NovaFault } from "../../http/fault.ts";
import { empty, json } from "../../http/respond.ts";
import {
  addSecurityGroupRule,
  deleteSecurityGroupRule,
  NeutronBadRequest,
  NeutronConflict,
  type RuleSpec,
  SecurityGroupRuleMissing,
} from "../../networks/security_group_api.ts";
import type { SecurityGroup, SecurityGroupRule } from "../../networks/security_groups.ts";
import type { SchemaObject } from "../../validation/mod.ts";
import { isCidr } from "../../validation/formats/ip.ts";
import { isUuidLike } from "../../validation/formats/uuid.ts";
import { findGroup, viewerOf } from "./common.ts";
import { CREATE_RULE_RESPONSE, DELETE_SECURITY_GROUP_RESPONSE } from "./response_schemas.ts";

/** Nova's `create_rules` body: the ids are checked, the rest never was. */
const RULE_BODY: SchemaObject = {
  type: "object",
  properties: {
    security_group_rule: {
      type: "object",
      properties: {
        group_id: { type: ["string", "null"], format: "uuid" },
        parent_group_id: { type: "string", format: "uuid" },
        to_port: {},
        from_port: {},
        ip_protocol: {},
        cidr: {},
      },
      required: ["parent_group_id"],
      additionalProperties: true,
    },
  },
  required: ["security_group_rule"],
  additionalProperties: true,
};

/** A rule as Nova's `_new_ingress_rule` builds it. */
interface NovaRule {
  group_id?: string;
  cidr?: string;
  protocol?: string;
  from_port?: number;
  to_port?: number;
}

/** Python's `str()` of a JSON value, as Nova formats what it was sent. */
function pyStr(value: unknown): string {
  if (value === null) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/** Python's `int()` of a JSON value, or null where Python raises. */
function pyInt(value: unknown): number | null {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number") return Number.isFinite(value) ? Math.trunc(value) : null;
  if (typeof value !== "string") return null;
  const m = /^[\s]*([+-]?\d+(?:_\d+)*)[\s]*$/.exec(value);
  return m ? Number(m[1].replaceAll("_", "")) : null;
}

/** Python's truthiness of a JSON value. */
function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === "") {
    return false;
  }
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}

/** Nova's `parse_cidr`: empty is everywhere; otherwise URL-unquoted, a valid CIDR. */
function parseCidr(cidr: unknown): string {
  if (!truthy(cidr)) return "0.0.0.0/0";
  const invalid = () => new NovaFault(400, `${pyStr(cidr)} is not a valid IP network.`);
  if (typeof cidr !== "string") throw invalid();
  let text: string;
  try {
    text = decodeURIComponent(cidr.replace(/%(?![0-9a-fA-F]{2})/g, "%25"));
  } catch {
    throw invalid();
  }
  if (!isCidr(text)) throw new NovaFault(400, `${text} is not a valid IP network.`);
  return text;
}

/** Nova's `_new_ingress_rule`: the rule, or null when a CIDR rule lacks protocol or ports. */
function ingressRule(
  protocol: unknown,
  fromPort: unknown,
  toPort: unknown,
  source: { group_id: string } | { cidr: string },
): NovaRule | null {
  const values: NovaRule = {};
  let from = fromPort ?? null;
  let to = toPort ?? null;
  if ("group_id" in source) {
    values.group_id = source.group_id;
    const upper = truthy(protocol) ? pyStr(protocol).toUpperCase() : "";
    if (upper === "ICMP" && from === null && to === null) [from, to] = [-1, -1];
    else if ((upper === "TCP" || upper === "UDP") && from === null && to === null) {
      [from, to] = [1, 65535];
    }
  } else if (source.cidr) {
    values.cidr = source.cidr;
  }
  if (truthy(protocol) && from !== null && to !== null) {
    const name = pyStr(protocol);
    const upper = name.toUpperCase();
    const f = pyInt(from);
    const t = pyInt(to);
    if (f === null || t === null) {
      throw new NovaFault(
        400,
        upper === "ICMP"
          ? "Invalid input received: Type and Code must be integers for ICMP protocol type"
          : "Invalid input received: To and From ports must be integers",
      );
    }
    if (!["TCP", "UDP", "ICMP"].includes(upper)) {
      throw new NovaFault(400, `Invalid IP protocol ${name}.`);
    }
    const range = (msg: string) => new NovaFault(400, `Invalid port range ${f}:${t}. ${msg}`);
    if (upper !== "ICMP" && f > t) throw range("Former value cannot be greater than the later");
    if (upper !== "ICMP" && (f < 1 || t > 65535)) {
      throw range(`Valid ${upper} ports should be between 1-65535`);
    }
    if (upper === "ICMP" && (f < -1 || f > 255 || t < -1 || t > 255)) {
      throw range("For ICMP, the type:code must be valid");
    }
    values.protocol = name;
    values.from_port = f;
    values.to_port = t;
  } else if ("cidr" in source && source.cidr) {
    return null;
  }
  return values;
}

/** Nova's `_rule_exists` over the group's ingress rules in its format. */
function ruleExists(group: SecurityGroup, rule: NovaRule): boolean {
  return group.rules.some((r) => {
    if (r.direction !== "ingress") return false;
    const [from, to] = novaPorts(r);
    const cidr = r.remote_ip_prefix ?? "0.0.0.0/0";
    return (r.remote_group_id ?? undefined) === rule.group_id && cidr === rule.cidr &&
      from === (rule.from_port ?? null) && to === (rule.to_port ?? null) &&
      (r.protocol ?? undefined) === rule.protocol;
  });
}

/** Nova's port range for a rule with a protocol and no ports, else Neutron's. */
function novaPorts(rule: SecurityGroupRule): [number | null, number | null] {
  if (rule.protocol && rule.port_range_min === null && rule.port_range_max === null) {
    return ["TCP", "UDP"].includes(rule.protocol.toUpperCase()) ? [1, 65535] : [-1, -1];
  }
  return [rule.port_range_min, rule.port_range_max];
}

/** Nova's `_make_neutron_security_group_rules_list` for one rule. */
function neutronSpec(rule: NovaRule): RuleSpec {
  const v6 = rule.cidr !== undefined && rule.cidr.includes(":");
  return {
    direction: "ingress",
    ethertype: v6 ? "IPv6" : "IPv4",
    protocol: rule.protocol ?? null,
    port_range_min: rule.from_port === undefined || rule.from_port === -1 ? null : rule.from_port,
    port_range_max: rule.to_port === undefined || rule.to_port === -1 ? null : rule.to_port,
    remote_ip_prefix: rule.cidr ?? null,
    remote_group_id: rule.group_id ?? null,
  };
}

/** A rule in Nova's format, with its source group's name and tenant when it has one. */
function novaRule(rule: SecurityGroupRule, source: SecurityGroup | null) {
  const [from, to] = novaPorts(rule);
  return {
    from_port: from,
    group: source ? { name: source.name, tenant_id: source.project_id } : {},
    id: rule.id,
    ip_protocol: rule.protocol,
    ip_range: source ? {} : { cidr: rule.remote_ip_prefix ?? "0.0.0.0/0" },
    parent_group_id: rule.security_group_id,
    to_port: to,
  };
}

type RuleBody = { security_group_rule: Record<string, unknown> };

/** `POST /os-security-group-rules`. */
async function createRule(req: ApiRequest): Promise<Response> {
  const body = (req.body as RuleBody).security_group_rule;
  const groupId = (body.group_id ?? null) as string | null;
  const parent = await findGroup(req, body.parent_group_id as string);
  const source = groupId === null ? null : await findGroup(req, groupId);
  const rule = ingressRule(
    body.ip_protocol,
    body.from_port,
    body.to_port,
    groupId === null ? { cidr: parseCidr(body.cidr) } : { group_id: groupId },
  );
  if (rule === null) throw new NovaFault(400, "Not enough parameters to build a valid rule.");
  if (rule.cidr !== undefined) {
    const [net, prefix] = rule.cidr.split("/");
    if (net !== "0.0.0.0" && net !== "::" && prefix === "0") {
      throw new NovaFault(400, `Bad prefix for network in cidr ${rule.cidr}`);
    }
  }
  if (ruleExists(parent, rule)) {
    throw new NovaFault(400, `This rule already exists in group ${parent.id}`);
  }
  const now = req.runtime.instances.clock();
  const added = await addSecurityGroupRule(
    req.runtime.kv,
    parent.id,
    viewerOf(req),
    neutronSpec(rule),
    now,
  ).catch((e) => {
    if (e instanceof NeutronConflict) throw new NovaFault(403, e.message);
    if (e instanceof NeutronBadRequest) throw new NovaFault(400, e.message);
    throw e;
  });
  return json({ security_group_rule: novaRule(added, source) });
}

/** `DELETE /os-security-group-rules/{id}` (202). */
async function deleteRule(req: ApiRequest): Promise<Response> {
  const id = req.params.id;
  if (!isUuidLike(id)) throw new NovaFault(400, "Security group id should be uuid");
  await deleteSecurityGroupRule(req.runtime.kv, id, viewerOf(req)).catch((e) => {
    if (e instanceof SecurityGroupRuleMissing) throw new NovaFault(404, e.message);
    if (e instanceof NeutronConflict) throw new NovaFault(400, e.message);
    throw e;
  });
  return empty(202, { "content-type": "application/json" });
}

const OWN_PROJECT = (req: ApiRequest) => ({ project_id: req.context.projectId });

/** The security group rule rows (2.1-2.35). */
export const SECURITY_GROUP_RULE_ROUTES: readonly Route[] = [
  {
    method: "POST",
    path: "/os-security-group-rules",
    max: PROXY_CEILING,
    body: RULE_BODY,
    policy: { rule: "os_compute_api:os-security-groups:rule:create", target: OWN_PROJECT },
    response: CREATE_RULE_RESPONSE,
    handler: createRule,
  },
  {
    method: "DELETE",
    path: "/os-security-group-rules/{id}",
    max: PROXY_CEILING,
    policy: { rule: "os_compute_api:os-security-groups:rule:delete", target: OWN_PROJECT },
    response: DELETE_SECURITY_GROUP_RESPONSE,
    handler: deleteRule,
  },
];
