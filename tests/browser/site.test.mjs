// The example site in a real headless Chromium: every page loads cleanly, no link is broken,
// the menu works from the keyboard, dark mode persists, and axe-core finds no WCAG 2.2 A/AA
// violation at 320 px and at desktop width, in light and dark.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { buildSite, serveStatic, launch, watchProblems, axe } from "./lib.mjs";

let server, browser, pages;

before(async () => {
  server = await serveStatic(buildSite());
  browser = await launch();
  pages = await crawl(server.url);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Follows every same-site link from the home page; checks each page and each #anchor. */
async function crawl(start) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const seen = new Set();
  const queue = [start];
  const anchors = [];
  const broken = [];
  // Each crawled page's ids once loaded, so an #anchor is checked without loading its page again.
  const ids = new Map();
  while (queue.length) {
    const url = queue.shift();
    if (seen.has(url)) continue;
    seen.add(url);
    const problems = watchProblems(page);
    const response = await page.goto(url, { waitUntil: "load" });
    if (!response || response.status() !== 200) broken.push(`${url}: HTTP ${response?.status()}`);
    await page.waitForLoadState("networkidle");
    page.removeAllListeners("console"); page.removeAllListeners("pageerror");
    page.removeAllListeners("requestfailed"); page.removeAllListeners("response");
    broken.push(...problems.map((p) => `${url}: ${p}`));
    ids.set(url, new Set(await page.$$eval("[id]", (els) => els.map((e) => e.id))));
    const links = await page.$$eval("a[href]", (as) => as.map((a) => a.href));
    for (const href of links) {
      const u = new URL(href);
      if (!u.href.startsWith(start)) continue;
      if (u.hash) anchors.push({ from: url, target: u.href });
      u.hash = "";
      if (!seen.has(u.href)) queue.push(u.href);
    }
  }
  for (const { from, target } of anchors) {
    const [pageUrl, id] = [target.split("#")[0], decodeURIComponent(target.split("#")[1])];
    if (id === "main" || id === "menu" || id.startsWith("t=")) continue; // #t=95: a time in a video, not an anchor
    let found = ids.get(pageUrl)?.has(id);
    if (found === undefined) {
      await page.goto(pageUrl);
      found = await page.evaluate((id) => !!document.getElementById(id), id);
    }
    if (!found) broken.push(`${from}: link to missing anchor ${target}`);
  }
  await context.close();
  assert.deepEqual(broken, [], "broken pages, links or console errors");
  return [...seen].filter((u) => !u.endsWith(".xml") && !u.endsWith(".txt"));
}

test("every page of the example site loads without errors and no link is broken", () => {
  assert.ok(pages.length >= 25, `crawled only ${pages.length} pages`);
});

for (const [width, height] of [[320, 640], [1280, 900]]) {
  for (const scheme of ["light", "dark"]) {
    test(`axe-core finds no WCAG 2.2 A/AA violation at ${width}px in ${scheme} mode`, async () => {
      const context = await browser.newContext({ viewport: { width, height }, colorScheme: scheme });
      const page = await context.newPage();
      const all = [];
      for (const url of [...pages, server.url + "no-such-page/"]) {
        await page.goto(url);
        const violations = await axe(page);
        all.push(...violations.map((v) => `${url}: ${v}`));
        if (width === 320) {
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
          if (overflow > 320) all.push(`${url}: scrolls sideways (${overflow}px wide)`);
        }
      }
      await context.close();
      assert.deepEqual(all, []);
    });
  }
}

test("keyboard: skip link, then open a module in the menu and follow a page link", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Skip to main content");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement.id), "main");

  // Tab through the menu to the first module's toggle and open it with the keyboard.
  const toggle = page.locator(".menu-toggle").first();
  const controls = await toggle.getAttribute("aria-controls");
  assert.equal(await toggle.getAttribute("aria-expanded"), "false");
  await page.locator(".site-title").focus();
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(() => document.activeElement.classList.contains("menu-toggle"))) break;
  }
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("aria-controls")), controls);
  await page.keyboard.press("Enter");
  assert.equal(await toggle.getAttribute("aria-expanded"), "true");
  assert.ok(await page.locator(`#${controls}`).isVisible());

  // The next Tab reaches the module's first page; Enter opens it, and the menu marks it current.
  await page.keyboard.press("Tab");
  const href = await page.evaluate(() => document.activeElement.getAttribute("href"));
  assert.match(href, /\/.+\/.+\//);
  await Promise.all([page.waitForURL((u) => u.pathname === href), page.keyboard.press("Enter")]);
  const current = page.locator('.site-menu a[aria-current="page"]');
  assert.equal(await current.count(), 1);
  assert.equal(await current.getAttribute("href"), href);
  assert.equal(await page.locator(`#${controls}`).isVisible(), true, "the current module is open");
  await context.close();
});

test("dark mode follows the system and the toggle's choice persists across pages", async () => {
  const context = await browser.newContext({ colorScheme: "light" });
  const page = await context.newPage();
  await page.goto(server.url);
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await bg();
  const toggle = page.locator(".theme-toggle");
  assert.equal(await toggle.getAttribute("aria-pressed"), "false");
  await toggle.click();
  assert.equal(await toggle.getAttribute("aria-pressed"), "true");
  assert.notEqual(await bg(), light);
  await page.goto(server.url + "logging-in/");
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "dark");
  assert.notEqual(await bg(), light);
  await context.close();

  const dark = await browser.newContext({ colorScheme: "dark" });
  const p2 = await dark.newPage();
  await p2.goto(server.url);
  assert.notEqual(await p2.evaluate(() => getComputedStyle(document.body).backgroundColor), light);
  assert.equal(await p2.locator(".theme-toggle").getAttribute("aria-pressed"), "true");
  await dark.close();
});

test("without JavaScript every page still reads and links work", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.url + "username-and-password/reset-your-password/");
  assert.equal(await page.locator("h1").textContent(), "Reset your password");
  assert.equal(await page.locator(".menu-toggle:visible").count(), 0, "toggles need JavaScript, so they stay hidden");
  const current = page.locator('.site-menu a[aria-current="page"]');
  assert.ok(await current.isVisible(), "the current page's module is open without JavaScript");
  await page.locator(".prev-next .next").click();
  assert.notEqual(new URL(page.url()).pathname, "/username-and-password/reset-your-password/");
  await context.close();
});

test("the home page offers quick links to common tasks and every module", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  const quick = await page.locator(".quick-link-list a").allTextContents();
  assert.ok(quick.includes("Reset your password"), quick.join(", "));
  assert.ok((await page.locator(".card-list .card").count()) >= 6);
  await context.close();
});
