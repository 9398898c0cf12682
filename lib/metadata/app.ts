/**
 * The metadata application (`nova.api.metadata.handler:MetadataRequestHandler.factory`): the
 * version listings; instance look-up and the metadata trees arrive with the metadata issue.
 *
 * @module
 */
import { ec2Listing, openstackListing } from "./versions.ts";
import { environ } from "../http/environ.ts";
import { text } from "../http/respond.ts";
import { notFoundPage } from "../http/webob_error.ts";
import type { Handler } from "../http/types.ts";

function normalize(path: string): string {
  const parts: string[] = [];
  for (const p of path.split("/")) {
    if (p === "" || p === ".") continue;
    if (p === "..") parts.pop();
    else parts.push(p);
  }
  return "/" + parts.join("/");
}

/** Build the metadata app. `now` is injectable for tests. */
export function metadataApp(options: { now?: () => Date } = {}): Handler {
  const now = options.now ?? (() => new Date());
  return (request) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      return Promise.resolve(
        new Response(
          "405 Method Not Allowed\n\nThe method is not allowed for this resource.\n\n   ",
          { status: 405, headers: { "content-type": "text/plain; charset=UTF-8", allow: "GET" } },
        ),
      );
    }
    const path = normalize(environ(request).pathInfo);
    if (path === "/") return Promise.resolve(text(ec2Listing().join("\n")));
    if (path === "/openstack") {
      return Promise.resolve(text(openstackListing(now().toISOString().slice(0, 10)).join("\n")));
    }
    return Promise.resolve(
      notFoundPage(request),
    );
  };
}
