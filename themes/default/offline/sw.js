// docent's service worker, written by `docent build` when docent.toml has [offline] enabled = true.
// Pages a reader opens are kept in a cache named after the build and answered from it at once,
// then refreshed from the network in the background (stale-while-revalidate). A page can ask
// for a whole module to be saved ({type: "save"}). A new build is a new worker with a new cache
// name: it takes over, saves again the modules the reader had saved, then deletes the old
// caches, so a new build's files replace the old ones. Paths are relative to the worker's scope (the site's base).
"use strict";
/* DOCENT-DATA */
const SCOPE = self.registration.scope;
// Several docent sites may share an origin (/a/, /b/): each keeps to caches of its own scope.
const PREFIX = "docent " + SCOPE + " ";
const CACHE = PREFIX + DATA.build;
// The list of saved modules, kept in the cache as a file no build has.
const SAVED = new URL(".docent-offline-saved.json", SCOPE).href;

function at(path) { return new URL(path, SCOPE).href; }
// One entry per file, whatever the query (`?highlight=`, `?q=`) or fragment.
function keyOf(url) { const u = new URL(url); return u.origin + u.pathname; }

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(DATA.shell.map(at));
  }).then(function () { return self.skipWaiting(); }));
});

// The worker takes the pages over at once. Saving the reader's modules again can take minutes
// on a slow connection, and a browser holds every request of the pages while their worker is
// activating, so that is done after activation: started here, and kept alive by each request
// and message while it runs (a worker stopped half-way starts again on the next one; the old
// caches stay until everything is saved).
self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim().then(function () { carried(); }));
});

let carrying = null;
function carried(event) {
  if (!carrying) carrying = carryOver().catch(function () { carrying = null; });
  if (event) event.waitUntil(carrying);
}

// The caches of earlier builds of this site.
async function older() {
  return (await caches.keys()).filter(function (n) { return n.startsWith(PREFIX) && n !== CACHE; });
}

// Saves again, from this build, what the reader had saved with an earlier one (a file that
// cannot be fetched now, offline, is copied from the old cache), then deletes the old caches.
async function carryOver() {
  const names = await older();
  for (const name of names) {
    const old = await caches.open(name);
    const list = await old.match(SAVED);
    const saved = list ? await list.json().catch(function () { return []; }) : [];
    for (const s of saved) await save(s.module, s.videos, old);
  }
  await Promise.all(names.map(function (n) { return caches.delete(n); }));
}

self.addEventListener("fetch", function (event) {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return;
  const key = keyOf(request.url);
  if (key === keyOf(at("sw.js"))) return;
  carried(event);
  event.respondWith(caches.has(CACHE).then(async function (current) {
    // A worker whose cache a newer build deleted answers from the network until it is gone
    // (opening its cache would make it again).
    if (!current) return fetch(request);
    const cache = await caches.open(CACHE);
    const hit = await cache.match(key);
    const fresh = fetch(request).then(function (response) {
      // Only whole, successful answers are kept (not a range of a video, not a redirect).
      if (response.status === 200 && response.type === "basic") {
        return cache.put(key, response.clone()).then(function () { return response; }, function () { return response; });
      }
      return response;
    });
    if (hit) {
      event.waitUntil(fresh.catch(function () {}));
      return hit;
    }
    // Offline, a file saved with an earlier build and not saved again yet comes from its cache.
    return fresh.catch(async function (error) {
      for (const name of await older()) {
        const kept = await (await caches.open(name)).match(key);
        if (kept) return kept;
      }
      throw error;
    });
  }));
});

// The files of a module (every page whose URL starts with `prefix`; "" for the whole site,
// "es/" for the whole site in Spanish), with the files its pages show and, when asked, the
// videos they list; the theme and the module's language's search index always. Another
// language's pages and index are in its folder (`es/`), so saving the default language's guide
// leaves them out.
function filesOf(prefix, videos) {
  const language = DATA.languages.find(function (folder) { return prefix.startsWith(folder); });
  const search = DATA.search.filter(function (path) {
    return language ? path.startsWith(language) : inModule("", path);
  });
  const out = new Set(DATA.shell.concat(search));
  function addPage(url, entry) {
    out.add(url);
    entry[0].forEach(function (f) { out.add(f); });
    if (!videos) return;
    entry[1].forEach(function (v) {
      if (DATA.videoPages[v] && !out.has(v)) addPage(v, DATA.videoPages[v]);
      else out.add(v);
    });
  }
  Object.keys(DATA.pages).forEach(function (url) {
    if (inModule(prefix, url)) addPage(url, DATA.pages[url]);
  });
  return Array.from(out);
}

// Whether the path is in the module `prefix`: under it, and not in the folder of a language
// the module is not in.
function inModule(prefix, path) {
  return path.startsWith(prefix) && !DATA.languages.some(function (folder) {
    return path.startsWith(folder) && !prefix.startsWith(folder);
  });
}

// Fetches every file of a module into this build's cache, four at a time; a file that cannot
// be fetched is taken from `fallback` (an older cache) when it has it.
async function save(prefix, videos, fallback) {
  const cache = await caches.open(CACHE);
  const files = filesOf(prefix, videos);
  let next = 0, failed = 0;
  async function one() {
    while (next < files.length) {
      const url = at(files[next++]);
      try {
        const response = await fetch(url, { cache: "no-cache", credentials: "same-origin" });
        if (response.status !== 200) throw new Error(String(response.status));
        await cache.put(keyOf(url), response);
      } catch (e) {
        const old = fallback && await fallback.match(keyOf(url));
        if (old) await cache.put(keyOf(url), old);
        else failed++;
      }
    }
  }
  await Promise.all([one(), one(), one(), one()]);
  const list = await cache.match(SAVED);
  const saved = (list ? await list.json().catch(function () { return []; }) : [])
    .filter(function (s) { return s.module !== prefix; });
  saved.push({ module: prefix, videos: !!videos });
  await cache.put(SAVED, new Response(JSON.stringify(saved), { headers: { "content-type": "application/json" } }));
  const pages = files.filter(function (f) { return (f in DATA.pages && inModule(prefix, f)) || f in DATA.videoPages; }).length;
  return { files: files.length - failed, pages: pages, failed: failed };
}

// Whether every file of a module is in the cache.
async function isSaved(prefix, videos) {
  const cache = await caches.open(CACHE);
  const found = await Promise.all(filesOf(prefix, videos).map(function (f) { return cache.match(keyOf(at(f))); }));
  return found.every(Boolean);
}

self.addEventListener("message", function (event) {
  const m = event.data || {}, port = event.ports && event.ports[0];
  if (!port || typeof m.module !== "string") return;
  const work = m.type === "save" ? save(m.module, m.videos)
    : m.type === "status" ? isSaved(m.module, m.videos).then(function (saved) { return { saved: saved }; })
    : null;
  if (!work) return;
  carried(event);
  event.waitUntil(work.then(function (r) { port.postMessage(r); }, function (e) { port.postMessage({ error: String(e) }); }));
});
