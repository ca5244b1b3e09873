// "Learn More" videos in a real headless Chromium: the player plays, `#t=` deep links start at
// their time, transcript cues and chapters seek, captions are a text track, the transcript
// marks the cue being spoken, the Markdown embed plays, and axe-core finds no violation.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { buildSite, serveStatic, launch, watchProblems, axe, waitFor } from "./lib.mjs";

let server, browser, context;
const VIDEO = "videos/log-in-for-the-first-time/"; // 122 s long, so #t=95 is inside it

before(async () => {
  server = await serveStatic(buildSite());
  browser = await launch();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
});
after(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

/** Opens a page and waits for its requests to settle (so that a click does not abort the
 * favicon); `problems` collects console errors and failed requests. */
async function open(path) {
  const page = await context.newPage();
  const problems = watchProblems(page);
  await page.goto(server.url + path, { waitUntil: "networkidle" });
  return { page, problems };
}

const time = (page) => page.evaluate(() => document.getElementById("player").currentTime);

test("this Chromium plays the WebM (VP9 + Opus) the example videos use", async () => {
  const { page } = await open("videos/");
  const support = await page.evaluate(() => {
    const v = document.createElement("video");
    return {
      webm: v.canPlayType('video/webm; codecs="vp9, opus"'),
      mp4: v.canPlayType('video/mp4; codecs="avc1.42E01E, mp4a.40.2"'),
    };
  });
  console.log(`# canPlayType: webm vp9+opus=${JSON.stringify(support.webm)} mp4 h264+aac=${JSON.stringify(support.mp4)}`);
  assert.equal(support.webm, "probably");
  await page.close();
});

test("the video list shows every video with its duration and links to its page", async () => {
  const { page, problems } = await open("videos/");
  const items = await page.locator(".video-card").evaluateAll((cards) => cards.map((c) => c.textContent.replace(/\s+/g, " ")));
  assert.equal(items.length, 4, items.join("\n"));
  for (const item of items) assert.match(item, /\(\d:\d\d\)/, item);
  await page.locator(".video-card a", { hasText: "Reset your password" }).click();
  await page.waitForURL(/\/videos\/reset-your-password\/$/);
  await page.waitForLoadState("networkidle");
  assert.equal(await page.locator("h1").textContent(), "Reset your password");
  assert.deepEqual(problems, []);
  await page.close();
});

test("the player plays muted and offers its captions as a text track", async () => {
  const { page, problems } = await open(VIDEO);
  const track = await waitFor(page, () => {
    const p = document.getElementById("player");
    const t = p.textTracks[0];
    return t && t.cues && t.cues.length > 10 && { kind: t.kind, language: t.language, mode: t.mode, cues: t.cues.length,
      first: t.cues[0].text };
  }, null, "the captions track to load");
  const info = await track.jsonValue();
  assert.equal(info.kind, "captions");
  assert.equal(info.language, "en");
  assert.equal(info.mode, "showing", "captions are on by default");
  assert.match(info.first, /Welcome to this Learn More video/);
  const transcriptLines = await page.locator(".transcript li").count();
  assert.equal(transcriptLines, info.cues, "one transcript line per cue");

  await page.evaluate(() => { const p = document.getElementById("player"); p.muted = true; return p.play(); });
  await waitFor(page, () => document.getElementById("player").currentTime > 0.5, null, "the video to play");
  assert.equal(await page.evaluate(() => document.getElementById("player").paused), false);
  const seekable = await page.evaluate(() => { const s = document.getElementById("player").seekable; return s.length && s.end(0); });
  assert.ok(seekable > 100, `seekable to ${seekable} s (needs Range requests)`);
  assert.deepEqual(problems, []);
  await page.close();
});

for (const hash of ["#t=95", "#t=1m35s", "#t=1:35"]) {
  test(`${hash} starts the video within 1 s of 95 s`, async () => {
    const { page, problems } = await open(VIDEO + hash);
    await waitFor(page, () => {
      const p = document.getElementById("player");
      return p.readyState >= 1 && Math.abs(p.currentTime - 95) < 1;
    }, null, `the player to be at 95 s (it is at ${await time(page).catch(() => "?")})`);
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test("a transcript cue seeks to its time, is highlighted, and the highlight follows playback", async () => {
  const { page, problems } = await open(VIDEO);
  await page.evaluate(() => { document.getElementById("player").muted = true; });
  const cue = page.locator(".transcript a").nth(12);
  const start = Number(await cue.getAttribute("data-seek"));
  const next = page.locator(".transcript a").nth(13);
  const nextStart = Number(await next.getAttribute("data-seek"));
  await cue.click();
  await waitFor(page, (s) => {
    const p = document.getElementById("player");
    return p.currentTime >= s - 0.1 && p.currentTime < s + 3;
  }, start, `the player to seek to ${start} s`);
  assert.equal(new URL(page.url()).hash, `#t=${Math.floor(start)}`, "the address is a deep link to the cue");
  await waitFor(page, (i) => document.querySelectorAll(".transcript a")[i].getAttribute("aria-current") === "time", 12,
    "the clicked cue to be highlighted");
  assert.equal(await page.locator('.transcript a[aria-current]').count(), 1);
  // Playing on, the next cue becomes the current one.
  await waitFor(page, (i) => document.querySelectorAll(".transcript a")[i].getAttribute("aria-current") === "time", 13,
    `the highlight to move to the next cue (${nextStart} s) while the video plays`);
  assert.equal(await page.locator('.transcript a[aria-current]').count(), 1);
  assert.deepEqual(problems, []);
  await page.close();
});

test("a chapter seeks, from the mouse and from the keyboard", async () => {
  const { page, problems } = await open(VIDEO);
  await page.evaluate(() => { document.getElementById("player").muted = true; });
  const chapters = page.locator(".video-chapters a");
  assert.ok((await chapters.count()) >= 4);
  const third = chapters.nth(2);
  const start = Number(await third.getAttribute("data-seek"));
  await third.click();
  await waitFor(page, (s) => Math.abs(document.getElementById("player").currentTime - s) < 2, start, `seek to ${start} s`);

  const fifth = chapters.nth(4);
  const fifthStart = Number(await fifth.getAttribute("data-seek"));
  await fifth.focus();
  await page.keyboard.press("Enter");
  await waitFor(page, (s) => Math.abs(document.getElementById("player").currentTime - s) < 2, fifthStart,
    `keyboard seek to ${fifthStart} s`);
  assert.deepEqual(problems, []);
  await page.close();
});

test("without JavaScript, chapter links stay on the page and the player still has its captions", async () => {
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const page = await noJs.newPage();
  await page.goto(server.url + VIDEO);
  await page.locator(".video-chapters a").nth(1).click();
  const url = new URL(page.url());
  assert.equal(url.pathname, "/" + VIDEO);
  assert.match(url.hash, /^#t=\d+$/);
  assert.equal(await page.locator("#player track[kind=captions][default]").count(), 1);
  await noJs.close();
});

test("a page embeds a video with a Learn More link, and lists its front matter videos", async () => {
  const { page, problems } = await open("finding-your-way/learn-more-videos/");
  const embed = page.locator("figure.video-embed");
  assert.equal(await embed.locator("video track[kind=captions]").count(), 1);
  await embed.locator("video").evaluate((v) => { v.muted = true; return v.play(); });
  await waitFor(page, () => document.querySelector("figure.video-embed video").currentTime > 0.3, null, "the embed to play");
  await embed.locator("a.learn-more").click();
  await page.waitForURL(/\/videos\/use-the-help-icon\/$/);
  await page.waitForLoadState("networkidle");

  await page.goto(server.url + "username-and-password/reset-your-password/");
  const listed = page.locator(".page-videos a");
  assert.equal(await listed.count(), 1);
  assert.equal(await listed.getAttribute("href"), "/videos/reset-your-password/");
  assert.deepEqual(problems, []);
  await page.close();
});

test("the static test server answers Range requests so that media can seek", async () => {
  const { page } = await open("videos/");
  const r = await page.evaluate(async () => {
    const res = await fetch("/videos/reset-your-password.webm", { headers: { Range: "bytes=100-199" } });
    return { status: res.status, range: res.headers.get("content-range"), length: (await res.arrayBuffer()).byteLength };
  });
  assert.equal(r.status, 206);
  assert.match(r.range, /^bytes 100-199\/\d+$/);
  assert.equal(r.length, 100);
  await page.close();
});

test("axe-core finds no WCAG 2.2 A/AA violation on the video list and every video page", async () => {
  const { page } = await open("videos/");
  const pages = await page.locator(".video-card a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  const all = [];
  for (const path of ["/videos/", ...pages, "/finding-your-way/learn-more-videos/"]) {
    await page.goto(new URL(path, server.url).href);
    all.push(...(await axe(page)).map((v) => `${path}: ${v}`));
  }
  assert.deepEqual(all, []);
  await page.close();
});
