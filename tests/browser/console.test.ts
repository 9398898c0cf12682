/**
 * The web console in headless Chromium against a real quick start (`scripts/start.ts` on free
 * ports, the embedded identity, authtoken over HTTP). As a member: log in (the token only in an
 * HttpOnly, SameSite=Strict cookie), see a server go ACTIVE, stop it from its row and see SHUTOFF
 * without a reload, open its page (timeline), create a server with the form and watch it reach
 * ACTIVE on its page, read its metadata view, resize and confirm, fail to see the admin's server,
 * be refused hypervisors and aggregates. As admin: capacity bars, zones, server groups, an
 * emulator fault. Then the pages with JavaScript disabled, and the servers page at 375 px wide.
 * Screenshots of every page go to state/screenshots/. Run with `deno task test:console` (not part
 * of `deno task test`); skipped when chromium is missing.
 */
import assert from "node:assert/strict";
import { startQuickStart } from "../interop/_quickstart.ts";
import { CIRROS_IMAGE_ID } from "../../lib/images/catalog.ts";
import { type Browser, chromiumPath, launch } from "./_chromium.ts";

const SHOTS = new URL("../../state/screenshots/", import.meta.url).pathname;
const binary = chromiumPath();
if (binary === null && Deno.env.get("CI")) {
  throw new Error("CI needs chromium: run scripts/install-browser.sh");
}

/** A project-scoped token from the quick start's embedded identity. */
async function token(origin: string, user: string, password: string, project: string) {
  const res = await fetch(`${origin}/identity/v3/auth/tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ["password"],
          password: { user: { name: user, domain: { name: "Default" }, password } },
        },
        scope: { project: { name: project, domain: { name: "Default" } } },
      },
    }),
  });
  await res.body?.cancel();
  assert.equal(res.status, 201);
  return res.headers.get("X-Subject-Token")!;
}

async function createServer(endpoint: string, tok: string, name: string): Promise<string> {
  const created = await fetch(`${endpoint}/servers`, {
    method: "POST",
    headers: {
      "X-Auth-Token": tok,
      "Content-Type": "application/json",
      "OpenStack-API-Version": "compute 2.37",
    },
    body: JSON.stringify({
      server: { name, imageRef: CIRROS_IMAGE_ID, flavorRef: "1", networks: "auto" },
    }),
  });
  const body = await created.json();
  assert.equal(created.status, 202, JSON.stringify(body));
  return body.server.id;
}

/** Fill the log-in form and submit it (a real form post: the page navigates). */
function logIn(user: string, password: string, project: string): string {
  return `(() => {
    document.getElementById("username").value = ${JSON.stringify(user)};
    document.getElementById("password").value = ${JSON.stringify(password)};
    document.getElementById("project").value = ${JSON.stringify(project)};
    document.getElementById("login").requestSubmit();
    return true;
  })()`;
}

/** The value of a fact on the server page (`Status`, `Flavor`, …). */
const fact = (name: string) =>
  `[...document.querySelectorAll("#server-facts dt")].find((dt) => dt.textContent === ${
    JSON.stringify(name)
  })?.nextElementSibling.textContent`;

const rowStatus = (name: string) =>
  `[...document.querySelectorAll("#servers tr")].find((tr) => tr.cells[0].innerText === ${
    JSON.stringify(name)
  })?.cells[1].innerText`;

const text = (id: string) => `document.getElementById(${JSON.stringify(id)})?.innerText`;

async function cookies(browser: Browser) {
  const { cookies } = await browser.cdp("Network.getCookies") as {
    cookies: { name: string; httpOnly: boolean; sameSite?: string; secure: boolean }[];
  };
  return cookies;
}

Deno.test({
  name: "console: log in, watch servers live, act, read metadata, policy applies, no-JS, phone",
  ignore: binary === null,
  async fn() {
    const qs = await startQuickStart();
    const origin = qs.endpoint.replace(/\/v2\.1$/, "");
    const browser = await launch(binary!);
    try {
      await Deno.mkdir(SHOTS, { recursive: true });
      await browser.cdp("Network.enable");
      await browser.cdp("Emulation.setDeviceMetricsOverride", {
        width: 1200,
        height: 800,
        deviceScaleFactor: 1,
        mobile: false,
      });
      const demo = await token(origin, "demo", "demo", "demo");
      const admin = await token(origin, "admin", "admin", "admin");
      const id = await createServer(qs.endpoint, demo, "web-1");
      const secret = await createServer(qs.endpoint, admin, "admins-secret-box");

      await browser.navigate(`${origin}/console/`);
      await browser.waitFor(`document.getElementById("login") !== null`, "the log-in form");
      await browser.screenshot(`${SHOTS}login.png`);
      await browser.evaluate(logIn("demo", "wrong", "demo"));
      await browser.waitFor(`${text("login-error")}`, "a log-in error");
      await browser.evaluate(logIn("demo", "demo", "demo"));
      await browser.waitFor(`${rowStatus("web-1")} === "ACTIVE"`, "web-1 ACTIVE in the list");

      // The token is in an HttpOnly, SameSite=Strict cookie: no script can read it.
      const session = (await cookies(browser)).find((c) => c.name === "nova_console");
      assert.ok(session, "the session cookie");
      assert.equal(session.httpOnly, true);
      assert.equal(session.sameSite, "Strict");
      assert.equal(session.secure, false, "plain http: no Secure flag");
      assert.equal(await browser.evaluate(`document.cookie`), "");
      assert.equal(await browser.evaluate(`sessionStorage.length + localStorage.length`), 0);
      const html = String(await browser.evaluate(`document.documentElement.outerHTML`));
      assert.ok(!html.includes(demo.slice(0, 40)), "no token in the page");
      await browser.screenshot(`${SHOTS}servers.png`);

      // Stop it with the row's button; the poll shows SHUTOFF without reloading the page.
      await browser.evaluate(`window.sameDocument = true`);
      await browser.evaluate(`document.querySelector(
        '#servers tr[data-server="${id}"] button[data-action="stop"]').click()`);
      await browser.waitFor(`${rowStatus("web-1")} === "SHUTOFF"`, "web-1 SHUTOFF after Stop");
      assert.equal(await browser.evaluate(`window.sameDocument`), true, "no reload");
      // The page's own poll: unchanged, the server answers 304 to its ETag.
      assert.deepEqual(
        await browser.evaluate(`(async () => {
          const a = await fetch(location.pathname, { cache: "no-store" });
          const etag = a.headers.get("ETag");
          await a.text();
          const b = await fetch(location.pathname,
            { cache: "no-store", headers: { "If-None-Match": etag } });
          return [a.status, b.status];
        })()`),
        [200, 304],
      );

      await browser.navigate(`${origin}/console/servers/${id}`);
      await browser.waitFor(
        `${text("server-name")} === "web-1" && ${text("server-actions")}.includes("stop") &&
         ${text("server-actions")}.includes("create")`,
        "the detail with the create and stop actions",
      );
      await browser.screenshot(`${SHOTS}server.png`);

      // Create a server with the page's form: it opens the new server's page, which goes ACTIVE.
      await browser.navigate(`${origin}/console/`);
      await browser.waitFor(
        `document.getElementById("create-image").options.length > 0`,
        "the create form's choices",
      );
      await browser.evaluate(`(() => {
        const pick = (id, value) => { document.getElementById(id).value = value; };
        pick("create-name", "web-2");
        pick("create-image", ${JSON.stringify(CIRROS_IMAGE_ID)});
        pick("create-flavor", "1");
        const net = [...document.getElementById("create-network").options]
          .find((o) => /private/.test(o.textContent)) ?? { value: "auto" };
        pick("create-network", net.value);
        document.getElementById("create").requestSubmit();
        return true;
      })()`);
      await browser.waitFor(
        `${text("server-name")} === "web-2" && ${fact("Status")} === "ACTIVE"`,
        "web-2 ACTIVE on its page",
      );
      const id2 = String(await browser.evaluate(`location.pathname.split("/").pop()`));
      assert.match(id2, /^[0-9a-f-]{36}$/);
      // The metadata view shows what cloud-init reads: meta_data.json names the server's uuid.
      await browser.waitFor(
        `JSON.parse(document.querySelector('[data-metadata="meta_data.json"] pre').textContent)
           .uuid === ${JSON.stringify(id2)}`,
        "web-2's uuid in its meta_data.json view",
      );
      assert.match(
        String(
          await browser.evaluate(
            `document.querySelector('[data-metadata="EC2 meta-data index"] pre').textContent`,
          ),
        ),
        /^instance-id$/m,
      );
      await browser.screenshot(`${SHOTS}metadata.png`);

      // Resize to m1.small, then confirm, with the page's buttons.
      await browser.evaluate(`(() => {
        document.getElementById("resize-flavor").value = "2";
        document.getElementById("resize").requestSubmit();
        return true;
      })()`);
      await browser.waitFor(
        `${fact("Status")} === "VERIFY_RESIZE" &&
         !document.getElementById("resize-confirm").disabled`,
        "web-2 VERIFY_RESIZE with Confirm enabled",
      );
      await browser.evaluate(`document.getElementById("resize-confirm").click()`);
      await browser.waitFor(
        `${fact("Status")} === "ACTIVE" && ${fact("Flavor")} === "m1.small"`,
        "web-2 ACTIVE on m1.small after Confirm",
      );
      assert.equal(await browser.evaluate(`document.getElementById("emulator")`), null);

      // Another project's server: the compute API says 404 to this member, and so does the page.
      await browser.navigate(`${origin}/console/servers/${secret}`);
      await browser.waitFor(`${text("page-error")}`, "the refusal");
      const refused = String(await browser.evaluate(`document.body.innerText`));
      assert.match(refused, /Error 404/);
      assert.doesNotMatch(refused, /admins-secret-box/);
      await browser.navigate(`${origin}/console/`);
      await browser.waitFor(`${rowStatus("web-2")} === "ACTIVE"`, "the member's list");
      assert.equal(await browser.evaluate(`${rowStatus("admins-secret-box")}`), undefined);

      // A member cannot list hypervisors or aggregates: the pages say so.
      await browser.navigate(`${origin}/console/hosts`);
      await browser.waitFor(`${text("hosts-error")}`, "the member's hypervisor error");
      await browser.navigate(`${origin}/console/zones`);
      await browser.waitFor(`${text("aggregates-error")}`, "the member's aggregates error");
      assert.match(String(await browser.evaluate(text("zones"))), /nova: available/);

      // Log out: the cookie goes, the pages send back to the log-in form.
      await browser.evaluate(`document.getElementById("logout").click()`);
      await browser.waitFor(`document.getElementById("login") !== null`, "the log-in form");
      assert.equal((await cookies(browser)).some((c) => c.name === "nova_console"), false);

      await browser.evaluate(logIn("admin", "admin", "admin"));
      await browser.waitFor(`document.getElementById("servers") !== null`, "the admin's list");
      await browser.navigate(`${origin}/console/hosts`);
      await browser.waitFor(
        `document.querySelectorAll("#hosts meter").length >= 3 &&
         Number(document.querySelector("#hosts meter").max) > 0`,
        "capacity bars for the admin",
      );
      await browser.screenshot(`${SHOTS}hosts.png`);
      await browser.navigate(`${origin}/console/zones`);
      await browser.waitFor(
        `${text("zones")}.includes("nova") && ${text("aggregates-error")} === ""`,
        "zones and aggregates for the admin",
      );
      await browser.screenshot(`${SHOTS}zones.png`);
      await browser.navigate(`${origin}/console/server-groups`);
      await browser.waitFor(`document.getElementById("server-groups") !== null`, "server groups");
      await browser.screenshot(`${SHOTS}server-groups.png`);

      // The admin arms a fault for web-2's next reboot from its page (the quick start's emulator).
      await browser.navigate(`${origin}/console/servers/${id2}`);
      await browser.waitFor(`document.getElementById("emulator") !== null`, "the emulator panel");
      await browser.evaluate(`(() => {
        document.getElementById("fault-action").value = "reboot";
        document.getElementById("fault").requestSubmit();
        return true;
      })()`);
      await browser.waitFor(
        `document.getElementById("faults").textContent.includes("armed: reboot")`,
        "the armed reboot fault listed",
      );
      await browser.screenshot(`${SHOTS}emulator.png`);

      // Without JavaScript the read-only pages are all there (rendered on the server).
      await browser.cdp("Emulation.setScriptExecutionDisabled", { value: true });
      await browser.navigate(`${origin}/console/servers/${id2}`);
      const noJs = String(await browser.evaluate(`document.body.innerText`));
      assert.match(noJs, /web-2/);
      assert.match(noJs, /ACTIVE/);
      assert.match(noJs, /resize/, "the timeline");
      assert.match(noJs, new RegExp(id2), "meta_data.json");
      assert.match(noJs, /\d+\.\d+\.\d+\.\d+/, "an address");
      await browser.screenshot(`${SHOTS}server-nojs.png`);
      await browser.navigate(`${origin}/console/hosts`);
      assert.match(String(await browser.evaluate(`document.body.innerText`)), /vCPU/);
      await browser.cdp("Emulation.setScriptExecutionDisabled", { value: false });

      // A phone: 375 px wide, nothing wider than the screen, every control labelled.
      await browser.cdp("Emulation.setDeviceMetricsOverride", {
        width: 375,
        height: 812,
        deviceScaleFactor: 1,
        mobile: true,
      });
      for (const path of ["/console/", `/console/servers/${id2}`, "/console/hosts"]) {
        await browser.navigate(`${origin}${path}`);
        await browser.waitFor(`document.getElementById("main") !== null`, path);
        const layout = await browser.evaluate<{ wide: number; unlabelled: string[] }>(`({
          wide: document.documentElement.scrollWidth,
          unlabelled: [...document.querySelectorAll("input:not([type=hidden]), select")]
            .filter((e) => e.labels.length === 0 && !e.getAttribute("aria-label"))
            .map((e) => e.id || e.name),
        })`);
        assert.ok(layout.wide <= 375, `${path} is ${layout.wide} px wide at 375`);
        assert.deepEqual(layout.unlabelled, [], `${path}: controls without a label`);
      }
      await browser.navigate(`${origin}/console/`);
      await browser.screenshot(`${SHOTS}phone-servers.png`);
      // Keyboard: every control is in the tab order, Tab reaches the skip link with a visible
      // focus ring.
      assert.deepEqual(
        await browser.evaluate(`[...document.querySelectorAll("button, a[href], input, select")]
          .filter((e) => e.type !== "hidden" && e.tabIndex < 0).map((e) => e.outerHTML)`),
        [],
      );
      for (const type of ["keyDown", "keyUp"]) {
        await browser.cdp("Input.dispatchKeyEvent", {
          type,
          key: "Tab",
          code: "Tab",
          windowsVirtualKeyCode: 9,
        });
      }
      assert.deepEqual(
        await browser.evaluate(`[document.activeElement.className,
          getComputedStyle(document.activeElement).outlineStyle,
          getComputedStyle(document.activeElement).outlineWidth]`),
        ["skip", "solid", "3px"],
      );

      // Last, the admin resets the cloud from the hosts page: a confirmation page first (a
      // plain form post), then back on the hosts page, and no server is left.
      await browser.navigate(`${origin}/console/hosts`);
      await browser.waitFor(`document.getElementById("reset-cloud") !== null`, "the reset button");
      await browser.evaluate(`(() => {
        document.getElementById("reset-cloud").click();
        return true;
      })()`);
      await browser.waitFor(
        `${text("confirm-question")}?.startsWith("Reset the whole cloud")`,
        "the reset's confirmation page",
      );
      await browser.screenshot(`${SHOTS}reset-confirm.png`);
      await browser.evaluate(`(() => {
        document.getElementById("confirm-yes").click();
        return true;
      })()`);
      await browser.waitFor(
        `location.pathname === "/console/hosts" && document.getElementById("reset-cloud") !== null`,
        "back on the hosts page",
      );
      await browser.navigate(`${origin}/console/?all=1`);
      await browser.waitFor(
        `document.getElementById("servers") !== null &&
         document.querySelectorAll("#servers tr").length === 0`,
        "no server left after the reset",
      );
    } finally {
      await browser.close();
      await qs.stop();
    }
  },
});
