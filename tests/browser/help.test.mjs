// Contextual help in a real headless Chromium: the example host application (examples/host-app/)
// on one origin, served with a strict Content-Security-Policy, and the built help site on another.
// The widget must work from the keyboard, open its popover from the button's start edge in either
// direction, pass axe-core with its popover open, cause no CSP
// violation or error, fall back to a plain /help/ID/ link when the map is missing, broken or
// slow, run nothing that the help site serves, send the help site neither the host page's URL nor
// its cookies, and every /help/ID/ must land on its page and heading.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { cpSync, readFileSync, readdirSync, writeFileSync, existsSync, statSync } from "node:fs";
import { join, extname } from "node:path";
import { gzipSync } from "node:zlib";
import { REPO, buildSite, serveStatic, headersFile, launch, axe, waitFor, tempDir } from "./lib.mjs";

const HOST_APP = join(REPO, "examples", "host-app");
const PLACEHOLDER = "http://localhost:8001";
let out, helpMap, help, faulty, browser;
const hosts = new Map();
const servers = [];

before(async () => {
  out = buildSite();
  helpMap = JSON.parse(readFileSync(join(out, "help-map.json"), "utf8"));
  // The help site as a host that reads docent's _headers serves it (CORS on the widget's files).
  help = await serveStatic(out, { headers: headersFile(out) });
  faulty = await serveFaulty(out);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  for (const s of [help, faulty, ...servers]) await s?.close();
});

/** The strict policy of the issue: no inline script or style, Trusted Types required (and no policy allowed). */
function csp(helpOrigin) {
  return [
    "default-src 'self'",
    `script-src 'self' ${helpOrigin}`,
    `connect-src 'self' ${helpOrigin}`,
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join("; ");
}

/** The example application, pointed at `helpUrl` (its origin), served with the strict CSP header. */
async function hostFor(helpUrl, transform = (html) => html) {
  const origin = new URL(helpUrl).origin;
  if (!hosts.has(origin)) {
    const dir = join(tempDir("docent-host-"), "app");
    cpSync(HOST_APP, dir, { recursive: true });
    for (const f of readdirSync(dir).filter((f) => f.endsWith(".html"))) {
      writeFileSync(join(dir, f), transform(readFileSync(join(dir, f), "utf8").replaceAll(PLACEHOLDER, origin)));
    }
    const server = await serveStatic(dir, { headers: { "content-security-policy": csp(origin) } });
    servers.push(server);
    hosts.set(origin, server.url);
  }
  return hosts.get(origin);
}

/**
 * The help site again, on a third origin, with a help-map.json that misbehaves on demand:
 * missing (404), not JSON, the wrong shape, an HTML page, hostile content, a script, served
 * without CORS, or never answering.
 */
function serveFaulty(dir) {
  let mode = "ok";
  const hanging = [];
  const cors = { "access-control-allow-origin": "*" };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path === "/help-map.json" && mode !== "ok") {
      const send = (type, body, headers = cors) => { res.writeHead(200, { "content-type": type, ...headers }); res.end(body); };
      const json = (value) => send("application/json", typeof value === "string" ? value : JSON.stringify(value));
      if (mode === "missing") { res.writeHead(404, { "content-type": "text/plain", ...cors }); return res.end("no"); }
      if (mode === "not-json") return json("{\"format\": \"docent-help-map\", oops");
      if (mode === "wrong-shape") return json({ format: "docent-help-map", version: 1, screens: [1, 2] });
      if (mode === "wrong-version") return json({ ...helpMap, version: 99 });
      if (mode === "html") return send("text/html", "<!doctype html><p>Oops</p><script>window.__pwned = 'html'</script>");
      if (mode === "hostile") return json(hostileMap());
      if (mode === "script") return send("text/javascript", "window.__pwned = 'script'; alert(1);");
      if (mode === "old-script") return send("text/javascript", `self.DocentHelp&&self.DocentHelp.register(${JSON.stringify(JSON.stringify(helpMap))});window.__pwned='old';`);
      if (mode === "no-cors") return send("application/json", JSON.stringify(helpMap), {});
      if (mode === "slow") return hanging.push(res);
    }
    let file = join(dir, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) { res.writeHead(404); return res.end(); }
    const type = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".svg": "image/svg+xml" };
    res.writeHead(200, { "content-type": type[extname(file)] || "application/octet-stream", ...cors });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok({
    url: `http://127.0.0.1:${server.address().port}/`,
    setMode: (m) => { mode = m; },
    close: () => new Promise((done) => { hanging.forEach((r) => r.destroy()); server.closeAllConnections(); server.close(done); }),
  })));
}

/**
 * A map whose text tries to become markup, whose links try to become scripts, and whose extra
 * fields try to be used as markup, handlers or prototypes. Every payload would set
 * window.__pwned (or open a dialog) if it ever ran.
 */
function hostileMap() {
  const map = structuredClone(helpMap);
  const markup = "<script>window.__pwned='script'</script><img src=x onerror=\"window.__pwned='img'\"><b>bold</b>";
  map.screens["home"].summary = `${markup} javascript:alert(1)`;
  map.screens["home"].title = `<svg onload="window.__pwned='svg'">${map.screens["home"].title}`;
  map.screens["home"].heading = "<iframe src=\"javascript:alert(1)\"></iframe>";
  map.screens["home"].html = markup;
  map.screens["home"].onclick = "window.__pwned='onclick'";
  map.screens["home"].videos = [
    { name: "evil", url: "javascript:window.__pwned='video'" },
    { name: "data", url: "data:text/html,<script>alert(1)</script>" },
    { name: "elsewhere", url: "https://attacker.example/video/" },
    { name: "intro", url: "videos/intro/", html: markup },
  ];
  map.screens["clinic-information"].url = "javascript:window.__pwned='url'";
  map.screens["__proto__"] = { title: "proto", summary: "x", url: "x/" };
  map.script = "window.__pwned='top'";
  return map;
}

/**
 * Opens a host page in a fresh context and records what must stay empty: CSP violations (events
 * and console reports), console errors, page errors and anything reaching window.onerror.
 */
async function openHost(url, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  await context.addInitScript(() => {
    window.__problems = [];
    window.__globals = Object.getOwnPropertyNames(window).concat("__globals", "__natives");
    window.__natives = [EventTarget.prototype.addEventListener, Element.prototype.append, Node.prototype.appendChild,
      window.fetch, XMLHttpRequest.prototype.open, history.pushState, JSON.parse, window.setTimeout];
    document.addEventListener("securitypolicyviolation", (e) => window.__problems.push(`CSP: ${e.violatedDirective} ${e.blockedURI}`));
    window.onerror = (m) => { window.__problems.push(`window.onerror: ${m}`); };
    window.addEventListener("unhandledrejection", (e) => window.__problems.push(`unhandled rejection: ${e.reason}`));
  });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  await page.goto(url);
  const check = async (allowed = [], what = "") => {
    const all = [...problems, ...(await page.evaluate(() => window.__problems))];
    assert.deepEqual(all.filter((p) => !allowed.some((a) => a.test(p))), [], `CSP violations or errors ${what}`);
  };
  return { context, page, check };
}

/** Evaluates `fn` with the first help widget's shadow root (and any argument). */
const inWidget = (page, fn, arg) =>
  page.evaluate(([src, a]) => new Function("root", "arg", `return (${src})(root, arg)`)(document.querySelector("docent-help").shadowRoot, a), [fn.toString(), arg]);

test("the widget is served at a stable URL and is at most 8 KB gzip", async (t) => {
  const response = await fetch(`${help.url}docent-help.js`);
  assert.equal(response.status, 200);
  const bytes = Buffer.from(await response.arrayBuffer());
  const gzip = gzipSync(bytes, { level: 9 }).length;
  t.diagnostic(`docent-help.js: ${bytes.length} bytes, ${gzip} bytes gzip -9`);
  assert.ok(gzip <= 8192, `${gzip} bytes gzip`);
});

test("keyboard: tab to the help button, Enter opens the summary, links are right, Escape returns focus", async () => {
  const entry = helpMap.screens["home"];
  assert.ok(entry.url.includes("#"), "the home screen points at a heading");
  const { context, page, check } = await openHost(await hostFor(help.url));
  await waitFor(page, () => window.DocentHelp?.status === "ready" && document.querySelector("docent-help")?.shadowRoot.querySelector("button"), null, "the help button");
  assert.equal(await page.evaluate(() => document.querySelectorAll("style, [style]").length), 0, "the host page gets no styles");
  const globals = await page.evaluate(() => Object.getOwnPropertyNames(window).filter((n) => !window.__globals.includes(n)));
  assert.deepEqual(globals, ["DocentHelp"], "one global");
  const patched = await page.evaluate(() => [EventTarget.prototype.addEventListener, Element.prototype.append, Node.prototype.appendChild,
    window.fetch, XMLHttpRequest.prototype.open, history.pushState, JSON.parse, window.setTimeout].map((f, i) => f === window.__natives[i]));
  assert.ok(patched.every(Boolean), "the widget patches nothing");

  let found = false;
  for (let i = 0; i < 30 && !found; i++) {
    await page.keyboard.press("Tab");
    found = await page.evaluate(() => document.activeElement?.localName === "docent-help"
      && document.activeElement.shadowRoot.activeElement?.localName === "button");
  }
  assert.ok(found, "Tab reaches the help button");
  const button = page.locator("docent-help button.b");
  assert.equal(await button.getAttribute("aria-label"), "Help: Home");
  assert.equal(await button.getAttribute("aria-expanded"), "false");

  await page.keyboard.press("Enter");
  const popover = page.locator("docent-help [role=dialog]");
  await popover.waitFor({ state: "visible" });
  assert.equal(await button.getAttribute("aria-expanded"), "true");
  assert.equal(await page.locator("docent-help .s").textContent(), entry.summary);
  assert.equal(await page.locator("docent-help .t").textContent(), `${entry.title} — ${entry.heading}`);
  assert.equal(await inWidget(page, (root) => root.activeElement?.getAttribute("role")), "dialog", "focus moves into the popover");
  const links = await page.locator("docent-help .l a").evaluateAll((as) => as.map((a) => [a.textContent, a.href]));
  assert.deepEqual(links, [
    ["Open the guide (opens in a new tab)", new URL(entry.url, help.url).href],
    ...entry.videos.map((v) => ["Learn More (opens in a new tab)", new URL(v.url, help.url).href]),
  ]);
  assert.ok(entry.videos.length > 0, "this screen has a Learn More video (from its sidecar)");
  const box = await popover.boundingBox();
  const buttonBox = await button.boundingBox();
  assert.ok(box.y >= buttonBox.y + buttonBox.height && box.x + box.width <= 1280, "the popover sits under its button");

  await page.keyboard.press("Escape");
  await popover.waitFor({ state: "hidden" });
  assert.equal(await button.getAttribute("aria-expanded"), "false");
  assert.equal(await inWidget(page, (root) => root.activeElement?.localName), "button", "focus returns to the button");

  // Open again, Tab to "Open the guide" and follow it: the guide opens on the right heading.
  await page.keyboard.press("Enter");
  await popover.waitFor({ state: "visible" });
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  assert.equal(await inWidget(page, (root) => root.activeElement?.textContent), "Open the guide (opens in a new tab)");
  const [guide] = await Promise.all([context.waitForEvent("page"), page.keyboard.press("Enter")]);
  await guide.waitForLoadState();
  const target = new URL(entry.url, help.url);
  assert.equal(guide.url(), target.href);
  assert.ok(await guide.evaluate((id) => !!document.getElementById(id), target.hash.slice(1)), "the heading exists");
  await guide.close();

  // A click outside closes it and gives focus back to the button.
  if (!(await popover.isVisible())) await button.click();
  await popover.waitFor({ state: "visible" });
  await page.locator(".app-header p").click();
  await popover.waitFor({ state: "hidden" });
  assert.equal(await inWidget(page, (root) => root.activeElement?.localName), "button");

  // Tabbing past the last link leaves the popover, which closes; the host page's next control has focus.
  await page.keyboard.press("Enter");
  await popover.waitFor({ state: "visible" });
  for (let i = 0; i < 2 + links.length; i++) await page.keyboard.press("Tab");
  await popover.waitFor({ state: "hidden" });
  assert.equal(await page.evaluate(() => document.activeElement.name), "clinic");
  await check();
  await context.close();
});

test("axe-core finds no violation on the host page with the popover open, in light and dark", async () => {
  for (const colorScheme of ["light", "dark"]) {
    // axe is injected as an inline script, which the policy rightly forbids: this context skips CSP.
    const { context, page } = await openHost((await hostFor(help.url)) + "clinic-information.html", { colorScheme, bypassCSP: true });
    await waitFor(page, () => document.querySelector("docent-help")?.shadowRoot.querySelector("button"), null, "the help button");
    await page.locator("docent-help button.b").click();
    await page.locator("docent-help [role=dialog]").waitFor({ state: "visible" });
    assert.deepEqual(await axe(page), [], `axe in ${colorScheme} mode`);
    const dark = await page.evaluate(() => document.querySelector("docent-help").hasAttribute("data-dark"));
    assert.equal(dark, colorScheme === "dark", "the widget follows the host's dark mode");
    await context.close();
  }
});

test("the popover starts at its button's start edge and keeps its close button at the end, left to right and right to left", async () => {
  const { context, page, check } = await openHost(await hostFor(help.url));
  await waitFor(page, () => document.querySelector("docent-help")?.shadowRoot.querySelector("button"), null, "the help button");
  const button = page.locator("docent-help button.b");
  const popover = page.locator("docent-help [role=dialog]");
  for (const dir of ["ltr", "rtl"]) {
    await page.evaluate((d) => { document.documentElement.dir = d; }, dir);
    await button.click();
    await popover.waitFor({ state: "visible" });
    const [b, p, x, t] = await Promise.all([button, popover, page.locator("docent-help .x"), page.locator("docent-help .t")]
      .map((l) => l.boundingBox()));
    const rtl = dir === "rtl";
    assert.ok(p.x >= 8 && p.x + p.width <= 1280 - 8, `${dir}: the popover is inside the viewport`);
    const edge = rtl ? [p.x + p.width, b.x + b.width] : [p.x, b.x];
    assert.ok(Math.abs(edge[0] - edge[1]) <= 1, `${dir}: the popover's start edge is its button's (${edge})`);
    const closeOnRight = x.x > p.x + p.width / 2;
    assert.equal(closeOnRight, !rtl, `${dir}: the close button is at the popover's end`);
    assert.ok(rtl ? t.x >= x.x + x.width : t.x + t.width <= x.x, `${dir}: the title stays clear of the close button`);
    await page.keyboard.press("Escape");
    await popover.waitFor({ state: "hidden" });
  }
  await check();
  await context.close();
});

test("help added later by the application follows its language; all of it without CSP violations", async () => {
  const { context, page, check } = await openHost((await hostFor(help.url)) + "notifications.html");
  await waitFor(page, () => window.DocentHelp?.status === "ready", null, "the map");
  await page.evaluate(() => {
    const h2 = document.createElement("h2");
    h2.lang = "es";
    h2.dataset.help = "clinic-staff";
    h2.textContent = "Personal de la clínica";
    document.querySelector("main").append(h2);
  });
  const button = page.locator("h2 docent-help button.b");
  await button.waitFor();
  assert.equal(await button.getAttribute("aria-label"), "Ayuda: Personal de la clínica");
  await button.click();
  const guide = page.locator("h2 docent-help .l a").first();
  assert.equal(await guide.textContent(), "Abrir la guía (se abre en una pestaña nueva)");
  await page.evaluate(() => { document.querySelector("h2").dataset.help = "notifications"; });
  await waitFor(page, () => document.querySelector("h2 docent-help")?.shadowRoot.querySelector("button.b")?.getAttribute("aria-expanded") === "false", null, "the widget follows the new ID");
  await check();
  await context.close();
});

test("every /help/ID/ lands on its page and heading (and without JavaScript too)", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const wrong = [];
  const ids = Object.keys(helpMap.screens);
  assert.ok(ids.length >= 20, `only ${ids.length} screens`);
  for (const id of ids) {
    const target = new URL(helpMap.screens[id].url, help.url);
    const before = await page.evaluate(() => history.length);
    await page.goto(`${help.url}help/${id}/`);
    await page.waitForURL((u) => u.pathname === target.pathname);
    const hash = await page.evaluate(() => location.hash);
    const ok = hash === target.hash && (!hash || await page.evaluate((h) => !!document.getElementById(h), hash.slice(1)));
    if (!ok) wrong.push(`${id}: landed on ${page.url()}, expected ${target.href}`);
    if (await page.evaluate(() => history.length) !== before + 1) wrong.push(`${id}: the redirect stayed in the history`);
  }
  await context.close();
  assert.deepEqual(wrong, []);

  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const p2 = await noJs.newPage();
  const target = new URL(helpMap.screens["password-reset"].url, help.url);
  await p2.goto(`${help.url}help/password-reset/`);
  await p2.waitForURL(target.href);
  await noJs.close();
});

test("a missing, broken, wrongly shaped or hostile map leaves a working link and no error", async () => {
  const cases = [
    ["missing", "failed", [/404 \(Not Found\)/]],
    ["not-json", "failed", []],
    ["wrong-shape", "failed", []],
    ["wrong-version", "failed", []],
    ["html", "failed", []],
    ["script", "failed", []],
    ["old-script", "failed", []],
    ["no-cors", "failed", [/blocked by CORS policy/, /net::ERR_FAILED/]],
    ["hostile", "ready", []],
  ];
  for (const [mode, status, allowed] of cases) {
    faulty.setMode(mode);
    const { context, page, check } = await openHost((await hostFor(faulty.url)) + "clinic-information.html");
    await waitFor(page, (s) => window.DocentHelp?.status === s, status, `status ${status} for ${mode}`);
    const link = page.locator("docent-help a.b");
    assert.equal(await link.getAttribute("href"), `${faulty.url}help/clinic-information/`, mode);
    assert.equal(await link.getAttribute("aria-label"), "Help: Clinic Information", mode);
    assert.equal(await page.locator("docent-help button").count(), 0, `${mode}: no popover without a usable entry`);
    assert.equal(await page.evaluate(() => window.__pwned), undefined, `${mode}: nothing from the help site ran`);
    await check(allowed, mode);
    await context.close();
  }
});

test("a hostile map runs nothing, even without the host's CSP: text stays text, unsafe links are refused", async () => {
  faulty.setMode("hostile");
  for (const bypassCSP of [false, true]) {
    // Without CSP, markup inserted as HTML would run its handlers: the proof that none is.
    const { context, page, check } = await openHost(await hostFor(faulty.url), { bypassCSP });
    const dialogs = [];
    page.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });
    await waitFor(page, () => document.querySelector("docent-help")?.shadowRoot.querySelector("button"), null, "the help button");
    await page.locator("docent-help button.b").click();
    const hostile = hostileMap().screens["home"];
    const summary = page.locator("docent-help .s");
    assert.equal(await summary.textContent(), hostile.summary);
    assert.equal(await page.locator("docent-help .t").textContent(), `${hostile.title} — ${hostile.heading}`);
    const elements = await inWidget(page, (root) => [...root.querySelectorAll("*")].map((e) => e.localName).sort().join(" "));
    assert.equal(elements, "a a button button div p p p span span span", "only the widget's own elements");
    const links = await page.locator("docent-help .l a").evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute("href")]));
    assert.deepEqual(links.map(([, href]) => href), [new URL(helpMap.screens["home"].url, faulty.url).href, `${faulty.url}videos/intro/`]);
    assert.equal(links[1][0], "Learn More (opens in a new tab)");
    await page.locator("docent-help .x").click();
    assert.equal(await page.evaluate(() => window.__pwned), undefined, "no payload ran");
    assert.deepEqual(dialogs, []);
    assert.equal(await page.evaluate(() => ({}).title), undefined, "no prototype was touched");
    await check();
    await context.close();
  }
});

test("a slow map: the plain link is there at once and opens the help page", async () => {
  faulty.setMode("slow");
  const { context, page, check } = await openHost((await hostFor(faulty.url)) + "clinic-staff.html");
  const link = page.locator("docent-help a.b");
  await link.waitFor();
  assert.equal(await page.evaluate(() => window.DocentHelp.status), "loading");
  const [guide] = await Promise.all([context.waitForEvent("page"), link.click()]);
  const target = new URL(helpMap.screens["clinic-staff"].url, faulty.url);
  await guide.waitForURL(target.href);
  await check();
  await context.close();
  faulty.setMode("ok");
});

test("pinned with Subresource Integrity (the README's way), the widget still loads and works", async () => {
  const sri = readFileSync(join(out, "docent-help.js.sri"), "utf8").trim();
  const cors = await serveStatic(out, { headers: headersFile(out) });
  servers.push(cors);
  const pin = (html) => html.replace('docent-help.js" defer ', `docent-help.js" defer integrity="${sri}" `);
  const { context, page, check } = await openHost((await hostFor(cors.url, pin)) + "notifications.html");
  assert.equal(await page.locator("script[integrity]").getAttribute("integrity"), sri);
  await waitFor(page, () => window.DocentHelp?.status === "ready", null, "the map");
  await page.locator("docent-help button.b").click();
  assert.equal(await page.locator("docent-help .s").textContent(), helpMap.screens["notifications"].summary);
  await check();
  await context.close();
});

test("the help site gets neither the host page's URL nor its cookies", async () => {
  // The application on localhost:A, whose URL holds a patient's ID, with a session cookie and a
  // Referrer-Policy that sends whole URLs; the help site on localhost:B: another origin for the
  // browser, but the same host for cookies (which ignore ports), as help.example.org and
  // app.example.org share cookies for example.org.
  const requests = [];
  const onRequest = (req) => requests.push({ path: req.url, referer: req.headers.referer, cookie: req.headers.cookie });
  const helpSite = await serveStatic(out, { headers: headersFile(out), onRequest });
  servers.push(helpSite);
  const helpUrl = helpSite.url.replace("127.0.0.1", "localhost");
  const app = createServer((req, res) => {
    if (!req.url.startsWith("/patients")) { res.writeHead(204); return res.end(); }
    res.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      "referrer-policy": "unsafe-url",
      "set-cookie": "session=s3cr3t; Path=/",
      "content-security-policy": csp(new URL(helpUrl).origin),
    });
    // The script tag the README gives.
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Patient 12345</title>
<script src="${helpUrl}docent-help.js" defer crossorigin="anonymous" referrerpolicy="no-referrer"></script>
</head><body><main><h1 data-help="home">Patient 12345</h1></main></body></html>`);
  });
  await new Promise((ok) => app.listen(0, "127.0.0.1", ok));
  servers.push({ close: () => new Promise((done) => { app.closeAllConnections(); app.close(done); }) });
  const appUrl = `http://localhost:${app.address().port}/patients?id=12345`;

  const { context, page, check } = await openHost(appUrl);
  assert.deepEqual((await context.cookies(helpUrl)).map((c) => `${c.name}=${c.value}`), ["session=s3cr3t"],
    "the browser holds a cookie it would send to the help site");
  await waitFor(page, () => window.DocentHelp?.status === "ready", null, "the map");
  const widget = requests.splice(0);
  for (const r of widget) {
    assert.equal(r.referer, undefined, `${r.path} was sent the host's URL`);
    assert.equal(r.cookie, undefined, `${r.path} was sent the host's cookie`);
  }
  assert.deepEqual(widget.map((r) => r.path).sort(), ["/docent-help.js", "/help-map.json"]);

  // Following "Open the guide" visits the help site: that visit carries no Referer either.
  await page.locator("docent-help button.b").click();
  const [guide] = await Promise.all([context.waitForEvent("page"), page.locator("docent-help .l a").first().click()]);
  const target = new URL(helpMap.screens["home"].url, helpUrl);
  await guide.waitForURL(target.href);
  const visit = requests.find((r) => r.path === target.pathname);
  assert.ok(visit, `the help site served ${target.pathname}`);
  assert.equal(visit.referer, undefined, "the guide was opened with the host's URL as Referer");
  assert.ok(requests.every((r) => !String(r.referer).includes("12345")), "no request carried the patient's ID");
  await check();
  await context.close();
});
