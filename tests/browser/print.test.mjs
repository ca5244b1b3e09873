// The pages made for paper, printed for real: headless Chromium prints /print/ (the whole
// example site) and one module to PDF (page.pdf()); poppler's pdftotext reads the PDFs back.
// Checks a sane page count, that the words of every page of the module are in the PDF in
// order, that nothing is wider than the paper in print emulation, that desk cards are never
// split across sheets, and that axe-core finds no WCAG 2.2 A/AA violation on /print/ and
// /help/cards/ at desktop width, light and dark.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildSite, serveStatic, launch, watchProblems, axe, tempDir } from "./lib.mjs";

const MODULE = "username-and-password/";
/** A4 less 10 mm margins each side (print.css), in CSS pixels: the width print lays out in. */
const PRINT_WIDTH = Math.floor(((210 - 20) / 25.4) * 96);

let server, browser, dir;

before(async () => {
  server = await serveStatic(buildSite());
  browser = await launch();
  dir = tempDir("docent-print-");
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Prints `path` to an A4 PDF; returns its text, page by page (pdftotext's form feeds). */
async function printToPdf(path) {
  const page = await browser.newPage();
  const problems = watchProblems(page);
  await page.goto(server.url + path, { waitUntil: "networkidle" });
  const pdf = await page.pdf({ format: "A4" });
  await page.close();
  assert.deepEqual(problems, [], `${path} loads without errors`);
  const file = join(dir, path.replaceAll("/", "_") + ".pdf");
  writeFileSync(file, pdf);
  const r = spawnSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
  assert.equal(r.status, 0, `pdftotext: ${r.stderr}`);
  return r.stdout.split("\f").slice(0, -1);
}

const words = (text) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** The module's pages (title, URL and the text a reader sees when printing it), in menu order. */
async function modulePages() {
  const page = await browser.newPage();
  await page.goto(server.url + MODULE + "print/");
  const paths = await page.$$eval(".print-page .print-address", (ps) => ps.map((p) => p.textContent.trim()));
  await page.emulateMedia({ media: "print" });
  const pages = [];
  for (const path of paths) {
    await page.goto(server.url + path.replace(/^\//, ""));
    pages.push(await page.evaluate(() => ({
      title: document.querySelector("h1").innerText,
      text: [document.querySelector("h1").innerText, document.querySelector(".lead")?.innerText ?? "",
        document.querySelector(".content").innerText].join("\n"),
    })));
  }
  await page.close();
  return pages;
}

/** Fails unless no element of `path` is wider than the paper, in print emulation. */
async function assertFitsThePaper(path) {
  const context = await browser.newContext({ viewport: { width: PRINT_WIDTH, height: 1000 } });
  const page = await context.newPage();
  await page.emulateMedia({ media: "print" });
  await page.goto(server.url + path, { waitUntil: "networkidle" });
  const overflowing = await page.evaluate((width) => {
    const out = [];
    if (document.documentElement.scrollWidth > width + 1) out.push(`the page is ${document.documentElement.scrollWidth}px wide`);
    for (const el of document.querySelectorAll("main *")) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      const name = `${el.tagName.toLowerCase()}${el.className && typeof el.className === "string" ? "." + el.className.split(" ")[0] : ""}`;
      if (r.right > width + 1) out.push(`${name} ends at ${Math.round(r.right)}px`);
      else if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "visible") {
        out.push(`${name} scrolls its content (${el.scrollWidth}px in ${el.clientWidth}px)`);
      }
    }
    return out.slice(0, 10);
  }, PRINT_WIDTH);
  await context.close();
  assert.deepEqual(overflowing, [], `${path}: elements wider than the paper`);
}

test("a module prints every page of it, in menu order, each on its own sheets", async () => {
  const pages = await modulePages();
  assert.ok(pages.length >= 3, `the module has pages (${pages.length})`);
  const sheets = await printToPdf(MODULE + "print/");
  // A cover, the contents, then at least one sheet per page; a few each at most.
  assert.ok(sheets.length >= pages.length + 2, `${sheets.length} sheets for ${pages.length} pages`);
  assert.ok(sheets.length <= pages.length * 4 + 2, `${sheets.length} sheets for ${pages.length} pages`);
  const printed = words(sheets.join("\n"));
  // Every word of every page, in order (printed URLs and page numbers may come between).
  let at = 0;
  for (const { title, text } of pages) {
    for (const w of words(text)) {
      const found = printed.indexOf(w, at);
      assert.ok(found >= 0, `"${w}" of "${title}" is in the PDF after what came before it`);
      at = found + 1;
    }
  }
  // Each page starts a sheet: its title is the first line of one.
  for (const { title } of pages) {
    assert.ok(sheets.some((s) => s.trimStart().startsWith(title)), `"${title}" starts a sheet`);
  }
  await assertFitsThePaper(MODULE + "print/");
});

test("the whole site prints with a sane page count and fits the paper", async () => {
  const page = await browser.newPage();
  await page.goto(server.url + "print/");
  const count = await page.$$eval(".print-page", (ps) => ps.length);
  await page.close();
  assert.ok(count >= 20, `the example's pages are all there (${count})`);
  const sheets = await printToPdf("print/");
  assert.ok(sheets.length >= count + 2 && sheets.length <= count * 4 + 2, `${sheets.length} sheets for ${count} pages`);
  await assertFitsThePaper("print/");
});

test("desk cards print whole, several to a sheet", async () => {
  const page = await browser.newPage();
  await page.goto(server.url + "help/cards/");
  const cards = await page.$$eval(".desk-card", (cs) => cs.map((c) => ({
    id: c.querySelector(".desk-card-id").textContent.trim(),
    last: c.querySelector(".desk-card-code:last-child p").innerText,
  })));
  await page.close();
  assert.ok(cards.length >= 8, `a card per screen (${cards.length})`);
  const sheets = await printToPdf("help/cards/");
  assert.ok(sheets.length <= Math.ceil(cards.length / 6), `${sheets.length} sheets for ${cards.length} cards`);
  // A card's first line (its screen ID, found once in the PDF) and the words of its last line
  // are on the same sheet.
  for (const { id, last } of cards) {
    const line = new RegExp(`${id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s`);
    const on = sheets.filter((s) => line.test(s + "\n"));
    assert.equal(on.length, 1, `"${id}" is on one sheet`);
    const sheet = words(on[0]).join(" ");
    assert.ok(sheet.includes(words(last).slice(-3).join(" ")), `the end of card "${id}" (${last}) is on its sheet`);
  }
  await assertFitsThePaper("help/cards/");
});

test("axe finds no violation on /print/ and /help/cards/ at desktop width", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme });
    const page = await context.newPage();
    for (const path of ["print/", MODULE + "print/", "help/cards/"]) {
      await page.goto(server.url + path, { waitUntil: "networkidle" });
      assert.deepEqual(await axe(page), [], `${path} (${colorScheme})`);
    }
    await context.close();
  }
});
