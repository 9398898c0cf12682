/**
 * The token body Keystone returns from `POST` and `GET /v3/auth/tokens`: methods, user, audit ids
 * and times, and for a project-scoped token the project, roles and (unless `nocatalog`) catalog.
 *
 * @module
 */

import { type CatalogBases, renderCatalog } from "./catalog.ts";
import type { IdentityOptions } from "./options.ts";
import { isoTime } from "./time.ts";
import type { ValidToken } from "./tokens.ts";

/**
 * The `{"token": ...}` body for a token.
 *
 * @example
 * ```ts
 * renderToken(options, token, requestBases("", request), true).token.expires_at;
 * ```
 */
export function renderToken(
  options: IdentityOptions,
  token: ValidToken,
  bases: CatalogBases,
  includeCatalog: boolean,
): { token: Record<string, unknown> } {
  const domain = options.directory.domain;
  const body: Record<string, unknown> = {
    methods: token.payload.methods,
    user: {
      domain: { id: domain.id, name: domain.name },
      id: token.user.id,
      name: token.user.name,
      password_expires_at: null,
    },
    audit_ids: token.payload.auditIds,
    expires_at: isoTime(token.payload.expiresAt),
    issued_at: isoTime(token.payload.issuedAt),
  };
  if (token.project) {
    body.project = {
      domain: { id: domain.id, name: domain.name },
      id: token.project.id,
      name: token.project.name,
    };
    body.is_domain = false;
    body.roles = token.roles.map((r) => ({ id: r.id, name: r.name }));
    if (includeCatalog) body.catalog = renderCatalog(options.catalog, bases, options.region);
  }
  return { token: body };
}
