// "Was this page helpful?" ([feedback] url = ...) in a real headless Chromium, against a real
// HTTP server (node http) standing for the site's feedback endpoint: "No" shows what was
// missing; the answer arrives as the documented JSON, its free text scrubbed of names, dates,
// phone numbers, emails and digit runs, without a cookie or a Referer; without JavaScript the
// plain form posts its fields to the same URL (and no free text); axe-core finds nothing at
// 320 px and desktop, light and dark.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { serveStatic, launch, watchProblems, axe, waitFor, REPO, DOCENT, tempDir } from "./lib.mjs";

const PAGE = "logging-in/log-in-for-the-first-time/";
let endpoint, received, site, browser;

/** The feedback endpoint: records each request (method, headers, body) and thanks the reader. */
function startEndpoint() {
  received = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => { body += c; });
    req.on("end", () => {
      // The browser also asks the thank-you page's origin for /favicon.ico: not an answer.
      if (req.url === "/feedback") received.push({ method: req.method, url: req.url, headers: req.headers, body });
      // The script's JSON gets 204 (its response is opaque anyway); a form post, a page.
      if (/^text\/plain/.test(req.headers["content-type"] || "")) { res.writeHead(204); return res.end(); }
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end("<!doctype html><html lang=en><title>Thanks</title><p>Thank you.</p></html>");
    });
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok({
    url: `http://127.0.0.1:${server.address().port}/feedback`, close: () => new Promise((d) => server.close(d)),
  })));
}

before(async () => {
  endpoint = await startEndpoint();
  const root = tempDir("docent-feedback-");
  // The example site: its pages, videos, the snippets they include and its glossary.
  for (const path of ["content", "videos", "snippets", "glossary.toml"]) cpSync(join(REPO, path), join(root, path), { recursive: true });
  writeFileSync(join(root, "docent.toml"), readFileSync(join(REPO, "docent.toml"), "utf8") +
    `\n[feedback]\nurl = "${endpoint.url}"\nhelp_desk = "https://desk.example.org/new?subject={title}&url={url}"\n`);
  const out = join(root, "public");
  const r = spawnSync(DOCENT, ["build", "--root", root, "--output", out, "--base-url", "/help/"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`docent build failed:\n${r.stderr}`);
  site = await serveStatic(out, { prefix: "/help/" });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await site?.close();
  await endpoint?.close();
});

test("No, a choice and scrubbed free text arrive as JSON without cookie or Referer", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // A cookie for the host both servers share (cookies ignore ports): it must not be sent.
  await context.addCookies([{ name: "session", value: "secret", domain: "127.0.0.1", path: "/" }]);
  const page = await context.newPage();
  const problems = watchProblems(page);
  await page.goto(site.url + PAGE);
  const form = page.locator(".feedback-form");
  await waitFor(page, () => !document.querySelector(".feedback-text").hidden, null, "the script to add the text field");
  assert.equal(await form.locator(".feedback-missing").isVisible(), false, "what was missing is asked after No");
  await form.getByLabel("No", { exact: true }).check();
  assert.equal(await form.locator(".feedback-missing").isVisible(), true);
  await form.getByLabel("It is hard to understand").check();
  await form.getByLabel("What were you looking for? (optional)")
    .fill("Jane Doe born 03/14/2019 called 860-555-0134, write to jane.doe@example.org about chart 4471923");
  assert.deepEqual(await axe(page), []);
  await form.getByRole("button", { name: "Send" }).click();
  await waitFor(page, () => document.querySelector(".feedback-status").textContent === "Thank you. Your answer was sent.",
    null, "the thanks");
  assert.equal(received.length, 1);
  const [r] = received;
  assert.equal(r.method, "POST");
  assert.equal(r.body, JSON.stringify({
    v: 1, page: "/help/" + PAGE, answer: "no", choice: "unclear",
    text: "[name] born [date] called [phone], write to [email] about chart #", language: "en",
  }));
  assert.equal(r.headers.cookie, undefined, "no cookie");
  assert.equal(r.headers.referer, undefined, "no Referer");
  assert.match(r.headers["content-type"], /^text\/plain/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("Yes sends the answer alone", async () => {
  received.length = 0;
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(site.url + PAGE);
  await waitFor(page, () => !document.querySelector(".feedback-text").hidden, null, "the script");
  await page.locator(".feedback-form").getByLabel("Yes", { exact: true }).check();
  await page.locator(".feedback-form").getByRole("button", { name: "Send" }).click();
  await waitFor(page, () => document.querySelector(".feedback-status").textContent !== "", null, "the thanks");
  assert.equal(received.length, 1);
  assert.deepEqual(JSON.parse(received[0].body),
    { v: 1, page: "/help/" + PAGE, answer: "yes", choice: "", text: "", language: "en" });
  await context.close();
});

test("without JavaScript the plain form posts its fields, and no free text", async () => {
  received.length = 0;
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(site.url + PAGE);
  const form = page.locator(".feedback-form");
  assert.equal(await form.getByRole("textbox").count(), 0, "no free text that could not be scrubbed");
  await form.getByLabel("No", { exact: true }).check();
  await form.getByLabel("The steps do not match what I see").check();
  await Promise.all([page.waitForURL(endpoint.url), form.getByRole("button", { name: "Send" }).click()]);
  assert.equal(await page.locator("p").textContent(), "Thank you.");
  assert.equal(received.length, 1);
  assert.equal(received[0].method, "POST");
  assert.match(received[0].headers["content-type"], /^application\/x-www-form-urlencoded/);
  assert.deepEqual(Object.fromEntries(new URLSearchParams(received[0].body)),
    { page: "/help/" + PAGE, language: "en", answer: "no", choice: "steps" });
  await context.close();
});

test("the help desk link is prefilled with the page's title and address", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(site.url + PAGE);
  const href = await page.getByRole("link", { name: "Ask the help desk about this page" }).getAttribute("href");
  const url = new URL(href);
  assert.equal(url.searchParams.get("subject"), "Log in for the first time");
  assert.equal(url.searchParams.get("url"), "/help/" + PAGE);
  await context.close();
});

for (const [width, scheme] of [[320, "light"], [320, "dark"], [1280, "dark"]]) {
  test(`the feedback form is accessible at ${width} px, ${scheme}`, async () => {
    const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme: scheme });
    const page = await context.newPage();
    await page.goto(site.url + PAGE);
    await waitFor(page, () => !document.querySelector(".feedback-text").hidden, null, "the script");
    await page.locator(".feedback-form").getByLabel("No", { exact: true }).check();
    assert.deepEqual(await axe(page), []);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, "nothing wider than the screen");
    await context.close();
  });
}
