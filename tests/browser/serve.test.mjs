// `docent serve` in a real headless Chromium: an open page takes an edit to its text in place
// (no navigation) and keeps its scroll position, focus and open <details>, an edit to another
// page leaves it alone, a template change reloads it, a stylesheet change is swapped without a reload, a
// broken file shows the problems overlay (as text) and the fix removes it, and a page reloads
// when its server restarts.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, readFileSync, writeFileSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { REPO, DOCENT, launch, watchProblems, waitFor, tempDir } from "./lib.mjs";

const PAGE = "content/getting-help/contact-the-help-desk.md";
const OTHER = "content/getting-help/what-to-include.md";
let site, server, browser;

/** Starts `docent serve` on `site`; resolves to { url, process } once it printed its URL. */
function startServer(port = 0) {
  const child = spawn(DOCENT, ["serve", "--root", site, "--port", String(port)], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((ok, fail) => {
    child.once("exit", (code) => fail(new Error(`docent serve exited with ${code}`)));
    createInterface({ input: child.stdout }).once("line", (url) => ok({ url, process: child }));
  });
}

function stopServer(s) {
  return new Promise((done) => {
    if (s.process.exitCode !== null) return done();
    s.process.once("exit", done);
    s.process.kill("SIGINT");
  });
}

before(async () => {
  site = tempDir("docent-serve-");
  cpSync(join(REPO, "content"), join(site, "content"), { recursive: true });
  cpSync(join(REPO, "docent.toml"), join(site, "docent.toml"));
  cpSync(join(REPO, "videos"), join(site, "videos"), { recursive: true });
  cpSync(join(REPO, "snippets"), join(site, "snippets"), { recursive: true });
  cpSync(join(REPO, "glossary.toml"), join(site, "glossary.toml"));
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  if (server) await stopServer(server);
});

test("an edit to the open page is swapped in place, keeping scroll, focus and open details", async () => {
  const context = await browser.newContext({ viewport: { width: 900, height: 400 } });
  const page = await context.newPage();
  const other = await context.newPage();
  const problems = watchProblems(page);
  await page.goto(new URL("getting-help/contact-the-help-desk/", server.url).href, { waitUntil: "load" });
  await other.goto(new URL("getting-help/what-to-include/", server.url).href, { waitUntil: "load" });
  await page.evaluate(() => { window.docentMarker = "kept"; });

  const original = readFileSync(join(site, PAGE), "utf8");
  const details = "\n<details><summary>More about it</summary>\n\nThe hidden part.\n\n</details>\n";
  writeFileSync(join(site, PAGE), original + details + "\nFirst swapped text.\n");
  await waitFor(page, () => document.body.innerText.includes("First swapped text."), null, "the first edit");
  assert.equal(await page.evaluate(() => window.docentMarker), "kept", "the edit did not navigate");

  await page.click("#main details summary");
  await waitFor(page, () => window.scrollTo(0, 250) || window.scrollY >= 250, null, "the page to scroll");
  await page.focus("#menu a[aria-current=page]");
  const focused = await page.evaluate(() => document.activeElement.getAttribute("href"));
  const swaps = await page.evaluate(() => document.documentElement.dataset.docentSwap);
  writeFileSync(join(site, PAGE), original + details + "\nSecond swapped text.\n");
  await waitFor(page, () => document.body.innerText.includes("Second swapped text."), null, "the second edit");
  const after = await page.evaluate(() => ({
    marker: window.docentMarker,
    scroll: window.scrollY,
    open: document.querySelector("#main details").open,
    focused: document.activeElement.getAttribute("href"),
    inMenu: document.getElementById("menu").contains(document.activeElement),
    swaps: document.documentElement.dataset.docentSwap,
  }));
  assert.equal(after.marker, "kept", "no navigation");
  assert.ok(Math.abs(after.scroll - 250) < 5, `scroll position kept (${after.scroll})`);
  assert.equal(after.open, true, "the open <details> stays open");
  assert.equal(after.focused, focused, "focus stays on the same link");
  assert.ok(after.inMenu, "on the new menu's link");
  assert.equal(Number(after.swaps), Number(swaps) + 1);

  // Another page's edit: that page (open in another tab) changes, this one does nothing.
  const otherText = readFileSync(join(site, OTHER), "utf8");
  writeFileSync(join(site, OTHER), otherText + "\nOther page edited.\n");
  await waitFor(other, () => document.body.innerText.includes("Other page edited."), null, "the other page's edit");
  assert.deepEqual(await page.evaluate(() => [window.docentMarker, document.documentElement.dataset.docentSwap]),
    ["kept", after.swaps], "an edit to another page leaves the open page alone");
  writeFileSync(join(site, OTHER), otherText);

  // A change to the head (here a template's) reloads the page.
  const base = readFileSync(join(REPO, "themes/default/templates/base.html"), "utf8");
  mkdirSync(join(site, "themes/default/templates"), { recursive: true });
  writeFileSync(join(site, "themes/default/templates/base.html"),
    base.replace("</head>", '<meta name="docent-test" content="1">\n</head>'));
  await waitFor(page, () => window.docentMarker === undefined && !!document.querySelector('meta[name="docent-test"]'),
    null, "a full reload after the head changed");
  rmSync(join(site, "themes/default/templates/base.html"));
  await waitFor(page, () => !document.querySelector('meta[name="docent-test"]'), null, "the template removed");
  writeFileSync(join(site, PAGE), original);
  await waitFor(page, () => !document.body.innerText.includes("Second swapped text."), null, "the page restored");

  assert.deepEqual(problems.filter((p) => !p.includes("/__docent/events")), [], "no console errors or failed requests");
  await context.close();
});

test("an open page follows edits, stylesheet changes, errors and restarts without a manual reload", async () => {
  const context = await browser.newContext({ viewport: { width: 900, height: 400 } });
  const page = await context.newPage();
  const problems = watchProblems(page);
  const url = new URL("getting-help/contact-the-help-desk/", server.url).href;
  await page.goto(url, { waitUntil: "load" });
  await waitFor(page, () => window.scrollTo(0, 250) || window.scrollY >= 250, null, "the page to scroll");
  // Anything set on `window` survives an in-place update or a stylesheet swap, but not a reload.
  await page.evaluate(() => { window.docentMarker = "before"; });

  const original = readFileSync(join(site, PAGE), "utf8");
  writeFileSync(join(site, PAGE), original + "\nA paragraph typed while the page was open.\n");
  await waitFor(page, () => document.body.innerText.includes("A paragraph typed while the page was open."), null,
    "the edited paragraph to appear");
  assert.equal(await page.evaluate(() => window.docentMarker), "before", "the content change did not navigate");
  await waitFor(page, () => Math.abs(window.scrollY - 250) < 5, null, "the scroll position to be restored");

  await page.evaluate(() => { window.docentMarker = "css"; });
  mkdirSync(join(site, "themes/default/static"), { recursive: true });
  const css = readFileSync(join(REPO, "themes/default/static/style.css"), "utf8");
  writeFileSync(join(site, "themes/default/static/style.css"), css + "\nmain { outline: 3px solid rgb(1, 2, 3); }\n");
  await waitFor(page, () => getComputedStyle(document.querySelector("main")).outlineColor === "rgb(1, 2, 3)", null,
    "the new stylesheet to apply");
  assert.equal(await page.evaluate(() => window.docentMarker), "css", "a stylesheet change does not reload the page");

  writeFileSync(join(site, PAGE), original + "\nSee [this](missing-<b>bold</b>.md).\n");
  await waitFor(page, () => document.getElementById("docent-serve-problems")?.textContent.includes("contact-the-help-desk.md"),
    null, "the problems overlay");
  const overlay = await page.evaluate(() => {
    const box = document.getElementById("docent-serve-problems");
    return { text: box.textContent, elements: box.querySelectorAll("b").length, role: box.getAttribute("role") };
  });
  assert.match(overlay.text, /missing-<b>bold<\/b>\.md/, "the message is shown as text");
  assert.equal(overlay.elements, 0, "nothing from the message became HTML");
  assert.equal(overlay.role, "alert");
  assert.ok(await page.evaluate(() => document.body.innerText.includes("A paragraph typed")), "last good build stays");

  writeFileSync(join(site, PAGE), original + "\nFixed again.\n");
  await waitFor(page, () => !document.getElementById("docent-serve-problems") && document.body.innerText.includes("Fixed again."),
    null, "the overlay to go and the fixed text to show");

  await page.evaluate(() => { window.docentMarker = "restart"; });
  const port = new URL(server.url).port;
  await stopServer(server);
  server = await startServer(port);
  await waitFor(page, () => window.docentMarker === undefined && document.body.innerText.includes("Fixed again."), null,
    "the page to reload after the server restarted");

  const real = problems.filter((p) => !p.includes("/__docent/events") && !p.includes("ERR_CONNECTION_REFUSED"));
  assert.deepEqual(real, [], "no console errors or failed requests");
  await context.close();
});
