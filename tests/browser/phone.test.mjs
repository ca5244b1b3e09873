// The example site on a phone (360 px, touch) and at desktop width: the one-row header, the
// search button, the menu drawer (tap and keyboard, focus kept inside, Escape, inert page), the
// menu without JavaScript, the dark mode toggle's name and state, and the task pages' watch
// links and video pages' links back to their guides.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { buildSite, serveStatic, launch, axe, waitFor } from "./lib.mjs";

let server, browser;
const TASK = "username-and-password/reset-your-password/";
const VIDEO = "videos/reset-your-password/";
const PHONE = { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true };

before(async () => {
  server = await serveStatic(buildSite());
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** A page of a new context with `options`, at `path` of the site, its theme script run. */
async function open(path, options = PHONE) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.goto(server.url + path);
  if (options.javaScriptEnabled !== false) {
    await waitFor(page, () => !document.querySelector(".theme-toggle").hidden, undefined, "docent.js");
  }
  return { context, page };
}

const active = (page) => page.evaluate(() => {
  const a = document.activeElement;
  return a ? (a.getAttribute("aria-label") || a.textContent).trim() : "";
});
const inDrawer = (page) => page.evaluate(() => !!document.activeElement.closest("#menu-drawer"));

test("on a phone the header is one row: title, search button, dark mode, menu button", async () => {
  for (const path of ["", TASK, "search/"]) {
    const { context, page } = await open(path);
    const header = await page.locator(".site-header").boundingBox();
    assert.ok(header.height <= 64, `${path}: header is ${header.height}px high`);
    const tops = [];
    for (const name of [/^Search$/, /^Dark mode$/, /^Menu$/]) {
      const button = page.getByRole("button", { name, exact: true }).first();
      assert.ok(await button.isVisible(), `${path}: ${name} button visible`);
      tops.push((await button.boundingBox()).y);
    }
    tops.push((await page.locator(".site-title").boundingBox()).y);
    assert.ok(Math.max(...tops) - Math.min(...tops) < 20, `${path}: all on one row (${tops})`);
    assert.equal(await page.locator(".site-search").isVisible(), false, "the search box waits behind its button");
    await context.close();
  }
});

test("the phone's search button opens the search box, focused; Escape folds it away", async () => {
  const { context, page } = await open(TASK);
  const button = page.locator(".search-toggle");
  await button.tap();
  assert.equal(await button.getAttribute("aria-expanded"), "true");
  assert.equal(await page.evaluate(() => document.activeElement.id), "site-search-input");
  await page.keyboard.type("password");
  await waitFor(page, () => !document.getElementById("site-search-popup").hidden, undefined, "search results");
  assert.ok((await page.locator(".search-option").count()) > 0);
  await page.keyboard.press("Escape"); // closes the results first
  assert.equal(await page.locator(".site-search").isVisible(), true);
  await page.keyboard.press("Escape"); // clears the text
  await page.keyboard.press("Escape"); // then folds the box away
  assert.equal(await page.locator(".site-search").isVisible(), false);
  assert.equal(await button.getAttribute("aria-expanded"), "false");
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains("search-toggle")), true);
  // "/" opens it too (a phone with a keyboard).
  await page.keyboard.press("/");
  assert.equal(await page.evaluate(() => document.activeElement.id), "site-search-input");
  await context.close();
});

test("on a desktop the search box is in the header and / and Ctrl+K focus it", async () => {
  const { context, page } = await open(TASK, { viewport: { width: 1280, height: 900 } });
  assert.ok(await page.locator("#site-search-input").isVisible());
  for (const button of [".search-toggle", ".menu-button", ".menu-close"]) {
    assert.equal(await page.locator(button).isVisible(), false, `no ${button}`);
  }
  assert.ok(await page.locator("#menu").isVisible(), "the menu is a sidebar");
  await page.locator("h1").click();
  await page.keyboard.press("/");
  assert.equal(await page.evaluate(() => document.activeElement.id), "site-search-input");
  await page.locator("h1").click();
  await page.keyboard.press("Control+k");
  assert.equal(await page.evaluate(() => document.activeElement.id), "site-search-input");
  const header = await page.locator(".site-header").boundingBox();
  assert.ok(header.height <= 72, `desktop header is one row (${header.height}px)`);
  await context.close();
});

test("a tap on the menu button opens the drawer; the close button closes it", async () => {
  const { context, page } = await open(TASK);
  const button = page.locator(".menu-button");
  assert.equal(await button.getAttribute("aria-controls"), "menu-drawer");
  assert.equal(await button.getAttribute("aria-expanded"), "false");
  assert.equal(await page.locator("#menu").isVisible(), false, "no menu below the content with JavaScript");
  await button.tap();
  assert.equal(await button.getAttribute("aria-expanded"), "true");
  const dialog = page.getByRole("dialog", { name: "Menu" });
  assert.ok(await dialog.isVisible(), "the drawer is a dialog named Menu");
  assert.ok(await page.locator('#menu a[aria-current="page"]').isVisible(), "the current page is shown");
  assert.equal(await active(page), "Close menu", "focus moves into the drawer");
  assert.deepEqual(
    await page.evaluate(() => ["main", ".site-header", ".site-footer"].map((s) => document.querySelector(s).inert)),
    [true, true, true],
    "the page behind is inert",
  );
  await page.locator(".menu-close").tap();
  assert.equal(await dialog.count(), 0);
  assert.equal(await page.locator("#menu").isVisible(), false);
  assert.equal(await button.getAttribute("aria-expanded"), "false");
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains("menu-button")), true);
  assert.equal(await page.evaluate(() => document.querySelector("main").inert), false);
  await button.tap();
  await page.mouse.click(350, 400); // beside the panel (its width is at most 88% of the screen)
  assert.equal(await button.getAttribute("aria-expanded"), "false", "a tap beside the panel closes it");
  // A page's own link to #menu opens the drawer too.
  await page.evaluate(() => {
    const a = Object.assign(document.createElement("a"), { href: "#menu", textContent: "the menu", id: "to-menu" });
    document.querySelector(".content").prepend(a);
  });
  await page.locator("#to-menu").tap();
  assert.equal(await button.getAttribute("aria-expanded"), "true");
  assert.equal(await active(page), "Close menu");
  await context.close();
});

test("the drawer by keyboard: Enter opens, Tab stays inside, Escape closes and returns focus", async () => {
  const { context, page } = await open(TASK, { ...PHONE, hasTouch: false, isMobile: false });
  await page.locator(".menu-button").focus();
  await page.keyboard.press("Enter");
  assert.equal(await active(page), "Close menu");
  // Forward through every item of the drawer and round again: focus never leaves it.
  const count = await page.evaluate(() =>
    [...document.querySelectorAll("#menu-drawer a[href], #menu-drawer button:not([hidden])")]
      .filter((el) => el.getClientRects().length).length);
  assert.ok(count > 5, `${count} items`);
  for (let i = 0; i < count + 2; i++) {
    await page.keyboard.press("Tab");
    assert.ok(await inDrawer(page), `Tab ${i + 1} left the drawer (at ${await active(page)})`);
  }
  assert.notEqual(await active(page), "Close menu");
  // Back to the start, then Shift+Tab wraps to the last item.
  await page.locator(".menu-close").focus();
  await page.keyboard.press("Shift+Tab");
  assert.ok(await inDrawer(page), "Shift+Tab from the first item wraps to the last");
  // The module toggles work inside the drawer.
  const closed = await page.locator("#menu-drawer .menu-toggle[aria-expanded=false]").first().getAttribute("aria-controls");
  const toggle = page.locator(`#menu-drawer .menu-toggle[aria-controls="${closed}"]`);
  await toggle.focus();
  await page.keyboard.press("Enter");
  assert.equal(await toggle.getAttribute("aria-expanded"), "true");
  await page.keyboard.press("Escape");
  assert.equal(await page.locator(".menu-button").getAttribute("aria-expanded"), "false");
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains("menu-button")), true);
  // Space opens it too, and a link in it goes to its page.
  await page.keyboard.press(" ");
  assert.ok(await inDrawer(page));
  const link = page.locator('#menu-drawer a[href$="/locked-account/"]');
  await link.focus();
  await Promise.all([page.waitForURL(/locked-account\/$/), page.keyboard.press("Enter")]);
  await context.close();
});

test("without JavaScript the phone's Menu link jumps to the menu after the content", async () => {
  const { context, page } = await open(TASK, { ...PHONE, javaScriptEnabled: false });
  const header = await page.locator(".site-header").boundingBox();
  assert.ok(header.height <= 64, `header is ${header.height}px high`);
  assert.equal(await page.locator(".menu-button").isVisible(), false);
  const link = page.locator(".menu-link");
  assert.ok(await link.isVisible());
  await link.tap();
  await page.waitForURL(/#menu$/);
  const menu = page.locator("#menu");
  assert.ok(await menu.isVisible());
  assert.ok(await page.locator('#menu a[aria-current="page"]').isVisible());
  const [menuBox, mainBox] = [await menu.boundingBox(), await page.locator("main").boundingBox()];
  assert.ok(menuBox.y >= mainBox.y + mainBox.height - 1, "the menu follows the content");
  assert.ok(menuBox.y < 740, "and has been scrolled to");
  await context.close();
});

test("dark mode is a pressed toggle named Dark mode, right before and after toggling and after reload", async () => {
  for (const options of [PHONE, { viewport: { width: 1280, height: 900 } }]) {
    const { context, page } = await open(TASK, { ...options, colorScheme: "light" });
    const toggle = page.getByRole("button", { name: "Dark mode", exact: true });
    assert.equal(await toggle.getAttribute("aria-pressed"), "false");
    await toggle.click();
    assert.equal(await toggle.getAttribute("aria-pressed"), "true");
    assert.equal(await page.getByRole("button", { name: "Dark mode", exact: true }).count(), 1, "same name when on");
    await page.reload();
    await waitFor(page, () => !document.querySelector(".theme-toggle").hidden, undefined, "docent.js");
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "dark");
    assert.equal(await toggle.getAttribute("aria-pressed"), "true", "still on after reload");
    await toggle.click();
    assert.equal(await toggle.getAttribute("aria-pressed"), "false");
    await page.reload();
    await waitFor(page, () => !document.querySelector(".theme-toggle").hidden, undefined, "docent.js");
    assert.equal(await toggle.getAttribute("aria-pressed"), "false", "still off after reload");
    await context.close();
  }
  // Following a dark system, it starts pressed.
  const { context, page } = await open(TASK, { ...PHONE, colorScheme: "dark" });
  assert.equal(await page.locator(".theme-toggle").getAttribute("aria-pressed"), "true");
  await context.close();
});

test("a task page with a video starts with a watch link; the video page links back to it", async () => {
  const { context, page } = await open(TASK);
  const watch = page.locator(".watch-links a").first();
  assert.match(await watch.textContent(), /^Watch: Reset your password \(\d+:\d\d\)$/);
  const [top, content] = [await watch.boundingBox(), await page.locator(".content").boundingBox()];
  assert.ok(top.y < content.y, "above the text");
  await Promise.all([page.waitForURL((u) => u.pathname.endsWith(VIDEO)), watch.tap()]);
  const back = page.locator(".video-guides a");
  assert.deepEqual(await back.allTextContents(), ["Reset your password"]);
  const mention = page.locator(".transcript a:not([data-seek])", { hasText: /forgot your username/i });
  assert.equal(await mention.count(), 1, "the transcript links the page it names");
  await Promise.all([page.waitForURL(/forgot-your-username\/$/), mention.tap()]);
  await page.goBack();
  await Promise.all([page.waitForURL((u) => u.pathname.endsWith(TASK)), back.tap()]);
  await context.close();
});

for (const [width, height] of [[320, 640], [1280, 900]]) {
  for (const scheme of ["light", "dark"]) {
    test(`axe: task and video pages at ${width}px in ${scheme}, drawer and search open too`, async () => {
      const { context, page } = await open(TASK, { viewport: { width, height }, colorScheme: scheme });
      const all = [];
      for (const path of [TASK, VIDEO]) {
        await page.goto(server.url + path);
        await waitFor(page, () => !document.querySelector(".theme-toggle").hidden, undefined, "docent.js");
        all.push(...(await axe(page)).map((v) => `${path}: ${v}`));
        const wide = await page.evaluate(() => document.documentElement.scrollWidth);
        if (wide > width) all.push(`${path}: scrolls sideways (${wide}px)`);
        if (width < 800) {
          await page.locator(".menu-button").click();
          all.push(...(await axe(page)).map((v) => `${path} (drawer open): ${v}`));
          await page.keyboard.press("Escape");
          await page.locator(".search-toggle").click();
          all.push(...(await axe(page)).map((v) => `${path} (search open): ${v}`));
        }
      }
      await context.close();
      assert.deepEqual(all, []);
    });
  }
}
