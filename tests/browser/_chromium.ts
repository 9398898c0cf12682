/**
 * Headless Chromium (Debian's `chromium`) driven over the DevTools protocol with Deno's built-in
 * WebSocket: start it on a free debugging port with a throw-away profile, attach to its page,
 * navigate, evaluate, screenshot.
 *
 * @module
 */

/** A running headless browser with one page. */
export interface Browser {
  /** Load `url` in the page. */
  navigate(url: string): Promise<void>;
  /** Evaluate `expression` in the page (promises awaited) and return its value. */
  evaluate<T = unknown>(expression: string): Promise<T>;
  /**
   * Wait until `condition` (a page expression) is truthy, evaluating it every 100 ms (across
   * navigations); rejects after `ms` with `what` and the page's text.
   */
  waitFor(condition: string, what: string, ms?: number): Promise<void>;
  /** Send one DevTools protocol command to the page and return its result. */
  cdp(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** A PNG of the page, written to `path`. */
  screenshot(path: string): Promise<void>;
  close(): Promise<void>;
}

/** The chromium binary, or null when none is installed. */
export function chromiumPath(): string | null {
  for (const path of ["/usr/bin/chromium", "/usr/bin/chromium-browser"]) {
    try {
      Deno.statSync(path);
      return path;
    } catch { /* next */ }
  }
  return null;
}

/** Start headless Chromium and attach to its first page. */
export async function launch(binary: string): Promise<Browser> {
  const profile = await Deno.makeTempDir({ prefix: "nova-deno-chromium-" });
  const child = new Deno.Command(binary, {
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-dev-shm-usage",
      "--remote-debugging-address=127.0.0.1",
      "--remote-debugging-port=0",
      `--user-data-dir=${profile}`,
      "about:blank",
    ],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let err = "";
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let wsBrowser = "";
  while (!wsBrowser) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`chromium exited before listening:\n${err}`);
    err += value;
    wsBrowser = /DevTools listening on (ws:\/\/\S+)/.exec(err)?.[1] ?? "";
  }
  const pumped = (async () => {
    for (;;) if ((await reader.read()).done) return;
  })();
  const http = wsBrowser.replace(/^ws:/, "http:").replace(/\/devtools\/.*$/, "");
  const targets = await (await fetch(`${http}/json/list`)).json() as {
    type: string;
    webSocketDebuggerUrl: string;
  }[];
  const page = targets.find((t) => t.type === "page");
  if (!page) throw new Error("chromium has no page");
  const ws = new WebSocket(page.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  let nextId = 1;
  const pending = new Map<number, (msg: Record<string, unknown>) => void>();
  const loaded: (() => void)[] = [];
  ws.onmessage = (event) => {
    const msg = JSON.parse(event.data);
    if (msg.id !== undefined) pending.get(msg.id)?.(msg);
    if (msg.method === "Page.loadEventFired") loaded.splice(0).forEach((f) => f());
  };
  const send = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (msg) => {
        pending.delete(id);
        if (msg.error) reject(new Error(`${method}: ${JSON.stringify(msg.error)}`));
        else resolve(msg.result as Record<string, unknown>);
      });
      ws.send(JSON.stringify({ id, method, params }));
    });
  await send("Page.enable");
  const evaluate = async <T>(expression: string): Promise<T> => {
    const result = await send("Runtime.evaluate", {
      expression,
      awaitPromise: true,
      returnByValue: true,
    }) as { result: { value: T }; exceptionDetails?: { exception?: { description?: string } } };
    if (result.exceptionDetails) {
      throw new Error(result.exceptionDetails.exception?.description ?? "page exception");
    }
    return result.result.value;
  };
  return {
    async navigate(url) {
      const load = new Promise<void>((r) => loaded.push(r));
      await send("Page.navigate", { url });
      await load;
    },
    evaluate,
    async waitFor(condition, what, ms = 30_000) {
      // Polled from here, one evaluation at a time, so a navigation (a form post, a redirect)
      // in between only costs one failed evaluation.
      const until = Date.now() + ms;
      for (;;) {
        let ok = false;
        try {
          ok = await evaluate<boolean>(`(() => { try { return Boolean(${condition}); } catch {
            return false; } })()`);
        } catch { /* the page is navigating */ }
        if (ok) return;
        if (Date.now() > until) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const text = await evaluate<string>("document.body.innerText").catch(() => "(no page)");
      throw new Error(`waited for ${what}; the page shows:\n${text}`);
    },
    cdp: send,
    async screenshot(path) {
      // Chromium now and then reports a content width of 0 for a page it is re-laying out (a
      // poll replacing a section, a late load): wait a frame and ask again, a few times.
      for (let attempt = 1;; attempt++) {
        try {
          const { data } = await send("Page.captureScreenshot", {
            format: "png",
            captureBeyondViewport: true,
          }) as { data: string };
          await Deno.writeFile(path, Uint8Array.from(atob(data), (c) => c.charCodeAt(0)));
          return;
        } catch (error) {
          if (attempt >= 20 || !String(error).includes("0 width")) throw error;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    },
    async close() {
      const closed = new Promise((r) => ws.onclose = r);
      ws.close();
      await closed;
      try {
        child.kill("SIGTERM");
      } catch { /* gone */ }
      await child.status;
      await pumped;
      await Deno.remove(profile, { recursive: true }).catch(() => {});
    },
  };
}
