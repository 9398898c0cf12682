/**
 * Prints a password hash for `[identity] users`, with each `$` doubled as nova.conf needs:
 * `deno run lib/identity/embedded/hash_password.ts` (reads the password from standard input).
 *
 * @module
 */

import { hashPassword } from "./password.ts";

/** The hash of `password`, escaped for an oslo.config file (`$` written as `$$`). */
export async function configHash(password: string): Promise<string> {
  return (await hashPassword(password)).replaceAll("$", "$$$$");
}

if (import.meta.main) {
  const input = await new Response(Deno.stdin.readable).text();
  const password = input.replace(/\r?\n$/, "");
  if (password === "") {
    console.error("usage: echo -n PASSWORD | deno run lib/identity/embedded/hash_password.ts");
    Deno.exit(2);
  }
  console.log(await configHash(password));
}
