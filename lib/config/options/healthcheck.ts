/**
 * `[healthcheck]` options (oslo.middleware's healthcheck filter and its backends). A key in the
 * filter's paste section wins over the same key here.
 *
 * @module
 */

import type { OptionGroup } from "../option.ts";
import { boolean, list, string } from "../types.ts";

/** `[healthcheck]` options. */
export const healthcheckGroup: OptionGroup = {
  name: "healthcheck",
  options: [
    {
      name: "path",
      type: string(),
      default: "/healthcheck",
      deprecatedForRemoval: true,
      help: "The request path the healthcheck filter answers (the whole path, mount included).",
    },
    {
      name: "detailed",
      type: boolean(),
      default: false,
      help: "Answer JSON and HTML requests with details about the process. They may tell more " +
        "about the server than a public endpoint should.",
    },
    {
      name: "backends",
      type: list(),
      default: [],
      help: "Checks to run, in order: disable_by_file, disable_by_files_ports, enable_by_files.",
    },
    {
      name: "allowed_source_ranges",
      type: list(),
      default: [],
      help: "Answer only peers in these networks (CIDR); other requests pass on to the API.",
    },
    {
      name: "ignore_proxied_requests",
      type: boolean(),
      default: false,
      help: "Let requests that carry proxy headers (X-Forwarded-*) pass on to the API.",
    },
    {
      name: "disable_by_file_path",
      type: string(),
      default: null,
      help: "disable_by_file: while this file exists the check answers 503.",
    },
    {
      name: "disable_by_file_paths",
      type: list(),
      default: [],
      help: "disable_by_files_ports: PORT:PATH pairs; while PATH exists, requests to PORT get 503.",
    },
    {
      name: "enable_by_file_paths",
      type: list(),
      default: [],
      help: "enable_by_files: the check answers 503 while any of these files is missing.",
    },
  ],
};
