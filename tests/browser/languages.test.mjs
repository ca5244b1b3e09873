// A site in two languages in a real headless Chromium (issue 18): the language menu goes to the
// same page in the other language and is remembered, an untranslated page shows its notice with
// `lang` set on the content (and passes axe), the default home offers the reader's language once,
// and the help widget follows the host page's `lang` (odd case and regions included).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { buildSite, serveStatic, launch, axe, waitFor, tempDir, watchProblems } from "./lib.mjs";

const FILES = {
  "docent.toml": 'title = "Help"\n[languages.es]\nname = "Español"\n',
  "content/_index.md": '+++\ntitle = "Home"\ndescription = "Help for the registry."\n+++\nWelcome.\n',
  "content/_index.es.md": '+++\ntitle = "Inicio"\ndescription = "Ayuda del registro."\n+++\nBienvenido.\n',
  "content/login/_index.md": '+++\ntitle = "Logging in"\ndescription = "Getting into the registry."\n+++\nHow to log in. See [reset](reset.md).\n',
  "content/login/reset.md":
    '+++\ntitle = "Reset your password"\ndescription = "Choose a new password from the login page."\nscreens = ["reset"]\n+++\nReset it from the login page.\n\n## Steps\n\nOpen the page.\n',
  "content/login/reset.es.md":
    '+++\ntitle = "Restablecer la contraseña"\ndescription = "Elija una contraseña nueva desde la página de inicio de sesión."\n+++\nRestablézcala.\n\n## Pasos\n\nAbra la página.\n',
};

function hostPage(lang) {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>App</title></head>` +
    `<body><main><h1 data-help="reset">Password</h1></main><script src="/docent-help.js" defer></script></body></html>\n`;
}

let server, browser;

before(async () => {
  const root = join(tempDir("docent-lang-"), "site");
  const files = { ...FILES };
  for (const lang of ["es", "es-MX", "PT-br", "zz"]) files[`static/host-${lang}.html`] = hostPage(lang);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  server = await serveStatic(buildSite(root));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("the language menu on a task page lands on the same page in the other language, and is remembered", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watchProblems(page);
  await page.goto(server.url + "login/reset/");
  const spanish = page.locator(".language-menu a[hreflang=es]");
  assert.equal(await spanish.getAttribute("lang"), "es");
  assert.equal(await spanish.textContent(), "Español");
  await spanish.click();
  await page.waitForURL(server.url + "es/login/reset/");
  assert.equal(await page.locator("h1").textContent(), "Restablecer la contraseña");
  assert.equal(await page.getAttribute("html", "lang"), "es");
  assert.equal(await page.locator(".language-menu a[aria-current]").textContent(), "Español");
  assert.equal(await page.evaluate(() => localStorage.getItem("docent-language")), "es");
  // And back: the English menu entry goes to the same English page.
  await page.locator(".language-menu a[hreflang=en]").click();
  await page.waitForURL(server.url + "login/reset/");
  assert.equal(await page.evaluate(() => localStorage.getItem("docent-language")), "en");
  assert.deepEqual(problems, []);
  await context.close();
});

test("an untranslated page shows the notice in the reader's language, its text marked as English, and passes axe", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url + "es/login/");
  const notice = page.locator(".fallback-notice");
  assert.ok(await notice.isVisible());
  assert.equal(await notice.getAttribute("lang"), "es");
  assert.equal(await page.getAttribute("main", "lang"), "en");
  assert.equal(await page.getAttribute("html", "lang"), "es");
  assert.match(await page.locator("main .content").textContent(), /How to log in/);
  // Its links stay in the reader's language.
  assert.equal(await page.locator("main .content a").getAttribute("href"), "/es/login/reset/");
  assert.deepEqual(await axe(page), []);
  await context.close();
});

test("the default home offers the browser's language once, without redirecting", async () => {
  const context = await browser.newContext({ locale: "es-MX" });
  const page = await context.newPage();
  await page.goto(server.url);
  const offer = page.locator(".language-offer[data-language=es]");
  await offer.waitFor({ state: "visible" });
  assert.equal(page.url(), server.url, "no redirect");
  assert.equal(await offer.getAttribute("lang"), "es");
  assert.equal(await offer.locator("a").getAttribute("href"), "/es/");
  assert.deepEqual(await axe(page), []);
  await offer.locator("button").click();
  assert.equal(await offer.isVisible(), false);
  await page.reload();
  assert.equal(await page.locator(".language-offer[data-language=es]").isVisible(), false, "offered once");
  await context.close();
  // A reader whose browser prefers the default language is offered nothing.
  const english = await browser.newContext({ locale: "en-US" });
  const home = await english.newPage();
  await home.goto(server.url);
  await home.waitForLoadState("load");
  assert.equal(await home.locator(".language-offer").first().isVisible(), false);
  await english.close();
});

/** Opens host page `file`, waits for the widget's map, opens the popover; gives its text and guide link. */
async function widgetIn(file) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url + file);
  await waitFor(page, () => window.DocentHelp?.status === "ready", null, "the map");
  const button = page.locator("docent-help button.b");
  await button.click();
  const result = await page.evaluate(() => {
    const root = document.querySelector("docent-help").shadowRoot;
    return {
      summary: root.querySelector(".s").textContent,
      lang: root.querySelector(".s").getAttribute("lang"),
      guide: root.querySelector(".l a").href,
      label: root.querySelector("button.b").getAttribute("aria-label"),
    };
  });
  await context.close();
  return result;
}

test("the widget on a host page with lang=es shows the Spanish summary and links to the Spanish page", async () => {
  const es = await widgetIn("host-es.html");
  assert.equal(es.summary, "Elija una contraseña nueva desde la página de inicio de sesión.");
  assert.equal(es.lang, "es");
  assert.equal(es.guide, server.url + "es/login/reset/");
  assert.equal(es.label, "Ayuda: Password");
  // A region or odd case is the same language.
  for (const file of ["host-es-MX.html"]) assert.equal((await widgetIn(file)).guide, server.url + "es/login/reset/");
  // A language the site lacks gets the default language's entry.
  for (const file of ["host-zz.html", "host-PT-br.html"]) {
    const other = await widgetIn(file);
    assert.equal(other.summary, "Choose a new password from the login page.");
    assert.equal(other.lang, "en");
    assert.equal(other.guide, server.url + "login/reset/");
  }
  // PT-br is Portuguese to the widget's own labels, though the site has no Portuguese pages.
  assert.equal((await widgetIn("host-PT-br.html")).label, "Ajuda: Password");
});
