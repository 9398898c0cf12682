/**
 * The console's pages, rendered on the server from the compute API's answers (the session's
 * token, in-process), so they read without JavaScript: the log-in form, the servers, one server
 * (facts, instance-action timeline, addresses, console output, what cloud-init reads), the
 * hypervisors, zones and aggregates, server groups. Parts marked `data-live` are what the script
 * swaps in when a poll finds the page changed. Every value is escaped by the `html` tag.
 *
 * @module
 */
import { type Html, html } from "./html.ts";
import type { Compute } from "./compute_client.ts";
import type { ConsoleSession } from "./session.ts";

/** What a page needs. */
export interface PageContext {
  /** The console's mount (`/console`). */
  base: string;
  session: ConsoleSession;
  compute: Compute;
  /** Reads a metadata path of an instance as its guest gets it (null: no such instance). */
  metadata?: (instanceId: string, path: string) => Promise<Response | null>;
}

/** A rendered page: status and markup. */
export interface Page {
  status: number;
  body: string;
}

/** Whether the session holds the admin role. */
export function isAdmin(session: ConsoleSession): boolean {
  return session.roles.includes("admin");
}

function csrfField(session: ConsoleSession): Html {
  return html`<input type="hidden" name="csrf" value="${session.csrf}">`;
}

/** The navigation: [page, label]; the servers page is the console's root. */
const NAV: readonly (readonly [string, string])[] = [
  ["servers", "Servers"],
  ["hosts", "Hosts"],
  ["zones", "Zones & aggregates"],
  ["server-groups", "Server groups"],
];

/** The frame of every page: head, skip link, navigation, log-out form. */
export function layout(
  base: string,
  title: string,
  page: string,
  session: ConsoleSession | null,
  body: Html,
  poll = false,
): string {
  const nav = session
    ? html`
      <nav aria-label="Console">
        ${NAV.map(([slug, label]) =>
          html`
            <a href="${base}/${slug === "servers" ? "" : slug}" ${slug === page
              ? html`
                aria-current="page"
              `
              : ""}>${label}</a>
          `
        )}
        <span id="who">${session.user} @ ${session.project}${isAdmin(session)
          ? " (admin)"
          : ""}</span>
        <form method="post" action="${base}/logout" class="inline">${csrfField(session)}
            <button type="submit" id="logout">Log out</button></form>
      </nav>
    `
    : "";
  return html`
    <!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>${title} \\u2014 nova-deno console</title>
        <link rel="stylesheet" href="${base}/style.css">
        <script type="module" src="${base}/app.js"></script>
      </head>
      <body data-page="${page}" ${poll
        ? html`
          data-poll="2000"
        `
        : ""}>
        <a class="skip" href="#main">Skip to content</a>
        <header>
      <h1>nova-deno console</h1>
      ${nav}
        </header>
        <main id="main" tabindex="-1">
    ${body}
        </main>
      </body>
    </html>
  `.text;
}

/** The log-in form; `csrf` is the pre-log-in cookie's value. */
export function loginPage(base: string, csrf: string, error = "", values?: {
  username?: string;
  project?: string;
}): string {
  return layout(
    base,
    "Log in",
    "login",
    null,
    html`<section id="login-view">
  <h2>Log in</h2>
  <form id="login" method="post" action="${base}/login">
    <input type="hidden" name="csrf" value="${csrf}">
    <label for="username">User name</label>
    <input id="username" name="username" autocomplete="username" required value="${
      values?.username ?? ""
    }">
    <label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
    <label for="project">Project</label>
    <input id="project" name="project" required value="${values?.project ?? ""}">
    <button type="submit">Log in</button>
    <p id="login-error" role="alert">${error}</p>
  </form>
</section>`,
  );
}

/** A page that only says what went wrong (a 404 server, a refused read). */
export function errorPage(ctx: PageContext, status: number, message: string): Page {
  return {
    status,
    body: layout(
      ctx.base,
      "Error",
      "error",
      ctx.session,
      html`
        <h2>Error ${status}</h2>
        <p id="page-error" role="alert">${message}</p>
        <p><a href="${ctx.base}/">Back to the servers</a></p>
      `,
    ),
  };
}

/** A page asking to confirm a state change: the same form again with `confirm=yes`. */
export function confirmPage(
  ctx: PageContext,
  question: string,
  action: string,
  fields: Record<string, string>,
  back: string,
): string {
  return layout(
    ctx.base,
    "Confirm",
    "confirm",
    ctx.session,
    html`<h2>Confirm</h2>
<form id="confirm" method="post" action="${action}">
  ${csrfField(ctx.session)}
  ${Object.entries(fields).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
  <input type="hidden" name="confirm" value="yes">
  <p id="confirm-question">${question}</p>
  <button type="submit" id="confirm-yes">Yes</button>
  <a href="${back}">No, go back</a>
</form>`,
  );
}

const POWER: Record<number, string> = {
  0: "NOSTATE",
  1: "RUNNING",
  3: "PAUSED",
  4: "SHUTDOWN",
  6: "CRASHED",
  7: "SUSPENDED",
};

// deno-lint-ignore no-explicit-any
type Json = any;

function states(s: Json): string {
  const power = s["OS-EXT-STS:power_state"];
  return [s["OS-EXT-STS:vm_state"], s["OS-EXT-STS:task_state"] || "-", POWER[power] ?? power]
    .join(" / ");
}

function addressesOf(server: Json): string {
  const out: string[] = [];
  for (const [net, list] of Object.entries(server.addresses ?? {})) {
    for (const a of list as { addr: string }[]) out.push(`${net} ${a.addr}`);
  }
  return out.join(", ");
}

/** The server actions a button offers: [op, label]. */
export const SERVER_OPS: readonly (readonly [string, string])[] = [
  ["stop", "Stop"],
  ["start", "Start"],
  ["reboot", "Reboot"],
  ["pause", "Pause"],
  ["unpause", "Unpause"],
  ["shelve", "Shelve"],
  ["unshelve", "Unshelve"],
  ["delete", "Delete"],
];

function actionForms(ctx: PageContext, server: Json, back: string): Html {
  return html`<span class="acts">${
    SERVER_OPS.map(([op, label]) =>
      html`
        <form method="post" action="${ctx.base}/servers/${server.id}/action" class="inline"
          data-enhance${op === "delete"
            ? html`
              data-confirm="${`Delete server ${server.name}?`}"
            `
            : ""}>${csrfField(ctx.session)}<input type="hidden" name="op" value="${op}"><input
              type="hidden" name="back" value="${back}"><button type="submit" data-action="${op}"
              data-key="${op}-${server.id}" aria-label="${label} ${server
                .name}">${label}</button></form>
      `
    )
  }</span>`;
}

function select(id: string, name: string, pairs: [string, string][], chosen?: string): Html {
  return html`<select id="${id}" name="${name}" required>${
    pairs.map(([v, l]) =>
      html`
        <option value="${v}" ${v === chosen ? " selected" : ""}>${l}</option>
      `
    )
  }</select>`;
}

async function flavorChoices(ctx: PageContext): Promise<[string, string][]> {
  const flavors = await ctx.compute("GET", "/flavors");
  return flavors.status === 200
    ? flavors.data.flavors.map((f: Json) => [String(f.id), String(f.name)])
    : [];
}

/** The servers: the live table with each one's actions, and the create form. */
export async function serversPage(ctx: PageContext, all: boolean): Promise<Page> {
  const admin = isAdmin(ctx.session);
  const list = await ctx.compute("GET", `/servers/detail${admin && all ? "?all_tenants=1" : ""}`);
  const [flavors, images, networks] = await Promise.all([
    flavorChoices(ctx),
    ctx.compute("GET", "/images", undefined, "2.35"),
    ctx.compute("GET", "/os-networks", undefined, "2.35"),
  ]);
  const imageChoices: [string, string][] = images.status === 200
    ? images.data.images.map((i: Json) => [String(i.id), String(i.name)])
    : [];
  const networkChoices: [string, string][] = [
    ...(networks.status === 200
      ? networks.data.networks.map((n: Json) => [String(n.id), String(n.label || n.id)])
      : []),
    ["auto", "auto (allocate one)"],
    ["none", "none"],
  ];
  const back = `${ctx.base}/${admin && all ? "?all=1" : ""}`;
  const rows = list.status === 200
    ? list.data.servers.map((s: Json) =>
      html`
        <tr data-server="${s.id}">
          <td><a href="${ctx.base}/servers/${s.id}">${s.name}</a></td>
          <td>${s.status}</td>
          <td>${states(s)}</td>
          <td>${s["OS-EXT-SRV-ATTR:host"] ?? ""}</td>
          <td>${addressesOf(s)}</td>
          <td>${s.flavor?.original_name ?? s.flavor?.id ?? ""}</td>
          <td>${s.tenant_id}</td>
          <td>${actionForms(ctx, s, back)}</td>
        </tr>
      `
    )
    : [];
  const body = html`
    <h2>Servers</h2>
    <p id="flash" role="alert"></p>
    ${admin
      ? html`
        <form method="get" action="${ctx.base}/" id="scope">
          <input type="checkbox" id="all-projects" name="all" value="1" ${all ? " checked" : ""}>
          <label for="all-projects">All projects</label>
          <button type="submit">Show</button>
        </form>
      `
      : ""}
    <div id="servers-live" data-live>
      <p id="servers-error" role="alert">${list.status === 200 ? "" : list.message}</p>
      <div class="scroll">
        <table>
          <caption>Servers of ${all && admin
            ? "every project"
            : `project ${ctx.session.project}`}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">vm / task / power</th>
              <th scope="col">Host</th>
              <th scope="col">Addresses</th>
              <th scope="col">Flavor</th>
              <th scope="col">Project</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody id="servers">${rows}</tbody>
        </table>
      </div>
    </div>
    <form id="create" method="post" action="${ctx
      .base}/servers" data-enhance data-error="create-error">
      <h3>Create a server</h3>
      ${csrfField(ctx.session)}
      <label for="create-name">Name</label>
      <input id="create-name" name="name" required maxlength="255">
      <label for="create-image">Image</label>
      ${select("create-image", "image", imageChoices)}
      <label for="create-flavor">Flavor</label>
      ${select("create-flavor", "flavor", flavors)}
      <label for="create-network">Network</label>
      ${select("create-network", "network", networkChoices)}
      <button type="submit">Create</button>
      <p id="create-error" role="alert"></p>
    </form>
  `;
  return {
    status: 200,
    body: layout(ctx.base, "Servers", "servers", ctx.session, body, true),
  };
}

/** What the guest reads, as the metadata API answers it: [label, path]. */
export const METADATA_PATHS: readonly (readonly [string, string])[] = [
  ["meta_data.json", "openstack/latest/meta_data.json"],
  ["user_data", "openstack/latest/user_data"],
  ["network_data.json", "openstack/latest/network_data.json"],
  ["vendor_data2.json", "openstack/latest/vendor_data2.json"],
  ["EC2 meta-data index", "latest/meta-data/"],
];

async function metadataView(ctx: PageContext, id: string): Promise<Html> {
  if (!ctx.metadata) return html`<p>The metadata view is not available in this process.</p>`;
  const boxes: Html[] = [];
  for (const [label, path] of METADATA_PATHS) {
    let body: string;
    try {
      const answer = await ctx.metadata(id, "/" + path);
      if (answer === null) body = "(no such instance)";
      else if (answer.status === 200) body = await answer.text();
      else {
        await answer.body?.cancel();
        body = `(${answer.status === 404 ? "404 Not Found" : answer.status}: ${path})`;
      }
    } catch {
      body = "(the metadata read failed)";
    }
    boxes.push(html`
      <div class="metadata" data-metadata="${label}">
        <h4>${label} \\u2014 ${path}</h4>
        <pre tabindex="0">${body}</pre>
      </div>
    `);
  }
  return html`${boxes}`;
}

async function timeline(ctx: PageContext, id: string): Promise<Html> {
  const list = await ctx.compute("GET", `/servers/${id}/os-instance-actions`);
  if (list.status !== 200) return html`<li>${list.message}</li>`;
  const items: Html[] = [];
  for (const a of list.data.instanceActions as Json[]) {
    const full = await ctx.compute("GET", `/servers/${id}/os-instance-actions/${a.request_id}`);
    const events = full.status === 200 ? (full.data.instanceAction.events ?? []) : [];
    items.push(
      html`<li>${a.start_time}  ${a.action}  ${a.request_id}${
        a.message ? `  ${a.message}` : ""
      }<ul>${
        events.map((ev: Json) =>
          html`<li>${ev.event}: ${ev.result || "running"} (${ev.start_time}${
            ev.finish_time ? ` \u2192 ${ev.finish_time}` : ""
          })</li>`
        )
      }</ul></li>`,
    );
  }
  return html`${items}`;
}

function describeDelays(s: Json): string {
  return ["boot_seconds", "action_seconds", "delete_seconds"]
    .map((k) => `${k}=${s?.[k] ?? "default"}`).join(" ");
}

async function emulatorPanel(ctx: PageContext, id: string): Promise<Html> {
  if (!isAdmin(ctx.session)) return html``;
  const [global, own, faults] = await Promise.all([
    ctx.compute("GET", "/os-emulator/settings"),
    ctx.compute("GET", `/os-emulator/servers/${id}/settings`),
    ctx.compute("GET", "/os-emulator/faults"),
  ]);
  if (global.status !== 200 || own.status !== 200 || faults.status !== 200) return html``;
  const action = `${ctx.base}/servers/${id}/emulator`;
  const mine = (faults.data.faults ?? []).filter((f: Json) => !f.server_id || f.server_id === id);
  const options = [
    "reboot",
    "stop",
    "start",
    "pause",
    "shelve",
    "unshelve",
    "resize",
    "confirmResize",
    "revertResize",
    "rebuild",
    "delete",
    "migrate",
  ];
  return html`
    <section id="emulator" aria-labelledby="emulator-title">
      <h3 id="emulator-title">Emulator (admin)</h3>
      <div id="emulator-live" data-live>
        <p id="emulator-status" role="status">delays: ${describeDelays(
          global.data.settings,
        )}; this server: ${describeDelays(own.data.settings)}</p>
        <ul id="faults">${mine.map((f: Json) =>
          html`<li data-fault="${f.id ?? ""}">armed: ${f.action} × ${
            f.remaining ?? f.count ?? 1
          } (${f.mode || "error"}${f.server_id ? ", this server" : ", any server"})</li>`
        )}</ul>
      </div>
      <p id="emulator-error" role="alert"></p>
      <form id="fault" method="post" action="${action}/fault" data-enhance
        data-error="emulator-error">
        ${csrfField(ctx.session)}
        <label for="fault-action">Fail the next</label>
        <select id="fault-action" name="fault_action">${options.map((o) =>
          html`<option>${o}</option>`
        )}</select>
        <label for="fault-count">times</label>
        <input id="fault-count" name="count" type="number" min="1" max="1000000" value="1">
        <label for="fault-mode">as</label>
        <select id="fault-mode" name="mode"><option>error</option><option>rollback</option></select>
        <label for="fault-message">message</label>
        <input id="fault-message" name="message" maxlength="255">
        <button type="submit">Arm fault for this server</button>
      </form>
      <form id="delays" method="post" action="${action}/delays" data-enhance
        data-error="emulator-error">
        ${csrfField(ctx.session)}
        <label for="delay-boot">boot s</label>
        <input id="delay-boot" name="boot_seconds" type="number" min="0" step="any">
        <label for="delay-action">action s</label>
        <input id="delay-action" name="action_seconds" type="number" min="0" step="any">
        <label for="delay-delete">delete s</label>
        <input id="delay-delete" name="delete_seconds" type="number" min="0" step="any">
        <input type="checkbox" id="delay-server" name="server_only" value="1">
        <label for="delay-server">this server only</label>
        <button type="submit">Set step delays</button>
      </form>
      <form id="clock" method="post" action="${action}/clock" data-enhance
        data-error="emulator-error">
        ${csrfField(ctx.session)}
        <label for="clock-seconds">Advance the clock by (s)</label>
        <input id="clock-seconds" name="advance" type="number" min="0" step="any" value="60" required>
        <input type="checkbox" id="clock-server" name="server_only" value="1">
        <label for="clock-server">this server only</label>
        <button type="submit">Advance</button>
      </form>
    </section>
  `;
}

/** One server: facts, actions, resize, the emulator (admins), timeline, console, metadata. */
export async function serverPage(ctx: PageContext, id: string): Promise<Page> {
  const got = await ctx.compute("GET", `/servers/${encodeURIComponent(id)}`);
  if (got.status !== 200 || got.data?.server?.id !== id) {
    return errorPage(
      ctx,
      got.status === 200 ? 502 : got.status,
      `Server ${id}: ${got.message || "not found"}`,
    );
  }
  const s = got.data.server;
  const back = `${ctx.base}/servers/${s.id}`;
  const [flavors, actions, output, metadata, emulator] = await Promise.all([
    flavorChoices(ctx),
    timeline(ctx, s.id),
    ctx.compute("POST", `/servers/${s.id}/action`, { "os-getConsoleOutput": { length: 50 } }),
    metadataView(ctx, s.id),
    emulatorPanel(ctx, s.id),
  ]);
  const facts: [string, unknown][] = [
    ["ID", s.id],
    ["Status", s.status],
    ["vm / task / power", states(s)],
    ["Host", s["OS-EXT-SRV-ATTR:host"] ?? ""],
    ["Addresses", addressesOf(s)],
    ["Flavor", s.flavor?.original_name ?? ""],
    ["Image", s.image?.id ?? "(volume)"],
    ["Project", s.tenant_id],
    ["Created", s.created],
    ["Updated", s.updated],
  ];
  const verifying = s.status === "VERIFY_RESIZE";
  const op = (name: string, label: string, id: string) =>
    html`
      <form method="post" action="${ctx.base}/servers/${s.id}/action" class="inline"
        data-enhance>${csrfField(ctx.session)}<input type="hidden" name="op" value="${name}"><input
          type="hidden" name="back" value="${back}"><button type="submit" id="${id}" data-key="${id}"${verifying
            ? ""
            : " disabled"}>${label}</button></form>
    `;
  const body = html`
    <p><a href="${ctx.base}/">&larr; Servers</a></p>
    <p id="flash" role="alert"></p>
    <div id="server-live" data-live>
      <h2 id="server-name">${s.name}</h2>
      <dl id="server-facts">${facts.map(([k, v]) =>
        html`
          <dt>${k}</dt>
          <dd>${v}</dd>
        `
      )}</dl>
      <div id="server-buttons">${actionForms(ctx, s, back)}</div>
      <div id="resize-state">${op("confirm", "Confirm resize", "resize-confirm")}${op(
        "revert",
        "Revert resize",
        "resize-revert",
      )}</div>
    </div>
    <form id="resize" method="post" action="${ctx.base}/servers/${s.id}/action" data-enhance>
      ${csrfField(ctx.session)}
      <input type="hidden" name="op" value="resize"><input type="hidden" name="back" value="${back}">
      <label for="resize-flavor">Resize to</label>
      ${select("resize-flavor", "flavor", flavors)}
      <button type="submit" id="resize-submit">Resize</button>
    </form>
    ${emulator}
    <div id="server-detail-live" data-live>
      <h3>Instance actions</h3>
      <ol id="server-actions">${actions}</ol>
      <h3>Console output</h3>
      <pre id="server-console" tabindex="0">${output.status === 200
        ? output.data.output
        : `(${output.message})`}</pre>
      <h3>Metadata (what cloud-init reads)</h3>
      <div id="server-metadata">${metadata}</div>
    </div>
  `;
  return { status: 200, body: layout(ctx.base, s.name, "server", ctx.session, body, true) };
}

function bar(id: string, label: string, used: number, total: number, unit: string): Html {
  return html`<div class="bar"><label for="${id}">${label}</label>
<meter id="${id}" min="0" max="${total ?? 0}" value="${used ?? 0}"></meter>
<span>${used ?? "?"} / ${total ?? "?"} ${unit}</span></div>`;
}

async function zonesList(ctx: PageContext): Promise<Html> {
  const path = isAdmin(ctx.session) ? "/os-availability-zone/detail" : "/os-availability-zone";
  const zones = await ctx.compute("GET", path);
  if (zones.status !== 200) return html`<li>${zones.message}</li>`;
  return html`${
    zones.data.availabilityZoneInfo.map((z: Json) =>
      html`<li>${z.zoneName}: ${z.zoneState?.available ? "available" : "unavailable"}${
        z.hosts ? ` \u2014 ${Object.keys(z.hosts).join(", ")}` : ""
      }</li>`
    )
  }`;
}

/**
 * The emulator's cloud-wide controls on the hosts page (admins, with `[emulator] enabled`): the
 * reset to the quick-start seed, a plain form that leads to a confirmation page first.
 */
async function cloudControls(ctx: PageContext): Promise<Html> {
  if (!isAdmin(ctx.session)) return html``;
  const probe = await ctx.compute("GET", "/os-emulator/settings");
  if (probe.status !== 200) return html``;
  return html`
    <section id="emulator-cloud" aria-labelledby="emulator-cloud-title">
      <h2 id="emulator-cloud-title">Emulator (admin)</h2>
      <form id="reset" method="post" action="${ctx.base}/emulator/reset">
        ${csrfField(ctx.session)}
        <button type="submit" id="reset-cloud">Reset the cloud to the quick-start seed</button>
      </form>
    </section>
  `;
}

/**
 * The hypervisors with capacity bars (2.87, the last with capacity fields), the zones, and for
 * admins the emulator's reset.
 */
export async function hostsPage(ctx: PageContext): Promise<Page> {
  // Capacity fields left the hypervisor view in 2.88: ask for 2.87 to have them.
  const hv = await ctx.compute("GET", "/os-hypervisors/detail", undefined, "2.87");
  const hosts = hv.status === 200
    ? hv.data.hypervisors.map((h: Json, i: number) =>
      html`<div class="host" data-host="${h.hypervisor_hostname}">
<h3>${h.hypervisor_hostname} (${h.state}, ${h.status})</h3>
${bar(`cpu-${i}`, "vCPU", h.vcpus_used, h.vcpus, "")}
${bar(`ram-${i}`, "RAM", h.memory_mb_used, h.memory_mb, "MiB")}
${bar(`disk-${i}`, "Disk", h.local_gb_used, h.local_gb, "GiB")}
<p>${h.running_vms} running</p></div>`
    )
    : [];
  const body = html`
    <div id="hosts-live" data-live>
      <h2>Hypervisors</h2>
      <p id="hosts-error" role="alert">${hv.status === 200 ? "" : hv.message}</p>
      <div id="hosts">${hosts}</div>
      <h2>Availability zones</h2>
      <ul id="zones">${await zonesList(ctx)}</ul>
    </div>
    ${await cloudControls(ctx)}
  `;
  return { status: 200, body: layout(ctx.base, "Hosts", "hosts", ctx.session, body, true) };
}

/** Availability zones and host aggregates (aggregates need the admin's policy). */
export async function zonesPage(ctx: PageContext): Promise<Page> {
  const aggs = await ctx.compute("GET", "/os-aggregates");
  const rows = aggs.status === 200
    ? aggs.data.aggregates.map((a: Json) =>
      html`
        <tr data-aggregate="${a.id}">
          <td>${a.name}</td>
          <td>${a.availability_zone ?? ""}</td>
          <td>${(a.hosts ?? []).join(", ")}</td>
          <td>${Object.entries(a.metadata ?? {}).map(([k, v]) => `${k}=${v}`).join(", ")}</td>
        </tr>
      `
    )
    : [];
  const body = html`
    <div id="zones-live" data-live>
      <h2>Availability zones</h2>
      <ul id="zones">${await zonesList(ctx)}</ul>
      <h2>Host aggregates</h2>
      <p id="aggregates-error" role="alert">${aggs.status === 200 ? "" : aggs.message}</p>
      <div class="scroll">
        <table>
          <caption>Host aggregates</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Zone</th>
              <th scope="col">Hosts</th>
              <th scope="col">Metadata</th>
            </tr>
          </thead>
          <tbody id="aggregates">${rows}</tbody>
        </table>
      </div>
    </div>
  `;
  return { status: 200, body: layout(ctx.base, "Zones", "zones", ctx.session, body, true) };
}

/** The server groups the user may see (an admin may ask for every project's). */
export async function serverGroupsPage(ctx: PageContext, all: boolean): Promise<Page> {
  const admin = isAdmin(ctx.session);
  const groups = await ctx.compute(
    "GET",
    `/os-server-groups${admin && all ? "?all_projects=True" : ""}`,
  );
  const rows = groups.status === 200
    ? groups.data.server_groups.map((g: Json) =>
      html`
        <tr data-group="${g.id}">
          <td>${g.name}</td>
          <td>${g.policy ?? ""}</td>
          <td>${g.rules && Object.keys(g.rules).length ? JSON.stringify(g.rules) : ""}</td>
          <td>${(g.members ?? []).length}</td>
          <td>${g.project_id ?? ""}</td>
        </tr>
      `
    )
    : [];
  const body = html`
    <h2>Server groups</h2>
    ${admin
      ? html`
        <form method="get" action="${ctx.base}/server-groups" id="scope">
          <input type="checkbox" id="all-groups" name="all" value="1" ${all ? " checked" : ""}>
          <label for="all-groups">All projects</label>
          <button type="submit">Show</button>
        </form>
      `
      : ""}
    <div id="groups-live" data-live>
      <p id="groups-error" role="alert">${groups.status === 200 ? "" : groups.message}</p>
      <div class="scroll">
        <table>
          <caption>Server groups</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Policy</th>
              <th scope="col">Rules</th>
              <th scope="col">Members</th>
              <th scope="col">Project</th>
            </tr>
          </thead>
          <tbody id="server-groups">${rows}</tbody>
        </table>
      </div>
    </div>
  `;
  return {
    status: 200,
    body: layout(ctx.base, "Server groups", "server-groups", ctx.session, body, true),
  };
}
