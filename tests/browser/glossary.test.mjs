// Glossary terms in a real browser: the first use of a term opens its explanation by keyboard
// (Enter, Escape gives focus back) and by touch, moves nothing on the page, stays inside a phone's
// screen, links to the /glossary/ page without JavaScript, and axe finds nothing on either page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildSite, serveStatic, launch, watchProblems, waitFor, tempDir, axe } from "./lib.mjs";

let server, browser;

before(async () => {
  const site = tempDir("docent-glossary-");
  mkdirSync(join(site, "content"));
  mkdirSync(join(site, "snippets"));
  writeFileSync(join(site, "docent.toml"), "title = \"Glossary\"\n[vars]\nportal = \"https://portal.example.org/\"\n");
  writeFileSync(join(site, "glossary.toml"), [
    "[CVP]", "full = \"Connecticut Vaccine Program\"", "definition = \"The state program that supplies <b>vaccines</b> to providers.\"", "",
    "[PIN]", "full = \"Personal identification number\"", "definition = \"The number you sign in with.\"", "",
  ].join("\n"));
  writeFileSync(join(site, "content", "_index.md"), "+++\ntitle = \"Home\"\n+++\nHome.\n");
  writeFileSync(join(site, "snippets", "sign-in.md"), "Sign in to [the portal](:var[portal]) with your PIN, then check the CVP list again.\n");
  writeFileSync(join(site, "content", "order.md"),
    "+++\ntitle = \"Order vaccines\"\n+++\nThe CVP sends vaccines to clinics. Keep your PIN private.\n\n::include[sign-in.md]\n\nMore text below the terms, which must not move.\n");
  server = await serveStatic(buildSite(site));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("a term opens by keyboard, Escape closes it and focus returns, and nothing moves", async () => {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();
  const problems = watchProblems(page);
  await page.goto(new URL("order/", server.url).href, { waitUntil: "load" });
  await waitFor(page, () => document.querySelectorAll("button.term-button").length === 2, null, "the term buttons");
  const below = () => page.evaluate(() => [...document.querySelectorAll(".content p")].at(-1).getBoundingClientRect().top);
  const before = await below();
  const cvp = page.locator("button.term-button", { hasText: "CVP" });
  await cvp.focus();
  await page.keyboard.press("Enter");
  const def = page.locator("#" + await cvp.getAttribute("aria-controls"));
  await waitFor(page, (id) => !document.getElementById(id).hidden, await cvp.getAttribute("aria-controls"), "the explanation");
  assert.equal(await cvp.getAttribute("aria-expanded"), "true");
  assert.match(await def.innerText(), /Connecticut Vaccine Program\. The state program that supplies <b>vaccines<\/b> to providers\./);
  assert.equal(await below(), before, "the explanation moved the text");
  // Its link to the glossary is the next thing Tab reaches.
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("href")), "/glossary/#cvp");
  await page.keyboard.press("Escape");
  assert.equal(await def.isHidden(), true);
  assert.equal(await cvp.getAttribute("aria-expanded"), "false");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "CVP");
  // Space opens it too; a term's later uses are plain text.
  await page.keyboard.press(" ");
  assert.equal(await def.isVisible(), true);
  assert.equal(await page.locator(".term").count(), 2, "only first uses are marked");
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a tap opens a term inside a phone's screen, a tap elsewhere closes it", async () => {
  const context = await browser.newContext({ viewport: { width: 320, height: 640 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await page.goto(new URL("order/", server.url).href, { waitUntil: "load" });
  await waitFor(page, () => document.querySelectorAll("button.term-button").length === 2, null, "the term buttons");
  const pin = page.locator("button.term-button", { hasText: "PIN" });
  await pin.tap();
  const id = await pin.getAttribute("aria-controls");
  await waitFor(page, (id) => !document.getElementById(id).hidden, id, "the explanation");
  const box = await page.locator("#" + id).boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 320, `inside the screen: ${JSON.stringify(box)}`);
  assert.deepEqual(await axe(page), []);
  await page.locator("h1").tap();
  await waitFor(page, (id) => document.getElementById(id).hidden, id, "the explanation to close");
  await context.close();
});

test("without JavaScript a term links to its entry on the glossary page", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(new URL("order/", server.url).href, { waitUntil: "load" });
  await page.click("a.term-link >> text=CVP");
  await page.waitForURL(/\/glossary\/#cvp$/);
  assert.equal(await page.locator("dt#cvp").isVisible(), true);
  assert.match(await page.locator("dt#cvp + dd").innerText(), /supplies <b>vaccines<\/b>/);
  await context.close();
  const js = await browser.newContext();
  const glossary = await js.newPage();
  await glossary.goto(new URL("glossary/", server.url).href, { waitUntil: "load" });
  assert.deepEqual(await axe(glossary), []);
  await js.close();
});
