/**
 * Application-credential access rules: a token made from an application credential that lists
 * `access_rules` may only be used for the requests those rules allow (method, service type and a
 * path pattern where `*` is one segment, `**` any number and `{name}` one segment).
 *
 * @module
 */
import { InvalidToken } from "./errors.ts";

/** Whether `path` matches an access-rule `pattern`. */
export function pathMatches(path: string, pattern: string): boolean {
  let source = "";
  const token = /(\{[^}]*\})|(\*(?=$|[^*]))|(\*\*)|([^{}*])/g;
  for (const m of pattern.matchAll(token)) {
    if (m[1] || m[2]) source += "[^/]+";
    else if (m[3]) source += ".*";
    else source += m[4].replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(`^${source}$`).test(path);
}

/** The request facts the rules are checked against. */
export interface RuleRequest {
  method: string;
  /** Script name plus path info, as webob's `request.path`. */
  path: string;
  /** Whether an `X-Service-Token` came along (a service acting for the user). */
  hasServiceToken: boolean;
}

/**
 * Throws {@link InvalidToken} when the token's access rules do not allow the request.
 *
 * @param token the `token` object of the validation body
 * @param serviceType `[keystone_authtoken] service_type`
 */
export function checkAccessRules(
  token: Record<string, unknown>,
  serviceType: string | null,
  request: RuleRequest,
  log?: (line: string) => void,
): void {
  const appCred = token.application_credential as Record<string, unknown> | undefined;
  if (!appCred) return;
  const rules = appCred.access_rules as Array<Record<string, string>> | undefined | null;
  if (rules === undefined || rules === null) return;
  if (!serviceType) {
    log?.(
      "Cannot validate request with restricted access rules. Set service_type in " +
        "[keystone_authtoken] to allow access rule validation.",
    );
    throw new InvalidToken();
  }
  if (
    serviceType === "identity" && request.method === "GET" &&
    request.path.endsWith("/v3/auth/tokens")
  ) {
    return;
  }
  const catalog = (token.catalog ?? []) as Array<Record<string, unknown>>;
  if (!catalog.some((s) => s.type === serviceType)) {
    log?.(
      "Cannot validate request with restricted access rules. service_type in " +
        "[keystone_authtoken] is not a valid service type in the catalog.",
    );
    throw new InvalidToken();
  }
  if (request.hasServiceToken) return;
  for (const rule of rules) {
    if (
      request.method === rule.method && rule.service === serviceType &&
      pathMatches(request.path, rule.path)
    ) return;
  }
  throw new InvalidToken();
}
