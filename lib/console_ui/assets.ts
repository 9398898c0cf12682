/**
 * The console's static files as text: one page, one stylesheet, one plain browser module (no
 * build step, no inline script or style, so the strict CSP holds). The script writes every value
 * it shows with `textContent`, never as HTML.
 *
 * @module
 */

/** The page: a log-in form and the views the script fills in. */
export const CONSOLE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>nova-deno console</title>
<link rel="stylesheet" href="style.css">
<script type="module" src="app.js"></script>
</head>
<body>
<header>
  <h1>nova-deno console</h1>
  <nav id="nav" hidden>
    <a href="#/servers">Servers</a>
    <a href="#/hosts">Hosts</a>
    <span id="who"></span>
    <button type="button" id="logout">Log out</button>
  </nav>
</header>
<main>
  <noscript><p>The console needs JavaScript.</p></noscript>
  <section id="login-view" hidden>
    <h2>Log in</h2>
    <form id="login">
      <label for="username">User name</label>
      <input id="username" name="username" autocomplete="username" required>
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required>
      <label for="project">Project</label>
      <input id="project" name="project" required>
      <button type="submit">Log in</button>
      <p id="login-error" role="alert"></p>
    </form>
  </section>
  <section id="servers-view" hidden>
    <h2>Servers</h2>
    <form id="create">
      <h3>Create a server</h3>
      <label for="create-name">Name</label>
      <input id="create-name" name="name" required maxlength="255">
      <label for="create-image">Image</label>
      <select id="create-image" name="image" required></select>
      <label for="create-flavor">Flavor</label>
      <select id="create-flavor" name="flavor" required></select>
      <label for="create-network">Network</label>
      <select id="create-network" name="network"></select>
      <button type="submit">Create</button>
      <p id="create-error" role="alert"></p>
    </form>
    <label id="all-label" hidden><input type="checkbox" id="all-projects"> All projects</label>
    <p id="servers-error" role="alert"></p>
    <table>
      <thead><tr><th>Name</th><th>Status</th><th>vm / task / power</th><th>Host</th>
        <th>Addresses</th><th>Flavor</th><th>Project</th><th>Actions</th></tr></thead>
      <tbody id="servers"></tbody>
    </table>
  </section>
  <section id="server-view" hidden>
    <p><a href="#/servers">&larr; Servers</a></p>
    <h2 id="server-name"></h2>
    <p id="server-error" role="alert"></p>
    <dl id="server-facts"></dl>
    <div id="server-buttons"></div>
    <form id="resize">
      <label for="resize-flavor">Resize to</label>
      <select id="resize-flavor" required></select>
      <button type="submit" id="resize-submit">Resize</button>
      <button type="button" id="resize-confirm" disabled>Confirm resize</button>
      <button type="button" id="resize-revert" disabled>Revert resize</button>
    </form>
    <section id="emulator" hidden>
      <h3>Emulator (admin)</h3>
      <p id="emulator-status" role="status"></p>
      <form id="fault">
        <label for="fault-action">Fail the next</label>
        <select id="fault-action">
          <option>reboot</option><option>stop</option><option>start</option><option>pause</option>
          <option>shelve</option><option>unshelve</option><option>resize</option>
          <option>confirmResize</option><option>revertResize</option><option>rebuild</option>
          <option>delete</option><option>migrate</option>
        </select>
        <label for="fault-count">times</label>
        <input id="fault-count" type="number" min="1" max="1000000" value="1">
        <label for="fault-mode">as</label>
        <select id="fault-mode"><option>error</option><option>rollback</option></select>
        <label for="fault-message">message</label>
        <input id="fault-message" maxlength="255">
        <button type="submit">Arm fault for this server</button>
      </form>
      <ul id="faults"></ul>
      <form id="delays">
        <label for="delay-boot">boot s</label>
        <input id="delay-boot" type="number" min="0" step="any">
        <label for="delay-action">action s</label>
        <input id="delay-action" type="number" min="0" step="any">
        <label for="delay-delete">delete s</label>
        <input id="delay-delete" type="number" min="0" step="any">
        <label><input type="checkbox" id="delay-server"> this server only</label>
        <button type="submit">Set step delays</button>
      </form>
      <form id="clock">
        <label for="clock-seconds">Advance the clock by (s)</label>
        <input id="clock-seconds" type="number" min="0" step="any" value="60" required>
        <label><input type="checkbox" id="clock-server"> this server only</label>
        <button type="submit">Advance</button>
      </form>
    </section>
    <h3>Instance actions</h3>
    <ol id="server-actions"></ol>
    <h3>Console output</h3>
    <pre id="server-console"></pre>
    <h3>Metadata (what cloud-init reads)</h3>
    <button type="button" id="metadata-reload">Reload metadata</button>
    <div id="server-metadata"></div>
  </section>
  <section id="hosts-view" hidden>
    <h2>Hypervisors</h2>
    <p id="hosts-error" role="alert"></p>
    <div id="hosts"></div>
    <h2>Availability zones</h2>
    <ul id="zones"></ul>
  </section>
</main>
</body>
</html>
`;

/** The stylesheet: readable on a phone, visible focus, enough contrast. */
export const CONSOLE_CSS =
  `:root { color-scheme: light; font-family: system-ui, sans-serif; color: #1a1a1a; }
body { margin: 0; background: #fafafa; }
header { background: #1f3a5f; color: #fff; padding: .5rem 1rem; display: flex; flex-wrap: wrap;
  align-items: center; gap: 1rem; }
header h1 { font-size: 1.2rem; margin: 0; }
nav { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
nav a { color: #fff; }
main { padding: 1rem; max-width: 80rem; }
form#login, form#create { display: grid; gap: .4rem; max-width: 20rem; }
form#create { margin-bottom: 1rem; }
form#resize, form#fault, form#delays, form#clock { margin: .5rem 0; }
#emulator { border: 1px solid #e08a00; padding: .5rem; background: #fff8ec; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border-bottom: 1px solid #ccc; padding: .3rem .4rem; text-align: left; vertical-align: top; }
button { margin: .1rem; padding: .25rem .5rem; }
td > span { display: flex; flex-wrap: wrap; }
:focus-visible { outline: 3px solid #e08a00; outline-offset: 2px; }
[role=alert] { color: #a40000; }
.host { background: #fff; border: 1px solid #ccc; padding: .5rem; margin-bottom: .5rem; }
.bar { display: grid; grid-template-columns: 6rem 1fr 12rem; gap: .5rem; align-items: center; }
meter { width: 100%; }
pre { background: #111; color: #eee; padding: .5rem; overflow: auto; max-height: 30rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dt { font-weight: bold; }
@media (max-width: 40rem) { table, thead, tbody, tr, th, td { display: block; } thead { display: none; }
  td { border: 0; } tr { border-bottom: 1px solid #ccc; padding: .3rem 0; } }
`;

/** The script: log-in, hash routes (#/servers, #/servers/ID, #/hosts) and 2-second polling. */
export const CONSOLE_JS = `// nova-deno web console: plain browser module, no dependencies.
const state = { config: null, timer: null, lastText: "", metadataFor: null };
const $ = (id) => document.getElementById(id);
const session = {
  get token() { return sessionStorage.getItem("nova-console-token"); },
  get user() { return JSON.parse(sessionStorage.getItem("nova-console-user") || "null"); },
  save(token, user) {
    sessionStorage.setItem("nova-console-token", token);
    sessionStorage.setItem("nova-console-user", JSON.stringify(user));
  },
  clear() {
    sessionStorage.removeItem("nova-console-token");
    sessionStorage.removeItem("nova-console-user");
  },
};

function el(tag, text, attrs) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  return node;
}

async function loadConfig() {
  const res = await fetch("config", { headers: { Accept: "application/json" } });
  state.config = await res.json();
}

async function logIn(username, password, project) {
  const body = { auth: {
    identity: { methods: ["password"], password: { user: {
      name: username, domain: { name: "Default" }, password } } },
    scope: { project: { name: project, domain: { name: "Default" } } },
  } };
  const res = await fetch(state.config.auth_url + "/auth/tokens", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) {
    let message = "Log-in failed (HTTP " + res.status + ")";
    try { message = (await res.json()).error.message || message; } catch { /* not JSON */ }
    throw new Error(message);
  }
  const token = res.headers.get("X-Subject-Token");
  const doc = await res.json();
  const roles = (doc.token.roles || []).map((r) => r.name);
  session.save(token, { name: username, project, roles });
}

/** A compute API call with the user's token at the newest microversion. */
async function compute(path, init) {
  const opts = init || {};
  const headers = { "X-Auth-Token": session.token, Accept: "application/json",
    "OpenStack-API-Version": "compute " + (opts.version || "latest") };
  if (opts.body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(state.config.compute_url + path, {
    method: opts.method || (opts.body !== undefined ? "POST" : "GET"),
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  if (res.status === 401) {
    session.clear();
    route();
    throw new Error("The session expired: log in again.");
  }
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!res.ok) {
    const fault = data && Object.values(data)[0];
    throw new Error((fault && fault.message) || "HTTP " + res.status);
  }
  return { data, text };
}

function isAdmin() { return (session.user?.roles || []).includes("admin"); }

function show(view) {
  for (const id of ["login-view", "servers-view", "server-view", "hosts-view"]) {
    $(id).hidden = id !== view;
  }
  $("nav").hidden = view === "login-view";
}

function stopPolling() {
  if (state.timer) clearInterval(state.timer);
  state.timer = null;
  state.lastText = "";
}

function poll(fn) {
  stopPolling();
  fn();
  state.timer = setInterval(fn, 2000);
}

function addressesOf(server) {
  const out = [];
  for (const [net, list] of Object.entries(server.addresses || {})) {
    for (const a of list) out.push(net + " " + a.addr);
  }
  return out.join(", ");
}

const ACTIONS = [
  ["Stop", { "os-stop": null }],
  ["Start", { "os-start": null }],
  ["Reboot", { reboot: { type: "SOFT" } }],
  ["Pause", { pause: null }],
  ["Unpause", { unpause: null }],
  ["Shelve", { shelve: null }],
  ["Unshelve", { unshelve: null }],
];

function actionButtons(server, onError) {
  const box = document.createElement("span");
  for (const [label, body] of ACTIONS) {
    const b = el("button", label, { type: "button", "data-action": label.toLowerCase() });
    b.setAttribute("aria-label", label + " " + server.name);
    b.addEventListener("click", () =>
      compute("/servers/" + server.id + "/action", { body }).catch(onError));
    box.append(b);
  }
  const del = el("button", "Delete", { type: "button", "data-action": "delete" });
  del.setAttribute("aria-label", "Delete " + server.name);
  del.addEventListener("click", () => {
    if (!confirm("Delete server " + server.name + "?")) return;
    compute("/servers/" + server.id, { method: "DELETE" }).catch(onError);
  });
  box.append(del);
  return box;
}

const POWER = { 0: "NOSTATE", 1: "RUNNING", 3: "PAUSED", 4: "SHUTDOWN", 6: "CRASHED",
  7: "SUSPENDED" };

function states(s) {
  const power = s["OS-EXT-STS:power_state"];
  return [s["OS-EXT-STS:vm_state"], s["OS-EXT-STS:task_state"] || "-",
    POWER[power] ?? power].join(" / ");
}

async function renderServers() {
  const all = isAdmin() && $("all-projects").checked ? "?all_tenants=1" : "";
  try {
    const { data, text } = await compute("/servers/detail" + all);
    $("servers-error").textContent = "";
    if (text === state.lastText) return;
    state.lastText = text;
    const rows = data.servers.map((s) => {
      const tr = el("tr", null, { "data-server": s.id });
      const link = el("a", s.name, { href: "#/servers/" + s.id });
      const name = el("td");
      name.append(link);
      tr.append(name, el("td", s.status), el("td", states(s)),
        el("td", s["OS-EXT-SRV-ATTR:host"] || ""), el("td", addressesOf(s)),
        el("td", s.flavor?.original_name || s.flavor?.id || ""), el("td", s.tenant_id));
      const act = el("td");
      act.append(actionButtons(s, (e) => { $("servers-error").textContent = e.message; }));
      tr.append(act);
      return tr;
    });
    $("servers").replaceChildren(...rows);
  } catch (e) {
    $("servers-error").textContent = e.message;
  }
}

/** What the guest reads, as the metadata API answers it (served by /console/api over the store). */
const METADATA_PATHS = [
  ["meta_data.json", "openstack/latest/meta_data.json"],
  ["user_data", "openstack/latest/user_data"],
  ["network_data.json", "openstack/latest/network_data.json"],
  ["vendor_data2.json", "openstack/latest/vendor_data2.json"],
  ["EC2 meta-data index", "latest/meta-data/"],
];

async function renderMetadata(id) {
  state.metadataFor = id;
  const boxes = [];
  for (const [label, path] of METADATA_PATHS) {
    const box = el("div", null, { class: "metadata", "data-metadata": label });
    let body;
    try {
      const res = await fetch("api/servers/" + id + "/metadata/" + path,
        { headers: { "X-Auth-Token": session.token } });
      const text = await res.text();
      body = res.ok ? text : "(" + text.trim() + ")";
    } catch (e) {
      body = "(" + e.message + ")";
    }
    box.append(el("h4", label + " — " + path), el("pre", body));
    boxes.push(box);
  }
  if (state.metadataFor === id) $("server-metadata").replaceChildren(...boxes);
}

async function renderServer(id) {
  const fail = (e) => { $("server-error").textContent = e.message; };
  try {
    const { data, text } = await compute("/servers/" + id);
    const s = data.server;
    if (text !== state.lastText) {
      state.lastText = text;
      $("server-name").textContent = s.name;
      const facts = [["ID", s.id], ["Status", s.status], ["vm / task / power", states(s)],
        ["Host", s["OS-EXT-SRV-ATTR:host"] || ""], ["Addresses", addressesOf(s)],
        ["Flavor", s.flavor?.original_name || ""], ["Image", s.image?.id || "(volume)"],
        ["Project", s.tenant_id], ["Created", s.created], ["Updated", s.updated]];
      $("server-facts").replaceChildren(...facts.flatMap(([k, v]) => [el("dt", k), el("dd", v)]));
      $("server-buttons").replaceChildren(actionButtons(s, fail));
      const verifying = s.status === "VERIFY_RESIZE";
      $("resize-confirm").disabled = !verifying;
      $("resize-revert").disabled = !verifying;
      $("resize-submit").disabled = verifying;
    }
    if (state.metadataFor !== id) {
      renderMetadata(id);
      $("emulator-status").textContent = "";
      renderEmulator(id);
    }
    const actions = (await compute("/servers/" + id + "/os-instance-actions")).data.instanceActions;
    const items = [];
    for (const a of actions) {
      const li = el("li", a.start_time + "  " + a.action + "  " + a.request_id +
        (a.message ? "  " + a.message : ""));
      try {
        const full = (await compute("/servers/" + id + "/os-instance-actions/" + a.request_id))
          .data.instanceAction;
        const ul = el("ul");
        for (const ev of full.events || []) {
          ul.append(el("li", ev.event + ": " + (ev.result || "running") + " (" + ev.start_time +
            (ev.finish_time ? " → " + ev.finish_time : "") + ")"));
        }
        li.append(ul);
      } catch { /* events need a policy this user may lack */ }
      items.push(li);
    }
    $("server-actions").replaceChildren(...items);
    try {
      const out = await compute("/servers/" + id + "/action",
        { body: { "os-getConsoleOutput": { length: 50 } } });
      $("server-console").textContent = out.data.output;
    } catch (e) {
      $("server-console").textContent = "(" + e.message + ")";
    }
    $("server-error").textContent = "";
  } catch (e) {
    fail(e);
  }
}

function bar(label, used, total, unit) {
  const row = el("div", null, { class: "bar" });
  const id = "m" + Math.random().toString(36).slice(2);
  const meter = el("meter", null, { id, min: "0", max: String(total || 0), value: String(used || 0) });
  row.append(el("label", label, { for: id }), meter,
    el("span", (used ?? "?") + " / " + (total ?? "?") + " " + unit));
  return row;
}

async function renderHosts() {
  try {
    // Capacity fields left the hypervisor view in 2.88: ask for 2.87 to have them.
    const { data, text } = await compute("/os-hypervisors/detail", { version: "2.87" });
    $("hosts-error").textContent = "";
    if (text !== state.lastText) {
      state.lastText = text;
      $("hosts").replaceChildren(...data.hypervisors.map((h) => {
        const box = el("div", null, { class: "host", "data-host": h.hypervisor_hostname });
        box.append(el("h3", h.hypervisor_hostname + " (" + h.state + ", " + h.status + ")"),
          bar("vCPU", h.vcpus_used, h.vcpus, ""),
          bar("RAM", h.memory_mb_used, h.memory_mb, "MiB"),
          bar("Disk", h.local_gb_used, h.local_gb, "GiB"),
          el("p", h.running_vms + " running"));
        return box;
      }));
    }
  } catch (e) {
    $("hosts-error").textContent = e.message;
  }
  try {
    const path = isAdmin() ? "/os-availability-zone/detail" : "/os-availability-zone";
    const zones = (await compute(path)).data.availabilityZoneInfo;
    $("zones").replaceChildren(...zones.map((z) => el("li", z.zoneName + ": " +
      (z.zoneState?.available ? "available" : "unavailable") +
      (z.hosts ? " — " + Object.keys(z.hosts).join(", ") : ""))));
  } catch (e) {
    $("zones").replaceChildren(el("li", e.message));
  }
}

/** Fill a select with [value, label] pairs, keeping the current choice when it is still there. */
function fillSelect(select, pairs) {
  const keep = select.value;
  select.replaceChildren(...pairs.map(([value, label]) => el("option", label, { value })));
  if (pairs.some(([value]) => value === keep)) select.value = keep;
}

/** The flavors, images and networks the forms offer (images and networks: the 2.35 proxies). */
async function loadChoices() {
  try {
    const flavors = (await compute("/flavors")).data.flavors.map((f) => [f.id, f.name]);
    fillSelect($("create-flavor"), flavors);
    fillSelect($("resize-flavor"), flavors);
  } catch (e) {
    $("create-error").textContent = e.message;
  }
  try {
    const images = (await compute("/images", { version: "2.35" })).data.images;
    fillSelect($("create-image"), images.map((i) => [i.id, i.name]));
  } catch (e) {
    $("create-error").textContent = e.message;
  }
  let networks = [];
  try {
    networks = (await compute("/os-networks", { version: "2.35" })).data.networks
      .map((n) => [n.id, n.label || n.id]);
  } catch { /* the proxy may be refused: "auto" and "none" remain */ }
  fillSelect($("create-network"), [...networks, ["auto", "auto (allocate one)"], ["none", "none"]]);
}

async function createServer() {
  $("create-error").textContent = "";
  const network = $("create-network").value;
  const server = { name: $("create-name").value, imageRef: $("create-image").value,
    flavorRef: $("create-flavor").value,
    networks: network === "auto" || network === "none" ? network : [{ uuid: network }] };
  try {
    const { data } = await compute("/servers", { body: { server } });
    $("create-name").value = "";
    location.hash = "#/servers/" + data.server.id;
  } catch (e) {
    $("create-error").textContent = e.message;
  }
}

function currentServer() {
  const m = /^#\\/servers\\/([\\w-]+)$/.exec(location.hash);
  return m ? m[1] : null;
}

function serverAction(body) {
  const id = currentServer();
  if (!id) return;
  $("server-error").textContent = "";
  compute("/servers/" + id + "/action", { body })
    .then(() => { state.lastText = ""; })
    .catch((e) => { $("server-error").textContent = e.message; });
}

/** An emulator call (admin only; 404 when [emulator] is off). */
function emulator(path, init) {
  return compute("/os-emulator" + path, init);
}

function emulatorDone(message) {
  $("emulator-status").textContent = message;
  state.lastText = "";
  renderEmulator(currentServer());
}

function delayValue(id) {
  const v = $(id).value;
  return v === "" ? null : Number(v);
}

async function renderEmulator(id) {
  if (!isAdmin() || !id) {
    $("emulator").hidden = true;
    return;
  }
  try {
    const [global, own, faults] = await Promise.all([
      emulator("/settings"), emulator("/servers/" + id + "/settings"), emulator("/faults")]);
    $("emulator").hidden = false;
    const g = global.data.settings || {};
    const o = own.data.settings || {};
    $("faults").replaceChildren(...(faults.data.faults || [])
      .filter((f) => !f.server_id || f.server_id === id)
      .map((f) => el("li", "armed: " + f.action + " × " + (f.remaining ?? f.count ?? 1) + " (" +
        (f.mode || "error") + (f.server_id ? ", this server" : ", any server") + ")",
      { "data-fault": f.id || "" })));
    const describe = (s) => ["boot_seconds", "action_seconds", "delete_seconds"]
      .map((k) => k + "=" + (s[k] ?? "default")).join(" ");
    if (!$("emulator-status").textContent) {
      $("emulator-status").textContent = "delays: " + describe(g) + "; this server: " + describe(o);
    }
  } catch {
    $("emulator").hidden = true;
  }
}

function route() {
  stopPolling();
  state.metadataFor = null;
  $("server-metadata").replaceChildren();
  if (!session.token) {
    show("login-view");
    return;
  }
  const user = session.user || {};
  $("who").textContent = user.name + " @ " + user.project;
  $("all-label").hidden = !isAdmin();
  if (state.choicesFor !== session.token) {
    state.choicesFor = session.token;
    loadChoices();
  }
  const hash = location.hash || "#/servers";
  const m = /^#\\/servers\\/([\\w-]+)$/.exec(hash);
  if (m) {
    show("server-view");
    poll(() => renderServer(m[1]));
  } else if (hash === "#/hosts") {
    show("hosts-view");
    poll(renderHosts);
  } else {
    show("servers-view");
    poll(renderServers);
  }
}

async function main() {
  await loadConfig();
  $("login").addEventListener("submit", async (event) => {
    event.preventDefault();
    $("login-error").textContent = "";
    try {
      await logIn($("username").value, $("password").value, $("project").value);
      $("password").value = "";
      route();
    } catch (e) {
      $("login-error").textContent = e.message;
    }
  });
  $("logout").addEventListener("click", () => { session.clear(); route(); });
  $("all-projects").addEventListener("change", () => { state.lastText = ""; renderServers(); });
  $("metadata-reload").addEventListener("click", () => {
    const m = /^#\\/servers\\/([\\w-]+)$/.exec(location.hash);
    if (m) renderMetadata(m[1]);
  });
  $("create").addEventListener("submit", (event) => {
    event.preventDefault();
    createServer();
  });
  $("resize").addEventListener("submit", (event) => {
    event.preventDefault();
    serverAction({ resize: { flavorRef: $("resize-flavor").value } });
  });
  $("resize-confirm").addEventListener("click", () => serverAction({ confirmResize: null }));
  $("resize-revert").addEventListener("click", () => serverAction({ revertResize: null }));
  $("fault").addEventListener("submit", (event) => {
    event.preventDefault();
    const fault = { action: $("fault-action").value, server_id: currentServer(),
      count: Number($("fault-count").value || "1"), mode: $("fault-mode").value };
    if ($("fault-message").value) fault.message = $("fault-message").value;
    emulator("/faults", { body: { fault } })
      .then(() => emulatorDone("Armed: the next " + fault.count + " " + fault.action + " fail."))
      .catch((e) => { $("emulator-status").textContent = e.message; });
  });
  $("delays").addEventListener("submit", (event) => {
    event.preventDefault();
    const settings = { boot_seconds: delayValue("delay-boot"),
      action_seconds: delayValue("delay-action"), delete_seconds: delayValue("delay-delete") };
    const path = $("delay-server").checked ? "/servers/" + currentServer() + "/settings" : "/settings";
    emulator(path, { method: "PUT", body: { settings } })
      .then(() => emulatorDone("Step delays set."))
      .catch((e) => { $("emulator-status").textContent = e.message; });
  });
  $("clock").addEventListener("submit", (event) => {
    event.preventDefault();
    const body = { advance: Number($("clock-seconds").value) };
    if ($("clock-server").checked) body.server_id = currentServer();
    emulator("/clock", { body })
      .then(() => emulatorDone("Clock advanced by " + body.advance + " s."))
      .catch((e) => { $("emulator-status").textContent = e.message; });
  });
  addEventListener("hashchange", route);
  route();
}

main();
`;
