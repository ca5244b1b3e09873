// docent serve's live-reload client. `docent serve` adds it to the pages it serves; built sites
// never contain it. It listens to /__docent/events: `reload` reloads the page and keeps the
// scroll position (or, when its data lists the changed pages, updates an open changed page in
// place and leaves the others alone), `css` swaps stylesheets without a reload, `problems` shows the build's errors
// in an overlay (as text), `clear` removes it, and a `hello` from a restarted server reloads.
(() => {
  "use strict";
  const scrollKey = "docent-serve-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    const restore = () => window.scrollTo(0, Number(saved) || 0);
    if (document.readyState === "complete") restore();
    else window.addEventListener("load", restore, { once: true });
  }

  let server = null;
  const events = new EventSource("/__docent/events");
  events.addEventListener("hello", (e) => {
    if (server !== null && server !== e.data) reload();
    server = e.data;
  });
  events.addEventListener("reload", (e) => changed(JSON.parse(e.data || "{}")));
  events.addEventListener("css", (e) => swapStylesheets(JSON.parse(e.data)));
  events.addEventListener("problems", (e) => showProblems(JSON.parse(e.data)));
  events.addEventListener("clear", () => showProblems([]));

  /** A page path as the server names it: `/a/index.html` is `/a/`. */
  function pagePath(path) {
    return path.replace(/\/index\.html$/, "/");
  }

  /** `change` is {all} (every page reloads) or {swap, reload}: URL paths of changed pages. */
  function changed(change) {
    const here = pagePath(location.pathname);
    if (change.all || !Array.isArray(change.swap)) return reload();
    if ((change.reload || []).includes(here)) return reload();
    if (change.swap.includes(here)) swap().catch(reload);
  }

  // The parts of a page a content change touches; the rest of the page (its head, header and
  // footer, what its scripts set up there) is the same and stays.
  const REGIONS = ["#menu", "#main", ".breadcrumbs"];
  let swapping = Promise.resolve();

  /** Fetches this page again and puts its content, menu, breadcrumbs and title in place. */
  function swap() {
    swapping = swapping.then(swapNow, swapNow);
    return swapping;
  }

  async function swapNow() {
    const response = await fetch(location.href, { cache: "no-store" });
    if (!response.ok) throw new Error(String(response.status));
    const next = new DOMParser().parseFromString(await response.text(), "text/html");
    // A region that appears or goes, or content whose scripts hold on to their elements (a video
    // player, a form such as the search page's): a reload is simpler than patching.
    for (const selector of REGIONS) {
      if (!document.querySelector(selector) !== !next.querySelector(selector)) return reload();
    }
    const held = "#main video, #main form";
    if (document.querySelector(held) || next.querySelector(held)) return reload();
    const x = window.scrollX;
    const y = window.scrollY;
    const focused = focusPlace();
    const open = openDetails();
    // Pairs of (old, new) regions; one inside another (the breadcrumbs in <main>) goes with it.
    const pairs = REGIONS.map((r) => [document.querySelector(r), next.querySelector(r)]).filter(([a, b]) => a && b);
    for (const [old, fresh] of pairs) {
      if (pairs.some(([, outer]) => outer !== fresh && outer.contains(fresh))) continue;
      old.replaceWith(document.adoptNode(fresh));
    }
    document.title = next.title;
    const description = next.querySelector('meta[name="description"]');
    const current = document.querySelector('meta[name="description"]');
    if (description && current) current.setAttribute("content", description.getAttribute("content") || "");
    restoreDetails(open);
    if (window.docent && typeof window.docent.refresh === "function") window.docent.refresh();
    restoreFocus(focused);
    window.scrollTo(x, y);
    document.documentElement.dataset.docentSwap = String((Number(document.documentElement.dataset.docentSwap) || 0) + 1);
  }

  const FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]";

  /** Where focus is in the swapped regions: its element's id, or its region and position there. */
  function focusPlace() {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    if (el.id) return { id: el.id };
    for (const selector of REGIONS) {
      const region = document.querySelector(selector);
      if (region && region.contains(el)) return { selector, i: Array.from(region.querySelectorAll(FOCUSABLE)).indexOf(el) };
    }
    return null;
  }

  function restoreFocus(place) {
    if (!place) return;
    const el = place.id
      ? document.getElementById(place.id)
      : document.querySelector(place.selector)?.querySelectorAll(FOCUSABLE)[place.i];
    if (el && el !== document.activeElement) el.focus({ preventScroll: true });
  }

  /** The open <details> of the swapped regions: by id when they have one, else by position. */
  function openDetails() {
    const all = Array.from(document.querySelectorAll(REGIONS.map((r) => r + " details").join(",")));
    return all.map((d, i) => (d.open ? { id: d.id, i } : null)).filter(Boolean);
  }

  function restoreDetails(open) {
    const all = Array.from(document.querySelectorAll(REGIONS.map((r) => r + " details").join(",")));
    for (const { id, i } of open) {
      const d = id ? document.getElementById(id) : all[i];
      if (d && d.tagName === "DETAILS") d.open = true;
    }
  }

  function reload() {
    sessionStorage.setItem(scrollKey, String(window.scrollY));
    location.reload();
  }

  /** `swaps` is a list of [old path, new path]; a link whose path is an old one gets the new one. */
  function swapStylesheets(swaps) {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      for (const [from, to] of swaps) {
        if (url.pathname !== from) continue;
        const next = new URL(to, location.href);
        if (from === to) next.searchParams.set("docent-reload", String(Date.now()));
        link.href = next.pathname + next.search;
      }
    }
    document.documentElement.dataset.docentCss = String((Number(document.documentElement.dataset.docentCss) || 0) + 1);
  }

  /** Shows `problems` (a list of {text}) in an overlay, as text; an empty list removes it. */
  function showProblems(problems) {
    let box = document.getElementById("docent-serve-problems");
    if (problems.length === 0) {
      box?.remove();
      return;
    }
    if (!box) {
      box = document.createElement("section");
      box.id = "docent-serve-problems";
      box.setAttribute("role", "alert");
      box.setAttribute("aria-label", "Build problems");
      Object.assign(box.style, {
        position: "fixed", inset: "auto 0 0 0", maxHeight: "60vh", overflow: "auto", zIndex: "2147483647",
        margin: "0", padding: "1rem", background: "#2b0000", color: "#fff", font: "14px/1.4 monospace",
        borderTop: "4px solid #ff5c5c",
      });
      document.body.append(box);
    }
    const title = document.createElement("h2");
    title.textContent = "docent: the last change has problems; showing the last good build";
    title.style.font = "bold 16px sans-serif";
    const items = problems.map((p) => {
      const pre = document.createElement("pre");
      pre.style.whiteSpace = "pre-wrap";
      pre.textContent = p.text;
      return pre;
    });
    box.replaceChildren(title, ...items);
  }
})();
