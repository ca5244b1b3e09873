// Search benchmark (not a test): bytes a reader downloads for a first query, and time from the
// last key press to results once the shards are loaded, in a real headless Chromium.
//
//   node bench/search-bench.mjs SITE_DIR [query ...]
//
// SITE_DIR is a site built by docent; when SITE_DIR/pagefind/ exists (run `npx pagefind --site
// SITE_DIR` first) the same queries go through Pagefind's API too, showing the same number of
// results (6). Bytes are each response body gzipped at level 6 (or as served, if smaller: Pagefind's
// files are already compressed); the page's own HTML and CSS are not counted. See bench/SEARCH.md.
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const require = createRequire(import.meta.url);
const lib = await import(join(import.meta.dirname, "..", "tests", "browser", "lib.mjs"));
const [site, ...args] = process.argv.slice(2);
if (!site) { console.error("usage: node bench/search-bench.mjs SITE_DIR [query ...]"); process.exit(2); }
const queries = args.length ? args : ["reset password", "locked account", "school nurse", "two-step code", "add a clinic",
  "clinic", "vaccine shipment expiration", "babeki"];
const RESULTS = 6;

const server = await lib.serveStatic(site);
const browser = await lib.launch();

function recorder(page, match) {
  const files = [];
  const pending = [];
  page.on("response", (r) => {
    if (!match(r.url())) return;
    pending.push(r.body().then((body) => {
      files.push({ url: r.url(), raw: body.length, gzip: Math.min(body.length, gzipSync(body, { level: 6 }).length) });
    }, () => { /* redirects have no body */ }));
  });
  files.settled = () => Promise.all(pending);
  return files;
}
const sum = (files, k) => files.reduce((s, f) => s + f[k], 0);
const kb = (n) => (n / 1024).toFixed(1);

async function docent(query, delay) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  const files = recorder(page, (u) => u.includes("/search/") || /\/search\.[0-9a-f]+\.js$/.test(u));
  // The client script was loaded with the page; count it as a first visit does.
  const script = await page.evaluate(() => [...document.scripts].map((s) => s.src).find((s) => /search\.[0-9a-f]+\.js$/.test(s)));
  const body = Buffer.from(await (await page.request.get(script)).body());
  files.push({ url: script, raw: body.length, gzip: gzipSync(body, { level: 6 }).length });
  await page.keyboard.press("/");
  if (delay) await page.keyboard.type(query, { delay });
  else await page.locator("#site-search-input").fill(query); // pasted: one query
  await page.waitForFunction((q) => {
    const more = document.querySelector(".search-more");
    return more && more.href && new URL(more.href).searchParams.get("q") === q && document.querySelector(".site-search [role=status]").textContent;
  }, query, { timeout: 60_000 });
  await page.waitForLoadState("networkidle");
  await files.settled();
  const first = files.slice();
  // Latency once loaded: delete the last character, then time its key press to rendered results.
  const times = [];
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press("Backspace");
    await page.waitForFunction((q) => document.querySelector(".search-more").href &&
      new URL(document.querySelector(".search-more").href).searchParams.get("q") === q, query.slice(0, -1));
    await page.evaluate(() => {
      window.__t0 = 0;
      document.addEventListener("keydown", () => { window.__t0 = performance.now(); }, { once: true });
      window.__done = new Promise((ok) => new MutationObserver((_, o) => { o.disconnect(); ok(performance.now()); })
        .observe(document.querySelector("#site-search-listbox"), { childList: true }));
    });
    await page.keyboard.press(query.slice(-1));
    times.push(await page.evaluate(async () => (await window.__done) - window.__t0));
  }
  await context.close();
  return { files: first, ms: times.sort((a, b) => a - b)[2] };
}

async function pagefind(query) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  const files = recorder(page, (u) => u.includes("/pagefind/"));
  await page.evaluate(async ([q, n]) => {
    const pf = await import("/pagefind/pagefind.js");
    await pf.init();
    const r = await pf.search(q);
    await Promise.all(r.results.slice(0, n).map((x) => x.data()));
    window.__pf = pf;
  }, [query, RESULTS]);
  await page.waitForLoadState("networkidle");
  await files.settled();
  const first = files.slice();
  const times = [];
  for (let i = 0; i < 5; i++) {
    times.push(await page.evaluate(async ([q, n]) => {
      const t0 = performance.now();
      const r = await window.__pf.search(q);
      await Promise.all(r.results.slice(0, n).map((x) => x.data()));
      return performance.now() - t0;
    }, [query, RESULTS]));
  }
  await context.close();
  return { files: first, ms: times.sort((a, b) => a - b)[2] };
}

console.log(`site: ${site}\n`);
console.log("| query | docent KB gzip (requests), pasted | docent, typed at 120 ms/key | Pagefind KB gzip (requests) | docent ms | Pagefind ms |");
console.log("| --- | --- | --- | --- | --- | --- |");
for (const q of queries) {
  const d = await docent(q, 0);
  const slow = await docent(q, 120);
  const p = existsSync(join(site, "pagefind")) ? await pagefind(q) : null;
  console.log(`| ${q} | ${kb(sum(d.files, "gzip"))} (${d.files.length}) | ${kb(sum(slow.files, "gzip"))} (${slow.files.length}) | ` +
    `${p ? `${kb(sum(p.files, "gzip"))} (${p.files.length})` : "-"} | ${d.ms.toFixed(1)} | ${p ? p.ms.toFixed(1) : "-"} |`);
  if (process.env.VERBOSE) for (const f of [...d.files, ...(p ? p.files : [])]) console.log(`    ${kb(f.gzip)} KB  ${f.url}`);
}
await browser.close();
await server.close();
