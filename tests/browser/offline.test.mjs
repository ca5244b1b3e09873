// Offline reading ([offline] enabled = true) in a real headless Chromium, with the example site
// published under a sub-path (/help/): the service worker registers, "Save this module for
// offline use" saves the module's pages and images (not its videos), and with the network cut
// (`context.setOffline(true)`) the module's pages reload, their links and images work and the
// search finds pages; a Spanish reader saves the Spanish module with its own search index and
// reads it offline; a new build of the site replaces the cached page after a reload, and what
// was saved is saved again from the new build, while pages keep loading (online from the network,
// offline from the old cache) however long that saving takes. axe-core finds nothing on the page
// with the save button.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, writeFileSync, appendFileSync, mkdirSync } from "node:fs";
import { serveStatic, launch, watchProblems, axe, waitFor, REPO, DOCENT, tempDir } from "./lib.mjs";

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
const PAGE = "content/logging-in/log-in-for-the-first-time.md";
let root, out, server, browser;
/** When set, the server holds back each request it returns a promise for. */
let hold = null;

/** Builds the copy of the example site into `out` (the folder the server reads on each request). */
function build() {
  const r = spawnSync(DOCENT, ["build", "--root", root, "--output", out, "--base-url", "/help/"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`docent build failed:\n${r.stderr}`);
}

/** The build's hash, as the worker names its cache with it. */
function buildHash() {
  return /"build":"([0-9a-f]{16})"/.exec(readFileSync(join(out, "sw.js"), "utf8"))[1];
}

before(async () => {
  root = tempDir("docent-offline-");
  // The example site: its pages, videos, the snippets they include and its glossary.
  for (const path of ["content", "videos", "snippets", "glossary.toml"]) cpSync(join(REPO, path), join(root, path), { recursive: true });
  writeFileSync(join(root, "docent.toml"), readFileSync(join(REPO, "docent.toml"), "utf8") + "\n[offline]\nenabled = true\n");
  mkdirSync(join(root, "content/logging-in/log-in-for-the-first-time"), { recursive: true });
  writeFileSync(join(root, "content/logging-in/log-in-for-the-first-time/screen.png"), PNG);
  appendFileSync(join(root, PAGE), "\n![The login screen](log-in-for-the-first-time/screen.png)\n");
  out = join(root, "public");
  build();
  server = await serveStatic(out, { prefix: "/help/", onRequest: (req) => hold?.(req) });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * Waits until the async `check` (run in the page) resolves to a truthy value, checking again at
 * each of the page's animation frames (`waitFor` does not await a predicate's promise).
 */
async function waitForAsync(page, check, arg, what) {
  const found = await page.evaluate(async ([source, arg]) => {
    const check = new Function("return " + source)();
    const deadline = performance.now() + 10_000;
    while (performance.now() < deadline) {
      if (await check(arg)) return true;
      await new Promise((frame) => requestAnimationFrame(frame));
    }
    return false;
  }, [check.toString(), arg]);
  if (!found) throw new Error(`timed out waiting for ${what}`);
}

/** The URLs (paths) in this site's caches. */
function cached(page) {
  return page.evaluate(async () => {
    const out = [];
    for (const name of await caches.keys()) {
      for (const r of await (await caches.open(name)).keys()) out.push(new URL(r.url).pathname);
    }
    return out;
  });
}

/** A desktop page at `path` (under the site) that the service worker controls, its problems watched. */
async function openControlled(path) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watchProblems(page);
  await page.goto(server.url + path);
  await waitFor(page, () => navigator.serviceWorker.controller !== null, null, "the worker to control the page");
  return { context, page, problems };
}

/** Clicks the save button named `name`, then waits until the status starts with `done`. */
async function saveModule(page, name, done) {
  await page.getByRole("button", { name }).click();
  await waitFor(page, (start) => document.querySelector(".offline-status").textContent.startsWith(start), done, "the module saved");
}

test("a saved module reloads, links, shows its images and searches offline", async () => {
  const { context, page, problems } = await openControlled("logging-in/");
  const first = buildHash();
  assert.deepEqual(await page.evaluate(() => caches.keys()),
    [`docent ${server.url} ${first}`], "one cache, named after the build");

  await saveModule(page, "Save this module for offline use", "Saved: ");
  const status = await page.locator(".offline-status").textContent();
  assert.match(status, /^Saved: 4 pages can be read without a connection\.$/);
  const kept = await cached(page);
  for (const path of ["/help/logging-in/", "/help/logging-in/log-in-for-the-first-time/", "/help/logging-in/set-up-password-questions/",
    "/help/logging-in/log-in-for-the-first-time/screen.png", "/help/search/manifest.json", "/help/"]) {
    assert.ok(kept.includes(path), `${path} is saved: ${kept.join(" ")}`);
  }
  assert.ok(kept.some((p) => /^\/help\/search\/t-.*\.json$/.test(p)), "the term shards are saved");
  assert.ok(!kept.some((p) => /\.(webm|mp4|vtt)$/.test(p)), "videos are not saved unless asked");
  assert.deepEqual(await axe(page), []);

  // Offline: the module reloads, its links lead to its pages, images show, search finds pages.
  await context.setOffline(true);
  await page.reload();
  assert.equal(await page.locator("h1").textContent(), "Logging in");
  await page.getByRole("link", { name: "Log in for the first time" }).first().click();
  await page.waitForURL(/log-in-for-the-first-time\/$/);
  assert.equal(await page.locator("h1").textContent(), "Log in for the first time");
  await waitFor(page, () => {
    const img = document.querySelector("img[alt='The login screen']");
    return img && img.complete && img.naturalWidth === 1;
  }, null, "the saved image");
  await page.locator("#site-search-input").fill("temporary password");
  await waitFor(page, () => document.querySelectorAll("#site-search-listbox [role=option]").length > 0, null, "search results offline");
  await page.goto(server.url + "search/?q=password+questions");
  await waitFor(page, () => [...document.querySelectorAll("main a")].some((a) => /set-up-password-questions/.test(a.href)),
    null, "the search page's results offline");
  const other = await context.newPage();
  await assert.rejects(other.goto(server.url + "clinics/update-clinic-staff/"), "a page never visited nor saved is not there offline");
  await other.close();
  // Offline, the page never saved fails (as asserted above); a favicon still loading when the
  // test navigates on is aborted by the browser.
  const real = problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|favicon\.\w+\.svg net::ERR_ABORTED/.test(p));
  assert.deepEqual(real, []);
  await context.close();
});

test("a Spanish reader saves the Spanish module, with the Spanish search, and reads it offline", async () => {
  const { context, page, problems } = await openControlled("es/logging-in/");
  await saveModule(page, "Guardar este módulo para leerlo sin conexión", "Listo: ");
  assert.match(await page.locator(".offline-status").textContent(), /^Listo: 4 páginas se pueden leer sin conexión\.$/);
  const kept = await cached(page);
  for (const path of ["/help/es/logging-in/", "/help/es/logging-in/set-up-password-questions/", "/help/es/search/manifest.json", "/help/es/"]) {
    assert.ok(kept.includes(path), `${path} is saved: ${kept.join(" ")}`);
  }
  assert.ok(kept.some((p) => /^\/help\/es\/search\/t-.*\.json$/.test(p)), "the Spanish term shards are saved");
  assert.ok(!kept.some((p) => /^\/help\/search\/t-/.test(p) || p.startsWith("/help/logging-in/")),
    `the English pages and index are not saved with the Spanish module: ${kept.join(" ")}`);

  await context.setOffline(true);
  await page.goto(server.url + "es/logging-in/set-up-password-questions/");
  assert.equal(await page.locator("h1").textContent(), "Configure sus preguntas de contraseña");
  assert.deepEqual(problems.filter((p) => !/favicon\.\w+\.svg net::ERR_ABORTED/.test(p)), []);
  await context.close();
});

test("a new build replaces the cached page after a reload, and the saved module follows it", async () => {
  const { context, page, problems } = await openControlled("logging-in/");
  await saveModule(page, "Save this module for offline use", "Saved: ");
  await page.goto(server.url + "logging-in/log-in-for-the-first-time/");
  assert.doesNotMatch(await page.locator("main").textContent(), /This sentence is new/);

  const before = buildHash();
  appendFileSync(join(root, PAGE), "\nThis sentence is new in this build.\n");
  build();
  const after = buildHash();
  assert.notEqual(after, before);
  // A browser looks for a new worker on navigations; asking for the check directly lets the test
  // wait for the new build's worker (which saves the module again, then deletes the old cache).
  await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
  await waitForAsync(page, async (hash) => {
    const names = await caches.keys();
    const reg = await navigator.serviceWorker.getRegistration();
    return names.length === 1 && names[0].endsWith(" " + hash) && !reg.installing && !reg.waiting &&
      reg.active.state === "activated" && navigator.serviceWorker.controller === reg.active;
  }, after, "the new build's worker and cache alone");
  await page.reload();
  assert.match(await page.locator("main").textContent(), /This sentence is new in this build\./);

  await context.setOffline(true);
  await page.goto(server.url + "logging-in/set-up-password-questions/");
  assert.equal(await page.locator("h1").textContent(), "Set up your password questions", "the saved module is still saved");
  await page.goto(server.url + "logging-in/log-in-for-the-first-time/");
  assert.match(await page.locator("main").textContent(), /This sentence is new in this build\./);
  assert.deepEqual(problems.filter((p) => !/favicon\.\w+\.svg net::ERR_ABORTED/.test(p)), []);
  await context.close();
});

test("a new build's worker never holds up a page load while it saves the reader's module again", { timeout: 90_000 }, async () => {
  const { context, page, problems } = await openControlled("logging-in/");
  await saveModule(page, "Save this module for offline use", "Saved: ");
  appendFileSync(join(root, PAGE), "\nAnother new sentence.\n");
  build();
  const after = buildHash();
  // The new worker saves the module again with `cache: "no-cache"` fetches (sent with
  // `Cache-Control: max-age=0`, which a navigation does not send): the server holds them until
  // the end, as a slow connection would; the first one's arrival says it is saving.
  let release, saving;
  const released = new Promise((ok) => { release = ok; });
  const started = new Promise((ok) => { saving = ok; });
  hold = (req) => {
    if (req.headers["cache-control"] !== "max-age=0" || req.url.endsWith("/sw.js")) return;
    saving();
    return released;
  };
  try {
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
    await started;
    // The new worker answers while it saves: a page not saved yet comes from the network...
    await page.goto(server.url + "logging-in/log-in-for-the-first-time/", { timeout: 15_000 });
    assert.match(await page.locator("main").textContent(), /Another new sentence\./);
    // ...and, offline, a saved page the new cache does not have yet comes from the old one.
    await context.setOffline(true);
    await page.goto(server.url + "logging-in/set-up-password-questions/", { timeout: 15_000 });
    assert.equal(await page.locator("h1").textContent(), "Set up your password questions");
    await context.setOffline(false);
  } finally {
    hold = null;
    release();
  }
  await waitForAsync(page, async (hash) => {
    const names = await caches.keys();
    return names.length === 1 && names[0].endsWith(" " + hash);
  }, after, "the module saved again and the old cache gone");
  await context.setOffline(true);
  await page.goto(server.url + "logging-in/set-up-password-questions/");
  assert.equal(await page.locator("h1").textContent(), "Set up your password questions", "the module is saved in the new cache");
  const real = problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|favicon\.\w+\.svg net::ERR_ABORTED/.test(p));
  assert.deepEqual(real, []);
  await context.close();
});

test("the save button is accessible at 320 px in dark mode", async () => {
  const context = await browser.newContext({ viewport: { width: 320, height: 640 }, colorScheme: "dark" });
  const page = await context.newPage();
  await page.goto(server.url + "username-and-password/");
  await waitFor(page, () => !document.querySelector(".offline-save").hidden, null, "the save button");
  assert.deepEqual(await axe(page), []);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0, "nothing wider than the screen");
  await context.close();
});
