// Lighthouse and page weight of a built site (a benchmark for scripts/bench, not a test).
//
//   node bench/lighthouse.mjs SITE_DIR [path ...]
//
// 1. Page weight: for every HTML page of SITE_DIR, the bytes a first visit transfers gzipped
//    (level 6): the page plus the stylesheets and scripts it links from the site; fonts and images
//    are excluded. Target: every page ≤ 50 KB.
// 2. Lighthouse (npm `lighthouse`, pinned in bench/package.json) on Debian's Chromium without
//    network, over the given paths (default: the home page, a content page, the search page):
//    performance, accessibility, best practices and SEO. Target: 100 each.
// Prints Markdown. Serves the site as a static host does: gzip for text, index.html for folders.
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { join, relative, resolve, sep, extname } from "node:path";
import { createServer } from "node:http";
import { gzipSync } from "node:zlib";

const here = import.meta.dirname;
const [site, ...paths] = process.argv.slice(2);
if (!site) { console.error("usage: node bench/lighthouse.mjs SITE_DIR [path ...]"); process.exit(2); }

function* htmlFiles(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* htmlFiles(p);
    else if (name.endsWith(".html")) yield p;
  }
}
const gz = (bytes) => gzipSync(bytes, { level: 6 }).length;
const kb = (n) => (n / 1024).toFixed(1);

// 1. Page weight.
const assetCache = new Map();
const rows = [];
for (const file of htmlFiles(site)) {
  const html = readFileSync(file);
  const text = html.toString("utf8");
  if (/http-equiv="refresh"/i.test(text) && text.length < 2000) continue; // alias redirect stubs
  let total = gz(html);
  const linked = new Set([...text.matchAll(/(?:src|href)="([^"]+\.(?:css|js))"/g)].map((m) => m[1]));
  for (const url of linked) {
    if (/^[a-z]+:/i.test(url)) continue;
    const path = join(site, url.replace(/^\/+/, "").replace(/^(\.\.\/)+/, ""));
    if (!existsSync(path)) continue;
    if (!assetCache.has(path)) assetCache.set(path, gz(readFileSync(path)));
    total += assetCache.get(path);
  }
  rows.push([relative(site, file), total]);
}
rows.sort((a, b) => b[1] - a[1]);
const over = rows.filter((r) => r[1] > 50 * 1024);
console.log(`Page weight (gzip, HTML + linked CSS/JS, no fonts/images): ${rows.length} pages, largest ` +
  `${kb(rows[0][1])} KB (${rows[0][0]}), median ${kb(rows[Math.floor(rows.length / 2)][1])} KB; ` +
  `${over.length ? `${over.length} over 50 KB: ${over.map((r) => r[0]).join(", ")}` : "every page ≤ 50 KB"}.`);
console.log();

// 2. Lighthouse.
let lighthouse, chromeLauncher;
try {
  lighthouse = (await import("lighthouse")).default;
  chromeLauncher = await import("chrome-launcher");
} catch {
  console.log("Lighthouse: not installed (run `npm ci` in bench/).");
  process.exit(0);
}
const server = await serveGzip(site);
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM || "/usr/bin/chromium",
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
});
const targets = paths.length ? paths : ["", firstContentPage(), "search/"];
const categories = ["performance", "accessibility", "best-practices", "seo"];
console.log("| page | performance | accessibility | best practices | SEO | below 100 |");
console.log("| --- | ---: | ---: | ---: | ---: | --- |");
let worst = 100;
for (const path of targets) {
  const url = server.url + path;
  const result = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: categories });
  const lhr = result.lhr;
  const scores = categories.map((c) => Math.round((lhr.categories[c].score ?? 0) * 100));
  worst = Math.min(worst, ...scores);
  const failing = Object.values(lhr.audits)
    .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "notApplicable" && a.scoreDisplayMode !== "manual")
    .filter((a) => categories.some((c) => lhr.categories[c].auditRefs.some((r) => r.id === a.id && r.weight > 0)))
    .map((a) => a.id);
  console.log(`| /${path} | ${scores.join(" | ")} | ${failing.join(", ") || "—"} |`);
}
await chrome.kill();
await server.close();
console.log();
console.log(worst === 100 ? "Lighthouse: 100 in every category on every page tried." : `Lighthouse: lowest score ${worst}.`);

function firstContentPage() {
  for (const file of htmlFiles(site)) {
    const rel = relative(site, file);
    if (rel.split("/").length === 3 && !rel.startsWith("search/") && !rel.startsWith("help/")) return rel.replace(/index\.html$/, "");
  }
  return "";
}

function serveGzip(dir) {
  dir = resolve(dir);
  const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json",
    ".svg": "image/svg+xml", ".xml": "application/xml", ".txt": "text/plain", ".png": "image/png", ".webp": "image/webp" };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = resolve(dir, "." + path);
    if (file !== dir && !file.startsWith(dir + sep)) file = join(dir, "404.html");
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    const status = existsSync(file) ? 200 : 404;
    if (status === 404) file = join(dir, "404.html");
    let body = readFileSync(file);
    const headers = { "content-type": types[extname(file)] || "application/octet-stream", "cache-control": "max-age=31536000" };
    if (/gzip/.test(req.headers["accept-encoding"] || "") && /text|json|xml|svg|javascript/.test(headers["content-type"])) {
      body = gzipSync(body, { level: 6 });
      headers["content-encoding"] = "gzip";
    }
    res.writeHead(status, headers);
    res.end(body);
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => {
    ok({ url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((d) => server.close(d)) });
  }));
}
