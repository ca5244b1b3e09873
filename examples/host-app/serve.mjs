// Serves the example application on http://localhost:8000/ with a strict Content-Security-Policy,
// and the built help site (public/ at the repository root, or HELP_DIR) on http://localhost:8001/:
// two origins, as in production. No dependencies: `node examples/host-app/serve.mjs`.
import { createServer } from "node:http";
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, resolve, sep } from "node:path";

const here = import.meta.dirname;
const helpDir = resolve(process.env.HELP_DIR || join(here, "..", "..", "public"));
const HELP_ORIGIN = "http://localhost:8001";

// What the application sends with every page. Copy it, with your help site's origin.
const CSP = [
  "default-src 'self'",
  `script-src 'self' ${HELP_ORIGIN}`,
  `connect-src 'self' ${HELP_ORIGIN}`,
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join("; ");

const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png", ".xml": "application/xml" };

// What the help site's host sends (docent writes the same rules into public/_headers): pages
// only in frames of the help site itself, and the widget and its map readable from any origin.
const helpHeaders = (path) => ({
  "content-security-policy": "frame-ancestors 'self'",
  ...(path === "/docent-help.js" || path === "/help-map.json" ? { "access-control-allow-origin": "*" } : {}),
});

function serve(dir, port, headers) {
  createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = resolve(dir, "." + path);
    if (file !== dir && !file.startsWith(dir + sep)) file = join(dir, "404.html");
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    const found = existsSync(file);
    if (!found) file = join(dir, "404.html");
    res.writeHead(found ? 200 : 404, { "content-type": TYPES[extname(file)] || "application/octet-stream", ...headers(path) });
    res.end(existsSync(file) ? readFileSync(file) : "not found");
  }).listen(port, "localhost", () => console.log(`serving ${dir} on http://localhost:${port}/`));
}

if (!existsSync(join(helpDir, "docent-help.js"))) {
  console.error(`error: no help site in ${helpDir}; build it first with: cargo run -- build`);
  process.exit(2);
}
serve(resolve(here), 8000, () => ({ "content-security-policy": CSP }));
serve(helpDir, 8001, helpHeaders);
