// Search in a language other than English, in a real headless Chromium under the strict CSP with
// Trusted Types: a whole site with `language = "es"` (tests/fixtures/search-es), served under
// /es/ so that its pages name the index at /es/search/. A Spanish query with or without accents,
// in another inflection, with a typo or an author's synonym finds the Spanish section; results and
// the landing page mark the Spanish words; the client fetches the rules with the manifest only.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { buildSite, serveStatic, launch, watchProblems, waitFor, REPO } from "./lib.mjs";

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; " +
  "require-trusted-types-for 'script'; trusted-types 'none'";
let spanish, browser;

before(async () => {
  const out = buildSite(join(REPO, "tests", "fixtures", "search-es"), ["--base-url", "/es/"]);
  spanish = await serveStatic(out, { prefix: "/es/", headers: { "content-security-policy": CSP } });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await spanish?.close();
});

async function open(path) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watchProblems(page);
  const fetched = [];
  page.on("request", (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto(new URL(path, spanish.url).href);
  return { page, problems, context, fetched };
}

async function typeQuery(page, query) {
  await page.locator("#site-search-input").fill("");
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press("/");
  await page.keyboard.type(query);
  await waitFor(page, (q) => {
    const input = document.querySelector("#site-search-input");
    return input.value === q && input.getAttribute("aria-expanded") === "true" &&
      document.querySelector(".site-search [role=status]").textContent !== "" &&
      new URL(document.querySelector(".search-more").href).searchParams.get("q") === q;
  }, query, `results for ${query}`);
}

const firstResult = (page) => page.evaluate(() => {
  const o = document.querySelector("#site-search-listbox [role=option]");
  return o && new URL(o.dataset.url, location.href).pathname;
});

test("a Spanish query, with or without accents, inflected, mistyped or a synonym, finds the Spanish section", async () => {
  const { page, problems, context, fetched } = await open("/es/");
  assert.equal(await page.evaluate(() => document.documentElement.lang), "es");
  const reset = "/es/cuenta/restablecer-contrasena/";
  const child = "/es/vacunas/informacion-del-nino/";
  const expected = {
    "contraseña": reset,
    "contrasena": reset,
    "CONTRASEÑAS": reset,
    "cuentas bloqueadas": reset,
    "contrasña": reset, // a letter missing
    "clave": reset, // [search] synonyms, in Spanish terms
    "Información del niño": child,
    "informacion del nino": child,
    "¿Dónde actualizo los datos del niño?": child, // question words dropped, stop words ignored
  };
  for (const [query, url] of Object.entries(expected)) {
    await typeQuery(page, query);
    assert.equal(await firstResult(page), url, `${query}: ${url} first`);
  }
  await typeQuery(page, "contrasena");
  const marked = await page.$$eval("#site-search-listbox mark", (ms) => [...new Set(ms.map((m) => m.textContent.toLowerCase()))]);
  assert.ok(marked.includes("contraseña") && marked.includes("contraseñas"), `accented words marked: ${marked}`);
  const index = fetched.filter((p) => p.includes("/search/") && p.endsWith(".json"));
  assert.ok(index.length > 0 && index.every((p) => p.startsWith("/es/search/")), `the page's own index: ${index}`);
  assert.equal(index.filter((p) => p.endsWith("manifest.json")).length, 1, "the rules come with the manifest, once");
  assert.deepEqual(problems, []);
  await context.close();
});

test("a Spanish result opens its page with the Spanish words marked, and /es/search/ finds them too", async () => {
  const { page, problems, context } = await open("/es/");
  await typeQuery(page, "contrasenas olvidadas");
  await page.keyboard.press("ArrowDown");
  const target = await page.locator("[role=option][aria-selected=true]").getAttribute("data-url");
  assert.match(target, /^\/es\/cuenta\/restablecer-contrasena\/\?highlight=/);
  // The heading's id has accents: compare URLs as the browser writes them.
  const href = new URL(target, page.url()).href;
  await Promise.all([page.waitForURL((u) => u.href === href), page.keyboard.press("Enter")]);
  await waitFor(page, () => document.querySelectorAll("main mark.search-landing").length > 0, null, "marks on landing");
  const marked = await page.$$eval("main mark.search-landing", (ms) => [...new Set(ms.map((m) => m.textContent.toLowerCase()))]);
  assert.ok(marked.includes("contraseña") && marked.includes("olvidó"), `${marked}`);

  await page.goto(new URL("/es/search/?q=INFORMACION", spanish.url).href);
  await waitFor(page, () => document.querySelector(".search-result-title"), null, "results on /es/search/");
  assert.equal(await page.locator(".search-result-title").first().textContent(), "Información del niño");
  assert.equal(await page.locator(".search-result-title mark").first().textContent(), "Información");
  assert.deepEqual(problems, []);
  await context.close();
});
