/**
 * Serving one path for an identified instance, as Nova's `InstanceMetadata.lookup` and the
 * handler after it: the path is normalized (so trailing slashes do not matter), anything not
 * below `/openstack` is the EC2 tree (`/ec2` names it explicitly), a listing prints one entry a
 * line, and whatever the trees do not hold is 404.
 *
 * @module
 */
import { utf8Length } from "../http/respond.ts";
import { notFoundPage, webobErrorResponse } from "../http/webob_error.ts";
import { normpath } from "./normpath.ts";
import { ec2Tree } from "./ec2.ts";
import type { InstanceMetadata } from "./instance.ts";
import { openstackItem, type VendorData } from "./openstack.ts";
import { handlePassword } from "./password.ts";
import { findInTree, printNode } from "./tree.ts";
import { ec2Listing, openstackListing } from "./versions.ts";

/** Settings of {@link metadataResponder}. */
export interface ResponderOptions {
  kv: Deno.Kv;
  vendor: VendorData;
  /** The clock (hides future OpenStack versions). */
  now?: () => Date;
  log?: (line: string) => void;
}

/**
 * A text answer. A string goes to the Response as it is: `Deno.serve` writes it and frees its
 * copy once sent, where an encoded copy is an ArrayBuffer that waits for a garbage collection.
 */
function plain(body: string | Uint8Array, json = false): Response {
  const type = json ? "application/json" : "text/plain; charset=UTF-8";
  if (typeof body === "string") {
    return new Response(body, {
      headers: { "content-type": type, "content-length": String(utf8Length(body)) },
    });
  }
  const bytes = new Uint8Array(body);
  return new Response(bytes, {
    headers: { "content-type": type, "content-length": String(bytes.byteLength) },
  });
}

/**
 * Build the function that answers `pathInfo` for an identified instance.
 *
 * @example
 * ```ts
 * const respond = metadataResponder({ kv, vendor: { providers: [], staticData: {} } });
 * await respond(request, md, "/latest/meta-data/instance-id");
 * ```
 */
export function metadataResponder(
  opts: ResponderOptions,
): (request: Request, md: InstanceMetadata, pathInfo: string) => Promise<Response> {
  const now = opts.now ?? (() => new Date());
  const log = opts.log ?? (() => {});
  return async (request, md, pathInfo) => {
    const path = normpath(pathInfo === "" || pathInfo[0] !== "/" ? "/" + pathInfo : pathInfo);
    let tokens = path.split("/").slice(1);
    if (tokens[0] !== "ec2" && tokens[0] !== "openstack") {
      tokens = tokens[0] === "" ? ["ec2"] : ["ec2", ...tokens];
    }
    if (tokens.length === 1) {
      const list = tokens[0] === "openstack"
        ? openstackListing(now().toISOString().slice(0, 10))
        : ec2Listing();
      return plain(list.join("\n"));
    }
    if (tokens[0] === "openstack") {
      let answer;
      try {
        answer = await openstackItem(md, tokens.slice(1), opts.vendor);
      } catch (e) {
        log(`ERROR Failed to render ${path} for instance ${md.uuid}: ${e}`);
        return webobErrorResponse(request, {
          status: 500,
          title: "Internal Server Error",
          explanation: "An unknown error has occurred. Please try your request again.",
        });
      }
      if (answer === null) return notFoundPage(request);
      if (answer.kind === "password") return await handlePassword(request, opts.kv, md.uuid);
      return plain(answer.body, answer.json);
    }
    const tree = ec2Tree(md, tokens[1]);
    const node = tree === null ? undefined : findInTree(tree, tokens.slice(2));
    if (node === undefined) return notFoundPage(request);
    return plain(printNode(node));
  };
}
