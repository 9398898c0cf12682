/**
 * The start-up check of `[identity]`: every problem {@link identityOptions} would report, found
 * without building the service (its directory store, revocations and HMAC key are made when the
 * identity API is first used).
 *
 * @module
 */
import { type Config, ConfigError } from "../../config/mod.ts";
import { parseCatalogLines } from "./catalog_lines.ts";
import { IdentityConfigError } from "./config_error.ts";
import { loadSigningKey, SigningKeyError } from "./signing_key.ts";
import { planDirectory } from "./users_lines.ts";

/** Run `make`, reporting an identity problem as a `ConfigError` that names `[identity] option`. */
export async function forOption<T>(
  config: Config,
  option: string,
  make: () => T | Promise<T>,
): Promise<T> {
  try {
    return await make();
  } catch (e) {
    if (!(e instanceof IdentityConfigError) && !(e instanceof SigningKeyError)) throw e;
    throw ConfigError.badValue({
      where: config.source("identity", option),
      group: "identity",
      option,
      value: config.get("identity", option),
      reason: e.message,
      secret: option === "users",
    });
  }
}

/**
 * Check `[identity]` as start-up must: the users and catalog lines, the other options' values,
 * and the signing key file (read, or made when missing, as the service will). On Deno Deploy
 * (`deployed`) an empty `signing_key_file` means the key lives in the store: nothing to check.
 *
 * @example
 * ```ts
 * await checkIdentityOptions(runtime.config, false); // throws a ConfigError on a bad line
 * ```
 */
export async function checkIdentityOptions(config: Config, deployed: boolean): Promise<void> {
  const get = <T>(name: string) => config.get<T>("identity", name);
  for (const name of ["token_expiration", "public_endpoint", "region"]) get(name);
  // Checked, not built: the ids (a SHA-256 each) are made when the identity API is first used.
  await forOption(
    config,
    "users",
    () => planDirectory(get<string[]>("users"), get<string[]>("projects")),
  );
  await forOption(config, "catalog", () => parseCatalogLines(get<string[]>("catalog") ?? []));
  const keyFile = get<string>("signing_key_file");
  if (keyFile !== "" || !deployed) {
    await forOption(config, "signing_key_file", () => loadSigningKey(keyFile));
  }
}
