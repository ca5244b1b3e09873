// Search in a real headless Chromium, served with a strict Content-Security-Policy that requires
// Trusted Types: real key presses in the header box find the page that answers common questions
// and link to the right heading; the results work from the keyboard alone; /search/?q= links,
// the audience filter and the "no results" state work; hostile queries and hostile page titles
// execute nothing and throw nothing; axe-core finds no violation with results open.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { buildSite, serveStatic, launch, watchProblems, axe, waitFor, REPO, tempDir } from "./lib.mjs";

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; " +
  "require-trusted-types-for 'script'; trusted-types 'none'";
let example, hostile, browser;

before(async () => {
  const headers = { "content-security-policy": CSP };
  example = await serveStatic(buildSite(), { headers });
  hostile = await serveStatic(buildSite(join(REPO, "tests", "fixtures", "search-hostile"), ["--drafts"]), { headers });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await example?.close();
  await hostile?.close();
});

/** A page that records problems, dialogs and CSP violations. */
async function open(url, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const problems = watchProblems(page);
  page.on("dialog", (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss(); });
  await page.goto(url);
  return { page, problems, context };
}

/** Types `query` into the header box with real key presses; waits for the announced count. */
async function typeQuery(page, query) {
  await page.locator("#site-search-input").fill("");
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press("/");
  await page.keyboard.type(query);
  await waitFor(page, (q) => {
    const input = document.querySelector("#site-search-input");
    const status = document.querySelector(".site-search [role=status]");
    return input.value === q && input.getAttribute("aria-expanded") === "true" && status.textContent !== "" &&
      new URL(document.querySelector(".search-more").href).searchParams.get("q") === q;
  }, query, `results for ${query}`);
}

/** The open listbox: page groups with their options' URLs. */
function listed(page) {
  return page.evaluate(() => [...document.querySelectorAll("#site-search-listbox [role=group]")].map((g) => ({
    title: document.getElementById(g.getAttribute("aria-labelledby")).textContent,
    urls: [...g.querySelectorAll("[role=option]")].map((o) => new URL(o.dataset.url, location.href).pathname + new URL(o.dataset.url, location.href).hash),
  })));
}

test("typing common questions puts the answering page in the top 3, linked to the right heading", async () => {
  const { page, problems, context } = await open(example.url);
  const expected = {
    "reset password": "/username-and-password/reset-your-password/#start-the-reset",
    "locked account": "/username-and-password/locked-account/#send-a-help-desk-request",
    "school nurse": "/getting-an-account/school-nurses/#who-can-ask",
    "two-step code": "/logging-in/public-portal-verification-code/#get-and-enter-your-code",
    "add a clinic": "/your-account/add-a-missing-clinic/#ask-for-the-missing-clinics",
  };
  for (const [query, url] of Object.entries(expected)) {
    await typeQuery(page, query);
    const groups = await listed(page);
    const top3 = groups.slice(0, 3).flatMap((g) => g.urls);
    assert.ok(top3.includes(url), `${query}: ${url} not in the top 3 pages: ${JSON.stringify(groups.slice(0, 3))}`);
    const marks = await page.$$eval("#site-search-listbox mark", (ms) => ms.map((m) => m.textContent.toLowerCase()));
    assert.ok(marks.length > 0, `${query}: matched words are highlighted`);
  }
  // As you type: a prefix finds words, and a typo still finds the page.
  await typeQuery(page, "passw");
  assert.match((await listed(page))[0].title, /password/i);
  await typeQuery(page, "lokced acount");
  assert.ok((await listed(page)).slice(0, 3).some((g) => g.title === "Your account is locked"), "typos tolerated");
  assert.deepEqual(problems, []);
  await context.close();
});

test("keyboard only: / and Ctrl+K focus the box, arrows move through results, Enter opens one, Escape closes", async () => {
  const { page, problems, context } = await open(example.url);
  await page.keyboard.press("Control+k");
  assert.equal(await page.evaluate(() => document.activeElement.id), "site-search-input");
  await page.keyboard.press("Tab"); // leave the box, then come back with "/"
  await page.keyboard.press("/");
  assert.equal(await page.evaluate(() => document.activeElement.id), "site-search-input");
  await page.keyboard.type("locked account");
  await waitFor(page, () => document.querySelectorAll("[role=option]").length > 1, null, "options");
  const input = page.locator("#site-search-input");
  assert.equal(await input.getAttribute("role"), "combobox");
  assert.match(await page.locator(".site-search [role=status]").textContent(), /\d+ results? on \d+ pages?/);
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  const second = await input.getAttribute("aria-activedescendant");
  assert.equal(await page.locator(`#${second}`).getAttribute("aria-selected"), "true");
  assert.equal(await page.locator("[role=option][aria-selected=true]").count(), 1);
  await page.keyboard.press("ArrowUp");
  const first = await input.getAttribute("aria-activedescendant");
  assert.notEqual(first, second);
  await page.keyboard.press("Escape");
  assert.equal(await input.getAttribute("aria-expanded"), "false");
  assert.equal(await input.getAttribute("aria-activedescendant"), null);
  assert.equal(await input.inputValue(), "locked account", "the first Escape only closes the list");

  await page.keyboard.press("ArrowDown"); // reopens
  await waitFor(page, () => document.querySelector("#site-search-input").getAttribute("aria-expanded") === "true", null, "reopened");
  await page.keyboard.press("ArrowDown");
  const target = await page.locator("[role=option][aria-selected=true]").getAttribute("data-url");
  await Promise.all([page.waitForURL((u) => u.pathname + u.search + u.hash === target), page.keyboard.press("Enter")]);
  const id = decodeURIComponent(new URL(target, example.url).hash.slice(1));
  if (id) assert.ok(await page.evaluate((id) => !!document.getElementById(id), id), `heading #${id} exists`);

  // Enter without choosing an option opens the results page for the query.
  await page.keyboard.press("/");
  await page.keyboard.type("help desk");
  await page.waitForFunction(() => document.querySelector("#site-search-input").getAttribute("aria-expanded") === "true");
  await Promise.all([page.waitForURL(/\/search\/\?q=help\+desk$/), page.keyboard.press("Enter")]);
  await waitFor(page, () => document.querySelectorAll(".search-result").length > 0, null, "search page results");
  assert.deepEqual(problems, []);
  await context.close();
});

test("/search/?q= links show results, filter by audience, and suggest the help desk when nothing matches", async () => {
  const { page, problems, context } = await open(`${example.url}search/?q=reset+password`);
  await waitFor(page, () => document.querySelectorAll(".search-result").length > 0, null, "results");
  assert.equal(await page.locator("#search-page-input").inputValue(), "reset password");
  const first = await page.locator(".search-result-title a").first().getAttribute("href");
  assert.match(first, /^\/username-and-password\/reset-your-password\//);
  assert.match(await page.locator(".search-status").textContent(), /results? on \d+ pages?/);

  const titles = async (url) => {
    await page.goto(url);
    await waitFor(page, () => document.querySelector(".search-status").textContent !== "", null, "status");
    return page.$$eval(".search-result-title", (hs) => hs.map((h) => h.textContent));
  };
  const everyone = await titles(`${example.url}search/?q=clinic+request`);
  const nurse = await titles(`${example.url}search/?q=clinic+request&role=school+nurse`);
  assert.ok(everyone.includes("Check the status of a request"), everyone.join(" | "));
  assert.ok(!nurse.includes("Check the status of a request"), "a vaccine coordinator's page is filtered out");
  assert.ok(nurse.includes("School nurses: request an account"), nurse.join(" | "));
  assert.equal(await page.locator("#search-page-role").inputValue(), "school nurse");
  // Changing the audience with the keyboard updates the results and the address.
  await page.locator("#search-page-role").focus();
  await page.keyboard.press("Home"); // "Everyone"
  await page.locator("#search-page-role").selectOption("");
  await waitFor(page, () => !location.search.includes("role="), null, "role removed from the URL");

  await page.goto(`${example.url}search/?q=zzqxv+wompf`);
  await waitFor(page, () => document.querySelector(".search-empty"), null, "no results");
  const help = page.locator(".search-empty a");
  assert.equal(await help.getAttribute("href"), "/getting-help/contact-the-help-desk/");
  assert.equal(await page.locator(".search-status").textContent(), "No results");
  assert.deepEqual(problems, []);
  await context.close();
});

test("hostile queries and hostile pages execute nothing, throw nothing, and still find the right pages", async () => {
  const { page, problems, context } = await open(hostile.url);
  const payloads = [
    "<img src=x onerror=window.__pwned=1>", "\"'><svg onload=window.__pwned=1>", "<script>window.__pwned=1</script>",
    "__proto__", "constructor", "toString", "hasOwnProperty", "* ^ ~ : \" ( ) [ ] { } \\ / + - ! ?", "valueOf",
    "مرحبا", "שלום", "🎉🎈", "party 🎉", "quokka", "wombat",
  ];
  const found = {};
  for (const q of payloads) {
    await page.locator("#site-search-input").fill("");
    await page.evaluate(() => document.activeElement.blur());
    await page.keyboard.press("/");
    await page.keyboard.type(q);
    await waitFor(page, (q) => document.querySelector("#site-search-input").value === q &&
      (document.querySelector(".site-search [role=status]").textContent !== "" || !/[\p{L}\p{N}]{2}/u.test(q)) &&
      (new URL(document.querySelector(".search-more").href).searchParams.get("q") === q || !/[\p{L}\p{N}]{2}/u.test(q)), q, `answer to ${q}`);
    found[q] = (await listed(page)).map((g) => g.title);
  }
  // A 10,000-character query: pasted, then one more key.
  await page.locator("#site-search-input").fill("constructor ".repeat(834).slice(0, 10_000));
  await page.keyboard.press("End");
  await page.keyboard.type("x");
  await page.waitForFunction(() => document.querySelector(".site-search [role=status]").textContent !== "");
  // Hostile text reaches the page only as text.
  const injected = await page.evaluate(() => ({
    pwned: window.__pwned,
    elements: document.querySelectorAll(".search-popup img, .search-popup svg, .search-popup script, .search-results img").length,
  }));
  assert.deepEqual(injected, { pwned: undefined, elements: 0 });
  assert.deepEqual(found.constructor, ["Constructor"], "the page whose slug is constructor");
  assert.ok(found.toString.includes("Constructor") && found.valueOf.includes("Constructor"));
  assert.deepEqual(found["__proto__"], ["Constructor"]);
  assert.deepEqual(found["مرحبا"], ["Greetings 🎉 around the world"]);
  assert.deepEqual(found["שלום"], ["Greetings 🎉 around the world"]);
  assert.deepEqual(found["party 🎉"], ["Greetings 🎉 around the world"]);
  assert.deepEqual(found.quokka, [], "search = false pages are not indexed");
  assert.deepEqual(found.wombat, [], "drafts are not indexed");
  assert.ok(found["<script>window.__pwned=1</script>"].some((t) => t.startsWith("<script>")), "a title with markup is found and shown as text");

  // The same payloads through ?q= on the results page.
  for (const q of payloads.slice(0, 6)) {
    await page.goto(`${hostile.url}search/?q=${encodeURIComponent(q)}`);
    await waitFor(page, () => document.querySelector(".search-status").textContent !== "", null, `?q=${q}`);
    assert.equal(await page.locator("#search-page-input").inputValue(), q);
  }
  await page.goto(`${hostile.url}search/?q=tags+titles`);
  await waitFor(page, () => document.querySelector(".search-result-title"), null, "markup title result");
  assert.equal(await page.locator(".search-result-title").first().textContent(), "<script>window.__pwned = 1</script> Tags in titles");
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(problems, [], "no errors, no CSP or Trusted Types violations, no dialogs");
  await context.close();
});

/** The pathnames of the first three result pages. */
async function top3(page) {
  return (await listed(page)).slice(0, 3).map((g) => new URL(g.urls[0], "http://x").pathname);
}

test("search forgives: typos, the author's synonyms, question words, joined and hyphenated words, quoted phrases", async () => {
  const { page, problems, context } = await open(example.url);
  const expected = {
    "passwrod reset": "/username-and-password/reset-your-password/", // a transposition
    "scool nurse": "/getting-an-account/school-nurses/", // a letter missing
    "reset pasword": "/username-and-password/reset-your-password/", // a typo in the word being typed
    "mfa": "/logging-in/public-portal-verification-code/", // [search] synonyms in docent.toml
    "create an account": "/getting-an-account/request-an-account/", // a synonym of several words
    "tmp pw": "/logging-in/log-in-for-the-first-time/",
    "my office is not in the dropdown": "/your-account/add-a-missing-clinic/", // "drop-down" on the page
    "change my e-mail address": "/your-account/update-or-deactivate-a-user/", // "email" on the page
    "\"second email\"": "/logging-in/log-in-for-the-first-time/", // words together
  };
  for (const [query, url] of Object.entries(expected)) {
    await typeQuery(page, query);
    const top = await top3(page);
    assert.ok(top.includes(url), `${query}: ${url} not in the top 3: ${top}`);
  }
  await typeQuery(page, "\"second email\"");
  assert.equal((await top3(page))[0], "/logging-in/log-in-for-the-first-time/", "the page with the phrase first");
  // Question words do not count: the same results as the plain words.
  await typeQuery(page, "find clinic list");
  const plain = await listed(page);
  await typeQuery(page, "where do i find my clinic list");
  assert.deepEqual(await listed(page), plain);
  // Typos on the results page too.
  await page.goto(`${example.url}search/?q=verfication+cod`);
  await waitFor(page, () => document.querySelector(".search-result-title"), null, "typo results on /search/");
  assert.match(await page.locator(".search-result-title").first().textContent(), /verification code/i);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a result opens its page at the heading with the matched words marked; Escape unmarks; no JavaScript, no harm", async () => {
  const { page, problems, context } = await open(example.url);
  await typeQuery(page, "temporary pasword");
  await page.keyboard.press("ArrowDown");
  const target = await page.locator("[role=option][aria-selected=true]").getAttribute("data-url");
  assert.match(target, /^\/logging-in\/log-in-for-the-first-time\/\?highlight=[^#]*password[^#]*#/);
  await Promise.all([page.waitForURL((u) => u.pathname + u.search + u.hash === target), page.keyboard.press("Enter")]);
  await waitFor(page, () => document.querySelectorAll("main mark.search-landing").length > 0, null, "marks on landing");
  const marked = await page.$$eval("main mark.search-landing", (ms) => [...new Set(ms.map((m) => m.textContent.toLowerCase()))]);
  assert.ok(marked.includes("password") && marked.includes("temporary"), `${marked}`);
  const heading = decodeURIComponent(new URL(target, example.url).hash.slice(1));
  assert.ok(await page.evaluate((id) => !!document.getElementById(id), heading), `heading #${heading}`);
  const text = await page.locator("main .content").textContent();
  await page.keyboard.press("Escape");
  await waitFor(page, () => document.querySelectorAll("mark.search-landing").length === 0, null, "marks removed");
  assert.equal(await page.locator("main .content").textContent(), text, "unmarking leaves the text as it was");
  assert.equal(new URL(page.url()).searchParams.get("highlight"), null);
  assert.deepEqual(problems, []);
  await context.close();

  const nojs = await open(new URL(target, example.url).href, { javaScriptEnabled: false });
  assert.equal(await nojs.page.locator("h1").textContent(), "Log in for the first time");
  assert.equal(await nojs.page.locator("mark").count(), 0);
  await nojs.context.close();
});

test("bad queries: very long, only stop words, only punctuation, mixed scripts, emoji: no throw, quick answers", async () => {
  const { page, problems, context } = await open(example.url);
  for (const q of ["how do i", "what is my", "clinic مرحبا 😀 שלום", "pässwörd clinic", "🎉🎈 clinic", "signin", "e-mail", "\"unclosed phrase"]) {
    await typeQuery(page, q);
  }
  for (const q of ["the of and to", "!!! ??? ... ---", "😀😀😀", "\"\"", "- - -"]) {
    await page.locator("#site-search-input").fill(q);
    await page.keyboard.press("End");
    await waitFor(page, () => document.querySelector("#site-search-input").getAttribute("aria-expanded") === "false", null, q);
  }
  for (const long of ["passwrod ".repeat(1200), "the ".repeat(2500), "xq".repeat(5000), "clinic-".repeat(1500)]) {
    await page.locator("#site-search-input").fill(long.slice(0, 10_000));
    await page.keyboard.press("End");
    const t0 = Date.now();
    await page.keyboard.type("a");
    await page.waitForFunction(() => document.querySelector(".site-search [role=status]").textContent !== "" ||
      document.querySelector("#site-search-input").getAttribute("aria-expanded") === "false");
    assert.ok(Date.now() - t0 < 5000, `a 10,000-character query answers quickly (${Date.now() - t0} ms)`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test("axe-core finds no violation with the results open, in the header and on the search page", async () => {
  for (const scheme of ["light", "dark"]) {
    const { page, context } = await open(example.url, { bypassCSP: true, colorScheme: scheme });
    await typeQuery(page, "password");
    await page.keyboard.press("ArrowDown");
    assert.deepEqual(await axe(page), [], `header results, ${scheme}`);
    await page.goto(`${example.url}search/?q=clinic&role=vaccine+coordinator`);
    await waitFor(page, () => document.querySelectorAll(".search-result").length > 0, null, "results");
    assert.deepEqual(await axe(page), [], `search page, ${scheme}`);
    await page.goto(`${example.url}search/?q=zzqxv`);
    await waitFor(page, () => document.querySelector(".search-empty"), null, "no results");
    assert.deepEqual(await axe(page), [], `no results, ${scheme}`);
    await context.close();
  }
});

test("a phrase spoken in a Learn More video finds the video at that moment, with the time shown", async () => {
  const { page, problems, context } = await open(example.url);
  await typeQuery(page, "many other help topics");
  const groups = await listed(page);
  const video = groups.find((g) => g.title === "Use the help icon and Learn More");
  assert.ok(video, `the video is among the results: ${JSON.stringify(groups)}`);
  const url = video.urls.find((u) => u.startsWith("/videos/use-the-help-icon/#t="));
  assert.ok(url, `a result links to a moment of the video: ${JSON.stringify(video)}`);
  const seconds = Number(url.split("#t=")[1]);
  // The phrase is spoken at 0:43, where its chapter starts.
  assert.ok(seconds >= 36 && seconds <= 44, `the result starts at the cues around 0:43, got ${seconds}`);
  const text = await page.locator("#site-search-listbox").textContent();
  assert.match(text, new RegExp(`Video at ${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`));
  // Opening the result plays the video from that moment.
  await page.goto(new URL(url, example.url).href);
  await waitFor(page, (s) => {
    const v = document.querySelector("video");
    return v && Math.abs(v.currentTime - s) < 1;
  }, seconds, "the video to start at the result's time");
  assert.deepEqual(problems, []);
  await context.close();
});

test("[search] report_url: queries that found nothing reach the collector, batched and scrubbed, without cookies or page URL", async () => {
  const received = [];
  let arrived;
  const first = new Promise((r) => { arrived = r; });
  const collector = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => { body += c; });
    req.on("end", () => { received.push({ method: req.method, headers: req.headers, body }); res.writeHead(204).end(); arrived(); });
  });
  await new Promise((r) => collector.listen(0, "127.0.0.1", r));
  const root = tempDir("docent-report-");
  mkdirSync(join(root, "content"));
  writeFileSync(join(root, "docent.toml"), `title = "T"\n[search]\nreport_url = "http://127.0.0.1:${collector.address().port}/collect"\n`);
  writeFileSync(join(root, "content", "_index.md"), "+++\ntitle = \"Home\"\n+++\nWelcome.\n");
  writeFileSync(join(root, "content", "reset.md"), "+++\ntitle = \"Reset your password\"\n+++\nAnswer the questions.\n");
  const site = await serveStatic(buildSite(root));
  const { page, problems, context } = await open(site.url);
  // A cookie for 127.0.0.1 would go to the collector too (cookies ignore ports) if the report sent cookies.
  await context.addCookies([{ name: "session", value: "secret", url: site.url }]);
  await typeQuery(page, "reset pasword"); // found: not reported
  await typeQuery(page, "zzqx Jane Doe born 01/02/2010 call 860-555-1234 jane@example.org");
  await typeQuery(page, "quokka");
  assert.equal(received.length, 0, "nothing is sent while the reader is searching");
  await page.goto(`${site.url}reset/`); // leaving the page sends the batch
  await first;
  assert.equal(received.length, 1, "one batch");
  const [r] = received;
  assert.equal(r.method, "POST");
  assert.deepEqual(JSON.parse(r.body), { v: 1, queries: ["zzqx [name] born [date] call [phone] [email]", "quokka"] });
  assert.equal(r.headers.cookie, undefined, "no cookies");
  assert.equal(r.headers.referer, undefined, "no page URL");
  for (const personal of ["Jane", "Doe", "2010", "555", "example.org"]) assert.ok(!r.body.includes(personal), personal);
  assert.deepEqual(problems, []);
  await context.close();
  await site.close();
  collector.close();
});
