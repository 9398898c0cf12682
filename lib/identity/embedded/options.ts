/**
 * What the embedded identity service runs with, and how it is read from `[identity]`: the
 * directory of users and projects, the signing key (read or made), the revocation list, the
 * catalog, and a clock that tests can replace.
 *
 * @module
 */

import type { Config } from "../../config/mod.ts";
import { forOption } from "./check_options.ts";
import { catalogFromLines, type ServiceTemplate } from "./catalog.ts";
import type { Directory } from "./directory.ts";
import { storedDirectory } from "./directory_store.ts";
import { StoredRevocations, storedSigningKey } from "../../store/identity_secrets.ts";
import { RevocationList } from "./revocation.ts";
import { hmacKey, loadSigningKey, SIGNING_KEY_BYTES } from "./signing_key.ts";
import { buildDirectory } from "./users_config.ts";

/** Everything `identityApp` needs, built once at start-up. */
export interface IdentityOptions {
  /** Users, projects, roles and assignments. */
  directory: Directory;
  /** The HMAC-SHA256 key tokens are signed with. */
  signingKey: CryptoKey;
  /** Seconds a new token is valid. */
  tokenExpiration: number;
  /** The compute API's public base URL, without a trailing slash; "" to use each request's. */
  publicEndpoint: string;
  /** The region of the catalog's endpoints. */
  region: string;
  /** The catalog's services. */
  catalog: readonly ServiceTemplate[];
  /** Revoked audit ids. */
  revocations: Revocations;
  /** The current time in ms since the epoch. */
  now: () => number;
}

/** Where revoked audit ids are kept: a file ({@link RevocationList}) or the store. */
export interface Revocations {
  /** Whether any of the audit ids is revoked. */
  isRevoked(auditIds: readonly string[]): Promise<boolean>;
  /** Revokes an audit id until `until` (ms since the epoch). */
  revoke(auditId: string, until: number): Promise<void>;
}

/** Plain settings, as `[identity]` holds them; see `lib/config/options/identity.ts`. */
export interface IdentitySettings {
  /** `NAME:PASSWORD:PROJECT:ROLES` lines. */
  users: readonly string[];
  /** Further project names. */
  projects?: readonly string[];
  /** Seconds a token is valid (3600 unless told). */
  tokenExpiration?: number;
  /** The signing key file; "" (the default here) keeps a fresh key in memory only. */
  signingKeyFile?: string;
  /** The compute API's public base URL ("" for each request's own). */
  publicEndpoint?: string;
  /** The catalog region (`RegionOne` unless told). */
  region?: string;
  /** Further `TYPE:NAME:URL` catalog lines. */
  catalog?: readonly string[];
  /** The clock (`Date.now` unless told). */
  now?: () => number;
}

/** The parts that need work (hashing, files) before the options can be put together. */
interface Prepared {
  directory: Directory;
  catalog: ServiceTemplate[];
  key: Uint8Array;
  /** Revocations kept in the store (instead of beside the key file). */
  revocations?: Revocations;
}

/** Puts prepared parts and plain settings together. */
async function assemble(parts: Prepared, settings: IdentitySettings): Promise<IdentityOptions> {
  const now = settings.now ?? Date.now;
  const keyFile = settings.signingKeyFile ?? "";
  return {
    directory: parts.directory,
    signingKey: await hmacKey(parts.key),
    tokenExpiration: settings.tokenExpiration ?? 3600,
    publicEndpoint: (settings.publicEndpoint ?? "").trim().replace(/\/+$/, ""),
    region: settings.region ?? "RegionOne",
    catalog: parts.catalog,
    revocations: parts.revocations ??
      new RevocationList(keyFile === "" ? "" : `${keyFile}.revoked`, now),
    now,
  };
}

/**
 * Builds the options from plain settings: hashes plain-text passwords, reads or makes the signing
 * key, and keeps revocations beside it. Throws {@link IdentityConfigError} or
 * {@link SigningKeyError} for unusable values.
 *
 * @example
 * ```ts
 * const options = await buildIdentityOptions({ users: ["admin:secret:admin:admin"] });
 * ```
 */
export async function buildIdentityOptions(settings: IdentitySettings): Promise<IdentityOptions> {
  return await assemble({
    directory: await buildDirectory(settings.users, settings.projects ?? []),
    catalog: await catalogFromLines(settings.catalog ?? []),
    key: await loadSigningKey(settings.signingKeyFile ?? ""),
  }, settings);
}

/** Runs `make`, turning an identity setting problem into a `ConfigError` naming the option. */

/**
 * The store: created projects, users and roles always live there; the signing key and
 * revocations too when `deployed` (rather than in files).
 */
export interface StoreSecrets {
  /** Opens (or returns) the process's store. */
  kv: () => Promise<Deno.Kv>;
  /**
   * Whether to keep the secrets in the store when `signing_key_file` is empty: true on Deno
   * Deploy (`DENO_DEPLOYMENT_ID` set), where there are no files and each isolate would otherwise
   * make its own key.
   */
  deployed: boolean;
}

/**
 * Reads `[identity]` from the process configuration, as the paste app factory does; problems
 * are reported as a `ConfigError` naming the option and where it was set. With `store` given and
 * `deployed`, an empty `signing_key_file` keeps the key and revocations in the store.
 *
 * @example
 * ```ts
 * const handler = identityApp(await identityOptions(runtime.config));
 * ```
 */
export async function identityOptions(
  config: Config,
  store?: StoreSecrets,
): Promise<IdentityOptions> {
  const get = <T>(name: string) => config.get<T>("identity", name);
  const settings: IdentitySettings = {
    users: get<string[]>("users"),
    projects: get<string[]>("projects"),
    catalog: get<string[]>("catalog"),
    tokenExpiration: get<number>("token_expiration"),
    signingKeyFile: get<string>("signing_key_file"),
    publicEndpoint: get<string | null>("public_endpoint") ?? "",
    region: get<string>("region"),
  };
  const inStore = store !== undefined && settings.signingKeyFile === "" && store.deployed;
  const kv = inStore ? await store.kv() : undefined;
  const directory = await forOption(
    config,
    "users",
    () => buildDirectory(settings.users, settings.projects),
  );
  // Created projects, users and roles live in the store whenever there is one.
  if (store !== undefined) directory.keepIn(storedDirectory(store.kv));
  return await assemble({
    directory,
    catalog: await forOption(config, "catalog", () => catalogFromLines(settings.catalog ?? [])),
    key: kv ? await storedSigningKey(kv, SIGNING_KEY_BYTES) : await forOption(
      config,
      "signing_key_file",
      () => loadSigningKey(settings.signingKeyFile!),
    ),
    revocations: kv ? new StoredRevocations(kv) : undefined,
  }, settings);
}
