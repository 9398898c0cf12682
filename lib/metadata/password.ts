/**
 * `/openstack/<version>/password` (Grizzly and later), as Nova's `password.handle_password`: GET
 * answers the stored password (empty when none); POST stores the body once (at most 4 × 255
 * bytes): a second POST is 409, a larger body 400; any other method is 400.
 *
 * @module
 */
import { getPassword, storePasswordOnce } from "../store/passwords.ts";
import { webobErrorResponse } from "../http/webob_error.ts";

/** Nova keeps a password in four chunks of 255 characters. */
export const MAX_PASSWORD_BYTES = 4 * 255;

function bad(request: Request, explanation: string): Response {
  return webobErrorResponse(request, { status: 400, title: "Bad Request", explanation });
}

/** webob's default page body for a response returned by a wsgify'd function. */
function page(body: string): Response {
  const bytes = new TextEncoder().encode(body);
  return new Response(bytes, {
    headers: {
      "content-type": "text/html; charset=UTF-8",
      "content-length": String(bytes.byteLength),
    },
  });
}

/** Read at most `limit` + 1 bytes of the body (enough to tell it is too large). */
async function readCapped(request: Request, limit: number): Promise<Uint8Array | null> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * Answer a request for the password of `uuid`.
 *
 * @example
 * ```ts
 * return await handlePassword(request, kv, md.uuid);
 * ```
 */
export async function handlePassword(
  request: Request,
  kv: Deno.Kv,
  uuid: string,
): Promise<Response> {
  if (request.method === "GET") return page((await getPassword(kv, uuid)) ?? "");
  if (request.method !== "POST") return bad(request, "GET and POST only are supported.");
  // Nova answers a conflict before it looks at the body.
  if (await getPassword(kv, uuid)) {
    await request.body?.cancel().catch(() => {});
    return webobErrorResponse(request, {
      status: 409,
      title: "Conflict",
      explanation: "There was a conflict when trying to complete your request.",
    });
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_PASSWORD_BYTES) {
    await request.body?.cancel().catch(() => {});
    return bad(request, "Request is too large.");
  }
  const body = await readCapped(request, MAX_PASSWORD_BYTES);
  if (body === null) return bad(request, "Request is too large.");
  let password: string;
  try {
    password = new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    return bad(request, "The password is not valid UTF-8.");
  }
  switch (await storePasswordOnce(kv, uuid, password)) {
    case "stored":
      return page("");
    case "conflict":
      return webobErrorResponse(request, {
        status: 409,
        title: "Conflict",
        explanation: "There was a conflict when trying to complete your request.",
      });
    case "no-instance":
      return bad(request, `Instance ${uuid} could not be found.`);
  }
}
