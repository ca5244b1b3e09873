// A site of many modules (more than 30 at the top), in a real browser: a page's menu holds its
// own module after an "All modules" link; the keyboard reaches that link, and it leads to the
// home page's list of every module, from which any other module opens. axe finds no WCAG 2.2
// A/AA violation on such a page, on a phone and on a desktop.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildSite, serveStatic, launch, watchProblems, waitFor, axe, tempDir } from "./lib.mjs";

let server, browser;

before(async () => {
  const site = tempDir("docent-modules-");
  writeFileSync(join(site, "docent.toml"), "title = \"Many modules\"\n");
  mkdirSync(join(site, "content"));
  writeFileSync(join(site, "content", "_index.md"), "+++\ntitle = \"Home\"\n+++\nPick a module.\n");
  for (let m = 0; m < 32; m++) {
    const dir = join(site, "content", `m${String(m).padStart(2, "0")}`);
    mkdirSync(dir);
    writeFileSync(join(dir, "_index.md"), `+++\ntitle = "Module ${m}"\n+++\nAbout module ${m}.\n`);
    writeFileSync(join(dir, "task.md"), `+++\ntitle = "Do task ${m}"\n+++\nThe steps of task ${m}.\n`);
  }
  server = await serveStatic(buildSite(site));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("the keyboard follows 'All modules' to the home page's list and opens another module", async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const problems = watchProblems(page);
  await page.goto(new URL("m05/task/", server.url).href, { waitUntil: "load" });
  const menu = page.locator(".site-menu");
  assert.equal(await menu.locator("a").first().textContent(), "All modules");
  assert.equal(await menu.locator('a[aria-current="page"]').textContent(), "Do task 5");
  assert.equal(await menu.locator('a[href="/m06/"]').count(), 0, "other modules are on the home page");
  // Tab from the top of the page until "All modules" has focus, then follow it with Enter.
  let reached = false;
  for (let i = 0; i < 30 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => document.activeElement?.textContent === "All modules");
  }
  assert.ok(reached, "Tab reaches the All modules link");
  await page.keyboard.press("Enter");
  await waitFor(page, () => location.hash === "#modules-title" && location.pathname === "/", null, "the home page's list");
  const cards = page.locator("#modules-title + .card-list a");
  assert.equal(await cards.count(), 32);
  await cards.filter({ hasText: "Module 20" }).click();
  await waitFor(page, () => location.pathname === "/m20/", null, "module 20");
  assert.equal(await page.locator('.site-menu a[aria-current="page"]').textContent(), "Module 20");
  assert.deepEqual(problems, []);
  await context.close();
});

for (const width of [320, 1200]) {
  test(`axe finds no violation on a page of a many-module site at ${width} px`, async () => {
    const context = await browser.newContext({ viewport: { width, height: 800 } });
    const page = await context.newPage();
    await page.goto(new URL("m05/task/", server.url).href, { waitUntil: "load" });
    assert.deepEqual(await axe(page), []);
    await context.close();
  });
}
