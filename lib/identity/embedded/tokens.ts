/**
 * Issuing and validating tokens. Validation checks, in order: the signature, the expiry (with an
 * optional grace window, as Keystone's `allow_expired`), the revocation list, and that the user,
 * project and at least one role on it still exist in the configuration. The roles a validated
 * token reports are the current ones, as Keystone recomputes them at validation.
 *
 * @module
 */

import type { Project, Role, User } from "./directory.ts";
import { IdentityError, notFound } from "./errors.ts";
import { randomAuditId } from "./ids.ts";
import type { IdentityOptions } from "./options.ts";
import { openToken, sealToken, type TokenPayload } from "./token_format.ts";

/** How long past expiry `allow_expired` still accepts a token: Keystone's default, 48 hours. */
export const ALLOW_EXPIRED_WINDOW_MS = 48 * 3600 * 1000;

/** A token known to be good, with what it refers to. */
export interface ValidToken {
  /** The token string. */
  id: string;
  /** What it says. */
  payload: TokenPayload;
  /** Its user. */
  user: User;
  /** Its project, when scoped. */
  project?: Project;
  /** The user's current roles on the project, implied ones included (empty when unscoped). */
  roles: Role[];
}

/** What a new token is for. */
export interface Grant {
  /** The authenticated user. */
  user: User;
  /** The project to scope to, if any; the user must hold a role on it. */
  project?: Project;
  /** The methods that authenticated the user, most recent first. */
  methods: string[];
  /** An expiry to keep (a token made from a token expires with it). */
  expiresAt?: number;
  /** The audit id of the token this one is made from. */
  parentAuditId?: string;
}

/** Signs a new token for a grant. */
export async function issueToken(options: IdentityOptions, grant: Grant): Promise<ValidToken> {
  const now = options.now();
  const roles = grant.project ? options.directory.rolesOn(grant.user.id, grant.project.id) : [];
  const payload: TokenPayload = {
    userId: grant.user.id,
    ...(grant.project ? { projectId: grant.project.id } : {}),
    roles: roles.map((r) => r.name),
    methods: grant.methods,
    issuedAt: now,
    expiresAt: grant.expiresAt ?? now + options.tokenExpiration * 1000,
    auditIds: grant.parentAuditId ? [randomAuditId(), grant.parentAuditId] : [randomAuditId()],
  };
  const id = await sealToken(options.signingKey, payload);
  return {
    id,
    payload,
    user: grant.user,
    ...(grant.project ? { project: grant.project } : {}),
    roles,
  };
}

/** Options of {@link validateToken}. */
export interface ValidateOptions {
  /** Accept a token up to {@link ALLOW_EXPIRED_WINDOW_MS} past its expiry. */
  allowExpired?: boolean;
}

/**
 * The token's details, or a 404 {@link IdentityError} (Keystone's answer for a subject token that
 * is not valid; callers checking their own credentials turn it into a 401).
 */
export async function validateToken(
  options: IdentityOptions,
  id: string | null | undefined,
  validate: ValidateOptions = {},
): Promise<ValidToken> {
  if (!id) throw notFound("No token in the request");
  const payload = await openToken(options.signingKey, id);
  if (!payload) throw notFound("Could not recognize the token");
  const window = validate.allowExpired ? ALLOW_EXPIRED_WINDOW_MS : 0;
  if (options.now() >= payload.expiresAt + window) throw notFound("Failed to validate token");
  if (await options.revocations.isRevoked(payload.auditIds.slice(0, 1))) {
    throw notFound("Failed to validate token");
  }
  const { directory } = options;
  const user = directory.user(payload.userId);
  if (!user) throw notFound(`Could not find token: ${id}.`);
  if (payload.projectId === undefined) return { id, payload, user, roles: [] };
  const project = directory.project(payload.projectId);
  const roles = project ? directory.rolesOn(user.id, project.id) : [];
  if (!project || roles.length === 0) throw notFound(`Could not find token: ${id}.`);
  return { id, payload, user, project, roles };
}

/** Revokes a token: it and its audit id are refused from now until it would have expired. */
export async function revokeToken(options: IdentityOptions, token: ValidToken): Promise<void> {
  await options.revocations.revoke(
    token.payload.auditIds[0],
    token.payload.expiresAt + ALLOW_EXPIRED_WINDOW_MS,
  );
}

/** Whether an error is a token validation failure (a 404 from {@link validateToken}). */
export function isInvalidToken(error: unknown): error is IdentityError {
  return error instanceof IdentityError && error.status === 404;
}
