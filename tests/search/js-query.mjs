// Runs queries with the browser client's query logic (themes/default/static/search.js, loaded in
// Node, its fetches served from a built site's files) and prints, per query, one JSON array of the
// result pages' URLs. Usage: node js-query.mjs PUBLIC_DIR QUERY... (used by tests/search.rs).
import { readFileSync } from "node:fs";
import { runInNewContext } from "node:vm";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const script = readFileSync(resolve(import.meta.dirname, "../../themes/default/static/search.js"), "utf8");
const [site, ...queries] = process.argv.slice(2);
const context = {
  URL, Map, Set, Promise, Math, JSON, String, Array, Error,
  location: { href: pathToFileURL(resolve(site) + "/").href },
  fetch: async (url) => {
    const text = readFileSync(fileURLToPath(url), "utf8");
    return { ok: true, status: 200, text: async () => text };
  },
};
runInNewContext(script, context);
const index = new context.docentSearchText.Index("search/manifest.json");
for (const q of queries) {
  const t0 = performance.now();
  const r = await index.search(q, "", 6);
  process.stdout.write(JSON.stringify({ urls: r.pages.map((p) => p.url.replace(/[?#].*/, "")), ms: performance.now() - t0 }) + "\n");
}
