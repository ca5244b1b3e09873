// Publishing: the example site built for a sub-path (--base-url http://127.0.0.1:PORT/help/) and
// served by a real nginx under /help/, as a static host would. A crawler follows every link,
// anchor, image, video, caption, stylesheet, redirect and /help/ID/ page from the home page (plus
// the sitemap and the help map, when there is one) and finds nothing broken; Chromium loads the
// home page without a failed request. nginx sends the README's headers (frame-ancestors on every
// path, CORS on the widget's two files). Two clean builds are byte-identical.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createServer, connect } from "node:net";
import { writeFileSync, readFileSync, readdirSync, existsSync } from "node:fs";
import { join, relative } from "node:path";
import { buildSite, headersFile, launch, watchProblems, tempDir } from "./lib.mjs";

const PREFIX = "/help/";
let nginx, base, out;

before(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}${PREFIX}`;
  out = buildSite(undefined, ["--base-url", base]);
  nginx = await startNginx(out, port);
});
after(() => nginx?.stop());

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on("error", fail);
    s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

function nginxBinary() {
  for (const p of [process.env.NGINX, "/usr/sbin/nginx", "/usr/bin/nginx"]) if (p && existsSync(p)) return p;
  const which = spawnSync("sh", ["-c", "command -v nginx"], { encoding: "utf8" }).stdout.trim();
  if (!which) throw new Error("nginx is not installed; scripts/install-test-deps installs it");
  return which;
}

/** Starts nginx in the foreground with a generated config serving `dir` under PREFIX on `port`. */
async function startNginx(dir, port) {
  const tmp = tempDir("docent-nginx-");
  const conf = join(tmp, "nginx.conf");
  writeFileSync(conf, `daemon off;
master_process off;
worker_processes 1;
pid ${tmp}/nginx.pid;
error_log ${tmp}/error.log warn;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  types { text/vtt vtt; }
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path ${tmp}/body;
  proxy_temp_path ${tmp}/proxy;
  fastcgi_temp_path ${tmp}/fastcgi;
  uwsgi_temp_path ${tmp}/uwsgi;
  scgi_temp_path ${tmp}/scgi;
  absolute_redirect off;
  map $uri $docent_cors { ~^${PREFIX}(docent-help\.js|help-map\.json)$ "*"; default ""; }
  server {
    listen 127.0.0.1:${port};
    location ${PREFIX} {
      alias ${dir}/;
      index index.html;
      error_page 404 ${PREFIX}404.html;
      add_header Content-Security-Policy "frame-ancestors 'self'" always;
      add_header Access-Control-Allow-Origin $docent_cors always;
    }
  }
}
`);
  const proc = spawn(nginxBinary(), ["-p", tmp, "-e", join(tmp, "error.log"), "-c", conf], { stdio: ["ignore", "inherit", "inherit"] });
  let exited = null;
  proc.on("exit", (code) => { exited = code; });
  // Wait until nginx accepts connections (or has died).
  for (;;) {
    if (exited !== null) throw new Error(`nginx exited (${exited}): ${readFileSync(join(tmp, "error.log"), "utf8")}`);
    const up = await new Promise((ok) => {
      const c = connect(port, "127.0.0.1", () => { c.destroy(); ok(true); });
      c.on("error", () => ok(false));
    });
    if (up) break;
    await new Promise((r) => setImmediate(r));
  }
  return { stop: () => { if (exited === null) proc.kill("SIGTERM"); } };
}

/** Every URL-bearing attribute and CSS url() of a document, resolved against its URL. */
function references(text, url, type) {
  const found = [];
  if (type.includes("html")) {
    for (const m of text.matchAll(/\s(?:href|src|poster)\s*=\s*"([^"]*)"/g)) found.push(m[1]);
    for (const m of text.matchAll(/http-equiv="refresh"\s+content="\d+;\s*url=([^"]*)"/g)) found.push(m[1]);
  } else if (type.includes("css")) {
    for (const m of text.matchAll(/url\(\s*['"]?([^'")]+)['"]?\s*\)/g)) if (!m[1].startsWith("data:")) found.push(m[1]);
  } else if (type.includes("xml")) {
    for (const m of text.matchAll(/<loc>([^<]*)<\/loc>/g)) found.push(m[1]);
  } else if (type.includes("json")) {
    const walk = (v) => {
      if (typeof v === "string" && (v.startsWith(PREFIX) || v.startsWith(base))) found.push(v);
      else if (v && typeof v === "object") Object.values(v).forEach(walk);
    };
    try { walk(JSON.parse(text)); } catch { /* not JSON after all */ }
  }
  return found.map((r) => r.replaceAll("&amp;", "&")).filter((r) => !/^(mailto|tel|javascript|data):/.test(r))
    .map((r) => new URL(r, url));
}

/** Crawls from `start` over the same origin; returns the broken references and pages seen. */
async function crawl(seeds) {
  const origin = new URL(base).origin;
  const seen = new Set();
  const queue = seeds.map((s) => ({ url: new URL(s), from: "(start)" }));
  const ids = new Map();
  const anchors = [];
  const broken = [];
  while (queue.length) {
    const { url, from } = queue.shift();
    const key = url.href.split("#")[0];
    if (url.hash && !url.hash.startsWith("#t=")) anchors.push({ page: key, id: decodeURIComponent(url.hash.slice(1)), from });
    if (url.origin !== origin || seen.has(key)) continue;
    seen.add(key);
    const res = await fetch(key);
    if (res.status !== 200) { broken.push(`${key} (linked from ${from}): HTTP ${res.status}`); continue; }
    if (!res.url.startsWith(base)) broken.push(`${key} (linked from ${from}) left the sub-path: ${res.url}`);
    const type = res.headers.get("content-type") || "";
    if (!/html|css|xml|json/.test(type)) { await res.arrayBuffer(); continue; }
    const text = await res.text();
    if (type.includes("html")) ids.set(key, new Set([...text.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1])));
    for (const ref of references(text, res.url, type)) queue.push({ url: ref, from: key });
  }
  for (const a of anchors) {
    const known = ids.get(a.page);
    if (known && !known.has(a.id)) broken.push(`${a.page}#${a.id} (linked from ${a.from}): no such id`);
  }
  return { broken, seen };
}

test("nginx serves the site under a sub-path and a crawler from the home page finds nothing broken", async () => {
  const seeds = [base, `${base}sitemap.xml`];
  if ((await fetch(`${base}help-map.json`)).status === 200) seeds.push(`${base}help-map.json`);
  const { broken, seen } = await crawl(seeds);
  assert.deepEqual(broken, []);
  const pages = [...seen].filter((u) => u.endsWith("/")).length;
  assert.ok(pages >= 30, `only ${pages} pages reached`);
  assert.ok([...seen].some((u) => /\.css$/.test(u)), "the stylesheet was fetched");
  const missing = await fetch(`${base}no-such-page/`);
  assert.equal(missing.status, 404);
  assert.match(await missing.text(), new RegExp(`href="${PREFIX}style\\.[0-9a-f]+\\.css"`));
});

test("nginx configured as the README says sends what _headers asks for", async () => {
  const rules = headersFile(out);
  for (const path of ["", "login/", "no-such-page/", "docent-help.js", "help-map.json", "docent-help.js.sri"]) {
    const res = await fetch(`${base}${path}`);
    await res.arrayBuffer();
    const want = rules(`${PREFIX}${path}`);
    assert.equal(res.headers.get("content-security-policy"), want["content-security-policy"], path);
    assert.equal(res.headers.get("access-control-allow-origin"), want["access-control-allow-origin"] ?? null, path);
  }
  assert.equal(rules(`${PREFIX}help-map.json`)["access-control-allow-origin"], "*");
  assert.equal(rules(`${PREFIX}login/`)["content-security-policy"], "frame-ancestors 'self'");
});

test("Chromium loads the sub-path site from nginx without a failed request", async () => {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const problems = watchProblems(page);
    await page.goto(base, { waitUntil: "load" });
    await page.getByRole("navigation", { name: "Modules" }).getByRole("link").first().click();
    await page.waitForLoadState("load");
    assert.ok(page.url().startsWith(base), page.url());
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});

test("two clean builds are byte-identical", () => {
  const again = buildSite(undefined, ["--base-url", base]);
  const files = (dir) => readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
  const a = files(out);
  assert.deepEqual(files(again), a);
  for (const f of a) assert.ok(readFileSync(join(out, f)).equals(readFileSync(join(again, f))), `${f} differs`);
});
