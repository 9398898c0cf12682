/**
 * The embedded identity service: a Keystone v3 subset the compute process can serve under a
 * prefix (e.g. `/identity`) so the quick start needs no separate Keystone. Users, projects and
 * roles come from `[identity]`; tokens are HMAC-signed and self-contained.
 *
 * @example
 * ```ts
 * import { identityApp, identityOptions } from "./lib/identity/embedded/mod.ts";
 *
 * const app = identityApp(await identityOptions(config));
 * ```
 *
 * @module
 */

export { identityApp } from "./app.ts";
export type { CatalogBases, CatalogEndpoint, CatalogService } from "./catalog.ts";
export { cloudsYaml, type CloudsYamlOptions } from "./clouds_yaml.ts";
export { IdentityConfigError } from "./config_error.ts";
export type { Directory, Domain, Project, Role, User } from "./directory.ts";
export { IdentityError } from "./errors.ts";
export { identityAppFactory } from "./factory.ts";
export {
  buildIdentityOptions,
  type IdentityOptions,
  identityOptions,
  type IdentitySettings,
} from "./options.ts";
export { hashPassword, verifyPassword } from "./password.ts";
export { SigningKeyError } from "./signing_key.ts";
export { renderToken } from "./render_token.ts";
export type { TokenPayload } from "./token_format.ts";
export { issueToken, type ValidateOptions, validateToken, type ValidToken } from "./tokens.ts";
export { requestBases } from "./urls.ts";
