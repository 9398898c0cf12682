/**
 * What a route handler of the identity service gets: the options, the request, the URLs it
 * answers with, the query, and the JSON body reader.
 *
 * @module
 */

import { environ } from "../../http/environ.ts";
import type { CatalogBases } from "./catalog.ts";
import { IdentityError, validationError } from "./errors.ts";
import type { IdentityOptions } from "./options.ts";
import { requestBases, v3Url } from "./urls.ts";

/** The largest request body accepted (oslo.middleware's default limit, as Keystone runs it). */
export const MAX_BODY_BYTES = 114_688;

/** One request, as the route handlers see it. */
export interface RequestContext {
  options: IdentityOptions;
  request: Request;
  /** The compute and identity base URLs for this request. */
  bases: CatalogBases;
  /** The identity service's `.../v3` URL. */
  v3: string;
  /** The path below the mount prefix, without a trailing slash ("/" at the root). */
  path: string;
  /** The query parameters. */
  query: URLSearchParams;
  /** The URL of this request as clients see it, query included (for `links.self`). */
  selfUrl: string;
}

/** The path below the mount, normalised: repeated slashes collapsed, no trailing slash. */
export function normalisePath(pathInfo: string): string {
  const collapsed = pathInfo.replace(/\/{2,}/g, "/").replace(/\/+$/, "");
  return collapsed === "" ? "/" : collapsed;
}

/** Builds the context of a request. */
export function requestContext(options: IdentityOptions, request: Request): RequestContext {
  const env = environ(request);
  const bases = requestBases(options.publicEndpoint, request);
  const path = normalisePath(env.pathInfo);
  return {
    options,
    request,
    bases,
    v3: v3Url(bases),
    path,
    query: new URLSearchParams(env.query),
    selfUrl: bases.identity + (path === "/" ? "" : path) + env.query,
  };
}

/** The body's bytes, or `null` as soon as it exceeds {@link MAX_BODY_BYTES}. */
async function boundedBytes(request: Request): Promise<Uint8Array | null> {
  if (Number(request.headers.get("content-length") ?? "0") > MAX_BODY_BYTES) return null;
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

/** The request's JSON body; malformed or oversized bodies are Keystone's 400 and 413. */
export async function jsonBody(request: Request): Promise<unknown> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "" && type !== "application/json" && !/^application\/[\w.+-]+\+json$/.test(type)) {
    throw validationError("application/json", "Content-Type header");
  }
  const bytes = await boundedBytes(request);
  if (bytes === null) {
    throw new IdentityError(413, "Request Entity Too Large", "Request is too large.");
  }
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw validationError("valid JSON", "request body");
  }
}
