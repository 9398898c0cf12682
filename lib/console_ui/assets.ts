/**
 * The console's static files as text: one stylesheet and one plain browser module (no build step,
 * no inline script or style, so the strict CSP holds). The pages themselves are rendered on the
 * server (`pages.ts`); the script only enhances them: it polls the page it shows with
 * `If-None-Match` and swaps in the parts marked `data-live` when the server says they changed
 * (never an HTML string of its own: nodes parsed from the server's escaped page), and posts the
 * forms marked `data-enhance` without leaving the page.
 *
 * @module
 */

/** The stylesheet: readable at 375 px, visible focus, contrast of 4.5:1 or more. */
export const CONSOLE_CSS =
  `:root { color-scheme: light; font-family: system-ui, sans-serif; color: #1a1a1a; }
* { box-sizing: border-box; }
body { margin: 0; background: #fafafa; line-height: 1.4; }
a { color: #0b4f9c; }
.skip { position: absolute; left: -999px; top: 0; background: #ffffff; color: #0b4f9c; padding: .5rem; }
.skip:focus { left: .5rem; z-index: 10; }
header { background: #1f3a5f; color: #ffffff; padding: .5rem 1rem; display: flex; flex-wrap: wrap;
  align-items: center; gap: .5rem 1rem; }
header h1 { font-size: 1.2rem; margin: 0; }
nav { display: flex; gap: .5rem 1rem; align-items: center; flex-wrap: wrap; }
nav a { color: #ffffff; }
nav a[aria-current=page] { font-weight: bold; text-decoration-thickness: 3px; }
header :focus-visible { outline-color: #ffd166; }
main { padding: 1rem; max-width: 80rem; overflow-wrap: break-word; }
ol, ul { padding-left: 1.5rem; }
main:focus { outline: none; }
form.inline { display: inline; }
form#login, form#create { display: grid; gap: .4rem; max-width: 20rem; }
form#create { margin: 1rem 0; }
form#resize, form#fault, form#delays, form#clock, form#scope { margin: .5rem 0; }
input, select, button { font: inherit; min-height: 2.25rem; }
input, select { border: 1px solid #595959; border-radius: 3px; padding: .2rem .4rem; max-width: 100%; }
button { margin: .1rem; padding: .25rem .6rem; border: 1px solid #1f3a5f; border-radius: 3px;
  background: #ffffff; color: #1f3a5f; cursor: pointer; }
button:disabled { color: #595959; border-color: #767676; cursor: not-allowed; }
#emulator { border: 1px solid #8a4b00; padding: .5rem; background: #fff8ec; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
caption { text-align: left; font-weight: bold; padding: .3rem 0; }
th, td { border-bottom: 1px solid #cccccc; padding: .3rem .4rem; text-align: left; vertical-align: top; }
.acts { display: flex; flex-wrap: wrap; }
:focus-visible { outline: 3px solid #b35c00; outline-offset: 2px; }
[role=alert] { color: #a40000; }
.host { background: #ffffff; border: 1px solid #cccccc; padding: .5rem; margin-bottom: .5rem; }
.bar { display: grid; grid-template-columns: 4rem 1fr auto; gap: .5rem; align-items: center; }
meter { width: 100%; }
pre { background: #111111; color: #eeeeee; padding: .5rem; overflow: auto; max-height: 30rem;
  white-space: pre-wrap; word-break: break-word; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dd { margin: 0; overflow-wrap: anywhere; }
dt { font-weight: bold; }
@media (max-width: 40rem) {
  main { padding: .5rem; overflow-wrap: anywhere; }
  table, thead, tbody, tr, th, td, caption { display: block; }
  thead { display: none; }
  td { border: 0; padding: .15rem 0; overflow-wrap: anywhere; }
  tr { border-bottom: 1px solid #cccccc; padding: .4rem 0; }
  dl { grid-template-columns: 1fr; }
  dd { margin-bottom: .3rem; }
}
`;

/** The script: poll the shown page with its ETag, swap the changed live parts, post forms. */
export const CONSOLE_JS =
  `// nova-deno web console: enhances the server-rendered page; no dependencies.
const state = { etag: null, busy: false };

/** Fetch the page again; 304 means nothing changed, 200 swaps every data-live part. */
async function refresh() {
  if (state.busy) return;
  state.busy = true;
  try {
    const headers = { Accept: "text/html" };
    if (state.etag) headers["If-None-Match"] = state.etag;
    const res = await fetch(location.pathname + location.search,
      { headers, credentials: "same-origin", cache: "no-store" });
    if (res.status === 304) return;
    if (res.redirected || !res.ok) {
      if (res.redirected) location.assign(res.url);
      return;
    }
    state.etag = res.headers.get("ETag");
    const doc = new DOMParser().parseFromString(await res.text(), "text/html");
    const focused = document.activeElement && document.activeElement.dataset
      ? document.activeElement.dataset.key || document.activeElement.id : null;
    for (const fresh of doc.querySelectorAll("[data-live]")) {
      const old = document.getElementById(fresh.id);
      if (old) old.replaceWith(document.importNode(fresh, true));
    }
    if (focused && document.activeElement === document.body) {
      const again = document.querySelector('[data-key="' + CSS.escape(focused) + '"]') ||
        document.getElementById(focused);
      if (again) again.focus();
    }
  } catch {
    /* offline for a moment: the next poll tries again */
  } finally {
    state.busy = false;
  }
}

/** Post a data-enhance form without leaving the page; show the API's message on failure. */
async function submit(event) {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-enhance")) return;
  event.preventDefault();
  const body = new URLSearchParams(new FormData(form));
  if (form.dataset.confirm) {
    if (!confirm(form.dataset.confirm)) return;
    body.set("confirm", "yes");
  }
  const alert = document.getElementById(form.dataset.error || "flash") ||
    document.getElementById("flash");
  if (alert) alert.textContent = "";
  try {
    const res = await fetch(form.getAttribute("action"), { method: "POST", body, credentials: "same-origin",
      headers: { Accept: "application/json" } });
    let data = {};
    try { data = await res.json(); } catch { data = {}; }
    if (!res.ok) {
      if (res.status === 401) { location.assign(document.body.dataset.base || "./"); return; }
      if (alert) alert.textContent = data.error || ("HTTP " + res.status);
      return;
    }
    if (data.redirect && data.redirect !== location.pathname + location.search &&
      data.redirect !== location.pathname) {
      location.assign(data.redirect);
      return;
    }
    if (form.id === "create") form.reset();
    const status = document.getElementById("emulator-status");
    if (data.message && status && form.closest("#emulator")) status.textContent = data.message;
    state.etag = null;
    refresh();
  } catch (e) {
    if (alert) alert.textContent = e.message;
  }
}

document.addEventListener("submit", submit);
const every = Number(document.body.dataset.poll || "0");
if (every > 0) {
  refresh();
  setInterval(refresh, every);
}
`;
