// Edit-to-screen latency of `docent serve` (a benchmark, not a test): what an author waits for
// between saving a page and seeing the change in the browser.
//
//   node bench/edit-to-screen.mjs [--runs N] [--docent PATH]
//
// Copies the example site (content/, docent.toml, videos/) to a temporary folder, runs
// `docent serve` on it (PATH, default target/debug/docent or $DOCENT_BIN), opens a page in
// Debian's Chromium (playwright-core from tests/browser), then N times appends a new sentence to
// the page's Markdown file and waits for it. Two times per edit, both as milliseconds since the
// epoch from `performance.timeOrigin + performance.now()` (the same system clock in Node and in
// Chromium, so no offset between the two clocks to guess):
// - dom: when the sentence is first in the page's DOM (a MutationObserver that an init script
//   installs in every document, so it also sees the text arrive in a reloaded page);
// - frame: the next animation frame after that, about when it is on screen.
// The write time is taken in this process just before the write. Prints p50/p95 of both, and
// whether the page was reloaded (a property set on `window` before the edits is gone), and the
// server's own rebuild times (its "Rebuilt in N ms" lines) to tell the server's share from the
// browser's.
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { launch, tempDir } from "../tests/browser/lib.mjs";

const REPO = resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const runs = Number(opt("--runs", "30"));
const docent = resolve(opt("--docent", process.env.DOCENT_BIN || join(REPO, "target/debug/docent")));
const PAGE = "content/getting-help/contact-the-help-desk.md";
const URL_PATH = "getting-help/contact-the-help-desk/";

const site = tempDir("docent-edit-bench-");
// Everything the example site builds from (its pages include snippets/ and use glossary.toml).
for (const part of ["content", "docent.toml", "videos", "snippets", "glossary.toml", "static"]) {
  if (existsSync(join(REPO, part))) cpSync(join(REPO, part), join(site, part), { recursive: true });
}
const server = spawn(docent, ["serve", "--root", site, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
const rebuilds = [];
createInterface({ input: server.stderr }).on("line", (line) => {
  const m = /^Rebuilt in (\d+) ms/.exec(line);
  if (m) rebuilds.push(Number(m[1]));
});
const url = await new Promise((ok, fail) => {
  server.once("exit", (code) => fail(new Error(`docent serve exited with ${code}`)));
  createInterface({ input: server.stdout }).once("line", ok);
});

const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
await page.addInitScript(() => {
  window.__seen = {};
  const now = () => performance.timeOrigin + performance.now();
  new MutationObserver(() => {
    const text = document.body ? document.body.textContent : "";
    for (const m of text.matchAll(/Bench edit (\d+)\./g)) {
      if (window.__seen[m[1]]) continue;
      const seen = { dom: now(), frame: 0 };
      window.__seen[m[1]] = seen;
      requestAnimationFrame(() => { seen.frame = now(); });
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
});
await page.goto(new URL(URL_PATH, url).href, { waitUntil: "load" });
await page.evaluate(() => { window.benchMarker = true; });

const original = readFileSync(join(site, PAGE), "utf8");
const dom = [];
const frame = [];
let reloads = 0;
for (let i = 1; i <= runs; i++) {
  const written = performance.timeOrigin + performance.now();
  writeFileSync(join(site, PAGE), `${original}\nBench edit ${i}.\n`);
  const seen = await page.waitForFunction((n) => window.__seen[n]?.frame && window.__seen[n], String(i), { timeout: 20_000 });
  const t = await seen.jsonValue();
  dom.push(t.dom - written);
  frame.push(t.frame - written);
  // Before the next edit: the page is settled (a reloaded one has loaded).
  await page.waitForLoadState("load");
  if (!(await page.evaluate(() => window.benchMarker))) {
    reloads++;
    await page.evaluate(() => { window.benchMarker = true; });
  }
}
writeFileSync(join(site, PAGE), original);
await browser.close();
server.kill("SIGINT");

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const ms = (x) => x.toFixed(1).padStart(7);
console.log(`edit-to-screen, ${runs} edits of ${PAGE} (${reloads} full reloads), docent ${docent}`);
console.log(`            p50      p95      max`);
console.log(`dom    ${ms(pct(dom, 50))}  ${ms(pct(dom, 95))}  ${ms(Math.max(...dom))}  ms`);
console.log(`frame  ${ms(pct(frame, 50))}  ${ms(pct(frame, 95))}  ${ms(Math.max(...frame))}  ms`);
if (rebuilds.length) {
  console.log(`server ${ms(pct(rebuilds, 50))}  ${ms(pct(rebuilds, 95))}  ${ms(Math.max(...rebuilds))}  ms (rebuild, ${rebuilds.length} lines)`);
}
