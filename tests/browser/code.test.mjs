// Code blocks in a real browser: the copy button, once shown, covers no character of the code,
// at phone and desktop widths, for short and long first lines; footnotes link back.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildSite, serveStatic, launch, watchProblems, waitFor, tempDir } from "./lib.mjs";

let server, browser;

before(async () => {
  const site = tempDir("docent-code-");
  mkdirSync(join(site, "content"));
  writeFileSync(join(site, "docent.toml"), "title = \"Code\"\n");
  writeFileSync(join(site, "content", "_index.md"), "+++\ntitle = \"Home\"\n+++\nHome.\n");
  const long = "docent check --root . --screens screens.txt --format github --deny-warnings --since old.json";
  writeFileSync(join(site, "content", "code.md"), `+++\ntitle = "Code"\n+++\nRun it[^1]:\n\n\`\`\`sh\n${long}\n\`\`\`\n\n\`\`\`\nls\n\`\`\`\n\n[^1]: In a terminal.\n`);
  server = await serveStatic(buildSite(site));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

for (const width of [320, 1200]) {
  test(`the copy button covers no code at ${width} px`, async () => {
    const context = await browser.newContext({ viewport: { width, height: 800 } });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(new URL("code/", server.url).href, { waitUntil: "load" });
    await waitFor(page, () => [...document.querySelectorAll(".copy-code")].every((b) => !b.hidden), null, "the copy buttons");
    const overlaps = await page.evaluate(() => {
      const found = [];
      for (const block of document.querySelectorAll(".code-block")) {
        const button = block.querySelector(".copy-code").getBoundingClientRect();
        const pre = block.querySelector("pre").getBoundingClientRect();
        const range = document.createRange();
        range.selectNodeContents(block.querySelector("code"));
        for (const r of range.getClientRects()) {
          // Only what the reader sees: the part of the text inside the scrolling <pre>.
          const left = Math.max(r.left, pre.left), right = Math.min(r.right, pre.right);
          if (right > left && left < button.right && right > button.left && r.top < button.bottom && r.bottom > button.top) {
            found.push(block.textContent.trim().slice(0, 30));
          }
        }
      }
      return found;
    });
    assert.deepEqual(overlaps, []);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test("a footnote links back to where it is cited", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(new URL("code/", server.url).href, { waitUntil: "load" });
  await page.click(".footnote-reference a");
  await waitFor(page, () => location.hash === "#fn-1", null, "the note");
  await page.click(".footnote-backref");
  await waitFor(page, () => location.hash === "#fnref-1", null, "the way back");
  await context.close();
});
