// The training author's toolkit in a real browser (issue 19), on tests/fixtures/toolkit: tabs by
// arrow keys, Home and End (ARIA tabs, roving tabindex) and as headed sections without
// JavaScript; the screenshot dialog by click and by keyboard (Escape closes, focus returns);
// nothing wider than a 360 px phone; axe-core clean in light and dark mode.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { buildSite, serveStatic, launch, watchProblems, waitFor, axe, REPO } from "./lib.mjs";

let server, browser;

before(async () => {
  server = await serveStatic(buildSite(join(REPO, "tests", "fixtures", "toolkit")));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const problems = watchProblems(page);
  await page.goto(new URL("send/", server.url).href, { waitUntil: "load" });
  return { context, page, problems };
}

const focused = (page) => page.evaluate(() => document.activeElement.textContent.trim());
const visiblePanels = (page) =>
  page.evaluate(() => [...document.querySelectorAll(".tab-panel")].filter((p) => !p.hidden).map((p) => p.getAttribute("aria-labelledby")));

test("tabs: one tab in the tab order, arrow keys, Home and End select tabs", async () => {
  const { context, page, problems } = await open();
  await waitFor(page, () => document.querySelector("[role=tablist]"), null, "the tablist");
  const tabs = await page.evaluate(() =>
    [...document.querySelectorAll("[role=tab]")].map((t) => [t.textContent, t.getAttribute("aria-selected"), t.tabIndex]));
  assert.deepEqual(tabs, [["Clinic staff", "true", 0], ["School nurse", "false", -1]]);
  assert.deepEqual(await visiblePanels(page), ["tabs-2-tab-1"]);
  // Tab from the heading before the tabs reaches the selected tab.
  await page.focus("#send-the-request a");
  await page.keyboard.press("Tab");
  assert.equal(await focused(page), "Clinic staff");
  await page.keyboard.press("ArrowRight");
  assert.equal(await focused(page), "School nurse");
  assert.deepEqual(await visiblePanels(page), ["tabs-2-tab-2"]);
  assert.ok(await page.isVisible("text=Ask the school’s registered nurse"));
  assert.ok(!(await page.isVisible("text=Open the help desk form.")));
  await page.keyboard.press("ArrowRight");
  assert.equal(await focused(page), "Clinic staff", "the arrow wraps around");
  await page.keyboard.press("End");
  assert.equal(await focused(page), "School nurse");
  await page.keyboard.press("Home");
  assert.equal(await focused(page), "Clinic staff");
  await page.keyboard.press("ArrowLeft");
  assert.equal(await focused(page), "School nurse");
  // Tab leaves the tablist for the panel, not for the other tab.
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("role")), "tabpanel");
  await page.getByRole("tab", { name: "Clinic staff" }).click();
  assert.deepEqual(await visiblePanels(page), ["tabs-2-tab-1"]);
  assert.deepEqual(problems, []);
  await context.close();
});

test("tabs: a link to a tab's title opens that tab", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(new URL("send/#school-nurse", server.url).href, { waitUntil: "load" });
  await waitFor(page, () => document.querySelector("[role=tablist]"), null, "the tablist");
  assert.deepEqual(await visiblePanels(page), ["tabs-2-tab-2"]);
  await context.close();
});

test("choosing a tab chooses the same title in the page's other groups and on the next page", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watchProblems(page);
  await page.goto(new URL("send/check/", server.url).href, { waitUntil: "load" });
  await waitFor(page, () => document.querySelectorAll("[role=tablist]").length === 2, null, "two tablists");
  const selected = () => page.$$eval("[role=tab][aria-selected=true]", (ts) => ts.map((t) => t.textContent));
  assert.deepEqual(await selected(), ["Clinic staff", "Clinic staff"]);
  await page.getByRole("tab", { name: "School nurse" }).first().click();
  assert.deepEqual(await selected(), ["School nurse", "School nurse"]);
  assert.ok(await page.isVisible("text=Ask the school’s head nurse to call."));
  await page.goto(new URL("send/", server.url).href, { waitUntil: "load" });
  await waitFor(page, () => document.querySelector("[role=tablist]"), null, "the tablist");
  assert.deepEqual(await selected(), ["School nurse"]);
  assert.deepEqual(problems, []);
  await context.close();
});

test("tabs without JavaScript are headed sections, all shown", async () => {
  const { context, page } = await open({ javaScriptEnabled: false });
  assert.equal(await page.locator("[role=tablist]").count(), 0);
  const headings = await page.locator(".tab-panel > h3").allTextContents();
  assert.deepEqual(headings, ["Clinic staff", "School nurse"]);
  assert.ok(await page.isVisible("text=Open the help desk form."));
  assert.ok(await page.isVisible("text=Ask the school’s registered nurse"));
  // The screenshot links to its largest copy.
  assert.equal(await page.getAttribute(".figure a.figure-zoom", "href"), "/send/form@2x.png");
  await context.close();
});

test("the screenshot opens larger by click and by keyboard; Escape closes; focus returns", async () => {
  const { context, page, problems } = await open();
  const button = page.locator("button.figure-zoom");
  await waitFor(page, () => document.querySelector("button.figure-zoom"), null, "the zoom button");
  assert.match(await button.getAttribute("aria-label"), /^Open larger: The help desk form/);
  await button.click();
  await waitFor(page, () => document.querySelector(".figure-dialog").open, null, "the dialog to open");
  const shown = await page.evaluate(() => {
    const d = document.querySelector(".figure-dialog");
    return { src: d.querySelector("img").getAttribute("src"), focus: document.activeElement.textContent, caption: d.querySelector("p").textContent };
  });
  assert.deepEqual(shown, { src: "/send/form@2x.png", focus: "Close", caption: "The Immunizations Program choice in the Program list" });
  await waitFor(page, () => document.querySelector(".figure-dialog img").complete, null, "the large image");
  await page.keyboard.press("Escape");
  await waitFor(page, () => !document.querySelector(".figure-dialog").open, null, "Escape to close the dialog");
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains("figure-zoom")), true);
  // By keyboard: Enter opens it, the close button closes it.
  await page.keyboard.press("Enter");
  await waitFor(page, () => document.querySelector(".figure-dialog").open, null, "Enter to open the dialog");
  await page.keyboard.press("Enter");
  await waitFor(page, () => !document.querySelector(".figure-dialog").open, null, "the close button to close it");
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains("figure-zoom")), true);
  await page.keyboard.press("Space");
  await waitFor(page, () => document.querySelector(".figure-dialog").open, null, "Space to open the dialog");
  await page.keyboard.press("Escape");
  await waitFor(page, () => !document.querySelector(".figure-dialog").open, null, "Escape again");
  assert.deepEqual(problems, []);
  await context.close();
});

test("nothing is wider than a 360 px phone, and the screenshot fits the column", async () => {
  const { context, page } = await open({ viewport: { width: 360, height: 740 } });
  const sizes = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    img: document.querySelector(".figure img").getBoundingClientRect().right,
  }));
  assert.ok(sizes.page <= 360, `the page is ${sizes.page}px wide`);
  assert.ok(sizes.img <= 360, `the screenshot ends at ${sizes.img}px`);
  await context.close();
});

for (const scheme of ["light", "dark"]) {
  test(`axe-core finds no violation on a page using every block, in ${scheme} mode, dialog open and closed`, async () => {
    const { context, page } = await open({ colorScheme: scheme });
    await waitFor(page, () => document.querySelector("[role=tablist]"), null, "the tablist");
    assert.deepEqual(await axe(page), []);
    await page.click("details > summary");
    await page.click("button.figure-zoom");
    await waitFor(page, () => document.querySelector(".figure-dialog").open, null, "the dialog");
    assert.deepEqual(await axe(page), []);
    await context.close();
  });
}

test("the search's role filter leaves out text inside only blocks for other roles", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watchProblems(page);
  const found = async (query) => {
    await page.goto(new URL(`search/?q=${query}`, server.url).href);
    await waitFor(page, () => document.querySelector(".search-status").textContent !== "", null, "the status");
    return page.$$eval(".search-result a", (as) => as.map((a) => new URL(a.href).pathname + new URL(a.href).hash));
  };
  // "watch" is only in the block for clinic staff, under "After sending".
  assert.ok((await found("watch")).includes("/send/#after-sending"));
  assert.ok((await found("watch&role=clinic+staff")).includes("/send/#after-sending"));
  assert.deepEqual(await found("watch&role=school+nurse"), []);
  // "registered nurse" is in the block for school nurses; "request" is for everyone.
  assert.deepEqual(await found("registered&role=clinic+staff"), []);
  assert.ok((await found("registered&role=school+nurse")).some((u) => u.startsWith("/send/")));
  assert.ok((await found("request&role=clinic+staff")).some((u) => u.startsWith("/send/")));
  assert.deepEqual(problems, []);
  await context.close();
});
