import assert from "node:assert/strict";
import { resolveConfigFiles } from "../../lib/config/files.ts";

const DEFAULT_ORIGIN = "default of OS_NOVA_CONFIG_FILES";
const ENV_ORIGIN = "from OS_NOVA_CONFIG_FILES";

const cases: Array<{
  name: string;
  env: Record<string, string | undefined>;
  dir: string;
  files: string[];
  origin: string;
}> = [
  {
    name: "nothing set: /etc/nova with api-paste.ini then nova.conf",
    env: {},
    dir: "/etc/nova",
    files: ["/etc/nova/api-paste.ini", "/etc/nova/nova.conf"],
    origin: DEFAULT_ORIGIN,
  },
  {
    name: "variables present but undefined count as unset",
    env: { OS_NOVA_CONFIG_DIR: undefined, OS_NOVA_CONFIG_FILES: undefined },
    dir: "/etc/nova",
    files: ["/etc/nova/api-paste.ini", "/etc/nova/nova.conf"],
    origin: DEFAULT_ORIGIN,
  },
  {
    name: "empty file list means the default list",
    env: { OS_NOVA_CONFIG_FILES: "" },
    dir: "/etc/nova",
    files: ["/etc/nova/api-paste.ini", "/etc/nova/nova.conf"],
    origin: DEFAULT_ORIGIN,
  },
  {
    name: "a list of only separators and spaces means the default list",
    env: { OS_NOVA_CONFIG_FILES: " ; ;; " },
    dir: "/etc/nova",
    files: ["/etc/nova/api-paste.ini", "/etc/nova/nova.conf"],
    origin: DEFAULT_ORIGIN,
  },
  {
    name: "the directory is stripped of surrounding whitespace",
    env: { OS_NOVA_CONFIG_DIR: "  /srv/nova\n" },
    dir: "/srv/nova",
    files: ["/srv/nova/api-paste.ini", "/srv/nova/nova.conf"],
    origin: DEFAULT_ORIGIN,
  },
  {
    name: "a blank directory falls back to /etc/nova",
    env: { OS_NOVA_CONFIG_DIR: "   " },
    dir: "/etc/nova",
    files: ["/etc/nova/api-paste.ini", "/etc/nova/nova.conf"],
    origin: DEFAULT_ORIGIN,
  },
  {
    name: "a trailing slash on the directory does not double up",
    env: { OS_NOVA_CONFIG_DIR: "/srv/nova/", OS_NOVA_CONFIG_FILES: "nova.conf" },
    dir: "/srv/nova/",
    files: ["/srv/nova/nova.conf"],
    origin: ENV_ORIGIN,
  },
  {
    name: "a relative directory stays relative",
    env: { OS_NOVA_CONFIG_DIR: "./etc/nova", OS_NOVA_CONFIG_FILES: "nova.conf" },
    dir: "./etc/nova",
    files: ["./etc/nova/nova.conf"],
    origin: ENV_ORIGIN,
  },
  {
    name: "entries are stripped, empty entries dropped, order kept",
    env: { OS_NOVA_CONFIG_FILES: " nova.conf ;; extra.conf ; ;" },
    dir: "/etc/nova",
    files: ["/etc/nova/nova.conf", "/etc/nova/extra.conf"],
    origin: ENV_ORIGIN,
  },
  {
    name: "absolute entries are kept as they are",
    env: { OS_NOVA_CONFIG_DIR: "/srv/nova", OS_NOVA_CONFIG_FILES: "/opt/a.conf;b.conf" },
    dir: "/srv/nova",
    files: ["/opt/a.conf", "/srv/nova/b.conf"],
    origin: ENV_ORIGIN,
  },
  {
    name: "entries may name subdirectories",
    env: { OS_NOVA_CONFIG_FILES: "nova.conf.d/10-api.conf" },
    dir: "/etc/nova",
    files: ["/etc/nova/nova.conf.d/10-api.conf"],
    origin: ENV_ORIGIN,
  },
];

for (const c of cases) {
  Deno.test(`resolveConfigFiles: ${c.name}`, () => {
    assert.deepEqual(resolveConfigFiles(c.env), { dir: c.dir, files: c.files, origin: c.origin });
  });
}
