// Shared helpers for docent's browser tests: build a site with the real binary, serve it over
// real HTTP, drive Debian's Chromium with playwright-core, and run axe-core.
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, statSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, extname, resolve, sep } from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
export const REPO = resolve(import.meta.dirname, "..", "..");
export const DOCENT = process.env.DOCENT_BIN || join(REPO, "target", "debug", "docent");
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const temporary = [];
process.on("exit", () => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/** A new folder under the system's temporary folder, removed when the test process exits. */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

/** Builds the site at `root` into a fresh temporary folder; returns the output folder. */
export function buildSite(root = REPO, extraArgs = []) {
  const out = join(tempDir("docent-browser-"), "public");
  const r = spawnSync(DOCENT, ["build", "--root", root, "--output", out, ...extraArgs], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`docent build failed (${r.status}):\n${r.stderr}`);
  return out;
}

const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8", ".json": "application/json", ".xml": "application/xml", ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".webp": "image/webp", ".ico": "image/x-icon",
  ".mp4": "video/mp4", ".webm": "video/webm", ".vtt": "text/vtt; charset=utf-8",
};

/**
 * The rules of a built site's `_headers` (as docent writes it: a path, `*` at the end matching
 * any rest, then indented `Name: value` lines), read as a static host that honours the file
 * would: a function from a request path to the headers of every rule that matches it.
 */
export function headersFile(dir) {
  const rules = [];
  for (const line of readFileSync(join(dir, "_headers"), "utf8").split("\n")) {
    if (!line.trim() || line.startsWith("#")) continue;
    if (/^\s/.test(line)) {
      const at = line.indexOf(":");
      rules.at(-1).headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
    } else {
      rules.push({ path: line.trim(), headers: {} });
    }
  }
  const matches = (rule, path) => rule.path.endsWith("*") ? path.startsWith(rule.path.slice(0, -1)) : rule.path === path;
  return (path) => Object.assign({}, ...rules.filter((r) => matches(r, path)).map((r) => r.headers));
}

/**
 * Serves `dir` as a static host would (index.html for folders, a redirect to add a trailing
 * slash, 404.html for misses), under `prefix` ("/" or "/help/"). Optional `headers` (an object,
 * or a function of the request path such as `headersFile(dir)`) are added to every response;
 * `onRequest` sees every request as it arrives, and holds it back until the promise it returns, if any, settles. Resolves to { url, close }.
 */
export function serveStatic(dir, { prefix = "/", headers: given = {}, onRequest = () => {} } = {}) {
  const server = createServer(async (req, res) => {
    // A hook may hold a request back: its promise, when it returns one, is awaited first.
    await onRequest(req);
    const url = new URL(req.url, "http://x");
    let path = decodeURIComponent(url.pathname);
    const headers = typeof given === "function" ? given(path) : given;
    const send = (status, file, extra = {}) => {
      let body = readFileSync(file);
      const type = { "content-type": TYPES[extname(file)] || "application/octet-stream", "accept-ranges": "bytes" };
      // Range requests (one range), so that media can seek: 206 with Content-Range, or 416.
      const range = status === 200 && /^bytes=(\d*)-(\d*)$/.exec(req.headers.range || "");
      if (range && (range[1] || range[2])) {
        const size = body.length;
        const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
        const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
        if (start >= size || start > end) {
          res.writeHead(416, { ...type, "content-range": `bytes */${size}`, ...headers });
          return res.end();
        }
        status = 206;
        extra = { ...extra, "content-range": `bytes ${start}-${end}/${size}` };
        body = body.subarray(start, end + 1);
      }
      res.writeHead(status, { ...type, ...headers, ...extra });
      res.end(body);
    };
    if (!path.startsWith(prefix)) return send(404, join(dir, "404.html"));
    const rel = path.slice(prefix.length);
    const file = resolve(dir, rel);
    if (file !== dir && !file.startsWith(dir + sep)) return send(404, join(dir, "404.html"));
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!path.endsWith("/")) { res.writeHead(301, { location: path + "/" + url.search }); return res.end(); }
      if (existsSync(join(file, "index.html"))) return send(200, join(file, "index.html"));
    } else if (existsSync(file)) {
      return send(200, file);
    }
    send(404, join(dir, "404.html"));
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => {
    ok({ url: `http://127.0.0.1:${server.address().port}${prefix}`, close: () => new Promise((d) => server.close(d)) });
  }));
}

/** Launches Debian's Chromium headless with the flags this network-less machine needs. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
  });
}

/** Records console errors, page errors and failed or 4xx/5xx requests of a page. */
export function watchProblems(page) {
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => {
    // A player stops downloading once it has what it needs (metadata, a range): not a failure.
    if (r.resourceType() === "media" && r.failure()?.errorText === "net::ERR_ABORTED") return;
    problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on("response", (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  return problems;
}

/** Runs axe-core on the page for WCAG 2.2 A and AA; returns the violations, readable. */
export async function axe(page) {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"] },
    });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(", ")})`);
  });
  return violations;
}

/** Waits until `fn` (run in the page) returns a truthy value; fails with `what` on timeout. */
export async function waitFor(page, fn, arg, what = "condition") {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await page.waitForFunction(fn, arg, { timeout: Math.max(1, deadline - Date.now()) });
    } catch (e) {
      // A page that navigates while `fn` is being polled (a reload the test is waiting for)
      // destroys the context `fn` ran in: poll again in the new page, within the same deadline.
      const navigated = /Execution context was destroyed|because of a navigation/.test(String(e?.message));
      if (navigated && Date.now() < deadline) continue;
      throw new Error(`timed out waiting for ${what}${navigated ? "" : `: ${String(e?.message).split("\n")[0]}`}`);
    }
  }
}
