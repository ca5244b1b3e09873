// The search benchmark of record: runs the real client's query logic (themes/default/static/search.js,
// loaded in Node) against a built site's search index, for each query of bench/search-queries.json, and
// prints the share of queries with a right page among the first three results.
//
//   cargo build && target/debug/docent build --output /tmp/q-public
//   node bench/search-quality.mjs /tmp/q-public [--verbose]
//
// With --bytes QUERY...: instead, what a first query downloads (search.js, the manifest and every
// shard the query fetched, each gzipped at level 6 as a host would send it), one fresh client per
// query; this is the pasted-query figure of bench/SEARCH.md without the browser.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { runInNewContext } from "node:vm";
import { resolve, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(import.meta.dirname, "..");
const site = resolve(process.argv[2] || join(root, "public"));
const verbose = process.argv.includes("--verbose");
// SEARCH_JS=path runs another version of the client (e.g. `git show REV:themes/default/static/search.js`).
const script = readFileSync(process.env.SEARCH_JS || join(root, "themes/default/static/search.js"), "utf8");
const set = JSON.parse(readFileSync(join(import.meta.dirname, "search-queries.json"), "utf8"));

// The client fetches its shards by URL; here a URL is a file of the built site.
let bytes = 0;
const gz = (text) => gzipSync(text, { level: 6 }).length;
const context = {
  URL, Map, Set, Promise, Math, JSON, String, Array, Error,
  location: { href: pathToFileURL(site + "/").href },
  fetch: async (url) => {
    const text = readFileSync(fileURLToPath(url), "utf8");
    bytes += gz(text);
    return { ok: true, status: 200, text: async () => text };
  },
};
runInNewContext(script, context);
const { Index } = context.docentSearchText;

if (process.argv.includes("--bytes")) {
  const queries = process.argv.slice(process.argv.indexOf("--bytes") + 1);
  for (const q of queries) {
    bytes = gz(script);
    await new Index("search/manifest.json").search(q, "", 6);
    console.log(`${JSON.stringify(q)}: ${(bytes / 1000).toFixed(1)} KB gzip`);
  }
  process.exit(0);
}
const index = new Index("search/manifest.json");

const byKind = new Map();
let hits = 0;
for (const { q, pages, kind } of set.queries) {
  const r = await index.search(q, "", 6);
  const top = r.pages.slice(0, 3).map((p) => new URL(p.url, "http://x").pathname);
  const ok = top.some((u) => pages.includes(u));
  hits += ok;
  const k = byKind.get(kind) || { n: 0, ok: 0 };
  k.n++;
  k.ok += ok;
  byKind.set(kind, k);
  if (verbose || !ok) console.log(`${ok ? "ok  " : "MISS"} ${kind.padEnd(5)} ${JSON.stringify(q)} -> ${top.join(" ") || "(nothing)"}`);
}
const pct = (a, b) => `${((100 * a) / b).toFixed(1)}%`;
for (const [kind, k] of byKind) console.log(`${kind}: ${k.ok}/${k.n} (${pct(k.ok, k.n)})`);
console.log(`right page in the top 3: ${hits}/${set.queries.length} (${pct(hits, set.queries.length)})`);
