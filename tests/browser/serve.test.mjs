// `docent serve` in a real headless Chromium: an open page shows an edited paragraph without a
// manual reload and keeps its scroll position, a stylesheet change is swapped without a reload, a
// broken file shows the problems overlay (as text) and the fix removes it, and a page reloads
// when its server restarts.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { REPO, DOCENT, launch, watchProblems, waitFor, tempDir } from "./lib.mjs";

const PAGE = "content/getting-help/contact-the-help-desk.md";
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
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  if (server) await stopServer(server);
});

test("an open page follows edits, stylesheet changes, errors and restarts without a manual reload", async () => {
  const context = await browser.newContext({ viewport: { width: 900, height: 400 } });
  const page = await context.newPage();
  const problems = watchProblems(page);
  const url = new URL("getting-help/contact-the-help-desk/", server.url).href;
  await page.goto(url, { waitUntil: "load" });
  await waitFor(page, () => window.scrollTo(0, 250) || window.scrollY >= 250, null, "the page to scroll");
  // Anything set on `window` survives a stylesheet swap but not a reload.
  await page.evaluate(() => { window.docentMarker = "before"; });

  const original = readFileSync(join(site, PAGE), "utf8");
  writeFileSync(join(site, PAGE), original + "\nA paragraph typed while the page was open.\n");
  await waitFor(page, () => document.body.innerText.includes("A paragraph typed while the page was open."), null,
    "the edited paragraph to appear");
  assert.equal(await page.evaluate(() => window.docentMarker), undefined, "the content change reloaded the page");
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
